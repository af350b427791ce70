// The Cargo API simulator, over real HTTP: shapes, paging, filters, lifecycle, faults, request
// log, hostile data, determinism, scale and shutdown.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startSimulator, parseFaultSpec, parseFaultRule, type Simulator } from '../index';
import { HOSTILE_STRINGS } from '../hostile';

type Json = Record<string, unknown>;
interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: Json;
}

interface CallOptions {
  body?: unknown;
  rawBody?: string;
  query?: string;
  headers?: Record<string, string>;
  token?: string | null;
  signal?: AbortSignal;
}

/** One API call; `path` is below /v1/orchestration. */
async function call(sim: Simulator, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? sim.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${sim.url}/orchestration/${path}${options.query ? `?${options.query}` : ''}`, {
    method,
    headers,
    body,
    signal: options.signal,
  });
  const text = await response.text();
  let json: Json = {};
  try {
    json = text === '' ? {} : (JSON.parse(text) as Json);
  } catch {
    // left empty: tests of malformed bodies look at `text`
  }
  return { status: response.status, headers: response.headers, text, json };
}

const get = (sim: Simulator, path: string, query?: string, options: CallOptions = {}) => call(sim, 'GET', path, { ...options, query });
const post = (sim: Simulator, path: string, body: unknown = {}, options: CallOptions = {}) => call(sim, 'POST', path, { ...options, body });
const arr = (value: unknown) => value as Json[];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const BATCH_KEYS = [
  'uuid',
  'workspaceUuid',
  'workflowUuid',
  'userUuid',
  'releaseUuid',
  'nodes',
  'temporalWorkflowId',
  'traceUuid',
  'data',
  'errorMessage',
  'status',
  'runsStatus',
  'runsCount',
  'executedRunsCount',
  'failedRunsCount',
  'creditsUsedCount',
  'createdAt',
  'updatedAt',
  'finishedAt',
];
const RUN_KEYS = [
  'uuid',
  'workspaceUuid',
  'workflowUuid',
  'userUuid',
  'releaseUuid',
  'nodes',
  'batchUuid',
  'traceUuid',
  'temporalWorkflowId',
  'recordId',
  'recordTitle',
  'contextS3Filename',
  'computedConfigsS3Filename',
  'parentUuid',
  'parentNodeUuid',
  'parentBatchUuid',
  'parentAgentUuid',
  'parentChatUuid',
  'parentMessageUuid',
  'isGroupParent',
  'status',
  'errorMessage',
  'executions',
  'createdAt',
  'updatedAt',
  'finishedAt',
  'deletedAt',
];
const EXECUTION_KEYS = [
  'nodeUuid',
  'nodeSlug',
  'nodeBatchUuid',
  'nodeRunUuid',
  'nodeMessageUuid',
  'nodeChildIndex',
  'nextNodeUuid',
  'status',
  'errorMessage',
  'title',
  'iconUrl',
  'creditsUsedCount',
  'startedAt',
  'updatedAt',
  'finishedAt',
  'nodeWaitUntilFinished',
  'nodeKind',
];
const RECORD_KEYS = [
  'workspaceUuid',
  'workflowUuid',
  'userUuid',
  'id',
  'title',
  'runUuid',
  'traceUuid',
  'releaseUuid',
  'nodes',
  'batchUuid',
  'temporalWorkflowId',
  'contextS3Filename',
  'computedConfigsS3Filename',
  'parentRunUuid',
  'parentNodeUuid',
  'parentBatchUuid',
  'parentAgentUuid',
  'parentChatUuid',
  'parentMessageUuid',
  'isGroupParent',
  'status',
  'errorMessage',
  'executions',
  'createdAt',
  'updatedAt',
  'finishedAt',
];
const SPAN_KEYS = [
  'workspaceUuid',
  'workflowUuid',
  'userUuid',
  'batchUuid',
  'traceUuid',
  'recordId',
  'recordTitle',
  'runUuid',
  'runContextS3Filename',
  'runComputedConfigsS3Filename',
  'parentRunUuid',
  'parentNodeUuid',
  'parentBatchUuid',
  'parentAgentUuid',
  'parentChatUuid',
  'parentMessageUuid',
  'isGroupParent',
  'nodeUuid',
  'nodeKind',
  'nodeSlug',
  'nodeActionSlug',
  'nodeConnectorUuid',
  'nodeIntegrationSlug',
  'nodeToolUuid',
  'nodeAgentUuid',
  'nodeReleaseUuid',
  'nodeBatchUuid',
  'nodeRunUuid',
  'nodeMessageUuid',
  'nodeChildIndex',
  'nodeWaitUntilFinished',
  'nodeNextUuid',
  'executionIndex',
  'executionStatus',
  'executionErrorMessage',
  'executionTitle',
  'executionIconUrl',
  'executionCreditsUsedCount',
  'executionStartedAt',
  'executionUpdatedAt',
  'executionFinishedAt',
];
const RUN_STATUSES = ['idle', 'pending', 'running', 'success', 'error', 'cancelling', 'cancelled', 'skipped'];
const BATCH_STATUSES = ['pending', 'syncing', 'skipped', 'querying', 'running', 'success', 'cancelling', 'error', 'cancelled'];

function hasKeys(object: unknown, keys: string[], what: string): void {
  assert.ok(object && typeof object === 'object', `${what} is an object`);
  for (const key of keys) assert.ok(key in (object as Json), `${what} has ${key}`);
}

function assertNewestFirst(items: Json[], field = 'createdAt'): void {
  for (let i = 1; i < items.length; i++) {
    assert.ok(String(items[i - 1]?.[field]) >= String(items[i]?.[field]), `${field} newest first at ${i}`);
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const TERMINAL = new Set(['success', 'error', 'cancelled', 'skipped']);

describe('simulator API', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ seed: 7, stepMs: 200, hostile: true, bigContextBytes: 300_000 });
  });
  after(() => sim.close());

  describe('auth and errors', () => {
    it('answers 401 with a JSON body without or with a wrong token', async () => {
      for (const token of [null, 'nope']) {
        const reply = await get(sim, 'batches/list', undefined, { token });
        assert.equal(reply.status, 401);
        assert.match(reply.headers.get('content-type') ?? '', /application\/json/);
        assert.equal(reply.json.reason, 'unauthorized');
        assert.equal(typeof reply.json.errorMessage, 'string');
      }
    });

    it('accepts the token and ignores the official client headers', async () => {
      const reply = await get(sim, 'batches/list', undefined, {
        headers: { 'selected-workspace-uuid': '3b1f0c52-6f1e-4a5e-9b7e-1d2c3a4b5c6d', 'x-cargo-origin': 'vscode', 'x-cargo-origin-version': '0.0.1' },
      });
      assert.equal(reply.status, 200);
    });

    it('answers unknown routes 404, wrong methods 405, bad bodies 400', async () => {
      const unknown = await get(sim, 'nothing/here');
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json.reason, 'notFound');
      const wrongMethod = await get(sim, 'runs/list');
      assert.equal(wrongMethod.status, 405);
      assert.equal(wrongMethod.json.reason, 'methodNotAllowed');
      assert.equal(wrongMethod.headers.get('allow'), 'POST');
      const badJson = await call(sim, 'POST', 'runs/list', { rawBody: '{"limit": ', headers: { 'content-type': 'application/json' } });
      assert.equal(badJson.status, 400);
      assert.equal(badJson.json.reason, 'invalidBody');
      const notObject = await post(sim, 'runs/list', [1, 2]);
      assert.equal(notObject.status, 400);
      assert.equal(notObject.json.reason, 'invalidBody');
      const outside = await fetch(`${sim.origin}/v2/anything`, { headers: { authorization: `Bearer ${sim.token}` } });
      assert.equal(outside.status, 404);
    });
  });

  describe('batches', () => {
    it('lists batches newest first, every field present, no count', async () => {
      const reply = await get(sim, 'batches/list');
      assert.equal(reply.status, 200);
      const batches = arr(reply.json.batches);
      assert.ok(batches.length >= 15 && batches.length <= 50, `${batches.length} batches`);
      assert.equal('count' in reply.json, false);
      for (const batch of batches) {
        hasKeys(batch, BATCH_KEYS, 'batch');
        assert.match(String(batch.uuid), UUID_V4);
        assert.ok(BATCH_STATUSES.includes(String(batch.status)));
        assert.match(String(batch.createdAt), ISO_MS);
      }
      assertNewestFirst(batches);
      const statuses = new Set(batches.map((b) => b.status));
      for (const status of ['running', 'success', 'error', 'cancelled', 'skipped']) assert.ok(statuses.has(status), `some batch is ${status}`);
      assert.ok(batches.some((b) => b.runsStatus === 'unhealthy'));
      assert.ok(batches.some((b) => b.status === 'success' && Number(b.failedRunsCount) > 0));
    });

    it('pages with limit and offset', async () => {
      const all = arr((await get(sim, 'batches/list', 'limit=100')).json.batches);
      const first = arr((await get(sim, 'batches/list', 'limit=5')).json.batches);
      const second = arr((await get(sim, 'batches/list', 'limit=5&offset=5')).json.batches);
      assert.deepEqual(
        first.map((b) => b.uuid),
        all.slice(0, 5).map((b) => b.uuid),
      );
      assert.deepEqual(
        second.map((b) => b.uuid),
        all.slice(5, 10).map((b) => b.uuid),
      );
      for (const bad of ['limit=0', 'limit=101', 'limit=abc', 'offset=-1']) {
        const reply = await get(sim, 'batches/list', bad);
        assert.equal(reply.status, 400, bad);
        assert.equal(reply.json.reason, 'invalidParameters');
        assert.match(String(reply.json.errorMessage), new RegExp(bad.split('=')[0] as string));
      }
    });

    it('accepts key[]=v, repeated key=v and single key=v arrays', async () => {
      const statusesOf = async (query: string) => new Set(arr((await get(sim, 'batches/list', query)).json.batches).map((b) => b.status));
      const bracket = await statusesOf('statuses[]=success&statuses[]=error&limit=100');
      const repeated = await statusesOf('statuses=success&statuses=error&limit=100');
      const indexed = await statusesOf('statuses[0]=success&statuses[1]=error&limit=100');
      assert.deepEqual([...bracket].sort(), ['error', 'success']);
      assert.deepEqual(repeated, bracket);
      assert.deepEqual(indexed, bracket);
      assert.deepEqual([...(await statusesOf('statuses=error'))], ['error']);
      const tool = sim.fixtures.workflows.tool;
      const byWorkflow = arr((await get(sim, 'batches/list', `workflowUuids[]=${tool}&limit=100`)).json.batches);
      assert.ok(byWorkflow.length > 0 && byWorkflow.every((b) => b.workflowUuid === tool));
      const bad = await get(sim, 'batches/list', 'statuses[]=paused');
      assert.equal(bad.status, 400);
      assert.match(String(bad.json.errorMessage), /statuses/);
    });

    it('filters on isFinished, hasRuns, uuids and data kinds', async () => {
      const finished = arr((await get(sim, 'batches/list', 'isFinished=true&limit=100')).json.batches);
      assert.ok(finished.every((b) => ['success', 'error', 'cancelled', 'skipped'].includes(String(b.status))));
      const unfinished = arr((await get(sim, 'batches/list', 'isFinished=false&limit=100')).json.batches);
      assert.ok(unfinished.length > 0 && unfinished.every((b) => !['success', 'error', 'cancelled', 'skipped'].includes(String(b.status))));
      const withoutRuns = arr((await get(sim, 'batches/list', 'hasRuns=false&limit=100')).json.batches);
      assert.ok(withoutRuns.length > 0 && withoutRuns.every((b) => b.runsCount === 0));
      const { large, failed } = sim.fixtures.batches;
      const two = arr((await get(sim, 'batches/list', `uuids[]=${large}&uuids[]=${failed}`)).json.batches);
      assert.deepEqual(two.map((b) => b.uuid).sort(), [large, failed].sort());
      const files = arr((await get(sim, 'batches/list', 'includedDataKinds[]=file&limit=100')).json.batches);
      assert.ok(files.length > 0 && files.every((b) => (b.data as Json).kind === 'file'));
      const notFiles = arr((await get(sim, 'batches/list', 'excludedDataKinds=file&limit=100')).json.batches);
      assert.ok(notFiles.every((b) => (b.data as Json).kind !== 'file'));
      assert.equal((await get(sim, 'batches/list', 'isFinished=yes')).status, 400);
    });

    it('gets the fixture batches by uuid', async () => {
      const { large, succeeded, unhealthy, failed, running } = sim.fixtures.batches;
      const batch = async (uuid: string) => (await get(sim, `batches/${uuid}`)).json.batch as Json;
      const largeBatch = await batch(large);
      assert.equal(largeBatch.runsCount, sim.fixtures.largeBatchRunsCount);
      assert.equal(largeBatch.status, 'success');
      const ok = await batch(succeeded);
      assert.equal(ok.status, 'success');
      assert.ok(Number(ok.failedRunsCount) > 0);
      assert.ok(Number(ok.creditsUsedCount) > 0);
      assert.equal((await batch(unhealthy)).runsStatus, 'unhealthy');
      const failedBatch = await batch(failed);
      assert.equal(failedBatch.status, 'error');
      assert.equal(typeof failedBatch.errorMessage, 'string');
      assert.notEqual((await batch(running)).finishedAt, undefined);
      const missing = await get(sim, 'batches/6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f');
      assert.equal(missing.status, 404);
      assert.equal(missing.json.reason, 'batchNotFound');
    });
  });

  describe('runs', () => {
    it('lists runs with count, newest first, paged', async () => {
      // Live batches keep creating runs: page over a fixed window so the pages line up.
      const createdBefore = new Date().toISOString();
      const reply = await post(sim, 'runs/list', { createdBefore, limit: 20 });
      assert.equal(reply.status, 200);
      const runs = arr(reply.json.runs);
      assert.equal(runs.length, 20);
      assert.ok(Number(reply.json.count) > 1000, 'count is the total, not the page');
      for (const run of runs) {
        hasKeys(run, RUN_KEYS, 'run');
        assert.ok(RUN_STATUSES.includes(String(run.status)));
        for (const execution of arr(run.executions)) hasKeys(execution, EXECUTION_KEYS, 'execution');
      }
      assertNewestFirst(runs);
      const next = arr((await post(sim, 'runs/list', { createdBefore, limit: 20, offset: 20 })).json.runs);
      assert.equal(next.length, 20);
      assert.equal(new Set([...runs, ...next].map((r) => r.uuid)).size, 40);
      const defaults = await post(sim, 'runs/list');
      assert.equal(arr(defaults.json.runs).length, 50);
      for (const limit of [0, 101]) {
        const bad = await post(sim, 'runs/list', { limit });
        assert.equal(bad.status, 400);
        assert.equal(bad.json.reason, 'invalidParameters');
        assert.match(String(bad.json.errorMessage), /limit/);
      }
    });

    it('filters runs and counts the same way', async () => {
      const batchUuid = sim.fixtures.batches.succeeded;
      const batch = (await get(sim, `batches/${batchUuid}`)).json.batch as Json;
      const inBatch = await post(sim, 'runs/list', { batchUuid, limit: 100 });
      assert.equal(inBatch.json.count, batch.runsCount);
      assert.ok(arr(inBatch.json.runs).every((r) => r.batchUuid === batchUuid));
      const failed = await post(sim, 'runs/list', { batchUuid, statuses: ['error'] });
      assert.equal(failed.json.count, batch.failedRunsCount);
      assert.ok(arr(failed.json.runs).every((r) => r.status === 'error' && typeof r.errorMessage === 'string'));
      const counted = await post(sim, 'runs/count', { batchUuid, statuses: ['error'] });
      assert.deepEqual(counted.json, { count: batch.failedRunsCount });
      const someRun = arr(inBatch.json.runs)[0] as Json;
      const byId = arr((await post(sim, 'runs/list', { recordId: someRun.recordId })).json.runs);
      assert.ok(byId.some((r) => r.uuid === someRun.uuid) && byId.every((r) => r.recordId === someRun.recordId));
      const needle = String(someRun.recordTitle).slice(1, 6).toUpperCase();
      const byTitle = arr((await post(sim, 'runs/list', { recordTitle: needle, limit: 100 })).json.runs);
      assert.ok(byTitle.every((r) => String(r.recordTitle).toUpperCase().includes(needle)));
      const finished = arr((await post(sim, 'runs/list', { isFinished: false, limit: 100 })).json.runs);
      assert.ok(finished.every((r) => !TERMINAL.has(String(r.status))));
      const since = new Date(Date.now() - 3_600_000).toISOString();
      const recent = arr((await post(sim, 'runs/list', { createdAfter: since, limit: 100 })).json.runs);
      assert.ok(recent.length > 0 && recent.every((r) => String(r.createdAt) >= since));
      assert.equal((await post(sim, 'runs/list', { createdAfter: 'yesterday' })).status, 400);
      assert.equal((await post(sim, 'runs/list', { statuses: ['paused'] })).status, 400);
      const executionsFilter = {
        conjonction: 'and',
        groups: [{ conjonction: 'and', conditions: [{ kind: 'node', nodeSlug: 'clearbit_enrich', status: 'error' }] }],
      };
      const clearbitFailures = arr((await post(sim, 'runs/list', { workflowUuid: sim.fixtures.workflows.tool, executionsFilter, limit: 100 })).json.runs);
      assert.ok(clearbitFailures.every((r) => arr(r.executions).some((e) => e.nodeSlug === 'clearbit_enrich' && e.status === 'error')));
    });

    it('gets a run with its context and computed configs', async () => {
      const reply = await get(sim, `runs/${sim.fixtures.runs.failed}`);
      assert.equal(reply.status, 200);
      const run = reply.json.run as Json;
      hasKeys(run, RUN_KEYS, 'run');
      assert.equal(run.status, 'error');
      assert.equal(typeof run.errorMessage, 'string');
      const executions = arr(run.executions);
      const failedExecution = executions[executions.length - 1] as Json;
      assert.equal(failedExecution.status, 'error');
      assert.equal(failedExecution.errorMessage, run.errorMessage);
      const context = reply.json.runContext as Json;
      const configs = reply.json.runComputedConfigs as Json;
      assert.equal(typeof (context.start as Json).email, 'string', 'the start node holds the input record');
      assert.equal(context[String(failedExecution.nodeSlug)], null, 'a failed node has no output');
      for (const execution of executions) assert.ok(String(execution.nodeSlug) in configs);
      const succeeded = await get(sim, `runs/${sim.fixtures.runs.succeeded}`);
      const answer = (succeeded.json.runContext as Json).ai_summarize as Json;
      assert.equal(typeof (answer.answer as Json).summary, 'string', 'agent output nests under answer');
      assert.equal((succeeded.json.run as Json).finishedAt !== null, true);
      const missing = await get(sim, 'runs/6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f');
      assert.equal(missing.status, 404);
      assert.equal(missing.json.reason, 'runNotFound');
    });

    it('validates run creation', async () => {
      const { tool, play } = sim.fixtures.workflows;
      const expect = async (body: unknown, status: number, reason: string) => {
        const reply = await post(sim, 'runs', body);
        assert.equal(reply.status, status, JSON.stringify(body));
        assert.equal(reply.json.reason, reason);
      };
      await expect({ data: {} }, 404, 'workflowNotFound');
      await expect({ workflowUuid: '6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f', data: {} }, 404, 'workflowNotFound');
      await expect({ workflowUuid: play, data: {} }, 400, 'playNotCompatible');
      await expect({ workflowUuid: tool }, 400, 'invalidData');
      await expect({ workflowUuid: tool, data: [1] }, 400, 'invalidData');
      await expect({ workflowUuid: tool, data: 'x' }, 400, 'invalidData');
      await expect({ workflowUuid: tool, data: { __simError: 'notEnoughCredits' } }, 402, 'notEnoughCredits');
      await expect({ workflowUuid: tool, data: { __simError: 'concurrencyLimitReached' } }, 429, 'concurrencyLimitReached');
    });
  });

  describe('records, spans, workflows, plays, tools', () => {
    it('lists records by GET and POST alike, one per record id', async () => {
      // A play with no live batches: its records do not change between the two calls.
      const workflowUuid = sim.fixtures.workflows.weeklyAbm as string;
      const viaGet = await get(sim, 'records/list', `workflowUuid=${workflowUuid}&limit=100`);
      const viaPost = await post(sim, 'records/list', { workflowUuid, limit: 100 });
      assert.equal(viaGet.status, 200);
      assert.deepEqual(viaGet.json, viaPost.json);
      const records = arr(viaPost.json.records);
      assert.ok(records.length > 0);
      for (const record of records) hasKeys(record, RECORD_KEYS, 'record');
      assert.equal(new Set(records.map((r) => r.id)).size, records.length, 'one record per id');
      assertNewestFirst(records);
      const count = await post(sim, 'records/count', { workflowUuid });
      assert.equal(count.json.count, viaPost.json.count);
      const record = records[records.length - 1] as Json;
      const runsOfRecord = arr((await post(sim, 'runs/list', { workflowUuid, recordId: record.id })).json.runs);
      assert.equal(runsOfRecord[0]?.uuid, record.runUuid, 'a record is its latest run');
      const byIds = await get(sim, 'records/list', `workflowUuid=${workflowUuid}&ids[]=${encodeURIComponent(String(record.id))}`);
      assert.deepEqual(
        arr(byIds.json.records).map((r) => r.id),
        [record.id],
      );
      const failed = arr((await post(sim, 'records/list', { statuses: ['error'], limit: 100 })).json.records);
      assert.ok(failed.length > 0 && failed.every((r) => r.status === 'error'));
    });

    it('lists spans derived from executions', async () => {
      const missing = await post(sim, 'spans/list', { runUuid: sim.fixtures.runs.failed });
      assert.equal(missing.status, 400);
      assert.equal(missing.json.reason, 'invalidParameters');
      assert.match(String(missing.json.errorMessage), /executionStartedAfter/);
      const executionStartedAfter = new Date(Date.now() - 7 * 86_400_000).toISOString();
      const run = (await get(sim, `runs/${sim.fixtures.runs.failed}`)).json.run as Json;
      const reply = await post(sim, 'spans/list', { executionStartedAfter, runUuid: run.uuid });
      const spans = arr(reply.json.spans);
      assert.equal(spans.length, arr(run.executions).length);
      assert.equal(reply.json.count, spans.length);
      for (const span of spans) hasKeys(span, SPAN_KEYS, 'span');
      assert.deepEqual(
        spans.map((s) => s.executionIndex).sort(),
        arr(run.executions).map((_, i) => i),
      );
      const errors = arr((await post(sim, 'spans/list', { executionStartedAfter, executionStatuses: ['error'], limit: 100 })).json.spans);
      assert.ok(errors.length > 0 && errors.every((s) => s.executionStatus === 'error' && typeof s.executionErrorMessage === 'string'));
      assertNewestFirst(errors, 'executionStartedAt');
      const bySlug = await post(sim, 'spans/count', { executionStartedAfter, nodeSlug: 'ai_score', nodeKind: 'agent' });
      assert.ok(Number(bySlug.json.count) > 0);
      assert.equal((await post(sim, 'spans/list', { executionStartedAfter, limit: 1000 })).status, 400);
      const traced = await post(sim, 'spans/list', { executionStartedAfter, traceUuid: run.traceUuid, limit: 1000 });
      assert.equal(traced.status, 200);
      assert.equal(arr(traced.json.spans).length, spans.length);
    });

    it('lists workflows (no names) and plays and tools (named)', async () => {
      const workflows = arr((await get(sim, 'workflows/list')).json.workflows);
      assert.equal(workflows.length, 5);
      const plays = arr((await get(sim, 'plays/list')).json.plays);
      const tools = arr((await get(sim, 'tools/list')).json.tools);
      assert.deepEqual(tools.map((t) => t.name).sort(), ['Enrich lead', 'Route to owner', 'Score account']);
      assert.deepEqual(plays.map((p) => p.name).sort(), ['New signups enrichment', 'Weekly ABM refresh']);
      const kinds = new Set<string>();
      for (const workflow of workflows) {
        assert.equal('name' in workflow, false);
        const owner = workflow.playUuid ? plays.find((p) => p.uuid === workflow.playUuid) : tools.find((t) => t.uuid === workflow.toolUuid);
        assert.equal(owner?.workflowUuid, workflow.uuid);
        const release = workflow.deployedRelease as Json;
        const nodes = arr(release.nodes);
        assert.ok(nodes.length >= 4 && nodes.length <= 8);
        assert.equal(nodes[0]?.slug, 'start');
        for (const node of nodes) kinds.add(String(node.kind));
        assert.equal(arr(workflow.nodes)[0]?.slug, 'start', 'the tree starts at the start node');
      }
      assert.deepEqual([...kinds].sort(), ['agent', 'connector', 'native', 'tool']);
      const one = await get(sim, `workflows/${sim.fixtures.workflows.tool}`);
      assert.equal((one.json.workflow as Json).uuid, sim.fixtures.workflows.tool);
      const missing = await get(sim, 'workflows/6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f');
      assert.equal(missing.status, 404);
      assert.equal(missing.json.reason, 'workflowNotFound');
    });
  });

  describe('data', () => {
    it('has hostile data when asked', async () => {
      const hostileBatch = sim.fixtures.batches.hostile as string;
      const runs = arr((await post(sim, 'runs/list', { batchUuid: hostileBatch })).json.runs);
      assert.ok(runs.length > 0);
      assert.ok(runs.every((r) => HOSTILE_STRINGS.includes(String(r.recordTitle))));
      const reply = await get(sim, `runs/${sim.fixtures.runs.hostile}`);
      const run = reply.json.run as Json;
      assert.ok(arr(run.executions).some((e) => HOSTILE_STRINGS.includes(String(e.title))));
      assert.ok(String(run.errorMessage).length >= 1024 * 1024, 'one error message is a megabyte');
      assert.ok(reply.text.includes('<script>alert(1)</script>'));
      const context = reply.json.runContext as Json;
      assert.ok(Object.values(context.start as Json).some((v) => HOSTILE_STRINGS.includes(String(v))));
      const pollution = Object.values(context).find((v) => v && typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, '__proto__'));
      assert.ok(pollution, 'a context object has an own "__proto__" key');
      assert.equal(({} as Json).polluted, undefined);
    });

    it('has a big-context run of about the asked size', async () => {
      const reply = await get(sim, `runs/${sim.fixtures.runs.bigContext}`);
      const size = JSON.stringify(reply.json.runContext).length;
      assert.ok(size > 300_000 * 0.9 && size < 300_000 * 1.3, `runContext is ${size} bytes`);
    });

    it('gives the same uuids for the same seed and others for another seed', async () => {
      const [a, b, c] = await Promise.all([startSimulator({ seed: 42 }), startSimulator({ seed: 42 }), startSimulator({ seed: 43 })]);
      try {
        assert.deepEqual(a.fixtures, b.fixtures);
        assert.notEqual(a.fixtures.batches.large, c.fixtures.batches.large);
        const uuids = async (s: Simulator) =>
          arr((await post(s, 'runs/list', { batchUuid: s.fixtures.batches.large, limit: 100, offset: 300 })).json.runs).map(
            (r) => `${r.uuid} ${r.recordTitle} ${r.status}`,
          );
        assert.deepEqual(await uuids(a), await uuids(b));
        const created = async (s: Simulator) =>
          ((await post(s, 'runs', { workflowUuid: s.fixtures.workflows.tool, data: { email: 'x@y.z' } })).json.run as Json).uuid;
        assert.equal(await created(a), await created(b));
      } finally {
        await Promise.all([a.close(), b.close(), c.close()]);
      }
    });
  });
});

describe('simulator lifecycle', () => {
  it('shows every batch and run status right after start', async () => {
    const fresh = await startSimulator({ seed: 9 });
    try {
      const batches = arr((await get(fresh, 'batches/list', 'limit=100')).json.batches);
      assert.deepEqual([...new Set(batches.map((b) => b.status))].sort(), [...BATCH_STATUSES].sort());
      const seen = new Set<string>();
      for (const status of RUN_STATUSES) {
        const reply = await post(fresh, 'runs/list', { statuses: [status], limit: 1 });
        if (Number(reply.json.count) > 0) seen.add(status);
      }
      assert.deepEqual([...seen].sort(), [...RUN_STATUSES].sort());
    } finally {
      await fresh.close();
    }
  });

  const stepMs = 100;
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ seed: 3, stepMs });
  });
  after(() => sim.close());

  it('moves a created run from pending to success one execution at a time', async () => {
    const created = await post(sim, 'runs', {
      workflowUuid: sim.fixtures.workflows.tool,
      data: { email: 'jane@acme.com', company: 'Acme Corp', __simOutcome: 'success' },
    });
    assert.equal(created.status, 200);
    const run = created.json.run as Json;
    hasKeys(run, RUN_KEYS, 'created run');
    assert.equal(run.status, 'pending');
    assert.deepEqual(run.executions, []);
    assert.equal(run.finishedAt, null);
    assert.equal(run.recordTitle, 'jane@acme.com');
    const seen: number[] = [];
    const statuses = new Set<string>();
    const final = await waitFor(
      'the run to finish',
      async () => {
        const current = (await get(sim, `runs/${String(run.uuid)}`)).json.run as Json;
        seen.push(arr(current.executions).length);
        statuses.add(String(current.status));
        return TERMINAL.has(String(current.status)) ? current : undefined;
      },
      20 * stepMs + 2000,
    );
    assert.equal(final.status, 'success');
    assert.equal(typeof final.finishedAt, 'string');
    assert.ok(statuses.has('running'));
    for (let i = 1; i < seen.length; i++) assert.ok((seen[i] as number) >= (seen[i - 1] as number), 'executions never disappear');
    assert.ok(new Set(seen).size >= 4, `saw the executions grow: ${seen.join(',')}`);
    assert.ok(arr(final.executions).every((e) => e.status === 'success' && e.finishedAt !== null));
    const context = (await get(sim, `runs/${String(run.uuid)}`)).json.runContext as Json;
    assert.equal((context.start as Json).email, 'jane@acme.com');
    const listed = arr((await post(sim, 'runs/list', { workflowUuid: sim.fixtures.workflows.tool, createdAfter: run.createdAt, limit: 100 })).json.runs);
    assert.ok(
      listed.some((r) => r.uuid === run.uuid),
      'the new run is listed',
    );
    assertNewestFirst(listed);
  });

  it('fails a run forced to fail', async () => {
    const created = (await post(sim, 'runs', { workflowUuid: sim.fixtures.workflows.tool, data: { email: 'x@fail.io', __simOutcome: 'error' } })).json
      .run as Json;
    const final = await waitFor(
      'the run to fail',
      async () => {
        const current = (await get(sim, `runs/${String(created.uuid)}`)).json.run as Json;
        return TERMINAL.has(String(current.status)) ? current : undefined;
      },
      20 * stepMs + 2000,
    );
    assert.equal(final.status, 'error');
    assert.equal(typeof final.errorMessage, 'string');
    assert.equal(arr(final.executions).at(-1)?.status, 'error');
  });

  it('finishes the running fixture batch within ten steps, counters following', async () => {
    // A simulator of its own: the fixture is timed from the simulator's start.
    const fresh = await startSimulator({ seed: 3, stepMs });
    try {
      await runningFixtureFinishes(fresh);
    } finally {
      await fresh.close();
    }
  });

  async function runningFixtureFinishes(sim: Simulator): Promise<void> {
    const uuid = sim.fixtures.batches.running;
    const first = (await get(sim, `batches/${uuid}`)).json.batch as Json;
    assert.equal(first.status, 'running');
    assert.equal(first.finishedAt, null);
    const runningRun = (await get(sim, `runs/${sim.fixtures.runs.running}`)).json.run as Json;
    assert.ok(['running', 'success'].includes(String(runningRun.status)));
    const done = await waitFor(
      'the batch to finish',
      async () => {
        const batch = (await get(sim, `batches/${uuid}`)).json.batch as Json;
        return batch.status === 'success' ? batch : undefined;
      },
      12 * stepMs + 1000,
    );
    assert.equal(done.executedRunsCount, done.runsCount);
    assert.ok(Number(done.executedRunsCount) >= Number(first.executedRunsCount));
    assert.ok(Number(done.creditsUsedCount) > Number(first.creditsUsedCount));
    assert.ok(done.runsStatus === 'healthy' || done.runsStatus === 'unhealthy');
    assert.equal(typeof done.finishedAt, 'string');
    assert.equal(((await get(sim, `runs/${sim.fixtures.runs.running}`)).json.run as Json).status, 'success');
  }

  it('cancels a batch: cancelling, then cancelled with its runs', async () => {
    const unfinished = arr((await get(sim, 'batches/list', 'isFinished=false&limit=100')).json.batches).filter(
      (b) => b.status === 'running' || b.status === 'pending' || b.status === 'syncing' || b.status === 'querying',
    );
    const target = unfinished[0];
    assert.ok(target, 'some batch is still going');
    assert.deepEqual((await post(sim, `batches/${String(target.uuid)}/cancel`)).json, {});
    const right = (await get(sim, `batches/${String(target.uuid)}`)).json.batch as Json;
    assert.equal(right.status, 'cancelling');
    const again = await post(sim, `batches/${String(target.uuid)}/cancel`);
    assert.equal(again.status, 200, 'cancelling twice is fine');
    await sleep(stepMs + 50);
    const later = (await get(sim, `batches/${String(target.uuid)}`)).json.batch as Json;
    assert.equal(later.status, 'cancelled');
    assert.equal(typeof later.finishedAt, 'string');
    const runs = arr((await post(sim, 'runs/list', { batchUuid: target.uuid, limit: 100 })).json.runs);
    assert.ok(runs.every((r) => TERMINAL.has(String(r.status))));
    const finished = await post(sim, `batches/${sim.fixtures.batches.succeeded}/cancel`);
    assert.equal(finished.status, 409);
    assert.equal(finished.json.reason, 'batchAlreadyFinished');
    const missing = await post(sim, 'batches/6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f/cancel');
    assert.equal(missing.json.reason, 'batchNotFound');
  });

  it('cancels runs by uuid', async () => {
    const workflowUuid = sim.fixtures.workflows.tool;
    const run = (await post(sim, 'runs', { workflowUuid, data: { email: 'cancel@me.io', __simOutcome: 'success' } })).json.run as Json;
    assert.equal((await post(sim, 'runs/cancel', { uuids: [run.uuid] })).status, 400, 'workflowUuid is required');
    assert.deepEqual((await post(sim, 'runs/cancel', { workflowUuid, uuids: [run.uuid] })).json, {});
    assert.equal(((await get(sim, `runs/${String(run.uuid)}`)).json.run as Json).status, 'cancelling');
    await sleep(stepMs + 50);
    const cancelled = (await get(sim, `runs/${String(run.uuid)}`)).json.run as Json;
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(typeof cancelled.finishedAt, 'string');
    assert.deepEqual((await post(sim, 'runs/cancel', { workflowUuid, uuids: [run.uuid] })).json, {}, 'cancelling a finished run is a no-op');
  });
});

describe('simulator faults', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ seed: 5, stepMs: 200 });
  });
  after(() => sim.close());
  const fault = (spec: string): CallOptions => ({ headers: { 'x-sim-fault': spec } });

  it('parses fault specs and rules', () => {
    assert.deepEqual(parseFaultSpec('latency=500'), { kind: 'latency', ms: 500 });
    assert.deepEqual(parseFaultSpec('status=429;retry-after=2'), { kind: 'status', status: 429, retryAfterSeconds: 2 });
    assert.deepEqual(parseFaultSpec('status=500;empty'), { kind: 'status', status: 500, emptyBody: true });
    assert.deepEqual(parseFaultSpec('malformed'), { kind: 'malformedJson' });
    assert.deepEqual(parseFaultSpec('drift=nulls'), { kind: 'drift', drift: 'nulls' });
    assert.deepEqual(parseFaultRule('status=503;times=2;method=post;path=/runs/list'), {
      fault: { kind: 'status', status: 503 },
      times: 2,
      method: 'POST',
      path: '/runs/list',
    });
    for (const bad of ['', 'slow', 'latency=abc', 'status=99', 'drift=sideways', 'hang;x=1']) assert.throws(() => parseFaultSpec(bad), Error, bad);
  });

  it('applies latency, status, empty and retry-after from the header', async () => {
    let started = Date.now();
    assert.equal((await get(sim, 'workflows/list', undefined, fault('latency=150'))).status, 200);
    assert.ok(Date.now() - started >= 140);
    const unavailable = await get(sim, 'workflows/list', undefined, fault('status=503'));
    assert.equal(unavailable.status, 503);
    assert.equal(typeof unavailable.json.errorMessage, 'string');
    assert.equal(typeof unavailable.json.reason, 'string');
    const limited = await get(sim, 'workflows/list', undefined, fault('status=429;retry-after=2'));
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '2');
    const empty = await get(sim, 'workflows/list', undefined, fault('status=500;empty'));
    assert.equal(empty.status, 500);
    assert.equal(empty.text, '');
    const bad = await get(sim, 'workflows/list', undefined, fault('status=nope'));
    assert.equal(bad.status, 400);
    assert.equal(bad.json.reason, 'invalidSimFault');
    started = Date.now();
    await assert.rejects(get(sim, 'workflows/list', undefined, { ...fault('hang'), signal: AbortSignal.timeout(200) }));
    assert.ok(Date.now() - started < 2000);
  });

  it('breaks the body: malformed, truncated, reset', async () => {
    const malformed = await get(sim, 'batches/list', undefined, fault('malformed'));
    assert.equal(malformed.status, 200);
    assert.throws(() => JSON.parse(malformed.text));
    await assert.rejects(async () => {
      const response = await fetch(`${sim.url}/orchestration/batches/list`, { headers: { authorization: `Bearer ${sim.token}`, 'x-sim-fault': 'truncated' } });
      assert.equal(response.status, 200);
      await response.text();
    });
    await assert.rejects(get(sim, 'batches/list', undefined, fault('reset')));
  });

  it('drifts the JSON four ways', async () => {
    const path = `runs/${sim.fixtures.runs.failed}`;
    const unknownEnum = (await get(sim, path, undefined, fault('drift=unknownEnum'))).json.run as Json;
    assert.ok(!RUN_STATUSES.includes(String(unknownEnum.status)));
    assert.ok(
      arr(unknownEnum.executions).every(
        (e) => !['pending', 'success', 'error'].includes(String(e.status)) && !['native', 'connector', 'tool', 'agent'].includes(String(e.nodeKind)),
      ),
    );
    const batches = arr((await get(sim, 'batches/list', undefined, fault('drift=unknownEnum'))).json.batches);
    assert.ok(batches.every((b) => !BATCH_STATUSES.includes(String(b.status))));
    const missing = arr((await get(sim, 'batches/list', undefined, fault('drift=missingField'))).json.batches);
    assert.equal('uuid' in (missing[0] as Json), false);
    assert.equal('status' in (missing[0] as Json), false);
    assert.equal('uuid' in (missing[1] as Json), true);
    const extra = (await get(sim, path, undefined, fault('drift=extraFields'))).json;
    assert.ok('simUnknownField' in extra && 'simUnknownField' in (extra.run as Json) && 'simUnknownField' in (arr((extra.run as Json).executions)[0] as Json));
    const nulls = (await get(sim, path, undefined, fault('drift=nulls'))).json.run as Json;
    for (const field of ['userUuid', 'releaseUuid', 'batchUuid', 'errorMessage', 'finishedAt', 'deletedAt']) assert.equal(nulls[field], null, field);
    assert.equal(typeof nulls.uuid, 'string');
    assert.ok(arr(nulls.executions).every((e) => e.title === null && e.startedAt === null && e.finishedAt === null));
  });

  it('makes any answer hostile', async () => {
    const reply = await get(sim, `runs/${sim.fixtures.runs.failed}`, undefined, fault('hostile'));
    const run = reply.json.run as Json;
    assert.ok(HOSTILE_STRINGS.includes(String(run.recordTitle)));
    assert.ok(HOSTILE_STRINGS.includes(String(run.errorMessage)));
    assert.ok(Object.values(reply.json.runContext as Json).some((v) => JSON.stringify(v).includes('<') || v === null));
    const start = (reply.json.runContext as Json).start as Json;
    assert.ok(
      Object.values(start)
        .filter((v) => typeof v === 'string')
        .every((v) => HOSTILE_STRINGS.includes(v as string)),
    );
  });

  it('applies rules for the next N matching requests only', async () => {
    sim.clearFaults();
    sim.addFault({ fault: { kind: 'status', status: 503 }, path: '/runs/list', times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(sim, 'runs/list', { limit: 1 })).status);
    assert.deepEqual(statuses, [503, 503, 200]);
    assert.equal((await get(sim, 'workflows/list')).status, 200);
    sim.setFaults([{ fault: { kind: 'status', status: 502 }, path: '^/v1/orchestration/runs/[0-9a-f-]+$', method: 'GET' }]);
    assert.equal((await get(sim, `runs/${sim.fixtures.runs.failed}`)).status, 502);
    assert.equal((await post(sim, 'runs/list', { limit: 1 })).status, 200, 'regex and method restrict the rule');
    sim.setFaults([{ fault: { kind: 'latency', ms: 120 } }, { fault: { kind: 'status', status: 504 }, times: 1 }]);
    const started = Date.now();
    assert.equal((await get(sim, 'plays/list')).status, 504, 'latency composes with another fault');
    assert.ok(Date.now() - started >= 110);
    sim.clearFaults();
    assert.equal((await get(sim, 'plays/list')).status, 200);
    for (const spec of ['drift=nulls', 'hostile', 'malformed', 'truncated', 'reset', 'hang']) {
      sim.setFaults([parseFaultRule(`${spec};times=1`)]);
      const first = get(sim, 'tools/list', undefined, { signal: AbortSignal.timeout(300) }).then(
        (r) => JSON.stringify(r.json),
        () => 'failed',
      );
      assert.notEqual(await first, JSON.stringify((await get(sim, 'tools/list')).json), `${spec} applied once by rule`);
      assert.equal((await get(sim, 'tools/list')).status, 200, `${spec} retired`);
    }
    sim.clearFaults();
  });

  it('is controlled over HTTP too', async () => {
    const put = await fetch(`${sim.origin}/__sim/faults`, {
      method: 'PUT',
      body: JSON.stringify(['status=503;times=1', { fault: { kind: 'status', status: 500 }, path: '/plays/', times: 1 }]),
    });
    assert.equal(put.status, 200);
    assert.equal((await get(sim, 'workflows/list')).status, 503);
    assert.equal((await get(sim, 'plays/list')).status, 500);
    assert.equal((await get(sim, 'plays/list')).status, 200);
    const badPut = await fetch(`${sim.origin}/__sim/faults`, { method: 'PUT', body: JSON.stringify(['status=bad']) });
    assert.equal(badPut.status, 400);
    await fetch(`${sim.origin}/__sim/faults`, { method: 'POST', body: JSON.stringify('status=418') });
    assert.equal((await get(sim, 'workflows/list')).status, 418);
    assert.equal((await fetch(`${sim.origin}/__sim/faults`, { method: 'DELETE' })).status, 200);
    assert.equal((await get(sim, 'workflows/list')).status, 200);
    const fixtures = await (await fetch(`${sim.origin}/__sim/fixtures`)).json();
    assert.deepEqual(fixtures, sim.fixtures);
    const health = (await (await fetch(`${sim.origin}/__sim/health`)).json()) as Json;
    assert.equal(health.ok, true);
    await fetch(`${sim.origin}/__sim/requests`, { method: 'DELETE' });
    await get(sim, 'workflows/list');
    const log = (await (await fetch(`${sim.origin}/__sim/requests`)).json()) as { requests: Json[] };
    assert.equal(log.requests.length, 1);
    assert.equal(log.requests[0]?.path, '/v1/orchestration/workflows/list');
  });

  it('logs API requests as they arrive', async () => {
    sim.clearRequests();
    await get(sim, 'batches/list', 'statuses[]=running&statuses[]=success&isFinished=false&limit=5');
    await post(sim, 'runs/list', { batchUuid: sim.fixtures.batches.large, limit: 3 }, fault('status=503'));
    await fetch(`${sim.origin}/__sim/health`);
    const hanging = get(sim, 'tools/list', undefined, { ...fault('hang'), signal: AbortSignal.timeout(150) }).catch(() => undefined);
    await sleep(50);
    assert.equal(sim.requests.length, 3, 'control calls are not logged; hanging ones are, as they arrive');
    const [list, runs, hang] = sim.requests;
    assert.equal(list?.method, 'GET');
    assert.equal(list?.path, '/v1/orchestration/batches/list');
    assert.deepEqual(list?.query, { statuses: ['running', 'success'], isFinished: 'false', limit: '5' });
    assert.equal(list?.status, 200);
    assert.equal(list?.fault, undefined);
    assert.ok(Math.abs((list?.time ?? 0) - Date.now()) < 5000);
    assert.deepEqual(runs?.body, { batchUuid: sim.fixtures.batches.large, limit: 3 });
    assert.equal(runs?.status, 503);
    assert.equal(runs?.fault, 'status=503');
    assert.equal(hang?.status, 0);
    assert.equal(hang?.fault, 'hang');
    await hanging;
  });
});

describe('simulator scale and shutdown', () => {
  it('starts fast at default scale', async () => {
    // Best of two, so one garbage collection on a busy machine does not decide.
    const times: number[] = [];
    for (const seed of [11, 12]) {
      const started = performance.now();
      const sim = await startSimulator({ seed });
      times.push(performance.now() - started);
      await sim.close();
    }
    assert.ok(Math.min(...times) < 300, `ready in ${times.map((t) => t.toFixed(0)).join(' / ')} ms`);
  });

  it('serves a 10,000-run batch quickly', async () => {
    const started = performance.now();
    const sim = await startSimulator({ seed: 12, scale: 10_000 });
    const ready = performance.now() - started;
    try {
      assert.ok(ready < 2000, `ready in ${ready.toFixed(0)} ms`);
      const batch = (await get(sim, `batches/${sim.fixtures.batches.large}`)).json.batch as Json;
      assert.equal(batch.runsCount, 10_000);
      assert.equal(sim.fixtures.largeBatchRunsCount, 10_000);
      await post(sim, 'runs/list', { batchUuid: sim.fixtures.batches.large, limit: 1 });
      const times: number[] = [];
      let last: Reply | undefined;
      for (const offset of [0, 5000, 9950]) {
        const t = performance.now();
        last = await post(sim, 'runs/list', { batchUuid: sim.fixtures.batches.large, limit: 50, offset });
        times.push(performance.now() - t);
        assert.equal(arr(last.json.runs).length, 50);
        assert.equal(last.json.count, 10_000);
      }
      assert.ok(Math.max(...times) < 150, `pages took ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
      assertNewestFirst(arr(last?.json.runs));
      const t = performance.now();
      const count = await post(sim, 'runs/count', { statuses: ['error'] });
      assert.ok(Number(count.json.count) > 0);
      assert.ok(performance.now() - t < 300);
    } finally {
      await sim.close();
    }
  });

  it('closes promptly with a hanging request in flight', async () => {
    const sim = await startSimulator({ seed: 13 });
    const outcome = (spec: string) =>
      fetch(`${sim.url}/orchestration/batches/list`, { headers: { authorization: `Bearer ${sim.token}`, 'x-sim-fault': spec } }).then(
        () => 'answered',
        () => 'failed',
      );
    const hanging = outcome('hang');
    const slow = outcome('latency=60000');
    await sleep(50);
    const started = Date.now();
    await sim.close();
    assert.ok(Date.now() - started < 500, `closed in ${Date.now() - started} ms`);
    assert.equal(await hanging, 'failed');
    assert.equal(await slow, 'failed');
    await sim.close();
  });

  it('runs from the command line and stops on SIGTERM', async () => {
    const cli = join(__dirname, '..', 'cli.js');
    const child = spawn(
      process.execPath,
      [cli, '--port', '0', '--seed', '4', '--token', 't0k', '--step-ms', '300', '--fault', 'status=503;times=1;path=/plays/'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const url = await waitFor('the listening line', async () => /listening on (http:\/\/127\.0\.0\.1:\d+\/v1) \(token: t0k\)/.exec(output)?.[1], 5000);
      assert.equal(output.split('\n').filter((line) => line.startsWith('Cargo API simulator listening on')).length, 1);
      const plays = await fetch(`${url}/orchestration/plays/list`, { headers: { authorization: 'Bearer t0k' } });
      assert.equal(plays.status, 503);
      const again = await fetch(`${url}/orchestration/plays/list`, { headers: { authorization: 'Bearer t0k' } });
      assert.equal(again.status, 200);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

describe('simulator batch creation', () => {
  const stepMs = 50;
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ seed: 21, stepMs });
  });
  after(() => sim.close());

  const batchOf = async (s: Simulator, uuid: unknown) => (await get(s, `batches/${String(uuid)}`)).json.batch as Json;
  /** The batch once its runs exist (they all appear one step after creation). */
  const withRuns = (s: Simulator, uuid: unknown) =>
    waitFor(
      'the batch runs to exist',
      async () => {
        const batch = await batchOf(s, uuid);
        return Number(batch.runsCount) > 0 ? batch : undefined;
      },
      20 * stepMs + 2000,
    );
  const runsOf = async (s: Simulator, batchUuid: unknown) => arr((await post(s, 'runs/list', { batchUuid, limit: 100 })).json.runs);

  it('creates a batch from inline records: pending, newest first, one run per record', async () => {
    const workflowUuid = sim.fixtures.workflows.tool;
    const records = [
      { email: 'ada@lovelace.io', company: 'Analytical Engines', __simOutcome: 'success' },
      { id: 'lead-2', email: 'grace@hopper.io', firstName: 'Grace' },
      { email: 'alan@turing.io' },
    ];
    const reply = await post(sim, 'batches', { workflowUuid, data: { kind: 'records', records } });
    assert.equal(reply.status, 200);
    const batch = reply.json.batch as Json;
    hasKeys(batch, BATCH_KEYS, 'created batch');
    assert.match(String(batch.uuid), UUID_V4);
    assert.equal(batch.workflowUuid, workflowUuid);
    assert.equal(batch.status, 'pending');
    assert.equal(batch.runsCount, 0);
    assert.equal(batch.finishedAt, null);
    assert.match(String(batch.createdAt), ISO_MS);
    assert.ok(Math.abs(Date.parse(String(batch.createdAt)) - Date.now()) < 2000, 'starts at the time of the request');
    const data = batch.data as Json;
    assert.equal(data.kind, 'records');
    assert.match(String(data.s3Filename), /records\.json$/);
    assert.equal('records' in data, false, 'stored as an s3Filename, like the real API');
    const listed = arr((await get(sim, 'batches/list', 'limit=3')).json.batches);
    assert.equal(listed[0]?.uuid, batch.uuid, 'newest first at once');
    const workflow = (await get(sim, `workflows/${workflowUuid}`)).json.workflow as Json;
    assert.equal((workflow.lastBatch as Json).uuid, batch.uuid);

    const started = await withRuns(sim, batch.uuid);
    assert.equal(started.runsCount, 3);
    const runs = await runsOf(sim, batch.uuid);
    assert.equal(runs.length, 3);
    assert.deepEqual(runs.map((r) => r.recordTitle).sort(), ['ada@lovelace.io', 'alan@turing.io', 'grace@hopper.io']);
    assert.ok(runs.every((r) => r.batchUuid === batch.uuid && r.workflowUuid === workflowUuid));
    assert.equal(runs.find((r) => r.recordTitle === 'grace@hopper.io')?.recordId, 'lead-2');
    const ada = runs.find((r) => r.recordTitle === 'ada@lovelace.io') as Json;
    const details = await waitFor(
      'the start node to run',
      async () => {
        const reply = await get(sim, `runs/${String(ada.uuid)}`);
        return (reply.json.runContext as Json).start ? reply.json : undefined;
      },
      20 * stepMs + 2000,
    );
    assert.deepEqual((details.runContext as Json).start, records[0], 'the start node holds the input record');
    const recordsListed = arr((await post(sim, 'records/list', { workflowUuid, ids: ['lead-2'] })).json.records);
    assert.equal(recordsListed[0]?.batchUuid, batch.uuid);
    const executionStartedAfter = new Date(Date.now() - 60_000).toISOString();
    const spans = await post(sim, 'spans/list', { executionStartedAfter, batchUuid: batch.uuid });
    assert.ok(Number(spans.json.count) > 0);
    assert.ok(arr(spans.json.spans).every((s) => s.batchUuid === batch.uuid));
  });

  it('creates batches from record ids, segments, filters and files', async () => {
    const { play, tool } = sim.fixtures.workflows;
    const playInfo = arr((await get(sim, 'plays/list')).json.plays).find((p) => p.workflowUuid === play) as Json;
    const modelUuid = String(playInfo.modelUuid);
    const known = arr((await post(sim, 'records/list', { workflowUuid: play, limit: 1 })).json.records)[0] as Json;

    const byIds = await post(sim, 'batches', { workflowUuid: play, data: { kind: 'recordIds', modelUuid, ids: [known.id, 'crm-404', known.id] } });
    assert.equal(byIds.status, 200);
    const idsBatch = byIds.json.batch as Json;
    assert.deepEqual(idsBatch.data, { kind: 'recordIds', modelUuid, ids: [known.id, 'crm-404'] });
    assert.equal((await withRuns(sim, idsBatch.uuid)).runsCount, 2, 'one run per distinct id');
    const idRuns = await runsOf(sim, idsBatch.uuid);
    assert.equal(idRuns.find((r) => r.recordId === known.id)?.recordTitle, known.title, 'a known record keeps its title');
    const generated = idRuns.find((r) => r.recordId === 'crm-404') as Json;
    assert.ok(typeof generated.recordTitle === 'string' && generated.recordTitle !== '', 'an unknown id gets a generated title');

    const segmentUuid = '0b5c7d1e-2f3a-4b4c-8d5e-6f7a8b9c0d1e';
    const segmentBatches = await Promise.all(
      [1, 2].map(async () => (await post(sim, 'batches', { workflowUuid: play, data: { kind: 'segment', segmentUuid } })).json.batch as Json),
    );
    const [first, second] = await Promise.all(segmentBatches.map((b) => withRuns(sim, b.uuid)));
    assert.deepEqual(first?.data, { kind: 'segment', segmentUuid });
    assert.ok(Number(first?.runsCount) >= 5 && Number(first?.runsCount) <= 20, `${String(first?.runsCount)} segment records`);
    assert.equal(second?.runsCount, first?.runsCount, 'a segment always has the same records');
    assert.equal(new Set((await runsOf(sim, first?.uuid)).map((r) => r.recordId)).size, first?.runsCount);

    const filter = { conjonction: 'and', groups: [] };
    const filtered = (await post(sim, 'batches', { workflowUuid: play, data: { kind: 'filter', modelUuid, filter, limit: 3 } })).json.batch as Json;
    assert.deepEqual(filtered.data, { kind: 'filter', modelUuid, filter, limit: 3 });
    assert.equal((await withRuns(sim, filtered.uuid)).runsCount, 3, 'limit caps a filter');

    const file = (await post(sim, 'batches', { workflowUuid: tool, data: { kind: 'file', s3Filename: 'uploads/leads.csv', mappings: { Email: 'email' } } }))
      .json.batch as Json;
    assert.deepEqual(file.data, { kind: 'file', s3Filename: 'uploads/leads.csv', mappings: { Email: 'email' } });
    const fileRuns = Number((await withRuns(sim, file.uuid)).runsCount);
    assert.ok(fileRuns >= 5 && fileRuns <= 20);
  });

  it('validates batch creation', async () => {
    const { tool, play } = sim.fixtures.workflows;
    const playModel = String((arr((await get(sim, 'plays/list')).json.plays).find((p) => p.workflowUuid === play) as Json).modelUuid);
    const playSegment = String((arr((await get(sim, 'plays/list')).json.plays).find((p) => p.workflowUuid === play) as Json).segmentUuid);
    const before = arr((await get(sim, 'batches/list', 'limit=100')).json.batches).length;
    const expect = async (body: unknown, status: number, reason: string, dataReason?: string) => {
      const reply = await post(sim, 'batches', body);
      assert.equal(reply.status, status, JSON.stringify(body));
      assert.equal(reply.json.reason, reason, JSON.stringify(body));
      assert.equal(typeof reply.json.errorMessage, 'string');
      if (dataReason) assert.deepEqual(reply.json.dataError, { reason: dataReason }, JSON.stringify(body));
    };
    const records = { kind: 'records', records: [{ email: 'a@b.io' }] };
    await expect({ data: records }, 404, 'workflowNotFound');
    await expect({ workflowUuid: '6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f', data: records }, 404, 'workflowNotFound');
    await expect({ workflowUuid: 42, data: records }, 400, 'invalidParameters');
    await expect({ workflowUuid: tool, data: records, nodes: [] }, 400, 'invalidReleaseOrCustomNodes');
    await expect({ workflowUuid: tool, data: records, releaseUuid: '6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f' }, 400, 'invalidReleaseOrCustomNodes');
    await expect({ workflowUuid: tool }, 400, 'dataError', 'invalidData');
    await expect({ workflowUuid: tool, data: [records] }, 400, 'dataError', 'invalidData');
    await expect({ workflowUuid: tool, data: { records: [] } }, 400, 'invalidDataKind');
    await expect({ workflowUuid: tool, data: { kind: 'bogus' } }, 400, 'invalidDataKind');
    await expect(
      { workflowUuid: tool, data: { kind: 'schedule', modelUuid: playModel, segmentUuid: playSegment, changeKinds: ['added'] } },
      400,
      'invalidDataKind',
    );
    await expect({ workflowUuid: play, data: records }, 400, 'invalidDataKind');
    await expect({ workflowUuid: tool, data: { kind: 'recordIds', modelUuid: playModel, ids: ['1'] } }, 400, 'invalidDataKind');
    await expect(
      { workflowUuid: play, data: { kind: 'change', changeUuid: '6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f', changeKinds: ['added'] } },
      400,
      'invalidDataKind',
    );
    await expect({ workflowUuid: tool, data: { kind: 'records', records: [] } }, 400, 'dataError', 'noRecords');
    await expect({ workflowUuid: tool, data: { kind: 'records', records: 'a,b' } }, 400, 'dataError', 'invalidData');
    await expect({ workflowUuid: tool, data: { kind: 'records', records: [{}, 'x'] } }, 400, 'dataError', 'invalidData');
    await expect({ workflowUuid: play, data: { kind: 'recordIds', modelUuid: playModel, ids: [] } }, 400, 'dataError', 'noRecords');
    await expect({ workflowUuid: play, data: { kind: 'recordIds', modelUuid: playModel, ids: [null] } }, 400, 'dataError', 'invalidData');
    await expect({ workflowUuid: play, data: { kind: 'recordIds', ids: ['1'] } }, 400, 'dataError', 'invalidData');
    await expect({ workflowUuid: play, data: { kind: 'segment' } }, 400, 'dataError', 'invalidData');
    await expect({ workflowUuid: play, data: { kind: 'segment', segmentUuid: 'not-a-segment' } }, 400, 'dataError', 'failedToGetSegment');
    await expect({ workflowUuid: play, data: { kind: 'segment', segmentUuid: playSegment } }, 400, 'dataError', 'segmentLinkedToPlay');
    await expect({ workflowUuid: play, data: { kind: 'filter', modelUuid: playModel, limit: 0 } }, 400, 'dataError', 'invalidData');
    await expect({ workflowUuid: tool, data: { kind: 'file' } }, 400, 'dataError', 'invalidData');
    await expect({ workflowUuid: tool, data: { kind: 'records', records: [{ __simError: 'notEnoughCredits' }] } }, 402, 'notEnoughCredits');
    await expect({ workflowUuid: tool, data: { kind: 'records', records: [{ __simError: 'failedToStart' }] } }, 500, 'failedToStart');
    assert.equal(arr((await get(sim, 'batches/list', 'limit=100')).json.batches).length, before, 'refused batches are not created');
  });

  it('runs a created batch to its end, counters and finishedAt following', async () => {
    const records = [
      { email: 'one@ok.io', __simOutcome: 'success' },
      { email: 'two@fail.io', __simOutcome: 'error' },
      { email: 'three@ok.io', __simOutcome: 'success' },
      { email: 'four@ok.io', __simOutcome: 'success' },
    ];
    const created = (await post(sim, 'batches', { workflowUuid: sim.fixtures.workflows.tool, data: { kind: 'records', records } })).json.batch as Json;
    assert.equal(created.status, 'pending');
    const statuses: string[] = [];
    const executed: number[] = [];
    const done = await waitFor(
      'the batch to finish',
      async () => {
        const batch = await batchOf(sim, created.uuid);
        if (statuses.at(-1) !== batch.status) statuses.push(String(batch.status));
        executed.push(Number(batch.executedRunsCount));
        return TERMINAL.has(String(batch.status)) ? batch : undefined;
      },
      40 * stepMs + 3000,
    );
    assert.ok(statuses.includes('running'), `went through ${statuses.join(' → ')}`);
    assert.equal(done.status, 'success', 'a batch with a failed run still succeeds');
    assert.equal(done.runsCount, 4);
    assert.equal(done.executedRunsCount, 4);
    assert.equal(done.failedRunsCount, 1);
    assert.equal(done.runsStatus, 'unhealthy', '1 of 4 failed, over the tool health threshold of 20%');
    assert.ok(Number(done.creditsUsedCount) > 0);
    assert.match(String(done.finishedAt), ISO_MS);
    assert.ok(String(done.finishedAt) >= String(done.createdAt) && String(done.updatedAt) >= String(done.finishedAt));
    for (let i = 1; i < executed.length; i++) assert.ok((executed[i] as number) >= (executed[i - 1] as number), 'counters never go back');
    const runs = await runsOf(sim, created.uuid);
    const byTitle = Object.fromEntries(runs.map((r) => [r.recordTitle, r]));
    assert.equal(byTitle['two@fail.io']?.status, 'error');
    assert.equal(typeof byTitle['two@fail.io']?.errorMessage, 'string');
    for (const title of ['one@ok.io', 'three@ok.io', 'four@ok.io']) assert.equal(byTitle[title]?.status, 'success', title);
    const latest = runs.reduce((max, r) => (String(r.finishedAt) > max ? String(r.finishedAt) : max), '');
    assert.equal(done.finishedAt, latest, 'finishedAt is when the last run finished');
    assert.equal(((await get(sim, `batches/${String(created.uuid)}`)).json.batch as Json).finishedAt, done.finishedAt, 'stays finished');
  });

  it('cancels a created batch', async () => {
    const created = (
      await post(sim, 'batches', { workflowUuid: sim.fixtures.workflows.tool, data: { kind: 'records', records: [{ email: 'a@x.io' }, { email: 'b@x.io' }] } })
    ).json.batch as Json;
    await withRuns(sim, created.uuid);
    assert.deepEqual((await post(sim, `batches/${String(created.uuid)}/cancel`)).json, {});
    assert.equal((await batchOf(sim, created.uuid)).status, 'cancelling');
    await sleep(stepMs + 30);
    const cancelled = await batchOf(sim, created.uuid);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(typeof cancelled.finishedAt, 'string');
    const runs = await runsOf(sim, created.uuid);
    assert.ok(runs.every((r) => TERMINAL.has(String(r.status))) && runs.some((r) => r.status === 'cancelled'));
    assert.equal((await post(sim, `batches/${String(created.uuid)}/cancel`)).json.reason, 'batchAlreadyFinished');
  });

  it('startBatch({stepMs}) paces one batch on its own step', async () => {
    const slow = sim.startBatch({ records: 3, stepMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { json } = await get(sim, `batches/${slow}`);
    const batch = json.batch as { status: string; finishedAt: unknown };
    assert.ok(['pending', 'querying', 'syncing'].includes(batch.status), `still starting: ${batch.status}`);
    assert.equal(batch.finishedAt, null);
    assert.throws(() => sim.startBatch({ records: 1, stepMs: 0 }), /stepMs/);
  });

  it('starts batches from code with startBatch(), unlogged', async () => {
    sim.clearRequests();
    const byDefault = sim.startBatch();
    assert.match(byDefault, UUID_V4);
    const playBatch = await withRuns(sim, byDefault);
    assert.equal(playBatch.workflowUuid, sim.fixtures.workflows.play, 'the play fixture by default');
    assert.equal((playBatch.data as Json).kind, 'recordIds');
    assert.equal(playBatch.runsCount, 5);

    const records = [
      { email: 'x1@corp.io', __simOutcome: 'error' },
      { email: 'x2@corp.io', __simOutcome: 'success' },
    ];
    const toolBatch = await withRuns(sim, sim.startBatch({ records }));
    assert.equal(toolBatch.workflowUuid, sim.fixtures.workflows.tool, 'records go to the tool fixture');
    assert.equal((toolBatch.data as Json).kind, 'records');
    assert.deepEqual((await runsOf(sim, toolBatch.uuid)).map((r) => r.recordTitle).sort(), ['x1@corp.io', 'x2@corp.io']);

    const scoreAccount = sim.fixtures.workflows.scoreAccount as string;
    const counted = await withRuns(sim, sim.startBatch({ workflowUuid: scoreAccount, records: 12 }));
    assert.equal(counted.runsCount, 12);
    assert.equal((counted.data as Json).kind, 'records');
    const weeklyAbm = sim.fixtures.workflows.weeklyAbm as string;
    const ids = await withRuns(sim, sim.startBatch({ workflowUuid: weeklyAbm, records: [{ id: 'acc-1' }, { id: 'acc-2' }] }));
    assert.deepEqual((ids.data as Json).ids, ['acc-1', 'acc-2']);

    assert.throws(() => sim.startBatch({ workflowUuid: '6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f' }), { status: 404, reason: 'workflowNotFound' });
    assert.throws(() => sim.startBatch({ records: 0 }), { status: 400, reason: 'dataError', extra: { dataError: { reason: 'noRecords' } } });
    assert.throws(() => sim.startBatch({ records: -1 }), { status: 400, reason: 'invalidParameters' });
    assert.throws(() => sim.startBatch({ workflowUuid: sim.fixtures.workflows.play, records: [{ email: 'no-id@x.io' }] }), { reason: 'dataError' });
    assert.equal(sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/batches')).length, 0, 'startBatch is not an API request');

    await post(sim, 'batches', { workflowUuid: sim.fixtures.workflows.tool, data: { kind: 'records', records: [{ email: 'logged@x.io' }] } });
    const logged = sim.requests.filter((r) => r.path === '/v1/orchestration/batches');
    assert.equal(logged.length, 1, 'POST /batches is logged like any API call');
    assert.equal(logged[0]?.status, 200);
  });

  it('starts batches over HTTP with POST /__sim/batches, unlogged', async () => {
    sim.clearRequests();
    const control = (body: unknown) => fetch(`${sim.origin}/__sim/batches`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
    const reply = await control({ workflowUuid: sim.fixtures.workflows.tool, records: [{ email: 'remote@x.io', __simOutcome: 'success' }] });
    assert.equal(reply.status, 200);
    const json = (await reply.json()) as Json;
    assert.match(String(json.uuid), UUID_V4);
    hasKeys(json.batch, BATCH_KEYS, 'control batch');
    assert.equal((json.batch as Json).status, 'pending');
    await withRuns(sim, json.uuid);
    assert.deepEqual(
      (await runsOf(sim, json.uuid)).map((r) => r.recordTitle),
      ['remote@x.io'],
    );
    const empty = await control(undefined);
    assert.equal(empty.status, 200, 'no body: the defaults');
    assert.equal((((await empty.json()) as Json).batch as Json).workflowUuid, sim.fixtures.workflows.play);
    const missing = await control({ workflowUuid: '6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f' });
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as Json).reason, 'workflowNotFound');
    const noRecords = await control({ records: [] });
    assert.deepEqual(((await noRecords.json()) as Json).dataError, { reason: 'noRecords' });
    assert.equal((await control([1])).status, 400);
    const notJson = await fetch(`${sim.origin}/__sim/batches`, { method: 'POST', body: '{"records": ' });
    assert.equal(notJson.status, 400);
    assert.ok(sim.requests.length > 0 && sim.requests.every((r) => r.path.startsWith('/v1/orchestration/')), 'control calls are not logged, API calls are');
  });

  it('creates the same batches for the same seed', async () => {
    const [a, b] = await Promise.all([startSimulator({ seed: 22, stepMs }), startSimulator({ seed: 22, stepMs })]);
    try {
      const make = async (s: Simulator) => {
        const viaApi = (
          (
            await post(s, 'batches', {
              workflowUuid: s.fixtures.workflows.play,
              data: { kind: 'segment', segmentUuid: '0b5c7d1e-2f3a-4b4c-8d5e-6f7a8b9c0d1e' },
            })
          ).json.batch as Json
        ).uuid;
        const viaCode = s.startBatch({ records: 8 });
        await withRuns(s, viaApi);
        await withRuns(s, viaCode);
        const runs = [...(await runsOf(s, viaApi)), ...(await runsOf(s, viaCode))];
        return { viaApi, viaCode, runs: runs.map((r) => `${String(r.uuid)} ${String(r.recordId)} ${String(r.recordTitle)}`) };
      };
      const [fromA, fromB] = await Promise.all([make(a), make(b)]);
      assert.deepEqual(fromA, fromB);
      assert.equal(fromA.runs.length, new Set(fromA.runs).size);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
