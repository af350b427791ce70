// The nodes of the runs explorer: plain data with stable ids, shared by the model and the tree.
import { isFinishedBatchStatus, type Batch, type Execution, type Run } from '../api';
import type { PagedList } from '../core/pagedList';

export interface WorkflowGroupNode {
  readonly kind: 'workflow';
  readonly id: string;
  readonly parent: undefined;
  readonly workflowUuid: string;
  name: string;
  readonly batches: PagedList<Batch>;
  /** "All runs" of the workflow, batch or not (runs started on their own belong to no batch). Set right after the group is made. */
  allRuns: WorkflowRunsNode;
}

/** A workflow's runs, newest first, from runs/list: the way to find runs that belong to no batch. */
export interface WorkflowRunsNode {
  readonly kind: 'workflowRuns';
  readonly id: string;
  readonly parent: WorkflowGroupNode;
  readonly runs: PagedList<Run>;
}

export interface BatchNode {
  readonly kind: 'batch';
  readonly id: string;
  readonly parent: WorkflowGroupNode | undefined;
  batch: Batch;
  readonly runs: PagedList<Run>;
  /** Its workflow's name, from the one cache of names (its group's, when grouped); undefined when it could not be had. */
  workflowName?: string | undefined;
}

/** "Started from VS Code": the runs started from the editor, which belong to no batch. */
export interface StartedGroupNode {
  readonly kind: 'started';
  readonly id: string;
  readonly parent: undefined;
  readonly count: number;
}

export interface RunNode {
  readonly kind: 'run';
  readonly id: string;
  readonly parent: BatchNode | StartedGroupNode | WorkflowRunsNode;
  run: Run;
}

export interface ExecutionNode {
  readonly kind: 'execution';
  readonly id: string;
  readonly parent: RunNode;
  readonly execution: Execution;
  readonly index: number;
  /** The node's name from the workflow graph, when the run or batch carries it. */
  readonly nodeName: string | undefined;
}

/**
 * An execution of a run that a tool or agent execution started (its nodeRunUuid), read from the spans of
 * the trace of the run row it is under: shown under the execution that started its run, at any depth.
 */
export interface ChildExecutionNode {
  readonly kind: 'childExecution';
  readonly id: string;
  readonly parent: StartingExecutionNode;
  /** The run it is an execution of (the child run). */
  readonly runUuid: string;
  readonly execution: Execution;
  readonly index: number;
  /** The child run's node names are not loaded: its rows name nodes by slug. */
  readonly nodeName: undefined;
}

/** An execution row that may have started a run: a run's own, or a child run's. */
export type StartingExecutionNode = ExecutionNode | ChildExecutionNode;

/** "Load more…" after a partly loaded list. */
export interface LoadMoreNode {
  readonly kind: 'loadMore';
  readonly id: string;
  readonly parent: ContainerNode | undefined;
  readonly remaining: number | undefined;
}

/** Loading a list failed: the message, with Retry. */
export interface ErrorNode {
  readonly kind: 'error';
  readonly id: string;
  readonly parent: ContainerNode | StartingExecutionNode | undefined;
  readonly error: unknown;
}

/** A line of text in place of children, e.g. "No runs match the filter". */
export interface MessageNode {
  readonly kind: 'message';
  readonly id: string;
  readonly parent: ContainerNode | StartingExecutionNode | undefined;
  readonly text: string;
}

export type ContainerNode = WorkflowGroupNode | BatchNode | StartedGroupNode | WorkflowRunsNode;
export type ExplorerNode =
  WorkflowGroupNode | BatchNode | StartedGroupNode | WorkflowRunsNode | RunNode | ExecutionNode | ChildExecutionNode | LoadMoreNode | ErrorNode | MessageNode;
/** Containers whose list is of runs. */
export type RunsContainerNode = BatchNode | WorkflowRunsNode;

/**
 * The rows under a container from its list as loaded: the nodes of its items (`itemNodes`, in the
 * list's order), then "Load more…", the error with Retry, or `emptyText` when there is nothing to show.
 */
export function childNodes<T extends { uuid: string }>(
  parent: ContainerNode | undefined,
  list: PagedList<T>,
  itemNodes: readonly ExplorerNode[],
  emptyText: string | undefined,
): ExplorerNode[] {
  const parentId = parent?.id ?? 'root';
  const nodes = itemNodes.slice();
  if (list.error !== undefined) {
    nodes.push({ kind: 'error', id: `error:${parentId}`, parent, error: list.error });
  } else if (list.hasMore) {
    nodes.push({ kind: 'loadMore', id: `more:${parentId}`, parent, remaining: list.remaining });
  } else if (nodes.length === 0 && emptyText !== undefined) {
    nodes.push({ kind: 'message', id: `message:${parentId}`, parent, text: emptyText });
  }
  return nodes;
}

/** A finished batch with no runs: its count is final, so its (empty) list of runs need not be asked for. */
export function hasNoRunsForGood(batch: Batch): boolean {
  return batch.runsCount === 0 && isFinishedBatchStatus(batch.status);
}

/**
 * What a container with nothing to show says, or undefined for nothing (the root, whose welcome
 * content speaks, unless the filter hid every batch loaded). `runsFiltered`: the filter narrows runs;
 * `hiddenBatches`: batches loaded but not shown, their counts saying they hold no run the filter matches.
 */
export function emptyListText(parent: ContainerNode | undefined, runsFiltered: boolean, hiddenBatches = 0): string | undefined {
  if (parent === undefined || parent.kind === 'workflow') {
    if (hiddenBatches > 0) return 'No batch has runs that match the filter';
    return parent === undefined ? undefined : 'No batches';
  }
  if (parent.kind === 'batch' && parent.batch.status.known === 'skipped') return 'Skipped: it will never have runs';
  if (runsFiltered) return 'No runs match the filter';
  if (parent.kind === 'batch' && hasNoRunsForGood(parent.batch)) return 'No runs: the batch finished without any';
  return 'No runs yet';
}

/** The names of the nodes in a run's graph (or its batch's), by node uuid; undefined where the graph gives none. */
export function graphNodeNames(node: RunNode): ReadonlyMap<string, string | undefined> {
  const graph = node.run.nodes ?? (node.parent?.kind === 'batch' ? node.parent.batch.nodes : undefined) ?? [];
  return new Map(graph.map((n) => [n.uuid, n.name ?? undefined]));
}

/** A run's node executions, in order, named after their node in the run's (or batch's) graph. */
export function executionNodes(node: RunNode): ExecutionNode[] {
  const names = graphNodeNames(node);
  return node.run.executions.map((execution, index) => ({
    kind: 'execution',
    id: `exec:${node.run.uuid}:${index}`,
    parent: node,
    execution,
    index,
    nodeName: names.get(execution.nodeUuid) ?? undefined,
  }));
}
