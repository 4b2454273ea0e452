// YAML for lab authors: highlighting, and monaco-yaml's completion, hover and validation against the
// lab format's JSON Schema (labs/lab.schema.json, written by `npm run lab:schema` from the zod schema).
// Imported only by the lab editor, so neither trainees' pages nor the workspace download the YAML worker.
import 'monaco-editor/languages/definitions/yaml/register';
import 'monaco-editor/features/hover/register';
import { configureMonacoYaml, type JSONSchema } from 'monaco-yaml';
import YamlWorker from 'monaco-yaml/yaml.worker.js?worker';
import labSchema from '../../../labs/lab.schema.json' with { type: 'json' };
import { monaco } from './monaco.ts';

/** The owner of monaco-yaml's markers: the problems found while typing. */
export const YAML_MARKER_OWNER = 'yaml';

type WorkerRequest = { createData?: unknown; host?: Record<string, (...args: unknown[]) => unknown> };

/**
 * monaco-yaml reports a value the schema refuses as a warning; the server refuses such a lab, so the
 * author sees it as the error it is (underlined in red, listed with the other errors).
 */
function setYamlMarkers(model: monaco.editor.ITextModel, owner: string, markers: monaco.editor.IMarkerData[]): void {
  monaco.editor.setModelMarkers(
    model,
    owner,
    markers.map((marker) =>
      marker.severity === monaco.MarkerSeverity.Warning ? { ...marker, severity: monaco.MarkerSeverity.Error } : marker,
    ),
  );
}

/**
 * monaco-yaml 5.5 asks `monaco.editor.createWebWorker` for its worker by module id, which Monaco
 * 0.53+ no longer supports: the requests then reach the plain editor worker and fail ("Missing
 * requestHandler or method: doValidation", monaco-yaml issues #272 and #282). So monaco-yaml gets a
 * Monaco whose createWebWorker starts the YAML worker itself, with the two messages the worker's
 * start-up expects (anything, then its settings), as Monaco's own full build does.
 */
const monacoForYaml = {
  ...monaco,
  editor: {
    ...monaco.editor,
    setModelMarkers: setYamlMarkers,
    createWebWorker: (options: WorkerRequest) => {
      const worker = new YamlWorker();
      worker.postMessage('start');
      worker.postMessage(options.createData);
      return monaco.editor.createWebWorker({ worker, ...(options.host ? { host: options.host } : {}) });
    },
  },
};

configureMonacoYaml(monacoForYaml as unknown as Parameters<typeof configureMonacoYaml>[0], {
  enableSchemaRequest: false,
  // Formatting would rewrite the author's layout: not offered.
  format: { enable: false },
  // The address mirrors the labs folder, so that the template's `$schema=../lab.schema.json` line finds it too.
  schemas: [
    { uri: 'file:///labs/lab.schema.json', fileMatch: ['**/lab.yaml'], schema: labSchema as unknown as JSONSchema },
  ],
});

let modelCount = 0;

/** A new model for a lab.yaml, with an address of its own (a lab folder in the labs folder) that the lab schema applies to. */
export function createLabYamlModel(text: string): monaco.editor.ITextModel {
  modelCount += 1;
  return monaco.editor.createModel(text, 'yaml', monaco.Uri.parse(`file:///labs/editor-${modelCount}/lab.yaml`));
}
