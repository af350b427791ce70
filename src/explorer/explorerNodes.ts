// The nodes of the runs explorer: plain data with stable ids, shared by the model and the tree.
import type { Batch, Execution, Run } from '../api';
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
  readonly parent: ContainerNode | undefined;
  readonly error: unknown;
}

/** A line of text in place of children, e.g. "No runs match the filter". */
export interface MessageNode {
  readonly kind: 'message';
  readonly id: string;
  readonly parent: ContainerNode | undefined;
  readonly text: string;
}

export type ContainerNode = WorkflowGroupNode | BatchNode | StartedGroupNode | WorkflowRunsNode;
export type ExplorerNode =
  WorkflowGroupNode | BatchNode | StartedGroupNode | WorkflowRunsNode | RunNode | ExecutionNode | LoadMoreNode | ErrorNode | MessageNode;
/** Containers whose list is of runs. */
export type RunsContainerNode = BatchNode | WorkflowRunsNode;

/**
 * The rows under a container from its list as loaded: the nodes of its items (`itemNodes`, in the
 * list's order), then "Load more…", the error with Retry, or a message when there is nothing
 * (`runsFiltered`: the filter hides runs).
 */
export function childNodes<T extends { uuid: string }>(
  parent: ContainerNode | undefined,
  list: PagedList<T>,
  itemNodes: readonly ExplorerNode[],
  runsFiltered: boolean,
): ExplorerNode[] {
  const parentId = parent?.id ?? 'root';
  const nodes = itemNodes.slice();
  if (list.error !== undefined) {
    nodes.push({ kind: 'error', id: `error:${parentId}`, parent, error: list.error });
  } else if (list.hasMore) {
    nodes.push({ kind: 'loadMore', id: `more:${parentId}`, parent, remaining: list.remaining });
  } else if (nodes.length === 0 && parent !== undefined) {
    const text = parent.kind === 'workflow' ? 'No batches' : runsFiltered ? 'No runs match the filter' : 'No runs yet';
    nodes.push({ kind: 'message', id: `message:${parentId}`, parent, text });
  }
  return nodes;
}

/** A run's node executions, in order, named after their node in the run's (or batch's) graph. */
export function executionNodes(node: RunNode): ExecutionNode[] {
  const graph = node.run.nodes ?? (node.parent.kind === 'batch' ? node.parent.batch.nodes : undefined) ?? [];
  const names = new Map(graph.map((n) => [n.uuid, n.name ?? undefined]));
  return node.run.executions.map((execution, index) => ({
    kind: 'execution',
    id: `exec:${node.run.uuid}:${index}`,
    parent: node,
    execution,
    index,
    nodeName: names.get(execution.nodeUuid) ?? undefined,
  }));
}
