// How each kind of place VS Code shows text reads it, as checks: what would make a piece of run data
// live there (a link, an icon, HTML, Markdown), and how long one line of it may be.
import assert from 'node:assert/strict';

/** Markup each sink could act on: links, command URIs, icons, HTML, Markdown, invisible characters. */
export const SINK_SYNTAX: readonly string[] = [
  'No data [Click me](command:workbench.action.openSettings)',
  '[open settings](command:workbench.action.openSettings?%5B%22cargo.apiBaseUrl%22%5D)',
  '[x]( command:workbench.action.quit)',
  '[site](https://evil.example/phish "title")',
  '[file](file:///etc/passwd)',
  'Deploying $(sync~spin) $(rm -rf /) $(alert)',
  '\\$(already-escaped)',
  '<img src=x onerror=alert(1)> <script>alert(1)</script> <b>bold</b>',
  'javascript:alert(1) data:text/html,<script>alert(1)</script>',
  '\u202Egnp.exe\u202C invoice zero\u200Bwidth\uFEFF',
  'Line one\r\nLine two\u0007\u001b[31mred',
  '![image](https://evil.example/x.png) **bold** `code` # heading',
];

/** How VS Code finds links in notifications, dialogs and input-box messages (base/common/linkedText.ts). */
export const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
/** How VS Code finds theme icons in labels (base/browser/ui/iconLabel/iconLabels.ts): an escaped one has the backslash. */
export const VSCODE_ICON = /(\\)?\$\(([a-z0-9-]+(?:~[a-z]+)?)\)/gi;
/** What the sinks' functions turn into spaces: control, zero-width and bidi characters. */
// eslint-disable-next-line no-control-regex
export const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/;
const VISIBLE = '[^\\s\\u0000-\\u001f\\u007f-\\u009f\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\ufeff]';
/**
 * An invisible character the sinks must not leave: any of INVISIBLE except a zero-width joiner or
 * non-joiner between two visible characters (part of an emoji like 👩‍👧, or of a Persian word).
 */
export const STRAY_INVISIBLE = new RegExp(
  `[\\u0000-\\u001f\\u007f-\\u009f\\u200b\\u200e\\u200f\\u202a-\\u202e\\u2060-\\u206f\\ufeff]|(?<!${VISIBLE})[\\u200c\\u200d]|[\\u200c\\u200d](?!${VISIBLE})`,
);

export const unescapedIcons = (text: string): string[] => [...text.matchAll(VSCODE_ICON)].filter((match) => match[1] === undefined).map((match) => match[0]);
export const links = (text: string): string[] => [...text.matchAll(VSCODE_LINK)].map((match) => match[0]);

/**
 * Where a text is shown:
 * - tree: a tree item's label or description, a panel title: one line of plain text;
 * - plain: a line of a plain-string tooltip (the status bar item's): one line, shown as written (nothing
 *   renders in it, so nothing is escaped: an escape would show as a backslash);
 * - notification: notifications, dialogs, progress titles (links are live);
 * - icons: status bar, quick picks, CodeLens titles (`$(icon)` renders);
 * - problem: a diagnostic's message in the Problems panel (plain text);
 * - markdown: tooltips, hovers, a report to paste (Markdown with HTML, theme icons, our own command links);
 * - webview: text nodes and tooltips of the run panel's webview (text, never HTML; lines and white space show);
 * - document: a read-only text document (plain text in an editor: anything goes, but bounded in time);
 * - jsonLines: a read-only document of `key = value` lines compared in a diff editor: nothing acted on,
 *   but nothing invisible either (a bidi override would reorder a line, a zero-width character hide a difference).
 */
export type Sink = 'tree' | 'plain' | 'notification' | 'icons' | 'problem' | 'markdown' | 'webview' | 'document' | 'jsonLines';

export interface Shown {
  readonly sink: Sink;
  /** Which part of the surface (label, tooltip, …), for the failure message. */
  readonly part: string;
  readonly text: string;
}

/** Longest text of a one-line sink: every sink function cuts to a few hundred characters at most. */
const ONE_LINE_MAX: Record<Exclude<Sink, 'markdown' | 'webview' | 'document' | 'jsonLines'>, number> = {
  tree: 400,
  plain: 400,
  notification: 1000,
  icons: 400,
  problem: 600,
};
const MARKDOWN_MAX = 40_000;

/** Tags the Markdown of a surface may have, whatever the data: a link only to our own commands, code blocks of our language. */
const MARKDOWN_TAGS = new Set(['p', 'br', 'strong', 'em', 'h2', 'h3', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a', 'pre', 'code']);
/** Tags whose number data may change (line breaks in a message). */
const FREE_TAGS = new Set(['p', 'br']);

let markdown: ((source: string) => string) | undefined;

/** Loads the Markdown renderer (an ES module): once, before the first check of Markdown. */
export async function loadMarkdown(): Promise<void> {
  const { marked } = await import('marked');
  markdown = (source) => marked.parse(source, { async: false });
}

export function renderMarkdown(source: string): string {
  if (!markdown) throw new Error('loadMarkdown() first');
  return markdown(source);
}

/** No half of a surrogate pair on its own (String.prototype.isWellFormed, not in this TypeScript lib). */
export function isWellFormed(text: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

/** What a reader sees of rendered Markdown: the text, entities decoded, white space folded. */
export function visibleOfHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function tagsOf(html: string): { name: string; attributes: string }[] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>/g)].map((match) => ({
    name: (match[1] as string).toLowerCase(),
    attributes: match[2] as string,
  }));
}

