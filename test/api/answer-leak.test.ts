import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { checkAnswer, publicAnswerShape, referenceAnswers, type AnswerSpec } from '../../server/grading/registry.ts';
import type { AnswerInput } from '../../server/grading/types.ts';
import { interpolate, referencedNames, type VariantValue } from '../../server/grading/variables.ts';
import { acceptedAnswerSpans } from '../../server/labs/answer-leaks.ts';
import { loadLibrary, type LoadedLab } from '../../server/labs/loader.ts';
import { textEvidenceKinds, type TaskDefinition } from '../../server/labs/schema.ts';
import type { Actor } from '../../server/services/context.ts';
import type { LabVariant } from '../../server/services/trainee/variant-store.ts';
import type { ErrorBody } from '../../server/errors.ts';
import { addViewsLab, VIEWS_LAB } from '../helpers/evidence-views-fixture.ts';
import { labsFolder, openHarness, sharedApiTestOver } from '../helpers/fixtures.ts';
import type { Agent, Harness } from '../helpers/harness.ts';
import { EventStream } from '../helpers/event-stream.ts';
import { fillRoute, readableRoutes, routeCoverage, type RouteParams } from '../helpers/route-table.ts';

/*
 * THE answer-leak test. For every lab shipped in labs/, a trainee walks every route they can reach,
 * step by step through the lab, and no response may contain a secret before the rules release it:
 * reference answers and non-public variant values (except in the evidence itself), explanations
 * (until the task is solved or out of attempts), hint texts (until unlocked) and rubrics (never).
 * The routes come from the app's own route table: a GET route that the walk neither reads nor
 * leaves out for a reason that the test checks fails the test.
 */

// The shipped labs, read once at collection so that each lab gets its own test; the test itself
// uses the harness's library, which loads copies of them.
const shipped = await loadLibrary('labs');
const labIds = [...shipped.labs.keys()];
/**
 * The walk also goes through the views lab of the evidence-view tests: no shipped lab has an image or
 * a binary file, and the image route must be read too.
 */
const walkedLabIds = [...labIds, VIEWS_LAB];

/** Seeds of other trainees' variants, to tell values that differ per trainee from fixed ones. */
const SEEDS = ['leak-seed-1', 'leak-seed-2', 'leak-seed-3'];

/**
 * One app for the file over copies of the shipped labs and the views lab: each lab is walked by its
 * own trainee in its own cohort of Ines's, and the variant cache is shared by the tests that look at
 * the same seeds. `leakyHarness`, for the test that asks for it, is an app of its own over a copy of
 * the SSH lab with the explanation the audit found (see there).
 */
const it = sharedApiTestOver(async (fixture) => {
  await cp('labs', fixture.labsDir, { recursive: true });
  await addViewsLab(fixture);
  // Its SVG filed as an image is refused by the image route (415) on purpose, as
  // evidence-views.security.test.ts checks: the walk reads the image route for real images.
  await fixture.edit(VIEWS_LAB, /^ {2}- id: drawing\n(?: {4}.*\n)+/mu, '');
})
  .extend(
    'leakyLabsDir',
    labsFolder(async (fixture) => {
      await cp('labs/sample-ssh-intrusion', join(fixture.labsDir, 'sample-ssh-intrusion'), { recursive: true });
      // The shipped lab is fixed; this copy puts back the text the audit found, so that the runtime
      // masking is tested on its own: "{{failed_attempts}}" is two digits, and in bold.
      await fixture.edit(
        'sample-ssh-intrusion',
        '2. **Guessing**: a run of failed passwords, one connection each, seconds apart.',
        '2. **Guessing**: **{{failed_attempts}}** failed passwords from [{{attacker_ip}}]:22, one connection each, seconds apart.',
      );
    }),
  )
  .extend('leakyHarness', ({ leakyLabsDir }, hooks) => openHarness({ labsDir: leakyLabsDir }, hooks));

type SecretKind = 'answer' | 'value' | 'explanation' | 'hint' | 'rubric' | 'misconception';
interface Secret {
  text: string;
  folded: string;
  kind: SecretKind;
  /** Where the secret comes from, for the failure message. */
  origin: string;
  released: boolean;
  /**
   * A plain word ("root", "softfail") or a number: not looked for in the lab's own text that every
   * trainee sees alike (the brief may well say "root" or "fail" or "185").
   */
  weak: boolean;
  /**
   * Different in other trainees' variants: then the lab's fixed text, the same for everyone, cannot
   * be giving it away when it contains it (a brief listing every host of a network names the
   * trainee's first host too, without saying which it is).
   */
  varies: boolean;
}

/** Strings of at least four characters; digits-only strings (numbers) from three digits. */
function worthChecking(text: string): boolean {
  const trimmed = text.trim();
  return /^\d+$/u.test(trimmed) ? trimmed.length >= 3 : trimmed.length >= 4;
}

/** Every string inside an answer or a variant value: list items, mapping keys and values, numbers written out. */
function stringsIn(value: AnswerInput | VariantValue | unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, child]) => [key, ...stringsIn(child)]);
  return [];
}

/** Every string of a public answer shape (option ids and labels): shown to trainees by design. */
function shapeStrings(spec: AnswerSpec): Set<string> {
  return new Set(stringsIn(publicAnswerShape(spec) as unknown).map((text) => text.toLowerCase()));
}

/** A long text and its long lines, so that a partial copy is caught too. */
function textAndLines(text: string, minLineLength: number): string[] {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length >= minLineLength);
  return [text.trim(), ...lines];
}

/** A single plain word or a number: found in ordinary prose by chance, so looked for with care. */
function isWeak(folded: string): boolean {
  return /^(?:[a-z]+|\d+)$/u.test(folded);
}

class SecretBook {
  readonly secrets: Secret[] = [];
  private readonly publicStrings = new Set<string>();

  add(kind: SecretKind, origin: string, texts: string[]): void {
    for (const text of texts) {
      if (!worthChecking(text)) continue;
      const folded = text.trim().toLowerCase();
      if (this.secrets.some((secret) => secret.folded === folded && secret.kind === kind)) continue;
      this.secrets.push({
        text: text.trim(),
        folded,
        kind,
        origin,
        released: false,
        weak: isWeak(folded),
        varies: false,
      });
    }
  }

