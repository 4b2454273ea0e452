import { For, Show } from 'solid-js';
import { t } from '../i18n/messages.ts';
import type { EvidenceView } from '../lib/api.ts';

// Text badges rather than emoji: closed-network machines often have no emoji font.
const KIND_BADGES: Record<string, string> = { log: 'LOG', text: 'TXT', json: 'JSON', csv: 'CSV', email: 'EML', image: 'IMG', binary: 'BIN', sqlite: 'DB' };
export const TEXT_KINDS = new Set(['log', 'text', 'json', 'csv', 'email']);

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

/** The artefacts of a lab with their metadata; choosing one opens it. */
export function EvidenceList(props: { labId: string; evidence: EvidenceView[]; selected?: string; onOpen: (id: string) => void }) {
  return (
    <ul class="evidence-list">
      <For each={props.evidence}>
        {(item) => (
          <li classList={{ selected: props.selected === item.id }}>
            <div class="evidence-head">
              <span class={`kind-badge ${item.kind}`} aria-hidden="true">
                {KIND_BADGES[item.kind] ?? 'FILE'}
              </span>
              <Show
                when={TEXT_KINDS.has(item.kind)}
                fallback={
                  <a href={`/api/labs/${props.labId}/evidence/${item.id}`} download={item.fileName} class="evidence-title">
                    {item.title} ({t('evidence.download')})
                  </a>
                }
              >
                <button type="button" class="link-button evidence-title" aria-pressed={props.selected === item.id} aria-label={t('evidence.open', { title: item.title })} onClick={() => props.onOpen(item.id)}>
                  {item.title}
                </button>
              </Show>
              <span class="muted small">
                {item.fileName} · {formatBytes(item.size)} · {item.kind}
              </span>
            </div>
            <Show when={item.description}>
              <p class="small">{item.description}</p>
            </Show>
            <details class="custody">
              <summary>{t('evidence.custody')}</summary>
              <dl>
                <dt>{t('evidence.sha256')}</dt>
                <dd>
                  <code class="hash">{item.sha256}</code>
                </dd>
                <dt>{t('evidence.sourceDevice')}</dt>
                <dd>{item.custody.source_device}</dd>
                <dt>{t('evidence.acquiredBy')}</dt>
                <dd>{item.custody.acquired_by}</dd>
                <dt>{t('evidence.acquiredAt')}</dt>
                <dd>{item.custody.acquired_at}</dd>
                <dt>{t('evidence.method')}</dt>
                <dd>{item.custody.method}</dd>
              </dl>
              <a href={`/api/labs/${props.labId}/evidence/${item.id}`} download={item.fileName}>
                {t('evidence.download')}
              </a>
            </details>
          </li>
        )}
      </For>
    </ul>
  );
}
