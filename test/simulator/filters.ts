// The filters of runs/list, records/list and spans/list (and their count/cancel twins): read from
// a query or body, then applied to the world's runs at a given moment.
import { isVisible, runStateAt } from './lifecycle';
import { FINISHED_RUN_STATUSES, releaseUuidOf, type ExecutionState, type RunState, type SimRun, type World } from './model';
import { invalidParameter, Params } from './params';
import { profileFor } from './records';
import { errorMessageOf, recordStatusOf } from './views';
import { EXECUTION_STATUSES, NODE_KINDS, RECORD_STATUSES, RUN_STATUSES, type ExecutionsFilter, type RecordStatus, type RunStatus } from './types';

export interface RunFilter {
  workflowUuid?: string;
  userUuid?: string;
  batchUuid?: string;
  releaseUuid?: string;
  uuids?: string[];
  traceUuid?: string;
  parentBatchUuid?: string;
  parentUuid?: string;
  parentNodeUuid?: string;
  isGroupParent?: boolean;
  recordIds?: string[];
  recordTitle?: string;
  recordTitleOrId?: string;
  runStatuses?: RunStatus[];
  recordStatuses?: RecordStatus[];
  isFinished?: boolean;
  executionsFilter?: ExecutionsFilter;
  createdAfter?: number;
  createdBefore?: number;
  updatedAfter?: number;
  updatedBefore?: number;
}

export function readRunFilter(p: Params): RunFilter {
  const recordId = p.string('recordId');
  return {
    workflowUuid: p.uuid('workflowUuid'),
    userUuid: p.uuid('userUuid'),
    batchUuid: p.uuid('batchUuid'),
    releaseUuid: p.uuid('releaseUuid'),
    uuids: p.uuids('uuids'),
    parentBatchUuid: p.uuid('parentBatchUuid')?.toLowerCase(),
    parentUuid: p.uuid('parentUuid')?.toLowerCase(),
    parentNodeUuid: p.uuid('parentNodeUuid')?.toLowerCase(),
    isGroupParent: p.bool('isGroupParent'),
    recordIds: recordId === undefined ? undefined : [recordId],
    recordTitle: p.string('recordTitle'),
    recordTitleOrId: p.string('recordTitleOrId'),
    runStatuses: p.enums('statuses', RUN_STATUSES),
    isFinished: p.bool('isFinished'),
    executionsFilter: readExecutionsFilter(p),
    ...readDates(p),
  };
}

export function readRecordFilter(p: Params): RunFilter {
  return {
    workflowUuid: p.uuid('workflowUuid'),
    userUuid: p.uuid('userUuid'),
    batchUuid: p.uuid('batchUuid'),
    releaseUuid: p.uuid('releaseUuid'),
    parentBatchUuid: p.uuid('parentBatchUuid')?.toLowerCase(),
    parentUuid: p.uuid('parentRunUuid')?.toLowerCase(),
    parentNodeUuid: p.uuid('parentNodeUuid')?.toLowerCase(),
    isGroupParent: p.bool('isGroupParent'),
    recordIds: p.strings('ids'),
    recordTitle: p.string('title'),
    recordTitleOrId: p.string('titleOrId'),
    recordStatuses: p.enums('statuses', RECORD_STATUSES),
    executionsFilter: readExecutionsFilter(p),
    ...readDates(p),
  };
}

function readDates(p: Params): Pick<RunFilter, 'createdAfter' | 'createdBefore' | 'updatedAfter' | 'updatedBefore'> {
  return {
    createdAfter: p.date('createdAfter'),
    createdBefore: p.date('createdBefore'),
    updatedAfter: p.date('updatedAfter'),
    updatedBefore: p.date('updatedBefore'),
  };
}

function readExecutionsFilter(p: Params): ExecutionsFilter | undefined {
  const value = p.object('executionsFilter');
  if (!value) return undefined;
  const conj = (v: unknown) => v === 'and' || v === 'or';
  const ok =
    conj(value.conjonction) &&
    Array.isArray(value.groups) &&
    value.groups.every(
      (g: unknown) =>
        !!g &&
        typeof g === 'object' &&
        conj((g as Record<string, unknown>).conjonction) &&
        Array.isArray((g as Record<string, unknown>).conditions) &&
        ((g as Record<string, unknown>).conditions as unknown[]).every((c) => {
          const cond = c as Record<string, unknown> | null;
          return (
            !!cond && cond.kind === 'node' && typeof cond.nodeSlug === 'string' && ['absent', 'pending', 'success', 'error'].includes(cond.status as string)
          );
        }),
    );
  if (!ok) throw invalidParameter('executionsFilter', 'expected {conjonction, groups: [{conjonction, conditions: [{kind: "node", nodeSlug, status}]}]}');
  return value as unknown as ExecutionsFilter;
}

const contains = (text: string, needle: string) => text.toLowerCase().includes(needle.toLowerCase());

