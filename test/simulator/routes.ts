// The /v1/orchestration endpoints: a route table and one small handler per endpoint. Handlers
// return the JSON payload (200) or throw ApiError; HTTP plumbing lives in server.ts.
import { createBatch, startRefusal } from './batches';
import { runDetails } from './context';
import { matchingRecords, matchingRuns, matchingSpans, readRecordFilter, readRunFilter, readSpanFilter } from './filters';
import { batchStateAt, cancelBatch, cancelRun } from './lifecycle';
import { readMetricsFilter, recordMetrics, runMetrics } from './metrics';
import { FINISHED_BATCH_STATUSES, type SimRelease, type SimRun, type SimWorkflow, type World } from './model';
import { ApiError, invalidParameter, Params } from './params';
import { BATCH_DATA_KINDS, BATCH_STATUSES, RELEASE_STATUSES, type RefusalReason } from './types';
import { findTraceRoot, matchingTraces, readTraceFilter, traceJson } from './traces';
import { batchJson, playJson, recordJson, releaseJson, runView, spanJson, toolJson, workflowJson } from './views';
import { createRun, findWorkflow } from './world';

export interface RouteContext {
  world: World;
  now: number;
  /** Query parameters (GET) or JSON body (other methods), as Params. */
  params: Params;
  body: Record<string, unknown>;
  /** Path parameter, e.g. the uuid of batches/{uuid}. */
  id: string;
}

type Handler = (ctx: RouteContext) => unknown;

interface Route {
  method: 'GET' | 'POST';
  /** Path below /v1/orchestration/, `:id` for the path parameter. */
  path: string;
  handler: Handler;
}

export const API_PREFIX = '/v1/orchestration/';

const page = <T>(items: T[], limit: number, offset: number) => items.slice(offset, offset + limit);

const listBatches: Handler = ({ world, now, params: p }) => {
  const uuids = p.uuids('uuids');
  const workflowUuids = p.uuids('workflowUuids');
  const statuses = p.enums('statuses', BATCH_STATUSES);
  const releaseUuid = p.uuid('releaseUuid');
  const parents = [p.uuid('parentBatchUuid'), p.uuid('parentRunUuid'), p.uuid('parentNodeUuid')];
  const hasRuns = p.bool('hasRuns');
  const isSkipped = p.bool('isSkipped');
  const isFinished = p.bool('isFinished');
  const included = p.enums('includedDataKinds', BATCH_DATA_KINDS);
  const excluded = p.enums('excludedDataKinds', BATCH_DATA_KINDS);
  const { limit, offset } = p.page();
  if (parents.some((v) => v !== undefined)) return { batches: [] };
  const matching = world.batches.filter((batch) => {
    if (batch.createdAt > now) return false;
    if (uuids && !uuids.includes(batch.uuid)) return false;
    if (workflowUuids && !workflowUuids.includes(batch.workflow.uuid)) return false;
    if (releaseUuid !== undefined && (batch.releaseUuid ?? batch.workflow.releaseUuid) !== releaseUuid) return false;
    if (included && !included.includes(batch.data.kind)) return false;
    if (excluded && excluded.includes(batch.data.kind)) return false;
    const state = batchStateAt(world, batch, now);
    if (statuses && !statuses.includes(state.status)) return false;
    if (hasRuns !== undefined && state.runsCount > 0 !== hasRuns) return false;
    if (isSkipped !== undefined && (state.status === 'skipped') !== isSkipped) return false;
    if (isFinished !== undefined && FINISHED_BATCH_STATUSES.has(state.status) !== isFinished) return false;
    return true;
  });
  return { batches: page(matching, limit, offset).map((b) => batchJson(world, b, now)) };
};

function findBatch(world: World, id: string) {
  const batch = world.batchesByUuid.get(id.toLowerCase());
  if (!batch) throw new ApiError(404, 'batchNotFound', `Batch ${id} not found`);
  return batch;
}

function findRun(world: World, id: string, now: number): SimRun {
  const run = world.runsByUuid.get(id.toLowerCase());
  if (!run || run.createdAt > now) throw new ApiError(404, 'runNotFound', `Run ${id} not found`);
  return run;
}

/** The range of `data.__simStepMs`, a created run's own step. */
const MIN_STEP_MS = 50;
const MAX_STEP_MS = 60_000;
/** The most executions `data.__simExecutions` may ask for. */
export const MAX_EXECUTIONS = 20_000;
/** The most `data.__simContextBytes` may ask for. */
const MAX_CONTEXT_BYTES = 200 * 1024 * 1024;

/** What POST /batches answers to the `refuse=REASON` fault: a batch's words where they differ from a run's. */
export function batchRefusal(reason: RefusalReason, workflowUuid: unknown): ApiError {
  return reason === 'notEnoughCredits' || reason === 'failedToStart' ? startRefusal(reason) : runRefusal(reason, workflowUuid);
}

