// How each explorer node reads in the tree: label, description, icon, tooltip (as markdown source)
// and contextValue. Free of VS Code types so it is unit-tested in plain Node. Run data is
// untrusted: labels are plain text (cut short), tooltips are built from escaped text only.
import {
  CargoAuthError,
  CargoSchemaError,
  enumText,
  isFinishedBatchStatus,
  isFinishedRunStatus,
  type Batch,
  type Execution,
  type Run,
  type Tolerant,
} from '../api';
import {
  graphNodeNames,
  type BatchNode,
  type ChildExecutionNode,
  type ExecutionNode,
  type ExplorerNode,
  type RunNode,
  type WorkflowGroupNode,
} from './explorerNodes';
import type { RootState } from './runsExplorerModel';
import { batchOutcome, batchOutcomeIcon } from '../runs/batchOutcome';
import { batchKindLabel, batchLabel, nodeLabel } from '../runs/labels';
import { runCredits } from '../runs/runCredits';
import { STATE_ICONS, type IconSpec } from '../runs/statusIcons';
import { durationBetween, firstLine, formatCount, formatCountInFull, formatDuration, formatRelativeTime, formatTimeWithAgo, plural } from '../shared/format';
import { errorText, firstVisible, markdownLineText, markdownText, treeItemText } from '../shared/text';

/** Which welcome content the Runs view shows when it has no rows (package.json `viewsWelcome` keys on `cargo.viewState`). */
export type ViewState = 'signedOut' | 'loading' | 'ready' | 'empty' | 'unreachable' | 'unreadable' | 'rejected';

/**
 * The welcome content for the root's state. Nothing could be loaded: a refused token, an answer the
 * extension cannot read (Cargo answered: "did not answer" would mislead), or anything else (no answer,
 * an error status). The reason itself goes to the log: VS Code hides welcome content while a view message shows.
 */
export function viewStateOf(state: RootState): ViewState {
  if (state.kind !== 'error') return state.kind;
  if (state.error instanceof CargoAuthError) return 'rejected';
  return state.error instanceof CargoSchemaError ? 'unreadable' : 'unreachable';
}

export type { IconSpec } from '../runs/statusIcons';

export interface ItemPresentation {
  label: string;
  description?: string;
  icon?: IconSpec;
  /** Markdown source in which every piece of run data is escaped. */
  tooltip?: string;
  contextValue: string;
}

const MAX_LABEL = 200;
const MAX_TOOLTIP_TEXT = 1000;

const ICON_RUNNING = STATE_ICONS.running;
const ICON_PENDING = STATE_ICONS.pending;
const ICON_SUCCESS = STATE_ICONS.success;
const ICON_ERROR = STATE_ICONS.error;
const ICON_UNKNOWN = STATE_ICONS.unknown;

export function present(node: ExplorerNode, now: number = Date.now()): ItemPresentation {
  switch (node.kind) {
    case 'workflow':
      return presentWorkflow(node);
    case 'workflowRuns':
      return {
        label: 'All runs',
        icon: { id: 'list-unordered' },
        tooltip:
          'Every run of the workflow, newest first, whether a batch started it or not (runs started on their own, e.g. from VS Code, belong to no batch).',
        contextValue: 'allRuns',
      };
    case 'started':
      return {
        label: 'Started from VS Code',
        description: plural(node.count, 'run'),
        icon: { id: 'history' },
        tooltip: 'Runs started from VS Code in this workspace, newest first (the last 50).',
        contextValue: 'started',
      };
    case 'batch':
      return presentBatch(node, now);
    case 'run':
      return presentRun(node, now);
    case 'execution':
    case 'childExecution':
      return presentExecution(node, now);
    case 'loadMore':
      return {
        label: node.remaining === undefined ? 'Load more…' : `Load more (${formatCount(node.remaining)} remaining)`,
        icon: { id: 'more' },
        contextValue: 'loadMore',
      };
    case 'error':
      return {
        label: errorText(node.error, MAX_LABEL) || 'Could not load this list',
        description: 'Retry',
        icon: { id: 'error', color: 'errorForeground' },
        tooltip: markdownText(errorText(node.error, MAX_TOOLTIP_TEXT)),
        contextValue: 'error',
      };
    case 'message':
      return { label: node.text, contextValue: 'message' };
  }
}