function matchesExecutions(
  filter: ExecutionsFilter,
  executions: ExecutionState[],
  texts: (e: ExecutionState) => { title: string | null; errorMessage: string | null },
): boolean {
  const test = (condition: ExecutionsFilter['groups'][number]['conditions'][number]) => {
    const found = executions.filter((e) => e.step.node.blueprint.slug === condition.nodeSlug);
    if (condition.status === 'absent') return found.length === 0;
    return found.some((e) => {
      if (e.status !== condition.status) return false;
      if (!condition.value) return true;
      const t = texts(e);
      const text = condition.status === 'error' ? t.errorMessage : t.title;
      return text !== null && contains(text, condition.value);
    });
  };
  const groupOk = (group: ExecutionsFilter['groups'][number]) =>
    group.conditions.length === 0 || (group.conjonction === 'and' ? group.conditions.every(test) : group.conditions.some(test));
  if (filter.groups.length === 0) return true;
  return filter.conjonction === 'and' ? filter.groups.every(groupOk) : filter.groups.some(groupOk);
}

export function runMatches(world: World, run: SimRun, state: RunState, f: RunFilter): boolean {
  if (f.workflowUuid !== undefined && run.workflow.uuid !== f.workflowUuid) return false;
  if (f.userUuid !== undefined && run.userUuid !== f.userUuid) return false;
  if (f.batchUuid !== undefined && run.batch?.uuid !== f.batchUuid) return false;
  if (f.releaseUuid !== undefined && releaseUuidOf(run) !== f.releaseUuid) return false;
  if (f.uuids !== undefined && !f.uuids.includes(run.uuid)) return false;
  if (f.traceUuid !== undefined && run.traceUuid !== f.traceUuid) return false;
  if (f.parentUuid !== undefined && run.parent?.run.uuid !== f.parentUuid) return false;
  if (f.parentNodeUuid !== undefined && run.parent?.node.uuid !== f.parentNodeUuid) return false;
  if (f.parentBatchUuid !== undefined && (!run.parent || run.parent.run.batch?.uuid !== f.parentBatchUuid)) return false;
  if (f.isGroupParent === true) return false;
  if (f.recordIds !== undefined && !f.recordIds.includes(run.recordId)) return false;
  if (f.recordTitle !== undefined && !contains(run.recordTitle, f.recordTitle)) return false;
  if (f.recordTitleOrId !== undefined && !(contains(run.recordTitle, f.recordTitleOrId) || run.recordId === f.recordTitleOrId)) return false;
  if (f.createdAfter !== undefined && run.createdAt < f.createdAfter) return false;
  if (f.createdBefore !== undefined && run.createdAt > f.createdBefore) return false;
  if (f.updatedAfter !== undefined && state.updatedAt < f.updatedAfter) return false;
  if (f.updatedBefore !== undefined && state.updatedAt > f.updatedBefore) return false;
  if (f.runStatuses !== undefined && !f.runStatuses.includes(state.status)) return false;
  if (f.recordStatuses !== undefined && !f.recordStatuses.includes(recordStatusOf(state.status))) return false;
  if (f.isFinished !== undefined && FINISHED_RUN_STATUSES.has(state.status) !== f.isFinished) return false;
  if (f.executionsFilter) {
    const profile = profileFor(world.seed, run.recordKey, run.input);
    const texts = (e: ExecutionState) => ({
      title: e.status === 'success' ? e.step.node.blueprint.behaviour.title(profile) : null,
      errorMessage: e.status === 'error' ? errorMessageOf(world, run, e.step, profile) : null,
    });
    if (!matchesExecutions(f.executionsFilter, state.executions, texts)) return false;
  }
  return true;
}

/** Runs visible now that match, newest first. Narrows by batch first: the large batch is one list. */
export function matchingRuns(world: World, f: RunFilter, now: number): SimRun[] {
  let pool = world.runs;
  if (f.batchUuid !== undefined) pool = world.batchesByUuid.get(f.batchUuid)?.runs ?? [];
  const out: SimRun[] = [];
  for (const run of pool) {
    if (!isVisible(run, now)) continue;
    if (runMatches(world, run, runStateAt(world, run, now), f)) out.push(run);
  }
  return out;
}

/** Records are the latest visible run of each (workflow, record id); the filter applies to that run. */
export function matchingRecords(world: World, f: RunFilter, now: number): SimRun[] {
  const latest = new Map<string, SimRun>();
  for (const run of world.runs) {
    if (f.workflowUuid !== undefined && run.workflow.uuid !== f.workflowUuid) continue;
    if (!isVisible(run, now)) continue;
    const key = `${run.workflow.uuid}\u0000${run.recordId}`;
    if (!latest.has(key)) latest.set(key, run);
  }
  const out: SimRun[] = [];
  for (const run of latest.values()) if (runMatches(world, run, runStateAt(world, run, now), f)) out.push(run);
  return out;
}

export interface SpanFilter {
  run: RunFilter;
  runUuid?: string;
  parentAgentUuid?: string;
  nodeUuid?: string;
  nodeKind?: string;
  nodeSlug?: string;
  nodeIntegrationSlug?: string;
  nodeConnectorUuid?: string;
  nodeActionSlug?: string;
  nodeToolUuid?: string;
  nodeAgentUuid?: string;
  nodeReleaseUuid?: string;
  executionTitle?: string;
  executionTitleOrErrorMessage?: string;
  executionStatuses?: string[];
  startedAfter: number;
  startedBefore?: number;
}

