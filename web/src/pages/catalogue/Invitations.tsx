import { createResource, For, Show } from 'solid-js';
import { createAction, StatusMessage } from '../../components/StatusMessage.tsx';
import { t } from '../../i18n/messages.ts';
import { client, read } from '../../lib/api.ts';
import { useSession } from '../../lib/session.tsx';
import './invitations.css';

/**
 * The trainee's open invitations to cohorts, each with accept and decline: an instructor adds a
 * trainee only with the trainee's consent (an invitation or the join code). Nothing shows without one.
 */
export function Invitations(props: { onAccepted: () => void }) {
  const session = useSession();
  // Staff are not members of cohorts and have no invitations to ask for.
  const [invitations, { refetch }] = createResource(
    () => session.user()?.role === 'trainee' || undefined,
    async () => (await read(client.cohorts.invitations.$get())).invitations,
  );
  const { busy, status, run } = createAction();

  const answer = (invitation: { id: number; cohortName: string }, accept: boolean) =>
    run(async () => {
      const param = { invitationId: String(invitation.id) };
      if (accept) {
        await read(client.cohorts.invitations[':invitationId'].accept.$post({ param }));
        props.onAccepted();
      } else await read(client.cohorts.invitations[':invitationId'].decline.$post({ param }));
      void refetch();
      return t(accept ? 'invitations.accepted' : 'invitations.declined', { name: invitation.cohortName });
    });

  return (
    <>
      <Show when={(invitations() ?? []).length > 0}>
        <section class="invitations" aria-labelledby="invitations-title">
          <h2 id="invitations-title">{t('invitations.title')}</h2>
          <ul>
            <For each={invitations()}>
              {(invitation) => (
                <li>
                  <p>
                    {invitation.invitedBy
                      ? t('invitations.from', { cohort: invitation.cohortName, name: invitation.invitedBy })
                      : t('invitations.to', { cohort: invitation.cohortName })}
                  </p>
                  <div class="row">
                    <button
                      type="button"
                      class="primary"
                      disabled={busy()}
                      aria-label={t('invitations.acceptName', { name: invitation.cohortName })}
                      onClick={() => void answer(invitation, true)}
                    >
                      {t('invitations.accept')}
                    </button>
                    <button
                      type="button"
                      disabled={busy()}
                      aria-label={t('invitations.declineName', { name: invitation.cohortName })}
                      onClick={() => void answer(invitation, false)}
                    >
                      {t('invitations.decline')}
                    </button>
                  </div>
                </li>
              )}
            </For>
          </ul>
        </section>
      </Show>
      <StatusMessage status={status()} />
    </>
  );
}
