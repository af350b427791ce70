// POST /batches: checks a create-batch body, then adds the batch and its runs to the world, timed
// like the live batches (pending, then querying or syncing, then runs one execution per stepMs).
// The HTTP route, Simulator.startBatch() and POST /__sim/batches all go through createBatch.
import { workflowRecord } from './catalog';
import { startChildRuns } from './childRuns';
import { assignCauses, causesRng, planCauses } from './failures';
import {
  insertBlockNewestFirst,
  insertNewestFirst,
  mergeNewestFirst,
  newSimRun,
  type RunOutcome,
  type SimBatch,
  type SimRun,
  type SimWorkflow,
  type World,
} from './model';
import { ApiError, invalidParameter } from './params';
import { planRetry, retryRun } from './retries';
import { rngFor, uuidFor, UUID_V4, type Rng } from './random';
import { profileFor, recordIdentity, type RecordKind } from './records';
import { BATCH_DATA_KINDS, type BatchData } from './types';
import { findWorkflow, forcedOutcome, identityOfInput, POOL_SIZE } from './world';

type DataKind = BatchData['kind'];

/** Data kinds each workflow type accepts (cargo-skills, cargo-cli-orchestration "Create a batch"). */
const KINDS_BY_TYPE: Record<'play' | 'tool', readonly DataKind[]> = {
  play: ['filter', 'recordIds', 'segment', 'change'],
  tool: ['file', 'records', 'runs'],
};
const UNSUPPORTED: ReadonlySet<DataKind> = new Set(['change']);
/** Share of runs that fail when the record does not force an outcome. */
const FAILURE_RATE = 0.15;
/** Records in a segment, filter or file source: a number in this range, fixed by the source. */
const GENERATED_RECORDS: readonly [number, number] = [5, 20];
/** Pool records walked with a stride prime to POOL_SIZE, so a source never lists one twice. */
const POOL_STRIDE = 7;
export const MAX_START_BATCH_RECORDS = 10_000;

/** One record of the new batch, before it becomes a run. */
interface PlannedRecord {
  recordKey: string;
  recordId: string;
  recordTitle: string;
  input?: Record<string, unknown>;
  forced?: RunOutcome;
}

interface Plan {
  data: BatchData;
  records: PlannedRecord[];
}

const dataError = (reason: string, message: string) => new ApiError(400, 'dataError', message, { dataError: { reason } });
const invalidData = (message: string) => dataError('invalidData', message);
const isObject = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/** Creates the batch a POST /batches body describes; throws ApiError like the endpoint answers. */
/** `stepMs` overrides the simulator's step for this batch (tests that need a batch to stay live a while). */
export function createBatch(world: World, body: Record<string, unknown>, now: number, stepMs?: number): SimBatch {
  if (body.nodes !== undefined && body.nodes !== null)
    throw new ApiError(400, 'invalidReleaseOrCustomNodes', 'Custom nodes are not supported by the simulator');
  if (body.workflowUuid !== undefined && typeof body.workflowUuid !== 'string') throw invalidParameter('workflowUuid', 'expected a uuid');
  const workflow = findWorkflow(world, typeof body.workflowUuid === 'string' ? body.workflowUuid.toLowerCase() : undefined);
  const data = body.data;
  const releaseUuid = releaseOf(world, workflow, body.releaseUuid, isObject(data) && data.kind === 'runs');
  if (!isObject(data)) throw invalidData('data is required and must be an object');
  const kind = data.kind;
  if (typeof kind !== 'string' || !BATCH_DATA_KINDS.includes(kind as DataKind)) {
    throw new ApiError(400, 'invalidDataKind', `data.kind must be one of ${BATCH_DATA_KINDS.join(', ')}`);
  }
  const type = workflow.blueprint.type;
  const allowed = KINDS_BY_TYPE[type];
  if (!allowed.includes(kind as DataKind)) {
    throw new ApiError(400, 'invalidDataKind', `Data kind ${kind} is not allowed for ${type} workflows (allowed: ${allowed.join(', ')})`);
  }
  if (UNSUPPORTED.has(kind as DataKind)) throw new ApiError(400, 'invalidDataKind', `Data kind ${kind} is not supported by the simulator`);

  const n = world.createdBatches;
  const uuid = uuidFor(world.seed, 'batch', `created:${n}`);
  const step = stepMs ?? world.stepMs;
  if (kind === 'runs') {
    const retry = planRetry(world, workflow, data, now);
    world.createdBatches++;
    const batch = newCreatedBatch(world, workflow, uuid, retry.data, now, step);
    if (releaseUuid !== undefined) batch.releaseUuid = releaseUuid;
    const count = retry.originals.length;
    retry.originals.forEach((original, i) =>
      batch.runs.push(retryRun(world, batch, `cb${n}:${i}`, original, retry.reset, runStart(batch, i, count, step), step, now)),
    );
    return registerBatch(world, batch);
  }
  const plan = planRecords(world, workflow, uuid, n, data);
  if (plan.records.length === 0) throw dataError('noRecords', 'The batch has no records to run');
  for (const record of plan.records) {
    const simError = record.input?.__simError;
    if (simError === 'notEnoughCredits' || simError === 'failedToStart') throw startRefusal(simError);
  }
  world.createdBatches++;
  return addBatch(world, workflow, uuid, n, plan, now, step);
}

