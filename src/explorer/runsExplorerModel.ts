// The runs explorer's state without VS Code's UI types: what to show under each node, loaded one
// page per request and kept in place across refreshes (stable ids). Its client comes from the
// ClientSource; below the root it shows the started runs (startedGroup.ts) and Cargo's batches and
// runs (batchesAndRuns.ts); the automatic refresh is its other half (explorerRefresh.ts). The tree
// provider adapts this to vscode.TreeDataProvider.
import type { Batch, CargoClient } from '../api';
import type { ClientSource, Disposable } from '../core/clientSource';
import type { PollOutcome } from '../core/poller';
import type { WorkflowNameMap, WorkflowNames } from '../runs/workflowNames';
import { BatchesAndRuns, type ListsState } from './batchesAndRuns';
import type { ExplorerFilter } from './explorerFilter';
import { NO_FILTER } from './explorerFilter';
import { executionNodes, type BatchNode, type ContainerNode, type ErrorNode, type ExplorerNode, type RunNode } from './explorerNodes';
import { ExplorerLists } from './explorerLists';
import { insertNewBatch } from './explorerChanges';
import { ExplorerRefresh, type RefreshProblem } from './explorerRefresh';
import { ChildRuns, type LineageSource } from './childRuns';
import { STARTED_GROUP_ID, StartedGroup, type StartedRunsSource } from './startedGroup';

export type { StartedRunsSource } from './startedGroup';

export type RootState =
  | { kind: 'signedOut' }
  /** Cargo refused the stored token; nothing is asked until the user signs in again (or retries). */
  | { kind: 'rejected' }
  | ListsState;

export interface ExplorerSettings {
  pageSize: number;
  groupByWorkflow: boolean;
}

type Listener = (node: ExplorerNode | undefined) => void;

export class RunsExplorerModel implements Disposable {
  private client: CargoClient | undefined;
  private rejected = false;
  /** The connection being read; what the tree asks waits for it. */
  private connecting: Promise<void>;
  private filter: ExplorerFilter = NO_FILTER;
  private readonly expanded = new Set<string>();
  private readonly listeners = new Set<Listener>();
  private readonly refresher: ExplorerRefresh;
  private readonly listed: BatchesAndRuns;
  private readonly startedGroup: StartedGroup;
  private readonly childRuns: ChildRuns;
  private readonly subscriptions: Disposable[] = [];

  constructor(
    private settings: ExplorerSettings,
    private readonly clients: ClientSource,
    private readonly names: WorkflowNames,
    started?: StartedRunsSource,
    /** The lineages of traces (src/runs/traceLineages.ts): the runs an execution started. */
    lineages?: LineageSource,
    /** Hears each request for a lineage (request counts in tests). */
    onLineageRequest?: () => void,
  ) {
    this.childRuns = new ChildRuns(lineages, {
      client: () => this.client,
      fire: (node) => this.fire(node),
      ...(onLineageRequest ? { onRequest: onLineageRequest } : {}),
    });
    const lists = new ExplorerLists({
      clients,
      client: () => this.client,
      filter: () => this.filter,
      pageSize: () => this.settings.pageSize,
      loaded: (items) => this.refresher.noteLoaded(items),
    });
    this.listed = new BatchesAndRuns({
      lists,
      groupByWorkflow: () => this.settings.groupByWorkflow,
      filter: () => this.filter,
      isExpanded: (node) => this.isExpanded(node),
      workflowNames: () => this.loadWorkflowNames(),
    });
    this.startedGroup = new StartedGroup(started);
    this.refresher = new ExplorerRefresh(
      {
        hasClient: () => this.client !== undefined,
        client: () => this.client,
        filter: () => this.filter,
        shownBatchLists: () => this.listed.shownBatchLists(),
        loadedBatchLists: () => this.listed.loadedBatchLists(),
        batchNode: (uuid) => this.listed.existingBatchNode(uuid),
        runNode: (parent, uuid) => this.listed.existingRunNode(parent, uuid),
        workflowRuns: (workflowUuid) => this.listed.workflowRuns(workflowUuid),
        shownWorkflowRuns: () => this.listed.shownWorkflowRuns(),
        isExpanded: (node) => this.isExpanded(node),
        fire: (node) => this.fire(node),
      },
      clients,
    );
    // The started runs show open until the user folds them.
    this.expanded.add(STARTED_GROUP_ID);
    // Sign-in, sign-out, another base URL, a refused token: everything is fetched afresh.
    this.subscriptions.push(
      clients.onDidChange(() => {
        this.connecting = this.connect();
      }),
    );
    const watching = this.startedGroup.watch((node) => this.fire(node));
    if (watching) this.subscriptions.push(watching);
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
    const state = this.listed.state;
    return state.kind === 'empty' && this.startedGroup.hasRuns ? { kind: 'ready' } : state;
  }

