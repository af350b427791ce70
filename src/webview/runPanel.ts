// The run panel's webview (bundled for the browser into dist/webview/runPanel.js). Everything from
// the API is rendered as text through createElement/textContent; JSON trees render a level only
// when it is expanded, so a context of megabytes costs only what is on screen.
import { parseToWebview, type ExecutionView, type JsonSection, type JsonValue, type NodeJson, type OpenPath, type PanelState, type RunView, type ToExtension } from '../panels/protocol';

interface VsCodeApi {
  postMessage(message: ToExtension): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') ?? document.body;

/** Children of an object or array rendered per click of "Show more". */
const CHUNK = 200;
/** Characters of a string shown before "Show all". */
const STRING_PREVIEW = 2000;

/** Saved with the panel (it comes back after a window reload); the extension reads runUuid from it. */
const saved = vscode.getState();
let state: PanelState | undefined = isPanelState(saved) ? saved : undefined;
let restoreScroll = state?.scrollY;

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseToWebview(event.data);
  if (!message) return;
  if (message.type === 'runLoaded') {
    // A live update or a restored panel keeps what was open and where it was scrolled to.
    const reopen = rendered ? openPaths() : (state?.open ?? []);
    const scrollY = rendered ? window.scrollY : (restoreScroll ?? 0);
    const searching = document.activeElement instanceof HTMLInputElement && document.activeElement.classList.contains('search-input');
    renderRun(message.run);
    if (searching) document.querySelector<HTMLInputElement>('input.search-input')?.focus();
    rendered = true;
    for (const path of reopen) {
      const node = currentNodes[path.section].get(path.slug);
      if (node) openPath(node, path.keys);
    }
    window.scrollTo(0, scrollY);
    restoreScroll = undefined;
    saveState(message.run.uuid);
  } else if (message.type === 'nodeLoaded') {
    const key = pendingKey(message.section, message.slug);
    loadedValues.set(key, message.value);
    pendingNodes.get(key)?.(message.value);
    pendingNodes.delete(key);
  } else root.replaceChildren(el('p', { className: 'error', text: message.message }));
});

/** Large node values that arrived, by section and slug (search looks into them too). */
const loadedValues = new Map<string, JsonValue>();

/** Large node values asked of the extension, by section and slug: what to do when they arrive. */
const pendingNodes = new Map<string, (value: JsonValue) => void>();
const pendingKey = (section: JsonSection, slug: string) => `${section}\u0000${slug}`;

let rendered = false;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
const saveSoon = () => {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    if (state) saveState(state.runUuid);
  }, 200);
};
window.addEventListener('scroll', saveSoon);
// toggle does not bubble; listening in the capture phase sees every details element's.
document.addEventListener('toggle', saveSoon, true);

function saveState(runUuid: string): void {
  state = { runUuid, scrollY: window.scrollY, open: openPaths() };
  vscode.setState(state);
}

/** The JSON tree nodes open now. */
function openPaths(): OpenPath[] {
  return [...document.querySelectorAll('details[open]')].map((details) => detailsPaths.get(details)).filter((path): path is OpenPath => path !== undefined);
}
vscode.postMessage({ type: 'ready' });

function isPanelState(value: unknown): value is PanelState {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as PanelState;
  return typeof candidate.runUuid === 'string' && typeof candidate.scrollY === 'number' && (candidate.open === undefined || (Array.isArray(candidate.open) && candidate.open.every(isOpenPath)));
}

function isOpenPath(value: unknown): value is OpenPath {
  if (typeof value !== 'object' || value === null) return false;
  const path = value as OpenPath;
  return (path.section === 'context' || path.section === 'configs') && typeof path.slug === 'string' && Array.isArray(path.keys) && path.keys.every((key) => typeof key === 'string' || typeof key === 'number');
}

// ---- DOM helpers ---------------------------------------------------------------------------------

interface ElOptions {
  className?: string;
  text?: string;
  title?: string;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElOptions = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className) element.className = options.className;
  if (options.text !== undefined) element.textContent = options.text;
  if (options.title !== undefined) element.title = options.title;
  element.append(...children);
  return element;
}