/** What POST /batches answers when it cannot start a batch (a record's `__simError`, a `refuse` fault). */
export function startRefusal(reason: 'notEnoughCredits' | 'failedToStart'): ApiError {
  return reason === 'notEnoughCredits'
    ? new ApiError(402, reason, 'Not enough credits to start this batch')
    : new ApiError(500, reason, 'Failed to start the batch');
}

/**
 * The release a batch names, checked: a batch runs on the workflow's deployed release; a retry (`runs`)
 * may name any release of the workflow (its runs then run on it; without one, each on its original's).
 */
function releaseOf(world: World, workflow: SimWorkflow, releaseUuid: unknown, retrying: boolean): string | undefined {
  if (releaseUuid === undefined || releaseUuid === null) return undefined;
  const release = typeof releaseUuid === 'string' ? world.releasesByUuid.get(releaseUuid.toLowerCase()) : undefined;
  if (releaseUuid === workflow.releaseUuid || (retrying && release?.workflow === workflow)) return release?.uuid;
  throw new ApiError(400, 'invalidReleaseOrCustomNodes', `Release ${String(releaseUuid)} does not belong to workflow ${workflow.uuid}`);
}

function planRecords(world: World, workflow: SimWorkflow, batchUuid: string, n: number, data: Record<string, unknown>): Plan {
  const kind = workflow.blueprint.recordKind;
  switch (data.kind) {
    case 'records': {
      if (!Array.isArray(data.records)) throw invalidData('data.records must be an array of objects');
      const records = data.records.map((record: unknown, i): PlannedRecord => {
        if (!isObject(record)) throw invalidData(`data.records[${i}] must be an object`);
        const poolIndex = typeof record.id === 'string' || typeof record.id === 'number' ? poolIndexOf(world, kind, String(record.id)) : undefined;
        const recordKey = poolIndex === undefined ? `created/b${n}/${i}` : `${kind}/${poolIndex}`;
        const identity = identityOfInput(world, workflow, recordKey, record);
        return { recordKey, recordId: identity.id, recordTitle: identity.title, input: record, forced: forcedOutcome(record) };
      });
      return { data: { kind: 'records', s3Filename: `batches/${batchUuid}/records.json` }, records };
    }
    case 'recordIds': {
      const modelUuid = requireUuid(data.modelUuid, 'data.modelUuid');
      if (!Array.isArray(data.ids)) throw invalidData('data.ids must be an array of record ids');
      const ids = data.ids.map((id: unknown, i) => {
        if (typeof id === 'number' && Number.isFinite(id)) return String(id);
        if (typeof id !== 'string' || id === '') throw invalidData(`data.ids[${i}] must be a non-empty string`);
        return id;
      });
      const unique = [...new Set(ids)];
      const records = unique.map((id, i): PlannedRecord => {
        const poolIndex = poolIndexOf(world, kind, id);
        if (poolIndex !== undefined) return poolRecord(world, kind, poolIndex);
        // A record of the model we know nothing about: generated, with the id asked for.
        const recordKey = `created/b${n}/${i}`;
        const profile = profileFor(world.seed, recordKey);
        const input = { ...workflowRecord(workflow.blueprint, profile), id };
        return { recordKey, recordId: id, recordTitle: recordIdentity(kind, profile).title, input };
      });
      return { data: { kind: 'recordIds', modelUuid, ids: unique }, records };
    }
    case 'segment': {
      if (typeof data.segmentUuid !== 'string' || data.segmentUuid === '') throw invalidData('data.segmentUuid is required');
      const segmentUuid = data.segmentUuid.toLowerCase();
      if (!UUID_V4.test(segmentUuid)) throw dataError('failedToGetSegment', `Segment ${data.segmentUuid} not found`);
      if (world.workflows.some((w) => w.blueprint.type === 'play' && w.segmentUuid === segmentUuid)) {
        throw dataError('segmentLinkedToPlay', `Segment ${segmentUuid} belongs to a play; use a standalone segment, or data.kind "filter" on the play's model`);
      }
      const rng = rngFor(world.seed, 'segment', segmentUuid);
      return { data: { kind: 'segment', segmentUuid }, records: poolRecords(world, kind, rng, rng.int(...GENERATED_RECORDS)) };
    }
    case 'filter': {
      const modelUuid = requireUuid(data.modelUuid, 'data.modelUuid');
      for (const key of ['filter', 'sort'] as const) {
        if (data[key] !== undefined && (data[key] === null || typeof data[key] !== 'object')) throw invalidData(`data.${key} must be an object`);
      }
      const limit = data.limit;
      if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1))
        throw invalidData('data.limit must be a positive integer');
      const rng = rngFor(world.seed, 'filter', modelUuid, JSON.stringify(data.filter ?? null));
      const count = Math.min(rng.int(...GENERATED_RECORDS), limit ?? Infinity);
      const stored = {
        kind: 'filter',
        modelUuid,
        ...(data.filter !== undefined && { filter: data.filter }),
        ...(data.sort !== undefined && { sort: data.sort }),
        ...(limit !== undefined && { limit }),
      };
      return { data: stored as BatchData, records: poolRecords(world, kind, rng, count) };
    }
    case 'file': {
      if (typeof data.s3Filename !== 'string' || data.s3Filename === '') throw invalidData('data.s3Filename is required');
      const mappings = data.mappings;
      if (mappings !== undefined && (!isObject(mappings) || Object.values(mappings).some((v) => typeof v !== 'string'))) {
        throw invalidData('data.mappings must map column names to strings');
      }
      const rng = rngFor(world.seed, 'file', data.s3Filename);
      const stored: BatchData = { kind: 'file', s3Filename: data.s3Filename, ...(mappings !== undefined && { mappings: mappings as Record<string, string> }) };
      return { data: stored, records: poolRecords(world, kind, rng, rng.int(...GENERATED_RECORDS)) };
    }
    default:
      throw new ApiError(400, 'invalidDataKind', `Data kind ${String(data.kind)} is not supported by the simulator`);
  }
}

