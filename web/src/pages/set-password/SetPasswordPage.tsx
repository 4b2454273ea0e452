import { A } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { createAction } from '../../components/StatusMessage.tsx';
import { t } from '../../i18n/messages.ts';
import { setPasswordWithLink } from '../../lib/admin-accounts.ts';

/** The token of the link that opened the page, read once; the address bar then keeps no trace of it. */
function takeToken(): string {
  const token = decodeURIComponent(window.location.hash.slice(1));
  if (token) window.history.replaceState(window.history.state, '', window.location.pathname);
  return token;
}

/** A new password's field, with the length the server's rules allow. */
function NewPasswordField(props: { id: string; name: string; label: string; autofocus?: boolean }) {
  return (
    <>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        type="password"
        autocomplete="new-password"
        minlength="10"
        maxlength="200"
        required
        autofocus={props.autofocus}
      />
    </>
  );
}

/** Where a one-time link from an administrator leads: the account's owner sets their password. */
export default function SetPasswordPage() {
  const token = takeToken();
  const [username, setUsername] = createSignal<string>();
  const [mismatch, setMismatch] = createSignal(false);
  const { busy, error, run } = createAction();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const password = String(form.get('password') ?? '');
    setMismatch(password !== String(form.get('repeat') ?? ''));
    if (mismatch()) return;
    await run(async () => setUsername(await setPasswordWithLink(token, password)));
  };

  return (
    <section class="page narrow">
      <h1>{t('setPassword.title')}</h1>
      <Show
        when={token}
        fallback={
          <p class="error" role="alert">
            {t('setPassword.noToken')}
          </p>
        }
      >
        <Show
          when={username()}
          fallback={
            <form onSubmit={submit} class="stack" aria-describedby="set-password-help">
              <p id="set-password-help" class="muted">
                {t('setPassword.help')}
              </p>
              <NewPasswordField id="new-password" name="password" label={t('setPassword.password')} autofocus />
              <NewPasswordField id="repeat-password" name="repeat" label={t('setPassword.repeat')} />
              <Show when={mismatch() || error()}>
                <p class="error" role="alert">
                  {mismatch() ? t('setPassword.mismatch') : error()}
                </p>
              </Show>
              <button type="submit" class="primary" disabled={busy()}>
                {t('setPassword.submit')}
              </button>
            </form>
          }
        >
          {(name) => (
            <div role="status" class="stack">
              <p class="success">{t('setPassword.done', { username: name() })}</p>
              <p>
                <A href="/sign-in" class="button primary">
                  {t('setPassword.signIn')}
                </A>
              </p>
            </div>
          )}
        </Show>
      </Show>
    </section>
  );
}
