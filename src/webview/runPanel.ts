// The run panel's webview (bundled for the browser into dist/webview/runPanel.js): the run's header
// and executions, a search, and the Context and Computed configs sections. Everything from the API
// is rendered as text; a live update redraws the header and executions and leaves the JSON trees
// alone unless their values changed.
import {
  parsePanelState,
  parseToWebview,
  type JsonSection,
  type JsonValue,
  type OpenPath,
  type PanelState,
  type RunView,
  type ToExtension,
} from '../shared/protocol';
import { durationBetween, formatDuration, plural } from '../shared/format';
import { button, el, localTime } from './dom';
import { SectionTree, MAX_MATCHES, type SectionHost } from './jsonTree';
import { enableKeyboard } from './keyboard';

interface VsCodeApi {
  postMessage(message: ToExtension): void;
  getState(): unknown;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') ?? document.body;
const post = (message: ToExtension) => vscode.postMessage(message);

/** Saved with the panel (it comes back after a window reload); the extension reads runUuid from it. */
const restored = parsePanelState(vscode.getState());
let run: RunView | undefined;

// ---- Large node values, asked of the extension when needed -------------------------------------

const valueKey = (section: JsonSection, slug: string) => `${section}\u0000${slug}`;
/** Values that arrived, with the digest of the node they belong to (a changed node drops them). */
const loadedValues = new Map<string, { digest: string; value: JsonValue }>();
const waitingForValues = new Map<string, ((value: JsonValue) => void)[]>();

const host: SectionHost = {
  knownValue(section, node) {
    if (node.value !== undefined) return node.value;
    const loaded = loadedValues.get(valueKey(section, node.slug));
    return loaded?.digest === node.digest ? loaded.value : undefined;
  },
  loadValue(section, node) {
    const known = host.knownValue(section, node);
    if (known !== undefined) return Promise.resolve(known);
    const key = valueKey(section, node.slug);
    return new Promise((resolve) => {
      const waiting = waitingForValues.get(key);
      if (waiting) waiting.push(resolve);
      else {
        waitingForValues.set(key, [resolve]);
        post({ type: 'loadNode', section, slug: node.slug });
      }
    });
  },
  copy: (text) => post({ type: 'copy', text }),
  stateChanged: () => saveSoon(),
};

function valueArrived(section: JsonSection, slug: string, value: JsonValue): void {
  const key = valueKey(section, slug);
  const node = (section === 'context' ? run?.context : run?.computedConfigs)?.find((candidate) => candidate.slug === slug);
  if (node) loadedValues.set(key, { digest: node.digest, value });
  for (const resolve of waitingForValues.get(key) ?? []) resolve(value);
  waitingForValues.delete(key);
}

// ---- Layout --------------------------------------------------------------------------------------

const sections: Record<JsonSection, SectionTree> = {
  context: new SectionTree('context', 'Context', host),
  configs: new SectionTree('configs', 'Computed configs', host),
};
const headerSlot = el('div', { className: 'header-slot' });
const executionsSlot = el('div', { className: 'executions-slot' });
const search = createSearch();
enableKeyboard(root, () => search.focus());

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseToWebview(event.data);
  if (!message) return;
  switch (message.type) {
    case 'runLoaded':
      showRun(message.run);
      return;
    case 'nodeLoaded':
      valueArrived(message.section, message.slug, message.value);
      return;
    case 'loadFailed':
      // Keeps a run already shown (a failed live update); says so when there is nothing to show.
      if (!run) showFailure(message.message, message.signedOut);
      return;
  }
});
post({ type: 'ready' });

/** Why the run is not shown, and what to do about it. */
function showFailure(text: string, signedOut: boolean): void {
  // With Sign In offered, Retry is the secondary action.
  const retry = button(
    'Retry',
    () => {
      root.replaceChildren(el('p', { className: 'muted', text: 'Loading the run…' }));
      post({ type: 'refresh' });
    },
    signedOut ? 'toolbar-button' : 'action',
  );
  const actions = el('div', { className: 'actions' }, ...(signedOut ? [button('Sign In', () => post({ type: 'signIn' }))] : []), retry);
  root.replaceChildren(el('p', { className: 'error', text }), actions);
  actions.querySelector('button')?.focus();
}

