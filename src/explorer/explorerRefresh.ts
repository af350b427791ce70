// The runs explorer's automatic refresh, free of VS Code. A tick asks one question that tells whether
// anything shown changed: the runs updated since the newest update it has seen (POST runs/list with
// `updatedAfter`). Nothing changed, that is all it asks, however much is loaded. What changed is merged
// into the loaded lists in place (explorerChanges.ts); only the batches of changed runs are asked for
// again, in one request. It also keeps track of whether refreshes work (a refused token stops
// everything; failures in a row mark the view stale).
import { CargoAuthError, CargoRateLimitError, MAX_PAGE_SIZE, isFinishedBatchStatus, isFinishedRunStatus, type Batch, type CargoClient, type Run } from '../api';
import type { ClientSource } from '../core/clientSource';
import { sameRunState } from '../runs/findRuns';
import type { PagedList } from '../core/pagedList';
import type { PollOutcome } from '../core/poller';
import { Staleness, type StaleProblem } from '../core/staleness';
import { mergeChanges, sameBatch, type ChangesHost, type MergeContext } from './explorerChanges';
import type { ExplorerFilter } from './explorerFilter';
import type { ContainerNode, ExplorerNode, RunsContainerNode, WorkflowGroupNode, WorkflowRunsNode } from './explorerNodes';

/** What the refresh needs of the model: the client, the lists it shows and the nodes made of them. */
export interface RefreshHost extends ChangesHost {
  hasClient(): boolean;
  client(): CargoClient | undefined;
  filter(): ExplorerFilter;
  /** The workflows' "All runs" lists that are open. */
  shownWorkflowRuns(): WorkflowRunsNode[];
  isExpanded(node: ExplorerNode): boolean;
}

/** Refreshes are failing: what is shown is as of `lastUpdatedAt`. */
export type RefreshProblem = StaleProblem;

type WatchedList =
  { kind: 'batches'; parent: WorkflowGroupNode | undefined; list: PagedList<Batch> } | { kind: 'runs'; parent: RunsContainerNode; list: PagedList<Run> };

/**
 * How far before the newest update seen a tick asks from: an update Cargo stamps a moment before
 * another but commits after it is still seen. What it brings again is compared with what is shown,
 * so it never counts as a change.
 */
export const OVERLAP_MS = 2_000;

export class ExplorerRefresh {
  private readonly staleness = new Staleness();
  /**
   * The newest `updatedAt` (ms) the refresh has seen: set from the first list loaded, then moved on
   * only by ticks. A list loaded later must not move it: what changed in the first one meanwhile
   * would never be asked for.
   */
  private cursor: number | undefined;
  /** Runs seen by ticks, at the updatedAt they were seen with (those the overlap brings again). */
  private seen = new Map<string, number>();
  /** Batches some run belongs to that are not shown, and never will be unless the user loads them. */
  private readonly notShown = new Set<string>();
  /** Per list filtered by a record query, runs it does not take (see MergeContext). */
  private notMatching = new WeakMap<PagedList<Run>, Set<string>>();
  /** Everything reloaded (reset) since a tick began: its answers are about what is no longer shown. */
  private generation = 0;

  constructor(
    private readonly host: RefreshHost,
    private readonly clients: ClientSource,
  ) {}

  /** Set while refreshes keep failing; cleared by the next one that works. */
  get refreshProblem(): RefreshProblem | undefined {
    return this.staleness.problem;
  }

  /** Everything was loaded afresh (sign-in, Refresh): it is as current as it gets. */
  reset(): void {
    this.staleness.reset();
    this.cursor = undefined;
    this.seen = new Map();
    this.notShown.clear();
    this.notMatching = new WeakMap();
    this.generation++;
  }

  /** A page of a list was loaded: the first sets where ticks start from. */
  noteLoaded(items: readonly { readonly updatedAt: string }[]): void {
    if (this.cursor !== undefined) return;
    const newest = newestUpdate(items);
    if (Number.isFinite(newest)) this.cursor = newest;
  }

