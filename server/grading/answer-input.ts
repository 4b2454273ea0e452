import type { AnswerInput, CheckResult } from './types.ts';

/** Longest single-value answer we look at; anything longer is rejected before any parsing or regex runs. */
export const MAX_SCALAR_INPUT = 1_000;
/** Most items accepted in a list answer (sets, sequences, multiple choice). */
export const MAX_LIST_ITEMS = 200;

/** Results that every kind builds the same way. */
export const result = {
  correct: (normalized: string, feedback = 'Correct.'): CheckResult => ({
    status: 'graded',
    verdict: 'correct',
    score: 1,
    feedback,
    normalized,
  }),
  incorrect: (normalized: string, feedback = 'Not correct. Check your reasoning and try again.'): CheckResult => ({
    status: 'graded',
    verdict: 'incorrect',
    score: 0,
    feedback,
    normalized,
  }),
  partial: (normalized: string, score: number, feedback: string): CheckResult => {
    const rounded = Math.round(score * 1000) / 1000;
    if (rounded >= 1) return result.correct(normalized);
    // Nothing right at all: the plain wrong-answer feedback, not "partly right".
    if (rounded <= 0) return result.incorrect(normalized);
    return { status: 'graded', verdict: 'partial', score: rounded, feedback, normalized };
  },
  invalid: (feedback: string): CheckResult => ({ status: 'invalid', feedback }),
};

/**
 * The way an answer is written, when it has no meaning: NFKC (fullwidth digits, ligatures),
 * trimmed, inner whitespace collapsed.
 */
export function tidy(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/**
 * Typographic characters folded into the plain ones people mean: the hyphens and dashes U+2010 to
 * U+2015 and the minus sign U+2212 into "-", curly and low single quotes into "'", curly and low
 * double quotes into '"'. NFKC has already turned non-breaking and narrow spaces into plain ones.
 * Word processors, PDF readers and phone keyboards put these in without asking, so they never carry
 * meaning in an answer compared forgivingly; kinds whose exact form matters (text with exact: true,
 * hashes, written findings) do not call this.
 */
export function plainTypography(text: string): string {
  return text
    .replace(/[\u2010-\u2015\u2212]/gu, '-')
    .replace(/[\u2018\u2019\u201A\u201B]/gu, "'")
    .replace(/[\u201C\u201D\u201E\u201F]/gu, '"');
}

/** tidy, then typographic dashes, quotes and spaces in their plain forms: the text-like kinds' reading. */
export function tidyPlain(raw: string): string {
  return plainTypography(tidy(raw));
}

/** What a single-value answer is told when it cannot be read: sent as a list, too long, or empty. */
export interface TextFeedback {
  notOneValue: string;
  tooLong: string;
  empty: string;
}

/**
 * Reads a single-value answer as tidied text: a string, or a list holding one string (as API clients
 * may send it). Too-long input is refused before any other work so that no later step (a regex, a
 * date parser) sees unbounded text.
 */
export function readText(
  input: AnswerInput,
  maxLength: number,
  feedback: TextFeedback,
): { ok: true; value: string } | { ok: false; result: CheckResult } {
  let raw: string;
  if (typeof input === 'string') raw = input;
  else if (Array.isArray(input) && input.length === 1 && typeof input[0] === 'string') raw = input[0];
  else return { ok: false, result: result.invalid(feedback.notOneValue) };
  if (raw.length > maxLength) return { ok: false, result: result.invalid(feedback.tooLong) };
  const value = tidy(raw);
  if (value === '') return { ok: false, result: result.invalid(feedback.empty) };
  return { ok: true, value };
}

/** Reads a single-value answer, or says why it cannot be one, naming `what` was asked for. */
export function readScalar(
  input: AnswerInput,
  what: string,
  maxLength = MAX_SCALAR_INPUT,
): { ok: true; value: string } | { ok: false; result: CheckResult } {
  return readText(input, maxLength, {
    notOneValue: `Enter ${what} as one value, not a list.`,
    tooLong: `The answer is too long: at most ${maxLength} characters are accepted for ${what}.`,
    empty: `Enter ${what}.`,
  });
}

/**
 * Reads a list answer: a JSON array from an API client, or one string with one item per line (what
 * people paste). A single line is split at semicolons and commas too, unless it has several lines,
 * where commas belong to the items ("Tue, 05 Mar 2024 14:02:37", "1,234"). Empty items are dropped.
 */
export function readList(
  input: AnswerInput,
  what: string,
): { ok: true; items: string[] } | { ok: false; result: CheckResult } {
  let items: string[];
  if (Array.isArray(input)) items = input;
  else if (typeof input === 'string') {
    if (input.length > MAX_SCALAR_INPUT * MAX_LIST_ITEMS)
      return { ok: false, result: result.invalid(`The answer is too long for a list of ${what}.`) };
    items = input.split(/\r?\n/u).length > 1 ? input.split(/[\r\n;]+/u) : input.split(/[,;]+/u);
  } else return { ok: false, result: result.invalid(`Enter a list of ${what}.`) };
  if (items.some((item) => typeof item !== 'string'))
    return { ok: false, result: result.invalid(`Each item must be text.`) };
  if (items.some((item) => item.length > MAX_SCALAR_INPUT))
    return { ok: false, result: result.invalid(`An item is too long: at most ${MAX_SCALAR_INPUT} characters each.`) };
  items = items.map(tidy).filter((item) => item !== '');
  if (items.length === 0) return { ok: false, result: result.invalid(`Enter at least one of ${what}.`) };
  if (items.length > MAX_LIST_ITEMS)
    return { ok: false, result: result.invalid(`Too many items: at most ${MAX_LIST_ITEMS}.`) };
  return { ok: true, items };
}

/** A spec field that holds one accepted value or a list of alternatives, as a list. */
export function alternatives<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

/**
 * The accepted alternatives of a spec field in their canonical form, each once. An alternative the
 * kind cannot read stays as written: as a reference answer it then fails `lab check` loudly instead
 * of vanishing, and it can never equal the canonical form of an answer.
 */
export function canonicalAlternatives(
  value: string | string[],
  canonicalForm: (text: string) => string | undefined,
): string[] {
  return [...new Set(alternatives(value).map((text) => canonicalForm(text) ?? text))];
}

/** The trainee's own text, shortened for quoting in feedback (it is safe to show: they wrote it). */
export function quote(text: string): string {
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return `'${short}'`;
}
