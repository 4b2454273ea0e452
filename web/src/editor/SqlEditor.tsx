// The SQL console's editor: SQL highlighting, completion of the lab's table and column names, Ctrl+Enter
// to run, and the server's error position as a marker. The SQL language and the completion list are
// set up in monaco.ts: services they register must exist before the first editor of the page starts.
import { createEffect, on, onCleanup, onMount } from 'solid-js';
import { t } from '../i18n/messages.ts';
import type { EvidenceTable, QueryProblem } from '../lib/evidence-queries.ts';
import { monaco } from './monaco.ts';

/** Words offered besides the tables and columns: what a first query needs. */
const KEYWORDS = [
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'GROUP BY',
  'ORDER BY',
  'DESC',
  'LIMIT',
  'JOIN',
  'ON',
  'AS',
  'DISTINCT',
  'COUNT(*)',
  'HAVING',
  'BETWEEN',
  'ILIKE',
  'IS NULL',
];

const MARKER_OWNER = 'casebench-sql';

export interface SqlEditorProps {
  /** The query text; a change from outside (history, "Open in the console") replaces the editor's. */
  value: string;
  onChange: (sql: string) => void;
  onRun: () => void;
  tables: EvidenceTable[];
  /** The last run's problem: its position becomes a marker until the query is edited. */
  problem?: QueryProblem;
}

/** The completion items for a word: tables, their columns (with the tables that have them), keywords. */
function completions(tables: EvidenceTable[], range: monaco.IRange): monaco.languages.CompletionItem[] {
  const Kind = monaco.languages.CompletionItemKind;
  const columns = new Map<string, { tables: string[]; description: string }>();
  for (const table of tables)
    for (const column of table.columns) {
      const known = columns.get(column.name);
      if (known) known.tables.push(table.name);
      else columns.set(column.name, { tables: [table.name], description: column.description });
    }
  return [
    ...tables.map((table) => ({
      label: table.name,
      kind: Kind.Struct,
      detail: t('tables.completionTable', { rows: table.rows.toLocaleString('en') }),
      documentation: table.description,
      insertText: table.name,
      range,
      sortText: `1${table.name}`,
    })),
    ...[...columns].map(([name, { tables: owners, description }]) => ({
      label: name,
      kind: Kind.Field,
      detail: t('tables.completionColumn', { tables: owners.join(', ') }),
      documentation: description,
      insertText: /^[a-z_][a-z0-9_]*$/u.test(name) ? name : `"${name.replaceAll('"', '""')}"`,
      range,
      sortText: `2${name}`,
    })),
    ...KEYWORDS.map((keyword) => ({
      label: keyword,
      kind: Kind.Keyword,
      insertText: keyword,
      range,
      sortText: `3${keyword}`,
    })),
  ];
}

/** A Monaco editor for one SQL query, owned by this component: created on mount, disposed on cleanup. */
export default function SqlEditor(props: SqlEditorProps) {
  let container!: HTMLDivElement;
  let editor: monaco.editor.IStandaloneCodeEditor | undefined;
  let model: monaco.editor.ITextModel | undefined;
  let completion: monaco.IDisposable | undefined;

  onMount(() => {
    model = monaco.editor.createModel(props.value, 'sql');
    editor = monaco.editor.create(container, {
      model,
      theme: 'casebench',
      automaticLayout: true,
      minimap: { enabled: false },
      wordWrap: 'on',
      fontSize: 14,
      lineNumbersMinChars: 2,
      scrollBeyondLastLine: false,
      fixedOverflowWidgets: true,
      // Only the tables, columns and keywords: words of the query itself would crowd them out.
      wordBasedSuggestions: 'off',
      ariaLabel: t('tables.consoleLabel'),
      placeholder: t('tables.consolePlaceholder'),
      // Tab moves on to the Run button, as everywhere else on the page.
      tabFocusMode: true,
    });
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => props.onRun());
    editor.onDidChangeModelContent(() => {
      monaco.editor.setModelMarkers(model!, MARKER_OWNER, []);
      props.onChange(model!.getValue());
    });
    completion = monaco.languages.registerCompletionItemProvider('sql', {
      provideCompletionItems: (target, position) => {
        if (target !== model) return { suggestions: [] };
        const word = target.getWordUntilPosition(position);
        const range = new monaco.Range(position.lineNumber, word.startColumn, position.lineNumber, word.endColumn);
        return { suggestions: completions(props.tables, range) };
      },
    });
    editor.focus();
  });

  createEffect(
    on(
      () => props.value,
      (value) => {
        if (model && model.getValue() !== value) {
          model.setValue(value);
          editor?.setPosition(model.getFullModelRange().getEndPosition());
          editor?.focus();
        }
      },
      { defer: true },
    ),
  );

  createEffect(() => {
    const problem = props.problem;
    if (!model) return;
    const position = problem?.position;
    if (!problem || !position) {
      monaco.editor.setModelMarkers(model, MARKER_OWNER, []);
      return;
    }
    const line = Math.min(Math.max(position.line, 1), model.getLineCount());
    const column = Math.min(Math.max(position.column, 1), model.getLineMaxColumn(line));
    const word = model.getWordAtPosition({ lineNumber: line, column });
    const end =
      word && word.startColumn <= column ? word.endColumn : Math.min(column + 1, model.getLineMaxColumn(line));
    monaco.editor.setModelMarkers(model, MARKER_OWNER, [
      {
        severity: monaco.MarkerSeverity.Error,
        message: problem.message,
        startLineNumber: line,
        startColumn: column,
        endLineNumber: line,
        endColumn: Math.max(end, column + 1),
      },
    ]);
  });

  onCleanup(() => {
    completion?.dispose();
    editor?.dispose();
    model?.dispose();
  });

  return <div class="editor-host sql-editor" ref={container} data-testid="sql-editor" />;
}
