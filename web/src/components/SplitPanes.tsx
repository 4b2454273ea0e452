import { createSignal, For, type JSX } from 'solid-js';
import { t } from '../i18n/messages.ts';

const MIN_SHARE = 15;

/**
 * Side-by-side panes whose widths the trainee can change by dragging the separators or, with the
 * keyboard, by focusing a separator and pressing the arrow keys.
 */
export function SplitPanes(props: { panes: { id: string; label: string; content: JSX.Element }[]; initial: number[] }) {
  const [shares, setShares] = createSignal(props.initial);
  let host!: HTMLDivElement;

  const resize = (separator: number, delta: number) => {
    const next = [...shares()];
    const left = next[separator]! + delta;
    const right = next[separator + 1]! - delta;
    if (left < MIN_SHARE || right < MIN_SHARE) return;
    next[separator] = left;
    next[separator + 1] = right;
    setShares(next);
  };

  const startDrag = (separator: number, event: PointerEvent) => {
    event.preventDefault();
    let last = event.clientX;
    const move = (moveEvent: PointerEvent) => {
      const delta = ((moveEvent.clientX - last) / host.clientWidth) * 100;
      last = moveEvent.clientX;
      resize(separator, delta);
    };
    const stop = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', stop);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', stop);
  };

  return (
    <div class="split-panes" ref={host} style={{ 'grid-template-columns': shares().flatMap((share, index) => (index === 0 ? [`${share}fr`] : ['6px', `${share}fr`])).join(' ') }}>
      <For each={props.panes}>
        {(pane, index) => (
          <>
            {index() > 0 && (
              <div
                class="separator"
                role="separator"
                tabindex="0"
                aria-orientation="vertical"
                aria-label={t('workspace.resize')}
                aria-controls={props.panes[index() - 1]!.id}
                aria-valuenow={Math.round(shares()[index() - 1]!)}
                aria-valuemin={MIN_SHARE}
                aria-valuemax={100 - MIN_SHARE}
                onPointerDown={(event) => startDrag(index() - 1, event)}
                onKeyDown={(event) => {
                  if (event.key === 'ArrowLeft') resize(index() - 1, -2);
                  if (event.key === 'ArrowRight') resize(index() - 1, 2);
                }}
              />
            )}
            <section class="pane" id={pane.id} aria-label={pane.label}>
              {pane.content}
            </section>
          </>
        )}
      </For>
    </div>
  );
}
