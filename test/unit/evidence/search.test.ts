import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.ts';
import { buildLineIndex, MAX_LINE_CHARS, type LineIndex } from '../../../server/evidence/line-index.ts';
import {
  EvidenceQueryError,
  foldAsciiCase,
  MAX_QUERY_CHARS,
  searchEvidence,
  type SearchMatch,
  type SearchOptions,
  type SearchResult,
} from '../../../server/evidence/search.ts';
import { compileLinearRegex } from '../../../server/grading/linear-regex.ts';
import { scratchFolder } from '../../helpers/scratch-folder.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';

const scratch = scratchFolder('search');
async function indexOf(content: string | Uint8Array): Promise<LineIndex> {
  return buildLineIndex(await scratch.write(content));
}

/** The reference: the first occurrence per line, found on the decoded lines. */
function naiveSearch(
  lines: string[],
  query: string,
  caseSensitive: boolean,
): Array<Pick<SearchMatch, 'line' | 'column'>> {
  const needle = caseSensitive ? query : query.toLowerCase();
  return lines.flatMap((line, i) => {
    const at = (caseSensitive ? line : line.toLowerCase()).indexOf(needle);
    return at === -1 ? [] : [{ line: i + 1, column: at + 1 }];
  });
}

const positions = (result: SearchResult) => result.matches.map(({ line, column }) => ({ line, column }));

/** Follows nextLine until the search is complete, as the evidence viewer's "more results" does. */
async function searchToTheEnd(
  index: LineIndex,
  query: string,
  options: SearchOptions,
): Promise<{ matches: SearchMatch[]; rounds: number }> {
  const matches: SearchMatch[] = [];
  let fromLine = 1;
  for (let rounds = 1; ; rounds++) {
    const result = await searchEvidence(index, query, { ...options, fromLine });
    matches.push(...result.matches);
    if (!result.truncated) return { matches, rounds };
    expect(result.nextLine).toBeGreaterThan(fromLine);
    fromLine = result.nextLine!;
  }
}

function randomLog(lineCount: number, random: (below: number) => number): string[] {
  const words = [
    'sshd',
    'Failed',
    'password',
    'Accepted',
    'publickey',
    'root',
    'admin',
    'from',
    '203.0.113.7',
    'ÉVÉNEMENT',
    'Müller',
    '🔑',
    'BackDoor',
    'backdoor',
  ];
  return Array.from({ length: lineCount }, () =>
    Array.from({ length: random(30) }, () => words[random(words.length)]!).join(random(3) === 0 ? '  ' : ' '),
  );
}