function countTags(html: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { name } of tagsOf(html)) if (!FREE_TAGS.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

/**
 * Checks one shown text for its sink. `reference` is the same part of the surface built from benign
 * data of the same shape: Markdown may have no element, link or icon that the reference has not.
 */
export function checkShown(shown: Shown, reference: Shown | undefined, label: string): void {
  const where = `${label} → ${shown.part}`;
  assert.ok(isWellFormed(shown.text), `${where}: a lone surrogate (an emoji cut in half)`);
  switch (shown.sink) {
    case 'tree':
    case 'plain':
    case 'notification':
    case 'icons':
    case 'problem': {
      assert.doesNotMatch(shown.text, STRAY_INVISIBLE, `${where}: an invisible or control character`);
      assert.ok(!/[\n\r\u2028\u2029]/.test(shown.text), `${where}: more than one line`);
      assert.ok(shown.text.length <= ONE_LINE_MAX[shown.sink], `${where}: ${shown.text.length} characters`);
      if (shown.sink === 'notification') assert.deepEqual(links(shown.text), [], `${where}: a live link`);
      // The surface's own icons ("$(sync~spin) 2 Cargo runs") are the benign reference's too.
      if (shown.sink === 'icons')
        assert.deepEqual(unescapedIcons(shown.text), reference ? unescapedIcons(reference.text) : [], `${where}: an icon rendered from data`);
      return;
    }
    case 'markdown': {
      assert.ok(shown.text.length <= MARKDOWN_MAX, `${where}: ${shown.text.length} characters of Markdown`);
      const html = renderMarkdown(shown.text);
      for (const tag of tagsOf(html)) {
        assert.ok(MARKDOWN_TAGS.has(tag.name), `${where}: <${tag.name}> in ${html.slice(0, 2000)}`);
        if (tag.name === 'a')
          assert.match(tag.attributes, /^ href="command:cargo\.[A-Za-z.]+\?[^"]*"( title="[^"]*")?$/, `${where}: a link that is not ours: ${tag.attributes}`);
        else if (tag.name === 'code') assert.match(tag.attributes, /^( class="language-json")?$/, `${where}: <code${tag.attributes}>`);
        else if (tag.name === 'th' || tag.name === 'td')
          assert.match(tag.attributes, /^( align="(left|right|center)")?$/, `${where}: <${tag.name}${tag.attributes}>`);
        else assert.equal(tag.attributes, '', `${where}: <${tag.name}${tag.attributes}>`);
      }
      if (reference) {
        const html2 = renderMarkdown(reference.text);
        assert.deepEqual(countTags(html), countTags(html2), `${where}: the data changed the Markdown's structure:\n${html.slice(0, 3000)}`);
        // VS Code renders a code block apart (as code): an icon's syntax in it stays text.
        assert.equal(
          unescapedIcons(outsideCodeBlocks(shown.text)).length,
          unescapedIcons(outsideCodeBlocks(reference.text)).length,
          `${where}: an icon rendered from data`,
        );
      }
      return;
    }
    case 'webview':
      // Shown as text, so nothing is acted on; but a bidi control would still reorder what follows it ("\u202Eevil" reads "live").
      assert.doesNotMatch(shown.text.replace(/\n/g, ' '), STRAY_INVISIBLE, `${where}: an invisible, bidi or control character`);
      return;
    case 'document':
      // Plain text in an editor: nothing in it is acted on. Its size follows the data's.
      return;
    case 'jsonLines':
      assert.doesNotMatch(shown.text.replace(/\n/g, ' '), STRAY_INVISIBLE, `${where}: an invisible, bidi or control character`);
      assert.doesNotMatch(shown.text, /[\u2028\u2029]/, `${where}: a line separator`);
      return;
  }
}

/** Markdown without its fenced code blocks (a fence of 3 or more backticks, closed by one at least as long). */
function outsideCodeBlocks(markdown: string): string {
  return markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1`*[ \t]*$/gm, '');
}

/** The text a reader sees of a shown text, to find the data in it. */
export function visibleText(shown: Shown): string {
  const text =
    shown.sink === 'markdown'
      ? visibleOfHtml(renderMarkdown(shown.text))
      : shown.sink === 'icons'
        ? shown.text.replace(/\\\$\(/g, '$(')
        : shown.sink === 'notification'
          ? shown.text.replace(/\] \(/g, '](')
          : shown.text;
  return folded(text);
}

/** Invisible characters as spaces, white space folded: how the sinks' functions leave text. */
export function folded(text: string): string {
  return text.replace(new RegExp(STRAY_INVISIBLE.source, 'g'), ' ').replace(/\s+/g, ' ').trim();
}
