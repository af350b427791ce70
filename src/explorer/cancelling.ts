// Cancel Run / Cancel Batch without VS Code: one request, never retried, and what came of it in the
// user's words. A batch Cargo says has finished has nothing left to cancel: that is not a failure (a
// cancel whose answer was lost, tried again, meets it).
import { CargoApiError, type CargoClient } from '../api';
import { errorText } from '../shared/text';

export type CancelOutcome =
  | { readonly kind: 'cancelled' }
  /** Cargo says it has finished already: nothing is left to cancel. */
  | { readonly kind: 'finished'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string; readonly error: unknown };

export async function cancelBatchNow(client: CargoClient, batchUuid: string, signal?: AbortSignal): Promise<CancelOutcome> {
  try {
    await client.cancelBatch(batchUuid, signal);
    return { kind: 'cancelled' };
  } catch (error) {
    if (error instanceof CargoApiError && error.reason === 'batchAlreadyFinished')
      return { kind: 'finished', message: 'The batch has already finished: there is nothing left to cancel.' };
    return { kind: 'failed', message: `Could not cancel the batch: ${errorText(error, 500)}`, error };
  }
}

/** Cargo ignores runs of the list that have finished: cancelling one is not an error. */
export async function cancelRunNow(
  client: CargoClient,
  run: { readonly uuid: string; readonly workflowUuid: string },
  signal?: AbortSignal,
): Promise<CancelOutcome> {
  try {
    await client.cancelRuns({ workflowUuid: run.workflowUuid, uuids: [run.uuid] }, signal);
    return { kind: 'cancelled' };
  } catch (error) {
    return { kind: 'failed', message: `Could not cancel the run: ${errorText(error, 500)}`, error };
  }
}
