import { createEffect, createMemo, createSignal, For, Show, untrack } from 'solid-js';
import { t } from '../i18n/messages.ts';
import { shapeProblem, splitListItems, type ShapeOf } from '../lib/answer-shape.ts';
import type { FieldProps } from './field-props.ts';

/** Adds items to a list, leaving out repeats. */
function withItems(items: readonly string[], added: readonly string[]): string[] {
  const next = [...items];
  for (const item of added) if (!next.includes(item)) next.push(item);
  return next;
}

/**
 * A list of values as chips. Text still in the input is part of the answer without pressing "Add",
 * and a pasted list (separated by commas, semicolons or new lines) becomes one chip per item, so the
 * answer sent is always the chips plus what the input shows.
 */
export function ListField(props: FieldProps<ShapeOf<'set'>>) {
  const start = untrack(() => props.initial);
  const [items, setItems] = createSignal<string[]>(
    Array.isArray(start) ? start : typeof start === 'string' && start ? [start] : [],
  );
  const [pending, setPending] = createSignal('');
  const pendingItems = createMemo(() => splitListItems(pending(), props.shape.of));
  const problems = createMemo(() => pendingItems().flatMap((item) => shapeProblem(props.shape.of, item) ?? []));
  createEffect(() => {
    const all = withItems(items(), pendingItems());
    if (problems().length > 0) props.onChange({ ok: false, problem: problems()[0]! });
    else if (all.length === 0) props.onChange({ ok: false, problem: t('answer.list.empty') });
    else props.onChange({ ok: true, value: all });
  });
  /** Turns the input's text into chips when every item in it has the right shape. */
  const add = () => {
    if (pendingItems().length === 0 || problems().length > 0) return;
    setItems(withItems(items(), pendingItems()));
    setPending('');
  };
  return (
    <div class="chips">
      <ul class="chip-list" aria-label={t('answer.chips.count', { count: items().length })}>
        <For each={items()}>
          {(item) => (
            <li class="chip">
              <span>{item}</span>
              <button
                type="button"
                class="chip-remove"
                disabled={props.disabled}
                aria-label={t('answer.chips.remove', { item })}
                onClick={() => setItems(items().filter((other) => other !== item))}
              >
                ×
              </button>
            </li>
          )}
        </For>
      </ul>
      <div class="row chip-input">
        <input
          id={props.id}
          value={pending()}
          placeholder={props.placeholder ?? ''}
          disabled={props.disabled}
          aria-describedby={`${props.id}-help`}
          autocomplete="off"
          spellcheck={false}
          onInput={(event) => setPending(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
          onPaste={(event) => {
            const text = event.clipboardData?.getData('text') ?? '';
            if (!/[,;\n]/u.test(text)) return;
            // A pasted list becomes chips at once; items of the wrong shape stay in the input to be fixed.
            event.preventDefault();
            const pasted = splitListItems(`${pending()}${pending() ? '\n' : ''}${text}`, props.shape.of);
            const good = pasted.filter((item) => shapeProblem(props.shape.of, item) === undefined);
            setItems(withItems(items(), good));
            setPending(pasted.filter((item) => !good.includes(item)).join('; '));
          }}
        />
        <button
          type="button"
          onClick={add}
          disabled={props.disabled || pendingItems().length === 0 || problems().length > 0}
        >
          {t('answer.chips.add')}
        </button>
      </div>
      <p id={`${props.id}-help`} class="muted small">
        {t('answer.list.help')}
      </p>
      <Show when={problems().length > 0}>
        <p class="error small" role="alert">
          {problems()[0]}
        </p>
      </Show>
    </div>
  );
}