export function readSpanFilter(p: Params): SpanFilter {
  const startedAfter = p.date('executionStartedAfter');
  if (startedAfter === undefined) throw invalidParameter('executionStartedAfter', 'required');
  const recordId = p.string('recordId');
  return {
    run: {
      workflowUuid: p.uuid('workflowUuid'),
      userUuid: p.uuid('userUuid'),
      batchUuid: p.uuid('batchUuid'),
      traceUuid: p.uuid('traceUuid'),
      recordIds: recordId === undefined ? undefined : [recordId],
      recordTitle: p.string('recordTitle'),
      recordTitleOrId: p.string('recordTitleOrId'),
      parentNodeUuid: p.uuid('parentNodeUuid')?.toLowerCase(),
      parentUuid: p.uuid('parentRunUuid')?.toLowerCase(),
    },
    runUuid: p.uuid('runUuid'),
    parentAgentUuid: p.uuid('parentAgentUuid'),
    nodeUuid: p.uuid('nodeUuid'),
    nodeKind: p.enum('nodeKind', NODE_KINDS),
    nodeSlug: p.string('nodeSlug'),
    nodeIntegrationSlug: p.string('nodeIntegrationSlug'),
    nodeConnectorUuid: p.uuid('nodeConnectorUuid'),
    nodeActionSlug: p.string('nodeActionSlug'),
    nodeToolUuid: p.uuid('nodeToolUuid'),
    nodeAgentUuid: p.uuid('nodeAgentUuid'),
    nodeReleaseUuid: p.uuid('nodeReleaseUuid'),
    executionTitle: p.string('executionTitle'),
    executionTitleOrErrorMessage: p.string('executionTitleOrErrorMessage'),
    executionStatuses: p.enums('executionStatuses', EXECUTION_STATUSES),
    startedAfter,
    startedBefore: p.date('executionStartedBefore'),
  };
}

export interface SpanRef {
  run: SimRun;
  execution: ExecutionState;
  index: number;
}

/** Spans (one per execution) that match, newest execution first. Texts are matched lazily. */
export function matchingSpans(world: World, f: SpanFilter, now: number): SpanRef[] {
  if (f.parentAgentUuid !== undefined) return [];
  const out: SpanRef[] = [];
  const pool =
    f.runUuid !== undefined
      ? [world.runsByUuid.get(f.runUuid)].filter((r): r is SimRun => !!r)
      : f.run.batchUuid !== undefined
        ? (world.batchesByUuid.get(f.run.batchUuid)?.runs ?? [])
        : world.runs;
  for (const run of pool) {
    if (!isVisible(run, now) || run.startAt > (f.startedBefore ?? Infinity)) continue;
    const state = runStateAt(world, run, now);
    const last = state.executions[state.executions.length - 1];
    if (!last || last.step.start < f.startedAfter) continue;
    if (!runMatches(world, run, state, f.run)) continue;
    let profile: ReturnType<typeof profileFor> | undefined;
    state.executions.forEach((execution, index) => {
      const { step } = execution;
      const bp = step.node.blueprint;
      if (step.start < f.startedAfter || (f.startedBefore !== undefined && step.start > f.startedBefore)) return;
      if (f.executionStatuses && !f.executionStatuses.includes(execution.status)) return;
      if (f.nodeUuid !== undefined && step.node.uuid !== f.nodeUuid) return;
      if (f.nodeKind !== undefined && bp.kind !== f.nodeKind) return;
      if (f.nodeSlug !== undefined && bp.slug !== f.nodeSlug) return;
      if (f.nodeIntegrationSlug !== undefined && bp.integrationSlug !== f.nodeIntegrationSlug) return;
      if (f.nodeConnectorUuid !== undefined && step.node.connectorUuid !== f.nodeConnectorUuid) return;
      if (f.nodeActionSlug !== undefined && bp.actionSlug !== f.nodeActionSlug) return;
      if (f.nodeToolUuid !== undefined && step.node.toolUuid !== f.nodeToolUuid) return;
      if (f.nodeAgentUuid !== undefined && step.node.agentUuid !== f.nodeAgentUuid) return;
      if (f.nodeReleaseUuid !== undefined) return;
      if (f.executionTitle !== undefined || f.executionTitleOrErrorMessage !== undefined) {
        profile ??= profileFor(world.seed, run.recordKey, run.input);
        const title = execution.status === 'success' ? bp.behaviour.title(profile) : null;
        const error = execution.status === 'error' ? errorMessageOf(world, run, step, profile) : null;
        if (f.executionTitle !== undefined && !(title !== null && contains(title, f.executionTitle))) return;
        const needle = f.executionTitleOrErrorMessage;
        if (needle !== undefined && !((title !== null && contains(title, needle)) || (error !== null && contains(error, needle)))) return;
      }
      out.push({ run, execution, index });
    });
  }
  out.sort((a, b) => b.execution.step.start - a.execution.step.start || b.index - a.index);
  return out;
}
