// The run panel's webview (bundled for the browser into dist/webview/runPanel.js): the messages from
// and to the extension, the saved state, and the layout: a notice when live updates have a problem,
// the run's header (runHeader.ts) and executions (executionList.ts), a search (search.ts), the
// download of the context under way or why it failed (valuesStatus.ts), and the Context and Computed
// configs sections (jsonTree.ts). The header shows as soon as it is known; the sections fill in when
// the context has arrived, and only then is what the panel saved (open rows, search, raw views,
// scroll) brought back. Everything from the API is rendered as text; a live update redraws the header
// and the executions that changed, and leaves the JSON trees alone unless their values changed.
import {
  parsePanelState,
  parseToWebview,
  type JsonSection,
  type ComparisonNote,
  type LiveStatus,
  type NewerRetryView,
  type NodeJson,
  type OpenPath,
  type PanelState,
  type RunOriginView,
  type RunView,
  type ToExtension,
  type ValuesStatus,
} from '../shared/protocol';
import { button, el } from './dom';
import { SectionTree, type SectionHost } from './jsonTree';
import { enableKeyboard } from './keyboard';
import { renderLiveStatus } from './liveStatus';
import { renderNewerRetry } from './retryNotice';
import { renderComparisonNote } from './comparisonNote';
import { renderRunOrigin } from './runOrigin';
import { createNodeValues } from './nodeValues';
import { createExpressions } from './expressions';
import { renderHeader } from './runHeader';
import { createExecutionList } from './executionList';
import { createSearch } from './search';
import { renderValuesStatus } from './valuesStatus';
import { createTimeline } from './timeline';

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
let liveStatus: LiveStatus | null = null;
let newerRetry: NewerRetryView | null = null;
let comparison: ComparisonNote | null = null;
let origin: RunOriginView | null = null;
let valuesStatus: ValuesStatus | null = null;
/** The sections show the run's values (they have arrived at least once). */
let valuesShown = false;
/** A node to open once the values have arrived (an execution clicked, or revealed, before they had). */
let pendingSlug: string | undefined;
/** Kept as the page scrolls: reading window.scrollY when saving would lay out the whole page there and then (1,000 executions). */
let scrolledTo = 0;

const values = createNodeValues(post, (section) => (section === 'context' ? run?.context : run?.computedConfigs) ?? []);
const host: SectionHost = { ...values.host, copy: (text) => post({ type: 'copy', text }), stateChanged: () => saveSoon() };

// ---- Layout --------------------------------------------------------------------------------------

