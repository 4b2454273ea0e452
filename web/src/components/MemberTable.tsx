import { t } from '../i18n/messages.ts';
import type { CohortMember } from '../lib/api.ts';
import { formatDateTime } from '../lib/datetime.ts';
import { DataTable, type Column } from './DataTable.tsx';
import { removeColumn } from './RemoveWithConfirm.tsx';

/** The members of a cohort, each with a button to remove them. */
export function MemberTable(props: { members: CohortMember[]; onRemove: (member: CohortMember) => void }) {
  const columns: Column<CohortMember>[] = [
    { header: t('members.name'), rowHeader: true, cell: (member) => member.displayName },
    { header: t('members.username'), cell: (member) => <code>{member.username}</code> },
    { header: t('members.joinedAt'), cell: (member) => formatDateTime(member.joinedAt) },
    removeColumn(
      (member) => t('members.remove', { name: member.displayName }),
      (member) => props.onRemove(member),
    ),
  ];
  return (
    <DataTable
      rows={props.members}
      columns={columns}
      labelId="members-caption"
      caption={t('members.title')}
      empty={t('members.empty')}
      testId="member-table"
    />
  );
}
