import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { createMemo } from 'solid-js';
import { renderTraineeMarkdown, TRAINEE_MARKDOWN_ATTRIBUTES, TRAINEE_MARKDOWN_TAGS } from '../lib/trainee-markdown.ts';

marked.use({ gfm: true, breaks: false });

/** Markdown from a lab (brief, prompts, hints, explanations), rendered and sanitized. Lab authors are trusted with richer HTML. */
export function Markdown(props: { source: string; class?: string }) {
  const html = createMemo(() =>
    DOMPurify.sanitize(marked.parse(props.source, { async: false }), {
      USE_PROFILES: { html: true },
      FORBID_TAGS: ['style', 'form', 'input'],
    })
      // A code block wider than its pane scrolls sideways: focusable, so that the keyboard can scroll it too.
      .replaceAll('<pre>', '<pre tabindex="0">'),
  );
  return <div class={`markdown ${props.class ?? ''}`} innerHTML={html()} />;
}

/**
 * Markdown a trainee wrote (a manual answer), for an instructor to read: no raw HTML, no style,
 * class or id, links with their address shown, images not loaded (see renderTraineeMarkdown). The
 * sanitiser runs after it with an allowlist of exactly what that renderer produces, so a mistake in
 * either one alone lets nothing through.
 */
export function TraineeMarkdown(props: { source: string; class?: string }) {
  const html = createMemo(() =>
    DOMPurify.sanitize(renderTraineeMarkdown(props.source), {
      ALLOWED_TAGS: TRAINEE_MARKDOWN_TAGS,
      ALLOWED_ATTR: TRAINEE_MARKDOWN_ATTRIBUTES,
      ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/iu,
      // DOMPurify checks every attribute it does not know as a plain value against the URI rule above.
      ADD_URI_SAFE_ATTR: ['rel', 'target', 'start'],
      ALLOW_DATA_ATTR: false,
      ALLOW_ARIA_ATTR: false,
    }),
  );
  return <div class={`markdown trainee-markdown ${props.class ?? ''}`} innerHTML={html()} />;
}
