import { createEffect, createSignal, For, Index, Show, untrack } from 'solid-js';
import { t } from '../i18n/messages.ts';
import { moveItem, type Option, type ShapeOf } from '../lib/answer-shape.ts';
import type { FieldProps } from './field-props.ts';

interface Arrangement {
  /** Step ids in the order the trainee gives them. */
  order: string[];
  /** Step ids the trainee says the evidence does not show. */
  left: string[];
}

/** Where the steps start: the last answer's order with every other step left out, or all steps in the listed order. */
function initialArrangement(
  shape: ShapeOf<'sequence'>,
  initial: FieldProps<ShapeOf<'sequence'>>['initial'],
): Arrangement {
  const ids = shape.options.map((option) => option.id);
  if (!Array.isArray(initial) || initial.length === 0) return { order: ids, left: [] };
  const order = initial.filter((id, index) => ids.includes(id) && initial.indexOf(id) === index);
  return { order, left: ids.filter((id) => !order.includes(id)) };
}

type Control = 'up' | 'down' | 'leave' | 'restore';

/**
 * Steps put in order by drag and drop or with buttons, with a second list for steps that did not
 * happen ("not shown by the evidence"): every sequence task has it, so that its presence tells the
 * trainee nothing about the answer. After a move by keyboard, focus follows the moved step.
 */
export function SequenceField(props: FieldProps<ShapeOf<'sequence'>>) {
  const [arrangement, setArrangement] = createSignal(
    initialArrangement(
      untrack(() => props.shape),
      untrack(() => props.initial),
    ),
  );
  const [dragged, setDragged] = createSignal<string>();
  let host!: HTMLDivElement;
  const optionOf = (id: string): Option => props.shape.options.find((option) => option.id === id) ?? { id, label: id };

  createEffect(() => {
    const { order } = arrangement();
    props.onChange(
      order.length >= 2 ? { ok: true, value: [...order] } : { ok: false, problem: t('answer.sequence.tooFew') },
    );
  });

  /** Moves focus to the moved step's control, or to another control of the step when that one is now disabled. */
  const focusStep = (id: string, preferred: Control) => {
    queueMicrotask(() => {
      const step = host.querySelector<HTMLElement>(`[data-step="${CSS.escape(id)}"]`);
      const buttons = [...(step?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
      (
        buttons.find((button) => button.dataset.control === preferred && !button.disabled) ??
        buttons.find((button) => !button.disabled)
      )?.focus();
    });
  };
  const reorder = (from: number, to: number, control: Control) => {
    const { order, left } = arrangement();
    const id = order[from]!;
    setArrangement({ order: moveItem(order, from, to), left });
    focusStep(id, control);
  };
  const leaveOut = (id: string, focus = true) => {
    const { order, left } = arrangement();
    setArrangement({
      order: order.filter((other) => other !== id),
      left: [...left.filter((other) => other !== id), id],
    });
    if (focus) focusStep(id, 'restore');
  };
  /** Puts a step into the order at a position (the end by default), from either list. */
  const placeAt = (id: string, position?: number, focus = true) => {
    const { order, left } = arrangement();
    const without = order.filter((other) => other !== id);
    const at = position === undefined ? without.length : Math.min(position, without.length);
    setArrangement({
      order: [...without.slice(0, at), id, ...without.slice(at)],
      left: left.filter((other) => other !== id),
    });
    if (focus) focusStep(id, 'leave');
  };

  const dropOnStep = (event: DragEvent, position: number) => {
    event.preventDefault();
    event.stopPropagation();
    const id = dragged();
    setDragged(undefined);
    if (id !== undefined) placeAt(id, position, false);
  };
  const dropOnLeftOut = (event: DragEvent) => {
    event.preventDefault();
    const id = dragged();
    setDragged(undefined);
    if (id !== undefined) leaveOut(id, false);
  };
  const dragProps = (id: string) => ({
    draggable: !props.disabled,
    onDragStart: (event: DragEvent) => {
      setDragged(id);
      event.dataTransfer?.setData('text/plain', id);
    },
    onDragEnd: () => setDragged(undefined),
  });

  return (
    <div
      class="sequence-field"
      ref={host}
      id={props.id}
      role="group"
      aria-labelledby={props.labelledBy}
      aria-describedby={`${props.id}-help`}
    >
      <p class="muted small" id={`${props.id}-help`}>
        {t('answer.sequence.help')}
      </p>
      <p class="sequence-caption" id={`${props.id}-order`}>
        {t('answer.sequence.order')}
      </p>
      <ol
        class="sequence"
        aria-labelledby={`${props.id}-order`}
        onDragOver={(event) => event.preventDefault()}
        onDrop={(event) => dropOnStep(event, arrangement().order.length)}
      >
        <Index each={arrangement().order}>
          {(id, index) => (
            <li
              class="sequence-item"
              data-step={id()}
              classList={{ dragging: dragged() === id() }}
              {...dragProps(id())}
              onDragOver={(event) => event.preventDefault()}
              onDrop={(event) => dropOnStep(event, index)}
            >
              <span class="position" aria-hidden="true">
                {index + 1}.
              </span>
              <span class="label">{optionOf(id()).label}</span>
              <span class="moves">
                <button
                  type="button"
                  data-control="up"
                  disabled={props.disabled || index === 0}
                  aria-label={t('answer.sequence.up', { item: optionOf(id()).label })}
                  onClick={() => reorder(index, index - 1, 'up')}
                >
                  ↑
                </button>
                <button
                  type="button"
                  data-control="down"
                  disabled={props.disabled || index === arrangement().order.length - 1}
                  aria-label={t('answer.sequence.down', { item: optionOf(id()).label })}
                  onClick={() => reorder(index, index + 1, 'down')}
                >
                  ↓
                </button>
                <button
                  type="button"
                  data-control="leave"
                  disabled={props.disabled}
                  aria-label={t('answer.sequence.leaveOut', { item: optionOf(id()).label })}
                  onClick={() => leaveOut(id())}
                >
                  {t('answer.sequence.leaveOutShort')}
                </button>
              </span>
            </li>
          )}
        </Index>
      </ol>
      <p class="sequence-caption" id={`${props.id}-left`}>
        {t('answer.sequence.leftOut')}
      </p>
      <ul
        class="sequence left-out"
        aria-labelledby={`${props.id}-left`}
        onDragOver={(event) => event.preventDefault()}
        onDrop={dropOnLeftOut}
      >
        <For
          each={arrangement().left}
          fallback={<li class="muted small empty-drop">{t('answer.sequence.leftOutEmpty')}</li>}
        >
          {(id) => (
            <li class="sequence-item" data-step={id} classList={{ dragging: dragged() === id }} {...dragProps(id)}>
              <span class="label">{optionOf(id).label}</span>
              <span class="moves">
                <button
                  type="button"
                  data-control="restore"
                  disabled={props.disabled}
                  aria-label={t('answer.sequence.restore', { item: optionOf(id).label })}
                  onClick={() => placeAt(id)}
                >
                  {t('answer.sequence.restoreShort')}
                </button>
              </span>
            </li>
          )}
        </For>
      </ul>
      <Show when={arrangement().order.length < 2}>
        <p class="error small" role="alert">
          {t('answer.sequence.tooFew')}
        </p>
      </Show>
    </div>
  );
}
