// Retries of unusual runs over real HTTP: cancelled runs (the execution in flight kept says "Run
// cancelled", or runs again), the hostile batch's (its strings kept), and a retry on another release of
// the workflow. The clock is stopped and moved on, so no test waits.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../index';
import { type Json, get, post, arr, allRuns } from './helpers';

const UNTIL_THE_END_MS = 10 * 60_000;

describe('simulator retries of cancelled and hostile runs, on another release', () => {
  let sim: Simulator;
  let tool: string;
  const batchOf = async (uuid: unknown) => (await get(sim, `batches/${String(uuid)}`)).json.batch as Json;
  async function retryToTheEnd(body: Json): Promise<{ batch: Json; runs: Json[] }> {
    const reply = await post(sim, 'batches', { workflowUuid: tool, ...body });
    assert.equal(reply.status, 200, reply.text);
    sim.advanceTime(UNTIL_THE_END_MS);
    const uuid = (reply.json.batch as Json).uuid;
    return { batch: await batchOf(uuid), runs: (await allRuns(sim, { batchUuid: uuid })).reverse() };
  }
  const runsData = (filter: Json, reset: Json) => ({ data: { kind: 'runs', filter: { kind: 'runs', ...filter }, reset } });

  before(async () => {
    sim = await startSimulator({ seed: 23, stepMs: 50, hostile: true });
    sim.freezeTime();
    tool = sim.fixtures.workflows.tool;
  });
  after(() => sim.close());

  it('cancelled runs: from the next node, the execution cancelled in flight is kept as it was ("Run cancelled"); from the last node, it runs again and passes', async () => {
    const records = Array.from({ length: 4 }, (_, i) => ({ email: `cancel${i}@retry.example`, __simOutcome: 'success' }));
    const uuid = sim.startBatch({ workflowUuid: tool, records, stepMs: 1000 });
    sim.advanceTime(4500);
    assert.equal((await post(sim, `batches/${uuid}/cancel`)).status, 200);
    sim.advanceTime(UNTIL_THE_END_MS);
    const cancelled = (await allRuns(sim, { batchUuid: uuid, statuses: ['cancelled'] })).reverse();
    const inFlight = cancelled.filter((r) => arr(r.executions).at(-1)?.errorMessage === 'Run cancelled');
    assert.ok(inFlight.length > 0, 'runs cancelled with an execution in flight');
    const uuids = inFlight.map((r) => r.uuid);

    const next = await retryToTheEnd(runsData({ uuids }, { from: 'nextNode' }));
    next.runs.forEach((run, i) => {
      const was = arr(inFlight[i]?.executions);
      const kept = arr(run.executions).slice(0, was.length);
      assert.deepEqual(
        kept.map((e) => [e.nodeUuid, e.status, e.errorMessage, e.finishedAt]),
        was.map((e) => [e.nodeUuid, e.status, e.errorMessage, e.finishedAt]),
      );
      assert.equal(run.status, 'success');
    });

    const last = await retryToTheEnd(runsData({ uuids }, { from: 'lastNode' }));
    last.runs.forEach((run, i) => {
      const was = arr(inFlight[i]?.executions);
      const again = arr(run.executions)[was.length - 1] as Json;
      assert.equal(again.nodeUuid, was.at(-1)?.nodeUuid, 'the node cancelled in flight runs again');
      assert.equal(again.status, 'success');
      assert.ok(String(again.startedAt) >= String(run.createdAt));
      assert.equal(run.status, 'success');
    });
  });

  it("the hostile batch's failures: the records' hostile titles kept, the persistent causes' hostile messages again", async () => {
    const hostile = sim.fixtures.batches.hostile as string;
    const failed = (await allRuns(sim, { batchUuid: hostile, statuses: ['error'] })).reverse();
    const persistent = new Set(
      sim
        .failures(hostile)
        .groups.filter((g) => !g.transient)
        .flatMap((g) => g.runUuids),
    );
    const { runs } = await retryToTheEnd(runsData({ batchUuid: hostile, statuses: ['error'] }, { from: 'lastNode' }));
    assert.deepEqual(
      runs.map((r) => r.recordTitle),
      failed.map((r) => r.recordTitle),
    );
    runs.forEach((run, i) => {
      const before = failed[i] as Json;
      assert.equal(run.status, persistent.has(String(before.uuid)) ? 'error' : 'success');
      if (run.status === 'error') assert.equal(run.errorMessage, before.errorMessage, 'a hostile message is the same string');
    });
  });

  it('refuse=REASON on POST /batches: a retry refused as Cargo refuses a batch (402 notEnoughCredits), nothing created; other requests pass it by', async () => {
    const count = async () => arr((await get(sim, 'batches/list', 'limit=100')).json.batches).length;
    const before = await count();
    const body = { workflowUuid: tool, ...runsData({ batchUuid: sim.fixtures.batches.succeeded, statuses: ['error'] }, { from: 'lastNode' }) };
    const refused = await post(sim, 'batches', body, { headers: { 'x-sim-fault': 'refuse=notEnoughCredits' } });
    assert.equal(refused.status, 402);
    assert.deepEqual(refused.json, { errorMessage: 'Not enough credits to start this batch', reason: 'notEnoughCredits' });
    const real = await post(sim, 'batches', { workflowUuid: tool, data: { kind: 'records', records: [{ email: 'a@b.io', __simError: 'notEnoughCredits' }] } });
    assert.deepEqual([refused.status, refused.json], [real.status, real.json], "the words of a record's __simError");
    assert.equal(await count(), before);
    sim.addFault({ fault: { kind: 'refuse', reason: 'failedToStart' }, times: 1 });
    assert.equal((await get(sim, 'batches/list', 'limit=1')).status, 200, 'a list passes it by');
    const failed = await post(sim, 'batches', body);
    assert.deepEqual([failed.status, failed.json.reason], [500, 'failedToStart']);
    assert.equal((await post(sim, 'batches', body)).status, 200, 'used up by the batch it refused');
  });

  it("a release of the workflow named: the batch and its runs are on it, and batches/list's releaseUuid finds it", async () => {
    const releases = arr((await get(sim, 'releases/list', `workflowUuid=${tool}`)).json.releases);
    const archived = releases.find((r) => r.status === 'archived') as Json;
    const succeeded = sim.fixtures.batches.succeeded;
    const { batch, runs } = await retryToTheEnd({
      releaseUuid: archived.uuid,
      ...runsData({ batchUuid: succeeded, statuses: ['error'] }, { from: 'firstNode' }),
    });
    assert.equal(batch.releaseUuid, archived.uuid);
    assert.ok(runs.length > 0 && runs.every((r) => r.releaseUuid === archived.uuid));
    const listed = arr((await get(sim, 'batches/list', `releaseUuid=${String(archived.uuid)}`)).json.batches);
    assert.deepEqual(
      listed.map((b) => b.uuid),
      [batch.uuid],
    );
    const draft = releases.find((r) => r.status === 'draft') as Json;
    const refused = await post(sim, 'batches', { workflowUuid: tool, releaseUuid: draft.uuid, data: { kind: 'records', records: [{ email: 'a@b.io' }] } });
    assert.equal(refused.json.reason, 'invalidReleaseOrCustomNodes', 'other batches still take only the deployed release');
  });
});