describe('substring search', () => {
  it('ignores case by default and reports 1-based line numbers and columns', async () => {
    const index = await indexOf('nothing here\nan ERROR occurred\nerror again, and Error\n');
    const result = await searchEvidence(index, 'error');
    expect(positions(result)).toEqual([
      { line: 2, column: 4 },
      { line: 3, column: 1 },
    ]);
    expect(result).toMatchObject({ truncated: false, totalLines: 3 });
    expect(result.nextLine).toBeUndefined();
  });

  it('matches only the exact case when asked to be case-sensitive', async () => {
    const index = await indexOf('ERROR\nerror\nan Error\n');
    expect(positions(await searchEvidence(index, 'Error', { caseSensitive: true }))).toEqual([{ line: 3, column: 4 }]);
  });

  it('finds the same matches as a naive line search, whatever the chunk size', async () => {
    const random = seededRandom(3);
    const lines = randomLog(250, random);
    const index = await indexOf(`${lines.join('\n')}\n`);
    for (const query of [
      'backdoor',
      'BackDoor',
      '203.0.113.7',
      'müller',
      'password for',
      '🔑 root',
      'évé',
      'root',
      'AD',
      'r',
    ]) {
      for (const caseSensitive of [false, true]) {
        const expected = naiveSearch(lines, query, caseSensitive);
        for (const chunkSize of [29, 211, undefined]) {
          const result = await searchEvidence(index, query, { caseSensitive, chunkSize, limit: 1_000 });
          expect(positions(result), `${query} ${caseSensitive} ${chunkSize}`).toEqual(expected.slice(0, 1_000));
        }
      }
    }
  });

  it('finds a match that straddles two chunks of a line longer than a chunk', async () => {
    const line = `${'a'.repeat(1_000)}NEEDLE${'b'.repeat(1_000)}`;
    const index = await indexOf(`first\n${line}\nlast NEEDLE\n`);
    for (const chunkSize of [64, 1003, 1004, 1005, 1006]) {
      const result = await searchEvidence(index, 'needle', { chunkSize });
      expect(positions(result), `chunk ${chunkSize}`).toEqual([
        { line: 2, column: 1_001 },
        { line: 3, column: 6 },
      ]);
    }
  });

  it('finds needles of every length ignoring case, including ones longer than 64 bytes', async () => {
    const long = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0';
    const index = await indexOf(`GET / "${long}"\nGET /x "${long.toUpperCase()}"\nGET /y "curl/8.5.0"\n`);
    for (const query of [long.toLowerCase(), long.slice(0, 64), long.slice(0, 65), 'win64', 'x64)', 'Mo']) {
      for (const chunkSize of [48, undefined]) {
        expect(positions(await searchEvidence(index, query, { chunkSize })), `${query} ${chunkSize}`).toEqual([
          { line: 1, column: 8 + long.toLowerCase().indexOf(query.toLowerCase()) },
          { line: 2, column: 9 + long.toLowerCase().indexOf(query.toLowerCase()) },
        ]);
      }
    }
  });

  it('counts columns in characters after multi-byte text and ignores the carriage return of CRLF', async () => {
    const index = await indexOf('Zürich 🔑 key=VALUE\r\nsecond VALUE\r\n');
    const result = await searchEvidence(index, 'value');
    expect(positions(result)).toEqual([
      { line: 1, column: 15 },
      { line: 2, column: 8 },
    ]);
    expect(result.matches[0]).toMatchObject({ snippet: 'Zürich 🔑 key=VALUE', snippetMatchStart: 14, length: 5 });
  });

  it('gives a snippet of about 200 characters around the match', async () => {
    const index = await indexOf(`${'x'.repeat(5_000)}target${'y'.repeat(5_000)}\n`);
    const [match] = (await searchEvidence(index, 'TARGET')).matches;
    expect(match!.snippet.length).toBeLessThanOrEqual(200);
    expect(match!.snippet.slice(match!.snippetMatchStart, match!.snippetMatchStart + match!.length)).toBe('target');
    expect(match!.snippetMatchStart).toBeGreaterThan(20);
    expect(match!.column).toBe(5_001);
  });

  it('searches invalid UTF-8 without failing', async () => {
    const index = await indexOf(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(' needle\n')]));
    const [match] = (await searchEvidence(index, 'needle')).matches;
    expect(match).toMatchObject({ line: 1, column: 4, snippet: '\uFFFD\uFFFD needle' });
  });

  it('finds a non-ASCII query in another case', async () => {
    const index = await indexOf('Herr MÜLLER\nFrau müller\nmuller\n');
    expect(positions(await searchEvidence(index, 'Müller'))).toEqual([
      { line: 1, column: 6 },
      { line: 2, column: 6 },
    ]);
  });

  it('stops at the match limit and continues from nextLine to the same result as one large search', async () => {
    const lines = randomLog(1_000, seededRandom(5));
    const index = await indexOf(lines.join('\n'));
    const all = await searchEvidence(index, 'root', { limit: 1_000 });
    expect(all.truncated).toBe(false);
    expect(all.matches.length).toBeGreaterThan(100);

    const first = await searchEvidence(index, 'root', { limit: 10 });
    expect(first).toMatchObject({ truncated: true, stoppedBy: 'limit', nextLine: all.matches[10]!.line });
    expect(first.matches).toEqual(all.matches.slice(0, 10));

    const paged = await searchToTheEnd(index, 'root', { limit: 7, chunkSize: 64 });
    expect(paged.matches).toEqual(all.matches);
  });

  it('stops when the time budget is spent and says where to continue', async () => {
    const lines = randomLog(2_000, seededRandom(9)).map((line, i) => (i % 7 === 0 ? `${line} MARK` : line));
    const index = await indexOf(lines.join('\n'));
    const all = await searchEvidence(index, 'mark', { limit: 1_000 });
    expect(all).toMatchObject({ truncated: false });
    expect(all.matches).toHaveLength(286);
    const first = await searchEvidence(index, 'mark', { timeBudgetMs: 1, chunkSize: 32 });
    expect(first).toMatchObject({ truncated: true, stoppedBy: 'time' });
    const paged = await searchToTheEnd(index, 'mark', { timeBudgetMs: 1, chunkSize: 32 });
    expect(paged.rounds).toBeGreaterThan(1);
    expect(paged.matches).toEqual(all.matches);
  });

  it('starts at fromLine and returns nothing from beyond the end', async () => {
    const index = await indexOf('hit\nmiss\nhit\n');
    expect(positions(await searchEvidence(index, 'hit', { fromLine: 2 }))).toEqual([{ line: 3, column: 1 }]);
    expect(await searchEvidence(index, 'hit', { fromLine: 9 })).toEqual({
      matches: [],
      truncated: false,
      totalLines: 3,
    });
  });

  it('accepts a path and indexes the file itself', async () => {
    const path = scratch.path('by-path.log');
    await writeFile(path, 'alpha\nbeta\n');
    expect(positions(await searchEvidence(path, 'BETA'))).toEqual([{ line: 2, column: 1 }]);
  });

  it('refuses an empty query, a query over the length limit and one with a line break', async () => {
    const index = await indexOf('text\n');
    await expect(searchEvidence(index, '')).rejects.toThrow(/Type something to search for/u);
    await expect(searchEvidence(index, 'a'.repeat(MAX_QUERY_CHARS + 1))).rejects.toThrow(/at most 500/u);
    await expect(searchEvidence(index, 'a\nb')).rejects.toThrow(/one line at a time/u);
  });

  it('lower-cases exactly the ASCII capitals, four bytes at a time or one by one', () => {
    const all = Buffer.alloc(256);
    for (let byte = 0; byte < 256; byte++) all[byte] = byte;
    const expected = Buffer.from(all.map((byte) => (byte >= 65 && byte <= 90 ? byte + 32 : byte)));
    expect(foldAsciiCase(all, Buffer.alloc(256)).equals(expected)).toBe(true);
    expect(foldAsciiCase(all.subarray(1), Buffer.alloc(256)).equals(expected.subarray(1))).toBe(true);
  });
});

