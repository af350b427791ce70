// The batches and runs the runs explorer shows from Cargo's lists, free of VS Code: every batch, or one
// group per workflow (explorer.groupByWorkflow); each item's node is made once and kept across refreshes (stable ids).
import type { Batch, Run } from '../api';
import type { PagedList } from '../core/pagedList';
import type { WorkflowNameMap } from '../runs/workflowNames';
import type { ExplorerFilter } from './explorerFilter';
import { batchMayMatch, filtersRuns } from './explorerFilter';
import type { ExplorerLists } from './explorerLists';
import {
  childNodes,
  emptyListText,
  hasNoRunsForGood,
  type BatchNode,
  type ContainerNode,
  type ExplorerNode,
  type RunNode,
  type RunsContainerNode,
  type WorkflowGroupNode,
  type WorkflowRunsNode,
} from './explorerNodes';

/** What the lists show at the root, once signed in. */
export type ListsState = { kind: 'loading' } | { kind: 'ready' } | { kind: 'empty' } | { kind: 'error'; error: unknown };

/** A list of batches and the node it shows under (undefined: the root). */
export type BatchList = { parent: WorkflowGroupNode | undefined; list: PagedList<Batch> };

export interface BatchesAndRunsContext {
  readonly lists: ExplorerLists;
  groupByWorkflow(): boolean;
  filter(): ExplorerFilter;
  isExpanded(node: ExplorerNode): boolean;
  workflowNames(): Promise<WorkflowNameMap>;
}

function runNodeId(parent: RunsContainerNode, runUuid: string): string {
  return parent.kind === 'batch' ? `run:${runUuid}` : `workflowRun:${runUuid}`;
}

export class BatchesAndRuns {
  private rootBatches: PagedList<Batch>;
  private workflowGroups: WorkflowGroupNode[] | undefined;
  private workflowGroupsLoad: Promise<void> | undefined;
  private workflowGroupsError: unknown;
  /** Workflow names for the batches' rows when they are not grouped: asked once, beside the first page. */
  private names: WorkflowNameMap | undefined;
  private namesLoad: Promise<void> | undefined;
  private readonly batchNodes = new Map<string, BatchNode>();
  private readonly runNodes = new Map<string, RunNode>();
  private readonly madeNodes = new WeakMap<PagedList<{ uuid: string }>, { version: number; nodes: ExplorerNode[] }>();

  constructor(private readonly context: BatchesAndRunsContext) {
    this.rootBatches = context.lists.batches(undefined);
  }

  get state(): ListsState {
    if (this.context.groupByWorkflow()) {
      if (this.workflowGroupsError !== undefined) return { kind: 'error', error: this.workflowGroupsError };
      if (!this.workflowGroups) return { kind: 'loading' };
      return this.workflowGroups.length === 0 ? { kind: 'empty' } : { kind: 'ready' };
    }
    const list = this.rootBatches;
    if (list.error !== undefined && list.items.length === 0) return { kind: 'error', error: list.error };
    if (!list.isLoaded) return { kind: 'loading' };
    return list.items.length === 0 ? { kind: 'empty' } : { kind: 'ready' };
  }

  /** The workflow groups, or the root's batches (with "Load more…", an error or a message); loads the first page when needed. */
  async rootChildren(): Promise<ExplorerNode[]> {
    if (this.context.groupByWorkflow()) {
      await this.ensureWorkflowGroups();
      return this.workflowGroups ?? [];
    }
    // The names come from the one cache, asked beside the first page (not after it): no request per row.
    return this.listChildren(
      undefined,
      this.rootBatches,
      (batch) => this.batchNode(batch, undefined),
      () => this.ensureNames(),
    );
  }

  /** A workflow group's "All runs" and batches, or a batch's (or "All runs") runs; loads the first page when needed. */
  async children(node: WorkflowGroupNode | RunsContainerNode): Promise<ExplorerNode[]> {
    if (node.kind === 'workflow') return [node.allRuns, ...(await this.listChildren(node, node.batches, (batch) => this.batchNode(batch, node)))];
    // A skipped batch, or one that finished with none: its count of runs is final, there is nothing to ask for.
    if (node.kind === 'batch' && hasNoRunsForGood(node.batch) && !node.runs.isLoaded) {
      return [{ kind: 'message', id: `message:${node.id}`, parent: node, text: emptyListText(node, false) ?? 'No runs' }];
    }
    return this.listChildren(node, node.runs, (run) => this.runNode(run, node));
  }

  /** The list shown under a node (the root when undefined), if it has one. */
  listOf(parent: ContainerNode | undefined): PagedList<Batch> | PagedList<Run> | undefined {
    if (parent === undefined) return this.context.groupByWorkflow() ? undefined : this.rootBatches;
    if (parent.kind === 'started') return undefined;
    return parent.kind === 'workflow' ? parent.batches : parent.runs;
  }

  /** The list of batches a batch is in. */
  batchListOf(node: BatchNode): PagedList<Batch> {
    return node.parent ? node.parent.batches : this.rootBatches;
  }

  /** Retry at the root when grouped: the groups are asked for again. */
  forgetWorkflowGroups(): void {
    this.workflowGroupsError = undefined;
    this.workflowGroups = undefined;
  }

  // ---- for the automatic refresh (RefreshHost) -----------------------------------------------

  shownBatchLists(): BatchList[] {
    if (!this.context.groupByWorkflow()) return [{ parent: undefined, list: this.rootBatches }];
    return (this.workflowGroups ?? []).filter((group) => this.context.isExpanded(group)).map((group) => ({ parent: group, list: group.batches }));
  }

