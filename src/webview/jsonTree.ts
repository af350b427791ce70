// One JSON section of the run panel (Context or Computed configs), shown one of three ways: the
// tree of node slugs, whose levels render only when opened (a context of megabytes costs only what
// is on screen); the same tree cut down to the matches of a search, with the way to them open; or
// the section's raw JSON text.
import type { JsonSection, JsonValue, NodeJson } from '../shared/protocol';
import { plural } from '../shared/format';
import { button, el, formatSize, highlighted, longText } from './dom';
import { entriesOf, jsonPath, matchValue, newBudget, searchText, type Key, type MatchNode } from './jsonSearch';

export interface SectionHost {
  /** The node's value, if the webview has it (it came with the run, or was loaded before). */
  knownValue(section: JsonSection, node: NodeJson): JsonValue | undefined;
  /** Asks the extension for a node's value that was too large to come with the run. */
  loadValue(section: JsonSection, node: NodeJson): Promise<JsonValue>;
  copy(text: string): void;
  /** What the panel saves changed (a section switched between tree and raw). */
  stateChanged(): void;
}

export interface SearchOutcome {
  readonly found: number;
  /** The search stopped at MAX_MATCHES. */
  readonly truncated: boolean;
}

/** Rows rendered per click of "Show more". */
const CHUNK = 200;
/** Matches shown per section; a search that finds more says so. */
export const MAX_MATCHES = 1000;
/** Rows "Expand all" renders at most; past that the user opens what they want. */
const EXPAND_ALL_BUDGET = 3000;
/** Characters of the raw JSON shown before "Show all". */
const RAW_PREVIEW = 1_000_000;

/** Where each row is: its keys under the section, the node slug first. */
const rowPaths = new WeakMap<Element, readonly Key[]>();
/** Builds a closed row's content now (the toggle event would do it only on the next task). */
const builders = new WeakMap<Element, () => void>();
/** A list of rows → shows its next chunk; false when everything is shown. */
const showMores = new WeakMap<Element, () => boolean>();

export class SectionTree {
  readonly element: HTMLElement;
  private readonly tree = el('div', { className: 'json-tree full' });
  private readonly filtered = el('div', { className: 'json-tree filtered' });
  private readonly rawView = el('div', { className: 'raw-view' });
  private readonly note = el('div', { className: 'muted section-note' });
  private readonly rawToggle: HTMLButtonElement;
  private nodes: readonly NodeJson[] = [];
  /** The slugs of the nodes whose execution failed: their rows are marked. */
  private failed: ReadonlySet<string> = new Set();
  private rendered = false;
  private query = '';
  private raw = false;
  /** Bumped by each search and raw rendering, so that one overtaken while it waited for values gives up. */
  private filterRound = 0;
  private rawRound = 0;

  constructor(
    readonly section: JsonSection,
    title: string,
    private readonly host: SectionHost,
  ) {
    this.rawToggle = button('Raw JSON', () => this.setRaw(!this.raw), 'toolbar-button');
    this.rawToggle.setAttribute('aria-pressed', 'false');
    const toolbar = el(
      'div',
      { className: 'section-toolbar' },
      button('Expand all', () => this.expandAll(), 'toolbar-button'),
      button('Collapse all', () => this.collapseAll(), 'toolbar-button'),
      this.rawToggle,
    );
    toolbar.setAttribute('role', 'toolbar');
    toolbar.setAttribute('aria-label', title);
    this.note.setAttribute('aria-live', 'polite');
    this.element = el(
      'section',
      { className: `json-section ${section}` },
      el('div', { className: 'section-heading' }, el('h2', { text: title }), toolbar),
      this.note,
      this.tree,
      this.filtered,
      this.rawView,
    );
    this.showMode();
  }

  private get rootName(): string {
    return this.section === 'context' ? 'runContext' : 'runComputedConfigs';
  }

  get isRaw(): boolean {
    return this.raw;
  }