function showRun(next: RunView): void {
  const first = run === undefined;
  run = next;
  for (const [key, loaded] of loadedValues) {
    const [section, slug] = key.split('\u0000') as [JsonSection, string];
    const node = (section === 'context' ? next.context : next.computedConfigs).find((candidate) => candidate.slug === slug);
    if (node?.digest !== loaded.digest) loadedValues.delete(key);
  }
  const failed = new Set(next.executions.filter((execution) => execution.failed).map((execution) => execution.nodeSlug));
  const focusKey = focusedKey();
  counters = [];
  headerSlot.replaceChildren(renderHeader(next));
  executionsSlot.replaceChildren(renderExecutions(next));
  if (first) {
    root.replaceChildren(headerSlot, executionsSlot, search.element, sections.context.element, sections.configs.element);
    const reopen = (section: JsonSection) => (restored?.open ?? []).filter((path) => path.section === section).map((path) => [path.slug, ...path.keys]);
    sections.context.setNodes(next.context, failed, reopen('context'));
    sections.configs.setNodes(next.computedConfigs, failed, reopen('configs'));
    // The query first: a raw view then renders once, with its highlights.
    if (restored?.query) search.setText(restored.query);
    for (const section of restored?.raw ?? []) sections[section].setRaw(true);
    window.scrollTo(0, restored?.scrollY ?? 0);
    // After the next frame is painted: what the extension times "first screen" by.
    requestAnimationFrame(() => setTimeout(() => post({ type: 'rendered' }), 0));
  } else {
    sections.context.setNodes(next.context, failed);
    sections.configs.setNodes(next.computedConfigs, failed);
    refocus(focusKey);
  }
  saveState();
}

// The header and executions are redrawn on each live update: their focusable elements carry a key
// of ours (never run data) so that the focus can come back to the same one.
function focusedKey(): string | undefined {
  const focused = document.activeElement;
  return focused instanceof HTMLElement && (headerSlot.contains(focused) || executionsSlot.contains(focused)) ? focused.dataset.focusKey : undefined;
}

function refocus(key: string | undefined): void {
  if (key === undefined) return;
  for (const element of root.querySelectorAll<HTMLElement>('[data-focus-key]')) {
    if (element.dataset.focusKey === key) return element.focus();
  }
}

// ---- Saved state ----------------------------------------------------------------------------------

let saveTimer: ReturnType<typeof setTimeout> | undefined;
function saveSoon(): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveState, 200);
}
window.addEventListener('scroll', saveSoon);
// toggle does not bubble; listening in the capture phase sees every details element's.
document.addEventListener('toggle', saveSoon, true);

function saveState(): void {
  if (!run) return;
  const open: OpenPath[] = [];
  for (const section of ['context', 'configs'] as const) {
    for (const [slug, ...keys] of sections[section].openKeys()) if (typeof slug === 'string') open.push({ section, slug, keys });
  }
  const raw = (['context', 'configs'] as const).filter((section) => sections[section].isRaw);
  vscode.setState({ runUuid: run.uuid, scrollY: window.scrollY, open, query: search.text(), raw });
}

// ---- Header and executions -------------------------------------------------------------------------

function statusBadge(status: string, failed: boolean): HTMLElement {
  return el('span', { className: `status ${failed ? 'status-failed' : `status-${status.replace(/[^a-z]/g, '')}`}`, text: status });
}

/**
 * Durations of what is still running (the run's "Running for", a running execution's): they count on
 * between live updates, which may be a minute apart. Replaced with each redraw of header and executions.
 */
let counters: { readonly element: Element; readonly since: string }[] = [];
setInterval(() => {
  for (const counter of counters) {
    const ms = counter.element.isConnected ? durationBetween(counter.since, null) : undefined;
    if (ms !== undefined) counter.element.textContent = formatDuration(ms);
  }
}, 1000);

