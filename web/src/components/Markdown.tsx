import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { createMemo } from 'solid-js';

marked.use({ gfm: true, breaks: false });

/** Markdown from a lab (brief, prompts, hints, explanations), rendered and sanitized. */
export function Markdown(props: { source: string; class?: string }) {
  const html = createMemo(() => DOMPurify.sanitize(marked.parse(props.source, { async: false }), { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input'] }));
  return <div class={`markdown ${props.class ?? ''}`} innerHTML={html()} />;
}
