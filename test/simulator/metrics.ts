// runs/metrics and records/metrics: per node of a workflow, its executions by status and its credits,
// over the runs (or records) that match, at a given moment.
import { matchingRecords, runMatches, type RunFilter } from './filters';
import { isVisible, runStateAt } from './lifecycle';
import type { RunState, SimNode, SimRun, World } from './model';
import { invalidParameter, type Params } from './params';
import type { RecordStatus, RunStatus, WireRecordMetric, WireRunMetric } from './types';
import { recordStatusOf } from './views';
import { findWorkflow } from './world';

/** The filter of runs/metrics and records/metrics: `workflowUuid` (required), `releaseUuid`, `batchUuid`, `createdAfter`, `createdBefore`. */
export function readMetricsFilter(world: World, p: Params): RunFilter {
  const workflowUuid = p.uuid('workflowUuid')?.toLowerCase();
  if (workflowUuid === undefined) throw invalidParameter('workflowUuid', 'required');
  const filter: RunFilter = {
    workflowUuid,
    releaseUuid: p.uuid('releaseUuid')?.toLowerCase(),
    batchUuid: p.uuid('batchUuid')?.toLowerCase(),
    createdAfter: p.date('createdAfter'),
    createdBefore: p.date('createdBefore'),
  };
  findWorkflow(world, workflowUuid);
  return filter;
}

type Bucket = RunStatus;

interface Tally {
  total: number;
  credits: number;
  byStatus: Partial<Record<Bucket, number>>;
}

/**
 * What a run adds to each node's tally. An execution counts as `success` or `error` as it ended, as
 * `cancelled` when the run was cancelled while it was in flight (its "Run cancelled" error), and as
 * `running` while in flight (`cancelling` once the run is being cancelled). A run with no execution yet
 * (idle, pending, skipped, or cancelled before it started) counts once at the start node, under the
 * run's own status. So the start node's total is the number of runs, and each node's total the number
 * of runs that reached it.
 */
function tallyRun(run: SimRun, state: RunState, tallies: Map<SimNode, Tally>): void {
  const add = (node: SimNode, bucket: Bucket, credits: number) => {
    let tally = tallies.get(node);
    if (!tally) tallies.set(node, (tally = { total: 0, credits: 0, byStatus: {} }));
    tally.total++;
    tally.credits += credits;
    tally.byStatus[bucket] = (tally.byStatus[bucket] ?? 0) + 1;
  };
  if (state.executions.length === 0) {
    add(run.workflow.start, state.status, 0);
    return;
  }
  for (const execution of state.executions) {
    const { step } = execution;
    if (execution.status === 'success') add(step.node, 'success', step.credits);
    else if (execution.status === 'error') add(step.node, execution.cancelled ? 'cancelled' : 'error', 0);
    else add(step.node, state.status === 'cancelling' ? 'cancelling' : 'running', 0);
  }
}

/** Node tallies over `runs` (all of one workflow), in the workflow's node order, nodes without executions left out. */
function tallies(world: World, runs: Iterable<SimRun>, now: number): [SimNode, Tally][] {
  const byNode = new Map<SimNode, Tally>();
  let workflowNodes: SimNode[] = [];
  for (const run of runs) {
    workflowNodes = run.workflow.nodes;
    tallyRun(run, runStateAt(world, run, now), byNode);
  }
  return workflowNodes.filter((node) => byNode.has(node)).map((node) => [node, byNode.get(node) as Tally]);
}

/** The runs of the workflow that match, visible now. Narrows by batch first (the large batch is one list). */
function metricRuns(world: World, filter: RunFilter, now: number): SimRun[] {
  const pool = filter.batchUuid !== undefined ? (world.batchesByUuid.get(filter.batchUuid)?.runs ?? []) : world.runs;
  return pool.filter((run) => isVisible(run, now) && runMatches(world, run, runStateAt(world, run, now), filter));
}

export function runMetrics(world: World, filter: RunFilter, now: number): WireRunMetric[] {
  return tallies(world, metricRuns(world, filter, now), now).map(([node, t]) => ({
    nodeUuid: node.uuid,
    totalExecutionsCount: t.total,
    idleExecutionsCount: t.byStatus.idle ?? 0,
    pendingExecutionsCount: t.byStatus.pending ?? 0,
    runningExecutionsCount: t.byStatus.running ?? 0,
    successExecutionsCount: t.byStatus.success ?? 0,
    errorExecutionsCount: t.byStatus.error ?? 0,
    cancellingExecutionsCount: t.byStatus.cancelling ?? 0,
    cancelledExecutionsCount: t.byStatus.cancelled ?? 0,
    skippedExecutionsCount: t.byStatus.skipped ?? 0,
    creditsUsedCount: t.credits,
  }));
}

/** records/metrics: the same tallies over records (the latest run of each record id), statuses as records have them. */
export function recordMetrics(world: World, filter: RunFilter, now: number): WireRecordMetric[] {
  const count = (t: Tally, status: RecordStatus) =>
    Object.entries(t.byStatus).reduce((n, [bucket, c]) => n + (recordStatusOf(bucket as RunStatus) === status ? c : 0), 0);
  return tallies(world, matchingRecords(world, filter, now), now).map(([node, t]) => ({
    nodeUuid: node.uuid,
    totalExecutionsCount: t.total,
    pendingExecutionsCount: count(t, 'pending'),
    runningExecutionsCount: count(t, 'running'),
    successExecutionsCount: count(t, 'success'),
    errorExecutionsCount: count(t, 'error'),
    cancellingExecutionsCount: count(t, 'cancelling'),
    cancelledExecutionsCount: count(t, 'cancelled'),
    creditsUsedCount: t.credits,
  }));
}
