import { createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import { t } from '../i18n/messages.ts';
import type { EvidenceView } from '../lib/api.ts';
import { EmailView } from './EmailView.tsx';
import { HexView } from './HexView.tsx';
import { ImageArtefact } from './ImageArtefact.tsx';
import { MarkdownArtefact } from './MarkdownArtefact.tsx';
import './evidence-views.css';

const isMarkdown = (evidence: EvidenceView) =>
  evidence.kind === 'text' && (evidence.fileName.toLowerCase().endsWith('.md') || evidence.format === 'markdown');
const isBinary = (evidence: EvidenceView) => evidence.kind === 'binary' || evidence.kind === 'sqlite';
/** Rendered views that also have a text source worth reading line by line (and citing by line). */
const hasRawSource = (evidence: EvidenceView) => evidence.kind === 'email' || isMarkdown(evidence);

/**
 * Contract between the evidence viewer and the rendered views of artefacts that are not plain text
 * (e-mail, Markdown, images, binary files). The viewer asks hasRenderedView() and, when true, shows
 * <RenderedArtefact> instead of (or, for e-mail, beside a toggle to) the Monaco text view.
 */
export function hasRenderedView(evidence: EvidenceView): boolean {
  return evidence.kind === 'email' || evidence.kind === 'image' || isBinary(evidence) || isMarkdown(evidence);
}

// The raw/rendered choice per artefact survives the viewer being rebuilt (an answer, a reload):
// a trainee reading the raw headers should not be thrown back to the rendered view.
const rawKey = (labId: string, evidenceId: string) => `casebench.rawView.${labId}.${evidenceId}`;
function storedRaw(labId: string, evidenceId: string): boolean {
  try {
    return sessionStorage.getItem(rawKey(labId, evidenceId)) === '1';
  } catch {
    return false;
  }
}
function storeRaw(labId: string, evidenceId: string, raw: boolean): void {
  try {
    if (raw) sessionStorage.setItem(rawKey(labId, evidenceId), '1');
    else sessionStorage.removeItem(rawKey(labId, evidenceId));
  } catch {
    // Storage refused (private mode): the choice then lasts only as long as the view.
  }
}

/** The rendered view of one artefact; `rawView` renders the plain text view (used by the e-mail "raw source" toggle). */
export default function RenderedArtefact(props: {
  labId: string;
  evidence: EvidenceView;
  rawView: () => JSX.Element;
}): JSX.Element {
  const [raw, setRaw] = createSignal(storedRaw(props.labId, props.evidence.id));
  const toggle = () => {
    const next = !raw();
    setRaw(next);
    storeRaw(props.labId, props.evidence.id, next);
  };
  return (
    <div class="rendered-artefact">
      <Show when={hasRawSource(props.evidence)}>
        <div class="rendered-tools">
          <button type="button" class="small" aria-pressed={raw()} onClick={toggle} data-testid="raw-toggle">
            {t('views.showRaw')}
          </button>
        </div>
      </Show>
      <Show when={!raw() || !hasRawSource(props.evidence)} fallback={props.rawView()}>
        <Switch>
          <Match when={props.evidence.kind === 'email'}>
            <EmailView labId={props.labId} evidence={props.evidence} />
          </Match>
          <Match when={isMarkdown(props.evidence)}>
            <MarkdownArtefact labId={props.labId} evidence={props.evidence} />
          </Match>
          <Match when={props.evidence.kind === 'image'}>
            <ImageArtefact labId={props.labId} evidence={props.evidence} />
          </Match>
          <Match when={isBinary(props.evidence)}>
            <HexView labId={props.labId} evidence={props.evidence} />
          </Match>
        </Switch>
      </Show>
    </div>
  );
}
