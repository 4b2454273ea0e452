import { A, useLocation, useNavigate, type RouteSectionProps } from '@solidjs/router';
import { createEffect, ErrorBoundary, on, Show, Suspense } from 'solid-js';
import { t } from './i18n/messages.ts';
import { isStaff } from './lib/api.ts';
import { useAuthorAccess } from './lib/author-access.ts';
import { SessionProvider, useSession } from './lib/session.tsx';
import { startPageFor } from './lib/start-page.ts';
import { failureMessage } from './components/StatusMessage.tsx';
import { latestOf } from './components/Loaded.tsx';
import { SignInDialog } from './components/SignInDialog.tsx';

function Header() {
  const session = useSession();
  const navigate = useNavigate();
  const authorAccess = useAuthorAccess();
  return (
    <header class="app-header">
      {/* Home is where each role starts (startPageFor); staff have no labs of their own at "/". */}
      <A href={session.user() ? startPageFor(session.user()!) : '/'} class="brand">
        {t('app.name')}
      </A>
      <Show when={session.user()}>
        {(user) => (
          <nav aria-label={t('nav.main')}>
            <Show when={!isStaff(user())}>
              <A href="/" end>
                {t('nav.labs')}
              </A>
            </Show>
            <A href="/scoreboard">{t('nav.scoreboard')}</A>
            <Show when={isStaff(user())}>
              <A href="/instructor">{t('nav.instructor')}</A>
            </Show>
            <Show when={user().role === 'admin'}>
              <A href="/admin">{t('nav.admin')}</A>
            </Show>
            <Show when={latestOf(authorAccess)?.canAuthor}>
              <A href="/author">{t('nav.author')}</A>
            </Show>
            {/* Never "Signed in as" once the session has ended: the header would be telling an untruth. */}
            <Show when={!session.ended()} fallback={<span class="muted">{t('nav.sessionEnded')}</span>}>
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
              <button
                type="button"
                class="link-button small"
                onClick={async () => {
                  await session.signOut({ everywhere: true });
                  navigate('/sign-in');
                }}
              >
                {t('nav.signOutEverywhere')}
              </button>
            </Show>
          </nav>
        )}
      </Show>
    </header>
  );
}

/** Pages that need no session: signing in, and setting a password with a one-time link. */
const PUBLIC_PAGES = new Set(['/sign-in', '/set-password']);

/** Sends signed-out visitors to the sign-in page, and signed-in ones away from it. */
function SessionGate(props: RouteSectionProps) {
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  createEffect(() => {
    if (session.user.loading) return;
    const onSignIn = PUBLIC_PAGES.has(location.pathname);
    if (!session.user() && !onSignIn)
      navigate(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  });
  return (
    <Show
      when={!session.user.loading && (session.user() || PUBLIC_PAGES.has(location.pathname))}
      fallback={<p class="loading">{t('loading')}</p>}
    >
      {props.children}
    </Show>
  );
}

/** The sign-in dialog over the page when the session ends; the page's waiting requests finish after it. */
function SessionEndedDialog() {
  const session = useSession();
  const navigate = useNavigate();
  return (
    <SignInDialog
      open={session.ended()}
      username={session.user.latest?.username}
      onSignIn={session.signIn}
      onSignOut={async () => {
        await session.signOut().catch(() => undefined);
        navigate('/sign-in');
      }}
    />
  );
}

/** What a page that failed shows: what went wrong, and two ways on (again, or back to the labs). */
function FailedPage(props: { error: unknown; reset: () => void }) {
  return (
    <div class="error-panel" role="alert">
      <h1>{t('error.title')}</h1>
      <p>{failureMessage(props.error)}</p>
      <p class="row">
        <button type="button" class="primary" onClick={() => props.reset()}>
          {t('error.tryAgain')}
        </button>
        <A href="/" class="button" onClick={() => props.reset()}>
          {t('error.backToLabs')}
        </A>
      </p>
    </div>
  );
}

function Pages(props: RouteSectionProps) {
  const location = useLocation();
  return (
    <ErrorBoundary
      fallback={(error: unknown, reset) => {
        // Moving to another page (the header's links, the browser's back button) leaves the failure behind.
        createEffect(on(() => location.pathname, reset, { defer: true }));
        return <FailedPage error={error} reset={reset} />;
      }}
    >
      <Suspense fallback={<p class="loading">{t('loading')}</p>}>
        <SessionGate {...props} />
      </Suspense>
    </ErrorBoundary>
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
        <Pages {...props} />
      </main>
      <SessionEndedDialog />
    </SessionProvider>
  );
}
