// "Show Failures" from the palette, with no batch to act on: a pick of the recent batches, those with
// failed runs first, each named as the Runs view names it. Pure: the adapter shows the rows.
import { isFinishedBatchStatus, type Batch } from '../api';
import { batchOutcome, batchOutcomeIcon } from '../runs/batchOutcome';
import { batchLabel } from '../runs/labels';
import { formatCountInFull, pluralInFull } from '../shared/format';
import { quickPickText } from '../shared/text';

/** How many recent batches the pick lists: one request. */
export const BATCHES_TO_PICK = 50;

export interface BatchPickRow {
  readonly label: string;
  readonly detail: string;
  readonly batch: Batch;
}

export interface BatchPickRows {
  /** Newest first. */
  readonly withFailures: readonly BatchPickRow[];
  /** Newest first. */
  readonly withoutFailures: readonly BatchPickRow[];
}

/**
 * The batches as rows of a pick: the icon and label of the Runs view's row ("New signups enrichment ·
 * Records · 2 min ago"), and what failed under it; every text from Cargo made safe for a pick.
 */
export function batchPickRows(batches: readonly Batch[], names: ReadonlyMap<string, string>, now = Date.now()): BatchPickRows {
  const newestFirst = [...batches].sort((a, b) => (Date.parse(b.createdAt) || 0) - (Date.parse(a.createdAt) || 0));
  const row = (batch: Batch): BatchPickRow => {
    const failed =
      batch.failedRunsCount > 0
        ? `${formatCountInFull(batch.failedRunsCount)} of ${pluralInFull(batch.runsCount, 'run')} failed`
        : `${pluralInFull(batch.runsCount, 'run')}, none failed`;
    return {
      label: `$(${batchOutcomeIcon(batchOutcome(batch)).id}) ${quickPickText(batchLabel(batch, names.get(batch.workflowUuid), now), 140)}`,
      detail: `${failed}${isFinishedBatchStatus(batch.status) ? '' : ' so far (still running)'}`,
      batch,
    };
  };
  return {
    withFailures: newestFirst.filter((batch) => batch.failedRunsCount > 0).map(row),
    withoutFailures: newestFirst.filter((batch) => batch.failedRunsCount <= 0).map(row),
  };
}
