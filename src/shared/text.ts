// Text from Cargo (run data, names, error messages) made inert for the place it is shown. VS Code
// acts on markup in some of them: links `[x](command:…)` in notifications, dialogs and input-box
// messages; `$(icon)` in the status bar and quick picks; Markdown, and the HTML it allows, in
// tooltips and hovers. One function per sink, used for every string that reaches it.

/** Control characters, zero-width characters, bidi overrides and isolates, byte-order marks. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]+/g;

/**
 * The invisible characters found by INVISIBLE, except a zero-width joiner or non-joiner between two
 * visible characters: that one is part of the text (👩‍👧 is one emoji, Persian and Indic words need the
 * non-joiner), and shows nothing that could mislead.
 */
function foldInvisible(text: string, fold: (found: string) => string, invisible: RegExp = INVISIBLE): string {
  if (!JOINER.test(text)) return text.replace(invisible, fold);
  return text.replace(invisible, (found: string, at: number) => (isJoinerBetweenVisible(text, found, at) ? found : fold(found)));
}

/** INVISIBLE but the line break: what a sink that keeps lines folds. */
// eslint-disable-next-line no-control-regex
const INVISIBLE_BUT_LINE_BREAKS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]+/g;

const JOINER = /[\u200c\u200d]/;
const SPACE = () => ' ';

function isJoinerBetweenVisible(text: string, found: string, at: number): boolean {
  return (found === '\u200d' || found === '\u200c') && VISIBLE.test(text.charAt(at - 1)) && VISIBLE.test(text.charAt(at + 1));
}

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
  return line(text, max);
}

/**
 * The first of `texts` with something visible in it: a title of only white space or invisible
 * characters would make an empty label (or, in Markdown, "****", a horizontal rule).
 */
export function firstVisible(...texts: (string | null | undefined)[]): string | undefined {
  return texts.find((text) => !!text && VISIBLE.test(text)) ?? undefined;
}

