import { createResource, createSignal, Show } from 'solid-js';
import { AssignForm, type AssignInput } from '../../../components/AssignForm.tsx';
import { AssignmentTable } from '../../../components/AssignmentTable.tsx';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { latestOf } from '../../../components/Loaded.tsx';
import { t } from '../../../i18n/messages.ts';
import { client, read, type CohortAssignment, type CohortDetails } from '../../../lib/api.ts';
import { knownLabsAndCourses } from '../known-content.ts';

/** The labs assigned to a cohort: assign a lab or a course with an optional window, remove an assignment after confirming. */
export function AssignmentsSection(props: { details: CohortDetails; onChanged: () => void }) {
  const cohortId = () => String(props.details.cohort.id);
  const [known] = createResource(knownLabsAndCourses);
  const [message, setMessage] = createSignal<{ text: string; error: boolean }>();
  const [toRemove, setToRemove] = createSignal<CohortAssignment>();

  const assign = async (input: AssignInput) => {
    await read(client.cohorts[':cohortId'].assignments.$post({ param: { cohortId: cohortId() }, json: input }));
    props.onChanged();
  };

  const remove = async (assignment: CohortAssignment) => {
    setToRemove(undefined);
    try {
      await read(client.cohorts[':cohortId'].assignments[':assignmentId'].$delete({ param: { cohortId: cohortId(), assignmentId: String(assignment.id) } }));
      setMessage({ text: t('assignments.removed', { lab: assignment.labId }), error: false });
      props.onChanged();
    } catch (error) {
      setMessage({ text: error instanceof Error ? error.message : t('error.unknown'), error: true });
    }
  };

  return (
    <section aria-labelledby="assignments-title">
      <h2 id="assignments-title">{t('assignments.title')}</h2>
      <AssignmentTable assignments={props.details.assignments} onRemove={setToRemove} />
      <Show when={message()}>
        {(shown) => (
          <p class={shown().error ? 'error' : 'success'} role={shown().error ? 'alert' : 'status'}>
            {shown().text}
          </p>
        )}
      </Show>
      <AssignForm labIds={latestOf(known)?.labIds ?? []} courseIds={latestOf(known)?.courseIds ?? []} onAssign={assign} />
      <ConfirmDialog
        open={toRemove() !== undefined}
        title={t('assignments.confirmTitle')}
        confirmLabel={t('assignments.confirm')}
        onConfirm={() => void remove(toRemove()!)}
        onCancel={() => setToRemove(undefined)}
      >
        <p>{t('assignments.confirmText', { lab: toRemove()?.labId ?? '' })}</p>
      </ConfirmDialog>
    </section>
  );
}
