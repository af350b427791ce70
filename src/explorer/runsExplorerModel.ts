// The runs explorer's state without VS Code's UI types: what to show under each node, loaded one
// page per request, kept in place across refreshes (stable ids), and the polling of what is
// unfinished and visible. The tree provider adapts this to vscode.TreeDataProvider.
import { CargoRateLimitError, isFinishedBatchStatus, isFinishedRunStatus, type Batch, type CargoClient, type Run } from '../api';
import type { ExplorerFilter } from './explorerFilter';
import { NO_FILTER, filtersRuns } from './explorerFilter';
import type { BatchNode, ContainerNode, ExecutionNode, ExplorerNode, RunNode, WorkflowGroupNode } from './explorerNodes';
import { PagedList } from '../core/pagedList';
import { fetchWorkflowNames } from '../core/workflowNames';
import type { PollOutcome } from '../core/poller';

export type RootState = { kind: 'signedOut' } | { kind: 'loading' } | { kind: 'ready' } | { kind: 'empty' } | { kind: 'error'; error: unknown };

export interface ExplorerSettings {
  pageSize: number;
  groupByWorkflow: boolean;
}

/** Names of workflows, from the plays and tools that own them. */
export type WorkflowNames = Map<string, string>;

type Listener = (node: ExplorerNode | undefined) => void;

type WatchedList =
  { kind: 'batches'; parent: WorkflowGroupNode | undefined; list: PagedList<Batch> } | { kind: 'runs'; parent: BatchNode; list: PagedList<Run> };

export class RunsExplorerModel {
  private client: CargoClient | undefined;
  private filter: ExplorerFilter = NO_FILTER;
  private rootBatches: PagedList<Batch>;
  private workflowGroups: WorkflowGroupNode[] | undefined;
  private workflowGroupsLoad: Promise<void> | undefined;
  private workflowGroupsError: unknown;
  private names: WorkflowNames | undefined;
  private namesLoad: Promise<WorkflowNames> | undefined;
  private readonly batchNodes = new Map<string, BatchNode>();
  private readonly runNodes = new Map<string, RunNode>();
  private readonly expanded = new Set<string>();
  private readonly listeners = new Set<Listener>();

  constructor(private settings: ExplorerSettings) {
    this.rootBatches = this.batchList(undefined);
  }

  // ---- configuration ---------------------------------------------------------------------------

  /** A new client (sign-in, settings change) or none (signed out): everything is fetched afresh. */
  setClient(client: CargoClient | undefined): void {
    this.client = client;
    this.resetAll();
  }

  get hasClient(): boolean {
    return this.client !== undefined;
  }

  setSettings(settings: ExplorerSettings): void {
    const changed = settings.pageSize !== this.settings.pageSize || settings.groupByWorkflow !== this.settings.groupByWorkflow;
    this.settings = settings;
    if (changed) this.resetAll();
  }

  get groupByWorkflow(): boolean {
    return this.settings.groupByWorkflow;
  }

  get currentFilter(): ExplorerFilter {
    return this.filter;
  }

  setFilter(filter: ExplorerFilter): void {
    this.filter = filter;
    this.resetAll();
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  // ---- what the tree shows --------------------------------------------------------------------

  get rootState(): RootState {
    if (!this.client) return { kind: 'signedOut' };
    if (this.settings.groupByWorkflow) {
      if (this.workflowGroupsError !== undefined) return { kind: 'error', error: this.workflowGroupsError };
      if (!this.workflowGroups) return { kind: 'loading' };
      return this.workflowGroups.length === 0 ? { kind: 'empty' } : { kind: 'ready' };
    }
    const list = this.rootBatches;
    if (list.error !== undefined && list.items.length === 0) return { kind: 'error', error: list.error };
    if (!list.isLoaded) return { kind: 'loading' };
    return list.items.length === 0 ? { kind: 'empty' } : { kind: 'ready' };
  }

  /** Children of a node (the root when undefined); loads the first page when needed. */
  async children(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!this.client) return [];
    if (node === undefined) {
      if (this.settings.groupByWorkflow) {
        await this.ensureWorkflowGroups();
        return this.workflowGroups ?? [];
      }
      const roots = await this.listChildren(undefined, this.rootBatches, (batch) => this.batchNode(batch, undefined));
      // Nothing loaded at all: the view's welcome content explains the failure, with Retry.
      return this.rootState.kind === 'error' ? [] : roots;
    }
    switch (node.kind) {
      case 'workflow':
        return this.listChildren(node, node.batches, (batch) => this.batchNode(batch, node));
      case 'batch':
        return this.listChildren(node, node.runs, (run) => this.runNode(run, node));
      case 'run':
        return this.executionNodes(node);
      default:
        return [];
    }
  }

