import {
  createContext,
  createResource,
  createSignal,
  onCleanup,
  onMount,
  useContext,
  type Accessor,
  type ParentProps,
  type Resource,
} from 'solid-js';
import { ApiError, client, read, sessionWatch, type Me } from './api.ts';
import { startPageFor } from './start-page.ts';

interface SessionContextValue {
  /** The signed-in user (null: nobody). While the session has ended it still names who was signed in. */
  user: Resource<Me | null>;
  /** Whether the session ended while the page was open: requests wait until the person signs in again. */
  ended: Accessor<boolean>;
  refresh: () => void;
  /** Signs in (the sign-in page, or again after the session ended); throws an ApiError when refused. */
  signIn: (username: string, password: string) => Promise<void>;
  /** Ends this session, or with `everywhere` every session of the account (other browsers and devices too). */
  signOut: (options?: { everywhere?: boolean }) => Promise<void>;
}

const SessionContext = createContext<SessionContextValue>();

/** Tells the app's other tabs that someone signed in or out, so they check their own session at once. */
const CHANNEL_NAME = 'casebench-session';

/** Who the server says is signed in, without touching the app's state (null: nobody). */
async function whoIsSignedIn(): Promise<Me | null> {
  try {
    return (await read(client.auth.me.$get())).user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/**
 * Leaves for the start page of whoever is signed in now, with a fresh page: nothing the previous user
 * had loaded (pages, caches, streams) may stay in memory. Their drafts stay in localStorage, under
 * their own id, for when they sign in again.
 */
function startOverAsAnotherUser(user: Pick<Me, 'role'>): void {
  sessionWatch.abandon();
  window.location.assign(startPageFor(user));
}

/** Who is signed in, shared by every page; and what happens when the session ends while a page is open. */
export function SessionProvider(props: ParentProps) {
  const [ended, setEnded] = createSignal(false);
  const [user, { refetch, mutate }] = createResource(async () => {
    const me = await whoIsSignedIn();
    sessionWatch.signedIn(me?.id ?? null);
    return me;
  });
  const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL_NAME) : undefined;

  /** The session is back for the same person: the waiting requests are sent again. */
  const resumeSession = (me: Me) => {
    mutate(me);
    setEnded(false);
    sessionWatch.resume(true);
  };

  /** Compares what the server says with what the page believes (on return to the tab, or a word from another tab). */
  const recheck = async () => {
    const believed = sessionWatch.currentUserId();
    if (believed === null) return void refetch();
    let me: Me | null;
    try {
      me = await whoIsSignedIn();
    } catch {
      return; // Offline: the next request will tell.
    }
    if (me === null) void sessionWatch.ended();
    else if (me.id !== believed) startOverAsAnotherUser(me);
    else if (sessionWatch.hasEnded()) resumeSession(me);
  };

  const signIn = async (username: string, password: string) => {
    const { user: signedIn } = await read(client.auth.login.$post({ json: { username, password } }));
    channel?.postMessage('signed-in');
    const previous = sessionWatch.currentUserId();
    if (previous !== null && previous !== signedIn.id) {
      // The waiting requests were the previous user's: they get their 401, and the page starts over.
      return startOverAsAnotherUser(signedIn);
    }
    sessionWatch.signedIn(signedIn.id);
    const me = await whoIsSignedIn();
    if (!me) return; // The new cookie was refused (it should not be): the dialog stays until a sign-in works.
    if (sessionWatch.hasEnded()) resumeSession(me);
    else mutate(me);
  };

  const signOut = async (options: { everywhere?: boolean } = {}) => {
    // Nobody is signed in from here on: the 401s that follow are answers, not an ended session.
    sessionWatch.signedIn(null);
    sessionWatch.resume(false);
    setEnded(false);
    try {
      await read(options.everywhere ? client.auth['logout-all'].$post() : client.auth.logout.$post());
    } finally {
      mutate(null);
      channel?.postMessage('signed-out');
    }
  };

  // Subscribed at once, not on mount: a request of the first page may already find the session ended.
  const stopWatching = sessionWatch.onEnded(() => setEnded(true));
  onCleanup(stopWatching);
  onMount(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') void recheck();
    };
    document.addEventListener('visibilitychange', onVisible);
    if (channel) channel.onmessage = () => void recheck();
    onCleanup(() => {
      document.removeEventListener('visibilitychange', onVisible);
      channel?.close();
    });
  });

  return (
    <SessionContext.Provider value={{ user, ended, refresh: () => void refetch(), signIn, signOut }}>
      {props.children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionContextValue {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