  /**
   * Shows these nodes. When they are the ones shown already (same slugs, same digests) nothing is
   * redone, so a live update leaves open rows, focus and selection alone. Otherwise the tree is
   * rendered again and `reopen` (default: what is open now) opened again.
   */
  setNodes(nodes: readonly NodeJson[], failed: ReadonlySet<string>, reopen?: readonly (readonly Key[])[]): void {
    const same =
      this.rendered &&
      nodes.length === this.nodes.length &&
      nodes.every((node, i) => node.slug === this.nodes[i]?.slug && node.digest === this.nodes[i]?.digest) &&
      failed.size === this.failed.size &&
      [...failed].every((slug) => this.failed.has(slug));
    if (same) return;
    const open = reopen ?? this.openKeys();
    this.nodes = nodes;
    this.failed = failed;
    this.rendered = true;
    this.tree.replaceChildren(
      ...(nodes.length === 0 ? [el('p', { className: 'muted', text: 'Empty.' })] : nodes.map((node) => this.nodeRow(node, undefined, false))),
    );
    for (const keys of open) this.openTo(keys);
    // setQuery renders the raw view too (for its highlights).
    if (this.query) void this.setQuery(this.query);
    else if (this.raw) void this.renderRaw();
  }

  /** The rows open in the full tree, as their keys (slug first), for the saved state. */
  openKeys(): Key[][] {
    return [...this.tree.querySelectorAll('details[open]')].map((details) => rowPaths.get(details)).filter((keys): keys is Key[] => keys !== undefined);
  }

  // ---- Search ----------------------------------------------------------------------------------

  /**
   * Cuts the tree down to what matches `query` (lower case; empty shows the whole tree again).
   * Large values are fetched first, so the search covers everything. Undefined when a newer search
   * overtook this one.
   */
  async setQuery(query: string): Promise<SearchOutcome | undefined> {
    this.query = query;
    const round = ++this.filterRound;
    if (this.raw) void this.renderRaw();
    if (!query) {
      this.filtered.replaceChildren();
      this.showMode();
      return { found: 0, truncated: false };
    }
    const missing = this.nodes.filter((node) => this.host.knownValue(this.section, node) === undefined);
    if (missing.length > 0) {
      this.note.textContent = `Loading ${plural(missing.length, 'large value')} to search…`;
      await Promise.all(missing.map((node) => this.host.loadValue(this.section, node).catch(() => undefined)));
      if (round !== this.filterRound) return undefined;
      this.note.textContent = '';
    }
    const budget = newBudget(MAX_MATCHES);
    const rows: HTMLElement[] = [];
    for (const node of this.nodes) {
      const value = this.host.knownValue(this.section, node);
      if (value === undefined) continue;
      const match = matchValue(value, query, node.slug.toLowerCase().includes(query), budget);
      if (match) rows.push(this.nodeRow(node, match, match.children.size > 0 || !isContainer(value)));
    }
    this.filtered.replaceChildren(...(rows.length > 0 ? rows : [el('p', { className: 'muted', text: 'No matches here.' })]));
    this.showMode();
    return { found: budget.found, truncated: budget.remaining <= 0 };
  }

  // ---- Modes, expand and collapse --------------------------------------------------------------

  setRaw(raw: boolean): void {
    if (raw === this.raw) return;
    this.raw = raw;
    this.rawToggle.setAttribute('aria-pressed', String(raw));
    this.rawToggle.textContent = raw ? 'Tree' : 'Raw JSON';
    this.rawToggle.title = raw ? 'Show as a tree' : 'Show the raw JSON text';
    if (raw) void this.renderRaw();
    else this.rawView.replaceChildren();
    this.showMode();
    this.host.stateChanged();
  }

  private showMode(): void {
    this.tree.hidden = this.raw || this.query !== '';
    this.filtered.hidden = this.raw || this.query === '';
    this.rawView.hidden = !this.raw;
  }

  /** The tree being shown: the full one, or the search's. */
  private get visibleTree(): HTMLElement {
    return this.query ? this.filtered : this.tree;
  }

