// How a batch stands, as every place that shows one says it (the Runs view's row, the Failures view's
// header): one rule, so that a batch of "1k runs · 73 failed" never reads as a success in one of them.
// Cargo marks a batch `success` once it has gone through its records, whatever its runs did.
import type { Batch } from '../api';
import { STATE_ICONS, type IconSpec } from './statusIcons';

export type BatchOutcome =
  | 'pending'
  | 'running'
  | 'succeeded'
  /** Finished, and some of its runs failed (or, still going, so many that Cargo calls it unhealthy). */
  | 'someFailed'
  | 'failed'
  | 'cancelled'
  | 'skipped'
  | 'unknown';

/** What the rule reads of a batch (a Batch fits). */
export type BatchState = Pick<Batch, 'status' | 'runsStatus' | 'failedRunsCount'>;

export function batchOutcome(batch: BatchState): BatchOutcome {
  const status = batch.status.known;
  if (status === 'error') return 'failed';
  if (batch.runsStatus?.known === 'unhealthy') return 'someFailed';
  switch (status) {
    case 'success':
      return batch.failedRunsCount > 0 ? 'someFailed' : 'succeeded';
    case 'pending':
      return 'pending';
    case 'syncing':
    case 'querying':
    case 'running':
    case 'cancelling':
      return 'running';
    case 'cancelled':
      return 'cancelled';
    case 'skipped':
      return 'skipped';
    default:
      return 'unknown';
  }
}

const OUTCOME_ICONS: Readonly<Record<BatchOutcome, IconSpec>> = {
  pending: STATE_ICONS.pending,
  running: STATE_ICONS.running,
  succeeded: STATE_ICONS.success,
  someFailed: STATE_ICONS.warning,
  failed: STATE_ICONS.error,
  cancelled: STATE_ICONS.cancelled,
  skipped: STATE_ICONS.skipped,
  unknown: STATE_ICONS.unknown,
};

export function batchOutcomeIcon(outcome: BatchOutcome): IconSpec {
  return OUTCOME_ICONS[outcome];
}