  /** Whether a node has children to expand into. */
  isExpandable(node: ExplorerNode): boolean {
    if (node.kind === 'workflow' || node.kind === 'batch') return true;
    return node.kind === 'run' && node.run.executions.length > 0;
  }

  setExpanded(node: ExplorerNode, expanded: boolean): void {
    if (expanded) this.expanded.add(node.id);
    else this.expanded.delete(node.id);
  }

  isExpanded(node: ExplorerNode): boolean {
    return this.expanded.has(node.id);
  }

  /** Names of workflows (plays' and tools' names), fetched once per client. */
  loadWorkflowNames(): Promise<WorkflowNames> {
    const client = this.client;
    if (!client) return Promise.resolve(new Map());
    if (this.names) return Promise.resolve(this.names);
    this.namesLoad ??= (async () => {
      const names = await fetchWorkflowNames(client);
      if (this.client === client) this.names = names;
      return names;
    })().finally(() => {
      this.namesLoad = undefined;
    });
    return this.namesLoad;
  }

  // ---- user actions ---------------------------------------------------------------------------

  async loadMore(parent: ContainerNode | undefined): Promise<void> {
    const list = this.listOf(parent);
    if (!list) return;
    await list.loadMore();
    this.fire(parent);
  }

  /** Retry after an error: reloads what failed under this parent (or the root). */
  async retry(parent: ContainerNode | undefined): Promise<void> {
    if (parent === undefined && this.settings.groupByWorkflow) {
      this.workflowGroupsError = undefined;
      this.workflowGroups = undefined;
      this.fire(undefined);
      return;
    }
    const list = this.listOf(parent);
    if (!list) return;
    if (list.isLoaded) await list.loadMore();
    else await list.ensureLoaded();
    this.fire(parent);
  }

  /** Refresh from the Refresh button: everything fetched afresh, expansion kept (stable ids). */
  refreshAll(): void {
    this.resetAll();
  }

  /** Refresh one node: a batch or workflow group reloads its list; a run reloads its batch's runs. */
  async refreshNode(node: ExplorerNode): Promise<void> {
    const container = node.kind === 'run' ? node.parent : node.kind === 'batch' || node.kind === 'workflow' ? node : undefined;
    if (!container) return this.refreshAll();
    const list = this.listOf(container);
    if (!list) return;
    try {
      await list.reload(() => false);
    } catch (error) {
      list.error = error;
    }
    this.fire(container);
  }

  /** Reloads the batch itself (through the list it is in) and its runs, e.g. after cancelling it. */
  async refreshBatch(node: BatchNode): Promise<void> {
    const list = node.parent ? node.parent.batches : this.rootBatches;
    try {
      await this.reloadBatches(node.parent, list, new AbortController().signal);
    } catch {
      // Shown as it was; the user can refresh again.
    }
    await this.refreshNode(node);
  }

  // ---- automatic refresh ----------------------------------------------------------------------

  /** Whether anything visible (root items, children of expanded nodes) is unfinished. */
  hasUnfinishedVisible(): boolean {
    return this.watchedLists().length > 0;
  }

  /**
   * One automatic refresh: reloads only lists that show unfinished items, and reports changes to
   * the listeners node by node. A 429 is passed on as the time to wait.
   */
  async poll(signal: AbortSignal): Promise<PollOutcome> {
    let changed = false;
    let retryAfterMs: number | undefined;
    for (const watched of this.watchedLists()) {
      if (signal.aborted) break;
      try {
        const fired =
          watched.kind === 'batches'
            ? await this.reloadBatches(watched.parent, watched.list, signal)
            : await this.reloadRuns(watched.parent, watched.list, signal);
        changed ||= fired;
      } catch (error) {
        if (error instanceof CargoRateLimitError) {
          retryAfterMs = Math.max(retryAfterMs ?? 0, error.retryAfterMs ?? 0);
          break;
        }
        // A failed background refresh keeps what is shown; the next poll tries again.
      }
    }
    return retryAfterMs === undefined ? { changed } : { changed, retryAfterMs };
  }