  /** Texts of the lab that are the same for every trainee, each as one whole response field. */
  readonly fixedTexts = new Set<string>();
  addFixedTexts(texts: Iterable<string>): void {
    for (const text of texts) this.fixedTexts.add(text.trim().toLowerCase());
  }

  /** Marks the secrets that another variant does not share. */
  markVarying(otherVariants: Set<string>[]): void {
    for (const secret of this.secrets) secret.varies = otherVariants.some((texts) => !texts.has(secret.folded));
  }

  /** The rules released this text to the trainee: every secret it contains is no longer a secret. */
  release(text: string): void {
    const folded = text.toLowerCase();
    for (const secret of this.secrets) if (containsToken(folded, secret.folded)) secret.released = true;
  }

  /** Strings that trainees see by design (option ids and labels) are not answers to hide. */
  markPublic(strings: Iterable<string>): void {
    for (const text of strings) this.publicStrings.add(text.toLowerCase());
  }

  pending(kinds?: SecretKind[]): Secret[] {
    return this.secrets.filter(
      (secret) => !secret.released && !this.publicStrings.has(secret.folded) && (!kinds || kinds.includes(secret.kind)),
    );
  }
}

/** A string of a JSON value: a value (numbers written out) or a property name. */
interface Leaf {
  text: string;
  key: boolean;
}

/** Every string in a JSON value, property names included, numbers written out. */
function jsonLeaves(value: unknown): Leaf[] {
  if (typeof value === 'string') return [{ text: value, key: false }];
  if (typeof value === 'number' || typeof value === 'boolean') return [{ text: String(value), key: false }];
  if (Array.isArray(value)) return value.flatMap(jsonLeaves);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, child]) => [{ text: key, key: true }, ...jsonLeaves(child)]);
  return [];
}

interface Walk {
  agent: Agent;
  lab: LoadedLab;
  book: SecretBook;
  /** The trainee's own cohort, whose scoreboard they see. */
  cohortId: number;
  /** The leaks found, each described for the failure message. */
  leaks: string[];
}

const ALPHANUMERIC = /[a-z0-9]/u;

/**
 * Whether a text contains a secret as a whole token: "255" is not found inside a hash that happens
 * to contain those digits, nor 10.0.0.8 inside 10.0.0.80, nor "fail" inside "failed".
 */
function containsToken(text: string, secret: string): boolean {
  for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
    const before = text[at - 1];
    const after = text[at + secret.length];
    const startsClean = !ALPHANUMERIC.test(secret[0]!) || before === undefined || !ALPHANUMERIC.test(before);
    const endsClean = !ALPHANUMERIC.test(secret.at(-1)!) || after === undefined || !ALPHANUMERIC.test(after);
    if (startsClean && endsClean) return true;
  }
  return false;
}

/**
 * Looks for pending secrets in a response: a JSON body field by field, an evidence download as it
 * is. Evidence (a download, or its lines and search results) holds the data the answers come
 * from, so there only the texts that are never evidence are looked for.
 */
function scan(walk: Walk, where: string, body: string, options: { evidence?: boolean; raw?: boolean } = {}): void {
  const kinds: SecretKind[] | undefined = options.evidence ? ['explanation', 'hint', 'rubric'] : undefined;
  const leaves = options.raw ? [{ text: body, key: false }] : jsonLeaves(JSON.parse(body) as unknown);
  const folded = leaves.map((leaf) => ({ text: leaf.text.toLowerCase(), key: leaf.key }));
  // Fields that are exactly a text of the lab every trainee sees alike (the brief, a title).
  const personal = folded.filter((leaf) => !walk.book.fixedTexts.has(leaf.text.trim()));
  // A plain word is looked for in values only: a property of the API named like it (the board's
  // "view", when a variant's decoy parameter is "view") gives nothing away.
  const personalValues = personal.filter((leaf) => !leaf.key);
  for (const secret of walk.book.pending(kinds)) {
    const candidates = secret.weak ? personalValues : secret.varies ? personal : folded;
    const leaf = candidates.map((candidate) => candidate.text).find((text) => containsToken(text, secret.folded));
    if (leaf !== undefined)
      walk.leaks.push(
        `${where}: ${secret.kind} from ${secret.origin} ("${secret.text.slice(0, 80)}") appears in "${leaf.slice(0, 160)}"`,
      );
  }
}

/** One reading of a route: values for its parameters, and a query where the route needs one. */
interface Fill {
  params?: RouteParams;
  query?: string;
}

/** A GET route the walk reads, and how. */
interface WalkedRoute {
  /** Where to read it for this trainee and lab: none when the lab has nothing of the kind (no e-mail, say). */
  fill: (walk: Walk) => Fill[] | Promise<Fill[]>;
  /** JSON is scanned field by field; a download, a CSV or an event stream as it is. */
  reading: 'json' | 'raw' | 'stream';
  /** Evidence, or a view of it: it holds the data the answers come from, so only texts that are never evidence are looked for. */
  evidence?: boolean;
}

const labOf = (walk: Walk): Fill[] => [{ params: { labId: walk.lab.definition.id } }];
const cohortOf = (walk: Walk): Fill[] => [{ params: { cohortId: walk.cohortId } }];
const noParams = (): Fill[] => [{}];

/** The lab's artefacts of the given kinds (all when none are given), with the query the route needs. */
function artefacts(kinds?: string[], query?: string): (walk: Walk) => Fill[] {
  return (walk) =>
    walk.lab.evidence
      .filter((item) => !kinds || kinds.includes(item.definition.kind))
      .map((item) => ({ params: { labId: walk.lab.definition.id, evidenceId: item.definition.id }, query }));
}

/** The kinds the line and search routes read as text; the others are refused there (400) by design. */
const TEXT_KINDS: string[] = [...textEvidenceKinds];

