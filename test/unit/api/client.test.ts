// CargoClient against the Cargo API simulator over real HTTP: every method, paging, every fault
// kind, retries (and their absence for calls that change something), cancellation, tolerance of
// API drift, and the API token never leaking into an error.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { inspect } from 'node:util';
import { useSimulator } from '../support/simulator';
import { CargoClient, type CargoClientOptions } from '../../../src/api/client';
import {
  CargoApiError,
  CargoAuthError,
  CargoCancelledError,
  CargoNetworkError,
  CargoNotFoundError,
  CargoRateLimitError,
  CargoRequestError,
  CargoSchemaError,
  CargoServerError,
  CargoTimeoutError,
  isCancellation,
} from '../../../src/api/errors';
import { enumText, isFinishedBatchStatus, isFinishedExecutionStatus, isFinishedRunStatus, known } from '../../../src/api/enums';
import type { CargoRequestInfo } from '../../../src/api/http';
import { displayText, parseRetryAfter } from '../../../src/api/httpResponse';
import { RunDetailsResponseSchema, RunsPageSchema } from '../../../src/api/runSchemas';
import { MISFIT } from '../../../src/api/validator';
import { problemWithBaseUrl } from '../../../src/connection/baseUrl';
import { RecordsClient } from '../support/recordsApi';

const TOKEN = 'sk_test_S3CRET-token-7f3a9c';
const WRONG_TOKEN = 'sk_test_WRONG-token-0b5e21';

const sim = useSimulator({ seed: 1, token: TOKEN, stepMs: 100, hostile: true, bigContextBytes: 5_000_000 });

/** Test-sized timings: short back-off, 2 s timeout. */
const options = (overrides: Partial<CargoClientOptions>): CargoClientOptions => ({
  baseUrl: sim.url,
  token: TOKEN,
  timeoutMs: 2000,
  retryBaseDelayMs: 10,
  maxRetryDelayMs: 50,
  ...overrides,
});

/** A client with test-sized timings. */
function client(overrides: Partial<CargoClientOptions> = {}): CargoClient {
  return new CargoClient(options(overrides));
}

/** The same, with the records list the extension does not use (support/recordsApi.ts). */
function recordsClient(overrides: Partial<CargoClientOptions> = {}): RecordsClient {
  return new RecordsClient(options(overrides));
}

/** A client whose every request carries this simulator fault. */
const faulty = (fault: string, overrides: Partial<CargoClientOptions> = {}) => client({ headers: { 'x-sim-fault': fault }, ...overrides });

const requestsTo = (pathPart: string) => sim.requests.filter((r) => r.path.includes(pathPart));

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error, 'should reject with an Error');
    return error;
  }
  assert.fail('should have rejected');
}

