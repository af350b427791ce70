// What a refresh tick does with the runs that changed (explorerRefresh.ts asks for them), free of VS
// Code: each replaces its old self in every loaded list that holds it, a new one goes where it belongs
// in the lists it belongs to, and the loaded batches they belong to (and new batches) are asked for again
// in one request. A status filter is checked here (a run's status is in the run); whether a new run
// matches a record query is Cargo's to say: that list is reloaded, that list only.
import { MAX_PAGE_SIZE, isFinishedBatchStatus, type Batch, type CargoClient, type Run } from '../api';
import { sameRunState } from '../runs/findRuns';
import type { PagedList } from '../core/pagedList';
import type { ExplorerFilter } from './explorerFilter';
import type { BatchNode, ExplorerNode, RunNode, RunsContainerNode, WorkflowGroupNode, WorkflowRunsNode } from './explorerNodes';

/** What merging changes needs of the model: the lists it shows and the nodes made of them. */
export interface ChangesHost {
  filter(): ExplorerFilter;
  /** The batch lists shown: the root's, or the expanded workflow groups'. */
  shownBatchLists(): { parent: WorkflowGroupNode | undefined; list: PagedList<Batch> }[];
  /**
   * The batch lists loaded, shown or not (a folded workflow group's): kept current, or a batch that
   * finished while folded would show running when unfolded, with no run left to change and say so.
   */
  loadedBatchLists(): { parent: WorkflowGroupNode | undefined; list: PagedList<Batch> }[];
  batchNode(uuid: string): BatchNode | undefined;
  runNode(parent: RunsContainerNode, uuid: string): RunNode | undefined;
  /** A workflow's "All runs", once its group exists. */
  workflowRuns(workflowUuid: string): WorkflowRunsNode | undefined;
  isExpanded(node: ExplorerNode): boolean;
  /** Tells the tree a node (undefined: the root) changed. */
  fire(node: ExplorerNode | undefined): void;
}

export interface MergeContext {
  /** Runs the ticks before saw, at the updatedAt they saw (ms): the overlap brings them again. */
  readonly seen: ReadonlyMap<string, number>;
  /** Batches known not to be shown (older than what is loaded, of a workflow not listed). */
  readonly notShown: Set<string>;
  /** Runs a list filtered by a record query was reloaded for and did not take: a record never changes, nor do they. */
  readonly notMatching: WeakMap<PagedList<Run>, Set<string>>;
  fire(node: ExplorerNode | undefined): void;
  reloadRuns(parent: RunsContainerNode, list: PagedList<Run>): Promise<unknown>;
}

interface LoadedBatchList {
  parent: WorkflowGroupNode | undefined;
  list: PagedList<Batch>;
}

/**
 * Merges `runs` (runs/list's answer to "updated since") into what is loaded. Requests: one
 * batches/list per 100 batches to ask again (none when no loaded batch changed), and one reload per
 * open list the merge cannot decide (a record query, or a place among runs created at the same moment).
 */
export async function mergeChanges(host: ChangesHost, client: CargoClient, runs: readonly Run[], context: MergeContext, signal: AbortSignal): Promise<void> {
  const filter = host.filter();
  const statuses: readonly string[] = filter.runStatuses;
  const recordQuery = (filter.recordQuery ?? '') !== '';
  const loaded = host.loadedBatchLists();
  const batchesToAsk = new Set<string>();
  const reloads = new Map<PagedList<Run>, { container: RunsContainerNode; candidates: Run[] }>();
  const added = new Map<RunsContainerNode, Run[]>();

  for (const run of runs) {
    const updatedAt = Date.parse(run.updatedAt);
    // The overlap brings back runs a tick before has dealt with: only their state is compared again.
    const news = context.seen.get(run.uuid) !== updatedAt;
    const matches = statuses.length === 0 || statuses.includes(run.status.known);
    for (const container of containersOf(host, run)) {
      const list = container.runs;
      if (!list.isLoaded) continue;
      const held = list.get(run.uuid);
      if (held) {
        // Its record never changes: only its status can take it out of the filter.
        if (!matches) {
          list.remove(run.uuid);
          context.fire(container);
        } else if (!sameRunState(held, run)) {
          list.replace(run);
          const node = host.runNode(container, run.uuid);
          if (node) {
            node.run = run;
            context.fire(node);
          }
        }
        continue;
      }
      if (!news || !matches || context.notMatching.get(list)?.has(run.uuid)) continue;
      // Not held: new, now matching the filter, or one not loaded yet (its place is past what is loaded).
      const place = placeIn(list, run);
      if (place === 'past') continue;
      if (recordQuery || (place === 'unsure' && statuses.length > 0)) {
        if (!host.isExpanded(container)) continue;
        const reload = reloads.get(list) ?? { container, candidates: [] };
        reload.candidates.push(run);
        reloads.set(list, reload);
      } else if (place === 'within') {
        added.set(container, [...(added.get(container) ?? []), run]);
      }
    }
    if (run.batchUuid && news) {
      const batch = loadedBatch(loaded, run.batchUuid);
      // A batch's counters and status follow its runs: asked again when a run changed after it did.
      if (batch) {
        if (updatedAt > Date.parse(batch.updatedAt)) batchesToAsk.add(batch.uuid);
      } else if (!context.notShown.has(run.batchUuid) && listForNewBatch(loaded, filter, run.workflowUuid)) {
        // A batch not loaded at all: new (it goes on top) or older than what is loaded (remembered).
        batchesToAsk.add(run.batchUuid);
      }
    }
  }

  // Batches that change with no run changing (waiting for runs, being cancelled): asked each tick while
  // shown. Indexed: it walks everything loaded on every tick.
  for (const { list } of host.shownBatchLists()) {
    const batches = list.items;
    for (let i = 0; i < batches.length; i++) {
      const batch = batches[i] as Batch;
      if (changesOnItsOwn(batch)) batchesToAsk.add(batch.uuid);
    }
  }

  for (const [container, list] of added) {
    if (container.runs.insert(list, newerFirst) > 0) context.fire(container);
  }

  const uuids = [...batchesToAsk];
  for (let i = 0; i < uuids.length; i += MAX_PAGE_SIZE) {
    const chunk = uuids.slice(i, i + MAX_PAGE_SIZE);
    mergeBatches(host, loaded, filter, await client.listBatches({ uuids: chunk, limit: chunk.length }, signal), context);
  }

  for (const [list, { container, candidates }] of reloads) {
    await context.reloadRuns(container, list);
    if (!recordQuery) continue;
    // Where it would be, the list did not take it: it does not match the query, now or later.
    let notMatching = context.notMatching.get(list);
    if (!notMatching) context.notMatching.set(list, (notMatching = new Set()));
    for (const run of candidates) if (!list.get(run.uuid) && placeIn(list, run) === 'within') notMatching.add(run.uuid);
  }
}

