import { createSignal, Show } from 'solid-js';
import { ConfirmDialog } from '../../../components/ConfirmDialog.tsx';
import { MemberTable } from '../../../components/MemberTable.tsx';
import { t } from '../../../i18n/messages.ts';
import { client, read, type CohortDetails, type CohortMember } from '../../../lib/api.ts';

/** The members of a cohort: add a trainee by username, remove one after confirming. */
export function MembersSection(props: { details: CohortDetails; onChanged: () => void }) {
  const cohortId = () => String(props.details.cohort.id);
  const [message, setMessage] = createSignal<{ text: string; error: boolean }>();
  const [toRemove, setToRemove] = createSignal<CohortMember>();

  const add = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const username = String(new FormData(form).get('username') ?? '').trim();
    try {
      await read(client.cohorts[':cohortId'].members.$post({ param: { cohortId: cohortId() }, json: { username } }));
      setMessage({ text: t('members.added', { username }), error: false });
      form.reset();
      props.onChanged();
    } catch (error) {
      setMessage({ text: error instanceof Error ? error.message : t('error.unknown'), error: true });
    }
  };

  const remove = async (member: CohortMember) => {
    setToRemove(undefined);
    try {
      await read(client.cohorts[':cohortId'].members[':userId'].$delete({ param: { cohortId: cohortId(), userId: String(member.id) } }));
      setMessage({ text: t('members.removed', { name: member.displayName }), error: false });
      props.onChanged();
    } catch (error) {
      setMessage({ text: error instanceof Error ? error.message : t('error.unknown'), error: true });
    }
  };

  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">{t('members.title')}</h2>
      <MemberTable members={props.details.members} onRemove={setToRemove} />
      <form class="inline-form" onSubmit={add} aria-labelledby="add-member-title">
        <h3 id="add-member-title">{t('members.add')}</h3>
        <label for="member-username">{t('members.username')}</label>
        <div class="row">
          <input id="member-username" name="username" required maxlength="100" autocomplete="off" spellcheck={false} />
          <button type="submit" class="primary">
            {t('members.addSubmit')}
          </button>
        </div>
      </form>
      <Show when={message()}>
        {(shown) => (
          <p class={shown().error ? 'error' : 'success'} role={shown().error ? 'alert' : 'status'}>
            {shown().text}
          </p>
        )}
      </Show>
      <ConfirmDialog
        open={toRemove() !== undefined}
        title={t('members.confirmTitle')}
        confirmLabel={t('members.confirm')}
        onConfirm={() => void remove(toRemove()!)}
        onCancel={() => setToRemove(undefined)}
      >
        <p>{t('members.confirmText', { name: toRemove()?.displayName ?? '' })}</p>
      </ConfirmDialog>
    </section>
  );
}