function requireUuid(value: unknown, name: string): string {
  if (typeof value !== 'string' || !UUID_V4.test(value)) throw invalidData(`${name} must be a uuid`);
  return value.toLowerCase();
}

/** A batch created now, without its runs yet: timed like the live batches of world.ts. */
function newCreatedBatch(world: World, workflow: SimWorkflow, uuid: string, data: BatchData, now: number, step: number): SimBatch {
  return {
    uuid,
    workflow,
    data,
    userUuid: world.userUuid,
    createdAt: now,
    queryAt: now + Math.round(step / 2),
    preRunStatus: data.kind === 'segment' ? 'syncing' : 'querying',
    runsAt: now + step,
    runs: [],
    causes: [],
  };
}

/** When the i-th of a created batch's `count` runs starts: half a step apart; big batches start all their runs within about ten steps. */
const runStart = (batch: SimBatch, i: number, count: number, step: number) =>
  batch.runsAt + Math.round(step / 2) + Math.round(i * step * Math.min(0.5, 10 / count));

/** Adds a created batch, its runs in creation order, to the world's lists (newest first; runs created together list the last first). */
function registerBatch(world: World, batch: SimBatch): SimBatch {
  batch.runs.reverse();
  insertBlockNewestFirst(world.runs, batch.runs);
  for (const run of batch.runs) world.runsByUuid.set(run.uuid, run);
  const children: SimRun[] = [];
  for (const run of batch.runs) startChildRuns(world, run, (child) => children.push(child));
  mergeNewestFirst(world.runs, children);
  for (const child of children) world.runsByUuid.set(child.uuid, child);
  insertNewestFirst(world.batches, batch);
  world.batchesByUuid.set(batch.uuid, batch);
  insertNewestFirst(batch.workflow.batches, batch);
  return batch;
}

