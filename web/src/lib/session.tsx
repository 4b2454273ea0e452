import { createContext, createResource, useContext, type ParentProps, type Resource } from 'solid-js';
import { ApiError, client, read, type Me } from './api.ts';

interface SessionContextValue {
  user: Resource<Me | null>;
  refresh: () => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue>();

async function fetchMe(): Promise<Me | null> {
  try {
    return (await read(client.auth.me.$get())).user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** Who is signed in, shared by every page. */
export function SessionProvider(props: ParentProps) {
  const [user, { refetch }] = createResource(fetchMe);
  const signOut = async () => {
    await read(client.auth.logout.$post());
    await refetch();
  };
  return <SessionContext.Provider value={{ user, refresh: () => void refetch(), signOut }}>{props.children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
