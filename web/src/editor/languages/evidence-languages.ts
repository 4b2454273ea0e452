import type { languages } from 'monaco-editor/editor';

/**
 * Monarch grammars made for evidence: what an analyst's eye looks for first in each format.
 * Token names map to colours in the Casebench theme (monaco.ts).
 */

const timestamp = [
  // ISO 8601, with T or a space, optional fraction and zone
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/, 'timestamp'],
  // syslog: "Mar  5 14:02:37"
  [/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{1,2} \d{2}:\d{2}:\d{2}\b/, 'timestamp'],
  // Apache: "[05/Mar/2024:14:02:37 +0000]"
  [/\[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\]/, 'timestamp'],
] as languages.IMonarchLanguageRule[];

const addresses = [
  [/\b(?:\d{1,3}\.){3}\d{1,3}\b/, 'address'],
  [/\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{0,4}\b|\b[0-9a-fA-F]{1,4}::(?:[0-9a-fA-F]{1,4}:?)*\b/, 'address'],
] as languages.IMonarchLanguageRule[];

const hashes = [[/\b[0-9a-fA-F]{32,128}\b/, 'hash']] as languages.IMonarchLanguageRule[];

export const logLanguage: languages.IMonarchLanguage = {
  ignoreCase: false,
  tokenizer: {
    root: [
      ...timestamp,
      ...addresses,
      ...hashes,
      [/\b(GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH|CONNECT|TRACE)\b/, 'method'],
      [/" (\d{3}) /, 'status'],
      [/\b(?:for|user|user=|USER=|by|invalid user|TargetUserName|SubjectUserName)\s*[="]?\s*([\w.$-]+)/, 'user'],
      [/\b(?:EventID|Event ID|"EventID")\W{0,3}\d{3,5}\b/, 'event-id'],
      [/\b(Failed|failed|FAILED|error|ERROR|denied|Invalid|invalid|refused|BREAK-IN)\b/, 'alert'],
      [/\b(Accepted|accepted|success|Success|opened|session opened)\b/, 'success'],
      [/"(?:[^"\\]|\\.)*"/, 'string'],
      // Words are consumed whole so that digits inside a host name (fs01) are not taken for numbers.
      [/[A-Za-z_][\w.-]*/, ''],
      [/\d+/, 'number'],
    ],
  },
};

export const jsonLinesLanguage: languages.IMonarchLanguage = {
  tokenizer: {
    root: [
      [/"(?:EventID|EventId)"\s*:\s*\d+/, 'event-id'],
      [/"(?:[^"\\]|\\.)*"(?=\s*:)/, 'key'],
      ...timestamp.map(
        (rule) =>
          [new RegExp(`"${(rule as [RegExp, string])[0].source}"`), 'timestamp'] as languages.IMonarchLanguageRule,
      ),
      [/"(?:\d{1,3}\.){3}\d{1,3}"/, 'address'],
      [/"(?:[^"\\]|\\.)*"/, 'string'],
      [/-?\d+(\.\d+)?([eE][+-]?\d+)?/, 'number'],
      [/\b(true|false|null)\b/, 'keyword'],
      [/[{}[\],:]/, 'delimiter'],
    ],
  },
};

export const csvLanguage: languages.IMonarchLanguage = {
  tokenizer: {
    root: [
      ...timestamp,
      ...addresses,
      ...hashes,
      [/"(?:[^"]|"")*"/, 'string'],
      [/,/, 'delimiter'],
      [/\b\d+\b/, 'number'],
    ],
  },
};

export const emailLanguage: languages.IMonarchLanguage = {
  tokenizer: {
    root: [
      [
        /^(Received|Authentication-Results|Received-SPF|DKIM-Signature|ARC-[\w-]+)(:)/,
        ['header-important', 'delimiter'],
      ],
      [/^(From|To|Cc|Reply-To|Return-Path|Sender|Subject|Date|Message-ID)(:)/, ['header-key', 'delimiter']],
      [/^[\w-]+(?=:)/, 'header-key'],
      [/\b(spf|dkim|dmarc)=(fail|softfail|none|temperror|permerror|neutral)\b/, 'alert'],
      [/\b(spf|dkim|dmarc)=pass\b/, 'success'],
      ...timestamp,
      [/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}\b/, 'timestamp'],
      ...addresses,
      [/<[^>\s]+@[^>\s]+>|\b[\w.+-]+@[\w-]+(\.[\w-]+)+\b/, 'user'],
      [/^--[\w=.-]+/, 'delimiter'],
    ],
  },
};

/** The Monaco language for an artefact, from its kind and format hint. */
export function languageFor(kind: string, format: string | null): string {
  if (kind === 'json' || format === 'windows-event-json' || format?.endsWith('json')) return 'evidence-json';
  if (kind === 'csv') return 'evidence-csv';
  if (kind === 'email') return 'evidence-email';
  if (kind === 'log') return 'evidence-log';
  return format ? 'evidence-log' : 'plaintext';
}
