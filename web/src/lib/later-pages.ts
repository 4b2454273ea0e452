import { createSignal, type Accessor } from 'solid-js';
import { failureMessage } from './failure-message.ts';

/** The pages after the first of a list the server sends a page at a time, and the state of asking for the next. */
export interface LaterPages<Cursor, Page> {
  /** The pages loaded since the first, in order. */
  later: Accessor<Page[]>;
  /** Where the next page starts, or null when the last page loaded is the last there is. */
  nextCursor: Accessor<Cursor | null>;
  loadingMore: Accessor<boolean>;
  /** Why the last request for a page failed; cleared by the next that succeeds. */
  loadError: Accessor<string | undefined>;
  loadMore(): Promise<void>;
  /** Back to the first page alone, when the list shown changes or must be read again. */
  reset(): void;
}

/**
 * "Load more" for a list whose first page `first` comes with `key` (the trainee or status it is
 * about). One request at a time; a page that arrives after the key changed is dropped, so another
 * list never gets it.
 */
export function createLaterPages<Key, Cursor, Page extends { nextCursor: Cursor | null }>(
  key: Accessor<Key | undefined>,
  first: Accessor<Page | undefined>,
  fetchPage: (key: Key, cursor: Cursor) => Promise<Page>,
): LaterPages<Cursor, Page> {
  const [later, setLater] = createSignal<Page[]>([]);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [loadError, setLoadError] = createSignal<string>();
  const nextCursor = () => (later().at(-1) ?? first())?.nextCursor ?? null;

  const loadMore = async () => {
    const chosen = key();
    const cursor = nextCursor();
    if (chosen === undefined || cursor === null || loadingMore()) return;
    setLoadingMore(true);
    try {
      const page = await fetchPage(chosen, cursor);
      if (key() === chosen) setLater([...later(), page]);
      setLoadError(undefined);
    } catch (error) {
      setLoadError(failureMessage(error));
    } finally {
      setLoadingMore(false);
    }
  };
  const reset = () => {
    setLater([]);
    setLoadError(undefined);
  };
  return { later, nextCursor, loadingMore, loadError, loadMore, reset };
}
