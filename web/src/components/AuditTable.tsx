import { hasMessage, t } from '../i18n/messages.ts';
import type { AuditEntry } from '../lib/api.ts';
import { formatDateTime } from '../lib/datetime.ts';
import { DataTable, type Column } from './DataTable.tsx';

/** An audit action in words, or its code when it has none. */
export function actionLabel(action: string): string {
  const key = `audit.action.${action}`;
  return hasMessage(key) ? t(key) : action;
}

/** Details as "key: value" pairs, for reading at a glance. */
export function detailsText(details: unknown): string {
  if (details === null || details === undefined) return '';
  if (typeof details === 'string') return details;
  return Object.entries(details as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(', ');
}

/** What was done in a cohort, newest first: when, by whom, what, and its details. */
export function AuditTable(props: { entries: AuditEntry[] }) {
  const columns: Column<AuditEntry>[] = [
    { header: t('audit.at'), cell: (entry) => formatDateTime(entry.createdAt) },
    { header: t('audit.actor'), cell: (entry) => (entry.actor ? entry.actor.displayName : t('audit.system')) },
    { header: t('audit.action'), cell: (entry) => actionLabel(entry.action) },
    {
      header: t('audit.details'),
      cellClass: 'details-cell',
      cell: (entry) => <code>{detailsText(entry.details)}</code>,
    },
  ];
  return (
    <DataTable
      rows={props.entries}
      columns={columns}
      labelId="audit-title"
      empty={t('audit.empty')}
      testId="audit-table"
    />
  );
}