function mergeBatches(host: ChangesHost, loaded: readonly LoadedBatchList[], filter: ExplorerFilter, batches: readonly Batch[], context: MergeContext): void {
  const added = new Map<LoadedBatchList, Batch[]>();
  for (const batch of batches) {
    const where = loaded.find(({ list }) => list.get(batch.uuid) !== undefined);
    if (where) {
      if (sameBatch(where.list.get(batch.uuid) as Batch, batch)) continue;
      where.list.replace(batch);
      const node = host.batchNode(batch.uuid);
      if (node && node.parent === where.parent) {
        node.batch = batch;
        context.fire(node);
      }
      continue;
    }
    const target = listForNewBatch(loaded, filter, batch.workflowUuid);
    if (target && placeIn(target.list, batch) === 'within') added.set(target, [...(added.get(target) ?? []), batch]);
    else context.notShown.add(batch.uuid);
  }
  for (const [target, list] of added) {
    if (target.list.insert(list, newerFirst) > 0) context.fire(target.parent);
  }
}

/** The loaded lists of runs a run can be in: its batch's, its workflow's "All runs". */
function containersOf(host: ChangesHost, run: Run): RunsContainerNode[] {
  const containers: RunsContainerNode[] = [];
  const batch = run.batchUuid ? host.batchNode(run.batchUuid) : undefined;
  if (batch) containers.push(batch);
  const allRuns = host.workflowRuns(run.workflowUuid);
  if (allRuns) containers.push(allRuns);
  return containers;
}

function loadedBatch(loaded: readonly LoadedBatchList[], uuid: string): Batch | undefined {
  for (const { list } of loaded) {
    const batch = list.get(uuid);
    if (batch) return batch;
  }
  return undefined;
}

/**
 * A batch just created from VS Code (a retry), put where a tick would put it once its runs change: at the
 * top of the loaded list it belongs in. Undefined when no loaded list shows it (another workflow's filter,
 * its workflow's group not loaded).
 */
export function insertNewBatch(loaded: readonly LoadedBatchList[], filter: ExplorerFilter, batch: Batch): LoadedBatchList | undefined {
  const target = listForNewBatch(loaded, filter, batch.workflowUuid);
  if (!target) return undefined;
  if (target.list.get(batch.uuid)) target.list.replace(batch);
  else target.list.insert([batch], newerFirst);
  return target;
}

/** The loaded list a new batch of this workflow would be at the top of: the root's (unless filtered to another workflow), or its group's. */
function listForNewBatch(loaded: readonly LoadedBatchList[], filter: ExplorerFilter, workflowUuid: string): LoadedBatchList | undefined {
  // Filtered to one batch: no other batch joins it.
  if (filter.batch) return undefined;
  const target = loaded.find(({ parent }) => (parent ? parent.workflowUuid === workflowUuid : !filter.workflow || filter.workflow.uuid === workflowUuid));
  return target?.list.isLoaded ? target : undefined;
}

/**
 * Where an item a list (newest first) does not hold would go: `within` what is loaded (newer than its
 * oldest, or the list holds everything it has), `past` it (older than the oldest, more to load), or
 * `unsure`: created at the moment of the oldest, with more to load, it may be one not loaded yet.
 */
function placeIn(list: PagedList<{ uuid: string; createdAt: string }>, item: { createdAt: string }): 'within' | 'past' | 'unsure' {
  const oldest = list.items.at(-1);
  if (!list.hasMore || oldest === undefined) return 'within';
  const created = Date.parse(item.createdAt);
  const oldestCreated = Date.parse(oldest.createdAt);
  return created > oldestCreated ? 'within' : created < oldestCreated ? 'past' : 'unsure';
}

const newerFirst = (a: { createdAt: string }, b: { createdAt: string }) => Date.parse(a.createdAt) > Date.parse(b.createdAt);

/**
 * An unfinished batch whose next change no run will show: waiting for its runs, being cancelled, or
 * with every run done (the batch may say it finished a moment after its last run did).
 */
function changesOnItsOwn(batch: Batch): boolean {
  if (isFinishedBatchStatus(batch.status)) return false;
  return batch.runsCount === 0 || batch.status.known === 'cancelling' || batch.executedRunsCount >= batch.runsCount;
}

export function sameBatch(a: Batch, b: Batch): boolean {
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
