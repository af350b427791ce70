// One JSON section of the run panel (Context or Computed configs), shown one of three ways: the
// tree of node slugs, whose levels render only when opened (a context of megabytes costs only what
// is on screen); the same tree cut down to the matches of a search, with the way to them open; or
// the section's raw JSON text.
import { plural } from '../shared/format';
import { jsonText } from '../shared/jsonText';
import type { JsonSection, JsonValue, NodeJson } from '../shared/protocol';
import { button, el, formatSize, longText } from './dom';
import { JsonRows, open, rowPaths, showMores } from './jsonRows';
import { matchValue, newBudget, type Key } from './jsonSearch';

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

/** Matches shown per section; a search that finds more says so. */
export const MAX_MATCHES = 1000;
/** Rows "Expand all" renders at most; past that the user opens what they want. */
const EXPAND_ALL_BUDGET = 3000;
/** Characters of the raw JSON shown before "Show all". */
const RAW_PREVIEW = 1_000_000;

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
  private readonly rows: JsonRows;

  constructor(
    readonly section: JsonSection,
    title: string,
    private readonly host: SectionHost,
  ) {
    this.rows = new JsonRows(section, host, () => this.query);
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
      ...(nodes.length === 0
        ? [el('p', { className: 'muted', text: 'Empty.' })]
        : nodes.map((node) => this.rows.nodeRow(node, undefined, false, this.failed.has(node.slug)))),
    );
    for (const keys of open) this.openTo(keys);
    // setQuery renders the raw view too (for its highlights).
    if (this.query) void this.setQuery(this.query);
    else if (this.raw) void this.renderRaw();
  }

  /** Before the section's values have arrived: a note where they will be. */
  setPending(text: string): void {
    this.nodes = [];
    this.rendered = false;
    this.tree.replaceChildren(el('p', { className: 'muted pending', text }));
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
    const missing = this.nodes.filter((node) => node.problem === undefined && this.host.knownValue(this.section, node) === undefined);
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
      if (match) rows.push(this.rows.nodeRow(node, match, match.children.size > 0 || value === null || typeof value !== 'object', this.failed.has(node.slug)));
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
    const shown = this.nodes.filter((node) => node.problem === undefined);
    const entries = await Promise.all(
      shown.map(async (node): Promise<[string, JsonValue]> => [
        node.slug,
        this.host.knownValue(this.section, node) ?? (await this.host.loadValue(this.section, node)),
      ]),
    );
    if (round !== this.rawRound) return;
    // fromEntries defines own properties, so a "__proto__" slug stays a key like any other. jsonText:
    // any depth, and indentation that stops at 64 levels (JSON.stringify's grows with the square of the depth).
    const text = jsonText(Object.fromEntries(entries), '  ');
    const leftOut = this.nodes.filter((node) => node.problem !== undefined).map((node) => node.slug);
    this.rawView.replaceChildren(
      el(
        'div',
        { className: 'raw-actions' },
        button('Copy JSON', () => this.host.copy(text), 'copy'),
        el('span', { className: 'muted', text: ` ${formatSize(text.length)}` }),
      ),
      ...(leftOut.length > 0 ? [el('p', { className: 'muted', text: `Left out, too deep to show here: ${leftOut.join(', ')}. Open as JSON has them.` })] : []),
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
}
