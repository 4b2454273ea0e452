import { RE2JS } from 're2js';
import { answerSpecSchema, checkAnswer, referenceAnswers, type AnswerSpec } from '../grading/registry.ts';
import type { AnswerInput } from '../grading/types.ts';
import { referencedNames, type VariantValue, type VariantValues } from '../grading/variables.ts';
import type { TaskDefinition } from './schema.ts';
import type { ResolvedTask } from './variants.ts';

/*
 * Answers hidden in texts that a trainee gets to read: explanations, hints and the feedback on
 * anticipated wrong answers.
 *
 * The grader is the oracle. A text "gives away" a task's answer when some piece of it, typed into
 * that task's answer field, would be graded correct: "31", "**31**", "31." and "thirty-one failed"
 * are judged by the number checker itself, not by a second notion of equality kept here. Pieces
 * are whole words (with Markdown and punctuation around them trimmed, and split at characters that
 * never belong to an answer, such as brackets, quotes, "/" and "="), and runs of up to a few words
 * for answers written with spaces (a text answer of several words, "Mar  5 14:02:37", "1 234 bytes").
 *
 * Covered per kind:
 *  - text, regex, number, ip, hash, timestamp: any piece the checker accepts. A hash may be written
 *    in groups separated by spaces; runs of hexadecimal groups of the algorithm's length are tried.
 *  - set: each expected item on its own, checked by the item kind's checker: items are secret values
 *    (addresses, hashes), and with partial scoring every single one earns credit.
 *  - sequence: the order. A text that names every expected step (by id or label), first mentions in
 *    the expected order, gives it away (lab check only; sequences of three steps or more, since two
 *    steps fall in the right order by chance half the time).
 *  - mapping: every item's label. A sentence that names an item and exactly one label is read as
 *    labelling it; when those readings are the whole right answer, it is given away (lab check only).
 *  - choice and manual: not scanned. Options are public by design and naming one does not say it is
 *    right; a manual task has no reference answer.
 * Not covered: answers that must be worked out (spelled-out numbers, "one more than 30"), which no
 * checker accepts. Authors still have to read their texts for those.
 */

/** A stretch of a text, as offsets into it. */
export interface TextSpan {
  start: number;
  end: number;
}

/** Kinds whose answers the runtime masks token by token: secret values, not choices among public options. */
const VALUE_KINDS = new Set<AnswerSpec['kind']>(['text', 'regex', 'number', 'ip', 'hash', 'timestamp', 'set']);