  /** Whether anything visible (root items, children of expanded nodes) is unfinished. */
  hasUnfinishedVisible(): boolean {
    return this.watchedLists().length > 0;
  }

  /**
   * One automatic refresh: one request when nothing changed; what changed merged into the lists and
   * reported node by node. A 429 is passed on as the time to wait; a refused token stops every model;
   * other failures keep what is shown and, repeated, mark it stale.
   */
  async poll(signal: AbortSignal): Promise<PollOutcome> {
    const generation = this.generation;
    const outcome = { changed: false };
    try {
      await this.tick(outcome, signal);
    } catch (error) {
      if (signal.aborted || generation !== this.generation) return outcome;
      if (error instanceof CargoAuthError) {
        // The connection tells every model; the explorer resets to "token rejected" and stops asking.
        this.clients.tokenRejected(error);
        return { changed: false };
      }
      this.noteOutcome(error);
      return error instanceof CargoRateLimitError ? { ...outcome, retryAfterMs: error.retryAfterMs ?? 0 } : outcome;
    }
    if (!signal.aborted && generation === this.generation) this.noteOutcome(undefined);
    return outcome;
  }

  private async tick(outcome: { changed: boolean }, signal: AbortSignal): Promise<void> {
    const client = this.host.client();
    const watched = this.watchedLists();
    if (!client || watched.length === 0) return;
    const generation = this.generation;
    const fire = (node: ExplorerNode | undefined) => {
      if (generation !== this.generation) return;
      outcome.changed = true;
      this.host.fire(node);
    };
    if (this.cursor === undefined) {
      // Nothing loaded had a time to start from: what is watched is reloaded, the first list setting it.
      await this.reloadWatched(fire, signal);
      return;
    }
    const since = new Date(this.cursor - OVERLAP_MS).toISOString();
    const scope = this.scope();
    const first = await client.listRuns({ ...scope, updatedAfter: since, limit: MAX_PAGE_SIZE, offset: 0 }, signal);
    const runs = [...first.runs];
    const pages = Math.ceil(first.count / MAX_PAGE_SIZE);
    if (pages > 1 && pages - 1 > reloadRequests(watched)) {
      // More changed than is loaded: reloading what is watched costs less than reading every change.
      await this.reloadWatched(fire, signal);
      if (generation === this.generation) this.moveOn(first.runs, true);
      return;
    }
    // Page on while pages are full: as many requests as what changed takes.
    for (let offset = MAX_PAGE_SIZE; offset < first.count; offset += MAX_PAGE_SIZE) {
      const page = await client.listRuns({ ...scope, updatedAfter: since, limit: MAX_PAGE_SIZE, offset }, signal);
      runs.push(...page.runs);
      if (page.runs.length < MAX_PAGE_SIZE) break;
    }
    if (generation !== this.generation) return;
    const context: MergeContext = {
      seen: this.seen,
      notShown: this.notShown,
      notMatching: this.notMatching,
      fire,
      reloadRuns: (parent, list) => this.reloadRuns(parent, list, fire, signal),
    };
    await mergeChanges(this.host, client, runs, context, signal);
    if (generation === this.generation) this.moveOn(runs, false);
  }

  /** A tick worked: it starts the next one from the newest update it saw, and remembers what it saw. */
  private moveOn(runs: readonly Run[], reloaded: boolean): void {
    const newest = newestUpdate(runs);
    if (Number.isFinite(newest)) this.cursor = Math.max(this.cursor ?? newest, newest);
    if (reloaded) this.seen = new Map();
    for (const run of runs) this.seen.set(run.uuid, Date.parse(run.updatedAt));
    // What the overlap can no longer bring again need not be remembered.
    const oldest = (this.cursor ?? 0) - OVERLAP_MS;
    for (const [uuid, updatedAt] of this.seen) if (!(updatedAt >= oldest)) this.seen.delete(uuid);
  }

