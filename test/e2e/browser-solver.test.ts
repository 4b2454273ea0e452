import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { solvableTasks, type SolvableTask } from './support/lab-answers.ts';
import {
  pageWithFailureScreenshot,
  serverAndBrowserForFile,
  signIn,
  WITHOUT_DEMO_ACTIVITY,
} from './support/browser.ts';
import { HttpAgent } from '../helpers/server-process.ts';
import { TaskDriver, type AnswerValue, type PublicShape, type Sent } from './support/widget-driver.ts';

/**
 * The browser solver: every shipped lab worked to full points in Chromium through the real answer
 * widgets, with the request body checked against what the controls show, for wrong and right answers.
 */

const LABS = readdirSync('labs', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join('labs', entry.name, 'lab.yaml')))
  .map((entry) => entry.name)
  .sort();
const PASSWORD = 'browser-solver-2024';
const WRONG = /^(Not correct|Partly right)\./u;
const RIGHT = /^Correct\./u;
/** Kinds whose widgets are checked with a wrong answer before the right one. */
const WRONG_FIRST = new Set(['choice', 'mapping', 'sequence', 'set']);
/** Values of the wrong shape, refused in the browser before anything is sent. */
const MALFORMED: Record<string, string> = {
  ip: '300.1.2',
  hash: 'not-a-hash',
  number: 'about forty',
  timestamp: 'last Tuesday',
};

let admin: HttpAgent;
let instructor: HttpAgent;
let cohortId: number;

