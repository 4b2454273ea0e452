import { createSignal, type Accessor } from 'solid-js';
import { sessionWatch } from './api.ts';

/**
 * Unsent text kept in the browser until the server confirms it, so that a reload, a crash or an
 * ended session never loses what someone typed. Drafts are per signed-in user (two people sharing a
 * computer never see each other's drafts) and per key, such as `lab/<labId>/notes` or
 * `lab/<labId>/task/<taskId>`. When localStorage is unavailable or full the draft lives in memory
 * only: the page keeps working, it just cannot survive a reload.
 */

const PREFIX = 'casebench:draft:';

/** A draft as stored: the value and when it was last changed (ms since the epoch, this browser's clock). */
interface StoredDraft<T> {
  value: T;
  savedAt: number;
}

/** An unsent value kept in the browser: read it, replace it as the person types, clear it once the server has it. */
export interface Draft<T> {
  /** The unsent value, or undefined when there is none (reactive). */
  value: Accessor<T | undefined>;
  /** When the draft was last changed, in ms since the epoch (undefined without a draft). */
  savedAt: () => number | undefined;
  /** Keeps a new unsent value. */
  set: (value: T) => void;
  /** Forgets the draft: call it once the server has confirmed the value. */
  clear: () => void;
}

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    // Some privacy settings make even reading localStorage throw.
    return undefined;
  }
}

/** The storage key of a draft: the signed-in user's, or "anonymous" before anyone is known. */
export function draftStorageKey(key: string, userId: number | null = sessionWatch.currentUserId()): string {
  return `${PREFIX}${userId ?? 'anonymous'}:${key}`;
}

function load<T>(storageKey: string): StoredDraft<T> | undefined {
  try {
    const text = storage()?.getItem(storageKey);
    if (!text) return undefined;
    const parsed = JSON.parse(text) as Partial<StoredDraft<T>>;
    return typeof parsed === 'object' && parsed !== null && 'value' in parsed && typeof parsed.savedAt === 'number'
      ? (parsed as StoredDraft<T>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The draft stored under `key` for the user signed in now (read once, when created). The value is
 * anything JSON can hold; keep what a restore needs with it (for notes, the revision it was typed on).
 */
export function createDraft<T = string>(key: string): Draft<T> {
  const storageKey = draftStorageKey(key);
  const [stored, setStored] = createSignal<StoredDraft<T> | undefined>(load<T>(storageKey), { equals: false });
  return {
    value: () => stored()?.value,
    savedAt: () => stored()?.savedAt,
    set(value: T) {
      const draft = { value, savedAt: Date.now() };
      setStored(draft);
      try {
        storage()?.setItem(storageKey, JSON.stringify(draft));
      } catch {
        // Full or refused: the draft stays in memory for this page.
      }
    },
    clear() {
      setStored(undefined);
      try {
        storage()?.removeItem(storageKey);
      } catch {
        // Nothing to do: the draft was never stored.
      }
    },
  };
}
