// The run panel's header (status, workflow, batch, record, times, credits, error, actions), drawn again
// on each live update, and the marks the executions share with it. Focusable elements carry a key of
// ours (never run data), so the focus can come back to the same one; long texts are clamped, whole on hover.
import { formatTimeWithAgo } from '../shared/format';
import type { RunCommand, RunView, ToExtension } from '../shared/protocol';
import { button, el } from './dom';
import { countAge, countDuration } from './ticking';

export interface HeaderActions {
  post(message: ToExtension): void;
}

export function statusBadge(status: string, failed: boolean): HTMLElement {
  return el('span', { className: `status ${failed ? 'status-failed' : `status-${status.replace(/[^a-z]/g, '')}`}`, text: status });
}

/** Turns while what it stands beside goes on (still, when the system asks for reduced motion: runPanel.css). */
export function spinner(): HTMLElement {
  const element = el('span', { className: 'spinner' });
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', 'in progress');
  return element;
}

/** The run's header; its running time and its times' "ago" count on between live updates. */
export function renderHeader(shown: RunView, actions: HeaderActions): HTMLElement {
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
    if (name === 'Running for') countDuration(valueElement, shown.createdAt);
    if (name === 'Created') countAge(valueElement, shown.createdAt);
    if (name === 'Finished' && shown.finishedAt) countAge(valueElement, shown.finishedAt);
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
