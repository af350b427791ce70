// The retries started from VS Code, followed to their end without asking Cargo anything of their own:
// whoever already refreshes the batch (the Runs view's change detection) tells this what it saw, and
// the end of a retry is said once: how many runs now succeeded and how many failed again.
import { isFinishedBatchStatus, type Batch } from '../api';
import { pluralInFull } from '../shared/format';

/** The end of a followed retry, said once. */
export interface RetryEnd {
  readonly batch: Batch;
  readonly succeeded: number;
  readonly failedAgain: number;
  /** One sentence for a notification. */
  readonly text: string;
}

export class RetryFollowing {
  private readonly followed = new Set<string>();

  follow(batch: Batch): void {
    if (!isFinishedBatchStatus(batch.status)) this.followed.add(batch.uuid);
  }

  followedUuids(): readonly string[] {
    return [...this.followed];
  }

  /** A batch as just seen: its end, the first time a followed retry is seen finished. */
  seen(batch: Batch): RetryEnd | undefined {
    if (!this.followed.has(batch.uuid) || !isFinishedBatchStatus(batch.status)) return undefined;
    this.followed.delete(batch.uuid);
    return retryEnd(batch);
  }
}

export function retryEnd(batch: Batch): RetryEnd {
  const failedAgain = batch.failedRunsCount;
  const succeeded = Math.max(0, batch.executedRunsCount - failedAgain);
  const how = batch.status.known === 'cancelled' ? 'was cancelled' : batch.status.known === 'error' ? 'failed' : 'ended';
  const parts = [`${pluralInFull(succeeded, 'run')} now succeeded`, `${pluralInFull(failedAgain, 'run')} failed again`];
  const notRun = batch.runsCount - batch.executedRunsCount;
  if (notRun > 0) parts.push(`${pluralInFull(notRun, 'run')} did not finish`);
  return { batch, succeeded, failedAgain, text: `The retry of ${pluralInFull(batch.runsCount, 'run')} ${how}: ${parts.join(', ')}.` };
}
