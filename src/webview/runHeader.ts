// The run panel's header (status, workflow, batch, record, times, credits, error, actions) and its
// list of executions, redrawn on each live update. Focusable elements carry a key of ours (never run
// data), so the focus can come back to the same one; long texts are clamped, whole on hover.
import { durationBetween, formatDuration, formatTimeWithAgo, plural } from '../shared/format';
import type { RunCommand, RunView, ToExtension } from '../shared/protocol';
import { button, el, titled } from './dom';

export interface HeaderActions {
  post(message: ToExtension): void;
  jumpTo(slug: string): void;
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

/** The run's times, "6 Dec 2026, 14:03 (2 min ago)": their "ago" goes on while the panel stays open. */
let ages: { readonly element: Element; readonly iso: string }[] = [];
setInterval(() => {
  for (const age of ages) if (age.element.isConnected) age.element.textContent = formatTimeWithAgo(age.iso);
}, 30_000);

/** The header and the executions of `run`; the counters of the previous drawing stop. */
export function renderRun(run: RunView, actions: HeaderActions): { header: HTMLElement; executions: HTMLElement } {
  counters = [];
  ages = [];
  return { header: renderHeader(run, actions), executions: renderExecutions(run, actions) };
}

export function statusBadge(status: string, failed: boolean): HTMLElement {
  return el('span', { className: `status ${failed ? 'status-failed' : `status-${status.replace(/[^a-z]/g, '')}`}`, text: status });
}

/** Turns while what it stands beside goes on (still, when the system asks for reduced motion: runPanel.css). */
function spinner(): HTMLElement {
  const element = el('span', { className: 'spinner' });
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', 'in progress');
  return element;
}

function renderHeader(shown: RunView, actions: HeaderActions): HTMLElement {
  const finishedTimeUnknown = shown.finished && !shown.finishedAt;
  const fields: [string, string, string?][] = [
    ['Workflow', shown.workflowName ?? shown.workflow, shown.workflowName ? `${shown.workflowName}\n${shown.workflow}` : shown.workflow],
    ['Batch', shown.batchUuid ?? '—'],
    ['Record', shown.recordId, shown.recordId],
    ['Run', shown.uuid],
    // Local time with how long ago, as the Runs view's hovers say it.
    ['Created', formatTimeWithAgo(shown.createdAt) || shown.createdAt],
    ['Finished', shown.finishedAt ? formatTimeWithAgo(shown.finishedAt) || shown.finishedAt : finishedTimeUnknown ? 'time unknown' : 'not yet'],
    [shown.finished ? 'Duration' : 'Running for', shown.duration || '—'],
    // Grouped, and rounded to 3 decimals: a sum of fractional credits reads 0.3, not 0.30000000000000004.
    ['Credits', shown.credits.toLocaleString('en-US')],
  ];
  const list = el('dl', { className: 'fields' });
  for (const [name, value, title] of fields) {
    // One line each, cut with "…"; the whole value is its tooltip.
    const valueElement = el('dd', title === undefined ? { text: value, title: value } : { text: value, title });
    list.append(el('dt', { text: name }), valueElement);
    if (name === 'Running for') counters.push({ element: valueElement, since: shown.createdAt });
    if (name === 'Created' || (name === 'Finished' && shown.finishedAt))
      ages.push({ element: valueElement, iso: name === 'Created' ? shown.createdAt : (shown.finishedAt ?? '') });
  }
  const title = shown.recordTitle || shown.recordId;
  const header = el(
    'header',
    { className: 'run-header' },
    // A few lines at most (a record title can be kilobytes); the whole title is the tooltip.
    el('div', { className: 'title-row' }, el('h1', { text: title, title }), ...(shown.finished ? [] : [spinner()]), statusBadge(shown.status, shown.failed)),
    list,
  );
  if (shown.errorMessage) header.append(longTextBlock(shown.errorMessage));
  const openJson = button('Open as JSON', () => actions.post({ type: 'openJson' }));
  openJson.title = 'Open the whole run as a read-only JSON document in an editor';
  openJson.dataset.focusKey = 'openJson';
  const refresh = button('Refresh', () => actions.post({ type: 'refresh' }), 'toolbar-button');
  refresh.title = 'Fetch the run again now';
  refresh.dataset.focusKey = 'refresh';
  const openInCargo = button('Open in Cargo', () => actions.post({ type: 'openInCargo' }), 'toolbar-button');
  openInCargo.title = "Open the run in Cargo's web app";
  openInCargo.dataset.focusKey = 'openInCargo';
  header.append(el('div', { className: 'actions' }, openJson, ...runCommands(shown, actions), refresh, openInCargo));
  return header;
}

/**
 * What applies to this run, through the commands of the panel's menu: the failures of its batch for a
 * failed run of a batch, a watch for its failure while it goes on.
 */
function runCommands(shown: RunView, actions: HeaderActions): HTMLElement[] {
  const offered: [RunCommand, string, string][] = [];
  if (shown.failed && shown.batchUuid) {
    offered.push(['showFailures', 'Show Failures', "The failed runs of this run's batch, grouped by cause, in the Failures view"]);
    offered.push(['retryFailedRuns', 'Retry Failed Runs…', "Run the failed runs of this run's batch again, from the node that failed or where you choose"]);
  }
  if (!shown.finished) offered.push(['watchRun', 'Watch Run', 'Follow the run to its end; if it fails, its failure goes to the Problems panel']);
  return offered.map(([command, label, title]) => {
    const element = button(label, () => actions.post({ type: 'runCommand', command }), 'toolbar-button');
    element.title = title;
    element.dataset.focusKey = command;
    return element;
  });
}

export function longTextBlock(text: string): HTMLElement {
  // Cut at MAX_TEXT, as every element's text is: "Open as JSON" has the rest.
  const block = el('pre', { className: 'error-message', text });
  block.tabIndex = 0;
  return block;
}

/** The time of day alone when it falls on `day` (the run's day), else date and time. */
function clockTime(iso: string, day: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  return time.toDateString() === day ? time.toLocaleTimeString() : time.toLocaleString();
}

function renderExecutions({ executions, createdAt, finished }: RunView, actions: HeaderActions): HTMLElement {
  const shownDay = new Date(createdAt).toDateString();
  const section = el('section', { className: 'executions' }, el('h2', { text: `Executions (${executions.length})` }));
  if (executions.length === 0) {
    section.append(el('p', { className: 'muted', text: 'No node has run yet.' }));
    return section;
  }
  const list = el('ol', { className: 'execution-list' });
  executions.forEach((execution, index) => {
    const jump = button('', () => actions.jumpTo(execution.nodeSlug), 'execution-jump');
    titled(jump, `Show the context and config of ${execution.nodeSlug}`);
    jump.dataset.focusKey = `execution:${index}`;
    jump.append(
      el('span', { className: 'execution-name', text: execution.nodeName ?? execution.nodeSlug }),
      ...(execution.nodeName ? [el('span', { className: 'muted', text: ` (${execution.nodeSlug})` })] : []),
      ' ',
      ...(execution.running ? [spinner(), ' '] : []),
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
    // Clamped to a few lines like the record's title (an execution's title can quote it); whole on hover.
    if (execution.title) item.append(el('div', { className: 'execution-title', text: execution.title, title: execution.title }));
    if (execution.errorMessage) item.append(longTextBlock(execution.errorMessage));
    list.append(item);
  });
  section.append(list);
  return section;
}
