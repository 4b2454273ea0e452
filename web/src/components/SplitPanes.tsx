import { createMemo, createSignal, For, onCleanup, Show, type JSX } from 'solid-js';
import { t } from '../i18n/messages.ts';

const MIN_SHARE = 12;
/** Below this width the panes are too narrow to sit side by side, so they become tabs. */
export const TABS_BELOW_PX = 1100;
const STORAGE_KEY = 'casebench.workspace.layout';

export interface Pane {
  id: string;
  label: string;
  content: JSX.Element;
  /** Share of the width when side by side. */
  share: number;
  /** Side panes can be folded to a narrow strip; the main pane never is. */
  collapsible?: boolean;
  /** Extra controls in the pane's title bar (the main pane's artefact switcher, say). */
  tools?: JSX.Element;
}

interface SavedLayout {
  shares: number[];
  collapsed: string[];
}

function loadLayout(panes: Pane[]): SavedLayout {
  const fallback = { shares: panes.map((pane) => pane.share), collapsed: [] };
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as SavedLayout | null;
    if (
      saved &&
      Array.isArray(saved.shares) &&
      saved.shares.length === panes.length &&
      saved.shares.every((share) => typeof share === 'number' && share >= MIN_SHARE) &&
      Array.isArray(saved.collapsed)
    )
      return saved;
  } catch {
    // A damaged or unavailable store only costs the trainee their layout.
  }
  return fallback;
}

/** Whether the window is narrower than the side-by-side layout needs, following resizes and rotation. */
function createNarrowQuery() {
  const query = window.matchMedia(`(max-width: ${TABS_BELOW_PX - 0.02}px)`);
  const [narrow, setNarrow] = createSignal(query.matches);
  const update = () => setNarrow(query.matches);
  query.addEventListener('change', update);
  onCleanup(() => query.removeEventListener('change', update));
  return narrow;
}

/**
 * The workspace's panes. Wide screens show them side by side: the trainee drags the separators (or
 * focuses one and presses the arrow keys), folds side panes to a strip, or maximises the main pane.
 * Narrow screens show one pane at a time behind tabs. Every pane stays mounted in both layouts, so
 * an editor, a search or a half-typed answer survives switching.
 */