function renderHeader(shown: RunView): HTMLElement {
  const fields: [string, string, string?][] = [
    ['Workflow', shown.workflowName ?? shown.workflow, shown.workflow],
    ['Batch', shown.batchUuid ?? '—'],
    ['Record', shown.recordId],
    ['Run', shown.uuid],
    ['Created', localTime(shown.createdAt), shown.createdAt],
    ['Finished', shown.finishedAt ? localTime(shown.finishedAt) : 'not yet', shown.finishedAt ?? undefined],
    [shown.finished ? 'Duration' : 'Running for', shown.duration || '—'],
    ['Credits', String(shown.credits)],
  ];
  const list = el('dl', { className: 'fields' });
  for (const [name, value, title] of fields) {
    const valueElement = el('dd', title === undefined ? { text: value } : { text: value, title });
    list.append(el('dt', { text: name }), valueElement);
    if (name === 'Running for') counters.push({ element: valueElement, since: shown.createdAt });
  }
  const header = el(
    'header',
    { className: 'run-header' },
    el('div', { className: 'title-row' }, el('h1', { text: shown.recordTitle || shown.recordId }), statusBadge(shown.status, shown.failed)),
    list,
  );
  if (shown.errorMessage) header.append(longTextBlock(shown.errorMessage));
  const openJson = button('Open as JSON', () => post({ type: 'openJson' }));
  openJson.title = 'Open the whole run as a read-only JSON document in an editor';
  openJson.dataset.focusKey = 'openJson';
  const refresh = button('Refresh', () => post({ type: 'refresh' }), 'toolbar-button');
  refresh.title = 'Fetch the run again now';
  refresh.dataset.focusKey = 'refresh';
  const openInCargo = button('Open in Cargo', () => post({ type: 'openInCargo' }), 'toolbar-button');
  openInCargo.title = "Open the run in Cargo's web app";
  openInCargo.dataset.focusKey = 'openInCargo';
  header.append(el('div', { className: 'actions' }, openJson, refresh, openInCargo));
  return header;
}

function longTextBlock(text: string): HTMLElement {
  const block = el('pre', { className: 'error-message', text: text.length > 20_000 ? `${text.slice(0, 20_000)}…` : text });
  block.tabIndex = 0;
  return block;
}

/** The time of day alone when it falls on `day` (the run's day), else date and time. */
function clockTime(iso: string, day: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return time.toDateString() === day ? time.toLocaleTimeString() : time.toLocaleString();
}

function renderExecutions({ executions, createdAt, finished }: RunView): HTMLElement {
  const shownDay = new Date(createdAt).toDateString();
  const section = el('section', { className: 'executions' }, el('h2', { text: `Executions (${executions.length})` }));
  if (executions.length === 0) {
    section.append(el('p', { className: 'muted', text: 'No node has run yet.' }));
    return section;
  }
  const list = el('ol', { className: 'execution-list' });
  executions.forEach((execution, index) => {
    const jump = button('', () => jumpTo(execution.nodeSlug), 'execution-jump');
    jump.title = `Show the context and config of ${execution.nodeSlug}`;
    jump.dataset.focusKey = `execution:${index}`;
    jump.append(
      el('span', { className: 'execution-name', text: execution.nodeName ?? execution.nodeSlug }),
      ...(execution.nodeName ? [el('span', { className: 'muted', text: ` (${execution.nodeSlug})` })] : []),
      ' ',
      statusBadge(execution.status, execution.failed),
    );
    const times = execution.startedAt
      ? `${clockTime(execution.startedAt, shownDay)}${execution.finishedAt ? ` → ${clockTime(execution.finishedAt, shownDay)}` : ''}`
      : '';
    const duration = el('span', { text: execution.duration });
    if (!finished && execution.startedAt && !execution.finishedAt) counters.push({ element: duration, since: execution.startedAt });
    const rest = [execution.credits > 0 ? plural(execution.credits, 'credit') : '', times].filter(Boolean).join(' · ');
    const item = el('li', { className: execution.failed ? 'execution failed' : 'execution' }, jump);
    if (execution.failed) item.prepend(el('span', { className: 'failed-marker', text: 'Failed' }));
    if (execution.duration || rest) item.append(el('div', { className: 'muted' }, duration, execution.duration && rest ? ' · ' : '', rest));
    if (execution.title) item.append(el('div', { className: 'execution-title', text: execution.title }));
    if (execution.errorMessage) item.append(longTextBlock(execution.errorMessage));
    list.append(item);
  });
  section.append(list);
  return section;
}

