import { createEffect, createSignal, createUniqueId, Show } from 'solid-js';
import { t } from '../i18n/messages.ts';
import { signInFailureMessage } from './StatusMessage.tsx';

/**
 * Asks the person to sign in again when their session ended while a page was open, over that page
 * (a modal native <dialog>), so that nothing on it is lost. It cannot be dismissed with Escape: the
 * page's requests are waiting for a session; "Sign out" is the way out instead.
 */
export function SignInDialog(props: {
  open: boolean;
  /** Who was signed in: filled in so that usually only the password is needed. */
  username: string | undefined;
  onSignIn: (username: string, password: string) => Promise<void>;
  onSignOut: () => void;
}) {
  let dialog!: HTMLDialogElement;
  let form!: HTMLFormElement;
  let password!: HTMLInputElement;
  const id = createUniqueId();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  createEffect(() => {
    if (props.open && !dialog.open) {
      setError(undefined);
      password.value = '';
      dialog.showModal();
    }
    if (!props.open && dialog.open) dialog.close();
  });

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(form);
    setBusy(true);
    setError(undefined);
    try {
      await props.onSignIn(String(data.get('username')), String(data.get('password')));
    } catch (failure) {
      setError(signInFailureMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} class="confirm-dialog sign-in-dialog" aria-labelledby={`session-title-${id}`} aria-describedby={`session-text-${id}`} onCancel={(event) => event.preventDefault()}>
      <h2 id={`session-title-${id}`}>{t('session.ended.title')}</h2>
      <p id={`session-text-${id}`}>{t('session.ended.text')}</p>
      <form ref={form} class="stack" onSubmit={submit}>
        <label for={`session-username-${id}`}>{t('signIn.username')}</label>
        <input id={`session-username-${id}`} name="username" autocomplete="username" required value={props.username ?? ''} />
        <label for={`session-password-${id}`}>{t('signIn.password')}</label>
        {/* The password is what is usually missing, so it takes the focus when the dialog opens. */}
        <input ref={password} id={`session-password-${id}`} name="password" type="password" autocomplete="current-password" required autofocus />
        <Show when={error()}>
          <p class="error" role="alert">
            {error()}
          </p>
        </Show>
        <div class="row end">
          <button type="button" onClick={() => props.onSignOut()}>
            {t('nav.signOut')}
          </button>
          <button type="submit" class="primary" disabled={busy()}>
            {busy() ? t('signIn.busy') : t('session.ended.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
