// Text from Cargo (run data, names, error messages) made inert for the place it is shown. VS Code
// acts on markup in some of them: links `[x](command:…)` in notifications, dialogs and input-box
// messages; `$(icon)` in the status bar and quick picks; Markdown, and the HTML it allows, in
// tooltips and hovers. One function per sink, used for every string that reaches it.

/** Control characters, zero-width characters, bidi overrides and isolates, byte-order marks. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]+/g;

/**
 * The first control or invisible character in text a person typed, as `U+001B at character 3`; undefined
 * when there is none. Input boxes say so instead of sending or storing such text.
 */
export function unusualCharacter(text: string): string | undefined {
  const match = new RegExp(INVISIBLE.source).exec(text);
  if (!match) return undefined;
  const code = (match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return `U+${code} at character ${[...text.slice(0, match.index)].length + 1}`;
}

/**
 * One line of visible text: invisible and control characters become spaces, runs of white space one
 * space, and text longer than `max` is cut with "…". The base of every sink below; on its own, for
 * places that show text as text (tree labels and descriptions, editor and panel titles, logs).
 */
export function plainText(text: string, max = 200): string {
  return cut(oneLine(text), max);
}

/** Tree item labels and descriptions, view messages, webview panel titles: plain text. */
export const treeItemText = plainText;

/**
 * Notifications, modal dialogs, progress titles and input-box messages, which turn
 * `[label](https:|command:|file:…)` into a live link: the link syntax is broken up.
 */
export function notificationText(text: string, max = 200): string {
  return cut(oneLine(text).replace(/\]\s*\(/g, '] ('), max);
}

/** Status-bar text, which renders `$(name)` as an icon: the syntax is escaped, so it shows as written. */
export function statusBarText(text: string, max = 100): string {
  return cut(escapeIcons(oneLine(text)), max);
}

/** Quick-pick labels, descriptions and details, which render `$(name)` as an icon. */
export function quickPickText(text: string, max = 200): string {
  return cut(escapeIcons(oneLine(text)), max);
}

/** CodeLens titles, which render `$(name)` as an icon, as the status bar does. */
export function codeLensText(text: string, max = 100): string {
  return cut(escapeIcons(oneLine(text)), max);
}

/**
 * Markdown (tooltips, hovers): every character Markdown or the HTML it allows could act on is
 * escaped, so the text shows literally; `$(…)` too (tooltips render theme icons). Line breaks stay.
 */
export function markdownText(text: string, max = 1000): string {
  const lines = cut(text, max)
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, (found) => (found.includes('\n') ? '\n' : ' '));
  return escapeMarkdown(lines).replace(/\n/g, '  \n');
}

/**
 * A cell of a Markdown table: escaped as markdownText is (`|` included, so the text cannot end the
 * cell), on one line, since a line break would end the row.
 */
export function markdownTableCellText(text: string, max = 200): string {
  return escapeMarkdown(cut(oneLine(text), max));
}

/** The message of an error, or of anything thrown, as one line of plain text. */
export function errorText(error: unknown, max = 200): string {
  return plainText(error instanceof Error ? error.message : String(error), max);
}

function oneLine(text: string): string {
  return text.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
}

/** At most `max` characters: what is cut is marked with "…". Applied after neutralising, so the bound holds. */
function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(0, max - 1))}…` : text;
}

/** Every character Markdown, or the HTML it allows, could act on, backslash-escaped; `$(…)` too. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&$:]/g, (char) => `\\${char}`);
}

function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}
