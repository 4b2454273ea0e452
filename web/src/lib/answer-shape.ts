import type { AnswerInput, AnswerOption, PublicAnswerShape } from '../../../server/grading/types.ts';
import { t } from '../i18n/messages.ts';

/** What the server says an answer field needs: the server's one declaration, carried here as a type only. */
export type AnswerShape = PublicAnswerShape;
export type AnswerKindName = AnswerShape['kind'];
/** The shape of one kind of answer field. */
export type ShapeOf<Kind extends AnswerKindName> = Extract<AnswerShape, { kind: Kind }>;
/** What an answer field sends: the JSON the submission route takes. */
export type AnswerValue = AnswerInput;
export type Option = AnswerOption;

export const HASH_LENGTHS = { md5: 32, sha1: 40, sha256: 64, sha512: 128 } as const;
const HASH_NAMES = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' } as const;

const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/u;
const IPV6 = /^[0-9a-f:.]+$/iu;

function looksLikeIp(text: string): boolean {
  const address = text.replace(/^\[(.*)\]$/u, '$1').replace(/\.$/u, '');
  if (IPV4.test(address)) return address.split('.').every((part) => Number(part) <= 255);
  return address.includes(':') && IPV6.test(address) && address.split('::').length <= 2;
}

/** The hexadecimal digits of a hash as typed: an optional "sha256:" label, spaces, colons and dashes removed. */
export function hashDigits(text: string): string {
  return text.replace(/^(?:md5|sha-?1|sha-?256|sha-?512)\s*[:=]?\s*/iu, '').replace(/[\s:-]/gu, '');
}

const TIMESTAMP_HINTS = [
  /\d{4}[-/]\d{1,2}[-/]\d{1,2}/u,
  /\d{1,2} [A-Za-z]{3} \d{4}/u,
  /[A-Za-z]{3}\s+\d{1,2}\s+\d{1,2}:\d{2}/u,
  /^\d{9,13}(?:\.\d+)?$/u,
  /\d{1,2}\/[A-Za-z]{3}\/\d{4}/u,
];

/**
 * A quick check of an answer's shape before it is sent, so that a typo is caught at once. The
 * server checks again and is the authority: this only catches what is certainly malformed.
 * Returns the message to show, or undefined when the shape looks right.
 */
export function shapeProblem(shape: AnswerShape, raw: string): string | undefined {
  const text = raw.normalize('NFKC').trim();
  if (text === '') return t('answer.invalid.empty');
  switch (shape.kind) {
    case 'ip':
      return looksLikeIp(text) ? undefined : t('answer.invalid.ip');
    case 'hash': {
      const digits = hashDigits(text);
      const length = HASH_LENGTHS[shape.algorithm];
      return /^[0-9a-f]+$/iu.test(digits) && digits.length === length
        ? undefined
        : t('answer.invalid.hash', { algorithm: HASH_NAMES[shape.algorithm], length, count: digits.length });
    }
    case 'number':
      return /^[+\-\u2212]?[\d.,_ ]*\d/u.test(text) ? undefined : t('answer.invalid.number');
    case 'timestamp':
      return TIMESTAMP_HINTS.some((pattern) => pattern.test(text)) ? undefined : t('answer.invalid.timestamp');
    default:
      return undefined;
  }
}

/**
 * Splits a typed or pasted list into items of a list answer: at new lines and semicolons always,
 * and at commas unless the comma belongs to the value ("Tue, 05 Mar 2024 14:02" is one time,
 * "1,234" one number).
 */
export function splitListItems(text: string, item: ShapeOf<'set'>['of']): string[] {
  return text.split(/[\r\n;]+/u).flatMap((piece) => {
    const whole = piece.trim();
    if (!whole.includes(',')) return whole ? [whole] : [];
    if (item.kind === 'timestamp' && shapeProblem(item, whole) === undefined) return [whole];
    return whole
      .split(item.kind === 'number' ? /,\s+/u : /,/u)
      .map((part) => part.trim())
      .filter((part) => part !== '');
  });
}

/** Moves one item of a list to another position (drag and drop, or the arrow buttons). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || from >= items.length || to < 0 || to >= items.length) return [...items];
  const copy = [...items];
  const [moved] = copy.splice(from, 1);
  copy.splice(to, 0, moved!);
  return copy;
}
