// Issue 13's fault matrix, endpoint by endpoint: every call the extension makes through the CargoClient,
// and the records list through the tests' RecordsClient (ENDPOINTS), against every fault of the simulator
// (FAULTS, ./faults.ts), over real HTTP. In every cell: the typed error expected (or a slow success), a
// message fit to show, a retry of reads only, Retry working once the fault is gone, and for calls that
// change something one request per user action, with at most one run or batch created by it (the
// request log and the simulator's world say so).
// Each endpoint has its own simulator, so endpoints run side by side and the 5 s latency cells overlap.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../simulator';
import { CargoClient } from '../../../src/api/client';
import { CargoApiError, CargoNetworkError } from '../../../src/api/errors';
import { RecordsClient } from '../support/recordsApi';
import {
  assertClearText,
  DEFAULT_TIMEOUT_MS,
  FAULTS,
  FILTERED,
  LATENCY_MS,
  matrixClientOptions,
  switchOn,
  watchUnhandledRejections,
  type FaultRow,
  type Outcome,
} from './faults';

const TOKEN = 'sk_test_matrix-S3CRET-91d2';

const rejections = watchUnhandledRejections();
const unhandled = rejections.seen;
const API = '/v1/orchestration';

interface Context {
  readonly sim: Simulator;
  /** A client without faults, for setting up and checking. */
  readonly clean: CargoClient;
}

/** What a call is made on (a batch to cancel…), made before the fault is switched on. */
type Target = string | undefined;

interface EndpointRow {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  /** The request's path in the simulator's log. */
  readonly path: (ctx: Context, target: Target) => string;
  /** What the call changes: a run or a batch created, something cancelled; absent for reads. */
  readonly changes?: 'run' | 'batch' | 'cancel';
  /** Answered with an empty object (the cancels). */
  readonly emptyAnswer?: true;
  readonly prepare?: (ctx: Context) => Promise<Target>;
  readonly call: (client: RecordsClient, ctx: Context, target: Target) => Promise<unknown>;
  /** What a successful answer must hold. */
  readonly check: (result: unknown) => void;
}

const nonEmptyArray = (result: unknown) => assert.ok(Array.isArray(result) && result.length > 0, 'a non-empty list');
const withUuid = (result: unknown) => assert.match(String((result as { uuid?: unknown }).uuid), /^[0-9a-f-]{36}$/);

/** A live batch of the tool's workflow, its runs slow enough to stay unfinished through a cell. */
const liveBatch = (ctx: Context) => Promise.resolve(ctx.sim.startBatch({ records: 2, stepMs: 60_000 }));

