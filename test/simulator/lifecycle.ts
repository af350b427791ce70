// What a run or batch looks like at a given moment. Everything is derived from the entity's plan and
// the wall clock when a request arrives; runs and batches that can no longer change are cached.
import { rngFor } from './random';
import { profileFor, type Profile } from './records';
import type { BatchState, ExecutionState, RunState, SimBatch, SimRun, SimStep, World } from './model';
import { FINISHED_BATCH_STATUSES, FINISHED_RUN_STATUSES } from './model';

/** The nodes a run goes through, when, and how each ends (built once per run). */
export function stepsOf(world: World, run: SimRun, knownProfile?: Profile): SimStep[] {
  if (run.steps) return run.steps;
  const rng = rngFor(world.seed, 'steps', run.key);
  const profile = knownProfile ?? profileFor(world.seed, run.recordKey, run.input);

  const path: { node: SimStep['node']; childIndex: number | null }[] = [];
  for (let node: SimStep['node'] | undefined = run.workflow.start; node;) {
    let childIndex: number | null = node.children.length > 0 ? (node.blueprint.behaviour.branch?.(profile) ?? 0) : null;
    if (childIndex === -1) childIndex = null;
    path.push({ node, childIndex });
    node = childIndex === null ? undefined : node.children[childIndex];
  }

  const failing = new Set<number>();
  const failAt = run.outcome === 'skipped' ? -1 : forcedFailure(path, run.input, profile);
  if (failAt >= 0) {
    failing.add(failAt);
    const failed = path[failAt] as (typeof path)[number];
    // A node with a fallback fails and the run carries on, as the workflow says; any other ends the run.
    if (failed.node.blueprint.fallbackOnFailure) {
      run.outcome = 'success';
    } else {
      run.outcome = 'error';
      path.length = failAt + 1;
      failed.childIndex = null;
    }
  } else if (run.outcome === 'error') {
    const candidates = path
      .map((entry, i) => ({ entry, i }))
      .filter(({ entry, i }) => i > 0 && !entry.node.blueprint.fallbackOnFailure && entry.node.blueprint.behaviour.errors(profile).length > 0)
      .map(({ i }) => i);
    if (candidates.length === 0) {
      run.outcome = 'success';
    } else {
      const at = rng.pick(candidates);
      path.length = at + 1;
      (path[at] as (typeof path)[number]).childIndex = null;
      failing.add(at);
    }
  } else if (run.outcome === 'success' && run.input === undefined) {
    // Now and then a node with a fallback fails and the run carries on: a successful run with a red node.
    const soft = path.map((entry, i) => ({ entry, i })).filter(({ entry }) => entry.node.blueprint.fallbackOnFailure);
    if (soft.length > 0 && rng.chance(0.15)) failing.add(rng.pick(soft).i);
  }

  let time = run.startAt;
  run.steps = path.map(({ node, childIndex }, index) => {
    const behaviour = node.blueprint.behaviour;
    const duration = run.stepMs ?? rng.int(behaviour.durationMs[0], behaviour.durationMs[1]);
    const failed = failing.has(index);
    const errorCount = behaviour.errors(profile).length;
    const step: SimStep = {
      index,
      node,
      start: time,
      end: time + duration,
      status: failed ? 'error' : 'success',
      childIndex,
      next: childIndex === null ? null : (node.children[childIndex] ?? null),
      credits: failed ? 0 : rng.int(behaviour.credits[0], behaviour.credits[1]),
      errorIndex: errorCount > 0 ? rng.int(0, errorCount - 1) : 0,
    };
    time = step.end;
    return step;
  });
  return run.steps;
}

/**
 * `__simFailAt: '<node slug>'` in a run's input: the index of that node on the run's path, or -1 when
 * it is not on the path (the path follows the data through branches and filters) or has no way to fail
 * (start and end nodes). Then the run ends as it would have without it.
 */
function forcedFailure(path: { node: SimStep['node'] }[], input: Record<string, unknown> | undefined, profile: Profile): number {
  const slug = input?.__simFailAt;
  if (typeof slug !== 'string') return -1;
  const index = path.findIndex(({ node }) => node.blueprint.slug === slug);
  return index >= 0 && (path[index] as (typeof path)[number]).node.blueprint.behaviour.errors(profile).length > 0 ? index : -1;
}

/** When the run's last execution ends (or would have ended). */
export function plannedEnd(world: World, run: SimRun): number {
  if (run.outcome === 'skipped') return run.startAt;
  const steps = stepsOf(world, run);
  return steps.length > 0 ? (steps[steps.length - 1] as SimStep).end : run.startAt;
}

/** Runs created after their batch was cancelled never come to exist. */
export function isVisible(run: SimRun, now: number): boolean {
  if (run.createdAt > now) return false;
  const cancelAt = run.batch?.cancelAt;
  return cancelAt === undefined || run.createdAt <= cancelAt;
}

