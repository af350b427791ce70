// What the runs explorer is narrowed to, and how that reads in the view's description.
import { isFinishedBatchStatus, type Batch, type RunStatus } from '../api';
import { treeItemText, unusualCharacter } from '../shared/text';

export interface ExplorerFilter {
  /** Runs with one of these statuses; empty = all. */
  readonly runStatuses: readonly RunStatus[];
  /** Batches of this workflow only. */
  readonly workflow?: { readonly uuid: string; readonly name: string };
  /** Runs whose record title or id contains this. */
  readonly recordQuery?: string;
  /** This batch only (a link to it opened while it was not loaded in the view). */
  readonly batch?: { readonly uuid: string };
}

export const NO_FILTER: ExplorerFilter = { runStatuses: [] };

export function isFiltered(filter: ExplorerFilter): boolean {
  return filter.runStatuses.length > 0 || filter.workflow !== undefined || (filter.recordQuery ?? '') !== '' || filter.batch !== undefined;
}

export function filtersRuns(filter: ExplorerFilter): boolean {
  return filter.runStatuses.length > 0 || (filter.recordQuery ?? '') !== '';
}

/**
 * Whether a batch may hold a run the filter lets through, as far as its counts tell (no request): a
 * finished batch's counts are final. `executedRunsCount` counts the runs that reached success or error,
 * `failedRunsCount` those in error; every other status is among the rest. A batch still going may gain
 * any run, so it stays. A batch that holds none is not listed, as a filter in GitHub's Actions tab drops
 * what does not match: rows that could only expand to "No runs match the filter" say nothing.
 */
export function batchMayMatch(batch: Pick<Batch, 'status' | 'runsCount' | 'executedRunsCount' | 'failedRunsCount'>, filter: ExplorerFilter): boolean {
  if (!filtersRuns(filter) || !isFinishedBatchStatus(batch.status)) return true;
  if (batch.runsCount <= 0) return false;
  if (filter.runStatuses.length === 0) return true;
  const succeeded = batch.executedRunsCount - batch.failedRunsCount;
  const others = batch.runsCount - batch.executedRunsCount;
  return filter.runStatuses.some((status) => (status === 'error' ? batch.failedRunsCount > 0 : status === 'success' ? succeeded > 0 : others > 0));
}

/** e.g. `error, running · Enrich lead · "acme"`; '' when nothing is filtered. */
export function describeFilter(filter: ExplorerFilter): string {
  const parts: string[] = [];
  if (filter.runStatuses.length > 0) parts.push(filter.runStatuses.join(', '));
  if (filter.workflow) parts.push(treeItemText(filter.workflow.name, 80));
  if (filter.batch) parts.push(`batch ${treeItemText(filter.batch.uuid.slice(0, 8), 8)}`);
  if (filter.recordQuery) parts.push(`"${treeItemText(filter.recordQuery, 80)}"`);
  return parts.join(' · ');
}

/** Longer text is no record title or id: a paste that brought more along. */
export const MAX_RECORD_QUERY_CHARS = 256;

/**
 * "Filter Runs by Record" as typed: the text to look for ('' clears the filter), or why it cannot be,
 * in one line that says what the box takes. The text goes to Cargo in a request body, never in a URL,
 * so slashes, dots and links are looked for as they are.
 */
export function readRecordQuery(
  text: string,
): { readonly query: string; readonly problem?: undefined } | { readonly query?: undefined; readonly problem: string } {
  const query = text.trim();
  const length = [...query].length;
  const expected = 'Type part of a record title, or a record id (empty clears the filter).';
  if (length > MAX_RECORD_QUERY_CHARS) {
    return {
      problem: `This is ${length.toLocaleString('en-US')} characters long; a record title or id to look for has at most ${MAX_RECORD_QUERY_CHARS}. ${expected}`,
    };
  }
  const unusual = unusualCharacter(query);
  if (unusual) return { problem: `This has a control character in it (${unusual}). ${expected}` };
  return { query };
}