const ENDPOINTS: readonly EndpointRow[] = [
  {
    name: 'batches list',
    method: 'GET',
    path: () => `${API}/batches/list`,
    call: (client) => client.listBatches({ limit: 5 }),
    check: nonEmptyArray,
  },
  {
    name: 'runs list',
    method: 'POST',
    path: () => `${API}/runs/list`,
    call: (client, ctx) => client.listRuns({ batchUuid: ctx.sim.fixtures.batches.large, limit: 5 }),
    check: (page) => nonEmptyArray((page as { runs: unknown }).runs),
  },
  {
    name: 'records list',
    method: 'POST',
    path: () => `${API}/records/list`,
    call: (client, ctx) => client.listRecords({ workflowUuid: ctx.sim.fixtures.workflows.play, limit: 5 }),
    check: (page) => nonEmptyArray((page as { records: unknown }).records),
  },
  {
    name: 'run get',
    method: 'GET',
    path: (ctx) => `${API}/runs/${ctx.sim.fixtures.runs.failed}`,
    call: (client, ctx) => client.getRun(ctx.sim.fixtures.runs.failed),
    check: (details) => withUuid((details as { run: unknown }).run),
  },
  {
    name: 'run get, read as it arrives (the run panel’s)',
    method: 'GET',
    path: (ctx) => `${API}/runs/${ctx.sim.fixtures.runs.failed}`,
    call: (client, ctx) => client.getRunAsSent(ctx.sim.fixtures.runs.failed, undefined, { onProgress: () => undefined, onRun: () => undefined }),
    check: (sent) => withUuid((sent as { details: { run: unknown } }).details.run),
  },
  {
    name: 'batch get',
    method: 'GET',
    path: (ctx) => `${API}/batches/${ctx.sim.fixtures.batches.failed}`,
    call: (client, ctx) => client.getBatch(ctx.sim.fixtures.batches.failed),
    check: withUuid,
  },
  {
    name: 'spans list',
    method: 'POST',
    path: () => `${API}/spans/list`,
    call: (client, ctx) => client.listSpans({ runUuid: ctx.sim.fixtures.runs.failed, executionStartedAfter: '2000-01-01T00:00:00.000Z', limit: 20 }),
    check: (page) => nonEmptyArray((page as { spans: unknown }).spans),
  },
  {
    name: 'trace get',
    method: 'GET',
    prepare: async (ctx) => (await ctx.clean.getRun(ctx.sim.fixtures.runs.withChildRun)).run.traceUuid,
    path: (_ctx, traceUuid) => `${API}/traces/${traceUuid}`,
    call: (client, _ctx, traceUuid) => client.getTrace(traceUuid ?? ''),
    check: withUuid,
  },
  {
    name: 'traces list',
    method: 'POST',
    path: () => `${API}/traces/list`,
    call: (client) => client.listTraces({ startedAfter: '2000-01-01T00:00:00.000Z', limit: 5 }),
    check: (page) => nonEmptyArray((page as { traces: unknown }).traces),
  },
  {
    name: 'metrics',
    method: 'POST',
    path: () => `${API}/runs/metrics`,
    call: (client, ctx) => client.runMetrics({ workflowUuid: ctx.sim.fixtures.workflows.play }),
    check: nonEmptyArray,
  },
  {
    name: 'workflows',
    method: 'GET',
    path: () => `${API}/workflows/list`,
    call: (client) => client.listWorkflows(),
    check: nonEmptyArray,
  },
  {
    name: 'create run',
    method: 'POST',
    path: () => `${API}/runs`,
    changes: 'run',
    call: (client, ctx) => client.createRun({ workflowUuid: ctx.sim.fixtures.workflows.tool, data: { email: 'jane@acme.com', title: 'matrix' } }),
    check: withUuid,
  },
  {
    name: 'create batch',
    method: 'POST',
    path: () => `${API}/batches`,
    changes: 'batch',
    call: (client, ctx) =>
      client.createBatch({
        workflowUuid: ctx.sim.fixtures.workflows.tool,
        data: { kind: 'records', records: [{ email: 'jane@acme.com' }, { email: 'joe@acme.com' }] },
      }),
    check: withUuid,
  },
  {
    name: 'cancel batch',
    method: 'POST',
    path: (_ctx, batchUuid) => `${API}/batches/${batchUuid}/cancel`,
    changes: 'cancel',
    emptyAnswer: true,
    prepare: liveBatch,
    call: (client, _ctx, batchUuid) => client.cancelBatch(String(batchUuid)),
    check: (result) => assert.equal(result, undefined),
  },
  {
    name: 'cancel runs',
    method: 'POST',
    path: () => `${API}/runs/cancel`,
    changes: 'cancel',
    emptyAnswer: true,
    prepare: async (ctx) => (await ctx.clean.createRun({ workflowUuid: ctx.sim.fixtures.workflows.tool, data: { email: 'a@b.c', __simStepMs: 60_000 } })).uuid,
    call: (client, ctx, runUuid) => client.cancelRuns({ workflowUuid: ctx.sim.fixtures.workflows.tool, uuids: [String(runUuid)] }),
    check: (result) => assert.equal(result, undefined),
  },
];

/** What this endpoint meets under this fault. */
function expected(endpoint: EndpointRow, fault: FaultRow): Outcome {
  if (endpoint.emptyAnswer && fault.emptyAnswer) return fault.emptyAnswer;
  if (endpoint.changes && fault.change) return fault.change;
  return fault.read;
}

/** Runs or batches of the tool's workflow in the simulator's world, as Cargo counts them. */
async function created(ctx: Context, what: 'run' | 'batch'): Promise<number> {
  const workflowUuid = ctx.sim.fixtures.workflows.tool;
  if (what === 'run') return (await ctx.clean.listRuns({ workflowUuid, limit: 1 })).count;
  return (await ctx.clean.listBatches({ workflowUuids: [workflowUuid], limit: 100 })).length;
}

