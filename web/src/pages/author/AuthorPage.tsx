import { A, useNavigate } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Loaded } from '../../components/Loaded.tsx';
import { createAction, StatusMessage } from '../../components/StatusMessage.tsx';
import { t } from '../../i18n/messages.ts';
import { client, read } from '../../lib/api.ts';
import { authoring, type DraftSummary } from '../../lib/authoring.ts';
import { formatDateTime } from '../../lib/datetime.ts';
import { AuthorsOnly } from './AuthorsOnly.tsx';
import './author.css';

/** What a lab id may be (the lab format's rule), said in the form before the server has to. */
const LAB_ID = '[a-z0-9]+(-[a-z0-9]+)*';

type Start = 'template' | 'copy';
type AuthorAccount = Awaited<ReturnType<typeof authoring.authors>>[number];
type CopyAs = 'version' | 'new';

/** Starts a draft from the template or as a copy of an installed lab, then opens it. */
function NewDraftForm() {
  const navigate = useNavigate();
  const { busy, error, run } = createAction();
  const [start, setStart] = createSignal<Start>('template');
  const [copyAs, setCopyAs] = createSignal<CopyAs>('new');
  const [library] = createResource(async () => (await read(client.instructor.library.$get())).labs);
  let form!: HTMLFormElement;
  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(form);
    const field = (name: string) => String(data.get(name) ?? '').trim();
    await run(async () => {
      const draft = await authoring.createDraft(
        start() === 'template'
          ? { from: 'template', labId: field('labId') }
          : copyAs() === 'new'
            ? { from: 'lab', labId: field('installedLab'), newLabId: field('newLabId') }
            : { from: 'lab', labId: field('installedLab') },
      );
      navigate(`/author/drafts/${draft.id}`);
    });
  };
  return (
    <form ref={form} class="inline-form new-draft" onSubmit={submit} aria-labelledby="new-draft-title">
      <h2 id="new-draft-title">{t('author.new.title')}</h2>
      <fieldset>
        <legend>{t('author.new.start')}</legend>
        <label class="choice">
          <input
            type="radio"
            name="start"
            value="template"
            checked={start() === 'template'}
            onChange={() => setStart('template')}
          />
          <span>{t('author.new.fromTemplate')}</span>
        </label>
        <label class="choice">
          <input
            type="radio"
            name="start"
            value="copy"
            checked={start() === 'copy'}
            onChange={() => setStart('copy')}
          />
          <span>{t('author.new.fromLab')}</span>
        </label>
      </fieldset>
      <Show
        when={start() === 'copy'}
        fallback={
          <div class="field">
            <label for="new-lab-id">{t('author.new.labId')}</label>
            <input id="new-lab-id" name="labId" required pattern={LAB_ID} maxlength="64" autocomplete="off" />
            <p class="muted small">{t('author.new.labIdHelp')}</p>
          </div>
        }
      >
        <div class="field">
          <label for="installed-lab">{t('author.new.installedLab')}</label>
          <select id="installed-lab" name="installedLab" required>
            <For each={library.latest ?? []}>{(lab) => <option value={lab.id}>{lab.title}</option>}</For>
          </select>
        </div>
        <fieldset>
          <legend>{t('author.new.copyAs')}</legend>
          <label class="choice">
            <input type="radio" name="copyAs" checked={copyAs() === 'new'} onChange={() => setCopyAs('new')} />
            <span>{t('author.new.copyAsNew')}</span>
          </label>
          <label class="choice">
            <input type="radio" name="copyAs" checked={copyAs() === 'version'} onChange={() => setCopyAs('version')} />
            <span>{t('author.new.copyAsVersion')}</span>
          </label>
        </fieldset>
        <Show when={copyAs() === 'new'}>
          <div class="field">
            <label for="new-copy-id">{t('author.new.labId')}</label>
            <input id="new-copy-id" name="newLabId" required pattern={LAB_ID} maxlength="64" autocomplete="off" />
            <p class="muted small">{t('author.new.labIdHelp')}</p>
          </div>
        </Show>
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <button type="submit" class="primary" disabled={busy()}>
        {t('author.new.submit')}
      </button>
    </form>
  );
}

/** What a draft will become: a new lab, or the next version of one that is live. */
function draftKind(draft: DraftSummary): string {
  return draft.liveVersion === null
    ? t('author.draft.newLab', { labId: draft.labId })
    : t('author.draft.newVersion', { labId: draft.labId, live: draft.liveVersion });
}

