import { Marked, type Tokens } from 'marked';

/**
 * Markdown written by trainees (manual answers), rendered for the people who read it: instructors
 * grading in the review queue. Unlike lab authors, trainees are not trusted, so the rendering is
 * strict by construction rather than by cleaning up afterwards:
 *
 * - raw HTML is never passed through: it is shown as the text it is;
 * - no element gets a style, class or id, so nothing can cover the page or pose as the app;
 * - a link shows its address beside its text (text (https://...)), opens apart from the app and is
 *   marked rel="noopener noreferrer nofollow"; only http(s) and mailto addresses become links;
 * - images are never loaded (a request to a trainee's server would tell them when a grader looks):
 *   their Markdown is shown as text.
 *
 * Pure (no DOM), so it is unit-tested; the component adds DOMPurify with a strict allowlist on top.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to place in HTML, as text. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/gu, (character) => ESCAPES[character]!);
}

/** The address if it may become a link: absolute http(s) or mailto, parsed as a URL. */
function linkable(href: string): string | undefined {
  const address = href.trim();
  if (!/^(?:https?:\/\/|mailto:)/iu.test(address)) return undefined;
  try {
    return new URL(address).href;
  } catch {
    return undefined;
  }
}

/** The elements trainee Markdown can produce, for the sanitiser's allowlist. */
export const TRAINEE_MARKDOWN_TAGS = [
  'p',
  'br',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'ul',
  'ol',
  'li',
  'pre',
  'code',
  'em',
  'strong',
  'del',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
];
/** The only attributes it produces: those of a link (and an ordered list's start number). */
export const TRAINEE_MARKDOWN_ATTRIBUTES = ['href', 'rel', 'target', 'start'];

const traineeMarked = new Marked({
  gfm: true,
  // Trainees write prose with line breaks where they mean them.
  breaks: true,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
    link({ href, tokens, text }: Tokens.Link) {
      const label = this.parser.parseInline(tokens);
      const address = linkable(href);
      const shownAddress = escapeHtml(href.trim());
      // An address written out as the link's own text is not repeated.
      const suffix = text.trim() === href.trim() || `mailto:${text.trim()}` === href.trim() ? '' : ` (${shownAddress})`;
      if (!address) return `${label}${suffix}`;
      return `<a href="${escapeHtml(address)}" rel="noopener noreferrer nofollow" target="_blank">${label}</a>${suffix}`;
    },
    image({ href, text }: Tokens.Image) {
      return escapeHtml(`![${text}](${href})`);
    },
    code({ text }: Tokens.Code) {
      return `<pre><code>${escapeHtml(text)}</code></pre>\n`;
    },
    checkbox({ checked }: Tokens.Checkbox) {
      return checked ? '[x] ' : '[ ] ';
    },
    tablecell(token: Tokens.TableCell) {
      const tag = token.header ? 'th' : 'td';
      return `<${tag}>${this.parser.parseInline(token.tokens)}</${tag}>\n`;
    },
  },
});

/** The HTML of trainee-written Markdown under the rules above. */
export function renderTraineeMarkdown(source: string): string {
  return traineeMarked.parse(source, { async: false });
}
