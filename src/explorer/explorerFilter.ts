// What the runs explorer is narrowed to, and how that reads in the view's description.
import type { RunStatus } from '../api';
import { treeItemText } from '../shared/text';

export interface ExplorerFilter {
  /** Runs with one of these statuses; empty = all. */
  readonly runStatuses: readonly RunStatus[];
  /** Batches of this workflow only. */
  readonly workflow?: { readonly uuid: string; readonly name: string };
  /** Runs whose record title or id contains this. */
  readonly recordQuery?: string;
}

export const NO_FILTER: ExplorerFilter = { runStatuses: [] };

export function isFiltered(filter: ExplorerFilter): boolean {
  return filter.runStatuses.length > 0 || filter.workflow !== undefined || (filter.recordQuery ?? '') !== '';
}

export function filtersRuns(filter: ExplorerFilter): boolean {
  return filter.runStatuses.length > 0 || (filter.recordQuery ?? '') !== '';
}

/** e.g. `error, running · Enrich lead · "acme"`; '' when nothing is filtered. */
export function describeFilter(filter: ExplorerFilter): string {
  const parts: string[] = [];
  if (filter.runStatuses.length > 0) parts.push(filter.runStatuses.join(', '));
  if (filter.workflow) parts.push(treeItemText(filter.workflow.name, 80));
  if (filter.recordQuery) parts.push(`"${treeItemText(filter.recordQuery, 80)}"`);
  return parts.join(' · ');
}