/** What POST /runs answers when it refuses a run for `reason` (also the `refuse=REASON` fault's answer). */
export function runRefusal(reason: RefusalReason, workflowUuid: unknown): ApiError {
  const workflow = typeof workflowUuid === 'string' ? workflowUuid : undefined;
  switch (reason) {
    case 'notEnoughCredits':
      return new ApiError(402, reason, 'Not enough credits to start this run');
    case 'concurrencyLimitReached':
      return new ApiError(429, reason, 'Too many runs in progress for this workspace, try again later');
    case 'failedToStart':
      return new ApiError(500, reason, 'Failed to start the run');
    case 'invalidData':
      return new ApiError(400, reason, 'The start node cannot take this data');
    case 'workflowNotFound':
      return new ApiError(404, reason, workflow === undefined ? 'workflowUuid is required' : `Workflow ${workflow} not found`);
    case 'playNotCompatible':
      return new ApiError(400, reason, `Workflow ${workflow ?? ''} belongs to a play; runs can only be created for tools`);
  }
}

const createRunHandler: Handler = ({ world, now, body }) => {
  const workflowUuid = typeof body.workflowUuid === 'string' ? body.workflowUuid.toLowerCase() : undefined;
  if (body.workflowUuid !== undefined && typeof body.workflowUuid !== 'string') throw invalidParameter('workflowUuid', 'expected a uuid');
  const workflow = findWorkflow(world, workflowUuid);
  if (workflow.blueprint.type === 'play') throw runRefusal('playNotCompatible', workflow.uuid);
  if (body.nodes !== undefined) throw new ApiError(400, 'invalidReleaseOrCustomNodes', 'Custom nodes are not supported by the simulator');
  // Any release of the workflow: the deployed one (the default), its draft, or an earlier version.
  let releaseUuid: string | undefined;
  if (body.releaseUuid !== undefined && body.releaseUuid !== null) {
    const release = typeof body.releaseUuid === 'string' ? world.releasesByUuid.get(body.releaseUuid.toLowerCase()) : undefined;
    if (release?.workflow !== workflow)
      throw new ApiError(400, 'invalidReleaseOrCustomNodes', `Release ${String(body.releaseUuid)} does not belong to workflow ${workflow.uuid}`);
    releaseUuid = release.uuid;
  }
  const data = body.data;
  if (data === undefined || data === null || typeof data !== 'object' || Array.isArray(data))
    throw new ApiError(400, 'invalidData', 'data is required and must be an object');
  const record = data as Record<string, unknown>;
  if (Object.keys(record).length === 0) throw new ApiError(400, 'invalidData', 'The start node needs at least one field in data');
  if ('__simInvalid' in record) throw new ApiError(400, 'invalidData', 'The start node cannot take the field data.__simInvalid');
  const stepMs = record.__simStepMs;
  if (stepMs !== undefined && (typeof stepMs !== 'number' || !(stepMs >= MIN_STEP_MS && stepMs <= MAX_STEP_MS)))
    throw new ApiError(400, 'invalidData', `data.__simStepMs must be a number of milliseconds from ${MIN_STEP_MS} to ${MAX_STEP_MS}`);
  const contextBytes = record.__simContextBytes;
  if (contextBytes !== undefined && (typeof contextBytes !== 'number' || !(contextBytes >= 1 && contextBytes <= MAX_CONTEXT_BYTES)))
    throw new ApiError(400, 'invalidData', `data.__simContextBytes must be a number of bytes from 1 to ${MAX_CONTEXT_BYTES}`);
  const executions = record.__simExecutions;
  if (executions !== undefined && (typeof executions !== 'number' || !Number.isInteger(executions) || executions < 1 || executions > MAX_EXECUTIONS))
    throw new ApiError(400, 'invalidData', `data.__simExecutions must be a whole number of executions from 1 to ${MAX_EXECUTIONS}`);
  switch (record.__simError) {
    case 'notEnoughCredits':
    case 'concurrencyLimitReached':
    case 'failedToStart':
      throw runRefusal(record.__simError, workflow.uuid);
  }
  const run = createRun(world, workflow, record, now, {
    releaseUuid,
    stepMs: stepMs === undefined ? undefined : Math.round(stepMs),
    contextBytes: contextBytes === undefined ? undefined : Math.round(contextBytes),
    executions: executions === undefined ? undefined : executions,
  });
  return { run: runView(world, run, now).run };
};

const getRun: Handler = ({ world, now, id }) => {
  const run = findRun(world, id, now);
  const view = runView(world, run, now);
  return { run: view.run, ...runDetails(world, run, view.state) };
};