// eslint-disable-next-line no-control-regex
const VISIBLE = /[^\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/;

/** Tree item labels and descriptions, view messages, webview panel titles: plain text. */
export const treeItemText = plainText;

/**
 * Notifications, modal dialogs, progress titles and input-box messages, which turn
 * `[label](https:|command:|file:…)` into a live link: the link syntax is broken up.
 */
export function notificationText(text: string, max = 200): string {
  return line(text, max, (shown) => shown.replace(/\]\s*\(/g, '] ('));
}

/** Status-bar text, which renders `$(name)` as an icon: the syntax is escaped, so it shows as written. */
export function statusBarText(text: string, max = 100): string {
  return line(text, max, escapeIcons);
}

/**
 * A line of a plain-string tooltip (the status bar item's): shown as text, nothing in it rendered, so
 * nothing is escaped (an escape would show as a backslash); one visible line, as plainText.
 */
export const plainTooltipText = plainText;

/** Quick-pick labels, descriptions and details, which render `$(name)` as an icon. */
export function quickPickText(text: string, max = 200): string {
  return line(text, max, escapeIcons);
}

/** CodeLens titles, which render `$(name)` as an icon, as the status bar does. */
export function codeLensText(text: string, max = 100): string {
  return line(text, max, escapeIcons);
}

/**
 * Markdown (tooltips, hovers): every character Markdown or the HTML it allows could act on is
 * escaped, so the text shows literally; `$(…)` too (tooltips render theme icons). Line breaks stay.
 */
export function markdownText(text: string, max = 1000): string {
  const lines = cut(text, max).replace(/\r\n?/g, '\n');
  return escapeMarkdown(foldInvisible(lines, (found) => (found.includes('\n') ? '\n' : ' '))).replace(/\n/g, '  \n');
}

/**
 * One line of Markdown (in bold, a heading, a table cell): escaped as markdownText is (`|` included, so
 * the text cannot end a cell), on one line, since a line break would end the bold, heading or row.
 */
export function markdownLineText(text: string, max = 200): string {
  return escapeMarkdown(line(text, max));
}

/** A cell of a Markdown table: one line of Markdown. */
export const markdownTableCellText = markdownLineText;

/**
 * A webview's text (text nodes and tooltips; never HTML): invisible characters fold as in every other
 * sink, so that a bidi override cannot turn "evil" into "live", but line breaks stay and nothing is cut
 * (the webview clamps long texts itself, and offers the rest).
 */
export function webviewText(text: string): string {
  const lines = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  // Without a joiner to keep, a plain replacement: a megabyte of markup takes a few milliseconds.
  return JOINER.test(lines) ? foldInvisible(lines, SPACE, INVISIBLE_BUT_LINE_BREAKS) : lines.replace(INVISIBLE_BUT_LINE_BREAKS, ' ');
}

export interface CodeBlockLimits {
  readonly maxLines: number;
  readonly maxLineLength: number;
}

/**
 * A fenced code block of Markdown (a hover's JSON), in which nothing is rendered: its fence is longer
 * than any run of backticks in the text, so the text cannot close it, and invisible and control
 * characters show as \uXXXX escapes (as JSON writes them), so that a bidi override cannot reorder what
 * is shown. At most `maxLines` lines of about `maxLineLength` characters (cut before escaping), then a
 * line of plain text saying what was cut. Only the lines shown are read, and the line breaks counted.
 */
export function markdownCodeBlock(text: string, language: string, limits: CodeBlockLimits): string {
  const lines: string[] = [];
  let longLines = 0;
  let start = 0;
  while (lines.length < limits.maxLines && start <= text.length) {
    const end = nextLineBreak(text, start);
    // A line of megabytes is not copied: only what is shown of it.
    let shown = text.slice(start, Math.min(end, start + limits.maxLineLength + 1)).replace(/\r$/, '');
    if (shown.length > limits.maxLineLength) {
      shown = `${sliceWhole(shown, limits.maxLineLength - 1)}…`;
      longLines++;
    }
    lines.push(foldInvisible(shown, unicodeEscapes).replace(/[\u2028\u2029]/g, unicodeEscapes));
    start = end + 1;
  }
  let total = lines.length;
  for (let at = start - 1; at < text.length; total++) at = nextLineBreak(text, at + 1);
  const longestTicks = Math.max(0, ...lines.map((shown) => Math.max(0, ...[...shown.matchAll(/`+/g)].map((ticks) => ticks[0].length))));
  const fence = '`'.repeat(Math.max(3, longestTicks + 1));
  const cuts = [
    total > lines.length ? `the first ${lines.length} of ${total} lines` : undefined,
    longLines > 0 ? `${longLines === 1 ? '1 line' : `${longLines} lines`} cut at ${limits.maxLineLength} characters` : undefined,
  ].filter(Boolean);
  const note = cuts.length > 0 ? `\n\nShown: ${cuts.join('; ')}.` : '';
  return `${fence}${language}\n${lines.join('\n')}\n${fence}${note}`;
}

/**
 * Lines of a read-only document made of JSON (keys and their values, as two runs are compared): nothing
 * in an editor is acted on, but a bidi override or a zero-width character would reorder or hide what
 * is shown, so those (and the line separators JSON leaves as they are) show as \uXXXX escapes, as JSON
 * writes the control characters. Meant for JSON text: there these characters are inside strings, so
 * the lines say the same thing. Line breaks stay.
 */
export function documentJsonLine(json: string): string {
  return DOCUMENT_ESCAPED.test(json) ? foldInvisible(json, unicodeEscapes, DOCUMENT_ESCAPED_ALL) : json;
}

/** What JSON.stringify leaves of INVISIBLE (it escapes U+0000–U+001F itself), and the line separators. */
const DOCUMENT_ESCAPED = /[\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u206f\ufeff]/;
const DOCUMENT_ESCAPED_ALL = new RegExp(`${DOCUMENT_ESCAPED.source}+`, 'g');

function nextLineBreak(text: string, from: number): number {
  const at = text.indexOf('\n', from);
  return at < 0 ? text.length : at;
}

function unicodeEscapes(found: string): string {
  return [...found].map((char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join('');
}

/** The title of a Markdown link (`[text](url "title")`), VS Code's tooltip for it: one line, its quotes escaped. */
export function markdownLinkTitle(text: string, max = 100): string {
  return line(text, max, (shown) => shown.replace(/["\\]/g, (char) => `\\${char}`));
}

/** The message of an error, or of anything thrown, as one line of plain text. */
export function errorText(error: unknown, max = 200): string {
  return plainText(error instanceof Error ? error.message : String(error), max);
}

function oneLine(text: string): string {
  return foldInvisible(text, SPACE).replace(/\s+/g, ' ').trim();
}

/**
 * At most `max` characters: what is cut is marked with "…", never between the two halves of a
 * character outside the BMP (an emoji), which would leave half of it. Applied before escaping, so an
 * escape is never cut in half.
 */
function cut(text: string, max: number): string {
  return text.length > max ? `${sliceWhole(text, Math.max(0, max - 1))}…` : text;
}

/** The first `end` UTF-16 code units, one fewer if that would split a surrogate pair. */
export function sliceWhole(text: string, end: number): string {
  const last = text.charCodeAt(end - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? end - 1 : end);
}

/**
 * `text` as one line of about `max` characters, cut BEFORE `neutralise` (an escape cut in half would
 * show its backslash before the "…"; the escapes may add a few characters past `max`). Only the start
 * of a long text is read (invisible characters and runs of white space fold, so more than `max`), so
 * that a sink costs the same for 1 MB as for 10 KB; a text longer than that read always ends in "…".
 */
function line(text: string, max: number, neutralise: (shown: string) => string = (shown) => shown): string {
  const enough = max * 8 + 1024;
  if (text.length <= enough) return neutralise(cut(oneLine(text), max));
  const shown = oneLine(sliceWhole(text, enough));
  return neutralise(`${sliceWhole(shown, Math.min(shown.length, Math.max(0, max - 1)))}…`);
}

/** Every character Markdown, or the HTML it allows, could act on, backslash-escaped; `$(…)` too. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&$:]/g, (char) => `\\${char}`);
}

function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}