function expectCreated(response: { status: number; body: unknown }): void {
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

/** A fresh trainee in the solver's cohort, where every lab is assigned on its own (no course locks). */
async function newTrainee(username: string): Promise<string> {
  expectCreated(
    await admin.json('POST', '/api/users', { username, displayName: username, password: PASSWORD, role: 'trainee' }),
  );
  expectCreated(await admin.json('POST', `/api/cohorts/${cohortId}/members`, { username }));
  return username;
}

/** The solver's cohort, every shipped lab assigned to it. */
const app = serverAndBrowserForFile({
  server: WITHOUT_DEMO_ACTIVITY,
  setUp: async ({ server }) => {
    admin = await new HttpAgent(server.url).signIn('admin', 'demo-admin-2024');
    instructor = await new HttpAgent(server.url).signIn('instructor', 'demo-instructor-2024');
    const created = await instructor.json<{ cohort: { id: number } }>('POST', '/api/cohorts', {
      name: 'Browser solver',
    });
    expectCreated(created);
    cohortId = created.body.cohort.id;
    for (const labId of LABS)
      expectCreated(await instructor.json('POST', `/api/cohorts/${cohortId}/assignments`, { labId }));
  },
});

/** Tasks in list order, each after the tasks it requires. */
function inSolvingOrder(tasks: readonly SolvableTask[]): SolvableTask[] {
  const ordered: SolvableTask[] = [];
  const done = new Set<string>();
  while (ordered.length < tasks.length) {
    const next = tasks.find((task) => !done.has(task.id) && task.requires.every((id) => done.has(id)));
    if (!next) throw new Error(`circular requires among ${tasks.map((task) => task.id).join(', ')}`);
    ordered.push(next);
    done.add(next.id);
  }
  return ordered;
}

/** A wrong answer costs points (a penalty) or the task (a single attempt): shown to another trainee. */
const wrongAnswerCosts = (task: SolvableTask) => task.wrongPenalty > 0 || task.maxAttempts === 1;

/** A signed-in page on the lab's workspace, opened from the catalogue. */
async function openLab(name: string, username: string, labId: string): Promise<Page> {
  await app.browser.context.clearCookies();
  const page = await pageWithFailureScreenshot(app.browser, name);
  await signIn(page, app.server.url, username, PASSWORD);
  await page
    .locator('article')
    .filter({ has: page.locator(`[id="lab-${labId}"]`) })
    .getByRole('link', { name: /^(Start|Continue)$/u })
    .click();
  await page.getByRole('heading', { name: 'Tasks', level: 2 }).waitFor({ timeout: 30_000 });
  return page;
}

async function publicShapes(page: Page, labId: string): Promise<Map<string, PublicShape>> {
  const response = await page.request.get(`${app.server.url}/api/labs/${labId}`);
  expect(response.status()).toBe(200);
  const { lab } = (await response.json()) as { lab: { tasks: { id: string; answer: PublicShape }[] } };
  return new Map(lab.tasks.map((task) => [task.id, task.answer]));
}

function driverFor(page: Page, labId: string, tasks: readonly SolvableTask[], task: SolvableTask): TaskDriver {
  const number = tasks.findIndex((candidate) => candidate.id === task.id) + 1;
  return new TaskDriver(page, labId, task.id, page.getByRole('article', { name: new RegExp(`^${number}\\. `, 'u') }));
}

/**
 * Submits what the field shows and checks the three things that must agree: the controls before
 * sending, the request body, and the controls after the verdict.
 */
async function sendAndCompare(
  driver: TaskDriver,
  onScreen: () => Promise<AnswerValue | undefined>,
  verdict: RegExp,
): Promise<Sent> {
  const before = await onScreen();
  const sent = await driver.submit();
  expect(sent.status, JSON.stringify(sent.response)).toBe(201);
  expect(sent.body.answer, `${driver.taskId}: the request body is what the controls showed`).toEqual(before);
  const shown = await driver.expectVerdict(verdict);
  expect(shown, 'the verdict is said once').not.toMatch(
    /^(Correct|Not correct|Partly right|Submitted for review)\.\s+\1\b/u,
  );
  expect(await onScreen(), `${driver.taskId}: after the verdict the controls still show what was sent`).toEqual(
    sent.body.answer,
  );
  return sent;
}

/** Reads the answer the task's controls show, in the shape the request body has. */
function readerFor(driver: TaskDriver, shape: PublicShape): () => Promise<AnswerValue | undefined> {
  switch (shape.kind) {
    case 'choice':
      return () => driver.choiceOnScreen(shape);
    case 'mapping':
      return () => driver.mappingOnScreen(shape);
    case 'sequence':
      return () => driver.orderOnScreen();
    case 'set':
      return () => driver.listOnScreen();
    default:
      return () => driver.textOnScreen();
  }
}

/** A plausible wrong item of a list's item kind, not in the reference list. */
function wrongItem(shape: Extract<PublicShape, { kind: 'set' }>, reference: readonly string[]): string {
  const of = shape.of as { kind: string; algorithm?: string };
  const candidates: Record<string, string[]> = {
    ip: ['192.0.2.1', '192.0.2.2'],
    number: ['999999', '999998'],
    timestamp: ['2000-01-01 00:00:00', '2000-01-02 00:00:00'],
    hash: ['0', '1'].map((digit) =>
      digit.repeat({ md5: 32, sha1: 40, sha256: 64, sha512: 128 }[of.algorithm ?? 'sha256'] ?? 64),
    ),
    text: [`${reference[0]}-old`, `old-${reference[0]}`],
  };
  return (candidates[of.kind] ?? candidates.text!).find((item) => !reference.includes(item))!;
}

/** The wrong answer for a choice: a right option swapped for a wrong one (multiple), or another option (single). */
function wrongPicks(shape: Extract<PublicShape, { kind: 'choice' }>, right: readonly string[]): string[] {
  const others = shape.options.map((option) => option.id).filter((id) => !right.includes(id));
  if (!shape.multiple) return [others[0]!];
  const picks = [...right.slice(1), ...others.slice(0, 1)];
  return picks.length > 0 ? picks : right.slice(1);
}

/** The wrong answer for a mapping: the first item given another label. */
function wrongPairs(
  shape: Extract<PublicShape, { kind: 'mapping' }>,
  right: Record<string, string>,
): Record<string, string> {
  const first = shape.items[0]!.id;
  return { ...right, [first]: shape.labels.find((label) => label.id !== right[first])!.id };
}

/** Enters a wrong answer through the widget, sends it and checks screen, body and verdict; the controls stay as sent. */
async function answerWrong(
  driver: TaskDriver,
  task: SolvableTask,
  shape: PublicShape,
  options: { dragAndDrop: boolean },
): Promise<void> {
  const reference = task.answer!;
  const read = readerFor(driver, shape);
  switch (shape.kind) {
    case 'choice': {
      const right = Array.isArray(reference) ? (reference as string[]) : [reference as string];
      await driver.choose(shape, wrongPicks(shape, right));
      break;
    }
    case 'mapping':
      await driver.map(shape, wrongPairs(shape, reference as Record<string, string>));
      break;
    case 'sequence': {
      const right = reference as string[];
      const wrong = [right[1]!, right[0]!, ...right.slice(2)];
      if (options.dragAndDrop) {
        // The mouse path once: a step the evidence does not show dragged to its list, and a step
        // dragged onto the first place of the order.
        const extra = (await driver.orderOnScreen()).find((id) => !right.includes(id))!;
        await driver.dragToLeftOut(extra);
        expect(await driver.leftOutOnScreen()).toContain(extra);
        expect(await driver.orderOnScreen()).not.toContain(extra);
        await driver.arrangeWithButtons(shape, right);
        await driver.dragOnto(right[1]!, right[0]!);
        expect(await driver.orderOnScreen()).toEqual(wrong);
      } else {
        await driver.arrangeWithButtons(shape, wrong);
      }
      break;
    }
    case 'set': {
      const right = reference as string[];
      if (right.length === 1) {
        await driver.addWithEnter(wrongItem(shape, right));
      } else if (right.length === 2) {
        await driver.typeInList(right[0]!);
      } else {
        const head = right.slice(0, -2);
        if (head.length === 1) await driver.addWithEnter(head[0]!);
        else await driver.pasteIntoList(head.join(', '));
        expect(await driver.chipsOnScreen(), 'a pasted list becomes one chip per item').toEqual(head);
        await driver.typeInList(right.at(-2)!);
      }
      break;
    }
    default:
      throw new Error(`no wrong answer for ${shape.kind}`);
  }
  const sent = await sendAndCompare(driver, read, WRONG);
  // The badge follows the page's refetch after the answer; the controls still show what was sent.
  await expect.poll(() => driver.badge.innerText()).toBe(task.maxAttempts === 1 ? 'Out of attempts' : 'Open');
  expect(await read(), `${task.id}: after the refetch the controls still show the wrong answer`).toEqual(
    sent.body.answer,
  );
  if (task.maxAttempts === 1) expect(await driver.controlsEditable()).toBe(false);
  else expect(await driver.controlsEditable(), `${task.id}: the wrong answer stays editable`).toBe(true);
}

const FINDING =
  'The evidence shows the steps of the incident in order. Each step is supported by an exhibit and a line reference, ' +
  'the times were converted to UTC, and the hashes of the copies were verified against the originals before analysis. ' +
  'The elements of the offence are met: access without right, with intent, to a computer system, and the data was used afterwards. ' +
  'Open questions for the prosecutor are listed at the end, with the expert witness who can answer each of them in court.';

/**
 * Enters the reference answer (from the state a wrong answer left, when there was one), sends it and
 * checks it is graded correct (a written finding: sent for review). Returns what was sent.
 */
async function answerRight(
  driver: TaskDriver,
  task: SolvableTask,
  shape: PublicShape,
  afterWrong: boolean,
): Promise<Sent> {
  const reference = task.answer;
  const read = readerFor(driver, shape);
  switch (shape.kind) {
    case 'manual': {
      const finding = FINDING.repeat(Math.ceil(task.minLength / FINDING.length));
      await driver.fillFinding(finding);
      const sent = await sendAndCompare(driver, read, /^Submitted for review\./u);
      await expect.poll(() => driver.badge.innerText()).toBe('Waiting for review');
      return sent;
    }
    case 'choice': {
      const right = Array.isArray(reference) ? (reference as string[]) : [reference as string];
      await driver.choose(shape, right);
      break;
    }
    case 'mapping':
      await driver.map(shape, reference as Record<string, string>);
      break;
    case 'sequence':
      await driver.arrangeWithButtons(shape, reference as string[]);
      break;
    case 'set': {
      const right = reference as string[];
      if (!afterWrong) {
        if (right.length === 1) await driver.typeInList(right[0]!);
        else await driver.pasteIntoList(right.join('\n'));
      } else if (right.length === 1) {
        // The wrong chip removed, the right item left typed in the input (not added).
        await driver.removeChip(wrongItem(shape, right));
        await driver.typeInList(right[0]!);
      } else if (right.length === 2) {
        await driver.pressAdd();
        await driver.typeInList(right[1]!);
      } else {
        await driver.pressAdd();
        await driver.addWithEnter(right.at(-1)!);
        expect(await driver.chipsOnScreen()).toEqual(right);
      }
      expect(await driver.listOnScreen()).toEqual(right);
      break;
    }
    default:
      await driver.fillText(String(reference));
  }
  const sent = await sendAndCompare(driver, read, RIGHT);
  await expect.poll(() => driver.badge.innerText(), { message: `${task.id} solved` }).toBe('Solved');
  // Settled: the controls keep the answer that solved it, and can no longer be changed.
  expect(await read(), `${task.id}: the solved answer stays on screen`).toEqual(sent.body.answer);
  expect(await driver.controlsEditable()).toBe(false);
  return sent;
}

/**
 * Wrong answers that would cost the solver points (a penalty per wrong answer) or the task (one
 * attempt) are shown by a second trainee: the prerequisites settled through the API, then the
 * wrong answer entered through the widget and checked against the request body. A costly task that
 * another costly task requires is answered wrong first and then settled through the API, in
 * solving order, so that the task after it opens.
 */
async function probeCostlyWrongAnswers(labId: string, dragAndDrop: boolean): Promise<string[]> {
  const username = await newTrainee(`probe-${labId}`.slice(0, 40));
  const page = await openLab(`browser-solver-${labId}-probe`, username, labId);
  const tasks = await solvableTasks(app.server.env.CASEBENCH_DB!, username, labId);
  const costly = tasks.filter((task) => WRONG_FIRST.has(task.kind) && wrongAnswerCosts(task));
  if (costly.length === 0) {
    await page.close();
    return [];
  }
  const needed = new Set<string>();
  const need = (id: string) => {
    if (needed.has(id)) return;
    needed.add(id);
    for (const required of tasks.find((task) => task.id === id)!.requires) need(required);
  };
  for (const task of costly) for (const required of task.requires) need(required);
  const settle = async (task: SolvableTask) => {
    const response = await page.request.post(`${app.server.url}/api/labs/${labId}/tasks/${task.id}/submissions`, {
      data: { answer: task.answer },
    });
    expect(response.status(), await response.text()).toBe(201);
    expect(((await response.json()) as { submission: { verdict: string } }).submission.verdict).toBe('correct');
  };
  const shapes = await publicShapes(page, labId);
  let dragged = !dragAndDrop;
  // Answers sent through the API since the page was last loaded: the page shows them after a reload.
  let settledSinceLoad = true;
  for (const task of inSolvingOrder(tasks).filter(
    (candidate) => needed.has(candidate.id) || costly.includes(candidate),
  )) {
    if (!costly.includes(task)) {
      await settle(task);
      settledSinceLoad = true;
      continue;
    }
    if (settledSinceLoad) {
      await page.reload();
      await page.getByRole('heading', { name: 'Tasks', level: 2 }).waitFor();
      settledSinceLoad = false;
    }
    const driver = driverFor(page, labId, tasks, task);
    await driver.waitUntilOpen();
    const useDrag = !dragged && task.kind === 'sequence';
    if (useDrag) dragged = true;
    await answerWrong(driver, task, shapes.get(task.id)!, { dragAndDrop: useDrag });
    if (needed.has(task.id)) {
      expect(task.maxAttempts, `${task.id}: a task others require cannot have a single attempt`).not.toBe(1);
      await settle(task);
      settledSinceLoad = true;
    }
  }
  await page.close();
  return costly.map((task) => task.id);
}

describe('the browser solver: every shipped lab to full points through the real widgets', () => {
  it('finds the shipped labs', () => {
    expect(LABS.length).toBeGreaterThanOrEqual(8);
  });

  it.each(LABS)(
    '%s',
    async (labId) => {
      // The mouse path of the sequence widget is tried once, in the first lab that has a sequence to probe.
      const probed = await probeCostlyWrongAnswers(labId, labId === 'sample-ssh-intrusion');

      const username = await newTrainee(`solver-${labId}`.slice(0, 40));
      const page = await openLab(`browser-solver-${labId}`, username, labId);
      const tasks = await solvableTasks(app.server.env.CASEBENCH_DB!, username, labId);
      const shapes = await publicShapes(page, labId);
      const reviews: { task: SolvableTask; submissionId: number }[] = [];
      const lastSent = new Map<string, AnswerValue>();
      const malformedTried = new Set<string>();

      for (const task of inSolvingOrder(tasks)) {
        const shape = shapes.get(task.id)!;
        expect(shape.kind).toBe(task.kind);
        const driver = driverFor(page, labId, tasks, task);
        await driver.waitUntilOpen();
        if (MALFORMED[task.kind] !== undefined && !malformedTried.has(task.kind)) {
          malformedTried.add(task.kind);
          expect(await driver.expectRefusedBeforeSending(MALFORMED[task.kind]!)).toMatch(/^Enter /u);
        }
        const wrongFirst = WRONG_FIRST.has(task.kind) && !wrongAnswerCosts(task);
        if (wrongFirst) await answerWrong(driver, task, shape, { dragAndDrop: false });
        else if (WRONG_FIRST.has(task.kind))
          expect(probed, `${task.id}: its wrong answer was shown by the probe trainee`).toContain(task.id);
        const sent = await answerRight(driver, task, shape, wrongFirst);
        lastSent.set(task.id, sent.body.answer);
        if (task.kind === 'manual') reviews.push({ task, submissionId: sent.response.submission!.submissionId });
      }

      // Written findings graded at full points by the instructor.
      for (const { task, submissionId } of reviews) {
        const response = await instructor.json('POST', `/api/instructor/reviews/${submissionId}`, {
          points: task.points,
          comment: `Complete: ${task.id}.`,
        });
        expect(response.status, JSON.stringify(response.body)).toBe(200);
      }

      const total = tasks.reduce((sum, task) => sum + task.points, 0);
      if (reviews.length === 0)
        await expect.poll(() => page.getByTestId('lab-score').innerText()).toBe(`${total} of ${total} points`);
      // After a reload, from the server alone: every task solved, its controls showing the answer that
      // solved it and its verdict once, the full score, and each written finding beside its grade.
      await page.reload();
      await page.getByRole('heading', { name: 'Tasks', level: 2 }).waitFor();
      await expect.poll(() => page.getByTestId('lab-score').innerText()).toBe(`${total} of ${total} points`);
      for (const task of tasks) {
        const driver = driverFor(page, labId, tasks, task);
        expect(await driver.badge.innerText(), task.id).toBe('Solved');
        expect(await readerFor(driver, shapes.get(task.id)!)(), `${task.id}: the last answer after a reload`).toEqual(
          lastSent.get(task.id),
        );
        if (task.kind !== 'manual') expect(await driver.verdict.innerText(), task.id).toMatch(RIGHT);
      }
      for (const { task } of reviews) {
        const driver = driverFor(page, labId, tasks, task);
        const review = driver.article.getByTestId('task-review');
        await expect.poll(() => review.innerText()).toContain(`${task.points} of ${task.points} points`);
        expect(await review.innerText()).toContain(`Complete: ${task.id}.`);
        const finding = driver.article.getByLabel('Your answer', { exact: true });
        expect(await finding.isVisible()).toBe(true);
        expect(await finding.inputValue()).toBe(FINDING.repeat(Math.ceil(task.minLength / FINDING.length)));
      }
      await page.close();
    },
    180_000,
  );
});
