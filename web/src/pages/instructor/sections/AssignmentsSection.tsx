import { createResource, createSignal } from 'solid-js';
import { AssignForm, type AssignInput } from '../../../components/AssignForm.tsx';
import { AssignmentTable } from '../../../components/AssignmentTable.tsx';
import { latestOf } from '../../../components/Loaded.tsx';
import { RemoveWithConfirm } from '../../../components/RemoveWithConfirm.tsx';
import { StatusMessage, type Status } from '../../../components/StatusMessage.tsx';
import { t } from '../../../i18n/messages.ts';
import { client, read, type CohortAssignment, type CohortDetails } from '../../../lib/api.ts';
import { knownLabsAndCourses } from '../known-content.ts';

/** The labs assigned to a cohort: assign a lab or a course with an optional window, remove an assignment after confirming. */
export function AssignmentsSection(props: { details: CohortDetails; onChanged: () => void }) {
  const cohortId = () => String(props.details.cohort.id);
  const [known] = createResource(knownLabsAndCourses);
  const [message, setMessage] = createSignal<Status>();
  const [toRemove, setToRemove] = createSignal<CohortAssignment>();

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
    return t('assignments.removed', { lab: assignment.labId });
  };

  return (
    <section aria-labelledby="assignments-title">
      <h2 id="assignments-title">{t('assignments.title')}</h2>
      <AssignmentTable assignments={props.details.assignments} onRemove={setToRemove} />
      <StatusMessage status={message()} />
      <AssignForm
        labIds={latestOf(known)?.labIds ?? []}
        courseIds={latestOf(known)?.courseIds ?? []}
        onAssign={assign}
      />
      <RemoveWithConfirm
        item={toRemove()}
        title={t('assignments.confirmTitle')}
        confirmLabel={t('assignments.confirm')}
        question={(assignment) => t('assignments.confirmText', { lab: assignment.labId })}
        remove={remove}
        onClose={() => setToRemove(undefined)}
        onOutcome={setMessage}
        onRemoved={() => props.onChanged()}
      />
    </section>
  );
}
