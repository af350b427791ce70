// The runs explorer's state without VS Code's UI types: what to show under each node, loaded one
// page per request and kept in place across refreshes (stable ids). Its client comes from the
// ClientSource; the automatic refresh is its other half (explorerRefresh.ts). The tree provider
// adapts this to vscode.TreeDataProvider.
import type { Batch, CargoClient, Run } from '../api';
import type { ClientSource, Disposable } from '../core/clientSource';
import type { PagedList } from '../core/pagedList';
import type { PollOutcome } from '../core/poller';
import type { WorkflowNameMap, WorkflowNames } from '../runs/workflowNames';
import type { ExplorerFilter } from './explorerFilter';
import { NO_FILTER, filtersRuns } from './explorerFilter';
import {
  childNodes,
  executionNodes,
  type BatchNode,
  type ContainerNode,
  type ExplorerNode,
  type RunNode,
  type RunsContainerNode,
  type StartedGroupNode,
  type WorkflowGroupNode,
} from './explorerNodes';
import { ExplorerLists } from './explorerLists';
import { ExplorerRefresh, type RefreshHost, type RefreshProblem } from './explorerRefresh';

export type RootState =
  | { kind: 'signedOut' }
  /** Cargo refused the stored token; nothing is asked until the user signs in again (or retries). */
  | { kind: 'rejected' }
  | { kind: 'loading' }
  | { kind: 'ready' }
  | { kind: 'empty' }
  | { kind: 'error'; error: unknown };

export interface ExplorerSettings {
  pageSize: number;
  groupByWorkflow: boolean;
}

type Listener = (node: ExplorerNode | undefined) => void;

/** The runs started from VS Code (src/startedRuns), as the explorer shows them: kept up to date by their owner. */
export interface StartedRunsSource {
  readonly list: readonly { readonly entry: { readonly uuid: string }; readonly run: Run | undefined }[];
  /** Why they could not be loaded, if they could not. */
  readonly error: unknown;
  ensureLoaded(): Promise<void>;
  refresh(): Promise<void>;
  onDidChange(listener: () => void): Disposable;
}

const STARTED_GROUP_ID = 'started';

function runNodeId(parent: RunsContainerNode, runUuid: string): string {
  return parent.kind === 'batch' ? `run:${runUuid}` : `workflowRun:${runUuid}`;
}

export class RunsExplorerModel implements Disposable {
  private client: CargoClient | undefined;
  private rejected = false;
  /** The connection being read; what the tree asks waits for it. */
  private connecting: Promise<void>;
  private filter: ExplorerFilter = NO_FILTER;
  private rootBatches: PagedList<Batch>;
  private workflowGroups: WorkflowGroupNode[] | undefined;
  private workflowGroupsLoad: Promise<void> | undefined;
  private workflowGroupsError: unknown;
  private readonly batchNodes = new Map<string, BatchNode>();
  private readonly runNodes = new Map<string, RunNode>();
  private readonly expanded = new Set<string>();
  private readonly listeners = new Set<Listener>();
  private readonly refresher: ExplorerRefresh;
  private readonly lists: ExplorerLists;
  private readonly subscriptions: Disposable[] = [];
  private readonly startedRunNodes = new Map<string, RunNode>();
  private readonly madeNodes = new WeakMap<PagedList<{ uuid: string }>, { version: number; nodes: ExplorerNode[] }>();
  private startedGroup: StartedGroupNode | undefined;

  constructor(
    private settings: ExplorerSettings,
    private readonly clients: ClientSource,
    private readonly names: WorkflowNames,
    private readonly started?: StartedRunsSource,
  ) {
    this.lists = new ExplorerLists({
      clients,
      client: () => this.client,
      filter: () => this.filter,
      pageSize: () => this.settings.pageSize,
      loaded: (items) => this.refresher.noteLoaded(items),
    });
    this.rootBatches = this.lists.batches(undefined);
    const host: RefreshHost = {
      hasClient: () => this.client !== undefined,
      client: () => this.client,
      filter: () => this.filter,
      shownBatchLists: () => this.shownBatchLists(),
      loadedBatchLists: () =>
        this.settings.groupByWorkflow
          ? (this.workflowGroups ?? []).filter((group) => group.batches.isLoaded).map((group) => ({ parent: group, list: group.batches }))
          : [{ parent: undefined, list: this.rootBatches }],
      batchNode: (uuid) => this.batchNodes.get(uuid),
      runNode: (parent, uuid) => this.runNodes.get(runNodeId(parent, uuid)),
      workflowRuns: (workflowUuid) => (this.settings.groupByWorkflow ? this.workflowGroups?.find((g) => g.workflowUuid === workflowUuid)?.allRuns : undefined),
      shownWorkflowRuns: () => (this.settings.groupByWorkflow ? (this.workflowGroups ?? []).map((g) => g.allRuns).filter((n) => this.expanded.has(n.id)) : []),
      isExpanded: (node) => this.isExpanded(node),
      fire: (node) => this.fire(node),
    };
    this.refresher = new ExplorerRefresh(host, clients);
    // The started runs show open until the user folds them.
    this.expanded.add(STARTED_GROUP_ID);
    // Sign-in, sign-out, another base URL, a refused token: everything is fetched afresh.
    this.subscriptions.push(
      clients.onDidChange(() => {
        this.connecting = this.connect();
      }),
    );
    if (started) this.subscriptions.push(started.onDidChange(() => this.startedChanged()));
    this.connecting = this.connect();
  }

