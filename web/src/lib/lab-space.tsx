import { hc } from 'hono/client';
import { createContext, useContext, type JSX } from 'solid-js';
import type { AppType } from '../../../server/app.ts';
import { client, clientOptions } from './api.ts';

/** The trainee's lab routes (/api/labs/...), or the same routes over an instructor's preview variant. */
export type LabsApi = typeof client.labs;

/**
 * Where the workspace's lab lives: the trainee's own labs, or an instructor's "try it as a trainee"
 * preview (/api/instructor/library/preview/:seed/labs/..., the same routes and answers, nothing stored).
 */
export interface LabSpace {
  labs: LabsApi;
  /** Where the workspace's unsent drafts are kept (lib/drafts.ts): `lab` for a trainee's own labs. */
  drafts: string;
  /** Where the workspace's back link goes, with its words (the trainee's labs when absent). */
  back?: { href: string; label: string };
  /** A line under the workspace's title saying where the lab is (the preview's, with its actions). */
  notice?: () => JSX.Element;
}

const LabSpaceContext = createContext<LabSpace>({ labs: client.labs, drafts: 'lab' });

/** The lab routes the workspace's parts talk to. */
export const useLabSpace = (): LabSpace => useContext(LabSpaceContext);

export function LabSpaceProvider(props: { space: LabSpace; children: JSX.Element }) {
  return <LabSpaceContext.Provider value={props.space}>{props.children}</LabSpaceContext.Provider>;
}

/** A preview variant as the address may carry it (?variant=): 12 hexadecimal digits, as the server expects. */
export const previewVariantIn = (value: string | undefined): string | undefined =>
  value && /^[0-9a-f]{12}$/u.test(value) ? value : undefined;

const previews = new Map<string, LabsApi>();

/** The lab routes of a preview variant (one client per seed, so prefetched windows are found again). */
export function previewLabs(seed: string): LabsApi {
  let labs = previews.get(seed);
  if (!labs) {
    // The same typed routes under the preview's prefix: the server mounts the trainee's paths there.
    labs = (hc<AppType>(`/api/instructor/library/preview/${seed}`, clientOptions) as unknown as { labs: LabsApi }).labs;
    previews.set(seed, labs);
  }
  return labs;
}
