// What a run or batch looks like at a given moment. Everything is derived from the entity's plan and
// the wall clock when a request arrives; runs and batches that can no longer change are cached.
import { rngFor, type Rng } from './random';
import { profileFor, type Profile } from './records';
import type { BatchState, ExecutionState, RunState, SimBatch, SimNode, SimRun, SimStep, World } from './model';
import { childIndexOf, FINISHED_BATCH_STATUSES, FINISHED_RUN_STATUSES } from './model';

/** Where chance had put a run's failure, the run's stream just after, and its whole path then. */
interface ChancePlan {
  at: number;
  rng: Rng;
  nodes: SimNode[];
}

/** The nodes a run goes through, when, and how each ends (built once per run). */
export function stepsOf(world: World, run: SimRun, knownProfile?: Profile): SimStep[] {
  if (run.steps) return run.steps;
  const rng = rngFor(world.seed, 'steps', run.key);
  const profile = knownProfile ?? profileFor(world.seed, run.recordKey, run.input);

  const path: { node: SimNode; childIndex: number | null }[] = [];
  for (let node: SimNode | undefined = run.workflow.start; node;) {
    const childIndex = childIndexOf(node, profile);
    path.push({ node, childIndex });
    node = childIndex === null ? undefined : node.children[childIndex];
  }

  const failing = new Set<number>();
  /** The error template of the step at `templateAt`, when it is not left to chance. */
  let template: number | undefined;
  const failAt = run.outcome === 'skipped' ? -1 : forcedFailure(path, run.input);
  let templateAt = failAt;
  /** Where chance had put the failure, when the batch's causes moved it. */
  let chance: ChancePlan | undefined;
  if (failAt >= 0) {
    failing.add(failAt);
    const failed = path[failAt] as (typeof path)[number];
    template = forcedTemplate(world, run, failed.node);
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
      .filter(({ entry, i }) => i > 0 && !entry.node.blueprint.fallbackOnFailure && entry.node.blueprint.behaviour.errors.length > 0)
      .map(({ i }) => i);
    if (candidates.length === 0) {
      run.outcome = 'success';
    } else {
      // Drawn even when the batch's causes decide, so that the rest of the run's stream is the same either way.
      let at = rng.pick(candidates);
      const cause = causeOnPath(run, path, candidates);
      if (cause) {
        if (cause[0] !== at) chance = { at, rng: rng.clone(), nodes: path.map((entry) => entry.node) };
        [at, template] = cause;
      }
      templateAt = at;
      path.length = at + 1;
      (path[at] as (typeof path)[number]).childIndex = null;
      failing.add(at);
    }
  } else if (run.outcome === 'success' && run.input === undefined) {
    // Now and then a node with a fallback fails and the run carries on: a successful run with a red node.
    const soft = path.map((entry, i) => ({ entry, i })).filter(({ entry }) => entry.node.blueprint.fallbackOnFailure);
    if (soft.length > 0 && rng.chance(0.15)) failing.add(rng.pick(soft).i);
  }

  if (run.executionsCount !== undefined && run.executionsCount > path.length && path.length >= 3) {
    return (run.steps = manySteps(run, path, failing, rng, run.executionsCount));
  }
  let time = run.startAt;
  run.steps = path.map(({ node, childIndex }, index) => {
    const behaviour = node.blueprint.behaviour;
    const duration = run.stepMs ?? rng.int(behaviour.durationMs[0], behaviour.durationMs[1]);
    const failed = failing.has(index);
    const errorCount = behaviour.errors.length;
    const credits = failed ? 0 : rng.int(behaviour.credits[0], behaviour.credits[1]);
    const drawnError = errorCount > 0 ? rng.int(0, errorCount - 1) : 0;
    const step: SimStep = {
      index,
      node,
      start: time,
      end: time + duration,
      status: failed ? 'error' : 'success',
      childIndex,
      next: childIndex === null ? null : (node.children[childIndex] ?? null),
      credits,
      errorIndex: index === templateAt && template !== undefined ? template : drawnError,
    };
    time = step.end;
    return step;
  });
  if (chance) keepEnd(run, run.steps, chance);
  return run.steps;
}

/**
 * `__simExecutions: N`: the run's path with its middle nodes repeated until it has N executions (a long
 * loop), in the time its usual path takes, so that it ends as soon. Only its last execution can fail.
 */
