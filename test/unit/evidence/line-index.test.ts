import { appendFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  buildLineIndex,
  getLineIndex,
  MAX_LINE_CHARS,
  MAX_WINDOW_LINES,
  readLines,
} from '../../../server/evidence/line-index.ts';
import { scratchFolder } from '../../helpers/scratch-folder.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';

const scratch = scratchFolder('line-index');
const evidenceFile = (content: string | Uint8Array) => scratch.write(content);

/** What an editor shows: split on \n, no phantom line after a final newline, \r before \n removed. */
function naiveLines(content: string): string[] {
  if (content === '') return [];
  const lines = content.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** A deterministic pseudo-random generator, so a failing window can be reproduced. */
function variedLines(count: number, random: (below: number) => number): string[] {
  const words = [
    'sshd[812]:',
    'Failed',
    'password',
    'for',
    'root',
    'from',
    '203.0.113.7',
    'port',
    'Zürich',
    'Привет',
    '数据',
    '🔑',
    'GET',
    '/index.php',
  ];
  return Array.from({ length: count }, (_, number) => {
    const wordCount = random(40);
    const parts = [`#${number + 1}`];
    for (let i = 0; i < wordCount; i++) parts.push(words[random(words.length)]!);
    return random(10) === 0 ? '' : parts.join(' ');
  });
}

describe('line index', () => {
  it('counts the lines of a file that ends with a newline and of one that does not', async () => {
    expect((await buildLineIndex(await evidenceFile('a\nb\nc\n'))).totalLines).toBe(3);
    expect((await buildLineIndex(await evidenceFile('a\nb\nc'))).totalLines).toBe(3);
    expect((await buildLineIndex(await evidenceFile('\n\n'))).totalLines).toBe(2);
    expect((await buildLineIndex(await evidenceFile('x'))).totalLines).toBe(1);
  });

  it('describes an empty file as having no lines, and reading it gives none', async () => {
    const index = await buildLineIndex(await evidenceFile(''));
    expect(index.totalLines).toBe(0);
    expect(index.size).toBe(0);
    expect(await readLines(index, 1, 10)).toEqual({ from: 1, lines: [], totalLines: 0 });
  });

  it('returns windows at the start, in the middle and at the end of the file', async () => {
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i + 1}`);
    const index = await buildLineIndex(await evidenceFile(`${lines.join('\n')}\n`));
    expect(await readLines(index, 1, 3)).toEqual({ from: 1, lines: ['line 1', 'line 2', 'line 3'], totalLines: 500 });
    expect((await readLines(index, 250, 2)).lines).toEqual(['line 250', 'line 251']);
    expect((await readLines(index, 498, 10)).lines).toEqual(['line 498', 'line 499', 'line 500']);
  });

  it('returns no lines but the total when the window starts beyond the end', async () => {
    const index = await buildLineIndex(await evidenceFile('a\nb\n'));
    expect(await readLines(index, 3, 10)).toEqual({ from: 3, lines: [], totalLines: 2 });
    expect(await readLines(index, 1_000_000, 10)).toEqual({ from: 1_000_000, lines: [], totalLines: 2 });
  });

  it('clamps the window to at most a thousand lines and starts below line 1 at line 1', async () => {
    const index = await buildLineIndex(
      await evidenceFile(Array.from({ length: 1500 }, (_, i) => String(i + 1)).join('\n')),
    );
    const window = await readLines(index, 1, 5000);
    expect(window.lines).toHaveLength(MAX_WINDOW_LINES);
    expect(window.lines.at(-1)).toBe('1000');
    expect(await readLines(index, -4, 2)).toMatchObject({ from: 1, lines: ['1', '2'] });
    expect((await readLines(index, 10, 0)).lines).toEqual([]);
  });

  it('removes the carriage return of CRLF line endings but keeps one inside a line', async () => {
    const index = await buildLineIndex(await evidenceFile('first\r\nsec\rond\r\nlast\r\n'));
    expect(index.totalLines).toBe(3);
    expect((await readLines(index, 1, 3)).lines).toEqual(['first', 'sec\rond', 'last']);
  });

  it('returns the last line of a file without a final newline', async () => {
    const index = await buildLineIndex(await evidenceFile('one\ntwo\nthree'));
    expect((await readLines(index, 2, 5)).lines).toEqual(['two', 'three']);
  });

  it('cuts a very long line at the maximum and lists it as truncated', async () => {
    const long = 'x'.repeat(25_000);
    const huge = 'y'.repeat(3_000_000);
    const index = await buildLineIndex(await evidenceFile(`short\n${long}\nafter\n${huge}\nend`));
    const window = await readLines(index, 1, 10);
    expect(window.lines.map((line) => line.length)).toEqual([5, MAX_LINE_CHARS, 5, MAX_LINE_CHARS, 3]);
    expect(window.lines[2]).toBe('after');
    expect(window.lines[4]).toBe('end');
    expect(window.truncatedLines).toEqual([2, 4]);
    expect(await readLines(index, 5, 1)).toEqual({ from: 5, lines: ['end'], totalLines: 5 });
  });

  it('does not split a surrogate pair when it cuts a long line', async () => {
    const index = await buildLineIndex(await evidenceFile(`a${'🔑'.repeat(MAX_LINE_CHARS)}`));
    const [line] = (await readLines(index, 1, 1)).lines;
    expect(line!.length).toBe(MAX_LINE_CHARS - 1);
    expect(line!.endsWith('🔑')).toBe(true);
  });

  it('decodes invalid UTF-8 with replacement characters instead of failing', async () => {
    const bytes = Buffer.concat([
      Buffer.from('ok\n'),
      Buffer.from([0x66, 0xff, 0xfe, 0x6f, 0xc3]),
      Buffer.from('\nZürich\n'),
    ]);
    const index = await buildLineIndex(await evidenceFile(bytes));
    expect((await readLines(index, 1, 3)).lines).toEqual(['ok', 'f\uFFFD\uFFFDo\uFFFD', 'Zürich']);
  });

  it('returns the same lines as a naive split for random windows across checkpoints', async () => {
    const random = seededRandom(7);
    const content = variedLines(1_000, random).join(random(2) === 0 ? '\n' : '\r\n');
    const expected = naiveLines(content);
    const path = await evidenceFile(content);
    const index = await buildLineIndex(path);
    expect(index.totalLines).toBe(expected.length);
    expect(index.checkpointLines.length).toBeGreaterThan(5);
    for (const from of [1, 128, 129, 256, 257, 385, 999, 1000])
      expect((await readLines(index, from, 3)).lines).toEqual(expected.slice(from - 1, from + 2));
    for (let i = 0; i < 300; i++) {
      const from = 1 + random(expected.length + 5);
      const count = random(300);
      const window = await readLines(index, from, count);
      expect(window.lines).toEqual(expected.slice(from - 1, from - 1 + count));
    }
  });

  it('builds the same index whatever the read chunk size', async () => {
    const content = `${variedLines(1_000, seededRandom(11)).join('\n')}\n`;
    const path = await evidenceFile(content);
    const reference = await buildLineIndex(path);
    for (const chunkSize of [7, 64, 4096]) {
      const index = await buildLineIndex(path, { chunkSize });
      expect(index.totalLines).toBe(reference.totalLines);
      expect(index.checkpointOffsets).toEqual(reference.checkpointOffsets);
    }
  });

  it('keeps about one checkpoint per 128 lines, and more when lines are long', async () => {
    const shortLines = await buildLineIndex(await evidenceFile('log line\n'.repeat(12_800)));
    expect(shortLines.checkpointLines.length).toBe(100);
    const longLines = await buildLineIndex(await evidenceFile(`${'z'.repeat(8 * 1024)}\n`.repeat(256)));
    expect(longLines.checkpointLines.length).toBeGreaterThanOrEqual(256 / 8);
  });

  it('builds the index once for concurrent first requests and again when the file changes', async () => {
    const path = await evidenceFile('a\nb\n');
    const [first, second, third] = await Promise.all([getLineIndex(path), getLineIndex(path), getLineIndex(path)]);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(await getLineIndex(path)).toBe(first);

    await appendFile(path, 'c\n');
    const changed = await getLineIndex(path);
    expect(changed).not.toBe(first);
    expect(changed.totalLines).toBe(3);
  });

  it('does not cache a failed build', async () => {
    const path = scratch.path('later.log');
    await expect(getLineIndex(path)).rejects.toThrow();
    await writeFile(path, 'now it exists\n');
    expect((await getLineIndex(path)).totalLines).toBe(1);
  });
});
