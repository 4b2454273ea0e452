import { createUniqueId, onMount, Show } from 'solid-js';
import { t } from '../i18n/messages.ts';
import { createAction, signInFailureMessage } from './StatusMessage.tsx';

interface SignInDialogProps {
  open: boolean;
  /** Who was signed in: filled in so that usually only the password is needed. */
  username: string | undefined;
  onSignIn: (username: string, password: string) => Promise<void>;
  onSignOut: () => void;
}

/**
 * Asks the person to sign in again when their session ended while a page was open, over that page
 * (a modal native <dialog>), so that nothing on it is lost. It cannot be dismissed with Escape: the
 * page's requests are waiting for a session; "Sign out" is the way out instead. Nothing of it is in
 * the page while it is closed (a second "Username" field would confuse assistive technology).
 */
export function SignInDialog(props: SignInDialogProps) {
  return (
    <Show when={props.open}>
      <OpenSignInDialog {...props} />
    </Show>
  );
}

function OpenSignInDialog(props: SignInDialogProps) {
  let dialog!: HTMLDialogElement;
  const id = createUniqueId();
  const { busy, error, run } = createAction(signInFailureMessage);
  onMount(() => dialog.showModal());

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    await run(() => props.onSignIn(String(data.get('username')), String(data.get('password'))));
  };

  return (
    <dialog
      ref={dialog}
      class="confirm-dialog sign-in-dialog"
      aria-labelledby={`session-title-${id}`}
      aria-describedby={`session-text-${id}`}
      onCancel={(event) => event.preventDefault()}
    >
      <h2 id={`session-title-${id}`}>{t('session.ended.title')}</h2>
      <p id={`session-text-${id}`}>{t('session.ended.text')}</p>
      <form class="stack" onSubmit={submit}>
        <label for={`session-username-${id}`}>{t('signIn.username')}</label>
        <input
          id={`session-username-${id}`}
          name="username"
          autocomplete="username"
          required
          value={props.username ?? ''}
        />
        <label for={`session-password-${id}`}>{t('signIn.password')}</label>
        {/* The password is what is usually missing, so it takes the focus when the dialog opens. */}
        <input
          id={`session-password-${id}`}
          name="password"
          type="password"
          autocomplete="current-password"
          required
          autofocus
        />
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
