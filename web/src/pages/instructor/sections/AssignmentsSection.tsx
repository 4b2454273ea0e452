import { createResource, createSignal, Show } from 'solid-js';
import { DataTable, type Column } from '../../../components/DataTable.tsx';
import { latestOf } from '../../../components/Loaded.tsx';
import { removeColumn, RemoveWithConfirm } from '../../../components/RemoveWithConfirm.tsx';
import { StatusMessage, type Status } from '../../../components/StatusMessage.tsx';
import { t } from '../../../i18n/messages.ts';
import { client, read, type CohortAssignment, type CohortDetails } from '../../../lib/api.ts';
import { formatDateTime } from '../../../lib/datetime.ts';
import { type Library, loadLibrary } from '../library/library-data.ts';
import { type AssignInput, LabChooser } from './LabChooser.tsx';

/** Titles by id from the library; an id the library no longer lists is shown as it is, the only name there is. */
function titles(library: Library | undefined) {
  const labs = new Map(library?.labs.map((lab) => [lab.id, lab.title]));
  const courses = new Map(library?.courses.map((course) => [course.id, course.title]));
  return {
    lab: (id: string) => labs.get(id) ?? id,
    course: (id: string | null) => (id ? (courses.get(id) ?? id) : '—'),
  };
}

/** The labs assigned to a cohort, by title: assign a lab or a course from the library, remove an assignment after confirming. */
export function AssignmentsSection(props: { details: CohortDetails; onChanged: () => void }) {
  const cohortId = () => String(props.details.cohort.id);
  const [library] = createResource(loadLibrary);
  const [message, setMessage] = createSignal<Status>();
  const [toRemove, setToRemove] = createSignal<CohortAssignment>();
  const named = () => titles(latestOf(library));

  const assign = async (input: AssignInput) => {
    await read(client.cohorts[':cohortId'].assignments.$post({ param: { cohortId: cohortId() }, json: input }));
    props.onChanged();
  };

  const remove = async (assignment: CohortAssignment) => {
    await read(
      client.cohorts[':cohortId'].assignments[':assignmentId'].$delete({
        param: { cohortId: cohortId(), assignmentId: String(assignment.id) },
      }),
    );
    return t('assignments.removed', { lab: named().lab(assignment.labId) });
  };

  const columns: Column<CohortAssignment>[] = [
    { header: t('assignments.lab'), rowHeader: true, cell: (assignment) => named().lab(assignment.labId) },
    { header: t('assignments.course'), cell: (assignment) => named().course(assignment.courseId) },
    {
      header: t('assignments.opensAt'),
      cell: (assignment) => (assignment.opensAt ? formatDateTime(assignment.opensAt) : t('assignments.always')),
    },
    {
      header: t('assignments.closesAt'),
      cell: (assignment) => (assignment.closesAt ? formatDateTime(assignment.closesAt) : t('assignments.never')),
    },
    removeColumn(
      (assignment) => t('assignments.remove', { lab: named().lab(assignment.labId) }),
      (assignment) => setToRemove(assignment),
    ),
  ];

  return (
    <section aria-labelledby="assignments-title">
      <h2 id="assignments-title">{t('assignments.title')}</h2>
      <DataTable
        rows={props.details.assignments}
        columns={columns}
        labelId="assignments-caption"
        caption={t('assignments.title')}
        empty={t('assignments.empty')}
        testId="assignment-table"
      />
      <StatusMessage status={message()} />
      <Show when={latestOf(library)} fallback={<p class="loading">{t('loading')}</p>}>
        {(loaded) => <LabChooser library={loaded()} onAssign={assign} />}
      </Show>
      <RemoveWithConfirm
        item={toRemove()}
        title={t('assignments.confirmTitle')}
        confirmLabel={t('assignments.confirm')}
        question={(assignment) => t('assignments.confirmText', { lab: named().lab(assignment.labId) })}
        remove={remove}
        onClose={() => setToRemove(undefined)}
        onOutcome={setMessage}
        onRemoved={() => props.onChanged()}
      />
    </section>
  );
}
