import { describe, expect, it } from 'vitest';
import {
  renderTraineeMarkdown,
  TRAINEE_MARKDOWN_ATTRIBUTES,
  TRAINEE_MARKDOWN_TAGS,
} from '../../../web/src/lib/trainee-markdown.ts';

/** The audit's answer: a full-screen overlay with a link, hidden in a manual answer. */
const OVERLAY =
  'My findings.\n\n<div style="position:fixed;inset:0;z-index:9999;background:#fff"><a href="https://evil.example/login">Your session expired: sign in again</a></div>';

/** Every tag and attribute in a piece of HTML (a rough scan: the output is the renderer's own, well-formed). */
function tagsAndAttributes(html: string): { tags: Set<string>; attributes: Set<string> } {
  const tags = new Set<string>();
  const attributes = new Set<string>();
  for (const [, name, rest] of html.matchAll(/<([a-z0-9]+)([^>]*)>/giu)) {
    tags.add(name!.toLowerCase());
    for (const [, attribute] of rest!.matchAll(/\s([a-z-]+)=/giu)) attributes.add(attribute!.toLowerCase());
  }
  return { tags, attributes };
}

describe('rendering Markdown a trainee wrote', () => {
  it('shows raw HTML as text, so the overlay of the audit is no element at all', () => {
    const html = renderTraineeMarkdown(OVERLAY);
    expect(html).not.toMatch(/<div|<a /u);
    expect(html).toContain('&lt;div style=&quot;position:fixed');
    expect(tagsAndAttributes(html).attributes.has('style')).toBe(false);
  });

  it.each([
    ['an inline element with an event handler', '<img src=x onerror=alert(1)>'],
    ['a script', '<script>alert(1)</script>'],
    ['a block of HTML', '<section class="x" id="y">\n\ntext</section>'],
    ['an HTML comment', '<!-- hidden -->'],
    ['a style sheet', '<style>body{display:none}</style>'],
    ['an encoded tag', '&#60;script&#62;alert(1)&#60;/script&#62;'],
  ])('never produces live HTML from %s', (_name, source) => {
    const html = renderTraineeMarkdown(source);
    const { tags, attributes } = tagsAndAttributes(html);
    for (const tag of tags) expect(TRAINEE_MARKDOWN_TAGS).toContain(tag);
    for (const attribute of attributes) expect(TRAINEE_MARKDOWN_ATTRIBUTES).toContain(attribute);
    expect(html).not.toMatch(/<(?:img|script|section|style|div)\b/iu);
  });

  it("shows a link's address beside its text, and opens it apart from the app without passing anything on", () => {
    const html = renderTraineeMarkdown('See [the report](https://example.org/report?id=1&v=2).');
    expect(html).toBe(
      '<p>See <a href="https://example.org/report?id=1&amp;v=2" rel="noopener noreferrer nofollow" target="_blank">the report</a> (https://example.org/report?id=1&amp;v=2).</p>\n',
    );
  });

  it("does not repeat an address that is already the link's text", () => {
    expect(renderTraineeMarkdown('<https://example.org>')).toBe(
      '<p><a href="https://example.org/" rel="noopener noreferrer nofollow" target="_blank">https://example.org</a></p>\n',
    );
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    '<javascript:alert(1)>',
    'data:text/html,<b>x</b>',
    'vbscript:msgbox',
    '//evil.example/path',
    'relative/path',
  ])('keeps the address %j as text instead of a link', (href) => {
    const html = renderTraineeMarkdown(`[press here](${href})`);
    expect(html).not.toContain('<a ');
    expect(html).toContain('press here (');
  });

  it('never loads an image: its Markdown is shown as text', () => {
    const html = renderTraineeMarkdown('![tracking pixel](https://evil.example/pixel.png)');
    expect(html).toBe('<p>![tracking pixel](https://evil.example/pixel.png)</p>\n');
  });

  it('gives no element a class, id or style, not even code blocks, tables or task lists', () => {
    const html = renderTraineeMarkdown(
      '# Title\n\n```js\nlet x = 1;\n```\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n\n1. first\n2. second',
    );
    const { attributes } = tagsAndAttributes(html);
    expect([...attributes]).toEqual([]);
    expect(html).toContain('<pre><code>let x = 1;</code></pre>');
    expect(html).toContain('<li>[x] done</li>');
  });

  it('keeps the ordinary Markdown of a written answer', () => {
    expect(renderTraineeMarkdown('**Guessing** from _one_ address,\nnever `root`.')).toBe(
      '<p><strong>Guessing</strong> from <em>one</em> address,<br>never <code>root</code>.</p>\n',
    );
  });
});