async function rejectsWith<E extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const error = await rejection(promise);
  assert.ok(error instanceof type, `expected ${type.name}, got ${error.name}: ${error.message}`);
  assert.ok(error instanceof CargoApiError, 'every client error is a CargoApiError');
  return error;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('endpoints', () => {
  test('listBatches: batches with tolerant enums, arrays sent as key[]=v', async () => {
    const batches = await client().listBatches({ limit: 5 });
    assert.equal(batches.length, 5);
    for (const batch of batches) {
      assert.match(batch.uuid, /^[0-9a-f-]{36}$/);
      assert.notEqual(batch.status.known, 'unknown');
      assert.equal(batch.status.raw, batch.status.known);
      assert.equal(typeof batch.createdAt, 'string');
      assert.equal(typeof batch.runsCount, 'number');
    }

    const { workflows } = sim.fixtures;
    const filtered = await client().listBatches({ workflowUuids: [workflows.play], statuses: ['success', 'error'], isFinished: true, limit: 50 });
    assert.ok(filtered.length > 0);
    for (const batch of filtered) {
      assert.equal(batch.workflowUuid, workflows.play);
      assert.ok(batch.status.known === 'success' || batch.status.known === 'error');
      assert.ok(isFinishedBatchStatus(batch.status));
    }
    const sent = requestsTo('/batches/list').at(-1);
    assert.equal(sent?.method, 'GET');
    // The simulator logs `key[]=v` as an array even for one value, a plain `key=v` as a string.
    assert.deepEqual(sent?.query.workflowUuids, [workflows.play]);
    assert.deepEqual(sent?.query.statuses, ['success', 'error']);
    assert.equal(sent?.query.isFinished, 'true');
    assert.equal(sent?.query.limit, '50');
  });

  test('listBatches pages with limit and offset', async () => {
    const first = await client().listBatches({ limit: 3, offset: 0 });
    const second = await client().listBatches({ limit: 3, offset: 3 });
    const both = await client().listBatches({ limit: 6 });
    assert.deepEqual(
      [...first, ...second].map((b) => b.uuid),
      both.map((b) => b.uuid),
    );
  });

  test('getBatch, and a missing batch is a CargoNotFoundError', async () => {
    const batch = await client().getBatch(sim.fixtures.batches.succeeded);
    assert.equal(batch.uuid, sim.fixtures.batches.succeeded);
    assert.equal(batch.status.known, 'success');

    const error = await rejectsWith(client().getBatch('00000000-0000-4000-8000-000000000000'), CargoNotFoundError);
    assert.equal(error.status, 404);
    assert.equal(error.reason, 'batchNotFound');
    assert.equal(error.endpoint, 'GET /orchestration/batches/00000000-0000-4000-8000-000000000000');
    assert.equal(requestsTo('/batches/00000000').length, 1, 'a 404 is not retried');
  });

  test('getRun: run, executions, context and computed configs', async () => {
    const details = await client().getRun(sim.fixtures.runs.failed);
    assert.equal(details.run.uuid, sim.fixtures.runs.failed);
    assert.equal(details.run.status.known, 'error');
    assert.ok(isFinishedRunStatus(details.run.status));
    assert.ok(details.run.executions.length > 0);
    const failed = details.run.executions.find((e) => e.status.known === 'error');
    assert.ok(failed, 'a failed run has a failed execution');
    assert.equal(typeof failed.errorMessage, 'string');
    assert.equal(typeof details.runContext, 'object');
    assert.equal(typeof details.runComputedConfigs, 'object');
    assert.ok(Object.keys(details.runContext).length > 0);
  });

  test('runMetrics: a POST read (retried), filters in the body; a Cargo without it answers 404 or 405', async () => {
    const batch = await client().getBatch(sim.fixtures.batches.large);
    sim.clearRequests();
    sim.addFault({ fault: { kind: 'status', status: 503 }, path: '/runs/metrics', times: 1 });
    try {
      const metrics = await client().runMetrics({ workflowUuid: batch.workflowUuid, batchUuid: batch.uuid, createdAfter: new Date(0) });
      for (const metric of metrics) {
        assert.equal(typeof metric.nodeUuid, 'string');
        assert.equal(typeof metric.errorExecutionsCount, 'number');
      }
    } catch (error) {
      // The simulator does not serve it yet: POST runs/metrics meets GET runs/:uuid, a 405.
      assert.ok(error instanceof CargoApiError && (error.status === 404 || error.status === 405), String(error));
    }
    const sent = requestsTo('/runs/metrics');
    assert.equal(sent.length, 2, 'the 503 is retried, like every read');
    assert.equal(sent[1]?.method, 'POST');
    assert.deepEqual(sent[1]?.body, { workflowUuid: batch.workflowUuid, batchUuid: batch.uuid, createdAfter: '1970-01-01T00:00:00.000Z' });
    await rejectsWith(client().runMetrics({ batchUuid: batch.uuid } as never), CargoRequestError);
    assert.equal(requestsTo('/runs/metrics').length, 2, 'a call without workflowUuid is refused before it is sent');
  });

  test('listRuns pages with limit/offset and a total count', async () => {
    const batchUuid = sim.fixtures.batches.large;
    const first = await client().listRuns({ batchUuid, limit: 100, offset: 0 });
    const second = await client().listRuns({ batchUuid, limit: 100, offset: 100 });
    assert.equal(first.runs.length, 100);
    assert.equal(second.runs.length, 100);
    assert.equal(first.count, sim.fixtures.largeBatchRunsCount);
    assert.equal(second.count, first.count);
    const uuids = new Set([...first.runs, ...second.runs].map((r) => r.uuid));
    assert.equal(uuids.size, 200, 'pages do not overlap');
    const last = await client().listRuns({ batchUuid, limit: 100, offset: first.count - 10 });
    assert.equal(last.runs.length, 10);

    const sent = requestsTo('/runs/list').at(-1);
    assert.equal(sent?.method, 'POST');
    assert.deepEqual(sent?.body, { batchUuid, limit: 100, offset: first.count - 10 });
  });

  test('listRuns sends filters in the body (dates as ISO strings)', async () => {
    const since = new Date(Date.now() - 7 * 24 * 3600 * 1000);
    const page = await client().listRuns({ workflowUuid: sim.fixtures.workflows.tool, statuses: ['error'], createdAfter: since, limit: 10 });
    for (const run of page.runs) assert.equal(run.status.known, 'error');
    assert.deepEqual(requestsTo('/runs/list').at(-1)?.body, {
      workflowUuid: sim.fixtures.workflows.tool,
      statuses: ['error'],
      createdAfter: since.toISOString(),
      limit: 10,
    });
  });

  test('createRun, then cancelRuns', async () => {
    const workflowUuid = sim.fixtures.workflows.tool;
    const run = await client().createRun({ workflowUuid, data: { email: 'ada@example.com', company: 'Analytical Engines' } });
    assert.equal(run.workflowUuid, workflowUuid);
    assert.ok(!isFinishedRunStatus(run.status));
    assert.deepEqual(requestsTo('/runs').at(-1)?.body, { workflowUuid, data: { email: 'ada@example.com', company: 'Analytical Engines' } });

    const fetched = await client().getRun(run.uuid);
    assert.equal(fetched.run.uuid, run.uuid);

    const result = await client().cancelRuns({ workflowUuid, uuids: [run.uuid] });
    assert.equal(result, undefined);
    assert.deepEqual(requestsTo('/runs/cancel').at(-1)?.body, { workflowUuid, uuids: [run.uuid] });
    const after = await client().getRun(run.uuid);
    assert.ok(['cancelling', 'cancelled'].includes(after.run.status.known), `status after cancel: ${after.run.status.raw}`);
  });

  test("createRun on a play's workflow is refused with Cargo's reason", async () => {
    const error = await rejectsWith(client().createRun({ workflowUuid: sim.fixtures.workflows.play, data: {} }), CargoRequestError);
    assert.equal(error.status, 400);
    assert.equal(error.reason, 'playNotCompatible');
    assert.match(error.message, /runs can only be created for tools/);
  });

  test('cancelBatch, and cancelling a finished batch is refused', async () => {
    // A batch of its own with slow steps: the seeded running batch finishes about a second after the
    // simulator starts, which a busy machine can outlast before this test runs.
    const running = sim.startBatch({ records: 3, stepMs: 60_000 });
    assert.equal(await client().cancelBatch(running), undefined);
    const batch = await client().getBatch(running);
    assert.ok(['cancelling', 'cancelled'].includes(batch.status.known), `status after cancel: ${batch.status.raw}`);

    const error = await rejectsWith(client().cancelBatch(sim.fixtures.batches.succeeded), CargoRequestError);
    assert.equal(error.reason, 'batchAlreadyFinished');
  });

  test('listRecords uses POST with a body', async () => {
    const workflowUuid = sim.fixtures.workflows.tool;
    const page = await recordsClient().listRecords({ workflowUuid, limit: 5 });
    assert.ok(page.records.length > 0 && page.records.length <= 5);
    assert.ok(page.count >= page.records.length);
    for (const record of page.records) {
      assert.equal(record.workflowUuid, workflowUuid);
      assert.equal(typeof record.id, 'string');
      assert.equal(typeof record.runUuid, 'string');
    }
    const sent = requestsTo('/records/list').at(-1);
    assert.equal(sent?.method, 'POST');
    assert.deepEqual(sent?.body, { workflowUuid, limit: 5 });
  });

  test('listSpans requires executionStartedAfter and sends it as an ISO string', async () => {
    const page = await client().listSpans({ executionStartedAfter: new Date(0), runUuid: sim.fixtures.runs.failed });
    assert.ok(page.spans.length > 0);
    assert.equal(page.count, page.spans.length);
    for (const span of page.spans) {
      assert.equal(span.runUuid, sim.fixtures.runs.failed);
      assert.equal(typeof span.executionIndex, 'number');
    }
    assert.deepEqual(requestsTo('/spans/list').at(-1)?.body, { executionStartedAfter: '1970-01-01T00:00:00.000Z', runUuid: sim.fixtures.runs.failed });

    sim.clearRequests();
    const error = await rejectsWith(client().listSpans({} as never), CargoRequestError);
    assert.match(error.message, /executionStartedAfter/);
    assert.equal(sim.requests.length, 0, 'an invalid call is not sent');
  });

  test('getTrace and listTraces: the lineage of a run in one trace, its totals aggregated from its spans', async () => {
    const { run } = await client().getRun(sim.fixtures.runs.withChildRun);
    assert.ok(run.traceUuid);
    const trace = await client().getTrace(run.traceUuid);
    assert.equal(trace.uuid, run.traceUuid);
    assert.equal(trace.rootRunUuid, run.uuid);
    assert.equal(trace.spansCount, 9, "the run's 6 executions and its child run's 3");
    assert.equal(trace.status.known, 'success');
    assert.equal(sim.requests.at(-1)?.path, `/v1/orchestration/traces/${run.traceUuid}`);

    const spans = await client().listSpans({ traceUuid: run.traceUuid, executionStartedAfter: new Date(0), limit: 1000 });
    assert.equal(spans.count, 9);
    assert.equal(new Set(spans.spans.map((span) => span.runUuid)).size, 2);

    const page = await client().listTraces({ startedAfter: new Date(0), workflowUuid: run.workflowUuid, limit: 5 });
    assert.ok(page.traces.length > 0 && page.traces.length <= 5);
    assert.ok(page.count >= page.traces.length);
    for (const listed of page.traces) assert.equal(listed.workflowUuid, run.workflowUuid);
    assert.deepEqual(sim.requests.at(-1)?.body, { startedAfter: '1970-01-01T00:00:00.000Z', workflowUuid: run.workflowUuid, limit: 5 });

    await rejectsWith(client().getTrace('00000000-0000-4000-8000-000000000000'), CargoNotFoundError);
    sim.clearRequests();
    const error = await rejectsWith(client().listTraces({} as never), CargoRequestError);
    assert.match(error.message, /startedAfter/);
    assert.equal(sim.requests.length, 0, 'an invalid call is not sent');
  });

  test('listWorkflows, getWorkflow, listPlays and listTools', async () => {
    const { tool, play } = sim.fixtures.workflows;
    const workflows = await client().listWorkflows();
    const uuids = workflows.map((w) => w.uuid);
    assert.ok(uuids.includes(tool) && uuids.includes(play));

    const workflow = await client().getWorkflow(tool);
    assert.equal(workflow.uuid, tool);
    assert.equal(typeof workflow.toolUuid, 'string');

    const tools = await client().listTools();
    const plays = await client().listPlays();
    const toolOf = tools.find((t) => t.workflowUuid === tool);
    const playOf = plays.find((p) => p.workflowUuid === play);
    assert.ok(toolOf && toolOf.name.length > 0, 'the tool names its workflow');
    assert.ok(playOf && playOf.name.length > 0, 'the play names its workflow');
    assert.equal(toolOf.uuid, workflow.toolUuid);

    const releaseUuid = workflow.deployedRelease?.uuid;
    assert.ok(releaseUuid);
    const release = await client().getRelease(releaseUuid);
    assert.equal(release.uuid, releaseUuid);
    assert.ok(
      release.nodes?.some((node) => node.name),
      'the release names its nodes',
    );
  });

  test('a trailing slash on baseUrl is fine; extra headers are sent but cannot replace the token', async () => {
    const batches = await client({ baseUrl: `${sim.url}/`, headers: { Authorization: `Bearer ${WRONG_TOKEN}`, 'x-cargo-origin': 'test' } }).listBatches({
      limit: 1,
    });
    assert.equal(batches.length, 1);
    assert.equal(sim.requests.at(-1)?.path, '/v1/orchestration/batches/list');
  });

  test('a uuid that would change the path is refused before sending', async () => {
    for (const bad of ['', '..', 'a/b', '?x=1']) {
      await rejectsWith(client().getBatch(bad), CargoRequestError);
      await rejectsWith(client().cancelBatch(bad), CargoRequestError);
    }
    assert.equal(sim.requests.length, 0);
  });
});

