import { createSignal, Show } from 'solid-js';
import { MemberTable } from '../../../components/MemberTable.tsx';
import { RemoveWithConfirm } from '../../../components/RemoveWithConfirm.tsx';
import { createAction, StatusMessage } from '../../../components/StatusMessage.tsx';
import { t } from '../../../i18n/messages.ts';
import { client, read, type CohortDetails, type CohortMember } from '../../../lib/api.ts';
import { useSession } from '../../../lib/session.tsx';
import { PendingInvitations } from './PendingInvitations.tsx';
import { TraineePicker } from './TraineePicker.tsx';

/**
 * The members of a cohort: remove one after confirming. Trainees join with the join code or by
 * accepting an invitation from the trainee picker; only an administrator adds one directly (the
 * server refuses instructors: the cohort access rule), so only they see the form by username.
 */
export function MembersSection(props: { details: CohortDetails; onChanged: () => void }) {
  const session = useSession();
  const cohortId = () => String(props.details.cohort.id);
  const { status: message, setStatus: setMessage, run } = createAction();
  const [toRemove, setToRemove] = createSignal<CohortMember>();
  const [invitationsChanged, setInvitationsChanged] = createSignal(0);

  const add = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const username = String(new FormData(form).get('username') ?? '').trim();
    await run(async () => {
      await read(client.cohorts[':cohortId'].members.$post({ param: { cohortId: cohortId() }, json: { username } }));
      form.reset();
      props.onChanged();
      return t('members.added', { username });
    });
  };

  const remove = async (member: CohortMember) => {
    await read(
      client.cohorts[':cohortId'].members[':userId'].$delete({
        param: { cohortId: cohortId(), userId: String(member.id) },
      }),
    );
    return t('members.removed', { name: member.displayName });
  };

  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">{t('members.title')}</h2>
      <MemberTable members={props.details.members} onRemove={setToRemove} />
      <Show when={session.user()?.role !== 'admin'}>
        <p class="muted small">{t('members.joinHelp')}</p>
      </Show>
      <TraineePicker
        cohortId={cohortId()}
        addsDirectly={session.user()?.role === 'admin'}
        onAdded={() => {
          props.onChanged();
          setInvitationsChanged((count) => count + 1);
        }}
      />
      <PendingInvitations cohortId={cohortId()} changed={invitationsChanged()} />
      <Show when={session.user()?.role === 'admin'}>
        <form class="inline-form" onSubmit={add} aria-labelledby="add-member-title">
          <h3 id="add-member-title">{t('members.addByUsername')}</h3>
          <label for="member-username">{t('members.username')}</label>
          <div class="row">
            <input
              id="member-username"
              name="username"
              required
              maxlength="100"
              autocomplete="off"
              spellcheck={false}
            />
            <button type="submit" class="primary">
              {t('members.addSubmit')}
            </button>
          </div>
        </form>
      </Show>
      <StatusMessage status={message()} />
      <RemoveWithConfirm
        item={toRemove()}
        title={t('members.confirmTitle')}
        confirmLabel={t('members.confirm')}
        question={(member) => t('members.confirmText', { name: member.displayName })}
        remove={remove}
        onClose={() => setToRemove(undefined)}
        onOutcome={setMessage}
        onRemoved={() => props.onChanged()}
      />
    </section>
  );
}
