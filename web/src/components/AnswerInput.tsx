import { createSignal, For, Index, Match, Show, Switch } from 'solid-js';
import { t } from '../i18n/messages.ts';
import { moveItem, shapeProblem, splitItems, type AnswerShape, type Option } from '../lib/answer-shape.ts';

/** What the answer field produces: the JSON the submission route takes. */
export type AnswerValue = string | string[] | Record<string, string>;

interface FieldProps<Shape extends AnswerShape> {
  id: string;
  shape: Shape;
  placeholder?: string | null;
  disabled: boolean;
  /** Reports the current answer, or undefined (with a reason) when it cannot be sent yet. */
  onChange: (value: AnswerValue | undefined, problem?: string) => void;
}

function ScalarField(props: FieldProps<AnswerShape>) {
  const describedBy = () => `${props.id}-help`;
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
        placeholder={props.placeholder ?? ''}
        disabled={props.disabled}
        autocomplete="off"
        spellcheck={false}
        aria-describedby={describedBy()}
        onInput={(event) => {
          const value = event.currentTarget.value;
          props.onChange(value, shapeProblem(props.shape, value));
        }}
      />
      <Show when={help()}>
        <p id={describedBy()} class="muted small">
          {help()}
        </p>
      </Show>
    </>
  );
}

/** Set answers as chips: type or paste items, each checked for its shape before it is added. */
function ChipsField(props: FieldProps<Extract<AnswerShape, { kind: 'set' }>>) {
  const [items, setItems] = createSignal<string[]>([]);
  const [draft, setDraft] = createSignal('');
  const [problem, setProblem] = createSignal<string>();
  const publish = (next: string[]) => {
    setItems(next);
    props.onChange(next.length > 0 ? next : undefined, next.length > 0 ? undefined : t('answer.invalid.empty'));
  };
  const add = () => {
    const candidates = splitItems(draft());
    const wrong = candidates.map((item) => shapeProblem(props.shape.of, item)).find((message) => message !== undefined);
    if (wrong) {
      setProblem(wrong);
      return;
    }
    setProblem(undefined);
    setDraft('');
    publish([...items(), ...candidates.filter((item) => !items().includes(item))]);
  };
  return (
    <div class="chips">
      <ul class="chip-list" aria-label={t('answer.chips.count', { count: items().length })}>
        <For each={items()}>
          {(item) => (
            <li class="chip">
              <span>{item}</span>
              <button type="button" class="chip-remove" disabled={props.disabled} aria-label={t('answer.chips.remove', { item })} onClick={() => publish(items().filter((other) => other !== item))}>
                ×
              </button>
            </li>
          )}
        </For>
      </ul>
      <div class="row">
        <input
          id={props.id}
          value={draft()}
          placeholder={props.placeholder ?? ''}
          disabled={props.disabled}
          aria-label={t('answer.chips.label')}
          autocomplete="off"
          spellcheck={false}
          onInput={(event) => setDraft(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              add();
            }
          }}
          onPaste={(event) => {
            const text = event.clipboardData?.getData('text') ?? '';
            if (text.includes('\n')) {
              event.preventDefault();
              setDraft(text);
              add();
            }
          }}
        />
        <button type="button" onClick={add} disabled={props.disabled || draft().trim() === ''}>
          {t('answer.chips.add')}
        </button>
      </div>
      <Show when={problem()}>
        <p class="error small" role="alert">
          {problem()}
        </p>
      </Show>
    </div>
  );
}

/** Orders steps by drag and drop, with up and down buttons as the keyboard alternative. */
function SequenceField(props: FieldProps<Extract<AnswerShape, { kind: 'sequence' }>>) {
  const [order, setOrder] = createSignal<Option[]>(props.shape.options);
  const [dragged, setDragged] = createSignal<number>();
  const publish = (next: Option[]) => {
    setOrder(next);
    props.onChange(next.map((option) => option.id));
  };
  props.onChange(order().map((option) => option.id));
  return (
    <div>
      <p class="muted small" id={`${props.id}-help`}>
        {t('answer.sequence.help')}
      </p>
      <ol class="sequence" id={props.id} aria-describedby={`${props.id}-help`}>
        <Index each={order()}>
          {(option, index) => (
            <li
              class="sequence-item"
              draggable={!props.disabled}
              classList={{ dragging: dragged() === index }}
              onDragStart={(event) => {
                setDragged(index);
                event.dataTransfer?.setData('text/plain', option().id);
              }}
              onDragOver={(event) => event.preventDefault()}
              onDrop={(event) => {
                event.preventDefault();
                const from = dragged();
                if (from !== undefined) publish(moveItem(order(), from, index));
                setDragged(undefined);
              }}
              onDragEnd={() => setDragged(undefined)}
            >
              <span class="position" aria-hidden="true">
                {index + 1}.
              </span>
              <span class="label">{option().label}</span>
              <span class="moves">
                <button type="button" disabled={props.disabled || index === 0} aria-label={t('answer.sequence.up', { item: option().label })} onClick={() => publish(moveItem(order(), index, index - 1))}>
                  ↑
                </button>
                <button
                  type="button"
                  disabled={props.disabled || index === order().length - 1}
                  aria-label={t('answer.sequence.down', { item: option().label })}
                  onClick={() => publish(moveItem(order(), index, index + 1))}
                >
                  ↓
                </button>
              </span>
            </li>
          )}
        </Index>
      </ol>
    </div>
  );
}

