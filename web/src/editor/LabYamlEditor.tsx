// The lab.yaml editor of the lab editor page: the lab format's schema checked as the author types
// (monaco-yaml, lab-yaml.ts), and the server validator's problems shown at their lines as well.
import { createEffect, on, onCleanup, onMount } from 'solid-js';
import { createLabYamlModel, YAML_MARKER_OWNER } from './lab-yaml.ts';
import { monaco } from './monaco.ts';

const SERVER_MARKER_OWNER = 'casebench-validator';

/** A problem found while typing (the schema) or by the server's validator, at a line of the file. */
export interface YamlProblem {
  line: number;
  column: number;
  message: string;
}

/** What the page may ask of the editor. */
export interface LabYamlEditorHandle {
  /** Moves the cursor to a line (and column), scrolls it into view and focuses the editor. */
  revealLine: (line: number, column?: number) => void;
}

export interface LabYamlEditorProps {
  /** The text; a change from outside (a restored version, say) replaces the editor's. */
  value: string;
  onChange: (text: string) => void;
  /** The server validator's problems in this file: markers until the text is changed. */
  serverProblems: YamlProblem[];
  /** The schema's problems as they are found while typing. */
  onTypingProblems: (problems: YamlProblem[]) => void;
  onReady?: (handle: LabYamlEditorHandle) => void;
  label: string;
  readOnly?: boolean;
}

/** A Monaco editor for one lab.yaml, owned by this component: created on mount, disposed on cleanup. */
export default function LabYamlEditor(props: LabYamlEditorProps) {
  let container!: HTMLDivElement;
  let editor: monaco.editor.IStandaloneCodeEditor | undefined;
  let model: monaco.editor.ITextModel | undefined;
  const subscriptions: monaco.IDisposable[] = [];

  const reportTypingProblems = () => {
    if (!model) return;
    const markers = monaco.editor.getModelMarkers({ owner: YAML_MARKER_OWNER, resource: model.uri });
    props.onTypingProblems(
      markers
        .map((marker) => ({ line: marker.startLineNumber, column: marker.startColumn, message: marker.message }))
        .sort((a, b) => a.line - b.line || a.column - b.column),
    );
  };

  onMount(() => {
    model = createLabYamlModel(props.value);
    editor = monaco.editor.create(container, {
      model,
      theme: 'casebench',
      automaticLayout: true,
      minimap: { enabled: false },
      wordWrap: 'on',
      fontSize: 14,
      lineNumbersMinChars: 3,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      tabSize: 2,
      insertSpaces: true,
      quickSuggestions: { other: true, comments: false, strings: true },
      ariaLabel: props.label,
      readOnly: props.readOnly ?? false,
    });
    subscriptions.push(
      editor.onDidChangeModelContent(() => {
        // The validator's findings concern the text it read: once that changes, the next check says.
        monaco.editor.setModelMarkers(model!, SERVER_MARKER_OWNER, []);
        props.onChange(model!.getValue());
      }),
      monaco.editor.onDidChangeMarkers((resources) => {
        if (model && resources.some((resource) => resource.toString() === model!.uri.toString()))
          reportTypingProblems();
      }),
    );
    props.onReady?.({
      revealLine: (line, column = 1) => {
        if (!editor || !model) return;
        // The editor may just have been shown (its tab chosen): measured now, before it scrolls.
        editor.layout();
        const lineNumber = Math.min(Math.max(line, 1), model.getLineCount());
        const position = { lineNumber, column: Math.min(Math.max(column, 1), model.getLineMaxColumn(lineNumber)) };
        editor.setPosition(position);
        editor.revealLineInCenter(lineNumber);
        editor.focus();
      },
    });
  });

  createEffect(
    on(
      () => props.value,
      (value) => {
        if (model && model.getValue() !== value) model.setValue(value);
      },
      { defer: true },
    ),
  );

  createEffect(() => {
    const problems = props.serverProblems;
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      SERVER_MARKER_OWNER,
      problems.map((problem) => {
        const line = Math.min(Math.max(problem.line, 1), model!.getLineCount());
        const start = Math.min(Math.max(problem.column, 1), model!.getLineMaxColumn(line));
        const end = start < model!.getLineMaxColumn(line) ? model!.getLineMaxColumn(line) : start + 1;
        return {
          severity: monaco.MarkerSeverity.Error,
          message: problem.message,
          startLineNumber: line,
          startColumn: start,
          endLineNumber: line,
          endColumn: end,
        };
      }),
    );
  });

  createEffect(() => editor?.updateOptions({ readOnly: props.readOnly ?? false }));

  onCleanup(() => {
    for (const subscription of subscriptions) subscription.dispose();
    editor?.dispose();
    model?.dispose();
  });

  return <div class="editor-host lab-yaml-editor" ref={container} data-testid="lab-yaml-editor" />;
}