/** Characters around a word that are Markdown or sentence punctuation, not part of an answer. */
const LEADING = /^[*_~`"'([{<\u2018\u201C]+/u;
const TRAILING = /[*_~`"')\]}>,;:.!?\u2019\u201D]+$/u;
/** Characters inside a word that never belong to an answer of a value kind: pieces on either side are tried alone. */
const INNER_SEPARATORS = /[*`"'()[\]{}<>=,;|/\\@\u2018\u2019\u201C\u201D]+/u;
const IPV4_WITH_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/u;
/** The longest run of words tried for a timestamp: "Tuesday, 5 March 2024 14:02:37 +0000 (CEST)". */
const TIMESTAMP_WORDS = 8;
/** Words a regex answer may have beyond its example's (optional parts), and the most ever tried. */
const REGEX_EXTRA_WORDS = 2;
const MAX_RUN_WORDS = 12;

interface Word {
  /** Offsets of the whole non-space run. */
  start: number;
  end: number;
  /** Offsets with Markdown and punctuation trimmed; empty words (a lone "**") are dropped. */
  innerStart: number;
  innerEnd: number;
}

function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  for (const match of text.matchAll(/\S+/gu)) {
    const raw = match[0];
    const start = match.index;
    const lead = LEADING.exec(raw)?.[0].length ?? 0;
    const rest = raw.slice(lead);
    const trail = TRAILING.exec(rest)?.[0].length ?? 0;
    if (rest.length - trail <= 0) continue;
    words.push({ start, end: start + raw.length, innerStart: start + lead, innerEnd: start + raw.length - trail });
  }
  return words;
}

interface Candidate extends TextSpan {
  text: string;
}

interface Scan {
  words: Word[];
  /** Single words in several trims and their inner pieces. */
  singles: Candidate[];
  /** Runs of 2 to n words, by n. */
  runs: Map<number, Candidate[]>;
}

/** Pieces of recently scanned texts: a text is scanned once for each task that may be open. */
const scans = new Map<string, Scan>();
const SCAN_CACHE_SIZE = 256;

/**
 * Pieces of a text to try as answers: single words in several trims, their inner pieces, and runs
 * of 2 to `maxWords` words.
 */
function candidatesOf(text: string, maxWords: number): Candidate[] {
  let scan = scans.get(text);
  if (!scan) {
    if (scans.size >= SCAN_CACHE_SIZE) scans.delete(scans.keys().next().value!);
    const words = wordsOf(text);
    scan = { words, singles: singlePieces(text, words), runs: new Map() };
    scans.set(text, scan);
  }
  if (maxWords <= 1) return scan.singles;
  let runs = scan.runs.get(maxWords);
  if (!runs) {
    runs = [...scan.singles, ...runsOf(text, scan.words, maxWords)];
    scan.runs.set(maxWords, runs);
  }
  return runs;
}

function pieceCollector(text: string): { out: Candidate[]; add: (start: number, end: number) => void } {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  const add = (start: number, end: number) => {
    if (end <= start) return;
    const piece = text.slice(start, end);
    const forms = [piece];
    // Emphasis and code marks inside a run of words ("Blue **Lagoon**") are not part of the answer.
    if (/[*`]/u.test(piece)) forms.push(piece.replace(/[*`]+/gu, ''));
    for (const form of forms) {
      const key = `${start}:${end}:${form}`;
      if (form.trim() === '' || seen.has(key)) continue;
      seen.add(key);
      out.push({ start, end, text: form });
    }
  };
  return { out, add };
}

function singlePieces(text: string, words: readonly Word[]): Candidate[] {
  const { out, add } = pieceCollector(text);
  for (const word of words) {
    add(word.start, word.end);
    add(word.innerStart, word.innerEnd);
    const inner = text.slice(word.innerStart, word.innerEnd);
    let offset = 0;
    for (const part of inner.split(INNER_SEPARATORS)) {
      const at = inner.indexOf(part, offset);
      offset = at + part.length;
      const lead = LEADING.exec(part)?.[0].length ?? 0;
      const trail = TRAILING.exec(part.slice(lead))?.[0].length ?? 0;
      const start = word.innerStart + at + lead;
      const end = word.innerStart + at + part.length - trail;
      add(start, end);
      const withPort = IPV4_WITH_PORT.exec(text.slice(start, end));
      if (withPort) add(start, start + withPort[1]!.length);
    }
  }
  return out;
}

function runsOf(text: string, words: readonly Word[], maxWords: number): Candidate[] {
  const { out, add } = pieceCollector(text);
  for (let first = 0; first < words.length; first++)
    for (let last = first + 1; last < Math.min(words.length, first + maxWords); last++)
      add(words[first]!.innerStart, words[last]!.innerEnd);
  return out;
}

/**
 * Runs of hexadecimal groups ("9f86 d081 ...", "9f:86:d0") whose digits add up to `length`: a hash
 * written in groups.
 */
function hexRuns(text: string, length: number): Candidate[] {
  const words = wordsOf(text);
  const out: Candidate[] = [];
  for (let first = 0; first < words.length; first++) {
    let digits = 0;
    for (let last = first; last < words.length; last++) {
      const inner = text.slice(words[last]!.innerStart, words[last]!.innerEnd);
      if (!/^[0-9a-f]+(?:[:-][0-9a-f]+)*$/iu.test(inner)) break;
      digits += inner.replace(/[:-]/gu, '').length;
      if (digits > length) break;
      if (digits === length && last > first)
        out.push({
          start: words[first]!.innerStart,
          end: words[last]!.innerEnd,
          text: text.slice(words[first]!.innerStart, words[last]!.innerEnd),
        });
    }
  }
  return out;
}

const HASH_LENGTHS = { md5: 32, sha1: 40, sha256: 64, sha512: 128 } as const;

function wordCount(text: string): number {
  return text.trim().split(/\s+/u).filter(Boolean).length;
}

/** How many words a piece of text may need to hold an answer of this (scalar) spec. */
function runLength(spec: AnswerSpec): number {
  switch (spec.kind) {
    case 'text':
      return Math.max(1, ...referenceAnswers(spec).map((answer) => wordCount(String(answer))));
    case 'regex':
      return Math.min(
        MAX_RUN_WORDS,
        Math.max(1, ...referenceAnswers(spec).map((answer) => wordCount(String(answer)))) + REGEX_EXTRA_WORDS,
      );
    case 'number': {
      // "1 234 567" groups thousands with spaces, and a unit may follow ("31 attempts").
      const digits = String(Math.trunc(Math.abs(typeof spec.expected === 'number' ? spec.expected : 0))).length;
      const unitWords = Math.max(
        0,
        ...[spec.unit, ...spec.unit_aliases].filter((unit): unit is string => unit !== undefined).map(wordCount),
      );
      return Math.ceil(digits / 3) + unitWords;
    }
    case 'timestamp':
      return TIMESTAMP_WORDS;
    default:
      return 1;
  }
}

/** A cheap test that a piece could be an answer of this kind at all, so the checker runs on few pieces. */
function plausible(spec: AnswerSpec, piece: string): boolean {
  switch (spec.kind) {
    case 'number':
      return /^[+\-\u2212]?[.,]?\d/u.test(piece);
    case 'ip':
      return /^[0-9a-f:.]+$/iu.test(piece) && /[.:]/u.test(piece);
    case 'hash':
      return /[0-9a-f]{8}/iu.test(piece);
    case 'timestamp':
      // Every written form has a clock time (14:02) except Unix time, one run of 9 to 13 digits.
      return (
        (/\d:\d\d/u.test(piece) && TIMESTAMP_START.test(piece) && /[\p{L}\p{N})]$/u.test(piece)) ||
        /^\d{9,13}(?:\.\d+)?$/u.test(piece)
      );
    default:
      return true;
  }
}

/** How a timestamp can start: a digit, a bracket, or a weekday or month name. */
const TIMESTAMP_START =
  /^(?:\[?\d|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*,?(?:\s|$))/iu;

/**
 * The text as the forgiving checkers compare it: compatibility forms folded, spaces collapsed,
 * lower case, Markdown marks dropped.
 */
function foldedText(text: string): string {
  return text.normalize('NFKC').replace(/[*`]+/gu, '').replace(/\s+/gu, ' ').toLowerCase();
}

