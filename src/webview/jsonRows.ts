// The rows of a JSON section: a row per node slug, and under it a row per key, built only when its
// parent opens (a chunk at a time), each with "Copy value" and "Copy path". Rendered as text only.
import { plural } from '../shared/format';
import { jsonPath } from '../shared/jsonPath';
import { jsonText } from '../shared/jsonText';
import type { JsonSection, JsonValue, NodeJson } from '../shared/protocol';
import { button, el, formatSize, highlighted, longText, titled } from './dom';
import { entriesOf, searchText, type Key, type MatchNode } from './jsonSearch';
import type { SectionHost } from './jsonTree';

/** Rows rendered per click of "Show more". */
const CHUNK = 200;
/**
 * How deep a search opens the way to its matches. Each row keeps its path, so opening n levels costs
 * n² (20,000 levels: gigabytes); deeper rows are there, closed, to open by hand.
 */
const MAX_OPENED_DEPTH = 100;

/** Where each row is: its keys under the section, the node slug first. */
export const rowPaths = new WeakMap<Element, readonly Key[]>();
/** Builds a closed row's content now (the toggle event would do it only on the next task). */
const builders = new WeakMap<Element, () => void>();
/** A list of rows → shows its next chunk; false when everything is shown. */
export const showMores = new WeakMap<Element, () => boolean>();

/** Rows opened while another row's content is being built: built in turn by the outermost open(). */
let opening: HTMLDetailsElement[] | undefined;

/**
 * Opens a row, building its content first if it has not been built. A search opens the way to its
 * matches, rows opening rows as they are built: those are built in a loop here, not by recursion,
 * so the way to a match thousands of levels deep does not overflow the stack.
 */
export function open(details: HTMLDetailsElement): void {
  details.open = true;
  if (opening) {
    opening.push(details);
    return;
  }
  opening = [details];
  try {
    for (let next = opening.pop(); next; next = opening.pop()) builders.get(next)?.();
  } finally {
    opening = undefined;
  }
}

export class JsonRows {
  constructor(
    private readonly section: JsonSection,
    private readonly host: SectionHost,
    /** The search text (lower case), '' when none: matches are highlighted. */
    private readonly query: () => string,
  ) {}

  private get rootName(): string {
    return this.section === 'context' ? 'runContext' : 'runComputedConfigs';
  }

  /** The row of one node slug: its value's preview, its children built when it opens. */
  nodeRow(node: NodeJson, match: MatchNode | undefined, openNow: boolean, failed: boolean): HTMLDetailsElement {
    if (node.problem !== undefined) return this.unshowableRow(node, node.problem, match);
    const known = this.host.knownValue(this.section, node);
    const label = el('span', { className: 'node-slug' }, ...highlighted(node.slug, match ? this.query() : ''));
    const keys = [node.slug];
    const copy = this.copyButtons(() => this.host.knownValue(this.section, node) ?? this.host.loadValue(this.section, node), keys);
    const details = this.container(label, known !== undefined ? preview(known) : ` (${formatSize(node.size)})`, keys, copy, openNow, () => {
      const value = this.host.knownValue(this.section, node);
      if (value !== undefined) return [this.children(value, keys, match)];
      const loading = el('div', { className: 'muted json-children', text: `Loading ${formatSize(node.size)}…` });
      this.host.loadValue(this.section, node).then(
        (loaded) => loading.replaceWith(this.children(loaded, keys, match)),
        (error: unknown) => (loading.textContent = `Could not load this value: ${String(error)}`),
      );
      return [loading];
    });
    details.classList.add('node-json');
    if (failed) {
      details.classList.add('failed');
      label.after(el('span', { className: 'failed-marker', text: 'Failed' }));
    }
    return details;
  }

  /** A node whose value cannot be shown: the reason takes the place of its value. */
  private unshowableRow(node: NodeJson, problem: string, match: MatchNode | undefined): HTMLDetailsElement {
    const label = el('span', { className: 'node-slug' }, ...highlighted(node.slug, match ? this.query() : ''));
    const details = this.container(label, ' (cannot be shown here)', [node.slug], el('span'), false, () => [
      el('div', { className: 'muted json-children unshowable', text: problem }),
    ]);
    details.classList.add('node-json');
    return details;
  }

  /** A row that can open; its content is built the first time it does. */
  private container(label: Node, previewText: string, keys: readonly Key[], copy: HTMLElement, openNow: boolean, build: () => Node[]): HTMLDetailsElement {
    const details = el('details', { className: 'json-row' }, el('summary', {}, label, el('span', { className: 'preview', text: previewText }), copy));
    let built = false;
    builders.set(details, () => {
      if (built) return;
      built = true;
      details.append(...build());
    });
    details.addEventListener('toggle', () => {
      if (details.open) builders.get(details)?.();
    });
    rowPaths.set(details, keys);
    if (openNow) open(details);
    return details;
  }