function button(label: string, onClick: () => void, className = 'action'): HTMLButtonElement {
  const b = el('button', { className, text: label });
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

function localTime(iso: string | null): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Date(time).toLocaleString();
}

function statusBadge(status: string, failed: boolean): HTMLElement {
  return el('span', { className: `status ${failed ? 'status-failed' : `status-${status.replace(/[^a-z]/g, '')}`}`, text: status });
}

// ---- The run -------------------------------------------------------------------------------------

/** The node slugs' details elements of what is rendered now, per section. */
let currentNodes: Record<JsonSection, Map<string, HTMLDetailsElement>> = { context: new Map(), configs: new Map() };

function renderRun(run: RunView): void {
  const contextNodes = new Map<string, HTMLDetailsElement>();
  const configNodes = new Map<string, HTMLDetailsElement>();
  currentNodes = { context: contextNodes, configs: configNodes };
  const jumpTo = (slug: string) => {
    const targets = [contextNodes.get(slug), configNodes.get(slug)].filter((d): d is HTMLDetailsElement => d !== undefined);
    for (const target of targets) target.open = true;
    const first = targets[0];
    if (first) {
      first.scrollIntoView({ block: 'start' });
      first.querySelector('summary')?.focus();
    }
  };
  root.replaceChildren(
    renderHeader(run),
    renderExecutions(run.executions, jumpTo),
    renderSearch(run, { context: contextNodes, configs: configNodes }),
    renderNodeSection('Context', 'context', run.context, contextNodes),
    renderNodeSection('Computed configs', 'configs', run.computedConfigs, configNodes),
  );
}

function renderHeader(run: RunView): HTMLElement {
  const fields: [string, string, string?][] = [
    ['Workflow', run.workflow],
    ['Batch', run.batchUuid ?? '—'],
    ['Record', run.recordId],
    ['Run', run.uuid],
    ['Created', localTime(run.createdAt), run.createdAt],
    ['Finished', run.finishedAt ? localTime(run.finishedAt) : 'not yet', run.finishedAt ?? undefined],
    [run.finished ? 'Duration' : 'Running for', run.duration || '—'],
    ['Credits', String(run.credits)],
  ];
  const list = el('dl', { className: 'fields' });
  for (const [name, value, title] of fields) list.append(el('dt', { text: name }), el('dd', title === undefined ? { text: value } : { text: value, title }));
  const header = el(
    'header',
    { className: 'run-header' },
    el('div', { className: 'title-row' }, el('h1', { text: run.recordTitle || run.recordId }), statusBadge(run.status, run.failed)),
    list,
  );
  if (run.errorMessage) header.append(longText('pre', 'error-message', run.errorMessage));
  header.append(el('div', { className: 'actions' }, button('Open as JSON', () => vscode.postMessage({ type: 'openJson' }))));
  return header;
}

function renderExecutions(executions: readonly ExecutionView[], jumpTo: (slug: string) => void): HTMLElement {
  const section = el('section', { className: 'executions' }, el('h2', { text: `Executions (${executions.length})` }));
  if (executions.length === 0) {
    section.append(el('p', { className: 'muted', text: 'No node has run yet.' }));
    return section;
  }
  const list = el('ol', { className: 'execution-list' });
  for (const execution of executions) {
    const name = execution.nodeName ?? execution.nodeSlug;
    const jump = button('', () => jumpTo(execution.nodeSlug), 'execution-jump');
    jump.title = `Show the context and config of ${execution.nodeSlug}`;
    jump.append(
      el('span', { className: 'execution-name', text: name }),
      ...(execution.nodeName ? [el('span', { className: 'muted', text: ` (${execution.nodeSlug})` })] : []),
      ' ',
      statusBadge(execution.status, execution.failed),
    );
    const facts = [execution.duration, execution.credits > 0 ? `${execution.credits} ${execution.credits === 1 ? 'credit' : 'credits'}` : '', execution.startedAt ? `started ${localTime(execution.startedAt)}` : '']
      .filter(Boolean)
      .join(' · ');
    const item = el('li', { className: execution.failed ? 'execution failed' : 'execution' }, jump);
    if (execution.failed) item.prepend(el('span', { className: 'failed-marker', text: 'Failed' }));
    if (facts) item.append(el('div', { className: 'muted', text: facts }));
    if (execution.title) item.append(el('div', { className: 'execution-title', text: execution.title }));
    if (execution.errorMessage) item.append(longText('pre', 'error-message', execution.errorMessage));
    list.append(item);
  }
  section.append(list);
  return section;
}

