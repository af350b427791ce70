// What "Retry Failed Runs" acts on, decided from where it was invoked: a batch (its failed runs), a
// failure group (its runs), runs selected in the tree (those that failed), one failed run. Each place
// (the Runs view, the Failures view, a run panel) says what it has through RetrySource; the first that
// knows the argument wins, as for every command's target (commandTarget.ts).
import { type Batch, type Run } from '../api';
import type { CommandTarget, TargetSource } from './commandTarget';
import type { RetryTarget } from './retryRequests';

/** A place a retry can be invoked from. */
export interface RetrySource {
  /**
   * The target of an argument this source made (one of its rows, with the rows selected beside it), else
   * undefined. `oneRun`: "Retry from Failed Node", which acts on the one run invoked on, not its batch.
   */
  retryTargetOf(arg: unknown, selection: unknown, oneRun: boolean): RetryChoice | undefined;
  /** What is selected or active in it, for the palette or a title button. */
  selectedRetryTarget(oneRun: boolean): RetryChoice | undefined;
}

/** A target, the batch of a run (read it to know its failures: one request), or why there is none (said to the person). */
export type RetryChoice =
  | { readonly kind: 'target'; readonly target: RetryTarget }
  | { readonly kind: 'batchOf'; readonly batchUuid: string }
  | { readonly kind: 'none'; readonly why: string };

export function resolveRetryTarget(sources: readonly RetrySource[], arg: unknown, selection: unknown, oneRun = false): RetryChoice | undefined {
  if (arg !== undefined && arg !== null) {
    for (const source of sources) {
      const choice = source.retryTargetOf(arg, selection, oneRun);
      if (choice) return choice;
    }
  }
  for (const source of sources) {
    const choice = source.selectedRetryTarget(oneRun);
    if (choice) return choice;
  }
  return undefined;
}

/**
 * A source of command targets (the run panels) as a source of retries: a run's panel retries its batch's
 * failed runs ("Retry Failed Runs…"), or that run alone ("Retry from Failed Node", or a run in no batch).
 */
export function retrySourceOf(source: TargetSource): RetrySource {
  const choose = (target: CommandTarget | undefined, oneRun: boolean): RetryChoice | undefined => {
    if (target?.kind === 'batch') return batchRetry(target.batch);
    if (target?.kind !== 'run' || !target.run) return undefined;
    if (oneRun || !target.run.batchUuid) return runsRetry([target.run]);
    return { kind: 'batchOf', batchUuid: target.run.batchUuid };
  };
  return {
    retryTargetOf: (arg, _selection, oneRun) => choose(source.targetOf(arg), oneRun),
    selectedRetryTarget: (oneRun) => choose(source.selected(), oneRun),
  };
}

/** A batch's failed runs. */
export function batchRetry(batch: Pick<Batch, 'uuid' | 'workflowUuid' | 'releaseUuid' | 'failedRunsCount'>): RetryChoice {
  if (batch.failedRunsCount === 0) return { kind: 'none', why: 'No run of this batch failed: there is nothing to retry.' };
  return {
    kind: 'target',
    target: {
      workflowUuid: batch.workflowUuid,
      releaseUuid: batch.releaseUuid,
      runs: { kind: 'batch', batchUuid: batch.uuid, failedCount: batch.failedRunsCount },
    },
  };
}

/** Runs by uuid: those of them that failed, all of one workflow and release (a retry is one workflow's batch). */
export function runsRetry(runs: readonly Pick<Run, 'uuid' | 'workflowUuid' | 'releaseUuid' | 'status'>[]): RetryChoice {
  const failed = runs.filter((run) => run.status.known === 'error');
  const first = failed[0];
  if (!first)
    return {
      kind: 'none',
      why: runs.length === 1 ? 'This run did not fail: there is nothing to retry.' : 'None of the selected runs failed: there is nothing to retry.',
    };
  if (failed.some((run) => run.workflowUuid !== first.workflowUuid))
    return { kind: 'none', why: 'The selected runs are of different workflows: select the failed runs of one workflow to retry them together.' };
  if (failed.some((run) => (run.releaseUuid ?? null) !== (first.releaseUuid ?? null)))
    return { kind: 'none', why: 'The selected runs ran different releases of the workflow: select runs of one release to retry them together.' };
  return {
    kind: 'target',
    target: { workflowUuid: first.workflowUuid, releaseUuid: first.releaseUuid, runs: { kind: 'uuids', uuids: failed.map((run) => run.uuid) } },
  };
}

/** A failure group's runs (all failed, of the batch's workflow and release). */
export function groupRetry(batch: Pick<Batch, 'workflowUuid' | 'releaseUuid'>, runUuids: readonly string[]): RetryChoice {
  if (runUuids.length === 0) return { kind: 'none', why: 'This group has no runs to retry.' };
  return { kind: 'target', target: { workflowUuid: batch.workflowUuid, releaseUuid: batch.releaseUuid, runs: { kind: 'uuids', uuids: runUuids } } };
}
