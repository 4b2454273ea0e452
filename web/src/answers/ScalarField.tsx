import { createEffect, createSignal, Show, untrack } from 'solid-js';
import { t } from '../i18n/messages.ts';
import { shapeProblem, type ShapeOf } from '../lib/answer-shape.ts';
import type { FieldProps } from './field-props.ts';

type ScalarShape = ShapeOf<'text' | 'regex' | 'number' | 'ip' | 'hash' | 'timestamp' | 'account' | 'domain'>;

/** One value typed on one line: text, a pattern, a number, an address, a hash or a time. */
export function ScalarField(props: FieldProps<ScalarShape>) {
  const start = untrack(() => props.initial);
  const [value, setValue] = createSignal(typeof start === 'string' ? start : '');
  createEffect(() => {
    const problem = shapeProblem(props.shape, value());
    props.onChange(problem === undefined ? { ok: true, value: value() } : { ok: false, problem });
  });
  const help = () => {
    const shape = props.shape;
    if (shape.kind === 'number' && shape.unit) return t('answer.unit', { unit: shape.unit });
    if (shape.kind === 'timestamp') return t('answer.zone', { zone: shape.zone });
    return '';
  };
  return (
    <>
      <input
        id={props.id}
        class="answer-text"
        value={value()}
        placeholder={props.placeholder ?? ''}
        disabled={props.disabled}
        autocomplete="off"
        spellcheck={false}
        aria-describedby={help() ? `${props.id}-help` : undefined}
        onInput={(event) => setValue(event.currentTarget.value)}
      />
      <Show when={help()}>
        <p id={`${props.id}-help`} class="muted small">
          {help()}
        </p>
      </Show>
    </>
  );
}
