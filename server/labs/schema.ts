import { IANAZone } from 'luxon';
import { z } from 'zod';
import { COLUMN_TYPES, declarationProblems } from '../evidence/tables/pattern.ts';
import { builtInParsers } from '../evidence/tables/registry.ts';
import { misconceptionSchema } from '../grading/misconceptions.ts';
import { answerSpecSchema } from '../grading/registry.ts';
import { VARIABLE_NAME } from '../grading/variables.ts';

/**
 * The lab package format: the single source of truth. The loader validates lab.yaml with it,
 * `npm run lab -- schema` writes labs/lab.schema.json from it for editors, and labs/README.md
 * documents it field by field.
 */

const slug = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/u,
    'expected lower-case letters, digits and single hyphens, such as "brute-force-101"',
  )
  .max(64);

/** A path inside the lab folder: relative, forward slashes, never leaving the folder. */
const labRelativePath = z
  .string()
  .min(1)
  .refine((path) => !path.startsWith('/') && !path.split(/[\\/]/u).includes('..') && !path.includes('\\'), {
    message: 'expected a path relative to the lab folder, with forward slashes and no ".."',
  });

const sha256Hex = z
  .string()
  .regex(
    /^[0-9a-f]{64}$/u,
    'expected 64 lower-case hexadecimal characters (run `npm run lab -- hash <lab-id>` to fill it in)',
  );

/** The audiences a lab or course can be written for. */
const audiences = ['investigator', 'prosecutor', 'judge'] as const;
type Audience = (typeof audiences)[number];

/** "both" predates judge and lists: it stands for investigators and prosecutors, and only on its own. */
const singleAudiences = [...audiences, 'both'] as const;

/** An author's value as an error message names it: its type and, for a short scalar, the value itself. */
function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (typeof input === 'object') return Array.isArray(input) ? 'a list' : 'an object';
  return `${typeof input} ${JSON.stringify(input)}`;
}

/** What was wrong with an audience that is neither one of the values nor a list of them. */
function audienceMistake(input: unknown): string {
  const expected = `one of ${quoted(singleAudiences)}, or a list of several, such as [prosecutor, judge]`;
  if (input === undefined) return `required field is missing (expected ${expected})`;
  if (!Array.isArray(input)) return `expected ${expected}, got ${describeInput(input)}`;
  if (input.includes('both'))
    return '"both" stands only on its own; in a list, write out its audiences: [investigator, prosecutor]';
  const unknown = input.filter((item) => !(audiences as readonly unknown[]).includes(item));
  return `the list holds ${unknown.map(describeInput).join(', ')}; expected each of them to be one of ${quoted(audiences)}`;
}