const listRuns: Handler = ({ world, now, params }) => {
  const filter = readRunFilter(params);
  const { limit, offset } = params.page();
  const runs = matchingRuns(world, filter, now);
  return { runs: page(runs, limit, offset).map((r) => runView(world, r, now).run), count: runs.length };
};

const countRuns: Handler = ({ world, now, params }) => ({ count: matchingRuns(world, readRunFilter(params), now).length });

const cancelRuns: Handler = ({ world, now, params }) => {
  const workflowUuid = params.uuid('workflowUuid');
  if (workflowUuid === undefined) throw invalidParameter('workflowUuid', 'required');
  findWorkflow(world, workflowUuid);
  const filter = readRunFilter(params);
  for (const run of matchingRuns(world, filter, now)) cancelRun(world, run, now);
  return {};
};

const listRecords: Handler = ({ world, now, params }) => {
  const filter = readRecordFilter(params);
  const { limit, offset } = params.page();
  const runs = matchingRecords(world, filter, now);
  return { records: page(runs, limit, offset).map((r) => recordJson(runView(world, r, now).run)), count: runs.length };
};

const countRecords: Handler = ({ world, now, params }) => ({ count: matchingRecords(world, readRecordFilter(params), now).length });

const listSpans: Handler = ({ world, now, params }) => {
  const filter = readSpanFilter(params);
  const { limit, offset } = params.page(filter.run.traceUuid !== undefined ? 1000 : 100);
  const spans = matchingSpans(world, filter, now);
  const views = new Map<SimRun, ReturnType<typeof runView>>();
  return {
    spans: page(spans, limit, offset).map(({ run, index }) => {
      let view = views.get(run);
      if (!view) views.set(run, (view = runView(world, run, now)));
      return spanJson(view.run, view.run.executions[index] as (typeof view.run.executions)[number], index);
    }),
    count: spans.length,
  };
};

const countSpans: Handler = ({ world, now, params }) => ({ count: matchingSpans(world, readSpanFilter(params), now).length });

const listTraces: Handler = ({ world, now, params }) => {
  const filter = readTraceFilter(params);
  const { limit, offset } = params.page();
  const traces = matchingTraces(world, filter, now);
  return { traces: page(traces, limit, offset), count: traces.length };
};

function findRelease(world: World, id: string): SimRelease {
  const release = world.releasesByUuid.get(id.toLowerCase());
  if (!release) throw new ApiError(404, 'releaseNotFound', `Release ${id} not found`);
  return release;
}

const listReleases: Handler = ({ world, params: p }) => {
  const workflowUuid = p.uuid('workflowUuid')?.toLowerCase();
  const userUuid = p.uuid('userUuid')?.toLowerCase();
  const statuses = p.enums('statuses', RELEASE_STATUSES);
  const { limit, offset } = p.page();
  const matching = world.workflows
    .flatMap((w) => w.releases)
    .filter((r) => {
      if (workflowUuid !== undefined && r.workflow.uuid !== workflowUuid) return false;
      if (userUuid !== undefined && world.userUuid !== userUuid) return false;
      return statuses === undefined || statuses.includes(r.status);
    })
    .sort((a, b) => b.createdAt - a.createdAt);
  return { releases: page(matching, limit, offset).map((r) => releaseJson(world, r)) };
};

function workflowUuidParam(p: Params): string {
  const uuid = p.uuid('workflowUuid');
  if (uuid === undefined) throw invalidParameter('workflowUuid', 'required');
  return uuid.toLowerCase();
}

const getDeployedRelease: Handler = ({ world, params }) => {
  const uuid = workflowUuidParam(params);
  const workflow = world.workflowsByUuid.get(uuid);
  if (!workflow) throw new ApiError(404, 'releaseNotFound', `No deployed release for workflow ${uuid}`);
  return { release: releaseJson(world, findRelease(world, workflow.releaseUuid)) };
};

const getDraftRelease: Handler = ({ world, params }) => {
  const workflow = findWorkflow(world, workflowUuidParam(params));
  return { release: releaseJson(world, workflow.releases.find((r) => r.status === 'draft') as SimRelease) };
};

