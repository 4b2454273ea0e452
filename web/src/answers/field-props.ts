import type { AnswerShape, AnswerValue } from '../lib/answer-shape.ts';

/** What a field reports after every change: the answer its controls show, or why it cannot be sent yet. */
export type FieldResult = { ok: true; value: AnswerValue } | { ok: false; problem: string };

/** The props every answer field takes. A field keeps one state; its controls and its result both come from it. */
export interface FieldProps<Shape extends AnswerShape> {
  id: string;
  shape: Shape;
  /** The answer to start from (the last one sent, or a saved draft); read once, when the field is created. */
  initial: AnswerValue | undefined;
  placeholder: string | null;
  disabled: boolean;
  /** Called at creation and after every change with what the controls now show. */
  onChange: (result: FieldResult) => void;
  /** Id of the element describing the field (its label), for fields that are groups. */
  labelledBy: string;
  /** Where a field that keeps unsent text in the browser (written findings) stores it. */
  draftKey?: string;
}