function quoted(values: readonly string[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

/**
 * Who a lab or course is written for: one audience or a list of them, read as the list in a fixed
 * order (investigator, prosecutor, judge) so that every reader compares and shows the same thing.
 */
const audienceSchema = z
  .union(
    [
      z.enum(singleAudiences),
      z
        .array(z.enum(audiences))
        .min(1, 'expected at least one audience in the list')
        .refine((list) => new Set(list).size === list.length, 'the list names an audience twice')
        // So that the editors flag a repeated audience as the loader does.
        .meta({ uniqueItems: true }),
    ],
    { error: (issue) => audienceMistake(issue.input) },
  )
  .transform((value): Audience[] => {
    const listed: readonly string[] =
      value === 'both' ? ['investigator', 'prosecutor'] : typeof value === 'string' ? [value] : value;
    return audiences.filter((audience) => listed.includes(audience));
  });

export const evidenceKinds = ['log', 'text', 'json', 'csv', 'email', 'image', 'binary', 'sqlite'] as const;

/** The evidence kinds read as lines of text: the line-window and search routes refuse the others. */
export const textEvidenceKinds = [
  'log',
  'text',
  'json',
  'csv',
  'email',
] as const satisfies readonly (typeof evidenceKinds)[number][];
export type TextEvidenceKind = (typeof textEvidenceKinds)[number];

export const custodySchema = z
  .strictObject({
    source_device: z
      .string()
      .min(1)
      .describe(
        'The device or system the artefact was taken from, e.g. "FS01 file server, Dell R640, asset tag 4471".',
      ),
    acquired_by: z.string().min(1).describe('Who acquired it: name and role or unit.'),
    acquired_at: z.iso
      .datetime({ offset: true })
      .describe('When it was acquired: ISO 8601 with a zone, e.g. 2024-03-06T09:15:00Z.'),
    method: z.string().min(1).describe('How it was acquired, e.g. "logical copy with FTK Imager 4.7, write-blocked".'),
    notes: z.string().optional().describe('Anything else that belongs in the custody record.'),
  })
  .describe('Chain-of-custody record shown with the artefact.');

/** The parsers that read times without a year (syslog's "Oct  9 11:30:00"), so a lab must say which year. */
export const parsersNeedingYear: readonly string[] = ['syslog', 'postfix', 'dhcp-log'];

const parserIds = Object.keys(builtInParsers) as [string, ...string[]];

/** "UTC", a fixed offset such as "+02:00", or an IANA zone name that Luxon (the parsers' calendar) knows. */
function isEvidenceZone(zone: string): boolean {
  return zone === 'UTC' || /^[+-](?:0\d|1[0-4]):[0-5]\d$/u.test(zone) || IANAZone.isValidZone(zone);
}

const patternColumnSchema = z
  .strictObject({
    type: z
      .string()
      .meta({ enum: [...COLUMN_TYPES] })
      .describe('The column type: text, integer, real, timestamp or ip.'),
    format: z
      .string()
      .min(1)
      .optional()
      .describe(
        'For a timestamp: the Luxon format it is written in, e.g. "dd/MMM/yyyy:HH:mm:ss"; without one the ' +
          'value must be ISO 8601.',
      ),
    description: z.string().min(1).optional().describe('What the column holds, for trainees.'),
  })
  .describe('A column of a pattern table: its type, and a format for a timestamp.');

export const evidenceTableSchema = z
  .strictObject({
    parser: z
      .enum(parserIds)
      .optional()
      .describe(
        'The built-in parser that reads the artefact into tables (see "Evidence as tables" in labs/README.md). ' +
          'Give either parser or pattern.',
      ),
    pattern: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Your own table instead of a built-in parser: a JavaScript regular expression with named groups, ' +
          'e.g. "^(?<time>\\S+) door=(?<door>\\S+)$", matched against each line; each group is a column.',
      ),
    columns: z
      .record(
        z.string(),
        z.union(
          [
            z
              .string()
              .meta({ enum: [...COLUMN_TYPES] })
              .describe('The column type.'),
            patternColumnSchema,
          ],
          { error: 'expected a column type (text, integer, real, timestamp, ip) or { type, format, description }' },
        ),
      )
      .optional()
      .describe(
        'With pattern: one entry per named group, in the order the table shows them: the type ' +
          '(text, integer, real, timestamp, ip), or { type, format, description }.',
      ),
    name: z
      .string()
      .optional()
      .describe('With pattern: the table name, lower_snake_case. Default: the evidence id with _ for -.'),
    skip: z
      .string()
      .min(1)
      .optional()
      .describe('With pattern: lines matching this regular expression are comments or headers, not rows.'),
    zone: z
      .string()
      .refine(isEvidenceZone, {
        message: 'expected "UTC", an offset such as "+02:00", or an IANA zone name such as "Europe/Vienna"',
      })
      .default('UTC')
      .describe(
        'The zone of times written without an offset: "UTC", "+02:00" or an IANA name such as "Europe/Vienna". ' +
          'Times that carry their own offset keep it. Default UTC.',
      ),
    year: z
      .number()
      .int()
      .min(1970)
      .max(2100)
      .optional()
      .describe(
        'The year of times written without one (syslog, postfix, dhcp-log, a pattern timestamp format without ' +
          'a year); required for those, ignored by the others.',
      ),
  })
  .transform(({ columns, ...table }) => ({
    ...table,
    columns:
      columns &&
      Object.fromEntries(
        Object.entries(columns).map(([name, column]) => [name, typeof column === 'string' ? { type: column } : column]),
      ),
  }))
  .superRefine((table, ctx) => {
    const add = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (table.parser === undefined && table.pattern === undefined) {
      add([], 'give either parser (a built-in parser) or pattern with columns (your own); see labs/README.md');
      return;
    }
    if (table.parser !== undefined) {
      if (table.pattern !== undefined) add(['pattern'], 'give either parser or pattern, not both');
      for (const field of ['columns', 'name', 'skip'] as const)
        if (table[field] !== undefined) add([field], `${field} belongs to a pattern table, not to parser`);
      if (table.year === undefined && parsersNeedingYear.includes(table.parser))
        add(
          ['year'],
          `the ${table.parser} parser reads times without a year: ` +
            'give the year the log was written in, e.g. year: 2024',
        );
      return;
    }
    if (table.columns === undefined) {
      add(['columns'], 'a pattern table needs columns: one entry per named group, such as "door: text"');
      return;
    }
    for (const problem of declarationProblems({ ...table, pattern: table.pattern ?? '', columns: table.columns }))
      add(problem.path, problem.message);
  })
  .describe(
    'Reads the artefact into SQL tables, with a built-in parser or your own pattern; `npm run lab -- validate` ' +
      'checks every line.',
  );

export const evidenceSchema = z
  .strictObject({
    id: slug.describe('Identifier of the artefact, unique in the lab; used in references such as auth-log:120.'),
    file: labRelativePath.describe(
      'The file, relative to the lab folder (normally evidence/...). For generated evidence, the name the generator ' +
        'gives the file.',
    ),
    title: z.string().min(1).describe('Title shown in the evidence browser.'),
    description: z.string().optional().describe('One or two sentences on what the artefact is (Markdown).'),
    kind: z.enum(evidenceKinds).describe('What sort of artefact it is; decides how it is shown.'),
    format: z
      .string()
      .regex(/^[a-z0-9-]+$/u)
      .optional()
      .describe(
        'Format hint for logs and text, used for highlighting: syslog, apache-combined, apache-error, ' +
          'windows-event-json, ...',
      ),
    sha256: sha256Hex
      .optional()
      .describe('SHA-256 of the file, verified at load. Required unless the file is generated per variant.'),
    generated: z
      .boolean()
      .default(false)
      .describe('True when the variant generator produces this file for each trainee (then no sha256 is given here).'),
    custody: custodySchema,
    table: evidenceTableSchema.optional(),
  })
  .superRefine((evidence, ctx) => {
    if (evidence.generated && evidence.sha256)
      ctx.addIssue({
        code: 'custom',
        path: ['sha256'],
        message: 'a generated artefact has a different hash for each variant: remove sha256',
      });
    if (!evidence.generated && !evidence.sha256)
      ctx.addIssue({
        code: 'custom',
        path: ['sha256'],
        message: 'expected the SHA-256 of the file (run `npm run lab -- hash <lab-id>`), or generated: true',
      });
  });

export const hintSchema = z.strictObject({
  text: z.string().min(1).describe('The hint (Markdown). Shown only after the trainee unlocks it.'),
  cost: z.number().int().min(0).describe('Points taken from the task when the hint is unlocked.'),
});

export const taskExamplesSchema = z
  .strictObject({
    accept: z
      .array(z.unknown())
      .default([])
      .describe('Answers written the way trainees might write them that must be accepted as correct.'),
    reject: z
      .array(z.unknown())
      .default([])
      .describe('Wrong answers that must be rejected, e.g. a decoy address from the same log.'),
  })
  .describe("The author's self-test, run by `npm run lab -- check`.");

export const taskSchema = z
  .strictObject({
    id: slug.describe('Identifier of the task, unique in the lab; never change it once trainees have submitted.'),
    title: z.string().min(1).describe('Short title shown in the task list.'),
    prompt: z.string().min(1).describe('The question (Markdown). May refer to public variant values as {{name}}.'),
    points: z.number().int().min(0).describe('Points for a fully correct answer.'),
    answer: answerSpecSchema.describe('How the answer is checked: a checker spec chosen by `kind`.'),
    placeholder: z
      .string()
      .optional()
      .describe(
        'An example of the expected format, shown in the empty answer field, e.g. "2024-03-05 14:02 UTC". Use a ' +
          'value that is not the answer.',
      ),
    hints: z.array(hintSchema).default([]).describe('Hints in the order they unlock, each with a point cost.'),
    max_attempts: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('How many graded attempts a trainee has. Unlimited when absent.'),
    wrong_penalty: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('Points taken off the task score for each wrong attempt.'),
    explanation: z
      .string()
      .optional()
      .describe(
        'How to find the answer and why it matters (Markdown). Shown only after the task is solved or out of attempts.',
      ),
    requires: z.array(slug).default([]).describe('Ids of tasks in this lab that must be solved before this one opens.'),
    examples: taskExamplesSchema.default({ accept: [], reject: [] }),
    misconceptions: z
      .array(misconceptionSchema)
      .max(20)
      .default([])
      .describe(
        'Anticipated wrong answers: answers that reveal a known misconception, each with its own feedback and ' +
          'optionally its own penalty. Matched with the task\u2019s own checker; never shown before they are given.',
      ),
  })
  .superRefine((task, ctx) => {
    const hintCost = task.hints.reduce((total, hint) => total + hint.cost, 0);
    if (hintCost > task.points)
      ctx.addIssue({
        code: 'custom',
        path: ['hints'],
        message: `the hints cost ${hintCost} points together, more than the task's ${task.points} points`,
      });
  });

export const variantValueDeclaration = z.strictObject({
  description: z.string().min(1).describe('What the value is, for other authors.'),
  public: z
    .boolean()
    .default(false)
    .describe(
      "True when the value may appear in the brief and prompts (e.g. the suspect's user name given as a starting " +
        'point). Answers must stay private.',
    ),
});

export const variantsSchema = z
  .strictObject({
    generator: labRelativePath.describe(
      'The generator module in the lab folder, e.g. generate.ts. Its default export receives a seed and returns ' +
        'files and values.',
    ),
    values: z
      .record(
        z.string().regex(VARIABLE_NAME, 'expected a lower-case name such as attacker_ip'),
        variantValueDeclaration,
      )
      .describe('The values the generator produces, by name. Answers refer to them as "{{name}}".'),
  })
  .describe('Per-trainee data: a deterministic generator that produces evidence and answer values from a seed.');

export const labSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path of the JSON Schema, for editors.'),
    id: slug.describe('Identifier of the lab; must equal the folder name.'),
    version: z
      .number()
      .int()
      .min(1)
      .describe('Raise it whenever tasks or answers change; every submission records the version it was made against.'),
    title: z.string().min(1).max(120).describe('Title shown in the catalogue.'),
    summary: z.string().min(1).max(400).describe('One or two sentences for the catalogue.'),
    difficulty: z.enum(['beginner', 'intermediate', 'advanced']).describe('How hard the lab is.'),
    duration_minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .describe('Estimated time a trainee needs.'),
    min_plausible_minutes: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Finishing a task faster than this after opening the lab is flagged to the instructor as implausible.'),
    query_time_limit: z
      .number()
      .int()
      .min(1)
      .max(60)
      .optional()
      .describe(
        'Seconds a trainee’s query over the evidence tables may run before it is stopped (default 5): ' +
          'more for a lab whose tables hold millions of rows.',
      ),
    audience: audienceSchema.describe(
      'Who the lab is written for: investigator, prosecutor or judge, a list of them such as ' +
        '[prosecutor, judge], or both (investigators and prosecutors).',
    ),
    skills: z.array(z.string().min(1)).min(1).describe('Skills practised, e.g. "log analysis".'),
    objectives: z.array(z.string().min(1)).min(1).describe('What a trainee can do after the lab, one sentence each.'),
    brief: labRelativePath.describe('The Markdown file with the scenario brief, e.g. brief.md.'),
    evidence: z.array(evidenceSchema).min(1).describe('The artefacts handed to the trainee.'),
    variants: variantsSchema.optional(),
    tasks: z.array(taskSchema).min(1).describe('The questions, in the order shown.'),
  })
  .superRefine((lab, ctx) => {
    const duplicates = (ids: string[]) => ids.filter((id, index) => ids.indexOf(id) !== index);
    for (const [list, ids] of [
      ['evidence', lab.evidence.map((item) => item.id)],
      ['tasks', lab.tasks.map((task) => task.id)],
    ] as const)
      for (const id of new Set(duplicates(ids)))
        ctx.addIssue({
          code: 'custom',
          path: [list, ids.lastIndexOf(id), 'id'],
          message: `the id "${id}" is used twice in ${list}`,
        });

    const taskIds = new Set(lab.tasks.map((task) => task.id));
    lab.tasks.forEach((task, index) => {
      task.requires.forEach((required, position) => {
        if (!taskIds.has(required))
          ctx.addIssue({
            code: 'custom',
            path: ['tasks', index, 'requires', position],
            message: `requires "${required}", but the lab has no task with that id`,
          });
        else if (required === task.id)
          ctx.addIssue({
            code: 'custom',
            path: ['tasks', index, 'requires', position],
            message: 'a task cannot require itself',
          });
      });
    });
    const cycle = requirementCycle(lab.tasks);
    if (cycle)
      ctx.addIssue({
        code: 'custom',
        path: ['tasks', lab.tasks.findIndex((task) => task.id === cycle[0]), 'requires'],
        message: `the tasks require each other in a circle (${cycle.join(' → ')}), so none of them could ever open`,
      });
    const generatedFiles = lab.evidence.filter((item) => item.generated);
    if (generatedFiles.length > 0 && !lab.variants)
      ctx.addIssue({
        code: 'custom',
        path: ['variants'],
        message: 'the lab has generated evidence, so it needs a variants section with a generator',
      });
  });

