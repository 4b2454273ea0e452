import { useNavigate, useSearchParams } from '@solidjs/router';
import { Show } from 'solid-js';
import { t } from '../../i18n/messages.ts';
import { useSession } from '../../lib/session.tsx';
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
      // Only a path of this site: "//host" and "/\\host" would lead to another one.
      const next = typeof params.next === 'string' && /^\/(?![/\\])/u.test(params.next) ? params.next : '/';
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
