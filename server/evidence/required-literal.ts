/**
 * The longest piece of plain text that every match of a regular expression must contain, so that a
 * search can skip, at the speed of a byte search, the lines that cannot match and run the
 * (linear-time but slow) RE2 engine only on the few lines that might. For `sqlmap/\d+\.\d+` that is
 * `qlmap/` when ignoring case (see below for why not the `s`).
 *
 * The analysis reads RE2 syntax (after translation from JavaScript) and is deliberately small: it
 * only looks at the top level of the pattern, treats every group, class and escape other than an
 * escaped punctuation mark as "anything", and gives up (no literal, every line is tested) on
 * anything it does not recognise or on an alternation at the top level. Giving up costs speed,
 * never a match; a literal it returns must be a true requirement, which the unit tests check
 * against RE2 itself on random patterns and lines.
 */

export interface RequiredLiteral {
  text: string;
  /** Compare ignoring ASCII case; `text` is then lower case and ASCII. */
  foldCase: boolean;
}

/**
 * With case folding, RE2 lets `k` match the Kelvin sign (U+212A) and `s` the long s (U+017F): the
 * only non-ASCII characters that fold to ASCII letters. An ASCII byte search would miss them, so
 * these letters end a literal instead of being part of it.
 */
const FOLDS_OUTSIDE_ASCII = new Set(['k', 's']);
/** Single-character escapes that stand for a class or an assertion (never plain text). */
const CLASS_OR_ASSERTION_ESCAPES = new Set([...'dDwWsSbBAzCntrfva']);
const MAX_REPEAT = /^\{(\d+)(?:,(\d*))?\}/u;

/** The longest text every match of `re2Pattern` contains, or undefined when none is known. */
export function requiredLiteral(re2Pattern: string, caseSensitive: boolean): RequiredLiteral | undefined {
  // \Q...\E quotes arbitrary text, parentheses and bars included: not worth reading.
  if (re2Pattern.includes('\\Q')) return undefined;
  // An inline flag group such as (?i) or (?i:...) may switch case folding on for part of the pattern.
  const foldCase = !caseSensitive || /\(\?[imsU-]*i/u.test(re2Pattern);
  const runs: string[] = [];
  let run = '';
  const endRun = () => {
    if (run !== '') runs.push(run);
    run = '';
  };

  let at = 0;
  while (at < re2Pattern.length) {
    const character = re2Pattern[at]!;
    let literal: string | undefined;
    if (character === '|') return undefined;
    if (character === '\\') {
      const next = re2Pattern.codePointAt(at + 1);
      if (next === undefined) return undefined;
      const escaped = String.fromCodePoint(next);
      if (/[A-Za-z0-9]/u.test(escaped)) {
        const skipped = skipLetterEscape(re2Pattern, at);
        if (skipped === -1) return undefined;
        at = skipped;
      } else {
        literal = escaped;
        at += 1 + escaped.length;
      }
    } else if (character === '[') {
      at = skipClass(re2Pattern, at);
      if (at === -1) return undefined;
    } else if (character === '(') {
      at = skipGroup(re2Pattern, at);
      if (at === -1) return undefined;
    } else if (character === '.' || character === '^' || character === '$' || character === ']' || character === '}') {
      at++;
    } else if ('*+?{)'.includes(character)) {
      // A repetition with nothing to repeat, or a lone brace that RE2 reads as text: not worth the risk.
      return undefined;
    } else {
      literal = String.fromCodePoint(re2Pattern.codePointAt(at)!);
      at += literal.length;
    }

    // The repetition that applies to this atom, if any, and the fewest times it must occur.
    let fewest = 1;
    let repeated = false;
    const operator = re2Pattern[at];
    if (operator === '*' || operator === '?' || operator === '+') {
      fewest = operator === '+' ? 1 : 0;
      repeated = true;
      at++;
    } else if (operator === '{') {
      const repeat = MAX_REPEAT.exec(re2Pattern.slice(at));
      if (!repeat) return undefined;
      fewest = Number(repeat[1]);
      repeated = true;
      at += repeat[0].length;
    }
    if (repeated && re2Pattern[at] === '?') at++;

    const usable = literal !== undefined && fewest >= 1 && isSearchable(literal, foldCase);
    if (usable) run += foldCase ? literal!.toLowerCase() : literal!;
    // After a repeated atom, the next atom does not necessarily follow its first copy.
    if (!usable || repeated) endRun();
  }
  endRun();
  const longest = runs.reduce<string | undefined>(
    (best, candidate) => (best === undefined || candidate.length > best.length ? candidate : best),
    undefined,
  );
  return longest === undefined ? undefined : { text: longest, foldCase };
}

function isSearchable(character: string, foldCase: boolean): boolean {
  // Invalid UTF-8 in the file decodes to U+FFFD, which a byte search for its encoding would not find.
  if (character === '\uFFFD') return false;
  if (!foldCase) return true;
  return character.charCodeAt(0) < 0x80 && !FOLDS_OUTSIDE_ASCII.has(character.toLowerCase());
}

/** The index after an escape of a letter or digit (\d, \p{Greek}, \x{41}), or -1 for one not understood. */
function skipLetterEscape(pattern: string, at: number): number {
  const letter = pattern[at + 1]!;
  if (CLASS_OR_ASSERTION_ESCAPES.has(letter)) return at + 2;
  if (letter === 'p' || letter === 'P' || letter === 'x') {
    if (pattern[at + 2] === '{') {
      const close = pattern.indexOf('}', at + 3);
      return close === -1 ? -1 : close + 1;
    }
    return letter === 'x' ? at + 4 : at + 3;
  }
  // Octal escapes and anything else: the digits after them would be misread as text.
  return -1;
}

/** The index after a character class starting at `at`, or -1. */
function skipClass(pattern: string, at: number): number {
  let index = at + 1;
  if (pattern[index] === '^') index++;
  // In RE2 a ] right after [ or [^ is a member of the class.
  if (pattern[index] === ']') index++;
  while (index < pattern.length) {
    const character = pattern[index];
    if (character === '\\') {
      const skipped =
        pattern[index + 1] !== undefined && /[A-Za-z0-9]/u.test(pattern[index + 1]!)
          ? skipLetterEscape(pattern, index)
          : index + 2;
      if (skipped === -1) return -1;
      index = skipped;
    } else if (pattern.startsWith('[:', index)) {
      const close = pattern.indexOf(':]', index + 2);
      if (close === -1) return -1;
      index = close + 2;
    } else if (character === ']') {
      return index + 1;
    } else {
      index++;
    }
  }
  return -1;
}

/** The index after the group whose ( is at `at`, or -1. */
function skipGroup(pattern: string, at: number): number {
  let depth = 0;
  let index = at;
  while (index < pattern.length) {
    const character = pattern[index];
    if (character === '\\') {
      index += 2;
    } else if (character === '[') {
      index = skipClass(pattern, index);
      if (index === -1) return -1;
    } else {
      if (character === '(') depth++;
      else if (character === ')' && --depth === 0) return index + 1;
      index++;
    }
  }
  return -1;
}
