// The runs explorer's automatic refresh, free of VS Code: which loaded lists show something
// unfinished, reloading them in place, telling the tree which nodes changed, and keeping track of
// whether refreshes work (a refused token stops everything; failures in a row mark the view stale).
import { CargoAuthError, CargoRateLimitError, isFinishedBatchStatus, isFinishedRunStatus, type Batch, type Run } from '../api';
import type { ClientSource } from '../core/clientSource';
import { sameRunState } from '../core/findRuns';
import type { PagedList } from '../core/pagedList';
import type { PollOutcome } from '../core/poller';
import { errorText } from '../shared/text';
import type { BatchNode, ContainerNode, ExplorerNode, RunNode, RunsContainerNode, WorkflowGroupNode, WorkflowRunsNode } from './explorerNodes';

/** What the refresh needs of the model: the lists it shows and the nodes made of them. */
export interface RefreshHost {
  hasClient(): boolean;
  /** The batch lists shown: the root's, or the expanded workflow groups'. */
  shownBatchLists(): { parent: WorkflowGroupNode | undefined; list: PagedList<Batch> }[];
  batchNode(uuid: string): BatchNode | undefined;
  runNode(parent: RunsContainerNode, uuid: string): RunNode | undefined;
  /** The workflows' "All runs" lists that are open. */
  shownWorkflowRuns(): WorkflowRunsNode[];
  isExpanded(node: ExplorerNode): boolean;
  /** Tells the tree a node (undefined: the root) changed. */
  fire(node: ExplorerNode | undefined): void;
}

/** Refreshes are failing: what is shown is as of `lastUpdatedAt`. */
export interface RefreshProblem {
  readonly message: string;
  /** Date.now() of the last refresh that worked (or of the first load). */
  readonly lastUpdatedAt: number;
}

type WatchedList =
  { kind: 'batches'; parent: WorkflowGroupNode | undefined; list: PagedList<Batch> } | { kind: 'runs'; parent: RunsContainerNode; list: PagedList<Run> };

/** Failed refreshes in a row before the view says it shows old data. */
export const STALE_AFTER_FAILURES = 2;

export class ExplorerRefresh {
  private lastUpdatedAt = Date.now();
  private failuresInARow = 0;
  private problem: RefreshProblem | undefined;

  constructor(
    private readonly host: RefreshHost,
    private readonly clients: ClientSource,
  ) {}

  /** Set while refreshes keep failing; cleared by the next one that works. */
  get refreshProblem(): RefreshProblem | undefined {
    return this.problem;
  }

  /** Everything was loaded afresh (sign-in, Refresh): it is as current as it gets. */
  reset(): void {
    this.lastUpdatedAt = Date.now();
    this.failuresInARow = 0;
    this.problem = undefined;
  }

  /** Whether anything visible (root items, children of expanded nodes) is unfinished. */
  hasUnfinishedVisible(): boolean {
    return this.watchedLists().length > 0;
  }

  /**
   * One automatic refresh: reloads only lists that show unfinished items, and reports changes node
   * by node. A 429 is passed on as the time to wait; a refused token stops every model; other
   * failures keep what is shown and, repeated, mark it stale.
   */
  async poll(signal: AbortSignal): Promise<PollOutcome> {
    let changed = false;
    let retryAfterMs: number | undefined;
    let failure: unknown;
    for (const watched of this.watchedLists()) {
      if (signal.aborted) break;
      try {
        const fired =
          watched.kind === 'batches'
            ? await this.reloadBatches(watched.parent, watched.list, signal)
            : await this.reloadRuns(watched.parent, watched.list, signal);
        changed ||= fired;
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof CargoAuthError) {
          // The connection tells every model; the explorer resets to "token rejected" and stops asking.
          this.clients.tokenRejected(error);
          return { changed: false };
        }
        failure = error;
        if (error instanceof CargoRateLimitError) {
          retryAfterMs = Math.max(retryAfterMs ?? 0, error.retryAfterMs ?? 0);
          break;
        }
        // Another list may still refresh; this one keeps what it shows.
      }
    }
    if (!signal.aborted) this.noteOutcome(failure);
    return retryAfterMs === undefined ? { changed } : { changed, retryAfterMs };
  }

  /** Reloads a list of batches; tells the tree about each batch that changed. Resolves to whether any did. */
  reloadBatches(parent: WorkflowGroupNode | undefined, list: PagedList<Batch>, signal: AbortSignal): Promise<boolean> {
    return this.reloadList(parent, list, sameBatch, signal, (batch) => {
      const node = this.host.batchNode(batch.uuid);
      if (node) node.batch = batch;
      return node;
    });
  }

  private reloadRuns(parent: RunsContainerNode, list: PagedList<Run>, signal: AbortSignal): Promise<boolean> {
    return this.reloadList(parent, list, sameRunState, signal, (run) => {
      const node = this.host.runNode(parent, run.uuid);
      if (node) node.run = run;
      return node;
    });
  }

  private noteOutcome(failure: unknown): void {
    const before = this.problem;
    if (failure === undefined) {
      this.lastUpdatedAt = Date.now();
      this.failuresInARow = 0;
      this.problem = undefined;
    } else {
      this.failuresInARow++;
      // One failure is noise (the poller tries again, backing off); more, and what is shown is old.
      if (this.failuresInARow >= STALE_AFTER_FAILURES) this.problem = { message: errorText(failure, 300), lastUpdatedAt: this.lastUpdatedAt };
    }
    if (before?.message !== this.problem?.message) this.host.fire(undefined);
  }

  private watchedLists(): WatchedList[] {
    if (!this.host.hasClient()) return [];
    const watched: WatchedList[] = [];
    for (const { parent, list } of this.host.shownBatchLists()) {
      if (!list.isLoaded) continue;
      if (list.items.some((batch) => !isFinishedBatchStatus(batch.status))) watched.push({ kind: 'batches', parent, list });
      for (const batch of list.items) {
        const node = this.host.batchNode(batch.uuid);
        if (!node || !this.host.isExpanded(node) || !node.runs.isLoaded) continue;
        const unfinished = !isFinishedBatchStatus(batch.status) || node.runs.items.some((run) => !isFinishedRunStatus(run.status));
        if (unfinished) watched.push({ kind: 'runs', parent: node, list: node.runs });
      }
    }
    for (const node of this.host.shownWorkflowRuns()) {
      if (node.runs.isLoaded && node.runs.items.some((run) => !isFinishedRunStatus(run.status))) watched.push({ kind: 'runs', parent: node, list: node.runs });
    }
    return watched;
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
      this.host.fire(parent);
      return true;
    }
    for (const item of list.items) {
      const previous = before.get(item.uuid);
      if (previous && same(previous, item)) continue;
      const node = update(item);
      if (node) this.host.fire(node);
    }
    return true;
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