describe('regular-expression search', () => {
  it('reports the first match of each line with its column', async () => {
    const index = await indexOf('from 10.0.0.1 port 22\nno address\nfrom 192.168.1.20 and 10.1.1.1\n');
    const result = await searchEvidence(index, String.raw`\d+\.\d+\.\d+\.\d+`, { regex: true });
    expect(result.matches.map(({ line, column, length }) => ({ line, column, length }))).toEqual([
      { line: 1, column: 6, length: 8 },
      { line: 3, column: 6, length: 12 },
    ]);
    expect(result.matches[1]!.snippet).toBe('from 192.168.1.20 and 10.1.1.1');
  });

  it('ignores case unless asked not to, and anchors $ before a CRLF line ending', async () => {
    const index = await indexOf('Login FAILED\r\nlogin failed twice\r\n');
    expect(positions(await searchEvidence(index, 'failed$', { regex: true }))).toEqual([{ line: 1, column: 7 }]);
    expect(positions(await searchEvidence(index, 'failed', { regex: true, caseSensitive: true }))).toEqual([
      { line: 2, column: 7 },
    ]);
  });

  it('tests only the first 10,000 characters of a long line', async () => {
    const index = await indexOf(`${'a'.repeat(MAX_LINE_CHARS - 3)}END\n${'a'.repeat(MAX_LINE_CHARS)}END\n`);
    expect(positions(await searchEvidence(index, 'END', { regex: true, chunkSize: 4096 }))).toEqual([
      { line: 1, column: MAX_LINE_CHARS - 2 },
    ]);
  });

  it('pages through results with the limit like the substring search', async () => {
    const lines = randomLog(1_000, seededRandom(21));
    const index = await indexOf(lines.join('\n'));
    const all = await searchEvidence(index, 'pass\\w+', { regex: true, limit: 1_000 });
    expect(all.matches.length).toBe(naiveSearch(lines, 'password', false).length);
    expect((await searchToTheEnd(index, 'pass\\w+', { regex: true, limit: 9, chunkSize: 128 })).matches).toEqual(
      all.matches,
    );
  });

  it('runs patterns that backtrack catastrophically in V8 to the end, with the right matches', async () => {
    // On V8's backtracking engine each of these takes 2^40 steps on the line of a's; on RE2 it is linear.
    const index = await indexOf(`fine b QQQ\n${'a'.repeat(40)}\n${'a'.repeat(36)}!\nalso b\nqqq at the end\n`);
    for (const [pattern, expected] of [
      [
        '(a|a)*b',
        [
          { line: 1, column: 6 },
          { line: 4, column: 6 },
        ],
      ],
      ['(a+)+$', [{ line: 2, column: 1 }]],
      [
        '(.|.)*QQQ',
        [
          { line: 1, column: 1 },
          { line: 5, column: 1 },
        ],
      ],
      ['(\\w|\\d)*!', [{ line: 3, column: 1 }]],
    ] as const) {
      const result = await searchEvidence(index, pattern, { regex: true, timeBudgetMs: 60_000 });
      expect(result, pattern).toMatchObject({ truncated: false });
      expect(positions(result), pattern).toEqual(expected);
    }
  });

  it('accepts the IPv4 pattern investigators type, with a bounded repetition inside a repetition', async () => {
    const index = await indexOf('from 203.0.113.77 port 22\nno address\nto 198.51.100.5\n');
    const result = await searchEvidence(index, '\\d{1,3}(\\.\\d{1,3}){3}', { regex: true });
    expect(positions(result)).toEqual([
      { line: 1, column: 6 },
      { line: 3, column: 4 },
    ]);
  });

  it('refuses an invalid regular expression with a 400-class error that says what is wrong', async () => {
    const index = await indexOf('text\n');
    const error = await searchEvidence(index, '(unclosed', { regex: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EvidenceQueryError);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'bad_request', field: 'query' });
    expect((error as Error).message).toBe(
      'The pattern is not a valid regular expression: missing closing ): `(unclosed`.',
    );
  });

  it('refuses lookaround and backreferences, which RE2 cannot run, saying so', async () => {
    const index = await indexOf('text\n');
    for (const [pattern, named] of [
      ['(?<=user )root', 'a lookbehind'],
      ['(?<!x)root', 'a negative lookbehind'],
      ['root(?=:)', 'a lookahead'],
      ['(\\w)\\1', 'a backreference'],
      ['(?<w>\\w)\\k<w>', 'a named backreference'],
    ]) {
      const error = await searchEvidence(index, pattern!, { regex: true }).catch((caught: unknown) => caught);
      expect(error, pattern).toBeInstanceOf(EvidenceQueryError);
      expect((error as Error).message, pattern).toMatch(
        new RegExp(
          `^The pattern uses ${named} ".*", which the linear-time regular expression engine \\(RE2\\) cannot run`,
          'u',
        ),
      );
    }
  });

  it('accepts the grep habits that JavaScript refuses in Unicode mode: an escaped hyphen and a lone brace', async () => {
    const index = await indexOf('GET /a-b {x}\nnothing\n');
    expect(positions(await searchEvidence(index, 'a\\-b {', { regex: true }))).toEqual([{ line: 1, column: 6 }]);
  });

  it('finds with the literal prefilter exactly what RE2 finds testing every decoded line, whatever the chunk size and paging', async () => {
    const random = seededRandom(77);
    const words = [
      'sshd',
      'Failed',
      'password',
      'root',
      'from',
      '203.0.113.7',
      'port',
      'Müller',
      '🔑',
      'ſystem',
      '\u212Aey',
      'admin=1',
      'admin=22',
      'ADMIN=3',
    ];
    const lines = Array.from({ length: 400 }, (_, i) => {
      // Some lines longer than the small chunks below, and a few longer than MAX_LINE_CHARS.
      const count = i % 97 === 0 ? 3_000 : i % 13 === 0 ? 60 : random(14);
      return Array.from({ length: count }, () => words[random(words.length)]!).join(' ');
    });
    const content = Buffer.concat([
      Buffer.from(lines.map((line, i) => (i % 5 === 0 ? `${line}\r` : line)).join('\n')),
      Buffer.from([0x0a, 0xff, 0x20, 0x61, 0x64, 0x6d, 0x69, 0x6e, 0x3d, 0x39]),
    ]);
    const index = await indexOf(content);
    const decoded = content
      .toString('utf8')
      .split('\n')
      .map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line).slice(0, MAX_LINE_CHARS));

    for (const [pattern, caseSensitive] of [
      ['admin=\\d+', false],
      ['admin=\\d{2}', true],
      ['failed password', false],
      ['system', false],
      ['key', false],
      ['(root|admin)=?\\d* from', false],
      ['Müller 🔑', true],
      ['port$', false],
    ] as const) {
      const regex = compileLinearRegex(pattern, { caseSensitive });
      const expected = decoded.flatMap((line, i) => {
        const matcher = regex.matcher(line);
        return matcher.find()
          ? [{ line: i + 1, column: matcher.start() + 1, length: matcher.end() - matcher.start() }]
          : [];
      });
      expect(expected.length, pattern).toBeGreaterThan(0);
      for (const chunkSize of [61, 1_003, undefined]) {
        const whole = await searchEvidence(index, pattern, {
          regex: true,
          caseSensitive,
          chunkSize,
          limit: 1_000,
          timeBudgetMs: 600_000,
        });
        expect(whole.truncated).toBe(false);
        expect(
          whole.matches.map(({ line, column, length }) => ({ line, column, length })),
          `${pattern} ${chunkSize}`,
        ).toEqual(expected);
      }
      // Resuming at nextLine, after the match limit or the time budget, ends up with the same matches.
      const all = (await searchEvidence(index, pattern, { regex: true, caseSensitive, limit: 1_000 })).matches;
      expect(
        (await searchToTheEnd(index, pattern, { regex: true, caseSensitive, chunkSize: 1_003, limit: 13 })).matches,
        `${pattern} paged`,
      ).toEqual(all);
      expect(
        (await searchToTheEnd(index, pattern, { regex: true, caseSensitive, chunkSize: 1_003, timeBudgetMs: 1 }))
          .matches,
        `${pattern} with a tiny time budget`,
      ).toEqual(all);
    }
  }, 120_000);
});