export function runStateAt(world: World, run: SimRun, now: number): RunState {
  if (run.final) return run.final;
  const steps = run.outcome === 'skipped' ? [] : stepsOf(world, run);
  const cancelAt = run.cancelAt;
  const cutoff = cancelAt === undefined ? now : Math.min(now, cancelAt);
  const executions: ExecutionState[] = [];
  let creditsUsed = 0;
  let updatedAt = run.createdAt;
  for (const step of steps) {
    if (step.start > cutoff) break;
    if (step.end <= cutoff) {
      executions.push({ step, status: step.status, finishedAt: step.end, cancelled: false });
      creditsUsed += step.credits;
      updatedAt = Math.max(updatedAt, step.end);
    } else {
      executions.push({ step, status: 'pending', finishedAt: null, cancelled: false });
      updatedAt = Math.max(updatedAt, step.start);
    }
  }

  const state: RunState = { status: 'running', executions, creditsUsed, updatedAt, finishedAt: null, errorStep: null };
  const endAt = plannedEnd(world, run);
  if (cancelAt !== undefined && now >= cancelAt) {
    const doneAt = cancelAt + world.stepMs;
    state.updatedAt = Math.max(updatedAt, cancelAt);
    if (now < doneAt) {
      state.status = 'cancelling';
    } else {
      state.status = 'cancelled';
      state.finishedAt = doneAt;
      state.updatedAt = doneAt;
      const inFlight = executions[executions.length - 1];
      if (inFlight && inFlight.status === 'pending') {
        inFlight.status = 'error';
        inFlight.finishedAt = doneAt;
        inFlight.cancelled = true;
      }
    }
  } else if (run.outcome === 'skipped' && now >= run.startAt) {
    state.status = 'skipped';
    state.finishedAt = run.startAt;
    state.updatedAt = run.startAt;
  } else if (now < run.startAt) {
    state.status = now < run.startAt - world.stepMs ? 'idle' : 'pending';
  } else if (now < endAt) {
    state.status = 'running';
  } else {
    state.status = run.outcome;
    state.finishedAt = endAt;
    state.updatedAt = endAt;
    state.errorStep = run.outcome === 'error' ? (steps[steps.length - 1] ?? null) : null;
  }
  if (FINISHED_RUN_STATUSES.has(state.status)) run.final = state;
  return state;
}

export function batchStateAt(world: World, batch: SimBatch, now: number): BatchState {
  if (batch.final) return batch.final;
  let runsCount = 0;
  let executedRunsCount = 0;
  let failedRunsCount = 0;
  let creditsUsedCount = 0;
  let allRunsFinished = true;
  let lastRunFinish = batch.runsAt;
  let updatedAt = batch.createdAt;
  for (const run of batch.runs) {
    if (!isVisible(run, now)) continue;
    const state = runStateAt(world, run, now);
    runsCount++;
    creditsUsedCount += state.creditsUsed;
    if (state.status === 'success' || state.status === 'error') executedRunsCount++;
    if (state.status === 'error') failedRunsCount++;
    if (state.finishedAt === null) allRunsFinished = false;
    else lastRunFinish = Math.max(lastRunFinish, state.finishedAt);
    updatedAt = Math.max(updatedAt, state.updatedAt);
  }
  for (const event of [batch.queryAt, batch.runsAt]) if (event <= now) updatedAt = Math.max(updatedAt, event);

  const state: BatchState = {
    status: 'running',
    runsStatus: null,
    runsCount,
    executedRunsCount,
    failedRunsCount,
    creditsUsedCount,
    updatedAt,
    finishedAt: null,
    errorMessage: null,
  };
  const { skipAt, errorAt, cancelAt } = batch;
  if (skipAt !== undefined) {
    state.status = now >= skipAt ? 'skipped' : 'pending';
    if (now >= skipAt) state.finishedAt = skipAt;
  } else if (errorAt !== undefined && now >= errorAt && (cancelAt === undefined || errorAt < cancelAt)) {
    state.status = 'error';
    state.finishedAt = errorAt;
    state.errorMessage = batch.errorMessage ?? 'Batch failed';
  } else if (cancelAt !== undefined && now >= cancelAt) {
    const doneAt = cancelAt + world.stepMs;
    state.status = now < doneAt ? 'cancelling' : 'cancelled';
    if (now >= doneAt) state.finishedAt = Math.max(doneAt, allRunsFinished ? lastRunFinish : doneAt);
  } else if (now < batch.queryAt) {
    state.status = 'pending';
  } else if (now < batch.runsAt) {
    state.status = batch.preRunStatus;
  } else if (allRunsFinished) {
    state.status = 'success';
    state.finishedAt = lastRunFinish;
  }
  if (state.finishedAt !== null) state.updatedAt = Math.max(state.updatedAt, state.finishedAt);
  if (executedRunsCount > 0) {
    state.runsStatus = (failedRunsCount * 100) / executedRunsCount > batch.workflow.blueprint.healthThreshold ? 'unhealthy' : 'healthy';
  }
  if (FINISHED_BATCH_STATUSES.has(state.status) && allRunsFinished) batch.final = state;
  return state;
}

/** Cancels a run that has not finished; false when there was nothing to cancel. */
export function cancelRun(world: World, run: SimRun, now: number): boolean {
  if (run.cancelAt !== undefined || !isVisible(run, now)) return false;
  if (FINISHED_RUN_STATUSES.has(runStateAt(world, run, now).status)) return false;
  run.cancelAt = now;
  return true;
}

export function cancelBatch(world: World, batch: SimBatch, now: number): 'cancelled' | 'alreadyFinished' {
  const state = batchStateAt(world, batch, now);
  if (FINISHED_BATCH_STATUSES.has(state.status)) return 'alreadyFinished';
  if (batch.cancelAt !== undefined) return 'cancelled';
  for (const run of batch.runs) cancelRun(world, run, now);
  batch.cancelAt = now;
  return 'cancelled';
}
