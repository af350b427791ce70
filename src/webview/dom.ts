// DOM helpers of the run panel's webview. Run data only ever goes in as text (textContent or text
// nodes), and through webviewText, the sink's rule of src/shared/text.ts (a bidi override shows as a
// space, as it does in the tree); nothing here parses HTML.
import { sliceWhole, webviewText } from '../shared/text';

/**
 * Longest text an element shows (a title, a field, an error); past it, "Open as JSON" has the rest. A
 * clamped title or a one-line field shows far less; the bound keeps a megabyte from being copied and
 * folded for each place it is shown.
 */
export const MAX_TEXT = 20_000;

/** A text as an element shows it: the webview's sink rule, cut at MAX_TEXT. */
export function shownText(text: string): string {
  return text.length > MAX_TEXT ? `${webviewText(sliceWhole(text, MAX_TEXT))}…` : webviewText(text);
}

export interface ElOptions {
  className?: string;
  text?: string;
  title?: string;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElOptions = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined) element.textContent = shownText(options.text);
  if (options.title !== undefined) titled(element, options.title);
  element.append(...children.map((child) => (typeof child === 'string' ? shownText(child) : child)));
  return element;
}

/** Sets an element's tooltip, as text. */
export function titled<E extends HTMLElement>(element: E, title: string): E {
  element.title = shownText(title);
  return element;
}

export function button(label: string, onClick: () => void, className = 'action'): HTMLButtonElement {
  const element = el('button', { className, text: label });
  element.type = 'button';
  element.addEventListener('click', onClick);
  return element;
}

/** Most highlighted matches in one text; past it the text goes on unmarked. */
const MAX_MARKS_PER_TEXT = 1000;

/**
 * `text` as text nodes, with every case-insensitive occurrence of `query` (already lower case) in a
 * <mark>. An empty query gives the text alone.
 */
export function highlighted(raw: string, query: string): Node[] {
  const text = webviewText(raw);
  if (!query) return [document.createTextNode(text)];
  const lower = text.toLowerCase();
  // Lower-casing can change a string's length (e.g. 'İ'); then positions would not line up.
  if (lower.length !== text.length) return [document.createTextNode(text)];
  const parts: Node[] = [];
  let from = 0;
  let at = lower.indexOf(query);
  while (at >= 0 && parts.length < MAX_MARKS_PER_TEXT * 2) {
    if (at > from) parts.push(document.createTextNode(text.slice(from, at)));
    parts.push(el('mark', { text: text.slice(at, at + query.length) }));
    from = at + query.length;
    at = lower.indexOf(query, from);
  }
  if (from < text.length) parts.push(document.createTextNode(text.slice(from)));
  return parts;
}

/** Text that may be megabytes long: its start, and a button that shows the rest. */
export function longText(tag: 'span' | 'pre', className: string, text: string, query = '', previewLength = 2000): HTMLElement {
  const shown = el(tag, { className });
  if (text.length <= previewLength) {
    shown.append(...highlighted(text, query));
    return shown;
  }
  shown.append(...highlighted(`${text.slice(0, previewLength)}…`, query));
  const all = button(
    `Show all (${text.length.toLocaleString()} characters)`,
    () => {
      shown.replaceChildren(...highlighted(text, query));
      all.remove();
    },
    'link-button',
  );
  return el(tag === 'pre' ? 'div' : 'span', {}, shown, ' ', all);
}

// Made once: each toLocaleString() of a Date makes a new formatter, which 1,000 executions drawn at once feel.
// The same fields as Date's toLocaleString() and toLocaleTimeString(), so nothing reads differently.
const dateAndTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});
const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: 'numeric', second: 'numeric' });

/** A moment (milliseconds since the epoch) in local date and time, as Date's toLocaleString() says it. */
export function localDateTime(time: number): string {
  return Number.isFinite(time) ? dateAndTime.format(time) : 'Invalid Date';
}

/** A moment's local time of day, as Date's toLocaleTimeString() says it. */
export function localTimeOfDay(time: number): string {
  return Number.isFinite(time) ? timeOfDay.format(time) : 'Invalid Date';
}

export function localTime(iso: string | null): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : localDateTime(time);
}

export function formatSize(chars: number): string {
  if (chars < 1024) return `${chars} characters`;
  if (chars < 1024 * 1024) return `${(chars / 1024).toFixed(0)} KB`;
  return `${(chars / 1024 / 1024).toFixed(1)} MB`;
}