  /** Children of a node (the root when undefined); loads the first page when needed. */
  async children(node?: ExplorerNode): Promise<ExplorerNode[]> {
    await this.connecting;
    if (!this.client) return [];
    if (node === undefined) {
      const started = this.startedGroup.node();
      if (this.settings.groupByWorkflow) return [...(started ? [started] : []), ...(await this.listed.rootChildren())];
      const roots = await this.listed.rootChildren();
      // Nothing loaded at all: the view's welcome content explains the failure, with Retry.
      if (this.rootState.kind === 'error') return [];
      // "No batches" says nothing the started runs above do not: the welcome view says it when nothing else shows.
      return started ? [started, ...roots.filter((n) => n.kind !== 'message')] : roots;
    }
    switch (node.kind) {
      case 'started':
        return this.startedGroup.children(node);
      case 'workflow':
      case 'batch':
      case 'workflowRuns':
        return this.listed.children(node);
      case 'run':
        return executionNodes(node);
      case 'execution':
      case 'childExecution':
        return this.childRuns.children(node);
      default:
        return [];
    }
  }

  /** Whether a node has children to expand into. */
  isExpandable(node: ExplorerNode): boolean {
    if (node.kind === 'workflow' || node.kind === 'batch' || node.kind === 'started' || node.kind === 'workflowRuns') return true;
    if (node.kind === 'execution' || node.kind === 'childExecution') return this.childRuns.isExpandable(node);
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

  /** A batch's row, while a list in the view has loaded it (to reveal it in the tree). */
  batchNode(batchUuid: string): BatchNode | undefined {
    return this.listed.existingBatchNode(batchUuid);
  }

  /** The row of a run started from VS Code, once the group has loaded it (to reveal it in the tree). */
  startedRunNode(runUuid: string): RunNode | undefined {
    return this.startedGroup.runNode(runUuid);
  }

  /**
   * A batch just created from VS Code (a retry): at the top of the list it belongs in, and expanded, so
   * that the automatic refresh follows it and its runs. Its row, once that list shows it.
   */
  async addCreatedBatch(batch: Batch): Promise<BatchNode | undefined> {
    await this.children(undefined);
    const target = insertNewBatch(this.listed.loadedBatchLists(), this.filter, batch);
    if (!target) return undefined;
    this.fire(target.parent);
    const node = (await this.children(target.parent)).find((child): child is BatchNode => child.kind === 'batch' && child.batch.uuid === batch.uuid);
    if (node) this.setExpanded(node, true);
    return node;
  }

  // ---- user actions ---------------------------------------------------------------------------

  async loadMore(parent: ContainerNode | undefined): Promise<void> {
    const list = this.listed.listOf(parent);
    if (!list) return;
    await list.loadMore();
    this.fire(parent);
  }

  /** Retry after an error: reloads what failed under this parent (or the root). */
  async retry(parent: ErrorNode['parent']): Promise<void> {
    if (parent?.kind === 'execution' || parent?.kind === 'childExecution') {
      this.childRuns.retry(parent);
      return;
    }
    if (parent?.kind === 'started') {
      await this.startedGroup.refresh();
      return;
    }
    if (parent === undefined && this.settings.groupByWorkflow) {
      this.listed.forgetWorkflowGroups();
      this.fire(undefined);
      return;
    }
    const list = this.listed.listOf(parent);
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
    this.childRuns.refresh();
    if (this.startedGroup.hasRuns) void this.startedGroup.refresh();
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
    if (container.kind === 'started') return this.startedGroup.refresh();
    const list = this.listed.listOf(container);
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
    const list = this.listed.batchListOf(node);
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

  private resetAll(): void {
    this.listed.reset();
    this.childRuns.reset();
    this.refresher.reset();
    this.fire(undefined);
  }

  private fire(node: ExplorerNode | undefined): void {
    for (const listener of this.listeners) listener(node);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.listed.dispose();
    this.listeners.clear();
  }
}
