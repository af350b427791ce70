// Runs known by uuid and creation time, found with POST /runs/list over the window of their creation
// times: Cargo's list has no uuid filter, and this is one light request (no context) for any number of
// runs created close together. Used to follow runs without downloading them whole.
import { MAX_PAGE_SIZE, type CargoClient, type ListRunsParams, type Run } from '../api';

/** Pages of runs/list one look may read to find every run it looks for. */
const MAX_PAGES = 5;
/** Margin around the window of creation times (Cargo's clock and ISO rounding). */
const WINDOW_MARGIN_MS = 1_000;

export interface KnownRun {
  readonly uuid: string;
  /** ISO time Cargo gave the run. */
  readonly createdAt: string;
}

/** Filters every run looked for matches, to leave out other runs created at the same time (fewer bytes, fewer pages). */
export type RunsNarrowing = Pick<ListRunsParams, 'workflowUuid' | 'recordId'>;

/**
 * The runs among `wanted`, from POST /runs/list over the window of their creation times: one request
 * when they are all on its first page, a few more pages at most when other runs crowd the window.
 */
export async function findRuns(client: CargoClient, wanted: readonly KnownRun[], signal?: AbortSignal, narrowing: RunsNarrowing = {}): Promise<Run[]> {
  const times = wanted.map((e) => Date.parse(e.createdAt)).filter((t) => Number.isFinite(t));
  if (times.length === 0) return [];
  const missing = new Set(wanted.map((e) => e.uuid));
  const found: Run[] = [];
  const createdAfter = new Date(Math.min(...times) - WINDOW_MARGIN_MS).toISOString();
  const createdBefore = new Date(Math.max(...times) + WINDOW_MARGIN_MS).toISOString();
  for (let page = 0; page < MAX_PAGES && missing.size > 0; page++) {
    const offset = page * MAX_PAGE_SIZE;
    const { runs, count } = await client.listRuns({ ...narrowing, createdAfter, createdBefore, limit: MAX_PAGE_SIZE, offset }, signal);
    for (const run of runs) if (missing.delete(run.uuid)) found.push(run);
    if (offset + runs.length >= count || runs.length === 0) break;
  }
  return found;
}

/** Whether two copies of a run show the same state (what a list of runs tells: status, executions, times). */
export function sameRunState(a: Run, b: Run): boolean {
  return (
    a.uuid === b.uuid &&
    a.updatedAt === b.updatedAt &&
    a.status.raw === b.status.raw &&
    a.finishedAt === b.finishedAt &&
    a.executions.length === b.executions.length &&
    a.executions.every((execution, i) => execution.status.raw === b.executions[i]?.status.raw && execution.updatedAt === b.executions[i]?.updatedAt)
  );
}
