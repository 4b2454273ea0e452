import { useNavigate, useSearchParams } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { t } from '../../i18n/messages.ts';
import { client, read } from '../../lib/api.ts';
import { useSession } from '../../lib/session.tsx';
import { failureMessage } from '../../components/StatusMessage.tsx';

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
      await read(client.auth.login.$post({ json: { username: String(form.get('username')), password: String(form.get('password')) } }));
      session.refresh();
      const next = typeof params.next === 'string' && params.next.startsWith('/') && !params.next.startsWith('//') ? params.next : '/';
      navigate(next, { replace: true });
    } catch (failure) {
      setError(failureMessage(failure));
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