  private watchedLists(): WatchedList[] {
    if (!this.client) return [];
    const watched: WatchedList[] = [];
    const batchLists: { parent: WorkflowGroupNode | undefined; list: PagedList<Batch> }[] = [];
    if (this.settings.groupByWorkflow) {
      for (const group of this.workflowGroups ?? []) if (this.expanded.has(group.id)) batchLists.push({ parent: group, list: group.batches });
    } else {
      batchLists.push({ parent: undefined, list: this.rootBatches });
    }
    for (const { parent, list } of batchLists) {
      if (!list.isLoaded) continue;
      if (list.items.some((batch) => !isFinishedBatchStatus(batch.status))) watched.push({ kind: 'batches', parent, list });
      for (const batch of list.items) {
        const node = this.batchNodes.get(batch.uuid);
        if (!node || !this.expanded.has(node.id) || !node.runs.isLoaded) continue;
        const unfinished = !isFinishedBatchStatus(batch.status) || node.runs.items.some((run) => !isFinishedRunStatus(run.status));
        if (unfinished) watched.push({ kind: 'runs', parent: node, list: node.runs });
      }
    }
    return watched;
  }

  /** Reloads a list of batches; tells listeners about each batch that changed. Resolves to whether any did. */
  private reloadBatches(parent: WorkflowGroupNode | undefined, list: PagedList<Batch>, signal: AbortSignal): Promise<boolean> {
    return this.reloadList(parent, list, sameBatch, signal, (batch) => {
      const node = this.batchNodes.get(batch.uuid);
      if (node) node.batch = batch;
      return node;
    });
  }

  /** Reloads a batch's runs; tells listeners about each run that changed. Resolves to whether any did. */
  private reloadRuns(parent: BatchNode, list: PagedList<Run>, signal: AbortSignal): Promise<boolean> {
    return this.reloadList(parent, list, sameRun, signal, (run) => {
      const node = this.runNodes.get(run.uuid);
      if (node) node.run = run;
      return node;
    });
  }

  /**
   * Reloads a list in place. A change of members re-renders the parent; otherwise only the nodes
   * whose data changed are updated (through `update`) and re-rendered.
   */
  private async reloadList<T extends { uuid: string }>(
    parent: ContainerNode | undefined,
    list: PagedList<T>,
    same: (a: T, b: T) => boolean,
    signal: AbortSignal,
    update: (item: T) => ExplorerNode | undefined,
  ): Promise<boolean> {
    const before = new Map(list.items.map((item) => [item.uuid, item]));
    if (!(await list.reload(same, signal))) return false;
    if (!sameMembers(list.items, before)) {
      this.fire(parent);
      return true;
    }
    for (const item of list.items) {
      const previous = before.get(item.uuid);
      if (previous && same(previous, item)) continue;
      const node = update(item);
      if (node) this.fire(node);
    }
    return true;
  }

  // ---- internals ------------------------------------------------------------------------------

  private listChildren<T, N extends ExplorerNode>(parent: ContainerNode | undefined, list: PagedList<T>, toNode: (item: T) => N): Promise<ExplorerNode[]> {
    return (async () => {
      // A list that failed stays failed until the user asks again (Retry, Refresh): no silent retries.
      if (!list.isLoaded && list.error === undefined) await list.ensureLoaded();
      const parentId = parent?.id ?? 'root';
      const nodes: ExplorerNode[] = list.items.map(toNode);
      if (list.error !== undefined) {
        nodes.push({ kind: 'error', id: `error:${parentId}`, parent, error: list.error });
      } else if (list.hasMore) {
        nodes.push({ kind: 'loadMore', id: `more:${parentId}`, parent, remaining: list.remaining });
      } else if (nodes.length === 0 && parent !== undefined) {
        nodes.push({ kind: 'message', id: `message:${parentId}`, parent, text: this.emptyText(parent) });
      }
      return nodes;
    })();
  }

  private emptyText(parent: ContainerNode): string {
    if (parent.kind === 'workflow') return 'No batches';
    return filtersRuns(this.filter) ? 'No runs match the filter' : 'No runs yet';
  }