function ChoiceField(props: FieldProps<Extract<AnswerShape, { kind: 'choice' }>>) {
  const [picked, setPicked] = createSignal<string[]>([]);
  const toggle = (id: string, checked: boolean) => {
    const next = props.shape.multiple ? (checked ? [...picked(), id] : picked().filter((other) => other !== id)) : [id];
    setPicked(next);
    if (next.length === 0) props.onChange(undefined, t('answer.invalid.empty'));
    else props.onChange(props.shape.multiple ? next : next[0]!);
  };
  return (
    <fieldset class="choices" id={props.id} disabled={props.disabled}>
      <legend class="visually-hidden">{t('task.answer')}</legend>
      <For each={props.shape.options}>
        {(option) => (
          <label class="choice">
            <input type={props.shape.multiple ? 'checkbox' : 'radio'} name={props.id} value={option.id} onChange={(event) => toggle(option.id, event.currentTarget.checked)} />
            <span>{option.label}</span>
          </label>
        )}
      </For>
    </fieldset>
  );
}

function MappingField(props: FieldProps<Extract<AnswerShape, { kind: 'mapping' }>>) {
  const chosen: Record<string, string> = {};
  const update = (item: string, label: string) => {
    if (label) chosen[item] = label;
    else delete chosen[item];
    const complete = props.shape.items.every((entry) => chosen[entry.id]);
    props.onChange(complete ? { ...chosen } : undefined, complete ? undefined : t('answer.invalid.empty'));
  };
  return (
    <table class="mapping" id={props.id}>
      <tbody>
        <For each={props.shape.items}>
          {(item) => (
            <tr>
              <th scope="row">
                <label for={`${props.id}-${item.id}`}>{item.label}</label>
              </th>
              <td>
                <select id={`${props.id}-${item.id}`} disabled={props.disabled} onChange={(event) => update(item.id, event.currentTarget.value)}>
                  <option value="">{t('answer.mapping.choose')}</option>
                  <For each={props.shape.labels}>{(label) => <option value={label.id}>{label.label}</option>}</For>
                </select>
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  );
}

function ManualField(props: FieldProps<Extract<AnswerShape, { kind: 'manual' }>>) {
  return (
    <>
      <p class="muted small" id={`${props.id}-help`}>
        {t('answer.manual.help')}
      </p>
      <textarea
        id={props.id}
        class="manual"
        rows={8}
        maxlength={props.shape.max_length}
        disabled={props.disabled}
        aria-describedby={`${props.id}-help`}
        onInput={(event) => {
          const value = event.currentTarget.value;
          props.onChange(value.trim() ? value : undefined, value.trim() ? undefined : t('answer.invalid.empty'));
        }}
      />
    </>
  );
}

/** The answer field made for the task's kind of answer. */
export function AnswerInput(props: FieldProps<AnswerShape>) {
  return (
    <Switch fallback={<ScalarField {...props} />}>
      <Match when={props.shape.kind === 'set'}>
        <ChipsField {...(props as FieldProps<Extract<AnswerShape, { kind: 'set' }>>)} />
      </Match>
      <Match when={props.shape.kind === 'sequence'}>
        <SequenceField {...(props as FieldProps<Extract<AnswerShape, { kind: 'sequence' }>>)} />
      </Match>
      <Match when={props.shape.kind === 'choice'}>
        <ChoiceField {...(props as FieldProps<Extract<AnswerShape, { kind: 'choice' }>>)} />
      </Match>
      <Match when={props.shape.kind === 'mapping'}>
        <MappingField {...(props as FieldProps<Extract<AnswerShape, { kind: 'mapping' }>>)} />
      </Match>
      <Match when={props.shape.kind === 'manual'}>
        <ManualField {...(props as FieldProps<Extract<AnswerShape, { kind: 'manual' }>>)} />
      </Match>
    </Switch>
  );
}
