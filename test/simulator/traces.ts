// Traces: a run that no run started (a root) and every run started under it (child runs, sharing its
// traceUuid), aggregated from their spans (one per execution) at a given moment. A trace exists from its
// first span on: once its root run's first execution has started (never for a skipped run).
import { isVisible, runStateAt } from './lifecycle';
import { FINISHED_RUN_STATUSES, type SimRun, type World } from './model';
import { ApiError, invalidParameter, type Params } from './params';
import type { TraceStatus, WireTrace } from './types';
import { iso } from './views';

export const TRACE_STATUSES: readonly TraceStatus[] = ['pending', 'error', 'degraded', 'success'];

/** The root and its visible descendants, the root first. */
function runsOf(world: World, root: SimRun, now: number): SimRun[] {
  const runs: SimRun[] = [];
  const visit = (run: SimRun) => {
    runs.push(run);
    for (const child of run.childRuns ?? []) if (isVisible(child, now)) visit(child);
  };
  visit(root);
  return runs;
}

/** When the trace of `run` started (its first span), or undefined when `run` is no trace's root now. */
function traceStart(world: World, run: SimRun, now: number): number | undefined {
  if (run.parent !== undefined || run.outcome === 'skipped' || run.startAt > now || !isVisible(run, now)) return undefined;
  return runStateAt(world, run, now).executions[0]?.step.start;
}

export function traceJson(world: World, root: SimRun, now: number): WireTrace {
  let spans = 0;
  let failed = 0;
  let pending = 0;
  let succeeded = 0;
  let credits = 0;
  let updatedAt = root.createdAt;
  let finishedAt: number | null = 0;
  for (const run of runsOf(world, root, now)) {
    const state = runStateAt(world, run, now);
    for (const execution of state.executions) {
      spans++;
      if (execution.status === 'error') failed++;
      else if (execution.status === 'pending') pending++;
      else succeeded++;
      if (execution.status === 'success') credits += execution.step.credits;
    }
    updatedAt = Math.max(updatedAt, state.updatedAt);
    finishedAt = finishedAt === null || state.finishedAt === null ? null : Math.max(finishedAt, state.finishedAt);
  }
  const rootStatus = runStateAt(world, root, now).status;
  const status: TraceStatus =
    finishedAt === null || !FINISHED_RUN_STATUSES.has(rootStatus)
      ? 'pending'
      : rootStatus === 'error' || rootStatus === 'cancelled'
        ? 'error'
        : failed > 0
          ? 'degraded'
          : 'success';
  return {
    uuid: root.traceUuid,
    workspaceUuid: world.workspaceUuid,
    workflowUuid: root.workflow.uuid,
    rootRunUuid: root.uuid,
    rootRecordId: root.recordId,
    rootRecordTitle: root.recordTitle,
    rootUserUuid: root.userUuid,
    chatUuid: null,
    agentUuid: null,
    spansCount: spans,
    failedSpansCount: failed,
    pendingSpansCount: pending,
    succeededSpansCount: succeeded,
    creditsUsedCount: credits,
    startedAt: iso(traceStart(world, root, now) ?? root.startAt),
    finishedAt: finishedAt === null ? null : iso(finishedAt),
    updatedAt: iso(updatedAt),
    status,
  };
}

/** The root run of the trace `uuid`; 404 `traceNotFound` when there is none (yet). */
export function findTraceRoot(world: World, uuid: string, now: number): SimRun {
  const id = uuid.toLowerCase();
  const root = world.runs.find((run) => run.traceUuid === id && traceStart(world, run, now) !== undefined);
  if (!root) throw new ApiError(404, 'traceNotFound', `Trace ${uuid} not found`);
  return root;
}

export interface TraceFilter {
  startedAfter: number;
  startedBefore?: number;
  workflowUuid?: string;
  /** Traces of a chat or an agent: none in the simulated workspace. */
  chatOrAgent: boolean;
  statuses?: TraceStatus[];
}

export function readTraceFilter(p: Params): TraceFilter {
  const startedAfter = p.date('startedAfter');
  if (startedAfter === undefined) throw invalidParameter('startedAfter', 'required');
  return {
    startedAfter,
    startedBefore: p.date('startedBefore'),
    workflowUuid: p.uuid('workflowUuid')?.toLowerCase(),
    chatOrAgent: p.uuid('chatUuid') !== undefined || p.uuid('agentUuid') !== undefined,
    statuses: p.enums('statuses', TRACE_STATUSES),
  };
}

/** The traces that match, newest start first, as JSON. */
export function matchingTraces(world: World, f: TraceFilter, now: number): WireTrace[] {
  if (f.chatOrAgent) return [];
  const out: { at: number; trace: WireTrace }[] = [];
  for (const run of world.runs) {
    if (f.workflowUuid !== undefined && run.workflow.uuid !== f.workflowUuid) continue;
    const at = traceStart(world, run, now);
    if (at === undefined || at < f.startedAfter || (f.startedBefore !== undefined && at > f.startedBefore)) continue;
    const trace = traceJson(world, run, now);
    if (f.statuses && !f.statuses.includes(trace.status)) continue;
    out.push({ at, trace });
  }
  return out.sort((a, b) => b.at - a.at).map((entry) => entry.trace);
}
