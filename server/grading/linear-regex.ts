import { RE2JS, RE2JSException } from 're2js';

/**
 * Regular expressions written by people we do not control (lab authors' answer patterns, trainees'
 * evidence searches) run on RE2 (re2js, pure JavaScript): its time grows linearly with the text,
 * whatever the pattern, so no pattern can stall the server the way (a|a)*b stalls a backtracking
 * engine. Patterns are written in JavaScript syntax and translated; RE2 has no lookaround and no
 * backreferences, which are the features that make linear time impossible, so those are refused
 * with a reason instead of being silently changed.
 */

/**
 * A pattern that cannot run on the linear-time engine. The message continues a subject ("is not a
 * valid regular expression: ...", "uses a lookbehind ..."), so that each caller names the pattern
 * as its readers know it: "pattern" for lab authors, "the regular expression" for trainees.
 */
export class PatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatternError';
  }
}

export interface LinearRegexOptions {
  /** Default false: the pattern matches ignoring case (RE2's Unicode simple case folding). */
  caseSensitive?: boolean;
}

/**
 * Compiles a pattern written in JavaScript syntax to a linear-time RE2 program; throws PatternError
 * when it uses lookaround or backreferences or is not a valid regular expression.
 */
export function compileLinearRegex(pattern: string, options: LinearRegexOptions = {}): RE2JS {
  const unsupported = unsupportedSyntax(pattern);
  if (unsupported) throw new PatternError(unsupported);
  try {
    return RE2JS.compile(toRe2Syntax(pattern), options.caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    // re2js quotes the pattern with the (?i) it adds for the case-insensitive flag, which the author never wrote.
    const reason = error.message.replace(/^error parsing regexp: /u, '').replaceAll('`(?i)', '`');
    throw new PatternError(`is not a valid regular expression: ${reason}`);
  }
}

/**
 * The pattern in RE2's syntax: re2js translates the JavaScript spellings that differ (\u00e9,
 * (?<name>...), \cA, an unescaped /) and keeps everything else.
 */
export function toRe2Syntax(pattern: string): string {
  return RE2JS.translateRegExp(pattern);
}

const LOOKAROUND: Record<string, string> = {
  '(?=': 'a lookahead',
  '(?!': 'a negative lookahead',
  '(?<=': 'a lookbehind',
  '(?<!': 'a negative lookbehind',
};

/**
 * Why a JavaScript pattern cannot be expressed in RE2, or undefined. Checked before translating: the
 * translation would turn the named backreference \k<name> into the plain text "k<name>", and RE2's
 * own message for a lookbehind ("invalid named capture") does not say what is wrong.
 */
export function unsupportedSyntax(pattern: string): string | undefined {
  let inClass = false;
  for (let at = 0; at < pattern.length; at++) {
    const character = pattern[at];
    if (character === '\\') {
      const next = pattern[at + 1] ?? '';
      if (!inClass && /[1-9]/u.test(next)) return refusal(`a backreference "\\${next}"`);
      if (!inClass && next === 'k' && pattern[at + 2] === '<')
        return refusal(`a named backreference "${pattern.slice(at, pattern.indexOf('>', at) + 1 || undefined)}"`);
      at++;
    } else if (inClass) {
      if (character === ']') inClass = false;
    } else if (character === '[') {
      // In JavaScript's syntax (which this reads) a class ends at the first unescaped ], even in [] and [^].
      inClass = true;
    } else if (character === '(') {
      const opening = ['(?<=', '(?<!', '(?=', '(?!'].find((token) => pattern.startsWith(token, at));
      if (opening) return refusal(`${LOOKAROUND[opening]} "${opening}...)"`);
    }
  }
  return undefined;
}

function refusal(what: string): string {
  return (
    `uses ${what}, which the linear-time regular expression engine (RE2) cannot run: rewrite it without ` +
    'lookaround or backreferences'
  );
}
