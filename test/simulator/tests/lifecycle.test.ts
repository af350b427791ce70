// The simulator over time: every status at start, created runs and the running fixture batch moving to
// their end, cancelling batches and runs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../index';
import {
  type Json,
  get,
  post,
  arr,
  RUN_KEYS,
  RUN_STATUSES,
  BATCH_STATUSES,
  hasKeys,
  assertNewestFirst,
  waitFor,
  TERMINAL,
  warmUp,
  apiRunsSince,
} from './helpers';

// Warm, as they were when they ran after the other simulator tests (see warmUp).
before(() => warmUp());

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
  let slow: Simulator | undefined;
  before(async () => {
    sim = await startSimulator({ seed: 3, stepMs });
  });
  after(async () => {
    await sim.close();
    await slow?.close();
  });
  /** The same world with steps of a second, for the states that last one step. */
  const SLOW_STEP_MS = 1000;
  const slowSimulator = async () => (slow ??= await startSimulator({ seed: 3, stepMs: SLOW_STEP_MS }));

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

  /** Creates a run (its data has `__simStepMs: 50` unless it says otherwise) and waits for its end. */
  async function finishedRun(workflowUuid: string, data: Json): Promise<Json> {
    const created = await post(sim, 'runs', { workflowUuid, data: { __simStepMs: 50, ...data } });
    assert.equal(created.status, 200, JSON.stringify(created.json));
    const uuid = String((created.json.run as Json).uuid);
    return waitFor(
      'the run to finish',
      async () => {
        const current = (await get(sim, `runs/${uuid}`)).json.run as Json;
        return TERMINAL.has(String(current.status)) ? current : undefined;
      },
      5000,
    );
  }
  const steps = (run: Json) => arr(run.executions).map((e) => `${String(e.nodeSlug)}:${String(e.status)}`);

  it('fails a run at the node data.__simFailAt names, when it is on the path', async () => {
    const { tool, routeToOwner } = sim.fixtures.workflows;
    const failed = await finishedRun(tool, { email: 'fail-at@acme.test', __simFailAt: 'ai_summarize', __simOutcome: 'success' });
    assert.equal(failed.status, 'error', '__simFailAt wins over __simOutcome');
    assert.deepEqual(steps(failed), ['start:success', 'clearbit_enrich:success', 'hubspot_get_company:success', 'ai_summarize:error']);
    const last = arr(failed.executions).at(-1) as Json;
    assert.equal(typeof last.errorMessage, 'string');
    assert.equal(failed.errorMessage, last.errorMessage);
    assert.equal(last.nextNodeUuid, null);
    assert.equal(((await get(sim, `runs/${String(failed.uuid)}`)).json.runContext as Json).ai_summarize, null);

    // Not on the path, unknown, or unable to fail (start, end): ignored.
    for (const slug of ['slack_notify', 'no_such_node', 'start', 'end']) {
      const run = await finishedRun(tool, { email: `ignored-${slug}@acme.test`, __simFailAt: slug, __simOutcome: 'success' });
      assert.equal(run.status, 'success', slug);
      assert.ok(
        arr(run.executions).every((e) => e.status === 'success'),
        slug,
      );
    }
    // A node with a fallback fails and the run carries on to its end.
    const soft = await finishedRun(routeToOwner as string, { name: 'Fallback Corp', __simFailAt: 'slack_notify', __simOutcome: 'error' });
    assert.equal(soft.status, 'success');
    assert.deepEqual(steps(soft).slice(-2), ['slack_notify:error', 'end:success']);

    // Records of a batch too.
    const batchUuid = sim.startBatch({ records: [{ email: 'batch-fail-at@acme.test', __simFailAt: 'clearbit_enrich' }], stepMs: 50 });
    const [batchRun] = await waitFor(
      'the batch run to finish',
      async () => {
        const runs = arr((await post(sim, 'runs/list', { batchUuid })).json.runs);
        return runs.length > 0 && runs.every((r) => TERMINAL.has(String(r.status))) ? runs : undefined;
      },
      5000,
    );
    assert.deepEqual(steps(batchRun as Json), ['start:success', 'clearbit_enrich:error']);
  });

  it('times a created run by data.__simStepMs', async () => {
    const { tool } = sim.fixtures.workflows;
    const fast = await finishedRun(tool, { email: 'fast@acme.test', __simOutcome: 'success' });
    assert.ok(arr(fast.executions).length >= 5);
    for (const e of arr(fast.executions)) assert.equal(Date.parse(String(e.finishedAt)) - Date.parse(String(e.startedAt)), 50);

    const created = (await post(sim, 'runs', { workflowUuid: tool, data: { email: 'slow@acme.test', __simStepMs: 60_000 } })).json.run as Json;
    const live = await waitFor(
      'the slow run to start',
      async () => {
        const current = (await get(sim, `runs/${String(created.uuid)}`)).json.run as Json;
        return current.status === 'running' ? current : undefined;
      },
      5000,
    );
    const [first] = arr(live.executions);
    assert.equal(first?.status, 'pending');
    assert.equal(Date.parse(String(first?.startedAt)) - Date.parse(String(created.createdAt)), stepMs / 2, 'starts like any other run');
    assert.equal(arr(((await get(sim, `runs/${String(created.uuid)}`)).json.run as Json).executions).length, 1, 'a step lasts a minute');
    await post(sim, 'runs/cancel', { workflowUuid: tool, uuids: [created.uuid] });

    const since = new Date().toISOString();
    for (const value of [49, 60_001, '100', null, true]) {
      const reply = await post(sim, 'runs', { workflowUuid: tool, data: { email: 'bad-step@acme.test', __simStepMs: value } });
      assert.equal(reply.status, 400, String(value));
      assert.equal(reply.json.reason, 'invalidData');
      assert.match(String(reply.json.errorMessage), /data\.__simStepMs/);
    }
    assert.deepEqual(await apiRunsSince(sim, since), []);
  });

  it('gives a created run a big context from its creation on with data.__simContextBytes; the request log counts the bytes sent', async () => {
    const { tool } = sim.fixtures.workflows;
    const created = (await post(sim, 'runs', { workflowUuid: tool, data: { email: 'big@acme.test', __simContextBytes: 300_000, __simStepMs: 60_000 } })).json
      .run as Json;
    sim.clearRequests();
    const reply = await get(sim, `runs/${String(created.uuid)}`);
    const start = (reply.json.runContext as Json).start as Json;
    assert.equal(start.email, 'big@acme.test', 'the input record, there before the start node has run');
    const size = JSON.stringify(start.associatedContacts).length;
    assert.ok(size > 250_000 && size < 350_000, `about 300 KB: ${size}`);
    const [logged] = sim.requests;
    assert.equal(logged?.bytes, Buffer.byteLength(JSON.stringify(reply.json)));
    await post(sim, 'runs/cancel', { workflowUuid: tool, uuids: [created.uuid] });
    for (const value of [0, 200 * 1024 * 1024 + 1, '5', null]) {
      const refused = await post(sim, 'runs', { workflowUuid: tool, data: { email: 'bad-size@acme.test', __simContextBytes: value } });
      assert.equal(refused.status, 400, String(value));
      assert.match(String(refused.json.errorMessage), /data\.__simContextBytes/);
    }
  });

  it('gives a created run N executions with data.__simExecutions, in the time of its usual path', async () => {
    const { tool } = sim.fixtures.workflows;
    const created = (
      await post(sim, 'runs', { workflowUuid: tool, data: { email: 'loop@acme.test', __simExecutions: 10_000, __simStepMs: 50, __simOutcome: 'success' } })
    ).json.run as Json;
    const done = await waitFor(
      'the 10,000-execution run to finish',
      async () => {
        const reply = await get(sim, `runs/${String(created.uuid)}`);
        const run = reply.json.run as Json;
        return run.status === 'success' ? run : undefined;
      },
      10_000,
    );
    const executions = arr(done.executions);
    assert.equal(executions.length, 10_000);
    assert.ok(executions.every((e) => e.status === 'success'));
    for (const value of [0, 20_001, 1.5, '5']) {
      const refused = await post(sim, 'runs', { workflowUuid: tool, data: { email: 'bad-count@acme.test', __simExecutions: value } });
      assert.equal(refused.status, 400, String(value));
      assert.match(String(refused.json.errorMessage), /data\.__simExecutions/);
    }
  });

  it('finishes the running fixture batch within ten steps, counters following', async () => {
    // A simulator of its own: the fixture is timed from the simulator's start. Slower steps, so that
    // a busy machine still asks while it runs.
    const fresh = await startSimulator({ seed: 3, stepMs: 500 });
    try {
      await runningFixtureFinishes(fresh, 500);
    } finally {
      await fresh.close();
    }
  });

  async function runningFixtureFinishes(sim: Simulator, stepMs: number): Promise<void> {
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
    // Steps of a second: "cancelling" lasts one step, which a busy machine must still see.
    const sim = await slowSimulator();
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
    const later = await waitFor(
      'the batch cancelled',
      async () => {
        const batch = (await get(sim, `batches/${String(target.uuid)}`)).json.batch as Json;
        return batch.status === 'cancelled' ? batch : undefined;
      },
      2 * SLOW_STEP_MS + 2000,
    );
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
    const sim = await slowSimulator();
    const workflowUuid = sim.fixtures.workflows.tool;
    const run = (await post(sim, 'runs', { workflowUuid, data: { email: 'cancel@me.io', __simOutcome: 'success' } })).json.run as Json;
    assert.equal((await post(sim, 'runs/cancel', { uuids: [run.uuid] })).status, 400, 'workflowUuid is required');
    assert.deepEqual((await post(sim, 'runs/cancel', { workflowUuid, uuids: [run.uuid] })).json, {});
    assert.equal(((await get(sim, `runs/${String(run.uuid)}`)).json.run as Json).status, 'cancelling');
    const cancelled = await waitFor(
      'the run cancelled',
      async () => {
        const current = (await get(sim, `runs/${String(run.uuid)}`)).json.run as Json;
        return current.status === 'cancelled' ? current : undefined;
      },
      2 * SLOW_STEP_MS + 2000,
    );
    assert.equal(typeof cancelled.finishedAt, 'string');
    assert.deepEqual((await post(sim, 'runs/cancel', { workflowUuid, uuids: [run.uuid] })).json, {}, 'cancelling a finished run is a no-op');
  });
  it('stops its clock on request: nothing moves until it is moved on, and runs/list updatedAfter lists what moved', async () => {
    const step = 1000;
    const frozen = await startSimulator({ seed: 4, stepMs: step });
    try {
      frozen.freezeTime();
      const uuid = frozen.startBatch({ records: 3 });
      const batchNow = async () => (await get(frozen, `batches/${uuid}`)).json.batch as Json;
      const runsNow = async (body: Json = {}) => arr((await post(frozen, 'runs/list', { batchUuid: uuid, limit: 100, ...body })).json.runs);
      assert.equal((await batchNow()).status, 'pending');
      frozen.advanceTime(step);
      // The runs exist from runsAt on; the last to start is idle, then pending one step before it starts.
      const created = await runsNow();
      assert.equal(created.length, 3);
      const last = created[0] as Json;
      assert.equal(last.status, 'idle');
      frozen.advanceTime(step);
      const pending = (await runsNow()).find((r) => r.uuid === last.uuid) as Json;
      assert.equal(pending.status, 'pending');
      assert.ok(String(pending.updatedAt) > String(last.updatedAt), 'turning pending is an update');
      frozen.advanceTime(step);
      const before = await runsNow();
      assert.ok(before.some((r) => r.status === 'running'));
      assert.deepEqual(await runsNow(), before, 'nothing moves while the clock stands');
      assert.deepEqual(await batchNow(), await batchNow());
      const newest = before.map((r) => Date.parse(String(r.updatedAt))).reduce((a, b) => Math.max(a, b));
      const after = (ms: number) => new Date(ms).toISOString();
      assert.deepEqual(await runsNow({ updatedAfter: after(newest + 1) }), [], 'nothing updated after the newest update');
      assert.deepEqual(
        (await runsNow({ updatedAfter: after(newest) })).map((r) => r.uuid),
        before.filter((r) => Date.parse(String(r.updatedAt)) === newest).map((r) => r.uuid),
        'updatedAfter is inclusive',
      );
      frozen.advanceTime(step);
      const moved = await runsNow({ updatedAfter: after(newest + 1) });
      assert.ok(moved.length > 0, 'a step later, runs moved');
      assert.ok(moved.every((r) => Date.parse(String(r.updatedAt)) > newest));
      frozen.resumeTime();
      const resumed = await runsNow();
      for (const run of moved) {
        const now = resumed.find((r) => r.uuid === run.uuid) as Json;
        assert.ok(String(now.updatedAt) >= String(run.updatedAt), 'a resumed clock runs on from where it stood');
      }
    } finally {
      await frozen.close();
    }
  });
});