/** Every attachment of every message of the lab's e-mail artefacts, as the message view lists them. */
async function attachments(walk: Walk): Promise<Fill[]> {
  const fills: Fill[] = [];
  for (const mailbox of artefacts(['email'])(walk)) {
    const view = await walk.agent.json<{ messages: { index: number; attachments: { index: number }[] }[] }>(
      'GET',
      fillRoute('/api/labs/:labId/evidence/:evidenceId/message', mailbox.params),
    );
    expect(view.status, view.text.slice(0, 200)).toBe(200);
    for (const message of view.body.messages)
      for (const attachment of message.attachments)
        fills.push({ params: { ...mailbox.params, index: attachment.index }, query: `message=${message.index}` });
  }
  return fills;
}

/** The routes read after every step of the walk, keyed by their path in the app's route table. */
const WALKED: Record<string, WalkedRoute> = {
  '/api/health': { fill: noParams, reading: 'json' },
  '/api/auth/me': { fill: noParams, reading: 'json' },
  '/api/catalogue': { fill: noParams, reading: 'json' },
  '/api/cohorts/invitations': { fill: noParams, reading: 'json' },
  '/api/labs/:labId': { fill: labOf, reading: 'json' },
  '/api/labs/:labId/notes': { fill: labOf, reading: 'json' },
  '/api/labs/:labId/tasks/:taskId/submissions': {
    fill: (walk) =>
      walk.lab.definition.tasks.map((task) => ({ params: { labId: walk.lab.definition.id, taskId: task.id } })),
    reading: 'json',
  },
  // The trainee's own queries as they wrote them (their history); nothing the lab holds back.
  '/api/labs/:labId/queries': { fill: labOf, reading: 'json' },
  // Whether the trainee may author labs (never): three booleans.
  '/api/authoring/me': { fill: noParams, reading: 'json' },
  '/api/scoreboard': { fill: noParams, reading: 'json' },
  '/api/scoreboard/:cohortId': { fill: cohortOf, reading: 'json' },
  '/api/scoreboard/:cohortId/chart': { fill: cohortOf, reading: 'json' },
  '/api/scoreboard/:cohortId/csv': { fill: cohortOf, reading: 'raw' },
  '/api/scoreboard/:cohortId/stream': { fill: cohortOf, reading: 'stream' },
};

/** The evidence routes: they answer the same whatever the trainee did, so they are read on the first and the last walk only. */
const EVIDENCE_ROUTES: Record<string, WalkedRoute> = {
  // The tables' names, columns, descriptions and row counts (the rows themselves only through queries).
  '/api/labs/:labId/tables': { fill: labOf, reading: 'json', evidence: true },
  '/api/labs/:labId/evidence/:evidenceId': { fill: artefacts(), reading: 'raw', evidence: true },
  '/api/labs/:labId/evidence/:evidenceId/lines': {
    fill: artefacts(TEXT_KINDS, 'from=1&count=50'),
    reading: 'json',
    evidence: true,
  },
  '/api/labs/:labId/evidence/:evidenceId/search': {
    fill: artefacts(TEXT_KINDS, 'q=e'),
    reading: 'json',
    evidence: true,
  },
  '/api/labs/:labId/evidence/:evidenceId/message': { fill: artefacts(['email']), reading: 'json', evidence: true },
  '/api/labs/:labId/evidence/:evidenceId/message/attachments/:index': {
    fill: attachments,
    reading: 'raw',
    evidence: true,
  },
  '/api/labs/:labId/evidence/:evidenceId/hex': {
    fill: artefacts(undefined, 'offset=0&length=4096'),
    reading: 'json',
    evidence: true,
  },
  '/api/labs/:labId/evidence/:evidenceId/image': { fill: artefacts(['image']), reading: 'raw', evidence: true },
};

/**
 * The GET routes the walk leaves out, each with its reason. The reason is checked, not just stated:
 * a trainee asking for any of them is refused with 403 (see the test of the route table).
 */
const STAFF_ONLY = 'staff only: answers 403 to trainees';
/** A preview variant's seed, for the instructors' preview routes (refused to trainees whatever it is). */
const PREVIEW_SEED_OF_WALK = '0123456789ab';
/** A route of the instructors' preview, walked on the SSH lab's preview variant (with more params if any). */
const previewRoute = (more: Record<string, string> = {}) => ({
  reason: `${STAFF_ONLY} (an instructor's "try it as a trainee" preview)`,
  params: () => ({ seed: PREVIEW_SEED_OF_WALK, labId: 'sample-ssh-intrusion', ...more }),
});

const EXCLUDED: Record<
  string,
  { reason: string; params: (trainee: { cohortId: number; userId: number }) => RouteParams }
