import { createResource } from 'solid-js';
import { Loaded } from '../components/Loaded.tsx';
import { Markdown } from '../components/Markdown.tsx';
import { t } from '../i18n/messages.ts';
import { read, type EvidenceView } from '../lib/api.ts';
import { useLabSpace } from '../lib/lab-space.tsx';

/** The most lines rendered; a longer note is cut with a pointer to the raw source. */
const MAX_RENDERED_LINES = 20_000;
/** The line-window API's largest window. */
const WINDOW = 1_000;

/** A Markdown artefact (a report, a summary) rendered through the app's sanitising Markdown component. */
export function MarkdownArtefact(props: { labId: string; evidence: EvidenceView }) {
  const { labs } = useLabSpace();
  const [source] = createResource(
    () => ({ labId: props.labId, evidenceId: props.evidence.id }),
    async (param) => {
      const lines: string[] = [];
      let total = Number.POSITIVE_INFINITY;
      while (lines.length < Math.min(total, MAX_RENDERED_LINES)) {
        const window = await read(
          labs[':labId'].evidence[':evidenceId'].lines.$get({
            param,
            query: { from: String(lines.length + 1), count: String(WINDOW) },
          }),
        );
        total = window.totalLines;
        if (window.lines.length === 0) break;
        lines.push(...window.lines);
      }
      return { text: lines.slice(0, MAX_RENDERED_LINES).join('\n'), truncated: total > MAX_RENDERED_LINES };
    },
  );
  return (
    <Loaded resource={source}>
      {(markdown) => (
        <div class="markdown-artefact" data-testid="markdown-view">
          <Markdown source={markdown().text} />
          {markdown().truncated ? (
            <p class="muted small">{t('views.markdown.truncated', { count: MAX_RENDERED_LINES })}</p>
          ) : null}
        </div>
      )}
    </Loaded>
  );
}
