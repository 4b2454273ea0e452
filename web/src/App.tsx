import { A, useLocation, useNavigate, type RouteSectionProps } from '@solidjs/router';
import { createEffect, ErrorBoundary, Show, Suspense } from 'solid-js';
import { t } from './i18n/messages.ts';
import { isStaff } from './lib/api.ts';
import { SessionProvider, useSession } from './lib/session.tsx';
import { failureMessage } from './components/StatusMessage.tsx';

function Header() {
  const session = useSession();
  const navigate = useNavigate();
  return (
    <header class="app-header">
      <A href="/" class="brand">
        {t('app.name')}
      </A>
      <Show when={session.user()}>
        {(user) => (
          <nav aria-label="Main">
            <A href="/" end>
              {t('nav.labs')}
            </A>
            <A href="/scoreboard">{t('nav.scoreboard')}</A>
            <Show when={isStaff(user())}>
              <A href="/instructor">{t('nav.instructor')}</A>
            </Show>
            <span class="muted">{t('nav.signedInAs', { name: user().displayName })}</span>
            <button
              type="button"
              class="link-button"
              onClick={async () => {
                await session.signOut();
                navigate('/sign-in');
              }}
            >
              {t('nav.signOut')}
            </button>
          </nav>
        )}
      </Show>
    </header>
  );
}

/** Sends signed-out visitors to the sign-in page, and signed-in ones away from it. */
function SessionGate(props: RouteSectionProps) {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  createEffect(() => {
    if (session.user.loading) return;
    const onSignIn = location.pathname === '/sign-in';
    if (!session.user() && !onSignIn) navigate(`/sign-in?next=${encodeURIComponent(location.pathname)}`, { replace: true });
  });
  return (
    <Show when={!session.user.loading && (session.user() || location.pathname === '/sign-in')} fallback={<p class="loading">{t('loading')}</p>}>
      {props.children}
    </Show>
  );
}

export function App(props: RouteSectionProps) {
  return (
    <SessionProvider>
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Header />
      <main id="main" tabindex="-1">
        <ErrorBoundary
          fallback={(error: unknown) => (
            <div class="error-panel" role="alert">
              <h1>{t('error.title')}</h1>
              <p>{failureMessage(error)}</p>
            </div>
          )}
        >
          <Suspense fallback={<p class="loading">{t('loading')}</p>}>
            <SessionGate {...props} />
          </Suspense>
        </ErrorBoundary>
      </main>
    </SessionProvider>
  );
}
