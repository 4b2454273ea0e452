import { t } from '../i18n/messages.ts';
import type { CohortAssignment } from '../lib/api.ts';
import { formatDateTime } from '../lib/datetime.ts';
import { DataTable, type Column } from './DataTable.tsx';
import { removeColumn } from './RemoveWithConfirm.tsx';

/** The labs assigned to a cohort, with their course, window, and a button to remove each. */
export function AssignmentTable(props: {
  assignments: CohortAssignment[];
  onRemove: (assignment: CohortAssignment) => void;
}) {
  const columns: Column<CohortAssignment>[] = [
    { header: t('assignments.lab'), rowHeader: true, cell: (assignment) => <code>{assignment.labId}</code> },
    {
      header: t('assignments.course'),
      cell: (assignment) => (assignment.courseId ? <code>{assignment.courseId}</code> : '—'),
    },
    {
      header: t('assignments.opensAt'),
      cell: (assignment) => (assignment.opensAt ? formatDateTime(assignment.opensAt) : t('assignments.always')),
    },
    {
      header: t('assignments.closesAt'),
      cell: (assignment) => (assignment.closesAt ? formatDateTime(assignment.closesAt) : t('assignments.never')),
    },
    removeColumn(
      (assignment) => t('assignments.remove', { lab: assignment.labId }),
      (assignment) => props.onRemove(assignment),
    ),
  ];
  return (
    <DataTable
      rows={props.assignments}
      columns={columns}
      labelId="assignments-caption"
      caption={t('assignments.title')}
      empty={t('assignments.empty')}
      testId="assignment-table"
    />
  );
}