describe('errors and retries', () => {
  test('a wrong token is a CargoAuthError, not retried', async () => {
    const error = await rejectsWith(client({ token: WRONG_TOKEN }).listBatches(), CargoAuthError);
    assert.equal(error.status, 401);
    assert.match(error.message, /Cargo rejected the API token.*Sign in again/);
    assert.equal(sim.requests.length, 1);
  });

  test('403 is a CargoAuthError too', async () => {
    await rejectsWith(faulty('status=403').listBatches(), CargoAuthError);
    assert.equal(sim.requests.length, 1);
  });

  test('503 once, then OK: success after 2 requests', async () => {
    sim.addFault({ fault: { kind: 'status', status: 503 }, path: '/batches/list', times: 1 });
    const attempts: CargoRequestInfo[] = [];
    const batches = await client({ onRequest: (info) => attempts.push(info) }).listBatches({ limit: 2 });
    assert.equal(batches.length, 2);
    assert.deepEqual(
      sim.requests.map((r) => r.status),
      [503, 200],
    );
    assert.deepEqual(
      attempts.map((a) => [a.method, a.path, a.attempt, a.status]),
      [
        ['GET', '/orchestration/batches/list', 1, 503],
        ['GET', '/orchestration/batches/list', 2, 200],
      ],
    );
    for (const a of attempts) assert.ok(a.durationMs >= 0);
  });

  test('408, 429, 500, 502, 503 and 504 are retried, on GET and on POST …/list reads', async () => {
    for (const status of [408, 429, 500, 502, 503, 504]) {
      sim.clearRequests();
      sim.addFault({ fault: { kind: 'status', status }, path: '/runs/list', times: 1 });
      const page = await client().listRuns({ limit: 1 });
      assert.equal(page.runs.length, 1);
      assert.deepEqual(
        sim.requests.map((r) => r.status),
        [status, 200],
        `status ${status}`,
      );
    }
  });

  test('retries stop after maxRetries, with the last error', async () => {
    const error = await rejectsWith(faulty('status=502', { maxRetries: 2 }).getRun(sim.fixtures.runs.succeeded), CargoServerError);
    assert.equal(error.status, 502);
    assert.equal(error.reason, 'badGateway');
    assert.match(error.message, /Cargo had a problem answering \(HTTP 502/);
    assert.equal(sim.requests.length, 3);
  });

  test('back-off grows between attempts', async () => {
    await rejectsWith(faulty('status=503', { maxRetries: 3, retryBaseDelayMs: 40, maxRetryDelayMs: 10_000 }).listBatches(), CargoServerError);
    const times = sim.requests.map((r) => r.time);
    assert.equal(times.length, 4);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    // Equal jitter: attempt n waits between half and all of 40·2^(n-1) ms.
    assert.ok((gaps[0] as number) >= 15, `first gap ${gaps[0]}`);
    assert.ok((gaps[2] as number) >= 75, `third gap ${gaps[2]}`);
  });

  test('429 with Retry-After: 1 waits about a second, then succeeds', async () => {
    sim.addFault({ fault: { kind: 'status', status: 429, retryAfterSeconds: 1 }, path: '/batches/list', times: 1 });
    const batches = await client({ retryBaseDelayMs: 5 }).listBatches({ limit: 1 });
    assert.equal(batches.length, 1);
    assert.equal(sim.requests.length, 2);
    const waited = (sim.requests[1]?.time ?? 0) - (sim.requests[0]?.time ?? 0);
    assert.ok(waited >= 950 && waited < 1800, `waited ${waited} ms`);
  });

  test('a Retry-After longer than maxRetryAfterMs is left to the caller', async () => {
    const error = await rejectsWith(faulty('status=429;retry-after=30', { maxRetryAfterMs: 5000 }).listBatches(), CargoRateLimitError);
    assert.equal(error.retryAfterMs, 30_000);
    assert.match(error.message, /Try again in 30 s/);
    assert.equal(sim.requests.length, 1);
  });

  test('429 without Retry-After, retries exhausted: CargoRateLimitError without retryAfterMs', async () => {
    const error = await rejectsWith(faulty('status=429;empty', { maxRetries: 1 }).listBatches(), CargoRateLimitError);
    assert.equal(error.retryAfterMs, undefined);
    assert.equal(error.status, 429);
    assert.equal(sim.requests.length, 2);
  });

  test('other 4xx: CargoRequestError with Cargo’s message, not retried', async () => {
    const error = await rejectsWith(faulty('status=400').listBatches(), CargoRequestError);
    assert.equal(error.status, 400);
    assert.equal(error.reason, 'badRequest');
    assert.equal(error.serverMessage, 'Simulated 400 (status=400)');
    assert.equal(sim.requests.length, 1);
  });

  test('an empty error body still gives a typed error', async () => {
    const error = await rejectsWith(faulty('status=500;empty', { maxRetries: 0 }).listBatches(), CargoServerError);
    assert.equal(error.status, 500);
    assert.equal(error.reason, undefined);
    assert.equal(error.serverMessage, undefined);
  });

  test('hang: a CargoTimeoutError after timeoutMs, distinct from a cancellation', async () => {
    const started = Date.now();
    const error = await rejectsWith(faulty('hang', { timeoutMs: 200, maxRetries: 0 }).listBatches(), CargoTimeoutError);
    const took = Date.now() - started;
    assert.ok(took >= 180 && took < 1500, `took ${took} ms`);
    assert.ok(error instanceof CargoNetworkError);
    assert.equal(error.timeoutMs, 200);
    assert.equal(error.message, 'Cargo did not answer within 200 ms.');
    assert.ok(!isCancellation(error));
  });

  test('the default timeout message says 15 s', () => {
    assert.equal(new CargoTimeoutError('GET /x', 15_000).message, 'Cargo did not answer within 15 s.');
  });

  test('hang once, then OK: a read is retried after the timeout', async () => {
    sim.addFault({ fault: { kind: 'hang' }, path: '/workflows/list', times: 1 });
    const workflows = await client({ timeoutMs: 200 }).listWorkflows();
    assert.ok(workflows.length > 0);
    assert.equal(sim.requests.length, 2);
  });

  test('hang every time: a second timeout ends the call, whatever maxRetries says (a view does not wait minutes to say so)', async () => {
    const started = Date.now();
    await rejectsWith(faulty('hang', { timeoutMs: 200, maxRetries: 3 }).listWorkflows(), CargoTimeoutError);
    assert.equal(sim.requests.length, 2, 'two attempts, not four');
    assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
    // Other failures still get every retry.
    sim.clearRequests();
    await rejectsWith(faulty('status=503', { maxRetries: 3 }).listWorkflows(), CargoServerError);
    assert.equal(sim.requests.length, 4);
  });

  test('latency below the timeout is just slow; above it, a timeout', async () => {
    assert.ok((await faulty('latency=150', { timeoutMs: 1000 }).listTools()).length > 0);
    await rejectsWith(faulty('latency=400', { timeoutMs: 150, maxRetries: 0 }).listTools(), CargoTimeoutError);
  });

  test('reset: CargoNetworkError, retried for reads', async () => {
    const error = await rejectsWith(faulty('reset', { maxRetries: 0 }).listBatches(), CargoNetworkError);
    assert.ok(!(error instanceof CargoTimeoutError));
    assert.equal(error.code, 'ECONNRESET');
    assert.match(error.message, /Could not reach Cargo/);

    sim.clearRequests();
    sim.addFault({ fault: { kind: 'reset' }, path: '/batches/list', times: 1 });
    assert.equal((await client().listBatches({ limit: 1 })).length, 1);
    assert.equal(sim.requests.length, 2);
  });

  test('truncated body: CargoNetworkError, retried for reads', async () => {
    const error = await rejectsWith(faulty('truncated', { maxRetries: 0 }).listRuns({ limit: 5 }), CargoNetworkError);
    assert.match(error.message, /broke off before the whole response arrived/);

    sim.clearRequests();
    sim.addFault({ fault: { kind: 'truncated' }, path: '/runs/list', times: 1 });
    assert.equal((await client().listRuns({ limit: 5 })).runs.length, 5);
    assert.equal(sim.requests.length, 2);
  });

  test('malformed JSON in a 200: CargoSchemaError, not retried', async () => {
    const error = await rejectsWith(faulty('malformed', { maxRetries: 3 }).listBatches(), CargoSchemaError);
    assert.equal(error.message, 'GET /orchestration/batches/list returned an unexpected response: the body is not JSON');
    assert.equal(error.status, 200);
    assert.equal(sim.requests.length, 1);
  });

  test('a redirect is not followed: the token never goes to another origin', async () => {
    let otherOriginHits = 0;
    let leakedAuthorization: string | undefined;
    const other = await listen((req, res) => {
      otherOriginHits++;
      leakedAuthorization = req.headers.authorization;
      res.end('{}');
    });
    const redirecting = await listen((_req, res) => {
      res.writeHead(302, { location: `${other.url}/v1/orchestration/batches/list` });
      res.end();
    });
    try {
      const error = await rejectsWith(client({ baseUrl: `${redirecting.url}/v1` }).listBatches(), CargoRequestError);
      assert.equal(error.status, 302);
      assert.match(error.message, /redirect/);
      assert.equal(otherOriginHits, 0);
      assert.equal(leakedAuthorization, undefined);
    } finally {
      await Promise.all([other.close(), redirecting.close()]);
    }
  });
});

describe('the token goes to the configured origin only', () => {
  const REFUSED = [
    'http://example.com/v1',
    'http://10.0.0.1/v1',
    'http://localhost.evil.example/v1',
    'http://127.0.0.1.evil.example/v1',
    'ftp://127.0.0.1/v1',
    'file:///etc/passwd',
    'https://user:secret@api.getcargo.io/v1',
  ];
  const ALLOWED = [
    'https://api.getcargo.io/v1',
    'https://x/v1',
    'http://127.0.0.1:4010/v1',
    'http://127.1.2.3/v1',
    'http://localhost:4010/v1',
    'http://[::1]:4010/v1',
  ];

  test('a base URL that is neither https nor loopback is refused, by the setting check and by the client itself', () => {
    for (const url of REFUSED) {
      assert.match(problemWithBaseUrl(url) ?? '', /cargo\.apiBaseUrl/, `the setting check refuses ${url}`);
      assert.throws(() => client({ baseUrl: url }), TypeError, `the client refuses ${url}`);
    }
    assert.match(problemWithBaseUrl('http://example.com/v1') ?? '', /plain http to example\.com; the API token would travel unencrypted/);
    assert.match(problemWithBaseUrl('not a url') ?? '', /is not a URL/);
    for (const url of ALLOWED) {
      assert.equal(problemWithBaseUrl(url), undefined, `allowed: ${url}`);
      assert.doesNotThrow(() => client({ baseUrl: url }), `the client takes ${url}`);
    }
  });

  test('a server reached over plain http at a non-loopback address never sees a request, so never the token', async (t) => {
    const address = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
    if (!address) return t.skip('this machine has no non-loopback IPv4 address');
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      // The same server answers over loopback: the refusal is the address's, not a dead port.
      await fetch(`http://127.0.0.1:${port}/`).then((response) => response.text());
      assert.equal(hits, 1);
      const baseUrl = `http://${address}:${port}/v1`;
      assert.ok(problemWithBaseUrl(baseUrl), 'the setting check refuses it');
      assert.throws(() => client({ baseUrl }), TypeError);
      assert.equal(hits, 1, 'nothing sent to it');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('loopback over plain http reaches the simulator (localhost as well as 127.0.0.1)', async () => {
    const viaLocalhost = sim.url.replace('127.0.0.1', 'localhost');
    const page = await client({ baseUrl: viaLocalhost }).listBatches({ limit: 1 });
    assert.equal(page.length, 1);
  });

  for (const status of [301, 302, 303, 307, 308]) {
    for (const where of ['another origin', 'the same host on another port', 'another path of the same origin']) {
      test(`a ${status} redirect to ${where} is not followed; the token goes nowhere else`, async () => {
        let otherHits = 0;
        let leaked: string | undefined;
        const other = await listen((req, res) => {
          otherHits++;
          leaked = req.headers.authorization;
          res.end('{"batches":[]}');
        });
        let redirectingHits = 0;
        const redirecting = await listen((req, res) => {
          redirectingHits++;
          const target =
            where === 'another origin'
              ? `${other.url.replace('127.0.0.1', 'localhost')}/v1/orchestration/batches/list`
              : where === 'the same host on another port'
                ? `${other.url}/v1/orchestration/batches/list`
                : `/elsewhere${req.url ?? ''}`;
          res.writeHead(status, { location: target });
          res.end();
        });
        try {
          const error = await rejectsWith(client({ baseUrl: `${redirecting.url}/v1` }).listBatches(), CargoRequestError);
          assert.equal(error.status, status);
          assert.doesNotMatch(`${error.message} ${error.stack ?? ''} ${inspect(error)}`, new RegExp(TOKEN));
          assert.equal(redirectingHits, 1, 'one request, to the configured origin; not retried, not followed');
          assert.equal(otherHits, 0);
          assert.equal(leaked, undefined);
        } finally {
          await Promise.all([other.close(), redirecting.close()]);
        }
      });
    }
  }
});

describe('calls that change something are never retried', () => {
  const cases: [string, (c: CargoClient) => Promise<unknown>][] = [
    ['createRun', (c) => c.createRun({ workflowUuid: sim.fixtures.workflows.tool, data: { email: 'x@example.com' } })],
    ['cancelBatch', (c) => c.cancelBatch(sim.fixtures.batches.running)],
    ['cancelRuns', (c) => c.cancelRuns({ workflowUuid: sim.fixtures.workflows.tool, uuids: [sim.fixtures.runs.running] })],
  ];
  for (const [name, call] of cases) {
    test(`${name}: one request after a 503`, async () => {
      await rejectsWith(call(faulty('status=503', { maxRetries: 3 })), CargoServerError);
      assert.equal(sim.requests.length, 1);
    });
    test(`${name}: one request after a 429 with Retry-After`, async () => {
      await rejectsWith(call(faulty('status=429;retry-after=0', { maxRetries: 3 })), CargoRateLimitError);
      assert.equal(sim.requests.length, 1);
    });
    test(`${name}: one request after a timeout, which says it may have been carried out`, async () => {
      const error = await rejectsWith(call(faulty('hang', { timeoutMs: 150, maxRetries: 3 })), CargoTimeoutError);
      assert.equal(error.mayHaveSucceeded, true);
      assert.match(error.message, /may have been carried out/);
      assert.equal(sim.requests.length, 1);
    });
    test(`${name}: one request after a reset`, async () => {
      await rejectsWith(call(faulty('reset', { maxRetries: 3 })), CargoNetworkError);
      assert.equal(sim.requests.length, 1);
    });
  }
});

describe('cancellation', () => {
  test('aborting during a request rejects at once with CargoCancelledError', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = faulty('hang', { timeoutMs: 5000 }).listBatches({}, controller.signal);
    setTimeout(() => controller.abort(), 100);
    const error = await rejectsWith(pending, CargoCancelledError);
    assert.ok(Date.now() - started < 1000);
    assert.ok(isCancellation(error));
    assert.ok(!(error instanceof CargoNetworkError), 'a cancellation is not a timeout');
    assert.equal(sim.requests.length, 1, 'and is not retried');
  });

  test('aborting during back-off rejects at once, with no further attempt', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = faulty('status=503;retry-after=5').getBatch(sim.fixtures.batches.succeeded, controller.signal);
    setTimeout(() => controller.abort(), 150);
    await rejectsWith(pending, CargoCancelledError);
    assert.ok(Date.now() - started < 1000);
    await sleep(50);
    assert.equal(sim.requests.length, 1);
  });

  test('an already aborted signal sends nothing', async () => {
    await rejectsWith(client().listTools(AbortSignal.abort()), CargoCancelledError);
    assert.equal(sim.requests.length, 0);
  });
});

describe('API drift', () => {
  test('unknown enum values become the unknown state, raw value kept', async () => {
    const c = faulty('drift=unknownEnum');
    const batches = await c.listBatches({ limit: 10 });
    for (const batch of batches) {
      assert.deepEqual(batch.status, { known: 'unknown', raw: 'paused' });
      assert.equal(enumText(batch.status), 'paused');
      assert.ok(!isFinishedBatchStatus(batch.status), 'an unknown status is watched, not taken as finished');
      if (batch.runsStatus) assert.deepEqual(batch.runsStatus, { known: 'unknown', raw: 'flaky' });
    }
    const { run } = await c.getRun(sim.fixtures.runs.failed);
    assert.deepEqual(run.status, { known: 'unknown', raw: 'paused' });
    for (const execution of run.executions) {
      assert.deepEqual(execution.nodeKind, { known: 'unknown', raw: 'quantum' });
      assert.equal(execution.status.known, 'unknown');
      assert.ok(!isFinishedExecutionStatus(execution.status));
    }
    const { spans } = await c.listSpans({ executionStartedAfter: new Date(0), limit: 5 });
    for (const span of spans) assert.deepEqual(span.executionStatus, { known: 'unknown', raw: 'paused' });
    const workflows = await c.listWorkflows();
    assert.ok(workflows.some((w) => w.lastBatch?.status.raw === 'paused'));
  });

  test('extra fields are kept, at every level', async () => {
    const c = faulty('drift=extraFields');
    const [batch] = await c.listBatches({ limit: 1 });
    assert.equal(batch?.simUnknownField, 'added by drift=extraFields');
    assert.deepEqual(batch?.simUnknownObject, { nested: [1, 'two', null] });
    const details = await c.getRun(sim.fixtures.runs.failed);
    assert.equal(details.simUnknownField, 'added by drift=extraFields');
    assert.equal(details.run.executions[0]?.simUnknownField, 'added by drift=extraFields');
  });

  test('explicit nulls are accepted wherever Cargo declares them', async () => {
    const c = faulty('drift=nulls');
    const [batch] = await c.listBatches({ limit: 1 });
    assert.equal(batch?.finishedAt, null);
    assert.equal(batch?.runsStatus, null);
    const details = await c.getRun(sim.fixtures.runs.failed);
    assert.equal(details.run.errorMessage, null);
    assert.equal(details.run.executions[0]?.startedAt, null);
    await c.listRuns({ limit: 20 });
    await recordsClient({ headers: { 'x-sim-fault': 'drift=nulls' } }).listRecords({ workflowUuid: sim.fixtures.workflows.tool, limit: 20 });
    await c.listSpans({ executionStartedAfter: new Date(0), limit: 20 });
    const workflows = await c.listWorkflows();
    assert.ok(workflows.every((w) => w.lastBatch === null && w.deployedRelease === null));
    await c.listPlays();
    await c.listTools();
  });

  test('a missing required field is a CargoSchemaError naming endpoint and path, not retried', async () => {
    const c = faulty('drift=missingField', { maxRetries: 3 });
    const error = await rejectsWith(c.listBatches({ limit: 5 }), CargoSchemaError);
    assert.match(error.message, /^GET \/orchestration\/batches\/list returned an unexpected response: batches\[0\]\.uuid: missing \(expected string\)/);
    assert.deepEqual(error.issues[0], { path: 'batches[0].uuid', problem: 'missing (expected string)' });
    assert.equal(sim.requests.length, 1);

    const runs = await rejectsWith(c.listRuns({ limit: 5 }), CargoSchemaError);
    assert.match(runs.message, /^POST \/orchestration\/runs\/list returned an unexpected response: runs\[0\]\.uuid: missing \(expected string\)/);
    const spans = await rejectsWith(c.listSpans({ executionStartedAfter: new Date(0), limit: 5 }), CargoSchemaError);
    assert.match(spans.message, /spans\[0\]\.runUuid: missing \(expected string\)/);
    const run = await rejectsWith(c.getRun(sim.fixtures.runs.failed), CargoSchemaError);
    assert.match(run.message, /^GET \/orchestration\/runs\/[0-9a-f-]+ returned an unexpected response: run\.uuid: missing \(expected string\)/);
  });

  test('hostile strings are plain data', async () => {
    const details = await faulty('hostile').getRun(sim.fixtures.runs.hostile ?? sim.fixtures.runs.failed);
    assert.equal(typeof details.run.recordTitle, 'string');
    const batch = await client().getBatch(sim.fixtures.batches.hostile ?? sim.fixtures.batches.failed);
    assert.ok(batch.uuid);
  });
});

// Ratios measured in one run, not absolute times: these machines are shared, and a busy neighbour
// slows the baseline as much as the code under test.
describe('performance', () => {
  /** Median time of `work` over 7 warm runs, in ms. */
  const medianMs = (work: () => void): number => {
    work();
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      work();
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[3] as number;
  };
  const fetchText = async (path: string, body?: unknown) =>
    (
      await fetch(`${sim.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    ).text();

  /** The compiled validator on a fresh copy each time (it converts the body in place): the client's path. */
  const checkFresh = (schema: typeof RunsPageSchema | typeof RunDetailsResponseSchema, text: string) => {
    const copies = Array.from({ length: 8 }, (): unknown => JSON.parse(text));
    return () => assert.notEqual(schema.check(copies.pop()), MISFIT, 'the body fits');
  };

  test('a 100-run page validates in less than 1.5× its JSON.parse (warm)', async () => {
    const text = await fetchText('/orchestration/runs/list', { batchUuid: sim.fixtures.batches.large, limit: 100 });
    assert.equal(RunsPageSchema.parse(JSON.parse(text)).runs.length, 100);
    const parse = medianMs(() => JSON.parse(text));
    const validate = medianMs(checkFresh(RunsPageSchema, text));
    // Measured at 0.1–0.5× on 2 busy cores; zod's own parse took 2.4–3.8×.
    assert.ok(validate < 1.5 * parse, `validation ${validate.toFixed(2)} ms, JSON.parse ${parse.toFixed(2)} ms (${(validate / parse).toFixed(1)}×)`);
  });

  test('a 5 MB run context is not walked', async () => {
    const uuid = sim.fixtures.runs.bigContext;
    assert.ok(uuid, 'the simulator has a big-context run');
    const big = await fetchText(`/orchestration/runs/${uuid}`);
    const small = await fetchText(`/orchestration/runs/${sim.fixtures.runs.succeeded}`);
    const details = RunDetailsResponseSchema.parse(JSON.parse(big));
    assert.ok(Object.keys(details.runContext).length > 0);
    // Validation does not grow with the context: the 5 MB run costs about what a small one does.
    const bigMs = medianMs(checkFresh(RunDetailsResponseSchema, big));
    const smallMs = medianMs(checkFresh(RunDetailsResponseSchema, small));
    assert.ok(bigMs < 5 * smallMs + 0.5, `5 MB context ${bigMs.toFixed(2)} ms, small run ${smallMs.toFixed(2)} ms`);
  });

  test('getRunAsSent leaves node values over 1 MB out of the parse of the body: each is parsed when first read, equal to the whole parse', async () => {
    const uuid = sim.fixtures.runs.bigContext;
    assert.ok(uuid);
    const { details, text } = await client().getRunAsSent(uuid);
    const whole = JSON.parse(text) as { runContext: Record<string, unknown>; runComputedConfigs: Record<string, unknown> };
    const lazy = Object.keys(details.runContext).filter((slug) => Object.getOwnPropertyDescriptor(details.runContext, slug)?.get !== undefined);
    assert.ok(lazy.length >= 1, 'the 5 MB node is not parsed yet');
    assert.ok(
      lazy.every((slug) => JSON.stringify(whole.runContext[slug]).length >= 1024 * 1024),
      'only large values wait',
    );
    assert.deepEqual(Object.keys(details.runContext), Object.keys(whole.runContext), 'every node there, in order');
    assert.deepEqual(details.runContext, whole.runContext, 'read, each equals the whole parse');
    assert.deepEqual(details.runComputedConfigs, whole.runComputedConfigs);
    assert.ok(
      lazy.every((slug) => Object.getOwnPropertyDescriptor(details.runContext, slug)?.get === undefined),
      'parsed once, then kept',
    );
    details.runContext[lazy[0] as string] = 'replaced';
    assert.equal(details.runContext[lazy[0] as string], 'replaced');
  });
});

describe('the token never leaks', () => {
  test('not in any error: message, stack, JSON, cause or inspect output', async () => {
    const errors: Error[] = [];
    const collect = async (promise: Promise<unknown>) => errors.push(await rejection(promise));
    const other = await listen((_req, res) => {
      res.writeHead(302, { location: 'http://127.0.0.1:9/steal' });
      res.end();
    });
    const echo = await listen((req, res) => {
      // A server that echoes the Authorization header in its error message.
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errorMessage: `bad header ${req.headers.authorization}`, reason: 'badRequest' }));
    });
    try {
      await collect(client({ token: WRONG_TOKEN }).listBatches());
      await collect(client().getBatch('00000000-0000-4000-8000-000000000000'));
      await collect(faulty('status=429;retry-after=99').listBatches());
      await collect(faulty('status=503', { maxRetries: 0 }).listBatches());
      await collect(faulty('status=400').listBatches());
      await collect(faulty('reset', { maxRetries: 0 }).listBatches());
      await collect(faulty('truncated', { maxRetries: 0 }).listBatches());
      await collect(faulty('hang', { timeoutMs: 100, maxRetries: 0 }).listBatches());
      await collect(faulty('hang', { timeoutMs: 100 }).createRun({ workflowUuid: sim.fixtures.workflows.tool, data: {} }));
      await collect(faulty('malformed').listBatches());
      await collect(faulty('drift=missingField').listBatches());
      await collect(client().listTools(AbortSignal.abort()));
      await collect(client({ baseUrl: 'http://127.0.0.1:9/v1', maxRetries: 0 }).listTools());
      await collect(client({ baseUrl: `${other.url}/v1` }).listTools());
      await collect(client({ baseUrl: `${echo.url}/v1` }).listTools());
      await collect(client({ token: `${TOKEN}\n` }).listTools());
      await collect(client({ token: `${TOKEN} extra` }).listTools());
    } finally {
      await Promise.all([other.close(), echo.close()]);
    }
    assert.ok(errors.length >= 17);
    const echoed = errors.find((e): e is CargoRequestError => e instanceof CargoRequestError && e.serverMessage?.startsWith('bad header') === true);
    assert.equal(echoed?.serverMessage, 'bad header Bearer [redacted]');
    for (const error of errors) {
      assert.ok(error instanceof CargoApiError, `${error.name} is a CargoApiError`);
      const views = [
        error.message,
        String(error.stack),
        JSON.stringify(error),
        String((error as { cause?: unknown }).cause),
        inspect(error, { showHidden: true, getters: true, depth: 10 }),
        ...reachableStrings(error),
      ];
      for (const view of views) {
        for (const secret of [TOKEN, WRONG_TOKEN]) assert.ok(!view.includes(secret), `${error.name} leaks the token: ${view.slice(0, 300)}`);
      }
    }
  });

  test('not in onRequest info', async () => {
    const infos: unknown[] = [];
    sim.addFault({ fault: { kind: 'status', status: 503 }, times: 1 });
    await client({ onRequest: (info) => infos.push(info) }).listBatches({ limit: 1 });
    assert.equal(infos.length, 2);
    assert.ok(!JSON.stringify(infos).includes(TOKEN));
  });

  test('a throwing onRequest does not break the call', async () => {
    const batches = await client({
      onRequest: () => {
        throw new Error('logger broke');
      },
    }).listBatches({ limit: 1 });
    assert.equal(batches.length, 1);
  });
});

describe('helpers', () => {
  test('parseRetryAfter reads seconds and HTTP dates', () => {
    const now = Date.parse('2025-01-15T10:00:00Z');
    assert.equal(parseRetryAfter('2', now), 2000);
    assert.equal(parseRetryAfter('0', now), 0);
    assert.equal(parseRetryAfter('Wed, 15 Jan 2025 10:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Wed, 15 Jan 2025 09:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });

  test('displayText makes server text safe to show', () => {
    assert.equal(displayText('token abc123secret here', 'abc123secret'), 'token [redacted] here');
    assert.equal(displayText('a\u202Egnp.exe\u202C\r\nb\u0007', 't0ken'), 'a gnp.exe b');
    assert.equal(displayText('[x](command:workbench.action.quit)', 't0ken'), '[x] (command:workbench.action.quit)');
    assert.equal(displayText('x'.repeat(1000), 't0ken').length, 300);
  });

  test('enum helpers', () => {
    assert.ok(isFinishedRunStatus('success'));
    assert.ok(isFinishedRunStatus(known('cancelled')));
    assert.ok(!isFinishedRunStatus(known('cancelling')));
    assert.ok(!isFinishedRunStatus({ known: 'unknown', raw: 'expired' }));
    assert.equal(enumText({ known: 'unknown', raw: 'expired' }), 'expired');
    assert.equal(enumText(known('running')), 'running');
  });
});

afterEach(() => {
  sim.clearFaults();
});

/** Every string reachable from a value: own properties (hidden ones and getters too), causes, Headers, Maps. */
function reachableStrings(root: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number) => {
    if (typeof value === 'string') out.push(value);
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > 8) return;
    seen.add(value);
    if (value instanceof Headers || value instanceof Map) for (const entry of value.entries()) visit(entry, depth + 1);
    for (const key of Reflect.ownKeys(value)) {
      let child: unknown;
      try {
        child = (value as Record<PropertyKey, unknown>)[key];
      } catch {
        continue;
      }
      visit(child, depth + 1);
    }
  };
  visit(root, 0);
  return out;
}

/** A throwaway HTTP server on 127.0.0.1 (for redirects and echoing servers the simulator does not play). */
async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