  /**
   * The rows under a value: for a search, only the entries with matches (and a button for the
   * rest); otherwise all of them, a chunk at a time.
   */
  private children(value: JsonValue, keys: readonly Key[], match: MatchNode | undefined): HTMLElement {
    const list = el('div', { className: 'json-children' });
    if (!isContainer(value)) {
      list.append(leafValue(value, match ? this.query() : ''));
      return list;
    }
    const all = entriesOf(value);
    const entries = match && match.children.size > 0 ? all.filter(([key]) => match.children.has(key)) : all;
    if (all.length === 0) list.append(el('div', { className: 'muted', text: Array.isArray(value) ? '(empty array)' : '(empty object)' }));
    let shown = 0;
    const more = button('', () => showNext(), 'link-button');
    const showAll = button(
      `… ${plural(all.length - entries.length, 'entry', 'entries')} without a match`,
      () => list.replaceWith(this.children(value, keys, undefined)),
      'link-button rest-link',
    );
    showAll.title = `Show all ${plural(all.length, 'entry', 'entries')}`;
    const showNext = () => {
      const next = entries.slice(shown, shown + CHUNK);
      shown += next.length;
      more.remove();
      for (const [key, child] of next) list.append(this.row(key, child, [...keys, key], match?.children.get(key)));
      if (shown < entries.length) {
        more.textContent = `Show ${Math.min(CHUNK, entries.length - shown)} more (${(entries.length - shown).toLocaleString()} not shown)`;
        list.append(more);
      } else if (entries.length < all.length) list.append(showAll);
    };
    showNext();
    showMores.set(list, () => {
      if (shown >= entries.length) return false;
      showNext();
      return true;
    });
    return list;
  }

  private row(key: Key, value: JsonValue, keys: readonly Key[], match: MatchNode | undefined): HTMLElement {
    const query = match ? this.query() : '';
    const keyLabel = el('span', { className: 'json-key' }, ...highlighted(typeof key === 'number' ? `[${key}]` : key, typeof key === 'string' ? query : ''));
    const copy = this.copyButtons(() => value, keys);
    if (isContainer(value))
      return this.container(keyLabel, preview(value), keys, copy, match !== undefined && match.children.size > 0 && keys.length <= MAX_OPENED_DEPTH, () => [
        this.children(value, keys, match),
      ]);
    const row = el('div', { className: 'json-row json-leaf' }, keyLabel, el('span', { className: 'json-colon', text: ': ' }), leafValue(value, query), copy);
    row.tabIndex = -1;
    rowPaths.set(row, keys);
    return row;
  }

  /** "Copy value" and "Copy path" for one value; the extension puts the text on the clipboard. */
  private copyButtons(value: () => JsonValue | Promise<JsonValue>, keys: readonly Key[]): HTMLElement {
    const path = jsonPath([this.rootName, ...keys]);
    const copyValue = button(
      'Copy value',
      () => {
        void Promise.resolve(value()).then((shown) => this.host.copy(typeof shown === 'string' ? shown : jsonText(shown, '  ')));
      },
      'copy',
    );
    const copyPath = button('Copy path', () => this.host.copy(path), 'copy');
    copyValue.title = 'Copy this value (JSON, or the string itself)';
    titled(copyPath, path);
    return el('span', { className: 'copy-buttons' }, copyValue, copyPath);
  }
}

function isContainer(value: JsonValue): value is JsonValue[] | { [key: string]: JsonValue } {
  return value !== null && typeof value === 'object';
}

function preview(value: JsonValue): string {
  // Exact counts here ("19,920 items"), where plural() would round them ("20k").
  if (Array.isArray(value)) return ` [${value.length.toLocaleString()} ${value.length === 1 ? 'item' : 'items'}]`;
  if (isContainer(value)) {
    const keys = Object.keys(value).length;
    return ` {${keys.toLocaleString()} ${keys === 1 ? 'key' : 'keys'}}`;
  }
  return ` ${displayText(value).slice(0, 80)}`;
}

/** A primitive as shown: strings in JSON quotes, so that "1" and 1 look different. */
function displayText(value: string | number | boolean | null): string {
  return typeof value === 'string' ? JSON.stringify(value) : searchText(value);
}

function leafValue(value: string | number | boolean | null, query: string): HTMLElement {
  const type = value === null ? 'null' : typeof value;
  return longText('span', `json-value json-${type}`, displayText(value), query);
}
