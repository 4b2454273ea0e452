import { createSignal, Show } from 'solid-js';
import { t } from '../i18n/messages.ts';
import type { EvidenceView } from '../lib/api.ts';
import { byteCount } from './byte-count.ts';
import { useLabSpace } from '../lib/lab-space.tsx';

/**
 * An image artefact. The server serves PNG, JPEG, GIF and WebP with their own type (never SVG,
 * which can carry script); anything else fails to load and is offered as a download instead.
 */
export function ImageArtefact(props: { labId: string; evidence: EvidenceView }) {
  const { labs } = useLabSpace();
  const [failed, setFailed] = createSignal(false);
  const src = () =>
    labs[':labId'].evidence[':evidenceId'].image.$path({
      param: { labId: props.labId, evidenceId: props.evidence.id },
    });
  return (
    <figure class="image-artefact" data-testid="image-view">
      <Show when={!failed()} fallback={<p class="muted">{t('views.image.unsupported')}</p>}>
        <img src={src()} alt={t('views.image.alt', { title: props.evidence.title })} onError={() => setFailed(true)} />
      </Show>
      <figcaption class="muted small">
        {props.evidence.fileName} · {byteCount(props.evidence.size)}
      </figcaption>
    </figure>
  );
}