/** A circle of `requires` among the tasks, as the list of ids around it, or undefined. */
function requirementCycle(tasks: { id: string; requires: string[] }[]): string[] | undefined {
  const requires = new Map(tasks.map((task) => [task.id, task.requires]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const required of (requires.get(id) ?? []).filter((other) => other !== id)) {
      const found = visit(required);
      if (found) return found;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const task of tasks) {
    const found = visit(task.id);
    if (found) return found;
  }
  return undefined;
}

export type LabDefinition = z.infer<typeof labSchema>;
export type TaskDefinition = LabDefinition['tasks'][number];
export type EvidenceDefinition = LabDefinition['evidence'][number];

export const courseSchema = z.strictObject({
  $schema: z.string().optional(),
  id: slug.describe('Identifier of the course; must equal the file name without .yaml.'),
  title: z.string().min(1).max(120),
  summary: z.string().min(1).max(600),
  audience: audienceSchema.describe('Who the course is written for, as for a lab: one audience or a list of them.'),
  labs: z
    .array(
      z.strictObject({
        lab: slug.describe('Id of a lab in labs/.'),
        requires: z
          .array(slug)
          .default([])
          .describe('Ids of labs earlier in this course that must be completed first.'),
        optional: z
          .boolean()
          .default(false)
          .describe("A pointer to a lab that is useful but not part of the course's completion."),
      }),
    )
    .min(1)
    .describe('The labs in the order they are taken.'),
});
export type CourseDefinition = z.infer<typeof courseSchema>;

/** The JSON Schema editors use to validate lab.yaml (VS Code's YAML extension, the browser editor). */
export function labJsonSchema(): object {
  return z.toJSONSchema(labSchema, { io: 'input', unrepresentable: 'any', target: 'draft-07' });
}

/** The JSON Schema for course files. */
export function courseJsonSchema(): object {
  return z.toJSONSchema(courseSchema, { io: 'input', unrepresentable: 'any', target: 'draft-07' });
}