/**
 * Whether the whole text could contain an answer at all, tested once before the piece by piece
 * scan: a text answer's folded form must occur in the folded text, and a regex must find a match
 * somewhere in it (RE2, linear time). False only when no piece can be accepted.
 */
function mayContain(spec: AnswerSpec, text: string): boolean {
  if (spec.kind === 'text') {
    const folded = foldedText(text);
    return referenceAnswers(spec).some((answer) =>
      folded.includes(
        foldedText(String(answer))
          .replace(/^["'`\u2018\u201C](.*)["'`\u2019\u201D]$/su, '$1')
          .replace(/\.$/u, '')
          .trim(),
      ),
    );
  }
  if (spec.kind === 'regex') {
    // Anchors or word boundaries written into the pattern could match a piece but not the whole text.
    if (/(?<!\[)\^|\$|\\[bB]/u.test(spec.pattern)) return true;
    let regex: RE2JS;
    try {
      regex = RE2JS.compile(RE2JS.translateRegExp(spec.pattern), spec.case_sensitive ? 0 : RE2JS.CASE_INSENSITIVE);
    } catch {
      return true;
    }
    const tidied = text.normalize('NFKC').replace(/\s+/gu, ' ');
    return regex.matcher(tidied).find() || regex.matcher(tidied.replace(/[*`]+/gu, '')).find();
  }
  return true;
}

function isCorrect(spec: AnswerSpec, input: AnswerInput): boolean {
  const outcome = checkAnswer(spec, input);
  return outcome.status === 'graded' && outcome.verdict === 'correct';
}

const itemSpecsCache = new WeakMap<AnswerSpec, AnswerSpec[]>();

/**
 * A set's expected items, each as a spec of the set's item kind ({kind: ip, expected: ...}), so that
 * the registry's own checker judges single items. Numeric items generated as text become numbers,
 * as the set kind reads them.
 */
function setItemSpecs(spec: Extract<AnswerSpec, { kind: 'set' }>): AnswerSpec[] {
  let specs = itemSpecsCache.get(spec);
  if (specs) return specs;
  specs = (spec.expected as (string | number)[]).flatMap((item) => {
    const value =
      spec.of.kind === 'number' && typeof item === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/u.test(item)
        ? Number(item)
        : spec.of.kind !== 'number' && typeof item === 'number'
          ? String(item)
          : item;
    const parsed = answerSpecSchema.safeParse({ ...spec.of, expected: value });
    return parsed.success ? [parsed.data] : [];
  });
  itemSpecsCache.set(spec, specs);
  return specs;
}

/** Pieces of `text` that the checker of a single-value spec accepts as correct. */
function acceptedPieces(text: string, spec: AnswerSpec): TextSpan[] {
  if (!mayContain(spec, text)) return [];
  const candidates = candidatesOf(text, runLength(spec));
  if (spec.kind === 'hash') candidates.push(...hexRuns(text, HASH_LENGTHS[spec.algorithm]));
  const verdicts = new Map<string, boolean>();
  const found: TextSpan[] = [];
  for (const candidate of candidates) {
    const piece = candidate.text.trim();
    if (!plausible(spec, piece)) continue;
    let accepted = verdicts.get(piece);
    if (accepted === undefined) {
      accepted = isCorrect(spec, piece);
      verdicts.set(piece, accepted);
    }
    if (accepted) found.push({ start: candidate.start, end: candidate.end });
  }
  return found;
}

/**
 * Every span of `text` that, typed as the answer (or, for a set, as one of its items), is graded
 * correct by the task's checker. Empty for choice, sequence, mapping and manual tasks, whose
 * answers are not values in the text (see findOptionLeak). Spans may overlap.
 */
export function acceptedAnswerSpans(text: string, spec: AnswerSpec): TextSpan[] {
  if (!VALUE_KINDS.has(spec.kind)) return [];
  if (spec.kind === 'set') return setItemSpecs(spec).flatMap((item) => acceptedPieces(text, item));
  return acceptedPieces(text, spec);
}

/** Overlapping or touching spans merged into one, in order. */
export function mergeSpans(spans: readonly TextSpan[]): TextSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: TextSpan[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}

/** Offset of the first mention of any of `keys` in `folded` as a whole word (case already folded), or -1. */
function firstMention(folded: string, keys: readonly string[]): number {
  let first = -1;
  for (const key of keys) {
    if (key === '') continue;
    const match = new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegex(key)}(?![\\p{L}\\p{N}_])`, 'u').exec(folded);
    if (match && (first < 0 || match.index < first)) first = match.index;
  }
  return first;
}

function optionKeysOf(option: { id: string; label: string }): string[] {
  return [
    ...new Set(
      [option.id, option.label].map((key) => key.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase()),
    ),
  ];
}

/**
 * For option kinds, the answer a text spells out, if the checker then grades it fully correct:
 * a sequence's steps in the order the text first names them, or a mapping read sentence by sentence.
 */
function findOptionLeak(text: string, spec: AnswerSpec): AnswerInput | undefined {
  const folded = text.normalize('NFKC').replace(/[*`]+/gu, '').toLowerCase();
  if (spec.kind === 'sequence') {
    const expected = referenceAnswers(spec)[0] as string[];
    if (expected.length < 3) return undefined;
    const mentions = expected.map((id) => ({
      id,
      at: firstMention(folded, optionKeysOf(spec.options.find((option) => option.id === id)!)),
    }));
    if (mentions.some((mention) => mention.at < 0)) return undefined;
    const order = mentions.sort((a, b) => a.at - b.at).map((mention) => mention.id);
    return isCorrect(spec, order) ? order : undefined;
  }
  if (spec.kind === 'mapping') {
    const given: Record<string, string> = {};
    for (const sentence of folded.split(/[.!?]\s+|\n+/u)) {
      const labels = spec.labels.filter((label) => firstMention(sentence, optionKeysOf(label)) >= 0);
      if (labels.length !== 1) continue;
      for (const item of spec.items)
        if (!(item.id in given) && firstMention(sentence, optionKeysOf(item)) >= 0) given[item.id] = labels[0]!.id;
    }
    return Object.keys(given).length > 0 && isCorrect(spec, given) ? given : undefined;
  }
  return undefined;
}

/**
 * The tasks whose answers must stay hidden in the texts of `taskId`: every other task, except the
 * ones it (transitively) requires. A task's explanation is released when the task is settled and a
 * hint can be bought any time the task is open; either way the task was unlocked first, and it
 * unlocks only once everything it requires is settled. Every other task may still be open at that
 * moment (a task that requires this one, or one on a parallel branch), whatever order trainees
 * usually follow.
 */
export function tasksThatMayBeOpen(
  tasks: readonly Pick<TaskDefinition, 'id' | 'requires'>[],
  taskId: string,
): string[] {
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const settled = new Set<string>();
  const pending = [...(byId.get(taskId)?.requires ?? [])];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (settled.has(id)) continue;
    settled.add(id);
    pending.push(...(byId.get(id)?.requires ?? []));
  }
  return tasks.map((task) => task.id).filter((id) => id !== taskId && !settled.has(id));
}

const REFERENCE = /\{\{\s*([a-z][a-z0-9_]*)\s*\}\}/gu;

function writtenOut(value: VariantValue): string {
  return Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Where a generated value stands in a released text. */
export interface ValueSpan extends TextSpan {
  name: string;
}

/** A released text with the places of the generated values it shows. */
export interface ReleasedText {
  text: string;
  valueSpans: ValueSpan[];
}

/**
 * A text with its variant references filled in (as interpolate writes them into text), and where
 * in the result the generated values stand.
 */
export function fillInValues(text: string, values: VariantValues): ReleasedText {
  const valueSpans: ValueSpan[] = [];
  let out = '';
  let last = 0;
  for (const match of text.matchAll(REFERENCE)) {
    const name = match[1]!;
    // An undeclared reference is the loader's business; it stays as written here.
    if (!Object.hasOwn(values, name)) continue;
    out += text.slice(last, match.index);
    const value = writtenOut(values[name]!);
    valueSpans.push({ start: out.length, end: out.length + value.length, name });
    out += value;
    last = match.index + match[0].length;
  }
  return { text: out + text.slice(last), valueSpans };
}

/** What the rule needs to know about the task whose answer may leak. */
export interface AnswerOwner {
  spec: AnswerSpec;
  /** The generated values its answer spec refers to; empty when the answer is the same for every trainee. */
  answerValues: ReadonlySet<string>;
}

/** The owner of an answer, from the task's definition (before variant values are filled in) and its resolved spec. */
export function answerOwner(task: Pick<TaskDefinition, 'answer'>, spec: AnswerSpec): AnswerOwner {
  return { spec, answerValues: new Set(referencedNames(task.answer)) };
}

/**
 * The spans of a released text that give away an answer. The checker must accept the span, and:
 *  1. the answer is the same for every trainee (the author wrote it into the text), or
 *  2. the span shows a generated value that the answer refers to ({{failed_attempts}}), or
 *  3. the span is distinctive: not a plain number and not a short code of under four characters.
 *     Addresses, names, paths and hashes do not coincide by chance, so it is the same fact, whether
 *     the author wrote it ("root", always among the accounts tried) or it comes from another
 *     generated value (the decoy's address is one of the scanners' addresses; a wrapper's command
 *     line holds the encryptor's path).
 * A number or short code that the checker accepts only in this variant, from the author's text
 * ("USB 3.0" where the number of files happens to be 3), inside a longer value (the "3.0" of a
 * stick's model name), from another generated count that happens to be equal (5 files copied, 5
 * matches) or listed among others ("F7"), tells the trainee nothing; masking it would point straight
 * at the answer.
 */
export function leakingSpans(released: ReleasedText, owner: AnswerOwner, known: readonly TextSpan[] = []): TextSpan[] {
  return tellingSpans(released, owner, acceptedAnswerSpans(released.text, owner.spec), known);
}

/** leakingSpans, given the spans the owner's checker accepts (computed once and cached by the caller). */
export function tellingSpans(
  released: ReleasedText,
  owner: AnswerOwner,
  accepted: readonly TextSpan[],
  known: readonly TextSpan[],
): TextSpan[] {
  // What the trainee already knows is no secret: "the attacker got into w.degraaf" in the explanation
  // of the task whose answer is w.degraaf does not give away an item of "every account it tried".
  const spans = accepted.filter((span) => !known.some((other) => other.start <= span.start && span.end <= other.end));
  if (owner.answerValues.size === 0) return mergeSpans(spans);
  const tells = (span: TextSpan) => {
    const piece = released.text.slice(span.start, span.end).replace(/[*`]+/gu, '').trim();
    const distinctive = piece.length >= 4 && !/^[+\-\u2212]?[\d.,_ ]+$/u.test(piece);
    return (
      distinctive ||
      released.valueSpans.some(
        (value) => span.start < value.end && value.start < span.end && owner.answerValues.has(value.name),
      )
    );
  };
  return mergeSpans(spans.filter(tells));
}

/** One text of a lab that gives away the answer of a task that may still be open when it is released. */
export interface AnswerLeak {
  /** The task whose explanation or hint it is. */
  task: string;
  /** "explanation" or "hints[i]", as in lab.yaml. */
  field: string;
  /** The task whose answer the text gives away. */
  leaks: string;
  /** What in the text the checker accepts (quoted for the author; the author may see answers). */
  found: string;
}

/**
 * Every explanation, hint and feedback on an anticipated wrong answer of a lab, as released for one
 * variant, that gives away the answer of a task that may still be open when it is released (for
 * that feedback, the task's own answer too) (see tasksThatMayBeOpen and leakingSpans). A
 * piece that is also the answer of a task already settled at that moment (a prerequisite, or for an
 * explanation the task itself) is not counted: the trainee solved that task, or was shown its
 * answer when it was settled.
 */
export function findAnswerLeaks(
  tasks: readonly TaskDefinition[],
  resolved: ReadonlyMap<string, ResolvedTask>,
  values: VariantValues,
): AnswerLeak[] {
  const leaks: AnswerLeak[] = [];
  const owners = new Map(
    tasks.flatMap((task) => {
      const spec = resolved.get(task.id)?.answer;
      return spec ? [[task.id, answerOwner(task, spec)] as const] : [];
    }),
  );
  for (const task of tasks) {
    const texts: { field: string; text: string }[] = [
      ...(task.explanation ? [{ field: 'explanation', text: task.explanation }] : []),
      ...task.hints.map((hint, index) => ({ field: `hints[${index}]`, text: hint.text })),
      ...task.misconceptions.map((misconception, index) => ({
        field: `misconceptions[${index}].feedback`,
        text: misconception.feedback,
      })),
    ];
    const mayBeOpen = tasksThatMayBeOpen(tasks, task.id);
    const settled = tasks.map((other) => other.id).filter((id) => id !== task.id && !mayBeOpen.includes(id));
    for (const { field, text } of texts) {
      // The feedback on an anticipated wrong answer is shown while the task itself is still open.
      const open = field.startsWith('misconceptions') ? [task.id, ...mayBeOpen] : mayBeOpen;
      const released = fillInValues(text, values);
      // Answers the trainee has when the text is released: the settled prerequisites', and the
      // task's own once its explanation is out.
      const knownTasks = field === 'explanation' ? [task.id, ...settled] : settled;
      const known = knownTasks.flatMap((id) => {
        const owner = owners.get(id);
        return owner ? acceptedAnswerSpans(released.text, owner.spec) : [];
      });
      for (const other of open) {
        const owner = owners.get(other);
        if (!owner) continue;
        const spans = leakingSpans(released, owner, known);
        if (spans.length > 0) {
          leaks.push({
            task: task.id,
            field,
            leaks: other,
            found: spans.map((span) => released.text.slice(span.start, span.end)).join(' | '),
          });
          continue;
        }
        const spelled = findOptionLeak(released.text, owner.spec);
        if (spelled !== undefined) leaks.push({ task: task.id, field, leaks: other, found: JSON.stringify(spelled) });
      }
    }
  }
  return leaks;
}