  private executionNodes(node: RunNode): ExecutionNode[] {
    const graph = node.run.nodes ?? node.parent.batch.nodes ?? [];
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

  private batchNode(batch: Batch, parent: WorkflowGroupNode | undefined): BatchNode {
    const existing = this.batchNodes.get(batch.uuid);
    if (existing && existing.parent === parent) {
      existing.batch = batch;
      return existing;
    }
    const node: BatchNode = { kind: 'batch', id: `batch:${batch.uuid}`, parent, batch, runs: this.runList(batch.uuid) };
    this.batchNodes.set(batch.uuid, node);
    return node;
  }

  private runNode(run: Run, parent: BatchNode): RunNode {
    const existing = this.runNodes.get(run.uuid);
    if (existing && existing.parent === parent) {
      existing.run = run;
      return existing;
    }
    const node: RunNode = { kind: 'run', id: `run:${run.uuid}`, parent, run };
    this.runNodes.set(run.uuid, node);
    return node;
  }

  private batchList(workflowUuid: string | undefined): PagedList<Batch> {
    return new PagedList<Batch>(async (offset, limit, signal) => {
      const client = this.requireClient();
      const workflowUuids = workflowUuid ? [workflowUuid] : this.filter.workflow ? [this.filter.workflow.uuid] : undefined;
      const batches = await client.listBatches({ limit, offset, ...(workflowUuids ? { workflowUuids } : {}) }, signal);
      return { items: batches };
    }, this.settings.pageSize);
  }

  private runList(batchUuid: string): PagedList<Run> {
    return new PagedList<Run>(async (offset, limit, signal) => {
      const client = this.requireClient();
      const { runStatuses, recordQuery } = this.filter;
      const page = await client.listRuns(
        {
          batchUuid,
          limit,
          offset,
          ...(runStatuses.length > 0 ? { statuses: [...runStatuses] } : {}),
          ...(recordQuery ? { recordTitleOrId: recordQuery } : {}),
        },
        signal,
      );
      return { items: page.runs, total: page.count };
    }, this.settings.pageSize);
  }

  private async ensureWorkflowGroups(): Promise<void> {
    if (this.workflowGroups && this.workflowGroupsError === undefined) return;
    this.workflowGroupsLoad ??= (async () => {
      const client = this.requireClient();
      try {
        const [workflows, names] = await Promise.all([client.listWorkflows(), this.loadWorkflowNames()]);
        const groups = workflows
          .filter((workflow) => !workflow.deletedAt && (!this.filter.workflow || this.filter.workflow.uuid === workflow.uuid))
          .map((workflow): WorkflowGroupNode => ({
            kind: 'workflow',
            id: `workflow:${workflow.uuid}`,
            parent: undefined,
            workflowUuid: workflow.uuid,
            name: names.get(workflow.uuid) ?? `Workflow ${workflow.uuid.slice(0, 8)}`,
            batches: this.batchList(workflow.uuid),
          }))
          .sort((a, b) => a.name.localeCompare(b.name));
        this.workflowGroups = groups;
        this.workflowGroupsError = undefined;
      } catch (error) {
        this.workflowGroupsError = error;
      } finally {
        this.workflowGroupsLoad = undefined;
      }
    })();
    await this.workflowGroupsLoad;
  }

  private listOf(parent: ContainerNode | undefined): PagedList<Batch> | PagedList<Run> | undefined {
    if (parent === undefined) return this.settings.groupByWorkflow ? undefined : this.rootBatches;
    return parent.kind === 'workflow' ? parent.batches : parent.runs;
  }

  private requireClient(): CargoClient {
    if (!this.client) throw new Error('Not signed in to Cargo.');
    return this.client;
  }

  private resetAll(): void {
    this.rootBatches.dispose();
    for (const node of this.batchNodes.values()) node.runs.dispose();
    for (const group of this.workflowGroups ?? []) group.batches.dispose();
    this.rootBatches = this.batchList(undefined);
    this.batchNodes.clear();
    this.runNodes.clear();
    this.workflowGroups = undefined;
    this.workflowGroupsError = undefined;
    this.names = undefined;
    this.fire(undefined);
  }

  private fire(node: ExplorerNode | undefined): void {
    for (const listener of this.listeners) listener(node);
  }

  dispose(): void {
    this.rootBatches.dispose();
    for (const node of this.batchNodes.values()) node.runs.dispose();
    this.listeners.clear();
  }
}

function sameMembers(items: readonly { uuid: string }[], before: ReadonlyMap<string, unknown>): boolean {
  return items.length === before.size && items.every((item) => before.has(item.uuid));
}

function sameBatch(a: Batch, b: Batch): boolean {
  return (
    a.uuid === b.uuid &&
    a.updatedAt === b.updatedAt &&
    a.status.raw === b.status.raw &&
    a.runsStatus?.raw === b.runsStatus?.raw &&
    a.runsCount === b.runsCount &&
    a.executedRunsCount === b.executedRunsCount &&
    a.failedRunsCount === b.failedRunsCount &&
    a.creditsUsedCount === b.creditsUsedCount &&
    a.finishedAt === b.finishedAt
  );
}

function sameRun(a: Run, b: Run): boolean {
  return (
    a.uuid === b.uuid &&
    a.updatedAt === b.updatedAt &&
    a.status.raw === b.status.raw &&
    a.finishedAt === b.finishedAt &&
    a.executions.length === b.executions.length &&
    a.executions.every((execution, i) => execution.status.raw === b.executions[i]?.status.raw && execution.updatedAt === b.executions[i]?.updatedAt)
  );
}
