// POST /batches with `data.kind: "runs"` (a tool's retry): a batch that runs earlier runs of the workflow
// again, each from the node its `reset.from` names. The executions before that node are kept: the new run
// shows them as the original ran them (times, status, texts), but they are not run again and cost no
// credits. A failure whose cause is transient passes on retry; a persistent one fails again at the same
// node with the same error template. The choices Cargo's docs leave open: test/README.md, "Retries".
import { MAX_RETRY_RUN_UUIDS } from '../../src/api/limits';
import { matchingRuns, readRunFilter, type RunFilter } from './filters';
import { runStateAt } from './lifecycle';
import {
  childIndexOf,
  FINISHED_RUN_STATUSES,
  newSimRun,
  releaseUuidOf,
  type ExecutionState,
  type SimBatch,
  type SimNode,
  type SimRun,
  type SimStep,
  type SimWorkflow,
  type World,
} from './model';
import { ApiError, Params } from './params';
import { rngFor } from './random';
import { profileFor, type Profile } from './records';
import type { BatchData } from './types';

/** Where the runs of a retry start again. */
export type Reset = { from: 'lastNode' | 'firstNode' | 'nextNode' } | { from: 'node'; node: SimNode };

export interface RetryPlan {
  /** `{kind: "runs", filter, reset}` as sent: the new batch's link to what it retried. */
  data: BatchData;
  /** The finished runs of the workflow the filter matches, oldest first (the order their retries are created in). */
  originals: SimRun[];
  reset: Reset;
}

/** The fields of Cargo's RunsFilter (kind "runs"); any other is refused, as a typo would widen the retry. */
const FILTER_FIELDS: ReadonlySet<string> = new Set([
  'kind',
  'releaseUuid',
  'batchUuid',
  'parentBatchUuid',
  'parentRunUuid',
  'parentNodeUuid',
  'isGroupParent',
  'executionsFilter',
  'createdAfter',
  'createdBefore',
  'uuids',
  'recordId',
  'recordTitle',
  'recordTitleOrId',
  'statuses',
]);

const invalidData = (message: string) => new ApiError(400, 'dataError', message, { dataError: { reason: 'invalidData' } });
const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/** Checks `data` of a retry of `workflow` (a tool's) and finds the runs it retries; throws ApiError like the endpoint answers. */
export function planRetry(world: World, workflow: SimWorkflow, data: Record<string, unknown>, now: number): RetryPlan {
  const filter = readFilter(data.filter);
  const reset = readReset(workflow, data.reset);
  const originals = matchingRuns(world, { ...filter, workflowUuid: workflow.uuid }, now)
    .filter((run) => FINISHED_RUN_STATUSES.has(runStateAt(world, run, now).status))
    .reverse();
  if (originals.length === 0)
    throw new ApiError(400, 'dataError', 'No finished run of the workflow matches data.filter', { dataError: { reason: 'noRecords' } });
  return { data: { kind: 'runs', filter: data.filter, reset: data.reset } as BatchData, originals, reset };
}

function readFilter(filter: unknown): RunFilter {
  if (!isObject(filter)) throw invalidData('data.filter is required and must be an object');
  if (filter.kind === 'records') throw invalidData('data.filter.kind "records" is not supported by the simulator; use kind "runs"');
  if (filter.kind !== 'runs') throw invalidData('data.filter.kind must be "runs"');
  const unknown = Object.keys(filter).find((key) => !FILTER_FIELDS.has(key));
  if (unknown !== undefined) throw invalidData(`data.filter.${unknown} is not a field of a runs filter`);
  const { uuids } = filter;
  if (Array.isArray(uuids) && uuids.length > MAX_RETRY_RUN_UUIDS) {
    throw invalidData(`data.filter.uuids names ${uuids.length} runs; at most ${MAX_RETRY_RUN_UUIDS} may be named in one batch`);
  }
  try {
    const read = readRunFilter(new Params(filter));
    return { ...read, uuids: read.uuids?.map((uuid) => uuid.toLowerCase()), batchUuid: read.batchUuid?.toLowerCase() };
  } catch (error) {
    throw error instanceof ApiError ? invalidData(`data.filter: ${error.message}`) : error;
  }
}