/**
 * Rows made again only when their data changed or a minute went by (their "2 min ago"): the tree asks
 * for a row of every child whenever a list re-renders, and a page more of a long list must cost the page.
 * Within the minute a row reads as it did when made, as rows the tree does not ask for again do.
 */
export class PresentationCache {
  private readonly rows = new WeakMap<ExplorerNode, { data: unknown; minute: number; presentation: ItemPresentation }>();

  present(node: ExplorerNode, now: number = Date.now()): ItemPresentation {
    const data = dataOf(node);
    const minute = Math.floor(now / 60_000);
    const row = this.rows.get(node);
    if (row && row.data === data && row.minute === minute) return row.presentation;
    const presentation = present(node, now);
    this.rows.set(node, { data, minute, presentation });
    return presentation;
  }
}

/** What a node's row is made of, by identity: a new copy of a batch or run is a new row. */
function dataOf(node: ExplorerNode): unknown {
  switch (node.kind) {
    case 'batch':
      return node.batch;
    case 'run':
      return node.run;
    case 'workflow':
      return node.name;
    case 'started':
      return node.count;
    default:
      // Executions, "Load more", errors and messages are made anew with their data.
      return node;
  }
}

function presentWorkflow(node: WorkflowGroupNode): ItemPresentation {
  const name = firstVisible(node.name) ?? 'Unnamed workflow';
  return {
    label: treeItemText(name, MAX_LABEL),
    icon: { id: 'type-hierarchy' },
    tooltip: [`**${markdownLineText(name, MAX_LABEL)}**`, field('Workflow', node.workflowUuid)].join('\n\n'),
    contextValue: 'workflow',
  };
}

/** Batch and run statuses (their names overlap and mean the same) as icons. */
const STATUS_ICONS: Readonly<Record<string, IconSpec>> = {
  idle: ICON_PENDING,
  pending: ICON_PENDING,
  syncing: ICON_RUNNING,
  querying: ICON_RUNNING,
  running: ICON_RUNNING,
  cancelling: ICON_RUNNING,
  success: ICON_SUCCESS,
  error: ICON_ERROR,
  cancelled: STATE_ICONS.cancelled,
  skipped: STATE_ICONS.skipped,
};

export function runStatusIcon(status: Tolerant<string>): IconSpec {
  return STATUS_ICONS[status.known] ?? ICON_UNKNOWN;
}

/** The one rule of a batch's state (runs/batchOutcome.ts): a finished batch with failed runs warns, as the Failures view's header does. */
export function batchStatusIcon(batch: Batch): IconSpec {
  return batchOutcomeIcon(batchOutcome(batch));
}

