import { z } from 'zod';
import type { AnswerInput, AnswerKind, CheckResult, PublicAnswerShape } from './types.ts';
import { referencedNames } from './variables.ts';
import { textKind, textSpec } from './kinds/text.ts';
import { regexKind, regexSpec } from './kinds/regex.ts';
import { numberKind, numberSpec } from './kinds/number.ts';
import { ipKind, ipSpec } from './kinds/ip.ts';
import { hashKind, hashSpec } from './kinds/hash.ts';
import { timestampKind, timestampSpec } from './kinds/timestamp.ts';
import { setKind, setSpec } from './kinds/set.ts';
import { sequenceKind, sequenceSpec } from './kinds/sequence.ts';
import { choiceKind, choiceSpec } from './kinds/choice.ts';
import { mappingKind, mappingSpec } from './kinds/mapping.ts';
import { manualKind, manualSpec } from './kinds/manual.ts';
import { accountKind, accountSpec } from './kinds/account.ts';
import { domainKind, domainSpec } from './kinds/domain.ts';

/** The checker spec of a task's `answer` in lab.yaml: one object per kind, told apart by `kind`. */
export const answerSpecSchema = z.discriminatedUnion('kind', [
  textSpec,
  regexSpec,
  numberSpec,
  ipSpec,
  hashSpec,
  timestampSpec,
  setSpec,
  sequenceSpec,
  choiceSpec,
  mappingSpec,
  manualSpec,
  accountSpec,
  domainSpec,
]);
export type AnswerSpec = z.infer<typeof answerSpecSchema>;
export type AnswerKindName = AnswerSpec['kind'];

/** Every answer kind by name. A new kind is one module under kinds/ and one entry here. */
export const answerKinds: { [K in AnswerKindName]: AnswerKind<Extract<AnswerSpec, { kind: K }>> } = {
  text: textKind,
  regex: regexKind,
  number: numberKind,
  ip: ipKind,
  hash: hashKind,
  timestamp: timestampKind,
  set: setKind,
  sequence: sequenceKind,
  choice: choiceKind,
  mapping: mappingKind,
  manual: manualKind,
  account: accountKind,
  domain: domainKind,
};

function kindOf(spec: AnswerSpec): AnswerKind<AnswerSpec> {
  return answerKinds[spec.kind] as unknown as AnswerKind<AnswerSpec>;
}

function assertResolved(spec: AnswerSpec): void {
  const names = referencedNames(spec);
  if (names.length > 0)
    throw new Error(`answer spec still refers to variant values (${names.join(', ')}); resolve it for a variant first`);
}

/** Checks a trainee's answer against a resolved spec (variant references already replaced). */
export function checkAnswer(spec: AnswerSpec, input: AnswerInput): CheckResult {
  assertResolved(spec);
  return kindOf(spec).check(spec, input);
}

/** Answers that the spec must accept as fully correct. */
export function referenceAnswers(spec: AnswerSpec): AnswerInput[] {
  assertResolved(spec);
  return kindOf(spec).referenceAnswers(spec);
}

/** What the trainee's answer field may know about the spec: never the expected value. */
export function publicAnswerShape(spec: AnswerSpec): PublicAnswerShape {
  return kindOf(spec).publicShape(spec);
}

/** Problems in an author's spec that its schema cannot catch. */
export function lintAnswerSpec(spec: AnswerSpec): string[] {
  return kindOf(spec).lint?.(spec) ?? [];
}