  private async renderRaw(): Promise<void> {
    const round = ++this.rawRound;
    this.rawView.replaceChildren(el('p', { className: 'muted', text: 'Loading…' }));
    const entries = await Promise.all(
      this.nodes.map(async (node): Promise<[string, JsonValue]> => [
        node.slug,
        this.host.knownValue(this.section, node) ?? (await this.host.loadValue(this.section, node)),
      ]),
    );
    if (round !== this.rawRound) return;
    // fromEntries defines own properties, so a "__proto__" slug stays a key like any other.
    const text = JSON.stringify(Object.fromEntries(entries), null, 2);
    this.rawView.replaceChildren(
      el(
        'div',
        { className: 'raw-actions' },
        button('Copy JSON', () => this.host.copy(text), 'copy'),
        el('span', { className: 'muted', text: ` ${formatSize(text.length)}` }),
      ),
      longText('pre', 'raw-json', text, this.query, RAW_PREVIEW),
    );
  }

  /** Opens every row, breadth first, until EXPAND_ALL_BUDGET rows are on screen. */
  expandAll(): void {
    this.setRaw(false);
    const root = this.visibleTree;
    let rows = root.querySelectorAll('.json-row').length;
    this.note.textContent = '';
    for (;;) {
      const closed = [...root.querySelectorAll<HTMLDetailsElement>('details:not([open])')];
      if (closed.length === 0) return;
      for (const details of closed) {
        if (rows >= EXPAND_ALL_BUDGET) {
          this.note.textContent = `Opened ${plural(rows, 'row')}; the rest stays closed: open what you need, or use Raw JSON.`;
          return;
        }
        open(details);
        rows += details.querySelectorAll(':scope > .json-children > .json-row').length;
      }
    }
  }

  collapseAll(): void {
    this.setRaw(false);
    this.note.textContent = '';
    for (const details of this.visibleTree.querySelectorAll<HTMLDetailsElement>('details[open]')) details.open = false;
  }

  /** Opens the way to a node slug in the tree shown (the search's if it has the node); undefined when it is not there. */
  jumpTo(slug: string): HTMLElement | undefined {
    this.setRaw(false);
    return this.openTo([slug], this.visibleTree);
  }

  /** Opens the tree down to `keys` (slug first) as far as it is rendered; returns the row reached. */
  openTo(keys: readonly Key[], root: HTMLElement = this.tree): HTMLElement | undefined {
    let list: Element = root;
    let current: HTMLElement | undefined;
    for (let depth = 0; depth < keys.length; depth++) {
      if (current) {
        if (!(current instanceof HTMLDetailsElement)) break;
        open(current);
        const children = [...current.children].find((child) => child.classList.contains('json-children'));
        if (!children) break;
        list = children;
      }
      const key = keys[depth];
      const find = () => [...list.children].find((child): child is HTMLElement => child instanceof HTMLElement && rowPaths.get(child)?.[depth] === key);
      let row = find();
      while (!row && showMores.get(list)?.()) row = find();
      if (!row) break;
      current = row;
    }
    if (current instanceof HTMLDetailsElement) open(current);
    return current;
  }

  // ---- Rows ------------------------------------------------------------------------------------

  private nodeRow(node: NodeJson, match: MatchNode | undefined, openNow: boolean): HTMLDetailsElement {
    const known = this.host.knownValue(this.section, node);
    const label = el('span', { className: 'node-slug' }, ...highlighted(node.slug, match ? this.query : ''));
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
    if (this.failed.has(node.slug)) {
      details.classList.add('failed');
      label.after(el('span', { className: 'failed-marker', text: 'Failed' }));
    }
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
      list.append(leafValue(value, match ? this.query : ''));
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
    const query = match ? this.query : '';
    const keyLabel = el('span', { className: 'json-key' }, ...highlighted(typeof key === 'number' ? `[${key}]` : key, typeof key === 'string' ? query : ''));
    const copy = this.copyButtons(() => value, keys);
    if (isContainer(value))
      return this.container(keyLabel, preview(value), keys, copy, match !== undefined && match.children.size > 0, () => [this.children(value, keys, match)]);
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
        void Promise.resolve(value()).then((shown) => this.host.copy(typeof shown === 'string' ? shown : JSON.stringify(shown, null, 2)));
      },
      'copy',
    );
    const copyPath = button('Copy path', () => this.host.copy(path), 'copy');
    copyValue.title = 'Copy this value (JSON, or the string itself)';
    copyPath.title = path;
    return el('span', { className: 'copy-buttons' }, copyValue, copyPath);
  }
}

function open(details: HTMLDetailsElement): void {
  details.open = true;
  builders.get(details)?.();
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