  loadedBatchLists(): BatchList[] {
    return this.context.groupByWorkflow()
      ? (this.workflowGroups ?? []).filter((group) => group.batches.isLoaded).map((group) => ({ parent: group, list: group.batches }))
      : [{ parent: undefined, list: this.rootBatches }];
  }

  existingBatchNode(uuid: string): BatchNode | undefined {
    return this.batchNodes.get(uuid);
  }

  existingRunNode(parent: RunsContainerNode, uuid: string): RunNode | undefined {
    return this.runNodes.get(runNodeId(parent, uuid));
  }

  workflowRuns(workflowUuid: string): WorkflowRunsNode | undefined {
    return this.context.groupByWorkflow() ? this.workflowGroups?.find((g) => g.workflowUuid === workflowUuid)?.allRuns : undefined;
  }

  shownWorkflowRuns(): WorkflowRunsNode[] {
    return this.context.groupByWorkflow() ? (this.workflowGroups ?? []).map((g) => g.allRuns).filter((n) => this.context.isExpanded(n)) : [];
  }

  // ---- internals ------------------------------------------------------------------------------

  private async listChildren<T extends { uuid: string }>(
    parent: ContainerNode | undefined,
    list: PagedList<T>,
    toNode: (item: T) => ExplorerNode,
    alongside?: () => Promise<void>,
  ): Promise<ExplorerNode[]> {
    // A list that failed stays failed until the user asks again (Retry, Refresh): no silent retries.
    const loading = !list.isLoaded && list.error === undefined ? list.ensureLoaded() : undefined;
    await Promise.all([loading, alongside?.()]);
    const filter = this.context.filter();
    const made = this.itemNodes(list, toNode);
    // Batches whose counts say they hold no run the filter lets through are left out.
    const shown = made.filter((node) => node.kind !== 'batch' || batchMayMatch(node.batch, filter));
    return childNodes(parent, list, shown, emptyListText(parent, filtersRuns(filter), made.length - shown.length));
  }

  /** The workflow names, once per reset; none when they cannot be had (the rows show the data kind alone). */
  private ensureNames(): Promise<void> {
    if (this.names) return Promise.resolve();
    if (!this.namesLoad) {
      const load: Promise<void> = this.context.workflowNames().then(
        (names) => this.keepNames(load, names),
        () => this.keepNames(load, new Map()),
      );
      this.namesLoad = load;
    }
    return this.namesLoad;
  }

  /** Names that came for the lists as they still are (not for those a reset dropped meanwhile). */
  private keepNames(load: Promise<void>, names: WorkflowNameMap): void {
    if (this.namesLoad === load) this.names = names;
  }

  /**
   * The nodes of a list's items, made once per item: a page more maps that page only. Items replaced
   * in place keep their node (the refresh updates its data); when items move, they are mapped again.
   */
  private itemNodes<T extends { uuid: string }>(list: PagedList<T>, toNode: (item: T) => ExplorerNode): readonly ExplorerNode[] {
    let made = this.madeNodes.get(list);
    if (!made || made.version !== list.version || made.nodes.length > list.items.length) {
      made = { version: list.version, nodes: [] };
      this.madeNodes.set(list, made);
    }
    const { items } = list;
    for (let i = made.nodes.length; i < items.length; i++) made.nodes.push(toNode(items[i] as T));
    return made.nodes;
  }

  private batchNode(batch: Batch, parent: WorkflowGroupNode | undefined): BatchNode {
    const existing = this.batchNodes.get(batch.uuid);
    if (existing && existing.parent === parent) {
      existing.batch = batch;
      return existing;
    }
    const node: BatchNode = {
      kind: 'batch',
      id: `batch:${batch.uuid}`,
      parent,
      batch,
      runs: this.context.lists.runs({ batchUuid: batch.uuid }),
      workflowName: parent ? parent.name : this.names?.get(batch.workflowUuid),
    };
    this.batchNodes.set(batch.uuid, node);
    return node;
  }

  /** A run under a batch, or under its workflow's "All runs": two rows of one run have two ids. */
  private runNode(run: Run, parent: RunsContainerNode): RunNode {
    const id = runNodeId(parent, run.uuid);
    const existing = this.runNodes.get(id);
    if (existing && existing.parent === parent) {
      existing.run = run;
      return existing;
    }
    const node: RunNode = { kind: 'run', id, parent, run };
    this.runNodes.set(id, node);
    return node;
  }

  private async ensureWorkflowGroups(): Promise<void> {
    if (this.workflowGroups && this.workflowGroupsError === undefined) return;
    this.workflowGroupsLoad ??= (async () => {
      try {
        this.workflowGroups = await this.context.lists.workflowGroups(this.context.workflowNames());
        this.workflowGroupsError = undefined;
      } catch (error) {
        this.workflowGroupsError = error;
      } finally {
        this.workflowGroupsLoad = undefined;
      }
    })();
    await this.workflowGroupsLoad;
  }

  /** Everything fetched afresh: the lists are disposed and made again, their nodes forgotten. */
  reset(): void {
    this.rootBatches.dispose();
    for (const node of this.batchNodes.values()) node.runs.dispose();
    for (const group of this.workflowGroups ?? []) {
      group.batches.dispose();
      group.allRuns.runs.dispose();
    }
    this.rootBatches = this.context.lists.batches(undefined);
    this.batchNodes.clear();
    this.runNodes.clear();
    this.workflowGroups = undefined;
    this.workflowGroupsError = undefined;
    this.names = undefined;
    this.namesLoad = undefined;
  }

  dispose(): void {
    this.rootBatches.dispose();
    for (const node of this.batchNodes.values()) node.runs.dispose();
  }
}