  /**
   * The filter's workflow's runs when filtered to one (nothing else is listed), else all of them. Not
   * one open workflow group's: the lists of a folded group are kept current too.
   */
  private scope(): { workflowUuid?: string } {
    const filtered = this.host.filter().workflow?.uuid;
    return filtered ? { workflowUuid: filtered } : {};
  }

  /** Reloads every list that shows something unfinished (a tick with no time to start from, or too much changed). */
  private async reloadWatched(fire: (node: ExplorerNode | undefined) => void, signal: AbortSignal): Promise<void> {
    let failure: unknown;
    for (const watched of this.watchedLists()) {
      if (signal.aborted) break;
      try {
        if (watched.kind === 'batches') await this.reloadBatchList(watched.parent, watched.list, fire, signal);
        else await this.reloadRuns(watched.parent, watched.list, fire, signal);
      } catch (error) {
        if (error instanceof CargoAuthError || error instanceof CargoRateLimitError || signal.aborted) throw error;
        // Another list may still refresh; this one keeps what it shows.
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }

  /** Reloads a list of batches; tells the tree about each batch that changed. Resolves to whether any did. */
  reloadBatches(parent: WorkflowGroupNode | undefined, list: PagedList<Batch>, signal: AbortSignal): Promise<boolean> {
    return this.reloadBatchList(parent, list, (node) => this.host.fire(node), signal);
  }

  private reloadBatchList(
    parent: WorkflowGroupNode | undefined,
    list: PagedList<Batch>,
    fire: (node: ExplorerNode | undefined) => void,
    signal: AbortSignal,
  ): Promise<boolean> {
    return this.reloadList(parent, list, sameBatch, fire, signal, (batch) => {
      const node = this.host.batchNode(batch.uuid);
      if (node) node.batch = batch;
      return node;
    });
  }

  private reloadRuns(parent: RunsContainerNode, list: PagedList<Run>, fire: (node: ExplorerNode | undefined) => void, signal: AbortSignal): Promise<boolean> {
    return this.reloadList(parent, list, sameRunState, fire, signal, (run) => {
      const node = this.host.runNode(parent, run.uuid);
      if (node) node.run = run;
      return node;
    });
  }

  private noteOutcome(failure: unknown): void {
    if (this.staleness.note(failure)) this.host.fire(undefined);
  }

  private watchedLists(): WatchedList[] {
    if (!this.host.hasClient()) return [];
    const watched: WatchedList[] = [];
    for (const { parent, list } of this.host.shownBatchLists()) {
      if (!list.isLoaded) continue;
      if (list.items.some((batch) => !isFinishedBatchStatus(batch.status))) watched.push({ kind: 'batches', parent, list });
      // Indexed: this runs on every tick and tree change, over everything loaded.
      const batches = list.items;
      for (let i = 0; i < batches.length; i++) {
        const batch = batches[i] as Batch;
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
    fire: (node: ExplorerNode | undefined) => void,
    signal: AbortSignal,
    update: (item: T) => ExplorerNode | undefined,
  ): Promise<boolean> {
    const before = new Map(list.items.map((item) => [item.uuid, item]));
    if (!(await list.reload(same, signal))) return false;
    if (!sameMembers(list.items, before)) {
      fire(parent);
      return true;
    }
    for (const item of list.items) {
      const previous = before.get(item.uuid);
      if (previous === item) continue;
      const node = update(item);
      if (node) fire(node);
    }
    return true;
  }
}

/** Requests a reload of every watched list would take. */
function reloadRequests(watched: readonly WatchedList[]): number {
  return watched.reduce((sum, { list }) => sum + Math.ceil(Math.max(list.items.length, 1) / MAX_PAGE_SIZE), 0);
}

function sameMembers(items: readonly { uuid: string }[], before: ReadonlyMap<string, unknown>): boolean {
  return items.length === before.size && items.every((item) => before.has(item.uuid));
}

function newestUpdate(items: readonly { readonly updatedAt: string }[]): number {
  let newest = -Infinity;
  for (const item of items) {
    const time = Date.parse(item.updatedAt);
    if (time > newest) newest = time;
  }
  return newest;
}
