import { createResource, For, Show } from 'solid-js';
import { createAction, StatusMessage } from '../../../components/StatusMessage.tsx';
import { t } from '../../../i18n/messages.ts';
import { client, read } from '../../../lib/api.ts';
import './trainee-picker.css';

/** The cohort's invitations no trainee has answered yet, each with a button that withdraws it. */
export function PendingInvitations(props: { cohortId: string; changed: number }) {
  const [invitations, { refetch }] = createResource(
    () => ({ cohortId: props.cohortId, changed: props.changed }),
    async ({ cohortId }) =>
      (await read(client.cohorts[':cohortId'].invitations.$get({ param: { cohortId } }))).invitations,
  );
  const { busy, status, run } = createAction();
  const withdraw = (invitation: { id: number; displayName: string }) =>
    run(async () => {
      await read(
        client.cohorts[':cohortId'].invitations[':invitationId'].$delete({
          param: { cohortId: props.cohortId, invitationId: String(invitation.id) },
        }),
      );
      void refetch();
      return t('invitations.withdrawn', { name: invitation.displayName });
    });

  return (
    <>
      <Show when={(invitations() ?? []).length > 0}>
        <div class="trainee-picker">
          <h3 id="pending-invitations-title">{t('invitations.pending')}</h3>
          <ul class="trainee-picker-results" aria-labelledby="pending-invitations-title">
            <For each={invitations()}>
              {(invitation) => (
                <li>
                  <span>
                    {invitation.displayName} <span class="muted small">{invitation.username}</span>
                  </span>
                  <button
                    type="button"
                    disabled={busy()}
                    aria-label={t('invitations.withdrawName', { name: invitation.displayName })}
                    onClick={() => void withdraw(invitation)}
                  >
                    {t('invitations.withdraw')}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </div>
      </Show>
      <StatusMessage status={status()} />
    </>
  );
}