const ROUTES: readonly Route[] = [
  { method: 'GET', path: 'batches/list', handler: listBatches },
  { method: 'POST', path: 'batches', handler: ({ world, now, body }) => ({ batch: batchJson(world, createBatch(world, body, now), now) }) },
  { method: 'GET', path: 'batches/:id', handler: ({ world, now, id }) => ({ batch: batchJson(world, findBatch(world, id), now) }) },
  {
    method: 'POST',
    path: 'batches/:id/cancel',
    handler: ({ world, now, id }) => {
      const batch = findBatch(world, id);
      if (cancelBatch(world, batch, now) === 'alreadyFinished') throw new ApiError(409, 'batchAlreadyFinished', `Batch ${batch.uuid} has already finished`);
      return {};
    },
  },
  { method: 'POST', path: 'runs', handler: createRunHandler },
  { method: 'POST', path: 'runs/list', handler: listRuns },
  { method: 'POST', path: 'runs/count', handler: countRuns },
  { method: 'POST', path: 'runs/cancel', handler: cancelRuns },
  { method: 'POST', path: 'runs/metrics', handler: ({ world, now, params }) => ({ runMetrics: runMetrics(world, readMetricsFilter(world, params), now) }) },
  { method: 'GET', path: 'runs/:id', handler: getRun },
  { method: 'GET', path: 'records/list', handler: listRecords },
  { method: 'POST', path: 'records/list', handler: listRecords },
  { method: 'POST', path: 'records/count', handler: countRecords },
  {
    method: 'POST',
    path: 'records/metrics',
    handler: ({ world, now, params }) => ({ recordMetrics: recordMetrics(world, readMetricsFilter(world, params), now) }),
  },
  { method: 'POST', path: 'spans/list', handler: listSpans },
  { method: 'POST', path: 'spans/count', handler: countSpans },
  { method: 'GET', path: 'traces/:id', handler: ({ world, now, id }) => ({ trace: traceJson(world, findTraceRoot(world, id, now), now) }) },
  { method: 'POST', path: 'traces/list', handler: listTraces },
  { method: 'POST', path: 'traces/count', handler: ({ world, now, params }) => ({ count: matchingTraces(world, readTraceFilter(params), now).length }) },
  { method: 'GET', path: 'workflows/list', handler: ({ world, now }) => ({ workflows: world.workflows.map((w) => workflowJson(world, w, now)) }) },
  {
    method: 'GET',
    path: 'workflows/:id',
    handler: ({ world, now, id }) => ({ workflow: workflowJson(world, findWorkflow(world, id.toLowerCase()), now) }),
  },
  { method: 'GET', path: 'releases/list', handler: listReleases },
  { method: 'GET', path: 'releases/deployed', handler: getDeployedRelease },
  { method: 'GET', path: 'releases/draft', handler: getDraftRelease },
  { method: 'GET', path: 'releases/:id', handler: ({ world, id }) => ({ release: releaseJson(world, findRelease(world, id)) }) },
  {
    method: 'GET',
    path: 'plays/list',
    handler: ({ world }) => ({ plays: world.workflows.filter((w) => w.blueprint.type === 'play').map((w) => playJson(world, w)) }),
  },
  { method: 'GET', path: 'plays/:id', handler: ({ world, id }) => ({ play: playJson(world, findOwner(world, 'play', id)) }) },
  {
    method: 'GET',
    path: 'tools/list',
    handler: ({ world }) => ({ tools: world.workflows.filter((w) => w.blueprint.type === 'tool').map((w) => toolJson(world, w)) }),
  },
  { method: 'GET', path: 'tools/:id', handler: ({ world, id }) => ({ tool: toolJson(world, findOwner(world, 'tool', id)) }) },
];

function findOwner(world: World, type: 'play' | 'tool', id: string): SimWorkflow {
  const workflow = world.workflows.find((w) => w.blueprint.type === type && w.ownerUuid === id.toLowerCase());
  if (!workflow) throw new ApiError(404, `${type}NotFound`, `${type === 'play' ? 'Play' : 'Tool'} ${id} not found`);
  return workflow;
}

export interface RouteMatch {
  handler: Handler;
  id: string;
}

/**
 * Finds the handler for a path below /v1/orchestration/. Literal routes win over `:id` ones
 * (GET runs/list is a 405, not a run called "list"). Throws 404/405 ApiErrors.
 */
export function matchRoute(method: string, subPath: string): RouteMatch {
  const segments = subPath.split('/').filter((s) => s !== '');
  const candidates: { route: Route; id: string; literal: boolean }[] = [];
  for (const route of ROUTES) {
    const parts = route.path.split('/');
    if (parts.length !== segments.length) continue;
    let id = '';
    const ok = parts.every((part, i) => {
      if (part === ':id') {
        id = safeDecode(segments[i] as string);
        return true;
      }
      return part === segments[i];
    });
    if (ok) candidates.push({ route, id, literal: !route.path.includes(':id') });
  }
  const pool = candidates.some((c) => c.literal) ? candidates.filter((c) => c.literal) : candidates;
  if (pool.length === 0) throw new ApiError(404, 'notFound', `No route for ${method} ${API_PREFIX}${subPath}`);
  const hit = pool.find((c) => c.route.method === method);
  if (!hit) {
    const allowed = [...new Set(pool.map((c) => c.route.method))].join(', ');
    throw Object.assign(new ApiError(405, 'methodNotAllowed', `${method} is not allowed on ${API_PREFIX}${subPath} (allowed: ${allowed})`), { allowed });
  }
  return { handler: hit.route.handler, id: hit.id };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