const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

let cells = 0;

describe('fault matrix: every endpoint × every fault, through the CargoClient', { concurrency: true }, () => {
  after(() => {
    rejections.stop();
    assert.deepEqual(unhandled, [], 'no unhandled rejection');
    if (!FILTERED) assert.equal(cells, ENDPOINTS.length * FAULTS.length, 'every cell ran');
  });

  for (const endpoint of ENDPOINTS) {
    describe(endpoint.name, { concurrency: false }, () => {
      let ctx: Context;
      before(async () => {
        const sim = await startSimulator({ seed: 3, scale: 30, token: TOKEN, stepMs: 60_000 });
        ctx = { sim, clean: new CargoClient({ baseUrl: sim.url, token: TOKEN, timeoutMs: DEFAULT_TIMEOUT_MS, maxRetries: 0 }) };
      });
      after(() => ctx.sim.close());

      for (const fault of FAULTS) {
        test(fault.name, async () => {
          const { sim } = ctx;
          const client = new RecordsClient(matrixClientOptions(sim, TOKEN, fault));
          const target = await endpoint.prepare?.(ctx);
          const path = endpoint.path(ctx, target);
          const sent = () => sim.requests.filter((r) => r.method === endpoint.method && r.path === path).length;
          const creates = endpoint.changes === 'run' || endpoint.changes === 'batch' ? endpoint.changes : undefined;
          const before = creates ? await created(ctx, creates) : 0;
          sim.clearRequests();

          const off = await switchOn(sim, fault, endpoint.method, path);
          const started = performance.now();
          const result = await settle(endpoint.call(client, ctx, target));
          const elapsed = performance.now() - started;
          await off();

          const outcome = expected(endpoint, fault);
          if (outcome.kind === 'ok') {
            assert.ok(result.ok, `succeeds: ${result.ok ? '' : String(result.error)}`);
            endpoint.check(result.value);
            if (outcome.slow) assert.ok(elapsed >= LATENCY_MS - 50, `slowly (${Math.round(elapsed)} ms)`);
          } else {
            assert.ok(!result.ok, 'fails');
            const error = result.error;
            assert.ok(error instanceof outcome.type, `a ${outcome.type.name}, got ${String(error)}`);
            assert.ok(error instanceof CargoApiError);
            assert.equal(error.endpoint, `${endpoint.method} ${path.slice('/v1'.length)}`, 'names the endpoint');
            assertClearText(error.message, TOKEN, 'message');
            assert.match(error.message, outcome.says);
            // A call that changes something and got no answer may have been carried out; a refused connection never was.
            if (error instanceof CargoNetworkError) assert.equal(error.mayHaveSucceeded, !!endpoint.changes && !fault.down, 'may have succeeded');
          }
          // Reads are sent again on what may pass (one retry here); what changes something, exactly once.
          const retried = outcome.kind === 'error' && outcome.retried && !endpoint.changes;
          assert.equal(sent(), fault.down ? 0 : retried ? 2 : 1, 'requests sent');
          if (creates) assert.equal((await created(ctx, creates)) - before, fault.handled ? 1 : 0, `${creates}s created by it`);

          // Retry, the fault gone: it works, with one request (and one more run or batch). At the matrix's
          // timeout: the hang's 300 ms only keeps its cell short, and a loaded machine can take longer than that
          // to answer (a second request then, sent by the client's own retry of reads).
          sim.clearRequests();
          const before2 = creates ? await created(ctx, creates) : 0;
          const retrying = new RecordsClient({ ...matrixClientOptions(sim, TOKEN, fault), timeoutMs: DEFAULT_TIMEOUT_MS });
          const again = await settle(endpoint.call(retrying, ctx, target));
          assert.ok(again.ok, `Retry works: ${again.ok ? '' : String(again.error)}`);
          endpoint.check(again.value);
          assert.equal(sent(), 1, 'Retry sends one request');
          if (creates) assert.equal((await created(ctx, creates)) - before2, 1, `Retry creates one ${creates}`);
          cells++;
        });
      }
    });
  }
});
