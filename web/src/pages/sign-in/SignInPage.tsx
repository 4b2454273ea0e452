import { useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { t } from '../../i18n/messages.ts';
import { useSession } from '../../lib/session.tsx';
import { signInFailureMessage } from '../../components/StatusMessage.tsx';

export default function SignInPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(undefined);
    try {
      await session.signIn(String(form.get('username')), String(form.get('password')));
      // Only a path of this site: "//host" and "/\\host" would lead to another one.
      const next = typeof params.next === 'string' && /^\/(?![/\\])/u.test(params.next) ? params.next : '/';
      navigate(next, { replace: true });
    } catch (failure) {
      setError(signInFailureMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="page narrow sign-in">
      <h1>{t('signIn.title')}</h1>
      <p class="muted">{t('signIn.intro')}</p>
      <form onSubmit={submit} class="stack" aria-describedby={error() ? 'sign-in-error' : undefined}>
        <label for="username">{t('signIn.username')}</label>
        <input id="username" name="username" autocomplete="username" required autofocus />
        <label for="password">{t('signIn.password')}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <Show when={error()}>
          <p id="sign-in-error" class="error" role="alert">
            {error()}
          </p>
        </Show>
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? t('signIn.busy') : t('signIn.submit')}
        </button>
      </form>
    </section>
  );
}
