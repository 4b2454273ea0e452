import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';

/** One thing wrong with a lab or course, located precisely enough for an author to fix it. */
export interface LabProblem {
  /** Path of the file, relative to the labs folder's parent when known (e.g. labs/brute-force/lab.yaml). */
  file: string;
  line?: number;
  column?: number;
  /** Field path inside the file, e.g. tasks[2].answer.expected. */
  field?: string;
  message: string;
}

/** Renders a problem the way compilers do, so editors and terminals can link to it. */
export function formatProblem(problem: LabProblem): string {
  const position = problem.line ? `:${problem.line}:${problem.column ?? 1}` : '';
  const field = problem.field ? ` ${problem.field}:` : '';
  return `${problem.file}${position}${field} ${problem.message}`;
}

export function formatFieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    '',
  );
}

/** A YAML file parsed with its positions, so that schema errors can point at a line and column. */
export class YamlSource {
  readonly document: Document.Parsed;
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.document = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
  }

  /** YAML syntax errors, each with its position. */
  syntaxProblems(): LabProblem[] {
    return this.document.errors.map((error) => {
      const position = this.lines.linePos(error.pos[0]);
      return {
        file: this.file,
        line: position.line,
        column: position.col,
        message: `YAML syntax: ${error.message.split('\n')[0]}`,
      };
    });
  }

  toJS(): unknown {
    return this.document.toJS();
  }

  /** Position of the node at a field path, or of the closest parent that exists (for missing fields). */
  locate(path: readonly PropertyKey[], key?: string): { line: number; column: number } {
    let nodePath = [...path];
    let node: unknown;
    while (true) {
      node = nodePath.length === 0 ? this.document.contents : this.document.getIn(nodePath as unknown[], true);
      if (node || nodePath.length === 0) break;
      nodePath = nodePath.slice(0, -1);
    }
    if (key && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && item.key.value === key);
      if (pair && isScalar(pair.key) && pair.key.range) node = pair.key;
    }
    const range = (node as Node | undefined)?.range;
    const position = this.lines.linePos(range ? range[0] : 0);
    return { line: position.line, column: position.col };
  }

  /** A problem at a field path. */
  problemAt(path: readonly PropertyKey[], message: string, key?: string): LabProblem {
    return {
      file: this.file,
      ...this.locate(path, key),
      field: formatFieldPath(key ? [...path, key] : path) || undefined,
      message,
    };
  }

  /** Zod issues as located problems, with messages that say what was expected. */
  schemaProblems(error: z.ZodError): LabProblem[] {
    return error.issues.flatMap((issue) =>
      describeIssue(issue).map(({ message, key }) => this.problemAt(issue.path, message, key)),
    );
  }
}

function describeIssue(issue: z.core.$ZodIssue): { message: string; key?: string }[] {
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        key,
        message: `unknown field "${key}"; check its spelling against labs/README.md`,
      }));
    case 'invalid_type':
      if (issue.input === undefined) return [{ message: `required field is missing (expected ${issue.expected})` }];
      return [{ message: `expected ${issue.expected}, got ${describeValue(issue.input)}` }];
    case 'invalid_union':
      if ('discriminator' in issue && issue.discriminator) {
        const options =
          'options' in issue && Array.isArray(issue.options)
            ? issue.options.map((option) => JSON.stringify(option)).join(', ')
            : 'the documented values';
        return [
          { message: `unknown ${issue.discriminator} ${describeValue(issue.input)}; expected one of ${options}` },
        ];
      }
      return [{ message: issue.message }];
    case 'invalid_value': {
      const expected = issue.values.map((value) => JSON.stringify(value)).join(', ');
      // A missing field of a fixed set of values (difficulty, audience) arrives here, not as invalid_type.
      if (issue.input === undefined) return [{ message: `required field is missing (expected one of ${expected})` }];
      return [{ message: `expected one of ${expected}, got ${describeValue(issue.input)}` }];
    }
    default:
      return [{ message: issue.message }];
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  // JSON has no text for functions and symbols (which YAML cannot produce, but the type allows).
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${typeof value}` : `${typeof value} ${text}`;
}
