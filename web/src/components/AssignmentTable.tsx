import { For, Show } from 'solid-js';
import { t } from '../i18n/messages.ts';
import type { CohortAssignment } from '../lib/api.ts';
import { formatDateTime } from '../lib/datetime.ts';

/** The labs assigned to a cohort, with their course, window, and a button to remove each. */
export function AssignmentTable(props: { assignments: CohortAssignment[]; onRemove: (assignment: CohortAssignment) => void }) {
  return (
    <Show when={props.assignments.length > 0} fallback={<p>{t('assignments.empty')}</p>}>
      <div class="table-scroll" tabindex="0" role="region" aria-labelledby="assignments-caption">
        <table class="data-table" data-testid="assignment-table">
          <caption id="assignments-caption" class="visually-hidden">
            {t('assignments.title')}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('assignments.lab')}</th>
              <th scope="col">{t('assignments.course')}</th>
              <th scope="col">{t('assignments.opensAt')}</th>
              <th scope="col">{t('assignments.closesAt')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('members.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.assignments}>
              {(assignment) => (
                <tr>
                  <th scope="row">
                    <code>{assignment.labId}</code>
                  </th>
                  <td>{assignment.courseId ? <code>{assignment.courseId}</code> : '—'}</td>
                  <td>{assignment.opensAt ? formatDateTime(assignment.opensAt) : t('assignments.always')}</td>
                  <td>{assignment.closesAt ? formatDateTime(assignment.closesAt) : t('assignments.never')}</td>
                  <td>
                    <button type="button" class="link-button danger" onClick={() => props.onRemove(assignment)}>
                      {t('assignments.remove', { lab: assignment.labId })}
                    </button>
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
