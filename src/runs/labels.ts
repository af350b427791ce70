// How runs' parts are named wherever they are shown: a node by its name with its slug beside it, a
// batch by its workflow's name, what it ran on and when. Plain text: each sink makes it safe.
import type { Batch } from '../api';
import { formatRelativeTime } from '../shared/format';
import { firstVisible, treeItemText } from '../shared/text';

/**
 * "Enrich contact (clearbit_enrich)"; the slug alone when the node has no other name; the name alone when
 * the slug is the name but for case ("Start", not "Start (start)").
 */
export function nodeLabel(node: { readonly name?: string | null | undefined; readonly slug: string }): string {
  const name = firstVisible(node.name);
  if (!name || name === node.slug) return node.slug;
  return name.toLowerCase() === node.slug.toLowerCase() ? name : `${name} (${node.slug})`;
}

/** A run by its record: its title, else its record's id, else what it is. Plain text: each sink makes it safe. */
export function runRecordLabel(run: { readonly recordTitle?: string | null | undefined; readonly recordId?: string | null | undefined }): string {
  return firstVisible(run.recordTitle, run.recordId) ?? 'a run without a record';
}

const DATA_KIND_LABELS: Readonly<Record<string, string>> = {
  segment: 'Segment',
  change: 'Segment change',
  filter: 'Filter',
  recordIds: 'Record ids',
  watchedRecords: 'Watched records',
  records: 'Records',
  file: 'File',
  runs: 'Re-run',
  group: 'Group',
  schedule: 'Schedule',
  form: 'Form',
};

/** What a batch ran on: "Records", "Segment", or Cargo's own word for a kind this version does not know. */
export function batchKindLabel(batch: Batch): string {
  if (!batch.data) return 'Batch';
  return DATA_KIND_LABELS[batch.data.kind.known] ?? treeItemText(firstVisible(batch.data.kind.raw) ?? 'Batch', 40);
}

/**
 * "New signups enrichment · Records · 2 min ago": a batch as its row in the Runs view names it, and as
 * the Failures view's title does. Without the workflow's name (under its workflow's group, which says
 * it; a name that could not be had), "Records · 2 min ago".
 */
export function batchLabel(batch: Batch, workflowName: string | null | undefined, now: number = Date.now()): string {
  const name = firstVisible(workflowName);
  const rest = `${batchKindLabel(batch)} · ${formatRelativeTime(batch.createdAt, now)}`;
  return name ? `${treeItemText(name, 80)} · ${rest}` : rest;
}