/** The batch and its runs, timed from `now` like the live batches of world.ts. */
function addBatch(world: World, workflow: SimWorkflow, uuid: string, n: number, plan: Plan, now: number, step: number): SimBatch {
  const batch = newCreatedBatch(world, workflow, uuid, plan.data, now, step);
  const rng = rngFor(world.seed, 'createdBatch', n);
  const count = plan.records.length;
  const mayBeSkipped = workflow.blueprint.type === 'play';
  const outcomes = plan.records.map((record): RunOutcome => {
    const roll = rng.next();
    return record.forced ?? (roll < FAILURE_RATE ? 'error' : mayBeSkipped && roll > 0.97 ? 'skipped' : 'success');
  });
  const causes = causesRng(world, `cb${n}`);
  batch.causes = planCauses(workflow, causes);
  const causeOf = assignCauses(outcomes, batch.causes, causes);
  plan.records.forEach((record, i) => {
    const key = `cb${n}:${i}`;
    const run = newSimRun(world.seed, {
      key,
      workflow,
      batch,
      recordId: record.recordId,
      recordTitle: record.recordTitle,
      recordKey: record.recordKey,
      input: record.input,
      userUuid: batch.userUuid,
      // All runs exist from runsAt on (so none can appear after the batch looks finished).
      createdAt: batch.runsAt,
      startAt: runStart(batch, i, count, step),
      stepMs: step,
      outcome: outcomes[i] as RunOutcome,
      cause: causeOf[i],
    });
    batch.runs.push(run);
  });
  return registerBatch(world, batch);
}

const poolIndexes = new WeakMap<World, Map<RecordKind, Map<string, number>>>();

/** Index in the shared pool of the record with this id, if it is one of them. */
function poolIndexOf(world: World, kind: RecordKind, id: string): number | undefined {
  let byKind = poolIndexes.get(world);
  if (!byKind) poolIndexes.set(world, (byKind = new Map()));
  let ids = byKind.get(kind);
  if (!ids) {
    ids = new Map();
    for (let i = POOL_SIZE - 1; i >= 0; i--) ids.set(recordIdentity(kind, profileFor(world.seed, `${kind}/${i}`)).id, i);
    byKind.set(kind, ids);
  }
  return ids.get(id);
}

function poolRecord(world: World, kind: RecordKind, index: number): PlannedRecord {
  const recordKey = `${kind}/${index}`;
  const identity = recordIdentity(kind, profileFor(world.seed, recordKey));
  return { recordKey, recordId: identity.id, recordTitle: identity.title };
}

/** `count` distinct records of the shared pool (then generated ones), starting where `rng` says. */
function poolRecords(world: World, kind: RecordKind, rng: Rng, count: number): PlannedRecord[] {
  const start = rng.int(0, POOL_SIZE - 1);
  return Array.from({ length: count }, (_, i) => poolRecord(world, kind, (start + i * POOL_STRIDE) % POOL_SIZE));
}

// ---- Simulator.startBatch() and POST /__sim/batches -------------------------------------------