function manySteps(run: SimRun, path: { node: SimNode; childIndex: number | null }[], failing: Set<number>, rng: Rng, count: number): SimStep[] {
  const middle = path.slice(1, -1);
  const last = path.length - 1;
  const entries = [path[0], ...Array.from({ length: count - 2 }, (_, i) => middle[i % middle.length]), path[last]] as typeof path;
  const span = path.length * (run.stepMs ?? 1000);
  return entries.map(({ node, childIndex }, index) => {
    const behaviour = node.blueprint.behaviour;
    const failed = index === count - 1 && failing.has(last);
    return {
      index,
      node,
      start: run.startAt + Math.floor((index * span) / count),
      end: run.startAt + Math.floor(((index + 1) * span) / count),
      status: failed ? 'error' : 'success',
      childIndex: index === count - 1 ? childIndex : null,
      next: index === count - 1 && childIndex !== null ? (node.children[childIndex] ?? null) : null,
      credits: failed ? 0 : rng.int(behaviour.credits[0], behaviour.credits[1]),
      errorIndex: 0,
    };
  });
}

/**
 * A run whose failure the batch's causes moved away from the node chance had picked still ends when it
 * would have ended there, so that its status at any moment, and the counts of its batch, do not depend
 * on the causes. A failure moved earlier lasts until then (a timeout); one moved later shares the time
 * of the step chance had picked with the steps it now runs after it.
 */
function keepEnd(run: SimRun, steps: SimStep[], chance: ChancePlan): void {
  // Chance's plan replayed from its stream: the draws the step loop of stepsOf made, step by step.
  const { rng, nodes, at } = chance;
  let end = run.startAt;
  for (let i = 0; i <= at; i++) {
    const behaviour = (nodes[i] as SimNode).blueprint.behaviour;
    end += run.stepMs ?? rng.int(behaviour.durationMs[0], behaviour.durationMs[1]);
    if (i < at) rng.int(behaviour.credits[0], behaviour.credits[1]);
    if (behaviour.errors.length > 0) rng.int(0, behaviour.errors.length - 1);
  }
  const last = steps.length - 1;
  if (last < at) {
    (steps[last] as SimStep).end = end;
    return;
  }
  // Steps before `at` are the same in both plans, so step `at` starts when chance's did.
  const from = (steps[at] as SimStep).start;
  const span = (steps[last] as SimStep).end - from;
  let time = from;
  for (let i = at; i <= last; i++) {
    const step = steps[i] as SimStep;
    const scaledEnd = i === last ? end : from + Math.round(((step.end - from) * (end - from)) / span);
    step.start = time;
    step.end = scaledEnd;
    time = scaledEnd;
  }
}

/**
 * `__simFailAt: '<node slug>'` in a run's input: the index of that node on the run's path, or -1 when
 * it is not on the path (the path follows the data through branches and filters) or has no way to fail
 * (start and end nodes). Then the run ends as it would have without it.
 */
function forcedFailure(path: { node: SimNode }[], input: Record<string, unknown> | undefined): number {
  const slug = input?.__simFailAt;
  if (typeof slug !== 'string') return -1;
  const index = path.findIndex(({ node }) => node.blueprint.slug === slug);
  return index >= 0 && (path[index] as (typeof path)[number]).node.blueprint.behaviour.errors.length > 0 ? index : -1;
}

/**
 * The error template of a failure forced by `__simFailAt`: the one `__simFailWith: '<template id>'`
 * names, else in a batch the one its failures at that node share, else left to chance (undefined).
 */
function forcedTemplate(world: World, run: SimRun, node: SimNode): number | undefined {
  const errors = node.blueprint.behaviour.errors;
  const named = errors.findIndex((t) => t.id === run.input?.__simFailWith);
  if (named >= 0) return named;
  return run.batch ? batchTemplateAt(world, run.batch, node) : undefined;
}

/** The template the failures of a batch at `node` follow: its cause's there, else one fixed by the batch and node. */
function batchTemplateAt(world: World, batch: SimBatch, node: SimNode): number {
  const cause = batch.causes.find((c) => c.slug === node.blueprint.slug);
  if (cause) return cause.template;
  return rngFor(world.seed, 'template', batch.uuid, node.blueprint.slug).int(0, Math.max(0, node.blueprint.behaviour.errors.length - 1));
}