  // ---- configuration ---------------------------------------------------------------------------

  private async connect(): Promise<void> {
    const state = await this.clients.current();
    const client = state.kind === 'ready' ? state.client : undefined;
    const rejected = state.kind === 'rejected';
    if (client === this.client && rejected === this.rejected) return;
    this.client = client;
    this.rejected = rejected;
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

  onDidChange(listener: Listener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  // ---- what the tree shows --------------------------------------------------------------------

  get rootState(): RootState {
    if (this.rejected) return { kind: 'rejected' };
    if (!this.client) return { kind: 'signedOut' };
    const state = this.listsState();
    return state.kind === 'empty' && this.hasStartedRuns ? { kind: 'ready' } : state;
  }

  private get hasStartedRuns(): boolean {
    return (this.started?.list.length ?? 0) > 0;
  }

  private listsState(): RootState {
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
    await this.connecting;
    if (!this.client) return [];
    if (node === undefined) {
      const started = this.startedGroupNode();
      if (this.settings.groupByWorkflow) {
        await this.ensureWorkflowGroups();
        return [...(started ? [started] : []), ...(this.workflowGroups ?? [])];
      }
      const roots = await this.listChildren(undefined, this.rootBatches, (batch) => this.batchNode(batch, undefined));
      // Nothing loaded at all: the view's welcome content explains the failure, with Retry.
      if (this.rootState.kind === 'error') return [];
      // "No batches" says nothing the started runs above do not: the welcome view says it when nothing else shows.
      return started ? [started, ...roots.filter((n) => n.kind !== 'message')] : roots;
    }
    switch (node.kind) {
      case 'started':
        return this.startedChildren(node);
      case 'workflow':
        return [node.allRuns, ...(await this.listChildren(node, node.batches, (batch) => this.batchNode(batch, node)))];
      case 'batch':
      case 'workflowRuns':
        return this.listChildren(node, node.runs, (run) => this.runNode(run, node));
      case 'run':
        return executionNodes(node);
      default:
        return [];
    }
  }

  /** Whether a node has children to expand into. */
  isExpandable(node: ExplorerNode): boolean {
    if (node.kind === 'workflow' || node.kind === 'batch' || node.kind === 'started' || node.kind === 'workflowRuns') return true;
    return node.kind === 'run' && node.run.executions.length > 0;
  }

  setExpanded(node: ExplorerNode, expanded: boolean): void {
    if (expanded) this.expanded.add(node.id);
    else this.expanded.delete(node.id);
  }

  isExpanded(node: ExplorerNode): boolean {
    return this.expanded.has(node.id);
  }

  /** Names of workflows (plays' and tools' names), from the extension's one cache. */
  loadWorkflowNames(): Promise<WorkflowNameMap> {
    return this.client ? this.names.all() : Promise.resolve(new Map());
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
    if (parent?.kind === 'started') {
      await this.started?.refresh();
      return;
    }
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

  /**
   * Refresh from the Refresh button (or Retry): everything fetched afresh, workflow names too,
   * expansion kept (stable ids). A token Cargo refused gets another chance.
   */
  refreshAll(): void {
    this.names.reset();
    if (this.hasStartedRuns) void this.started?.refresh();
    if (this.rejected) this.clients.retryRejected();
    else this.resetAll();
  }

  /** Refresh one node: a batch or workflow group reloads its list; a run reloads its batch's runs. */
  async refreshNode(node: ExplorerNode): Promise<void> {
    const container =
      node.kind === 'run'
        ? node.parent
        : node.kind === 'batch' || node.kind === 'workflow' || node.kind === 'started' || node.kind === 'workflowRuns'
          ? node
          : undefined;
    if (!container) return this.refreshAll();
    if (container.kind === 'started') return this.started?.refresh();
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
      await this.refresher.reloadBatches(node.parent, list, new AbortController().signal);
    } catch {
      // Shown as it was; the user can refresh again.
    }
    await this.refreshNode(node);
  }

  // ---- automatic refresh (explorerRefresh.ts) ------------------------------------------------

  /** Whether anything visible (root items, children of expanded nodes) is unfinished. */
  hasUnfinishedVisible(): boolean {
    return this.refresher.hasUnfinishedVisible();
  }

  /** One automatic refresh of the lists that show something unfinished. */
  poll(signal: AbortSignal): Promise<PollOutcome> {
    return this.refresher.poll(signal);
  }

  /** Set while automatic refreshes keep failing: what is shown is old. */
  get refreshProblem(): RefreshProblem | undefined {
    return this.refresher.refreshProblem;
  }

  // ---- internals ------------------------------------------------------------------------------

  private async listChildren<T extends { uuid: string }>(
    parent: ContainerNode | undefined,
    list: PagedList<T>,
    toNode: (item: T) => ExplorerNode,
  ): Promise<ExplorerNode[]> {
    // A list that failed stays failed until the user asks again (Retry, Refresh): no silent retries.
    if (!list.isLoaded && list.error === undefined) await list.ensureLoaded();
    return childNodes(parent, list, this.itemNodes(list, toNode), filtersRuns(this.filter));
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

  /** The row of a run started from VS Code, once the group has loaded it (to reveal it in the tree). */
  startedRunNode(runUuid: string): RunNode | undefined {
    return this.startedRunNodes.get(runUuid);
  }

  private startedGroupNode(): StartedGroupNode | undefined {
    const count = this.started?.list.length ?? 0;
    if (count === 0) return (this.startedGroup = undefined);
    if (this.startedGroup?.count !== count) this.startedGroup = { kind: 'started', id: STARTED_GROUP_ID, parent: undefined, count };
    return this.startedGroup;
  }

  private async startedChildren(group: StartedGroupNode): Promise<ExplorerNode[]> {
    const started = this.started;
    if (!started) return [];
    await started.ensureLoaded();
    const nodes: ExplorerNode[] = [];
    for (const { entry, run } of started.list) {
      if (!run) continue;
      let node = this.startedRunNodes.get(entry.uuid);
      if (node && node.parent === group) node.run = run;
      else this.startedRunNodes.set(entry.uuid, (node = { kind: 'run', id: `started:${entry.uuid}`, parent: group, run }));
      nodes.push(node);
    }
    if (started.error !== undefined) nodes.push({ kind: 'error', id: `error:${group.id}`, parent: group, error: started.error });
    else if (nodes.length < started.list.length)
      nodes.push({ kind: 'message', id: `message:${group.id}`, parent: group, text: `${started.list.length - nodes.length} not found in Cargo's recent runs` });
    return nodes;
  }

  /** The started runs changed: a new one re-renders the root (the group appears or counts it), an update only the group. */
  private startedChanged(): void {
    const before = this.startedGroup;
    const after = this.startedGroupNode();
    if (before === after && after) this.fire(after);
    else this.fire(undefined);
  }

  private batchNode(batch: Batch, parent: WorkflowGroupNode | undefined): BatchNode {
    const existing = this.batchNodes.get(batch.uuid);
    if (existing && existing.parent === parent) {
      existing.batch = batch;
      return existing;
    }
    const node: BatchNode = { kind: 'batch', id: `batch:${batch.uuid}`, parent, batch, runs: this.lists.runs({ batchUuid: batch.uuid }) };
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
        this.workflowGroups = await this.lists.workflowGroups(this.loadWorkflowNames());
        this.workflowGroupsError = undefined;
      } catch (error) {
        this.workflowGroupsError = error;
      } finally {
        this.workflowGroupsLoad = undefined;
      }
    })();
    await this.workflowGroupsLoad;
  }

