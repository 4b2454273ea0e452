// Everything Monaco, set up once: the editor core, only the features the workspace uses, the
// evidence languages, a theme with readable contrast, and the one worker it needs. This module is
// only imported by the lazily loaded editor components, so no other page downloads Monaco.
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/gotoLine/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/readOnlyMessage/register';
import 'monaco-editor/features/placeholderText/register';
import 'monaco-editor/languages/definitions/markdown/register';
// The SQL console (SqlEditor.tsx): its language and the completion list (the error marker's message is
// written under the editor, so no hover is loaded for it).
// The completion list registers services, and services must exist before the first editor starts, so
// these load with the core rather than with the console.
import 'monaco-editor/languages/definitions/sql/register';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { csvLanguage, emailLanguage, jsonLinesLanguage, logLanguage } from './languages/evidence-languages.ts';

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment;
  }
}

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

for (const [id, grammar] of [
  ['evidence-log', logLanguage],
  ['evidence-json', jsonLinesLanguage],
  ['evidence-csv', csvLanguage],
  ['evidence-email', emailLanguage],
] as const) {
  monaco.languages.register({ id });
  monaco.languages.setMonarchTokensProvider(id, grammar);
}

// Colours chosen for a contrast ratio of at least 4.5:1 on the white background.
monaco.editor.defineTheme('casebench', {
  base: 'vs',
  inherit: true,
  rules: [
    { token: 'timestamp', foreground: '005a9e' },
    { token: 'address', foreground: '9b1c7c', fontStyle: 'bold' },
    { token: 'user', foreground: '7a4100' },
    { token: 'method', foreground: '0b6e32', fontStyle: 'bold' },
    { token: 'status', foreground: '6a3fb3' },
    { token: 'event-id', foreground: 'a31515', fontStyle: 'bold' },
    { token: 'alert', foreground: 'b00020', fontStyle: 'bold' },
    { token: 'success', foreground: '0b6e32' },
    { token: 'hash', foreground: '4d4d4d', fontStyle: 'italic' },
    { token: 'key', foreground: '0451a5' },
    { token: 'header-key', foreground: '0451a5', fontStyle: 'bold' },
    { token: 'header-important', foreground: 'a31515', fontStyle: 'bold' },
    { token: 'string', foreground: '2f5f2f' },
    { token: 'number', foreground: '09716b' },
    // Monaco's own SQL colours (red strings, light grey operators, magenta functions) are too faint on white.
    { token: 'string.sql', foreground: 'a31515' },
    { token: 'operator.sql', foreground: '5c5c5c' },
    { token: 'predefined.sql', foreground: '8b008b' },
  ],
  colors: { 'editorLineNumber.foreground': '#5c5c5c' },
});

export { monaco };