function renderNodeSection(title: string, kind: JsonSection, nodes: readonly NodeJson[], index: Map<string, HTMLDetailsElement>): HTMLElement {
  const section = el('section', { className: `json-section ${kind}` }, el('h2', { text: title }));
  if (nodes.length === 0) section.append(el('p', { className: 'muted', text: 'Empty.' }));
  const rootName = kind === 'context' ? 'runContext' : 'runComputedConfigs';
  for (const node of nodes) {
    const path = [rootName, node.slug];
    const render = (value: JsonValue) => [copyButtons(value, path), jsonChildren(value, path)];
    const build = (): Node[] => {
      if (node.value !== undefined) return render(node.value);
      const loading = el('div', { className: 'muted json-children', text: 'Loading…' });
      pendingNodes.set(pendingKey(kind, node.slug), (value) => loading.replaceWith(...render(value)));
      vscode.postMessage({ type: 'loadNode', section: kind, slug: node.slug });
      return [loading];
    };
    const summary = node.value !== undefined ? preview(node.value) : ` (${formatSize(node.size)})`;
    const details = lazyDetails(el('span', { className: 'node-slug', text: node.slug }), summary, build);
    detailsPaths.set(details, { section: kind, slug: node.slug, keys: [] });
    details.classList.add('node-json');
    index.set(node.slug, details);
    section.append(details);
  }
  return section;
}

// ---- Search --------------------------------------------------------------------------------------

const MAX_HITS = 200;
/** The search text, kept across live updates (which re-render the panel). */
let searchQuery = '';

interface Hit {
  readonly section: JsonSection;
  readonly slug: string;
  readonly keys: readonly (string | number)[];
  readonly text: string;
}