/**
 * Where a failing run of a batch fails, and with which template: its own cause, else the batch's most
 * weighted cause on its path (a filter or branch may have sent the record past its cause's node).
 * Undefined for runs outside a batch: they fail anywhere, for any reason.
 */
function causeOnPath(run: SimRun, path: { node: SimNode }[], candidates: number[]): [number, number] | undefined {
  if (!run.cause || !run.batch) return undefined;
  for (const cause of [run.cause, ...run.batch.causes]) {
    const at = candidates.find((i) => (path[i] as (typeof path)[number]).node.blueprint.slug === cause.slug);
    if (at !== undefined) return [at, cause.template];
  }
  return undefined;
}

/** When the run's last execution ends (or would have ended). */
export function plannedEnd(world: World, run: SimRun): number {
  if (run.outcome === 'skipped') return run.startAt;
  const steps = stepsOf(world, run);
  // A retry that only keeps executions (reset after its original's last node) ends when it starts.
  return steps.length > 0 ? Math.max(run.startAt, (steps[steps.length - 1] as SimStep).end) : run.startAt;
}

/** Runs created after their batch was cancelled never come to exist. */
export function isVisible(run: SimRun, now: number): boolean {
  if (run.createdAt > now) return false;
  // A child run exists once its parent's node started it, which a cancel may have kept from happening.
  const parent = run.parent?.run;
  if (parent && (!isVisible(parent, now) || (parent.cancelAt !== undefined && run.createdAt > parent.cancelAt))) return false;
  const cancelAt = run.batch?.cancelAt;
  return cancelAt === undefined || run.createdAt <= cancelAt;
}

export function runStateAt(world: World, run: SimRun, now: number): RunState {
  if (run.final) return run.final;
  if (run.seen?.now === now) return run.seen.state;
  const steps = run.outcome === 'skipped' ? [] : stepsOf(world, run);
  const cancelAt = run.cancelAt;
  const cutoff = cancelAt === undefined ? now : Math.min(now, cancelAt);
  const executions: ExecutionState[] = [];
  let creditsUsed = 0;
  let updatedAt = run.createdAt;
  for (const step of steps) {
    if (step.start > cutoff) break;
    if (step.end <= cutoff) {
      executions.push({ step, status: step.status, finishedAt: step.end, cancelled: step.keptCancelled === true });
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
    const pendingAt = run.startAt - world.stepMs;
    state.status = now < pendingAt ? 'idle' : 'pending';
    // A change of status is an update: a client following updatedAt sees the run turn pending.
    if (state.status === 'pending') state.updatedAt = Math.max(updatedAt, pendingAt);
  } else if (now < endAt) {
    state.status = 'running';
  } else {
    state.status = run.outcome;
    state.finishedAt = endAt;
    state.updatedAt = endAt;
    state.errorStep = run.outcome === 'error' ? (steps[steps.length - 1] ?? null) : null;
  }
  if (FINISHED_RUN_STATUSES.has(state.status)) run.final = state;
  else run.seen = { now, state };
  return state;
}

export function batchStateAt(world: World, batch: SimBatch, now: number): BatchState {
  if (batch.final) return batch.final;
  if (batch.seen?.now === now) return batch.seen.state;
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
  else batch.seen = { now, state };
  return state;
}

/** Cancels a run that has not finished; false when there was nothing to cancel. */
export function cancelRun(world: World, run: SimRun, now: number): boolean {
  if (run.cancelAt !== undefined || !isVisible(run, now)) return false;
  if (FINISHED_RUN_STATUSES.has(runStateAt(world, run, now).status)) return false;
  run.cancelAt = now;
  run.seen = undefined;
  if (run.batch) run.batch.seen = undefined;
  for (const child of run.childRuns ?? []) cancelRun(world, child, now);
  return true;
}

export function cancelBatch(world: World, batch: SimBatch, now: number): 'cancelled' | 'alreadyFinished' {
  const state = batchStateAt(world, batch, now);
  if (FINISHED_BATCH_STATUSES.has(state.status)) return 'alreadyFinished';
  if (batch.cancelAt !== undefined) return 'cancelled';
  for (const run of batch.runs) cancelRun(world, run, now);
  batch.cancelAt = now;
  batch.seen = undefined;
  return 'cancelled';
}
