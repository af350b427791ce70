// What comparing two runs shows besides the documents: the diff editor's title, the runs to pick from
// ("Compare with…"), and what is said when there is nothing to compare with. Pure; run data passes
// through the sink function of the place it is shown.
import { runRecordLabel } from '../runs/labels';
import type { Run } from '../api';
import { formatRelativeTime } from '../shared/format';
import { notificationText, plainText, quickPickText } from '../shared/text';

type NamedRun = Pick<Run, 'recordTitle' | 'recordId' | 'status' | 'createdAt'>;

/** "Atlas AI (success, 2 h ago)": one run of a comparison, by its record, status and age. */
function runName(run: NamedRun, now: number): string {
  return `${plainText(runRecordLabel(run), 60)} (${plainText(run.status.raw, 20)}, ${formatRelativeTime(run.createdAt, now)})`;
}

/** The diff editor's title (one line of plain text): the baseline, then the run compared with it. */
export function comparisonTitle(baseline: NamedRun, run: NamedRun, now: number = Date.now()): string {
  return plainText(`${runName(baseline, now)} ↔ ${runName(run, now)}`, 200);
}

export interface RunPickRow {
  readonly label: string;
  readonly description: string;
  readonly detail: string;
  /** What the row picks: a run's uuid, or undefined for the row that asks for a uuid or link. */
  readonly runUuid: string | undefined;
}

/** "Compare with…": the workflow's recent runs (quick-pick text, `$(…)` escaped), then a row to type a uuid or link. */
export function runPickRows(runs: readonly Run[], now: number = Date.now()): RunPickRow[] {
  return [
    ...runs.map((run) => ({
      label: quickPickText(runRecordLabel(run), 100),
      description: quickPickText(`${run.status.raw} · ${formatRelativeTime(run.createdAt, now)}`, 80),
      detail: quickPickText(run.errorMessage ? `${run.errorMessage}` : `Record ${run.recordId}`, 200),
      runUuid: run.uuid,
    })),
    { label: 'Another Run…', description: '', detail: 'Type or paste a run uuid, or a link to a run in Cargo', runUuid: undefined },
  ];
}

/** Said when the run's workflow has no successful run to compare with. */
export function noSuccessText(run: Pick<Run, 'recordTitle' | 'recordId'>): string {
  return notificationText(`No successful run of this workflow to compare the run of ${runRecordLabel(run)} with.`, 300);
}
