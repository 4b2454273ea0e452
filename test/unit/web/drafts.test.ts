import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionWatch } from '../../../web/src/lib/api.ts';
import { createDraft, draftStorageKey } from '../../../web/src/lib/drafts.ts';

/** localStorage as the browser has it, in memory. */
class MemoryStorage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, String(value));
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  clear() {
    this.items.clear();
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
}

let storage: MemoryStorage;
beforeEach(() => {
  storage = new MemoryStorage();
  vi.stubGlobal('localStorage', storage);
  sessionWatch.signedIn(7);
});
afterEach(() => {
  sessionWatch.signedIn(null);
  vi.unstubAllGlobals();
});

describe('drafts kept in the browser', () => {
  it('keeps a value across page loads until it is cleared', () => {
    const draft = createDraft<{ body: string; baseRevision: number }>('lab/a/notes');
    expect(draft.value()).toBeUndefined();
    draft.set({ body: 'first', baseRevision: 2 });
    expect(draft.value()).toEqual({ body: 'first', baseRevision: 2 });
    expect(draft.savedAt()).toBeTypeOf('number');

    const afterReload = createDraft<{ body: string; baseRevision: number }>('lab/a/notes');
    expect(afterReload.value()).toEqual({ body: 'first', baseRevision: 2 });
    afterReload.clear();
    expect(afterReload.value()).toBeUndefined();
    expect(createDraft('lab/a/notes').value()).toBeUndefined();
    expect(storage.length).toBe(0);
  });

  it('keeps each user and each field apart', () => {
    createDraft('lab/a/notes').set('seven’s notes');
    createDraft('lab/a/task/t1').set('seven’s finding');
    sessionWatch.signedIn(8);
    expect(createDraft('lab/a/notes').value()).toBeUndefined();
    createDraft('lab/a/notes').set('eight’s notes');
    sessionWatch.signedIn(7);
    expect(createDraft('lab/a/notes').value()).toBe('seven’s notes');
    expect(createDraft('lab/a/task/t1').value()).toBe('seven’s finding');
    expect(storage.getItem(draftStorageKey('lab/a/notes', 8))).toContain('eight’s notes');
  });

  it('keeps working in memory when the browser refuses to store', () => {
    storage.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    const draft = createDraft('lab/a/notes');
    draft.set('still here');
    expect(draft.value()).toBe('still here');
  });

  it('ignores a stored entry it cannot read', () => {
    storage.setItem(draftStorageKey('lab/a/notes'), '{not json');
    expect(createDraft('lab/a/notes').value()).toBeUndefined();
  });
});
