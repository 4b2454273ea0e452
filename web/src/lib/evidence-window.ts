import { read, type LineWindow } from './api.ts';
import type { LabsApi } from './lab-space.tsx';
import { firstWindow } from './line-paging.ts';

// The first window of an artefact opened from the page address, asked for while the editor's code
// is still downloading. Each is taken once: later windows are always fetched fresh.
const pendingOf = new WeakMap<LabsApi, Map<string, Promise<LineWindow>>>();
function pendingIn(labs: LabsApi): Map<string, Promise<LineWindow>> {
  let pending = pendingOf.get(labs);
  if (!pending) {
    pending = new Map();
    pendingOf.set(labs, pending);
  }
  return pending;
}
const keyOf = (labId: string, evidenceId: string, line: number | undefined) => `${labId}/${evidenceId}/${line ?? 1}`;

function fetchFirstWindow(
  labs: LabsApi,
  labId: string,
  evidenceId: string,
  line: number | undefined,
): Promise<LineWindow> {
  const window = firstWindow(line);
  return read(
    labs[':labId'].evidence[':evidenceId'].lines.$get({
      param: { labId, evidenceId },
      query: { from: String(window.from), count: String(window.count) },
    }),
  );
}

/** Starts fetching the lines an artefact opens on, so that they arrive alongside the editor instead of after it. */
export function prefetchFirstWindow(labs: LabsApi, labId: string, evidenceId: string, line: number | undefined): void {
  const pending = pendingIn(labs);
  const key = keyOf(labId, evidenceId, line);
  if (pending.has(key)) return;
  const request = fetchFirstWindow(labs, labId, evidenceId, line);
  // A failed prefetch is dropped: the viewer then asks again and shows that error itself.
  request.catch(() => pending.delete(key));
  pending.set(key, request);
  // Not taken (the artefact has a rendered view, or the trainee left): do not keep it for later.
  setTimeout(() => {
    if (pending.get(key) === request) pending.delete(key);
  }, 30_000);
}

/** The first window of an artefact: the prefetched one when there is one (used once), otherwise a new request. */
export function takeFirstWindow(
  labs: LabsApi,
  labId: string,
  evidenceId: string,
  line: number | undefined,
): Promise<LineWindow> {
  const pending = pendingIn(labs);
  const key = keyOf(labId, evidenceId, line);
  const prefetched = pending.get(key);
  pending.delete(key);
  return prefetched ?? fetchFirstWindow(labs, labId, evidenceId, line);
}
