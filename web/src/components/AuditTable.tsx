import { For, Show } from 'solid-js';
import { hasMessage, t } from '../i18n/messages.ts';
import type { AuditEntry } from '../lib/api.ts';
import { formatDateTime } from '../lib/datetime.ts';

function actionLabel(action: string): string {
  const key = `audit.action.${action}`;
  return hasMessage(key) ? t(key) : action;
}

function detailsText(details: unknown): string {
  if (details === null || details === undefined) return '';
  if (typeof details === 'string') return details;
  return Object.entries(details as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(', ');
}

/** What was done in a cohort, newest first: when, by whom, what, and its details. */
export function AuditTable(props: { entries: AuditEntry[] }) {
  return (
    <Show when={props.entries.length > 0} fallback={<p>{t('audit.empty')}</p>}>
      <div class="table-scroll" tabindex="0" role="region" aria-labelledby="audit-title">
        <table class="data-table" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">{t('audit.at')}</th>
              <th scope="col">{t('audit.actor')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.details')}</th>
            </tr>
          </thead>
          <tbody>
            <For each={props.entries}>
              {(entry) => (
                <tr>
                  <td>{formatDateTime(entry.createdAt)}</td>
                  <td>{entry.actor ? entry.actor.displayName : t('audit.system')}</td>
                  <td>{actionLabel(entry.action)}</td>
                  <td class="details-cell">
                    <code>{detailsText(entry.details)}</code>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </Show>
  );
}
