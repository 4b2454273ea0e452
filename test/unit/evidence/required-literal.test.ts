import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLinearRegex, toRe2Syntax } from '../../../server/grading/linear-regex.ts';
import { requiredLiteral } from '../../../server/evidence/required-literal.ts';

const literalOf = (pattern: string, caseSensitive = false) => requiredLiteral(toRe2Syntax(pattern), caseSensitive);

describe('the text a pattern requires', () => {
  it('is the longest run of plain text at the top level', () => {
    expect(literalOf('Failed password for \\w+ from', true)).toEqual({ text: 'Failed password for ', foldCase: false });
    expect(literalOf('GET /wp-login\\.php', true)).toEqual({ text: 'GET /wp-login.php', foldCase: false });
    expect(literalOf('\\d+\\.\\d+\\.\\d+\\.\\d+ - - ', true)).toEqual({ text: ' - - ', foldCase: false });
  });

  it('is lower case and leaves out k and s when case is ignored, which fold to the Kelvin sign and the long s', () => {
    expect(literalOf('sqlmap/\\d+\\.\\d+')).toEqual({ text: 'qlmap/', foldCase: true });
    expect(literalOf('ERROR')).toEqual({ text: 'error', foldCase: true });
    expect(literalOf('Kerberos')).toEqual({ text: 'erbero', foldCase: true });
  });

  it('leaves out non-ASCII letters when case is ignored, and keeps them when it is not', () => {
    expect(literalOf('Zürich-Nord')).toEqual({ text: 'rich-nord', foldCase: true });
    expect(literalOf('Zürich-Nord', true)).toEqual({ text: 'Zürich-Nord', foldCase: false });
  });

  it('keeps a character repeated at least once but ends the run after it, and drops optional ones', () => {
    expect(literalOf('ab+cd', true)).toEqual({ text: 'ab', foldCase: false });
    expect(literalOf('abcx?yz', true)).toEqual({ text: 'abc', foldCase: false });
    expect(literalOf('ab*cdef', true)).toEqual({ text: 'cdef', foldCase: false });
    expect(literalOf('ab{0,3}cdef{2}', true)).toEqual({ text: 'cdef', foldCase: false });
  });

  it('treats groups, classes and escapes of letters as anything, and finds the text around them', () => {
    expect(literalOf('(a|a)*b')).toEqual({ text: 'b', foldCase: true });
    expect(literalOf('(.|.)*QQQ')).toEqual({ text: 'qqq', foldCase: true });
    expect(literalOf('[)(|]+user=(?:x|y)admin', true)).toEqual({ text: 'user=', foldCase: false });
    expect(literalOf('\\p{Greek}+ token \\x{41}', true)).toEqual({ text: ' token ', foldCase: false });
  });

  it('switches to ignoring case when an inline flag may switch it on', () => {
    expect(literalOf('(?i)Admin', true)).toEqual({ text: 'admin', foldCase: true });
  });

  it('is not known for an alternation at the top level, quoted text or octal escapes', () => {
    expect(literalOf('error|warning', true)).toBeUndefined();
    expect(literalOf('\\Qa|b\\E', true)).toBeUndefined();
    expect(literalOf('\\0101abc', true)).toBeUndefined();
    expect(literalOf('.*', true)).toBeUndefined();
  });

  it('is contained in every line that RE2 matches, for random patterns and lines', () => {
    const alphabet = ['a', 'b', 'k', 'K', 's', 'S', 'ſ', '\u212A', 'é', 'É', '.', '-', ' ', '/', '1'];
    const atom = fc.oneof(
      fc.constantFrom(...alphabet.filter((character) => character !== '.')),
      fc.constantFrom(
        '.',
        '\\.',
        '\\d',
        '\\w',
        '\\s',
        '\\b',
        '[a-k]',
        '[^s]',
        '(?:ab|ba)',
        '(k|s)',
        '(?i)',
        '(?-i)',
        '^',
        '$',
      ),
    );
    const quantifier = fc.constantFrom('', '', '', '*', '+', '?', '{2}', '{0,2}', '{1,}', '+?');
    const pattern = fc
      .array(fc.tuple(atom, quantifier), { minLength: 1, maxLength: 8 })
      .map((parts) =>
        parts
          .map(([a, q]) => (a === '^' || a === '$' || a === '\\b' || a === '(?i)' || a === '(?-i)' ? a : a + q))
          .join(''),
      );
    const line = fc
      .array(fc.constantFrom(...alphabet, 'x', 'A', 'B'), { maxLength: 24 })
      .map((characters) => characters.join(''));
    let checked = 0;
    fc.assert(
      fc.property(
        pattern,
        fc.array(line, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (source, lines, caseSensitive) => {
          let regex: ReturnType<typeof compileLinearRegex>;
          try {
            regex = compileLinearRegex(source, { caseSensitive });
          } catch {
            return;
          }
          const literal = requiredLiteral(toRe2Syntax(source), caseSensitive);
          if (!literal) return;
          // Lines made of the pattern's own characters match far more often than random ones, in every case form.
          const own = source.replace(/\\[dwsb]|\(\?-?i\)|[\\()[\]{}*+?|^$:]/gu, '');
          const spellings = [
            own,
            own.toUpperCase(),
            own.replace(/s/gu, 'ſ').replace(/k/gu, '\u212A'),
            `x ${own.toLowerCase()} y`,
            own.replace(/./gu, '$&$&'),
          ];
          for (const text of [...lines, ...spellings]) {
            if (!regex.test(text)) continue;
            checked++;
            // The search compares bytes, folding only ASCII letters.
            const haystack = literal.foldCase ? text.replace(/[A-Z]/gu, (letter) => letter.toLowerCase()) : text;
            expect(haystack, `${source} on ${JSON.stringify(text)}`).toContain(literal.text);
          }
        },
      ),
      { numRuns: 3_000 },
    );
    // The property means something only if many lines did match a pattern with a literal.
    expect(checked).toBeGreaterThan(1_000);
  });
});
