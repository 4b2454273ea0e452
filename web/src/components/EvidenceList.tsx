import { For, Show } from 'solid-js';
import type { TextEvidenceKind } from '../../../server/labs/schema.ts';
import { t } from '../i18n/messages.ts';
import type { EvidenceView } from '../lib/api.ts';
import { exhibitNumber } from '../lib/line-paging.ts';
import { useLabSpace } from '../lib/lab-space.tsx';

// Text badges rather than emoji: closed-network machines often have no emoji font.
const KIND_BADGES: Record<string, string> = {
  log: 'LOG',
  text: 'TXT',
  json: 'JSON',
  csv: 'CSV',
  email: 'EML',
  image: 'IMG',
  binary: 'BIN',
  sqlite: 'DB',
};
/**
 * Kinds the server reads as lines (the line-window and search API refuse the others). A value cannot
 * come from the server's code, only its type: keyed by it, this list must name every one and no other.
 */
const TEXT_KIND_KEYS: Record<TextEvidenceKind, true> = { log: true, text: true, json: true, csv: true, email: true };
export const TEXT_KINDS: ReadonlySet<string> = new Set(Object.keys(TEXT_KIND_KEYS));

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

function KindBadge(props: { kind: string }) {
  return (
    <span class={`kind-badge ${props.kind}`} aria-hidden="true">
      {KIND_BADGES[props.kind] ?? 'FILE'}
    </span>
  );
}

/** Description, chain of custody and download of one artefact. */
function Custody(props: { labId: string; item: EvidenceView }) {
  const { labs } = useLabSpace();
  const downloadUrl = () =>
    labs[':labId'].evidence[':evidenceId'].$path({ param: { labId: props.labId, evidenceId: props.item.id } });
  return (
    <>
      <dl>
        <dt>{t('evidence.sha256')}</dt>
        <dd>
          <code class="hash">{props.item.sha256}</code>
        </dd>
        <dt>{t('evidence.sourceDevice')}</dt>
        <dd>{props.item.custody.source_device}</dd>
        <dt>{t('evidence.acquiredBy')}</dt>
        <dd>{props.item.custody.acquired_by}</dd>
        <dt>{t('evidence.acquiredAt')}</dt>
        <dd>{props.item.custody.acquired_at}</dd>
        <dt>{t('evidence.method')}</dt>
        <dd>{props.item.custody.method}</dd>
      </dl>
      <a href={downloadUrl()} download={props.item.fileName}>
        {t('evidence.download')}
      </a>
    </>
  );
}

/** The artefacts of a lab with their metadata, shown while none is open; choosing one opens it. */
export function EvidenceList(props: { labId: string; evidence: EvidenceView[]; onOpen: (id: string) => void }) {
  return (
    <>
      <p class="muted small">{t('evidence.choose')}</p>
      <ul class="evidence-list">
        <For each={props.evidence}>
          {(item) => (
            <li>
              <div class="evidence-head">
                <KindBadge kind={item.kind} />
                <button
                  type="button"
                  class="link-button evidence-title"
                  aria-label={t('evidence.open', { title: item.title })}
                  onClick={() => props.onOpen(item.id)}
                >
                  {item.title}
                </button>
                <span class="muted small">
                  {item.fileName} · {formatBytes(item.size)} · {item.kind}
                </span>
              </div>
              <Show when={item.description}>
                <p class="small">{item.description}</p>
              </Show>
              <details class="custody">
                <summary>{t('evidence.custody')}</summary>
                <Custody labId={props.labId} item={item} />
              </details>
            </li>
          )}
        </For>
      </ul>
    </>
  );
}

/**
 * One compact row of the artefacts while one is open, so the viewer keeps the height: the exhibit
 * number and file name on each button, the full title as its accessible name. The row scrolls
 * sideways on its own when the artefacts do not fit, never the page.
 */
export function ArtefactSwitcher(props: { evidence: EvidenceView[]; selected: string; onOpen: (id: string) => void }) {
  return (
    <ul class="artefact-switcher" aria-label={t('evidence.artefacts')}>
      <For each={props.evidence}>
        {(item) => (
          <li>
            <button
              type="button"
              class="artefact-chip"
              aria-pressed={props.selected === item.id}
              aria-label={t('evidence.open', { title: item.title })}
              title={item.title}
              onClick={() => props.onOpen(item.id)}
            >
              <strong>{exhibitNumber(item.title)}</strong> <span class="chip-file">{item.fileName}</span>
            </button>
          </li>
        )}
      </For>
    </ul>
  );
}

/** The open artefact's title on one line, with its description and chain of custody folded away. */
export function ArtefactHeader(props: { labId: string; item: EvidenceView }) {
  return (
    <details class="artefact-header">
      <summary>
        <KindBadge kind={props.item.kind} />
        <span class="artefact-title">{props.item.title}</span>
        <span class="muted small artefact-facts">
          {props.item.fileName} · {formatBytes(props.item.size)}
        </span>
        <span class="small artefact-about">{t('evidence.about')}</span>
      </summary>
      <div class="artefact-details">
        <Show when={props.item.description}>
          <p class="small">{props.item.description}</p>
        </Show>
        <h3 class="small">{t('evidence.custody')}</h3>
        <div class="custody">
          <Custody labId={props.labId} item={props.item} />
        </div>
      </div>
    </details>
  );
}
