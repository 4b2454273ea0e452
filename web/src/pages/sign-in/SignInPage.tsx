import { useNavigate, useSearchParams } from '@solidjs/router';
import { Show } from 'solid-js';
import { t } from '../../i18n/messages.ts';
import { useSession } from '../../lib/session.tsx';
import { startPageFor } from '../../lib/start-page.ts';
import { createAction, signInFailureMessage } from '../../components/StatusMessage.tsx';

export default function SignInPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { busy, error, run } = createAction(signInFailureMessage);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    await run(async () => {
      await session.signIn(String(form.get('username')), String(form.get('password')));
      // Only a path of this site: "//host" and "/\\host" would lead to another one. A page asked for (a
      // deep link opened while signed out) wins over the role's start page; the site's address alone
      // ("/", what the gate sends when someone opens the site) asks for no page in particular.
      const asked = typeof params.next === 'string' && /^\/(?![/\\])/u.test(params.next) ? params.next : undefined;
      const signedIn = session.user();
      const next = asked && asked !== '/' ? asked : signedIn ? startPageFor(signedIn) : '/';
      navigate(next, { replace: true });
    });
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