function renderSearch(run: RunView, nodes: Record<JsonSection, Map<string, HTMLDetailsElement>>): HTMLElement {
  const input = el('input', { className: 'search-input' });
  input.type = 'search';
  input.placeholder = 'Search keys and values in the context and configs';
  input.setAttribute('aria-label', 'Search keys and values');
  const status = el('div', { className: 'muted search-status' });
  status.setAttribute('aria-live', 'polite');
  const results = el('ol', { className: 'search-results' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const update = () => {
    const query = input.value.trim().toLowerCase();
    results.replaceChildren();
    if (query.length === 0) {
      status.textContent = '';
      return;
    }
    const { hits, skipped } = searchRun(run, query);
    status.textContent = `${hits.length === MAX_HITS ? `First ${MAX_HITS}` : hits.length} ${hits.length === 1 ? 'match' : 'matches'}${skipped > 0 ? ` · ${skipped} large ${skipped === 1 ? 'value' : 'values'} not searched until expanded` : ''}`;
    for (const hit of hits) {
      const rootName = hit.section === 'context' ? 'runContext' : 'runComputedConfigs';
      const go = button('', () => {
        const node = nodes[hit.section].get(hit.slug);
        if (node) reveal(node, hit.keys);
      }, 'search-hit');
      go.append(el('span', { className: 'json-key', text: jsonPath([rootName, hit.slug, ...hit.keys]) }), el('span', { className: 'muted', text: ` ${hit.text}` }));
      results.append(el('li', {}, go));
    }
  };
  input.addEventListener('input', () => {
    searchQuery = input.value;
    clearTimeout(timer);
    timer = setTimeout(update, 200);
  });
  input.value = searchQuery;
  if (searchQuery) update();
  return el('section', { className: 'search' }, el('h2', { text: 'Search' }), input, status, results);
}

function searchRun(run: RunView, query: string): { hits: Hit[]; skipped: number } {
  const hits: Hit[] = [];
  let skipped = 0;
  const visit = (section: JsonSection, slug: string, value: JsonValue, keys: (string | number)[], keyMatched: boolean): void => {
    if (hits.length >= MAX_HITS) return;
    if (value !== null && typeof value === 'object') {
      if (keyMatched) hits.push({ section, slug, keys: [...keys], text: preview(value).trim() });
      const entries: [string | number, JsonValue][] = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
      for (const [key, child] of entries) {
        keys.push(key);
        visit(section, slug, child, keys, typeof key === 'string' && key.toLowerCase().includes(query));
        keys.pop();
        if (hits.length >= MAX_HITS) return;
      }
      return;
    }
    const text = primitiveText(value);
    if (keyMatched || text.toLowerCase().includes(query)) hits.push({ section, slug, keys: [...keys], text: text.length > 120 ? `${text.slice(0, 119)}…` : text });
  };
  for (const [section, list] of [['context', run.context], ['configs', run.computedConfigs]] as const) {
    for (const node of list) {
      // node.value is null for a node whose value is null: only undefined means "not sent yet".
      const value = node.value !== undefined ? node.value : loadedValues.get(pendingKey(section, node.slug));
      if (value === undefined) skipped++;
      else visit(section, node.slug, value, [], node.slug.toLowerCase().includes(query));
    }
  }
  return { hits, skipped };
}

// ---- JSON tree -----------------------------------------------------------------------------------

/** A details element whose content is built the first time it opens. */
function lazyDetails(label: Node, summaryPreview: string, build: () => Node[]): HTMLDetailsElement {
  const details = el('details', {}, el('summary', {}, label, el('span', { className: 'preview', text: summaryPreview })));
  let built = false;
  const ensureBuilt = () => {
    if (built) return;
    built = true;
    details.append(...build());
  };
  details.addEventListener('toggle', () => {
    if (details.open) ensureBuilt();
  });
  builders.set(details, ensureBuilt);
  return details;
}

// What revealing a search hit needs, kept beside the DOM so that no data goes into selectors.
/** Builds a lazy details' content now (the toggle event would do it only on the next task). */
const builders = new WeakMap<Element, () => void>();
/** A row → its key in its parent. */
const rowKeys = new WeakMap<Element, string | number>();
/** A details element of the JSON trees → where it is. */
const detailsPaths = new WeakMap<Element, OpenPath>();
/** A list of rows → shows its next chunk; false when everything is shown. */
const showMore = new WeakMap<Element, () => boolean>();

/** Opens the tree down to `keys` under a node, marks that row and moves the focus to it. */
function reveal(node: HTMLDetailsElement, keys: readonly (string | number)[]): void {
  const current = openPath(node, keys);
  for (const old of document.querySelectorAll('.match')) old.classList.remove('match');
  current.classList.add('match');
  current.scrollIntoView({ block: 'center' });
  const focusable = current instanceof HTMLDetailsElement ? current.querySelector('summary') : current.querySelector('button');
  focusable?.focus();
}

/** Opens the tree down to `keys` under a node (as far as it is rendered); returns the row reached. */
function openPath(node: HTMLDetailsElement, keys: readonly (string | number)[]): Element {
  let current: Element = node;
  for (const key of keys) {
    if (!(current instanceof HTMLDetailsElement)) break;
    current.open = true;
    builders.get(current)?.();
    const list = [...current.children].find((child) => child.classList.contains('json-children'));
    if (!list) break;
    const find = () => [...list.children].find((child) => rowKeys.get(child) === key);
    let row = find();
    while (!row && showMore.get(list)?.()) row = find();
    if (!row) break;
    current = row;
  }
  if (current instanceof HTMLDetailsElement) {
    current.open = true;
    builders.get(current)?.();
  }
  return current;
}

function preview(value: JsonValue): string {
  if (Array.isArray(value)) return ` [${value.length} ${value.length === 1 ? 'item' : 'items'}]`;
  if (value !== null && typeof value === 'object') {
    const count = Object.keys(value).length;
    return ` {${count} ${count === 1 ? 'key' : 'keys'}}`;
  }
  return ` ${primitiveText(value).slice(0, 80)}`;
}

function formatSize(chars: number): string {
  if (chars < 1024) return `${chars} characters`;
  if (chars < 1024 * 1024) return `${(chars / 1024).toFixed(0)} KB`;
  return `${(chars / 1024 / 1024).toFixed(1)} MB`;
}

function primitiveText(value: string | number | boolean | null): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The value under a node: a list of rows for containers, the value itself for a primitive. */
function jsonChildren(value: JsonValue, path: readonly (string | number)[]): HTMLElement {
  const list = el('div', { className: 'json-children' });
  if (value === null || typeof value !== 'object') {
    list.append(leafValue(value));
    return list;
  }
  const entries: [string | number, JsonValue][] = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
  if (entries.length === 0) list.append(el('div', { className: 'muted', text: Array.isArray(value) ? '(empty array)' : '(empty object)' }));
  let shown = 0;
  const more = button('', () => showNext());
  const showNext = () => {
    const next = entries.slice(shown, shown + CHUNK);
    shown += next.length;
    more.remove();
    for (const [key, child] of next) list.append(jsonRow(key, child, [...path, key]));
    if (shown < entries.length) {
      more.textContent = `Show ${Math.min(CHUNK, entries.length - shown)} more (${entries.length - shown} not shown)`;
      list.append(more);
    }
  };
  showNext();
  showMore.set(list, () => {
    if (shown >= entries.length) return false;
    showNext();
    return true;
  });
  return list;
}

function jsonRow(key: string | number, value: JsonValue, path: readonly (string | number)[]): HTMLElement {
  const keyLabel = el('span', { className: 'json-key', text: typeof key === 'number' ? `[${key}]` : key });
  if (value !== null && typeof value === 'object') {
    const details = lazyDetails(keyLabel, preview(value), () => [copyButtons(value, path), jsonChildren(value, path)]);
    details.classList.add('json-row');
    rowKeys.set(details, key);
    const [rootName, slug, ...keys] = path;
    if (typeof slug === 'string') detailsPaths.set(details, { section: rootName === 'runContext' ? 'context' : 'configs', slug, keys });
    return details;
  }
  const row = el('div', { className: 'json-row json-leaf' }, keyLabel, el('span', { className: 'json-colon', text: ': ' }), leafValue(value), copyButtons(value, path));
  rowKeys.set(row, key);
  return row;
}

/** "Copy value" and "Copy path" for one value; the extension puts the text on the clipboard. */
function copyButtons(value: JsonValue, path: readonly (string | number)[]): HTMLElement {
  const copy = (text: string) => vscode.postMessage({ type: 'copy', text });
  const copyValue = button('Copy value', () => copy(typeof value === 'string' ? value : JSON.stringify(value, null, 2)), 'copy');
  const copyPath = button('Copy path', () => copy(jsonPath(path)), 'copy');
  copyValue.title = 'Copy this value as JSON';
  copyPath.title = jsonPath(path);
  return el('span', { className: 'copy-buttons' }, copyValue, copyPath);
}

/** ['runContext', 'start', 'utm', 0, 'a b'] → 'runContext.start.utm[0]["a b"]'. */
function jsonPath(path: readonly (string | number)[]): string {
  return path
    .map((part, i) => {
      if (typeof part === 'number') return `[${part}]`;
      if (/^[A-Za-z_$][\w$]*$/.test(part)) return i === 0 ? part : `.${part}`;
      return `[${JSON.stringify(part)}]`;
    })
    .join('');
}

function leafValue(value: string | number | boolean | null): HTMLElement {
  const type = value === null ? 'null' : typeof value;
  return longText('span', `json-value json-${type}`, primitiveText(value));
}

/** Text that may be megabytes long: its start, and a button that shows the rest. */
function longText(tag: 'span' | 'pre', className: string, text: string): HTMLElement {
  const shown = el(tag, { className });
  if (text.length <= STRING_PREVIEW) {
    shown.textContent = text;
    return shown;
  }
  shown.textContent = `${text.slice(0, STRING_PREVIEW)}…`;
  const all = button(`Show all (${text.length.toLocaleString()} characters)`, () => {
    shown.textContent = text;
    all.remove();
  });
  return el(tag === 'pre' ? 'div' : 'span', {}, shown, ' ', all);
}
