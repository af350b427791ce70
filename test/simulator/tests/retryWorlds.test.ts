// The worlds issue 22's acceptance retries in (test/README.md, "Retries"): with seed 1 at scale 1000, the
// large batch (1,000 runs, 73 failed) is a play's, whose retry Cargo refuses; a tool's batch of 1,000 runs
// with 73 failures is started with `failedRuns`, and its retry from the failed node ends as its failure
// report's `transient` flags say. The clock is stopped and moved on, so no test waits.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../index';
import { type Json, get, post, arr, allRuns } from './helpers';

const UNTIL_THE_END_MS = 60 * 60_000;

describe('simulator retries: the acceptance worlds', () => {
  let sim: Simulator;
  const batchOf = async (uuid: unknown) => (await get(sim, `batches/${String(uuid)}`)).json.batch as Json;
  const batchesCount = async () => arr((await get(sim, 'batches/list', 'limit=100')).json.batches).length;

  before(async () => {
    sim = await startSimulator({ seed: 1, scale: 1000, stepMs: 300 });
    sim.freezeTime();
  });
  after(() => sim.close());

  it("seed 1, scale 1000: the large batch (1,000 runs, 73 failed) is a play's, and its retry is refused with invalidDataKind, nothing created", async () => {
    const large = await batchOf(sim.fixtures.batches.large);
    assert.equal(large.runsCount, 1000);
    assert.equal(large.failedRunsCount, 73);
    assert.equal(large.workflowUuid, sim.fixtures.workflows.weeklyAbm);
    const plays = arr((await get(sim, 'plays/list')).json.plays);
    assert.ok(
      plays.some((p) => p.workflowUuid === large.workflowUuid),
      "the workflow is a play's",
    );
    const before = await batchesCount();
    const reply = await post(sim, 'batches', {
      workflowUuid: large.workflowUuid,
      releaseUuid: large.releaseUuid,
      data: { kind: 'runs', filter: { kind: 'runs', batchUuid: large.uuid, statuses: ['error'] }, reset: { from: 'lastNode' } },
    });
    assert.equal(reply.status, 400);
    assert.equal(reply.json.reason, 'invalidDataKind');
    assert.match(String(reply.json.errorMessage), /not allowed for play workflows/);
    assert.equal(await batchesCount(), before);
  });

  it("a tool's batch of 1,000 runs with exactly 73 failures (failedRuns), retried from the failed node: 73 runs, the transient causes' pass, the persistent causes' fail again", async () => {
    const tool = sim.fixtures.workflows.tool;
    const uuid = sim.startBatch({ workflowUuid: tool, records: 1000, failedRuns: 73 });
    sim.advanceTime(UNTIL_THE_END_MS);
    const original = await batchOf(uuid);
    assert.deepEqual([original.status, original.runsCount, original.failedRunsCount], ['success', 1000, 73]);
    const report = sim.failures(uuid);
    const passing = report.groups.filter((g) => g.transient).reduce((n, g) => n + g.count, 0);
    assert.ok(passing > 0 && passing < 73, 'some causes transient, some persistent');

    const reply = await post(sim, 'batches', {
      workflowUuid: tool,
      releaseUuid: original.releaseUuid,
      data: { kind: 'runs', filter: { kind: 'runs', batchUuid: uuid, statuses: ['error'] }, reset: { from: 'lastNode' } },
    });
    assert.equal(reply.status, 200, reply.text);
    sim.advanceTime(UNTIL_THE_END_MS);
    const retried = await batchOf((reply.json.batch as Json).uuid);
    assert.deepEqual([retried.status, retried.runsCount, retried.failedRunsCount], ['success', 73, 73 - passing]);
    const runs = await allRuns(sim, { batchUuid: retried.uuid });
    assert.equal(runs.filter((r) => r.status === 'success').length, passing);
    // Only the failed nodes and what follows them ran again: the kept executions cost nothing.
    const failedBefore = await allRuns(sim, { batchUuid: uuid, statuses: ['error'] });
    const keptCredits = runs.flatMap((r, i) => arr(r.executions).slice(0, arr(failedBefore[i]?.executions).length - 1)).map((e) => e.creditsUsedCount);
    assert.ok(keptCredits.length > 0 && keptCredits.every((c) => c === 0));
  });

  it("failedRuns is for a tool's generated records only, from 0 to their number", () => {
    const tool = sim.fixtures.workflows.tool;
    const refused = (options: Parameters<Simulator['startBatch']>[0]) => assert.throws(() => sim.startBatch(options), { reason: 'invalidParameters' });
    refused({ workflowUuid: tool, records: 10, failedRuns: 11 });
    refused({ workflowUuid: tool, records: 10, failedRuns: -1 });
    refused({ workflowUuid: tool, records: [{ email: 'a@b.io' }], failedRuns: 1 });
    refused({ workflowUuid: sim.fixtures.workflows.play, records: 10, failedRuns: 1 });
  });
});
