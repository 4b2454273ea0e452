import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scaffoldLab } from '../../server/labs/scaffold.ts';

/** A throw-away labs folder holding labs made from the `lab new` template, edited per test. */
export class LabFixture {
  private constructor(readonly labsDir: string) {}

  static async create(): Promise<LabFixture> {
    return new LabFixture(await mkdtemp(join(tmpdir(), 'casebench-labs-')));
  }

  /** Scaffolds a valid lab and returns its folder. */
  async addLab(id: string): Promise<string> {
    return scaffoldLab(this.labsDir, id);
  }

  labFile(id: string, file = 'lab.yaml'): string {
    return join(this.labsDir, id, file);
  }

  /** Rewrites a lab file by a text replacement, failing loudly when the text to replace is absent. */
  async edit(id: string, from: string | RegExp, to: string, file = 'lab.yaml'): Promise<void> {
    const path = this.labFile(id, file);
    const text = await readFile(path, 'utf8');
    const edited = text.replace(from, to);
    if (edited === text) throw new Error(`fixture edit found nothing to replace: ${String(from)}`);
    await writeFile(path, edited);
  }

  async write(id: string, file: string, content: string): Promise<void> {
    await writeFile(this.labFile(id, file), content);
  }

  /**
   * Makes a lab vary per trainee: declares `values` (name to description, `public` for values a
   * prompt may show) with `generator` written as generate.ts. With `generatedEvidence`, the lab's
   * evidence, auth.log, is the one the generator makes instead of the file in the folder.
   */
  async addVariants(
    id: string,
    values: Record<string, { description: string; public?: true }>,
    generator: string,
    options: { generatedEvidence?: boolean } = {},
  ): Promise<void> {
    const declared = Object.entries(values).map(
      ([name, value]) => `    ${name}: { description: ${value.description}${value.public ? ', public: true' : ''} }`,
    );
    await this.edit(
      id,
      'brief: brief.md',
      ['brief: brief.md', 'variants:', '  generator: generate.ts', '  values:', ...declared].join('\n'),
    );
    await this.write(id, 'generate.ts', generator);
    if (options.generatedEvidence) {
      await this.edit(id, / {4}sha256: [0-9a-f]{64}/u, '    generated: true');
      await this.edit(id, 'file: evidence/auth.log', 'file: auth.log');
    }
  }

  /** The 1-based line of the first line containing a text, to assert error positions. */
  async lineOf(id: string, text: string, file = 'lab.yaml'): Promise<number> {
    const lines = (await readFile(this.labFile(id, file), 'utf8')).split('\n');
    const index = lines.findIndex((line) => line.includes(text));
    if (index < 0) throw new Error(`"${text}" is not in ${file}`);
    return index + 1;
  }

  async dispose(): Promise<void> {
    await rm(this.labsDir, { recursive: true, force: true });
  }
}

/**
 * A lab for API tests, made from the template plus two tasks: `attempts` (a number with two
 * attempts, a wrong-answer penalty and two hints) that requires `attacker-ip`, and `summary`
 * (a manual finding).
 */
export async function addApiTestLab(fixture: LabFixture, id = 'api-lab'): Promise<string> {
  const dir = await fixture.addLab(id);
  await fixture.edit(
    id,
    '        - 192.0.2.15',
    `        - 192.0.2.15
  - id: attempts
    title: Failed attempts
    prompt: How many failed attempts came from the attacker?
    points: 20
    placeholder: "17"
    requires: [attacker-ip]
    max_attempts: 2
    wrong_penalty: 3
    answer: { kind: number, expected: 2 }
    hints:
      - { text: Count the Failed password lines of that address., cost: 4 }
      - { text: There are fewer than five., cost: 6 }
    explanation: Two lines say Failed password for the attacker's address.
  - id: summary
    title: Summary for the prosecutor
    prompt: Summarise what happened in two sentences.
    points: 10
    answer: { kind: manual, rubric: Mentions the guessing and that it failed. }`,
  );
  return dir;
}