> = {
  '/api/users': { reason: 'administrators only: answers 403 to everyone else', params: () => ({}) },
  '/api/admin/accounts': { reason: 'administrators only: answers 403 to everyone else', params: () => ({}) },
  '/api/admin/overview': { reason: 'administrators only: answers 403 to everyone else', params: () => ({}) },
  '/api/admin/audit': { reason: 'administrators only: answers 403 to everyone else', params: () => ({}) },
  '/api/admin/packages/export': {
    reason: 'administrators only: answers 403 to everyone else (a package holds the reference answers)',
    params: () => ({}),
  },
  '/api/cohorts': { reason: `${STAFF_ONLY} (cohorts with their join codes)`, params: () => ({}) },
  '/api/cohorts/:cohortId': {
    reason: `${STAFF_ONLY} (members and join code)`,
    params: ({ cohortId }) => ({ cohortId }),
  },
  '/api/cohorts/:cohortId/submissions': { reason: STAFF_ONLY, params: ({ cohortId }) => ({ cohortId }) },
  '/api/cohorts/:cohortId/invitations': {
    reason: `${STAFF_ONLY} (who was invited)`,
    params: ({ cohortId }) => ({ cohortId }),
  },
  '/api/cohorts/:cohortId/trainee-search': {
    reason: `${STAFF_ONLY} (trainee accounts by name)`,
    params: ({ cohortId }) => ({ cohortId }),
  },
  '/api/instructor/library': { reason: `${STAFF_ONLY} (every lab installed, assigned or not)`, params: () => ({}) },
  '/api/instructor/library/labs/:labId/preview': {
    reason: `${STAFF_ONLY} (a lab's preview, with its answers on request)`,
    params: () => ({ labId: 'sample-ssh-intrusion' }),
  },
  '/api/instructor/library/preview/:seed/labs/:labId': previewRoute(),
  '/api/instructor/library/preview/:seed/labs/:labId/evidence/:evidenceId': previewRoute({ evidenceId: 'auth-log' }),
  '/api/instructor/library/preview/:seed/labs/:labId/evidence/:evidenceId/hex': previewRoute({
    evidenceId: 'auth-log',
  }),
  '/api/instructor/library/preview/:seed/labs/:labId/evidence/:evidenceId/image': previewRoute({
    evidenceId: 'auth-log',
  }),
  '/api/instructor/library/preview/:seed/labs/:labId/evidence/:evidenceId/lines': previewRoute({
    evidenceId: 'auth-log',
  }),
  '/api/instructor/library/preview/:seed/labs/:labId/evidence/:evidenceId/message': previewRoute({
    evidenceId: 'auth-log',
  }),
  '/api/instructor/library/preview/:seed/labs/:labId/evidence/:evidenceId/message/attachments/:index': previewRoute({
    evidenceId: 'auth-log',
    index: '0',
  }),
  '/api/instructor/library/preview/:seed/labs/:labId/evidence/:evidenceId/search': previewRoute({
    evidenceId: 'auth-log',
  }),
  '/api/instructor/library/preview/:seed/labs/:labId/notes': previewRoute(),
  '/api/instructor/cohorts/:cohortId/progress': { reason: STAFF_ONLY, params: ({ cohortId }) => ({ cohortId }) },
  '/api/instructor/cohorts/:cohortId/trainees/:userId/submissions': {
    reason: `${STAFF_ONLY}, their own history included`,
    params: (trainee) => trainee,
  },
  '/api/instructor/cohorts/:cohortId/analytics': { reason: STAFF_ONLY, params: ({ cohortId }) => ({ cohortId }) },
  '/api/instructor/cohorts/:cohortId/reviews': { reason: STAFF_ONLY, params: ({ cohortId }) => ({ cohortId }) },
  '/api/instructor/cohorts/:cohortId/grades.csv': { reason: STAFF_ONLY, params: ({ cohortId }) => ({ cohortId }) },
  '/api/instructor/cohorts/:cohortId/audit': { reason: STAFF_ONLY, params: ({ cohortId }) => ({ cohortId }) },
  '/api/instructor/cohorts/:cohortId/integrity': { reason: STAFF_ONLY, params: ({ cohortId }) => ({ cohortId }) },
  // Lab authoring (#14): lab authors only; /me says only whether the caller may author, so it is walked.
  ...Object.fromEntries(
    [
      '/api/authoring/authors',
      '/api/authoring/drafts',
      '/api/authoring/drafts/:draftId',
      '/api/authoring/drafts/:draftId/file',
      '/api/authoring/drafts/:draftId/raw',
      '/api/authoring/drafts/:draftId/variant',
      '/api/authoring/drafts/:draftId/preview',
      '/api/authoring/labs/:labId/versions',
    ].map((route) => [
      route,
      {
        reason: 'lab authors only (drafts with their answers, versions): answers 403 to trainees',
        params: () =>
          route.includes(':draftId')
            ? { draftId: 1 }
            : route.includes(':labId')
              ? { labId: 'sample-ssh-intrusion' }
              : {},
      },
    ]),
  ),
};

/** How often each walked route answered 2xx, over all the labs walked: every one must be reached somewhere. */
const reached = new Map<string, number>();