function readReset(workflow: SimWorkflow, reset: unknown): Reset {
  if (!isObject(reset)) throw invalidData('data.reset is required and must be an object {from}');
  switch (reset.from) {
    case 'lastNode':
    case 'firstNode':
    case 'nextNode':
      return { from: reset.from };
    case 'node': {
      if (typeof reset.nodeUuid !== 'string') throw invalidData('data.reset.nodeUuid is required with from "node"');
      const nodeUuid = reset.nodeUuid.toLowerCase();
      const node = workflow.nodes.find((n) => n.uuid === nodeUuid);
      if (!node) throw new ApiError(400, 'nodesNotFound', `Node ${reset.nodeUuid} is not a node of the workflow's release`);
      return { from: 'node', node };
    }
    default:
      throw invalidData('data.reset.from must be one of lastNode, firstNode, nextNode, node');
  }
}

/**
 * Whether a run's failure at `step` passes when run again: its batch's cause says (see planCauses); a
 * failure its record forces (`__simFailAt`) and a retry's (only persistent causes fail again) do not; a
 * failure outside any cause (a run started on its own) does.
 */
export function failurePassesOnRetry(run: SimRun, step: SimStep): boolean {
  if (run.retryOf || typeof run.input?.__simFailAt === 'string') return false;
  const cause = run.batch?.causes.find((c) => c.slug === step.node.blueprint.slug && c.template === step.errorIndex);
  return cause?.transient ?? true;
}

/** The retry of `original` in `batch`, its steps planned: the kept executions, then the nodes run again from the reset point. */
export function retryRun(world: World, batch: SimBatch, key: string, original: SimRun, reset: Reset, startAt: number, stepMs: number, now: number): SimRun {
  const run = newSimRun(world.seed, {
    key,
    workflow: batch.workflow,
    batch,
    recordId: original.recordId,
    recordTitle: original.recordTitle,
    recordKey: original.recordKey,
    input: original.input,
    releaseUuid: batch.releaseUuid ?? releaseUuidOf(original),
    userUuid: batch.userUuid,
    createdAt: batch.runsAt,
    startAt,
    stepMs,
    outcome: 'success',
    retryOf: original,
    ...(original.hostile && { hostile: original.hostile }),
  });
  const state = runStateAt(world, original, now);
  const profile = profileFor(world.seed, original.recordKey, original.input);
  const [keptCount, from] = resetPoint(batch.workflow, state.executions, reset, profile);
  const steps: SimStep[] = state.executions.slice(0, keptCount).map((e) => ({
    ...e.step,
    status: e.status === 'error' ? 'error' : 'success',
    end: e.finishedAt ?? e.step.end,
    credits: 0,
    keptFrom: e.step.keptFrom ?? original,
  }));
  const failed = state.status === 'error' ? state.errorStep : null;
  const failsAgain = failed && !failurePassesOnRetry(original, failed) ? failed : undefined;
  const rng = rngFor(world.seed, 'steps', key);
  let time = startAt;
  for (let node: SimNode | null = from; node;) {
    const behaviour = node.blueprint.behaviour;
    const fails = failsAgain?.node === node;
    const childIndex = fails ? null : childIndexOf(node, profile);
    const next: SimNode | null = childIndex === null ? null : (node.children[childIndex] ?? null);
    steps.push({
      index: steps.length,
      node,
      start: time,
      end: time + stepMs,
      status: fails ? 'error' : 'success',
      childIndex,
      next,
      credits: fails ? 0 : rng.int(behaviour.credits[0], behaviour.credits[1]),
      errorIndex: fails ? failsAgain.errorIndex : 0,
    });
    time += stepMs;
    if (fails) run.outcome = 'error';
    node = next;
  }
  run.steps = steps;
  return run;
}

/** How many of the original's executions are kept, and the node the retry runs first (null: none, it only keeps). */
function resetPoint(workflow: SimWorkflow, executed: readonly ExecutionState[], reset: Reset, profile: Profile): [number, SimNode | null] {
  const last = executed[executed.length - 1];
  switch (reset.from) {
    case 'firstNode':
      return [0, workflow.start];
    case 'lastNode':
      return last ? [executed.length - 1, last.step.node] : [0, workflow.start];
    case 'nextNode': {
      if (!last) return [0, workflow.start];
      const childIndex = childIndexOf(last.step.node, profile);
      return [executed.length, childIndex === null ? null : (last.step.node.children[childIndex] ?? null)];
    }
    case 'node': {
      const at = executed.findIndex((e) => e.step.node === reset.node);
      return [at >= 0 ? at : executed.length, reset.node];
    }
  }
}
