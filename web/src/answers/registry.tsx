import type { Component } from 'solid-js';
import type { AnswerKindName, AnswerShape, ShapeOf } from '../lib/answer-shape.ts';
import { ChoiceField } from './ChoiceField.tsx';
import type { FieldProps } from './field-props.ts';
import { ListField } from './ListField.tsx';
import { ManualField } from './ManualField.tsx';
import { MappingField } from './MappingField.tsx';
import { ScalarField } from './ScalarField.tsx';
import { SequenceField } from './SequenceField.tsx';
import './answers.css';

/**
 * One input component per answer kind. The keys are the kinds of the server's PublicAnswerShape, so
 * a kind added on the server without a component here fails the type check.
 */
const answerFields: { [Kind in AnswerKindName]: Component<FieldProps<ShapeOf<Kind>>> } = {
  text: ScalarField,
  regex: ScalarField,
  number: ScalarField,
  ip: ScalarField,
  hash: ScalarField,
  timestamp: ScalarField,
  account: ScalarField,
  domain: ScalarField,
  set: ListField,
  sequence: SequenceField,
  choice: ChoiceField,
  mapping: MappingField,
  manual: ManualField,
};

/** Renders the field of one kind; generic so that the kind and its shape stay correlated without a cast. */
function renderField<Kind extends AnswerKindName>(kind: Kind, props: FieldProps<ShapeOf<Kind>>) {
  const Field: Component<FieldProps<ShapeOf<Kind>>> = answerFields[kind];
  return <Field {...props} />;
}

/** The answer field made for the task's kind of answer. */
export function AnswerField(props: FieldProps<AnswerShape>) {
  return renderField(props.shape.kind, props);
}

/** Whether an answer is a group of controls (labelled by a caption) rather than one input (labelled by a label). */
export function isGroupField(shape: AnswerShape): boolean {
  return shape.kind === 'choice' || shape.kind === 'mapping' || shape.kind === 'sequence';
}