/**
 * The POST /batches body that startBatch(options) stands for: a tool gets `{kind: 'records'}` (the
 * records given, or generated ones), a play `{kind: 'recordIds'}` on its model (the records' `id`s,
 * or records of the pool). `options` is a StartBatchOptions, or whatever a POST /__sim/batches body holds.
 */
/** The per-batch step of StartBatchOptions, checked. */
export function startBatchStepMs(options: unknown): number | undefined {
  if (!isObject(options) || options.stepMs === undefined) return undefined;
  const stepMs = options.stepMs;
  if (typeof stepMs !== 'number' || !Number.isFinite(stepMs) || stepMs < 1) throw invalidParameter('stepMs', 'expected a number of milliseconds ≥ 1');
  return stepMs;
}

export function startBatchBody(world: World, options: unknown): Record<string, unknown> {
  if (options === undefined || options === null) options = {};
  if (!isObject(options)) throw invalidParameter('options', 'expected an object {workflowUuid?, records?, failedRuns?, stepMs?}');
  const records = options.records ?? 5;
  if (typeof records === 'number') {
    if (!Number.isInteger(records) || records < 0 || records > MAX_START_BATCH_RECORDS)
      throw invalidParameter('records', `expected an integer from 0 to ${MAX_START_BATCH_RECORDS}`);
  } else if (!Array.isArray(records)) {
    throw invalidParameter('records', 'expected a number or an array of objects');
  }
  const workflowUuid = options.workflowUuid ?? (Array.isArray(records) ? world.fixtures.workflows.tool : world.fixtures.workflows.play);
  if (typeof workflowUuid !== 'string') throw invalidParameter('workflowUuid', 'expected a uuid');
  const workflow = world.workflowsByUuid.get(workflowUuid.toLowerCase());
  if (!workflow) return { workflowUuid, data: { kind: 'records', records: [] } }; // answered workflowNotFound
  const kind = workflow.blueprint.recordKind;
  const rng = rngFor(world.seed, 'startBatch', world.createdBatches);
  if (options.failedRuns !== undefined && (workflow.blueprint.type === 'play' || Array.isArray(records)))
    throw invalidParameter('failedRuns', "only with a tool's generated records (records a number)");
  if (workflow.blueprint.type === 'play') {
    const ids = Array.isArray(records)
      ? records.map((r: unknown) => (isObject(r) ? (r.id ?? r.recordId) : r))
      : poolRecords(world, kind, rng, Math.min(records, POOL_SIZE)).map((r) => r.recordId);
    for (let i = ids.length; i < (typeof records === 'number' ? records : 0); i++) ids.push(`sim-${world.createdBatches}-${i}`);
    return { workflowUuid, data: { kind: 'recordIds', modelUuid: workflow.modelUuid, ids } };
  }
  if (Array.isArray(records)) return { workflowUuid, data: { kind: 'records', records } };
  const failedRuns = options.failedRuns;
  if (failedRuns !== undefined && (typeof failedRuns !== 'number' || !Number.isInteger(failedRuns) || failedRuns < 0 || failedRuns > records))
    throw invalidParameter('failedRuns', `expected an integer from 0 to the number of records (${records})`);
  // Evenly spread: record i fails when it brings the count of failures so far up by one.
  const fails = (i: number) => Math.floor(((i + 1) * (failedRuns ?? 0)) / records) > Math.floor((i * (failedRuns ?? 0)) / records);
  const start = rng.int(0, POOL_SIZE - 1);
  const generated = Array.from({ length: records }, (_, i) => {
    const profile = profileFor(world.seed, i < POOL_SIZE ? `${kind}/${(start + i * POOL_STRIDE) % POOL_SIZE}` : `created/s${world.createdBatches}/${i}`);
    const outcome = failedRuns === undefined ? {} : { __simOutcome: fails(i) ? 'error' : 'success' };
    return { id: recordIdentity(kind, profile).id, ...workflowRecord(workflow.blueprint, profile), ...outcome };
  });
  return { workflowUuid, data: { kind: 'records', records: generated } };
}