function presentBatch(node: BatchNode, now: number): ItemPresentation {
  const batch = node.batch;
  const kind = batchKindLabel(batch);
  const workflowName = firstVisible(node.workflowName);
  const counters = [plural(batch.runsCount, 'run')];
  if (batch.failedRunsCount > 0) counters.push(`${formatCount(batch.failedRunsCount)} failed`);
  if (batch.creditsUsedCount) counters.push(plural(batch.creditsUsedCount, 'credit'));
  const unfinished = !isFinishedBatchStatus(batch.status);
  if (unfinished && batch.runsCount > 0) counters.push(`${Math.floor((batch.executedRunsCount / batch.runsCount) * 100)}% done`);
  const outcome = batchOutcome(batch);
  const why =
    batch.runsStatus?.known === 'unhealthy' && outcome === 'someFailed'
      ? ' (unhealthy: many runs failed)'
      : outcome === 'someFailed'
        ? ` (${formatCountInFull(batch.failedRunsCount)} of its runs failed)`
        : outcome === 'skipped'
          ? ' (it did not run, and will have no runs)'
          : '';
  const tooltip = [
    `**${markdownLineText(kind, MAX_LABEL)} batch${workflowName ? ` of ${markdownLineText(workflowName, MAX_LABEL)}` : ''}** — ${statusText(batch.status)}${why}`,
    field('Batch', batch.uuid),
    // The workflow by its name; its uuid only when the name could not be had (Copy UUID has the ids).
    field('Workflow', workflowName ?? batch.workflowUuid),
    field(
      'Runs',
      `${formatCountInFull(batch.runsCount)} (${formatCountInFull(batch.executedRunsCount)} finished, ${formatCountInFull(batch.failedRunsCount)} failed)`,
    ),
    field('Credits', formatCountInFull(batch.creditsUsedCount ?? 0)),
    ...timesFields(batch.createdAt, batch.finishedAt, !unfinished, now),
    ...(batch.errorMessage ? [errorBlock(batch.errorMessage)] : []),
  ];
  return {
    // Under its workflow's group the group names the workflow.
    label: treeItemText(batchLabel(batch, node.parent ? undefined : workflowName, now), MAX_LABEL),
    description: counters.join(' · '),
    icon: batchStatusIcon(batch),
    tooltip: tooltip.join('\n\n'),
    contextValue: `batch:${unfinished ? 'unfinished' : 'finished'}${batch.failedRunsCount > 0 ? ':failed' : ''}`,
  };
}

function presentRun(node: RunNode, now: number): ItemPresentation {
  const run = node.run;
  const unfinished = !isFinishedRunStatus(run.status);
  // A finished run without finishedAt has no end to measure to: its time is unknown, not "until now".
  const duration = unfinished || run.finishedAt ? durationBetween(run.createdAt, run.finishedAt, now) : undefined;
  const credits = runCredits(run);
  const description = [
    unfinished
      ? `${statusText(run.status)}${duration !== undefined ? ` · ${formatDuration(duration)}` : ''}`
      : formatRelativeTime(run.finishedAt ?? run.createdAt, now),
    !unfinished && duration !== undefined ? formatDuration(duration) : undefined,
    credits > 0 ? plural(credits, 'credit') : undefined,
  ].filter((part): part is string => !!part);
  const failed = run.executions.find((execution) => execution.status.known === 'error');
  const failedAt = failed && nodeLabel({ name: graphNodeNames(node).get(failed.nodeUuid), slug: failed.nodeSlug });
  const tooltip = [
    `**${markdownLineText(runName(run), MAX_LABEL)}** — ${statusText(run.status)}`,
    field('Run', run.uuid),
    field('Record id', run.recordId),
    field('Workflow', firstVisible(workflowNameOf(node)) ?? run.workflowUuid),
    ...(run.batchUuid ? [field('Batch', run.batchUuid)] : []),
    ...timesFields(run.createdAt, run.finishedAt, !unfinished, now),
    field('Credits', formatCountInFull(credits)),
    field('Executions', formatCountInFull(run.executions.length)),
    ...(run.errorMessage
      ? [errorBlock(run.errorMessage)]
      : failed?.errorMessage
        ? [`Failed at **${markdownLineText(firstVisible(failedAt) ?? 'a node', MAX_LABEL)}**`, errorBlock(failed.errorMessage)]
        : []),
  ];
  return {
    label: treeItemText(runName(run), MAX_LABEL),
    description: description.join(' · '),
    icon: runStatusIcon(run.status),
    tooltip: tooltip.join('\n\n'),
    contextValue: `run:${unfinished ? 'unfinished' : 'finished'}${run.status.known === 'error' ? ':failed' : ''}${node.parent?.kind === 'started' ? ':started' : ''}`,
  };
}

export function executionStatusIcon(execution: Execution): IconSpec {
  switch (execution.status.known) {
    case 'pending':
      return ICON_RUNNING;
    case 'success':
      return ICON_SUCCESS;
    case 'error':
      return ICON_ERROR;
    default:
      return ICON_UNKNOWN;
  }
}