export function SplitPanes(props: { panes: Pane[]; main: string; activeTab?: string; onTab?: (id: string) => void }) {
  // Read once: a pane list written inline is rebuilt on every read of the prop, which would create
  // its contents (editors included) again each time.
  const panes = props.panes;
  const saved = loadLayout(panes);
  const [shares, setShares] = createSignal(saved.shares);
  const [collapsed, setCollapsed] = createSignal(
    new Set(saved.collapsed.filter((id) => panes.some((pane) => pane.id === id && pane.collapsible))),
  );
  const [ownTab, setOwnTab] = createSignal(props.main);
  const activeTab = () => props.activeTab ?? ownTab();
  const chooseTab = (id: string) => (props.onTab ? props.onTab(id) : setOwnTab(id));
  const narrow = createNarrowQuery();
  // The panes folded before maximising, restored by "Show tasks and notes".
  let beforeMaximise = new Set<string>();
  let host!: HTMLDivElement;

  const save = () => {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ shares: shares(), collapsed: [...collapsed()] }));
    } catch {
      // Private browsing may refuse storage; the layout then lasts as long as the page.
    }
  };
  const isCollapsed = (id: string) => collapsed().has(id);
  const setPaneCollapsed = (id: string, fold: boolean) => {
    const next = new Set(collapsed());
    if (fold) next.add(id);
    else next.delete(id);
    setCollapsed(next);
    save();
  };
  const sidePanes = () => panes.filter((pane) => pane.collapsible);
  const maximised = createMemo(() => sidePanes().every((pane) => isCollapsed(pane.id)));
  const toggleMaximised = () => {
    if (maximised()) {
      setCollapsed(beforeMaximise.size === sidePanes().length ? new Set<string>() : beforeMaximise);
    } else {
      beforeMaximise = new Set(collapsed());
      setCollapsed(new Set(sidePanes().map((pane) => pane.id)));
    }
    save();
  };

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
      save();
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', stop);
  };

  // A separator works between two open panes; next to a folded one it has nothing to resize.
  const separatorActive = (index: number) => !isCollapsed(panes[index - 1]!.id) && !isCollapsed(panes[index]!.id);
  const columns = () =>
    panes
      .flatMap((pane, index) => {
        const width = isCollapsed(pane.id) ? '2.5rem' : `minmax(0, ${shares()[index]}fr)`;
        return index > 0 && separatorActive(index) ? ['6px', width] : [width];
      })
      .join(' ');

  return (
    <div
      class="split-panes"
      classList={{ tabs: narrow() }}
      ref={host}
      style={narrow() ? {} : { 'grid-template-columns': columns() }}
    >
      <Show when={narrow()}>
        <div class="pane-tabs" role="tablist" aria-label={t('workspace.paneTabs')}>
          <For each={panes}>
            {(pane) => (
              <button
                type="button"
                role="tab"
                id={`${pane.id}-tab`}
                aria-controls={pane.id}
                aria-selected={activeTab() === pane.id}
                tabindex={activeTab() === pane.id ? 0 : -1}
                onClick={() => chooseTab(pane.id)}
                onKeyDown={(event) => {
                  // Arrow keys move between tabs, as the ARIA tabs pattern expects.
                  const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
                  if (step === 0) return;
                  const index = panes.findIndex((candidate) => candidate.id === pane.id);
                  const next = panes[(index + step + panes.length) % panes.length]!;
                  chooseTab(next.id);
                  document.getElementById(`${next.id}-tab`)?.focus();
                }}
              >
                {pane.label}
              </button>
            )}
          </For>
        </div>
      </Show>
      <For each={panes}>
        {(pane, index) => (
          <>
            <Show when={index() > 0}>
              <div
                class="separator"
                role="separator"
                tabindex="0"
                hidden={narrow() || !separatorActive(index())}
                aria-orientation="vertical"
                aria-label={t('workspace.resize')}
                aria-controls={panes[index() - 1]!.id}
                aria-valuenow={Math.round(shares()[index() - 1]!)}
                aria-valuemin={MIN_SHARE}
                aria-valuemax={100 - MIN_SHARE}
                onPointerDown={(event) => startDrag(index() - 1, event)}
                onKeyDown={(event) => {
                  if (event.key === 'ArrowLeft') resize(index() - 1, -2);
                  if (event.key === 'ArrowRight') resize(index() - 1, 2);
                  if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') save();
                }}
              />
            </Show>
            <section
              class="pane"
              classList={{ collapsed: !narrow() && isCollapsed(pane.id) }}
              id={pane.id}
              role={narrow() ? 'tabpanel' : undefined}
              aria-labelledby={narrow() ? `${pane.id}-tab` : `${pane.id}-title`}
              hidden={narrow() && activeTab() !== pane.id}
            >
              <Show when={!narrow() && isCollapsed(pane.id)}>
                <button
                  type="button"
                  class="pane-strip"
                  aria-expanded="false"
                  aria-controls={`${pane.id}-body`}
                  onClick={() => setPaneCollapsed(pane.id, false)}
                >
                  <span class="visually-hidden">{t('workspace.showPane', { pane: pane.label })}</span>
                  <span aria-hidden="true" class="pane-strip-label">
                    {pane.label}
                  </span>
                </button>
              </Show>
              <div class="pane-bar">
                <h2 id={`${pane.id}-title`}>{pane.label}</h2>
                {pane.tools}
                <Show when={!narrow()}>
                  <Show
                    when={pane.collapsible}
                    fallback={
                      <Show when={pane.id === props.main}>
                        <button
                          type="button"
                          class="pane-button"
                          aria-pressed={maximised()}
                          onClick={toggleMaximised}
                          title={t('workspace.maximise')}
                        >
                          <span aria-hidden="true">⤢</span>
                          <span class="visually-hidden">{t('workspace.maximise')}</span>
                        </button>
                      </Show>
                    }
                  >
                    <button
                      type="button"
                      class="pane-button"
                      aria-expanded="true"
                      aria-controls={`${pane.id}-body`}
                      onClick={() => setPaneCollapsed(pane.id, true)}
                      title={t('workspace.hidePane', { pane: pane.label })}
                    >
                      <span aria-hidden="true">{index() === 0 ? '«' : '»'}</span>
                      <span class="visually-hidden">{t('workspace.hidePane', { pane: pane.label })}</span>
                    </button>
                  </Show>
                </Show>
              </div>
              <div class="pane-body" id={`${pane.id}-body`}>
                {pane.content}
              </div>
            </section>
          </>
        )}
      </For>
    </div>
  );
}