const sections: Record<JsonSection, SectionTree> = {
  context: new SectionTree('context', 'Context', host),
  configs: new SectionTree('configs', 'Computed configs', host),
};
const statusSlot = el('div', { className: 'status-slot' });
const retrySlot = el('div', { className: 'retry-slot' });
const headerSlot = el('div', { className: 'header-slot' });
const comparisonSlot = el('div', { className: 'comparison-slot' });
const originSlot = el('div', { className: 'origin-slot' });
const executions = createExecutionList({ jumpTo: (slug) => jumpTo(slug) });
const timeline = createTimeline({ post, reveal: (index) => revealExecution(index) });
const valuesSlot = el('div', { className: 'values-slot' });
const expressions = createExpressions();
const search = createSearch(root, [sections.context, sections.configs], () => saveSoon());
enableKeyboard(root, () => search.focus());

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseToWebview(event.data);
  if (!message) return;
  switch (message.type) {
    case 'runLoaded':
      showRun(message.run);
      return;
    case 'nodeLoaded':
      values.arrived(message.section, message.slug, message.value);
      return;
    case 'liveStatus':
      showLiveStatus(message.problem);
      return;
    case 'valuesStatus':
      showValuesStatus(message.status);
      return;
    case 'comparison':
      showComparison(message.note);
      return;
    case 'runOrigin':
      fillSlot(originSlot, renderRunOrigin((origin = message.origin), post));
      return;
    case 'revealExecution':
      revealExecution(message.index);
      return;
    case 'timeline':
      timeline.show(message.timeline);
      return;
    case 'newerRetry':
      showNewerRetry(message.retry);
      return;
    case 'expressions':
      expressions.show(message.view);
      return;
    case 'loadFailed':
      // Keeps a run already shown (its live status says what went wrong); says why when there is nothing to show.
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

/** Scrolls an execution into view, marks it, focuses it and opens its node's values (once they are there). */
function revealExecution(index: number): void {
  const execution = run?.executions[index];
  const jump = executions.jumpOf(index);
  if (!execution || !jump) return;
  for (const marked of executions.element.querySelectorAll('.execution.revealed')) marked.classList.remove('revealed');
  jump.closest('.execution')?.classList.add('revealed');
  jumpTo(execution.nodeSlug);
  jump.scrollIntoView({ block: 'center' });
  jump.focus({ preventScroll: true });
}

function showValuesStatus(status: ValuesStatus | null): void {
  valuesStatus = status;
  const focusKey = focusedKey();
  const notice = renderValuesStatus(status, valuesShown, post);
  valuesSlot.replaceChildren(...(notice ? [notice] : []));
  if (!valuesShown) showPending();
  refocus(focusKey);
}

/** The sections before the values have arrived: where they will be, and whether they are coming. */
function showPending(): void {
  const text = valuesStatus?.kind === 'failed' ? 'Not loaded.' : 'Loading…';
  sections.context.setPending(text);
  sections.configs.setPending(text);
}

/** A notice (or none) in its slot above the run, the keyboard focus kept where it was. */
function fillSlot(slot: HTMLElement, notice: HTMLElement | null | undefined): void {
  const focusKey = focusedKey();
  slot.replaceChildren(...(notice ? [notice] : []));
  refocus(focusKey);
}

function showLiveStatus(status: LiveStatus | null): void {
  liveStatus = status;
  fillSlot(statusSlot, renderLiveStatus(status, post));
}

function showNewerRetry(retry: NewerRetryView | null): void {
  newerRetry = retry;
  fillSlot(retrySlot, renderNewerRetry(retry, post));
}

function showComparison(note: ComparisonNote | null): void {
  comparison = note;
  fillSlot(comparisonSlot, renderComparisonNote(note, post));
}

function showRun(next: RunView): void {
  const first = run === undefined;
  run = next;
  values.forgetChanged();
  const failed = new Set(next.executions.filter((execution) => execution.failed).map((execution) => execution.nodeSlug));
  const focusKey = focusedKey();
  headerSlot.replaceChildren(renderHeader(next, { post }));
  executions.show(next);
  if (first) {
    root.replaceChildren(
      statusSlot,
      retrySlot,
      expressions.notice,
      headerSlot,
      originSlot,
      comparisonSlot,
      timeline.element,
      executions.element,
      expressions.section,
      search.element,
      valuesSlot,
      sections.context.element,
      sections.configs.element,
    );
    showLiveStatus(liveStatus);
    showNewerRetry(newerRetry);
    showComparison(comparison);
    fillSlot(originSlot, renderRunOrigin(origin, post));
    showValuesStatus(valuesStatus);
    // After the next frame is painted: what the extension times "first screen" by.
    requestAnimationFrame(() => setTimeout(() => post({ type: 'rendered' }), 0));
  }
  if (next.context !== null && next.computedConfigs !== null) {
    if (!valuesShown) showFirstValues(next.context, next.computedConfigs, failed, first);
    else {
      sections.context.setNodes(next.context, failed);
      sections.configs.setNodes(next.computedConfigs, failed);
    }
  } else if (!valuesShown) showPending();
  if (!first) refocus(focusKey);
  saveState();
}

/** The values have arrived: the sections fill in, and what the panel saved comes back. */
function showFirstValues(context: readonly NodeJson[], configs: readonly NodeJson[], failed: ReadonlySet<string>, first: boolean): void {
  valuesShown = true;
  // The notice of an update in progress reads "Updating" from now on.
  showValuesStatus(valuesStatus);
  const reopen = (section: JsonSection) => (restored?.open ?? []).filter((path) => path.section === section).map((path) => [path.slug, ...path.keys]);
  sections.context.setNodes(context, failed, reopen('context'));
  sections.configs.setNodes(configs, failed, reopen('configs'));
  // The query first: a raw view then renders once, with its highlights.
  if (restored?.query) search.setText(restored.query);
  for (const section of restored?.raw ?? []) sections[section].setRaw(true);
  if (pendingSlug !== undefined) {
    sections.context.jumpTo(pendingSlug);
    sections.configs.jumpTo(pendingSlug);
    pendingSlug = undefined;
  } else if (restored?.scrollY) {
    window.scrollTo(0, restored.scrollY);
    scrolledTo = window.scrollY;
  }
  if (!first) requestAnimationFrame(() => setTimeout(() => post({ type: 'valuesRendered' }), 0));
}

// Redrawn parts (notice, header, executions) give their focusable elements a key of ours (never run
// data), so that the focus can come back to the same one.
function focusedKey(): string | undefined {
  const focused = document.activeElement;
  const redrawn = [statusSlot, headerSlot, originSlot, comparisonSlot, executions.element];
  return focused instanceof HTMLElement && redrawn.some((slot) => slot.contains(focused)) ? focused.dataset.focusKey : undefined;
}

function refocus(key: string | undefined): void {
  if (key === undefined) return;
  for (const element of root.querySelectorAll<HTMLElement>('[data-focus-key]')) {
    if (element.dataset.focusKey === key) return element.focus();
  }
}

/** Opens a node's context and config; with a search on, in the search's results when it has the node. */
function jumpTo(slug: string): void {
  if (!valuesShown) {
    // Opened when they arrive.
    pendingSlug = slug;
    return;
  }
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

// ---- Saved state ----------------------------------------------------------------------------------

let saveTimer: ReturnType<typeof setTimeout> | undefined;
function saveSoon(): void {
  // Marked while a save is due, so that a test can wait for it rather than for a fixed time.
  document.documentElement.dataset.statePending = 'true';
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveState, 200);
}
window.addEventListener('scroll', () => {
  scrolledTo = window.scrollY;
  saveSoon();
});
// toggle does not bubble; listening in the capture phase sees every details element's.
document.addEventListener('toggle', saveSoon, true);

function saveState(): void {
  delete document.documentElement.dataset.statePending;
  if (!run) return;
  // Until the values are shown, what was saved (open rows, search, raw views, scroll) still waits to be brought back.
  const locator = { createdAt: run.createdAt, workflowUuid: run.workflow, recordId: run.recordId };
  if (!valuesShown) {
    vscode.setState({ ...(restored ?? { scrollY: 0 }), runUuid: run.uuid, locator });
    return;
  }
  const open: OpenPath[] = [];
  for (const section of ['context', 'configs'] as const) {
    for (const [slug, ...keys] of sections[section].openKeys()) if (typeof slug === 'string') open.push({ section, slug, keys });
  }
  const raw = (['context', 'configs'] as const).filter((section) => sections[section].isRaw);
  vscode.setState({ runUuid: run.uuid, locator, scrollY: scrolledTo, open, query: search.text(), raw });
}