  private shownBatchLists(): { parent: WorkflowGroupNode | undefined; list: PagedList<Batch> }[] {
    if (!this.settings.groupByWorkflow) return [{ parent: undefined, list: this.rootBatches }];
    return (this.workflowGroups ?? []).filter((group) => this.expanded.has(group.id)).map((group) => ({ parent: group, list: group.batches }));
  }

  private listOf(parent: ContainerNode | undefined): PagedList<Batch> | PagedList<Run> | undefined {
    if (parent === undefined) return this.settings.groupByWorkflow ? undefined : this.rootBatches;
    if (parent.kind === 'started') return undefined;
    return parent.kind === 'workflow' ? parent.batches : parent.runs;
  }

  private resetAll(): void {
    this.rootBatches.dispose();
    for (const node of this.batchNodes.values()) node.runs.dispose();
    for (const group of this.workflowGroups ?? []) {
      group.batches.dispose();
      group.allRuns.runs.dispose();
    }
    this.rootBatches = this.lists.batches(undefined);
    this.batchNodes.clear();
    this.runNodes.clear();
    this.workflowGroups = undefined;
    this.workflowGroupsError = undefined;
    this.refresher.reset();
    this.fire(undefined);
  }

  private fire(node: ExplorerNode | undefined): void {
    for (const listener of this.listeners) listener(node);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.rootBatches.dispose();
    for (const node of this.batchNodes.values()) node.runs.dispose();
    this.listeners.clear();
  }
}