function presentExecution(node: ExecutionNode | ChildExecutionNode, now: number): ItemPresentation {
  const execution = node.execution;
  const name = firstVisible(node.nodeName, execution.nodeSlug) ?? 'Unnamed node';
  // Its name with its slug beside it, as everywhere a node is named (never its uuid).
  const label = firstVisible(execution.nodeSlug) ? nodeLabel({ name: node.nodeName, slug: execution.nodeSlug }) : name;
  const failed = execution.status.known === 'error';
  const duration = durationBetween(execution.startedAt, execution.finishedAt, now);
  const parts: string[] = [];
  if (failed && execution.errorMessage) parts.push(treeItemText(firstLine(execution.errorMessage)));
  else if (execution.title) parts.push(treeItemText(firstLine(execution.title)));
  if (execution.creditsUsedCount) parts.push(plural(execution.creditsUsedCount, 'credit'));
  const tooltip = [
    `**${markdownLineText(name, MAX_LABEL)}** (${markdownLineText(execution.nodeSlug, MAX_LABEL)}, ${markdownLineText(enumText(execution.nodeKind), MAX_LABEL)}) — ${statusText(execution.status)}`,
    ...(execution.title ? [markdownText(treeItemText(execution.title, MAX_TOOLTIP_TEXT))] : []),
    field('Node', execution.nodeUuid),
    ...(node.kind === 'childExecution' ? [field('Run', node.runUuid)] : []),
    ...(execution.nodeRunUuid ? [field('Started run', execution.nodeRunUuid)] : []),
    ...(execution.startedAt ? [field('Started', formatTimeWithAgo(execution.startedAt, now))] : []),
    ...(execution.finishedAt ? [field('Finished', formatTimeWithAgo(execution.finishedAt, now))] : []),
    ...(duration !== undefined ? [field('Duration', formatDuration(duration))] : []),
    field('Credits', formatCountInFull(execution.creditsUsedCount ?? 0)),
    ...(execution.errorMessage ? [errorBlock(execution.errorMessage)] : []),
  ];
  return {
    label: treeItemText(label, MAX_LABEL),
    description: parts.join(' · '),
    icon: executionStatusIcon(execution),
    tooltip: tooltip.join('\n\n'),
    // A child run's execution is not its run row's: the run row's commands (copy, open in Cargo) are not offered on it.
    contextValue: `${node.kind}:${execution.status.known}${execution.nodeRunUuid ? ':childRun' : ''}`,
  };
}

/** The name of a run's workflow, as the row it is listed under knows it (its batch's, its group's). */
function workflowNameOf(node: RunNode): string | undefined {
  const parent = node.parent as RunNode['parent'] | undefined;
  if (parent?.kind === 'batch') return parent.workflowName;
  return parent?.kind === 'workflowRuns' ? parent.parent.name : undefined;
}

/** What names a run: its record's title, else its id, else the run's uuid. */
function runName(run: Run): string {
  return firstVisible(run.recordTitle, run.recordId, run.uuid) ?? 'Run';
}

function statusText(status: Tolerant<string>): string {
  return status.known === 'unknown' ? `${markdownText(treeItemText(status.raw, 40))} (unknown status)` : status.known;
}

function timesFields(createdAt: string, finishedAt: string | null | undefined, finished: boolean, now: number): string[] {
  const fields = [field('Created', formatTimeWithAgo(createdAt, now) || createdAt)];
  if (finishedAt) fields.push(field('Finished', formatTimeWithAgo(finishedAt, now) || finishedAt));
  else if (finished) fields.push(field('Finished', 'time unknown'));
  // Finished without finishedAt: no end to measure to (counting on from now would be wrong).
  const duration = finished && !finishedAt ? undefined : durationBetween(createdAt, finishedAt, now);
  if (duration !== undefined) fields.push(field(finishedAt ? 'Duration' : 'Running for', formatDuration(duration)));
  return fields;
}

function field(name: string, value: string): string {
  return `${name}: ${markdownText(treeItemText(value, MAX_LABEL))}`;
}

function errorBlock(message: string): string {
  return `$(error) ${markdownText(message, MAX_TOOLTIP_TEXT)}`;
}
