import type { taskResults } from '../../db/schema.ts';
import {
  acceptedAnswerSpans,
  answerOwner,
  fillInValues,
  mergeSpans,
  tellingSpans,
  type AnswerOwner,
  type ReleasedText,
  type TextSpan,
} from '../../labs/answer-leaks.ts';
import type { TaskDefinition } from '../../labs/schema.ts';
import type { LabVariant } from './variant-store.ts';

type TaskResultRow = typeof taskResults.$inferSelect;

/** What masking needs to know of a lab's tasks. */
type MaskedTask = Pick<TaskDefinition, 'id' | 'title' | 'answer'>;

/**
 * A hint or explanation as released to a trainee, with the answers of the lab's other tasks that
 * are still open masked. Authors naturally write "the attacker, 203.0.113.7, then made 31 attempts",
 * and a trainee can get an explanation released by using up a task's attempts. `npm run lab -- check`
 * refuses such texts in the shipped labs; masking makes them harmless whatever a lab says.
 *
 * A piece is masked when the open task's own checker would accept it, in any form and at any
 * length ("31", "**31**", "1 234 bytes", an address inside "[203.0.113.7]:22"), under the rule of
 * leakingSpans in labs/answer-leaks.ts; an answer shows again once its own task is settled. Pieces
 * that are the answer of the text's own task or of a settled task are known to the trainee and stay.
 */
export function releaseText(
  text: string,
  ownTaskId: string,
  variant: LabVariant,
  results: Map<string, TaskResultRow>,
  tasks: readonly MaskedTask[],
): string {
  const scan = scanOf(variant, text, tasks);
  const isSettled = (taskId: string) => {
    const status = results.get(taskId)?.status;
    return status === 'solved' || status === 'failed';
  };
  const known = tasks
    .filter((task) => task.id === ownTaskId || isSettled(task.id))
    .flatMap((task) => scan.accepted.get(task.id) ?? []);
  const masks: (TextSpan & { title: string })[] = [];
  for (const task of tasks) {
    if (task.id === ownTaskId || isSettled(task.id)) continue;
    const owner = scan.owners.get(task.id);
    const accepted = scan.accepted.get(task.id);
    if (!owner || !accepted || accepted.length === 0) continue;
    for (const span of tellingSpans(scan.released, owner, accepted, known)) masks.push({ ...span, title: task.title });
  }
  if (masks.length === 0) return scan.released.text;
  // Overlapping pieces of two answers are hidden as one, named after the first.
  let out = scan.released.text;
  for (const span of mergeSpans(masks).reverse()) {
    const title = masks.find((mask) => mask.start < span.end && span.start < mask.end)!.title;
    out = `${out.slice(0, span.start)}[answer of "${title}", shown once that task is done]${out.slice(span.end)}`;
  }
  return out;
}

interface TextScan {
  released: ReleasedText;
  owners: Map<string, AnswerOwner>;
  /** The pieces each task's checker accepts. */
  accepted: Map<string, TextSpan[]>;
}

/**
 * The checker scan of one text for one variant, which depends neither on the trainee's progress
 * nor on the request: cached with the variant (itself cached), so a lab page that shows twenty
 * released texts runs the checkers once per text, not on every request.
 */
const scansByVariant = new WeakMap<LabVariant, Map<string, TextScan>>();

function scanOf(variant: LabVariant, text: string, tasks: readonly MaskedTask[]): TextScan {
  let scans = scansByVariant.get(variant);
  if (!scans) {
    scans = new Map();
    scansByVariant.set(variant, scans);
  }
  let scan = scans.get(text);
  if (!scan) {
    const released = fillInValues(text, variant.values);
    const owners = new Map<string, AnswerOwner>();
    const accepted = new Map<string, TextSpan[]>();
    for (const task of tasks) {
      const resolved = variant.tasks.get(task.id);
      if (!resolved) continue;
      owners.set(task.id, answerOwner(task, resolved.answer));
      accepted.set(task.id, acceptedAnswerSpans(released.text, resolved.answer));
    }
    scan = { released, owners, accepted };
    scans.set(text, scan);
  }
  return scan;
}