/** The drafts the person may open (an administrator's list holds everyone's), newest change first. */
function DraftList(props: { showOwner: boolean }) {
  const [drafts, { refetch }] = createResource(() => authoring.listDrafts());
  const [deleting, setDeleting] = createSignal<DraftSummary>();
  const { status, run } = createAction();
  const remove = async () => {
    const draft = deleting();
    setDeleting(undefined);
    if (!draft) return;
    await run(async () => {
      await authoring.deleteDraft(draft.id);
      await refetch();
      return t('author.drafts.deleted', { title: draft.title ?? draft.labId });
    });
  };
  return (
    <section aria-labelledby="drafts-title">
      <h2 id="drafts-title">{props.showOwner ? t('author.drafts.allTitle') : t('author.drafts.title')}</h2>
      <StatusMessage status={status()} />
      <Loaded resource={drafts}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="muted">{t('author.drafts.none')}</p>}>
            <ul class="draft-list" data-testid="draft-list">
              <For each={list()}>
                {(draft) => (
                  <li class="draft-item">
                    <div class="draft-text">
                      <A href={`/author/drafts/${draft.id}`} class="draft-title">
                        {draft.title ?? draft.labId}
                      </A>
                      <span class="muted small">
                        {draftKind(draft)} · {t('author.drafts.changed', { time: formatDateTime(draft.updatedAt) })}
                        <Show when={props.showOwner}> · {draft.owner.displayName}</Show>
                      </span>
                    </div>
                    <button
                      type="button"
                      aria-label={t('author.drafts.deleteLabel', { title: draft.title ?? draft.labId })}
                      onClick={() => setDeleting(draft)}
                    >
                      {t('author.drafts.delete')}
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
        )}
      </Loaded>
      <ConfirmDialog
        open={deleting() !== undefined}
        title={t('author.drafts.deleteTitle', { title: deleting()?.title ?? deleting()?.labId ?? '' })}
        confirmLabel={t('author.drafts.delete')}
        onConfirm={() => void remove()}
        onCancel={() => setDeleting(undefined)}
      >
        <p>{t('author.drafts.deleteText')}</p>
      </ConfirmDialog>
    </section>
  );
}

/**
 * For administrators: which instructors write labs. Administrators always do; an instructor is made an
 * author (or no longer one) here, and the change is in the audit log.
 */
function AuthorAccounts() {
  const [accounts, { mutate }] = createResource(() => authoring.authors());
  const { status, run } = createAction();
  const toggle = (account: AuthorAccount) =>
    run(async () => {
      const changed = await authoring.setAuthor(account.id, !account.author);
      mutate((list) => list?.map((entry) => (entry.id === changed.id ? changed : entry)));
      return changed.author
        ? t('author.accounts.granted', { name: changed.displayName })
        : t('author.accounts.revoked', { name: changed.displayName });
    });
  return (
    <section aria-labelledby="author-accounts-title" class="author-accounts">
      <h2 id="author-accounts-title">{t('author.accounts.title')}</h2>
      <p class="muted">{t('author.accounts.help')}</p>
      <StatusMessage status={status()} />
      <Loaded resource={accounts}>
        {(list) => (
          <ul class="draft-list" data-testid="author-accounts">
            <For each={list().filter((account) => account.role === 'instructor' && !account.disabled)}>
              {(account) => (
                <li class="draft-item">
                  <div class="draft-text">
                    <span>{account.displayName}</span>
                    <span class="muted small">
                      {account.username} ·{' '}
                      {account.author ? t('author.accounts.isAuthor') : t('author.accounts.notAuthor')}
                    </span>
                  </div>
                  <button
                    type="button"
                    aria-label={
                      account.author
                        ? t('author.accounts.revokeLabel', { name: account.displayName })
                        : t('author.accounts.grantLabel', { name: account.displayName })
                    }
                    onClick={() => void toggle(account)}
                  >
                    {account.author ? t('author.accounts.revoke') : t('author.accounts.grant')}
                  </button>
                </li>
              )}
            </For>
          </ul>
        )}
      </Loaded>
    </section>
  );
}

/** Lab authors' start page: their drafts, and a new draft from the template or from an installed lab. */
export default function AuthorPage() {
  return (
    <AuthorsOnly>
      {(access) => (
        <section class="page author-page">
          <h1>{t('author.title')}</h1>
          <p class="muted">{t('author.intro')}</p>
          <DraftList showOwner={access.isAdmin} />
          <NewDraftForm />
          <Show when={access.isAdmin}>
            <AuthorAccounts />
          </Show>
        </section>
      )}
    </AuthorsOnly>
  );
}