/** Reads a route where the fill says and scans the answer, which must be 2xx: a refusal is a failure, not a route seen. */
async function readAndScan(walk: Walk, route: string, spec: WalkedRoute, fill: Fill, step: string): Promise<void> {
  const path = fillRoute(route, fill.params) + (fill.query ? `?${fill.query}` : '');
  const response = await walk.agent.request(path);
  if (response.status < 200 || response.status > 299)
    expect.fail(`GET ${path} ${step} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  let body: string;
  if (spec.reading === 'stream') {
    // A live stream never ends: its first bytes are read, and the stream closed.
    const stream = await EventStream.open(response);
    await stream.started();
    body = stream.text;
    await stream.cancel();
  } else body = await response.text();
  reached.set(route, (reached.get(route) ?? 0) + 1);
  scan(walk, `GET ${path} after ${step}`, body, { evidence: spec.evidence, raw: spec.reading !== 'json' });
}

/** Every route a trainee can reach without changing anything, and the evidence routes when asked. */
async function walkEverything(walk: Walk, step: string, withEvidence = false): Promise<void> {
  const routes = withEvidence ? { ...WALKED, ...EVIDENCE_ROUTES } : WALKED;
  for (const [route, spec] of Object.entries(routes))
    for (const fill of await spec.fill(walk)) await readAndScan(walk, route, spec, fill, step);
}

/** A write's answer, scanned when the caller has released what the write itself reveals. */
interface Written<T> {
  status: number;
  body: T;
  scan: () => void;
}

async function write<T>(walk: Walk, method: string, path: string, body: unknown, step: string): Promise<Written<T>> {
  const response = await walk.agent.request(path, { method, body: JSON.stringify(body) });
  const text = await response.text();
  expect(response.status, `${method} ${path}: ${text.slice(0, 200)}`).toBeLessThan(500);
  return {
    status: response.status,
    body: JSON.parse(text) as T,
    scan: () => scan(walk, `${method} ${path} after ${step}`, text),
  };
}

/** Answers that are the right shape but wrong, tried in order; the first that the checker grades as wrong is used. */
function wrongAnswerCandidates(spec: AnswerSpec): AnswerInput[] {
  const shape = publicAnswerShape(spec) as {
    options?: { id: string }[];
    items?: { id: string }[];
    labels?: { id: string }[];
  };
  const candidates: AnswerInput[] = [
    'zzzz-not-the-answer',
    '987654321',
    '198.51.100.254',
    '2001:db8::dead:beef',
    '0'.repeat(32),
    '0'.repeat(40),
    '0'.repeat(64),
    '0'.repeat(128),
    '2001-02-03T04:05:06Z',
    ['198.51.100.254'],
    ['zzzz-not-the-answer'],
    ['987654321'],
    ['0'.repeat(64)],
    ['2001-02-03T04:05:06Z'],
  ];
  if (shape.options) {
    const ids = shape.options.map((option) => option.id);
    candidates.push(
      ids[0]!,
      [ids[0]!],
      ids,
      [...ids].reverse(),
      ids.slice(0, 2),
      [...ids].sort().reverse(),
      ids.slice(1),
    );
    for (const id of ids) candidates.push(id, [id]);
  }
  if (shape.items && shape.labels) {
    for (const label of shape.labels)
      candidates.push(Object.fromEntries(shape.items.map((item) => [item.id, label.id])));
  }
  return candidates;
}

function wrongAnswer(spec: AnswerSpec, book: SecretBook): AnswerInput {
  const found = wrongAnswerCandidates(spec).find((candidate) => {
    const checked = checkAnswer(spec, candidate);
    if (checked.status !== 'graded' || checked.verdict === 'correct') return false;
    const text = stringsIn(candidate).join('\n').toLowerCase();
    return !book.pending().some((secret) => text.includes(secret.folded));
  });
  if (found === undefined)
    throw new Error(`no wrong answer of the right shape found for a ${spec.kind} answer: add a candidate`);
  return found;
}

function invalidAnswer(spec: AnswerSpec): AnswerInput | undefined {
  const candidates: AnswerInput[] = [
    '',
    '   ',
    'this is not an answer of the right shape ###',
    ['a', 'b', 'c', 'd'],
    { unexpected: 'mapping' },
  ];
  return candidates.find((candidate) => checkAnswer(spec, candidate).status === 'invalid');
}

/** A finding for a manual task: long enough, and made of words no lab uses as an answer. */
function manualFinding(spec: AnswerSpec): string {
  const minimum = spec.kind === 'manual' ? spec.min_length : 1;
  let text = 'My finding:';
  while (text.length < minimum + 10)
    text += ' the exhibits show what happened, step by step, as described in my notes.';
  return text;
}

/** The reference answers and variant values of one variant, folded: what differs between trainees. */
function answersAndValues(lab: LoadedLab, variant: LabVariant): Set<string> {
  const texts = [
    ...lab.definition.tasks.flatMap((task) => referenceAnswers(variant.tasks.get(task.id)!.answer).flatMap(stringsIn)),
    ...lab.definition.tasks.flatMap((task) => variant.tasks.get(task.id)!.examples.accept.flatMap(stringsIn)),
    ...Object.values(variant.values).flatMap(stringsIn),
  ];
  return new Set(texts.map((text) => text.trim().toLowerCase()));
}

/**
 * Whether a served text is the author's text, except that answers of tasks still open may be
 * replaced by the server's mask: the parts between masks appear in the author's text, in order.
 */
function isReleasedForm(served: string | null | undefined, original: string): boolean {
  if (typeof served !== 'string') return false;
  const parts = served.split(/\[answer of "[^"]+", shown once that task is done\]/u);
  let at = 0;
  for (const [index, part] of parts.entries()) {
    const found = index === 0 ? (original.startsWith(part) ? 0 : -1) : original.indexOf(part, at);
    if (found < 0) return false;
    at = found + part.length;
  }
  return parts.length > 1 || served === original;
}

/**
 * Opens a lab as the trainee on a named variant seed instead of the random one a first visit draws,
 * so that every run walks the same variants: a leak found once is found every time, and a number
 * that only coincides in some variants cannot make the test fail now and then.
 */
async function openWithSeed(on: Harness, agent: Agent, trainee: Actor, labId: string, seed: string): Promise<string> {
  on.db.$client
    .prepare('insert into lab_attempts (user_id, lab_id, variant_seed, started_at) values (?, ?, ?, ?)')
    .run(trainee.id, labId, seed, on.now().getTime());
  expect((await agent.request(`/api/labs/${labId}`)).status).toBe(200);
  return seed;
}

interface TaskPlan {
  task: TaskDefinition;
  spec: AnswerSpec;
  hints: string[];
  explanation: string | null;
}

describe('no answer leaks to a trainee', () => {
  it('checks every shipped lab (the list below comes from labs/)', ({ harness }) => {
    expect(harness.library.failures).toEqual([]);
    expect([...harness.library.labs.keys()].sort()).toEqual([...walkedLabIds].sort());
    expect(labIds.length).toBeGreaterThanOrEqual(2);
  });

  it("walks or leaves out, for a stated reason, every GET route of the app's route table", ({ harness }) => {
    const table = readableRoutes(harness.app);
    expect(table.length).toBeGreaterThan(20);
    const walked = [...Object.keys(WALKED), ...Object.keys(EVIDENCE_ROUTES)];
    expect(routeCoverage(table, walked, Object.keys(EXCLUDED))).toEqual({ unaccounted: [], stale: [], both: [] });
  });

  it('leaves out only routes that refuse a trainee of the cohort, as their reasons say', async ({ harness, ines }) => {
    const trainee = await harness.user('left-out-routes');
    const cohortId = (await harness.cohort(ines, [trainee], [labIds[0]!])).id;
    const agent = await harness.signIn(trainee);
    for (const [route, { reason, params }] of Object.entries(EXCLUDED)) {
      expect(reason).toMatch(/answers 403 to (?:trainees|everyone else)/u);
      const response = await agent.json<ErrorBody>('GET', fillRoute(route, params({ cohortId, userId: trainee.id })));
      expect({ route, status: response.status, code: response.body?.error?.code }).toEqual({
        route,
        status: 403,
        code: 'forbidden',
      });
    }
  });

  // A lab's walk reads every route after every step: 10 to 18 s for the larger labs on a busy machine.
  it.for(walkedLabIds)(
    '%s: no route shows a secret before the rules release it',
    { timeout: 60_000 },
    async (labId, { harness, ines }) => {
      const lab = harness.library.labs.get(labId)!;
      const trainee = await harness.user(`trainee-${walkedLabIds.indexOf(labId)}`);
      const cohortId = (await harness.cohort(ines, [trainee], [labId])).id;
      const agent = await harness.signIn(trainee);

      const seed = await openWithSeed(harness, agent, trainee, labId, `walk-${labId}`);
      const variant = harness.services.variants.get(lab, seed);

      // The secrets of this trainee's variant.
      const book = new SecretBook();
      const plans: TaskPlan[] = [];
      for (const task of lab.definition.tasks) {
        const resolved = variant.tasks.get(task.id)!;
        const spec = resolved.answer;
        book.markPublic(shapeStrings(spec));
        book.add('answer', `task ${task.id} (reference answer)`, referenceAnswers(spec).flatMap(stringsIn));
        book.add('answer', `task ${task.id} (accepted example)`, resolved.examples.accept.flatMap(stringsIn));
        const explanation = task.explanation ? interpolate(task.explanation, variant.values) : null;
        if (explanation) book.add('explanation', `task ${task.id} (explanation)`, textAndLines(explanation, 40));
        const hints = task.hints.map((hint) => interpolate(hint.text, variant.values));
        hints.forEach((hint, index) => {
          book.add('hint', `task ${task.id} (hint ${index})`, [hint]);
        });
        if (spec.kind === 'manual') book.add('rubric', `task ${task.id} (rubric)`, textAndLines(spec.rubric, 30));
        // Anticipated wrong answers and their feedback are reference material until the trainee gives one.
        for (const misconception of resolved.misconceptions)
          book.add('misconception', `task ${task.id} (anticipated wrong answer ${misconception.name})`, [
            ...referenceAnswers(misconception.spec).flatMap(stringsIn),
            ...textAndLines(misconception.feedback, 40),
          ]);
        plans.push({ task, spec, hints, explanation });
      }
      const declared = lab.definition.variants?.values ?? {};
      for (const [name, value] of Object.entries(variant.values))
        if (!declared[name]?.public)
          book.add(
            'value',
            `variant value ${name}`,
            stringsIn(value).filter((text) => typeof value !== 'number' || text.length >= 3),
          );
      expect(book.secrets.length).toBeGreaterThan(0);
      if (lab.generator)
        book.markVarying(SEEDS.map((other) => answersAndValues(lab, harness.services.variants.get(lab, other))));
      // What every trainee sees alike, and the evidence hashes shown for the chain of custody.
      const definition = lab.definition;
      const publicValues = Object.fromEntries(
        Object.entries(variant.values).filter(([name]) => declared[name]?.public),
      );
      book.addFixedTexts([
        definition.title,
        definition.summary,
        ...definition.skills,
        ...definition.objectives,
        interpolate(lab.brief, publicValues),
      ]);
      for (const item of lab.evidence) {
        book.addFixedTexts([
          item.definition.title,
          item.definition.description ?? '',
          item.definition.file,
          ...Object.values(item.definition.custody),
        ]);
        book.markPublic([item.definition.sha256 ?? variant.files.get(item.definition.id)!.sha256]);
      }
      for (const plan of plans)
        book.addFixedTexts([
          plan.task.title,
          interpolate(plan.task.prompt, publicValues),
          plan.task.placeholder ?? '',
          ...shapeStrings(plan.spec),
        ]);

      const walk: Walk = { agent, lab, book, cohortId, leaks: [] };
      const base = `/api/labs/${labId}`;
      const status = new Map<string, string>(lab.definition.tasks.map((task) => [task.id, 'open']));
      const isSolved = (taskId: string) => status.get(taskId) === 'solved';

      await walkEverything(walk, 'the first visit', true);
      // A stream held open through the answers below: its first change notice is read and scanned too.
      const stream = await EventStream.open(agent.request(fillRoute('/api/scoreboard/:cohortId/stream', { cohortId })));

      const notes = await write(
        walk,
        'PUT',
        `${base}/notes`,
        { body: '# My notes\n- started reading the exhibits', baseRevision: 0 },
        'saving notes',
      );
      expect(notes.status).toBe(200);
      notes.scan();

      const order: TaskPlan[] = [];
      while (order.length < plans.length) {
        const next = plans.find(
          (plan) =>
            !order.includes(plan) &&
            plan.task.requires.every((required) => order.some((done) => done.task.id === required)),
        );
        if (!next) throw new Error("the tasks' requires form a cycle");
        order.push(next);
      }

      for (const plan of order) {
        const { task, spec, hints } = plan;
        const path = `${base}/tasks/${task.id}`;
        expect(task.requires.every(isSolved), `prerequisites of ${task.id} solved`).toBe(true);

        if (hints.length > 0) {
          // Unlocking hint 0 releases its text, and only its text: hint 1 stays a secret.
          book.release(hints[0]!);
          const unlocked = await write<{ hint: { text: string } }>(
            walk,
            'POST',
            `${path}/hints/0`,
            {},
            `unlocking hint 0 of ${task.id}`,
          );
          expect(unlocked.status).toBe(200);
          expect(isReleasedForm(unlocked.body.hint.text, hints[0]!)).toBe(true);
          unlocked.scan();
        }

        const attemptsAllowed = task.max_attempts ?? Infinity;
        if (spec.kind !== 'manual' && attemptsAllowed >= 2) {
          const answer = wrongAnswer(spec, book);
          const wrong = await write<{
            submission: { verdict: string; status: string; explanation: string | null; feedback: string };
          }>(walk, 'POST', `${path}/submissions`, { answer }, `a wrong answer to ${task.id}`);
          expect(wrong.status, `wrong answer ${JSON.stringify(answer)} to ${task.id}`).toBe(201);
          expect(wrong.body.submission.verdict).not.toBe('correct');
          expect(wrong.body.submission.explanation).toBeNull();
          // An answer that was an anticipated wrong one released its feedback, and only that.
          const given = variant.tasks
            .get(task.id)!
            .misconceptions.find((misconception) =>
              isReleasedForm(wrong.body.submission.feedback, misconception.feedback),
            );
          if (given) book.release(wrong.body.submission.feedback);
          wrong.scan();
        }

        const malformed = invalidAnswer(spec);
        if (malformed !== undefined) {
          const invalid = await write(
            walk,
            'POST',
            `${path}/submissions`,
            { answer: malformed },
            `a malformed answer to ${task.id}`,
          );
          expect(invalid.status).toBe(422);
          invalid.scan();
        }

        await walkEverything(walk, `trying ${task.id}`);

        const references = referenceAnswers(spec);
        const answer: AnswerInput = references[0] ?? manualFinding(spec);
        // The trainee's own answer is theirs to see again.
        for (const text of stringsIn(answer)) book.release(text);
        const answered = await write<{ submission: { status: string; explanation: string | null } }>(
          walk,
          'POST',
          `${path}/submissions`,
          { answer },
          `answering ${task.id}`,
        );
        expect(answered.status, `${task.id}: ${JSON.stringify(answered.body)}`).toBe(201);
        const outcome = answered.body.submission;
        status.set(task.id, outcome.status);
        if (spec.kind === 'manual') expect(outcome.status).toBe('pending_review');
        else expect(outcome.status).toBe('solved');
        if (outcome.status === 'solved' || outcome.status === 'failed') {
          // The rules release the explanation now; the scanner must see exactly the text it holds as secret.
          if (plan.explanation) {
            expect(isReleasedForm(outcome.explanation, plan.explanation)).toBe(true);
            book.release(plan.explanation);
          }
        } else {
          expect(outcome.explanation).toBeNull();
        }
        answered.scan();
        await walkEverything(walk, `answering ${task.id}`);
      }

      await walkEverything(walk, 'the last answer', true);
      // The notices wait on the app's clock: moving it by nothing sends the one that is due.
      await harness.advance(0);
      const notices = await stream.ready();
      await stream.cancel();
      expect(notices.map((notice) => notice.type)).toContain('scores');
      scan(walk, `GET /api/scoreboard/${cohortId}/stream (its change notices) after the last answer`, stream.text, {
        raw: true,
      });

      // The rubric and the explanations of tasks still under review were never released.
      const stillSecret = book.pending(['rubric', 'explanation', 'hint']).map((secret) => secret.origin);
      for (const plan of plans) {
        if (plan.spec.kind === 'manual' && plan.task.explanation)
          expect(stillSecret).toContain(`task ${plan.task.id} (explanation)`);
        if (plan.hints.length > 1) expect(stillSecret).toContain(`task ${plan.task.id} (hint 1)`);
      }
      expect(walk.leaks).toEqual([]);
    },
  );

  // Runs after the walks above (tests of a file run in order): a route with nothing to read in any
  // lab (no artefact of its kind, say) would otherwise pass as walked without ever being read.
  it('read every route it walks with a 2xx answer, in one lab or another', () => {
    const unread = [...Object.keys(WALKED), ...Object.keys(EVIDENCE_ROUTES)].filter((route) => !reached.has(route));
    expect(unread).toEqual([]);
  });
});

describe('texts released while other tasks are open', () => {
  // Explanations are released when a task is solved or out of attempts, hints when bought, and lab
  // authors naturally name other findings in them. The server masks the answers of tasks that are
  // still open, so failing one task on purpose never gives another away. This walks each lab as a
  // trainee who buys every hint and fails every task that has an attempt limit.
  it.for(labIds)(
    '%s: no released explanation or hint shows the answer of a task that is still open',
    async (labId, { harness, ines }) => {
      const lab = harness.library.labs.get(labId)!;
      const trainee = await harness.user(`released-${labIds.indexOf(labId)}`);
      await harness.cohort(ines, [trainee], [labId]);
      const agent = await harness.signIn(trainee);
      const seed = await openWithSeed(harness, agent, trainee, labId, `released-${labId}`);
      const variant = harness.services.variants.get(lab, seed);
      const findings = new Set<string>();

      interface ServedTask {
        id: string;
        status: string;
        explanation: string | null;
        hints: { text: string | null }[];
      }
      const inspect = async (step: string) => {
        const view = (await agent.json<{ lab: { tasks: ServedTask[] } }>('GET', `/api/labs/${labId}`)).body.lab;
        const released = view.tasks.flatMap((task) =>
          [task.explanation, ...task.hints.map((hint) => hint.text)]
            .filter((text): text is string => !!text)
            .map((text) => ({ task: task.id, text: text.toLowerCase() })),
        );
        const isSettled = (task: ServedTask) => task.status === 'solved' || task.status === 'failed';
        // Answers of settled tasks are the trainee's to see (see leakingSpans in server/labs/answer-leaks.ts):
        // "the attacker got into w.degraaf" may stay in that task's explanation though w.degraaf is also
        // one of the accounts another, open, task asks for.
        const known = new Set(
          view.tasks.filter(isSettled).flatMap((task) =>
            referenceAnswers(variant.tasks.get(task.id)!.answer)
              .flatMap(stringsIn)
              .map((text) => text.toLowerCase()),
          ),
        );
        for (const open of view.tasks.filter((task) => !isSettled(task))) {
          const spec = variant.tasks.get(open.id)!.answer;
          const options = shapeStrings(spec);
          const answerValues = referencedNames(lab.definition.tasks.find((task) => task.id === open.id)!.answer);
          for (const reference of referenceAnswers(spec).flatMap(stringsIn)) {
            if (!worthChecking(reference) || options.has(reference.toLowerCase()) || known.has(reference.toLowerCase()))
              continue;
            for (const { task, text } of released) {
              if (task === open.id || !containsToken(text, reference.toLowerCase())) continue;
              // A number is the answer only where the text shows the value the answer is made of; another
              // generated count that happens to be equal (rejected passwords of another address) is not.
              const definition = lab.definition.tasks.find((candidate) => candidate.id === task)!;
              const shown = referencedNames([
                definition.explanation ?? '',
                ...definition.hints.map((hint) => hint.text),
              ]);
              if (
                /^\d+$/u.test(reference.trim()) &&
                answerValues.length > 0 &&
                !answerValues.some((name) => shown.includes(name))
              )
                continue;
              findings.add(`${step}: a text of ${task} shows the answer of open task ${open.id} (${reference})`);
            }
          }
        }
      };

      for (const task of lab.definition.tasks) {
        for (let index = 0; index < task.hints.length; index++)
          await agent.request(`/api/labs/${labId}/tasks/${task.id}/hints/${index}`, { method: 'POST', body: '{}' });
        const spec = variant.tasks.get(task.id)!.answer;
        const submit = (answer: AnswerInput) =>
          agent.request(`/api/labs/${labId}/tasks/${task.id}/submissions`, {
            method: 'POST',
            body: JSON.stringify({ answer }),
          });
        if (spec.kind === 'manual') await submit(manualFinding(spec));
        else if (task.max_attempts !== undefined)
          for (let attempt = 0; attempt < task.max_attempts; attempt++)
            await submit(wrongAnswer(spec, new SecretBook()));
        else await submit(referenceAnswers(spec)[0]!);
        await inspect(`after ${task.id}`);
      }
      expect([...findings]).toEqual([]);
    },
  );
});

describe('the public answer shape', () => {
  it.for(labIds)(
    '%s: never contains a reference answer, and does not depend on the expected value',
    async (labId, { harness }) => {
      const lab = harness.library.labs.get(labId)!;
      for (const seed of SEEDS) {
        const variant = harness.services.variants.get(lab, seed);
        for (const task of lab.definition.tasks) {
          const spec = variant.tasks.get(task.id)!.answer;
          const shape = publicAnswerShape(spec);
          const shown = JSON.stringify(shape).toLowerCase();
          const optionStrings = shapeStrings(spec);
          for (const reference of referenceAnswers(spec).flatMap(stringsIn)) {
            if (!worthChecking(reference) || optionStrings.has(reference.toLowerCase())) continue;
            expect(shown, `${labId}/${task.id}: ${reference}`).not.toContain(reference.toLowerCase());
          }
          for (const field of ['expected', 'example', 'pattern', 'rubric', 'cidr', 'correct', 'answer'])
            expect(Object.keys(shape), `${labId}/${task.id}`).not.toContain(field);
          if ('expected' in spec) {
            const altered = { ...spec, expected: 'something else entirely' } as AnswerSpec;
            expect(publicAnswerShape(altered), `${labId}/${task.id}`).toEqual(shape);
          }
        }
      }
    },
  );
});

describe('an explanation released by running out of attempts (issue 11)', () => {
  /** Settles intrusion-phases by using up its two attempts, as the audit did, and returns what the trainee then sees. */
  async function failIntrusionPhases(on: Harness, teacher: Actor, name: string) {
    const labId = 'sample-ssh-intrusion';
    const lab = on.library.labs.get(labId)!;
    const trainee = await on.user(name);
    await on.cohort(teacher, [trainee], [labId]);
    const agent = await on.signIn(trainee);
    const seed = await openWithSeed(on, agent, trainee, labId, `intrusion-${name}`);
    const variant = on.services.variants.get(lab, seed);
    let last: { status: number; body: { submission: { status: string; explanation: string | null } } } | undefined;
    for (let attempt = 0; attempt < 2; attempt++)
      last = await agent.json('POST', `/api/labs/${labId}/tasks/intrusion-phases/submissions`, {
        answer: 'log-wiping > scan',
      });
    expect(last!.status).toBe(201);
    expect(last!.body.submission.status).toBe('failed');
    const explanation = last!.body.submission.explanation!;
    expect(explanation).toBeTruthy();
    return { agent, lab, variant, explanation };
  }

  it('sample-ssh-intrusion: the explanation of intrusion-phases gives no piece that a still-open task accepts, "31" included', async ({
    harness,
    ines,
  }) => {
    const { lab, variant, explanation } = await failIntrusionPhases(harness, ines, 'phases-failed');
    // Every other task is open: none of their checkers may accept any piece of the text, whatever its length.
    for (const task of lab.definition.tasks.filter((other) => other.id !== 'intrusion-phases')) {
      const spec = variant.tasks.get(task.id)!.answer;
      const pieces = acceptedAnswerSpans(explanation, spec).map((span) => explanation.slice(span.start, span.end));
      expect(pieces, `pieces of the explanation that ${task.id} accepts`).toEqual([]);
    }
    const count = String(variant.values.failed_attempts);
    expect(explanation.split(/[^0-9]+/u)).not.toContain(count);
  });

  it('masks short and decorated answers in a lab whose text still leaks, and shows them once their task is settled', async ({
    leakyHarness,
  }) => {
    const teacher = await leakyHarness.user('ines', 'instructor');
    const { agent, variant, explanation } = await failIntrusionPhases(leakyHarness, teacher, 'phases-leaky');
    const count = String(variant.values.failed_attempts);
    const address = String(variant.values.attacker_ip);
    expect(explanation.split(/[^0-9]+/u)).not.toContain(count);
    expect(explanation).not.toContain(address);
    expect(explanation).toContain('[answer of "How many passwords were guessed", shown once that task is done]');
    expect(explanation).toContain('[answer of "The attacking address", shown once that task is done]');

    // Settling attacker-ip shows its answer again; the count stays hidden while its task is open.
    expect(
      (await agent.json('POST', '/api/labs/sample-ssh-intrusion/tasks/attacker-ip/submissions', { answer: address }))
        .status,
    ).toBe(201);
    const view = await agent.json<{ lab: { tasks: { id: string; explanation: string | null }[] } }>(
      'GET',
      '/api/labs/sample-ssh-intrusion',
    );
    const shown = view.body.lab.tasks.find((task) => task.id === 'intrusion-phases')!.explanation!;
    expect(shown).toContain(`[${address}]:22`);
    expect(shown.split(/[^0-9]+/u)).not.toContain(count);
  });
});
