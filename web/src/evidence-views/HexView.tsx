import { createResource, createSignal, For, Show } from 'solid-js';
import { Loaded } from '../components/Loaded.tsx';
import { t } from '../i18n/messages.ts';
import { read, type EvidenceView } from '../lib/api.ts';
import { BYTES_PER_PAGE, hexRows, lastPageStart, pageStart, parseOffset } from './hex-format.ts';
import { useLabSpace } from '../lib/lab-space.tsx';

const numberFormat = new Intl.NumberFormat();

/**
 * A binary artefact as pages of bytes: offset, hex and ASCII columns, as a hex editor shows them.
 * Only the page on screen is fetched, so a disk image of gigabytes pages as fast as a small file.
 * The buttons page, and so do Page Up, Page Down, Home and End while the bytes have focus.
 */
export function HexView(props: { labId: string; evidence: EvidenceView }) {
  const { labs } = useLabSpace();
  const [offset, setOffset] = createSignal(0);
  const [target, setTarget] = createSignal('');
  const [targetError, setTargetError] = createSignal<string>();
  const size = () => props.evidence.size;
  const [page] = createResource(
    () => ({ labId: props.labId, evidenceId: props.evidence.id, offset: offset() }),
    ({ labId, evidenceId, offset: from }) =>
      read(
        labs[':labId'].evidence[':evidenceId'].hex.$get({
          param: { labId, evidenceId },
          query: { offset: String(from), length: String(BYTES_PER_PAGE) },
        }),
      ),
  );

  const go = (to: number) => setOffset(pageStart(to, size()));
  const first = () => go(0);
  const previous = () => go(offset() - BYTES_PER_PAGE);
  const next = () => go(Math.min(offset() + BYTES_PER_PAGE, lastPageStart(size())));
  const last = () => go(lastPageStart(size()));
  const atStart = () => offset() === 0;
  const atEnd = () => offset() + BYTES_PER_PAGE >= size();

  function onKeyDown(event: KeyboardEvent): void {
    const actions: Record<string, () => void> = { PageDown: next, PageUp: previous, Home: first, End: last };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  }

  function goToTarget(event: SubmitEvent): void {
    event.preventDefault();
    const value = parseOffset(target());
    if (value === undefined || value >= Math.max(size(), 1)) {
      setTargetError(t('views.hex.badOffset', { max: numberFormat.format(Math.max(size() - 1, 0)) }));
      return;
    }
    setTargetError(undefined);
    go(value);
  }

  return (
    <div class="hex-view" data-testid="hex-view">
      <Show when={size() > 0} fallback={<p class="muted">{t('views.hex.empty')}</p>}>
        <div class="hex-tools">
          <button type="button" class="small" onClick={first} disabled={atStart()}>
            {t('views.hex.first')}
          </button>
          <button type="button" class="small" onClick={previous} disabled={atStart()}>
            {t('views.hex.previous')}
          </button>
          <button type="button" class="small" onClick={next} disabled={atEnd()}>
            {t('views.hex.next')}
          </button>
          <button type="button" class="small" onClick={last} disabled={atEnd()}>
            {t('views.hex.last')}
          </button>
          <form class="hex-goto" onSubmit={goToTarget}>
            <label>
              {t('views.hex.goTo')}{' '}
              <input
                class="short mono"
                value={target()}
                onInput={(event) => setTarget(event.currentTarget.value)}
                placeholder="0x100"
                aria-invalid={targetError() ? 'true' : undefined}
              />
            </label>
            <button type="submit" class="small">
              {t('views.hex.go')}
            </button>
          </form>
          <span class="muted small" role="status" aria-live="polite" data-testid="hex-range">
            {t('views.hex.range', {
              from: numberFormat.format(offset()),
              to: numberFormat.format(Math.min(offset() + BYTES_PER_PAGE, size()) - 1),
              total: numberFormat.format(size()),
            })}
          </span>
        </div>
        <Show when={targetError()}>
          {(message) => (
            <p class="error small" role="alert">
              {message()}
            </p>
          )}
        </Show>
        <p class="muted small">{t('views.hex.keys')}</p>
        <div
          class="hex-scroll"
          role="region"
          aria-label={t('views.hex.region', { title: props.evidence.title })}
          tabindex="0"
          onKeyDown={onKeyDown}
          data-testid="hex-bytes"
        >
          <Loaded resource={page}>
            {(bytes) => (
              <table class="hex-table">
                <caption class="visually-hidden">{t('views.hex.region', { title: props.evidence.title })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('views.hex.offset')}</th>
                    <th scope="col">{t('views.hex.hex')}</th>
                    <th scope="col">{t('views.hex.ascii')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={hexRows(bytes().offset, bytes().hex)}>
                    {(row) => (
                      <tr>
                        <th scope="row" class="hex-offset">
                          {row.offset}
                        </th>
                        <td class="hex-bytes">{row.hex}</td>
                        <td class="hex-ascii">{row.ascii}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            )}
          </Loaded>
        </div>
      </Show>
    </div>
  );
}