/** Opens a node's context and config; with a search on, in the search's results when it has the node. */
function jumpTo(slug: string): void {
  let rows = [sections.context.jumpTo(slug), sections.configs.jumpTo(slug)];
  if (rows.every((row) => row === undefined) && search.text()) {
    search.setText('');
    rows = [sections.context.jumpTo(slug), sections.configs.jumpTo(slug)];
  }
  const first = rows.find((row) => row !== undefined);
  if (!first) return;
  first.scrollIntoView({ block: 'start' });
  first.querySelector<HTMLElement>(':scope > summary')?.focus();
}

// ---- Search ----------------------------------------------------------------------------------------

interface Search {
  readonly element: HTMLElement;
  text(): string;
  setText(text: string): void;
  focus(): void;
}

/** One search over both sections: it cuts their trees down to the matches and highlights them. */
function createSearch(): Search {
  const input = el('input', { className: 'search-input' });
  input.type = 'search';
  input.placeholder = 'Filter keys and values (Enter: next match)';
  input.setAttribute('aria-label', 'Filter the context and computed configs by key or value');
  const status = el('span', { className: 'muted search-status' });
  status.setAttribute('aria-live', 'polite');
  const previous = button('↑', () => step(-1), 'toolbar-button');
  const next = button('↓', () => step(1), 'toolbar-button');
  previous.title = 'Previous match (Shift+Enter)';
  next.title = 'Next match (Enter)';
  previous.setAttribute('aria-label', 'Previous match');
  next.setAttribute('aria-label', 'Next match');
  let round = 0;
  let current = -1;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const apply = async () => {
    const query = input.value.trim().toLowerCase();
    const mine = ++round;
    current = -1;
    if (query) status.textContent = 'Searching…';
    const outcomes = await Promise.all([sections.context.setQuery(query), sections.configs.setQuery(query)]);
    if (mine !== round) return;
    if (!query) {
      status.textContent = '';
      return;
    }
    const found = outcomes.reduce((sum, outcome) => sum + (outcome?.found ?? 0), 0);
    const truncated = outcomes.some((outcome) => outcome?.truncated);
    status.textContent =
      found === 0 ? 'No matches' : `${plural(found, 'match', 'matches')}${truncated ? ` (first ${MAX_MATCHES.toLocaleString()} per section)` : ''}`;
  };

  /** Moves to the next or previous highlighted match on screen. */
  const step = (direction: 1 | -1) => {
    const marks = [...root.querySelectorAll<HTMLElement>('mark')].filter((mark) => mark.getClientRects().length > 0);
    if (marks.length === 0) return;
    for (const mark of root.querySelectorAll('mark.current-match')) mark.classList.remove('current-match');
    current = (current + direction + marks.length) % marks.length;
    const mark = marks[current];
    mark?.classList.add('current-match');
    mark?.scrollIntoView({ block: 'center' });
    status.textContent = `${current + 1} of ${marks.length} on screen`;
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void apply(), 150);
    saveSoon();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      step(event.shiftKey ? -1 : 1);
    } else if (event.key === 'Escape' && input.value) {
      event.preventDefault();
      input.value = '';
      void apply();
      saveSoon();
    }
  });
  const element = el('section', { className: 'search' }, el('div', { className: 'search-row' }, input, previous, next, status));
  return {
    element,
    text: () => input.value,
    setText(text) {
      input.value = text;
      clearTimeout(timer);
      void apply();
    },
    focus() {
      input.focus();
      input.select();
    },
  };
}
