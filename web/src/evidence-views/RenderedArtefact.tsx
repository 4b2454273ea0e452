import type { JSX } from 'solid-js';
import type { EvidenceView } from '../lib/api.ts';

/**
 * Contract between the evidence viewer and the rendered views of artefacts that are not plain text
 * (e-mail, Markdown, images, binary files). The viewer asks hasRenderedView() and, when true, shows
 * <RenderedArtefact> instead of (or, for e-mail, beside a toggle to) the Monaco text view.
 */
export function hasRenderedView(evidence: EvidenceView): boolean {
  void evidence;
  return false; // placeholder until the rendered views land
}

/** The rendered view of one artefact; `rawView` renders the plain text view (used by the e-mail "raw source" toggle). */
export default function RenderedArtefact(props: { labId: string; evidence: EvidenceView; rawView: () => JSX.Element }): JSX.Element {
  return props.rawView();
}
