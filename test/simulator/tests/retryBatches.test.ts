// Retries over real HTTP: POST /batches with `data: {kind: "runs", filter, reset}` on a tool's finished
// batch, each `reset.from`; the kept executions are the original's, not run again and free; transient
// causes pass, persistent ones fail again at the same node; refusals; the new batch found again by
// batches/list and its runs by runs/list. The clock is stopped and moved on, so no test waits.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../index';
import { type Json, get, post, arr, allRuns, BATCH_KEYS, EXECUTION_KEYS, RUN_KEYS, hasKeys, UUID_V4 } from './helpers';

/** Long enough for any batch of these tests (a few dozen runs, six steps each) to end. */
const UNTIL_THE_END_MS = 10 * 60_000;

describe('simulator retries (kind "runs" batches)', () => {
  let sim: Simulator;
  let tool: string;
  let releaseUuid: string;
  /** A finished batch of the tool: 40 runs, every fourth failing. */
  let original: Json;
  let originalRuns: Json[];

  const retry = (data: Json, extra: Json = {}) => post(sim, 'batches', { workflowUuid: tool, releaseUuid, data: { kind: 'runs', ...data }, ...extra });
  const batchOf = async (uuid: unknown) => (await get(sim, `batches/${String(uuid)}`)).json.batch as Json;
  /** The runs of a batch in the order they were created (runs/list lists the newest first: the last created first). */
  const runsInOrder = async (batchUuid: unknown) => (await allRuns(sim, { batchUuid })).reverse();
  const executions = (run: Json | undefined) => arr(run?.executions);
  /** What a kept execution shows as it did in the original (creditsUsedCount aside). */
  const shown = (e: Json) => ({
    nodeUuid: e.nodeUuid,
    status: e.status,
    title: e.title,
    errorMessage: e.errorMessage,
    nodeChildIndex: e.nodeChildIndex,
    nextNodeUuid: e.nextNodeUuid,
    startedAt: e.startedAt,
    finishedAt: e.finishedAt,
  });
  /** Retries a batch's runs and lets it run to its end; the new batch and its runs, in creation order. */
  async function retryToTheEnd(data: Json): Promise<{ batch: Json; runs: Json[] }> {
    const reply = await retry(data);
    assert.equal(reply.status, 200, reply.text);
    const created = reply.json.batch as Json;
    sim.advanceTime(UNTIL_THE_END_MS);
    return { batch: await batchOf(created.uuid), runs: await runsInOrder(created.uuid) };
  }

  before(async () => {
    sim = await startSimulator({ seed: 22, stepMs: 50 });
    sim.freezeTime();
    tool = sim.fixtures.workflows.tool;
    const records = Array.from({ length: 40 }, (_, i) => ({
      email: `lead${i}@retry.example`,
      name: `Lead ${i}`,
      __simOutcome: i % 4 === 0 ? 'error' : 'success',
    }));
    const uuid = sim.startBatch({ workflowUuid: tool, records });
    sim.advanceTime(UNTIL_THE_END_MS);
    original = await batchOf(uuid);
    originalRuns = await runsInOrder(uuid);
    releaseUuid = String(original.releaseUuid);
  });
  after(() => sim.close());

  it('the batch to retry: finished, 10 of its 40 runs failed, for transient and persistent causes', () => {
    assert.equal(original.status, 'success');
    assert.equal(original.runsCount, 40);
    assert.equal(original.failedRunsCount, 10);
    const groups = sim.failures(String(original.uuid)).groups;
    assert.ok(groups.some((g) => g.transient) && groups.some((g) => !g.transient), 'at least one cause of each kind');
  });

  it('from the node that failed (lastNode): one run per failed run, same record, the executions before it kept as they were and free; transient causes now pass, persistent ones fail again there', async () => {
    const data = { kind: 'runs', filter: { kind: 'runs', batchUuid: original.uuid, statuses: ['error'] }, reset: { from: 'lastNode' } };
    const reply = await retry(data);
    assert.equal(reply.status, 200, reply.text);
    const created = reply.json.batch as Json;
    hasKeys(created, BATCH_KEYS, 'the new batch');
    assert.match(String(created.uuid), UUID_V4);
    assert.notEqual(created.uuid, original.uuid);
    assert.equal(created.status, 'pending', 'a new batch, started like any other');
    assert.deepEqual(created.data, data, 'the stored data is the data sent: the link to what it retried');
    assert.equal(created.releaseUuid, releaseUuid);

    const failedOriginals = originalRuns.filter((r) => r.status === 'error');
    const { batch, runs } = await retryToTheEnd(data);
    assert.equal(batch.status, 'success');
    assert.equal(batch.runsCount, failedOriginals.length);
    assert.equal(runs.length, failedOriginals.length);
    const groups = sim.failures(String(original.uuid)).groups;
    const transient = new Set(groups.filter((g) => g.transient).flatMap((g) => g.runUuids));
    const newCredits = runs.flatMap(executions).reduce((n, e) => n + Number(e.creditsUsedCount), 0);
    assert.equal(batch.creditsUsedCount, newCredits, 'the batch costs what its runs ran again');
    runs.forEach((run, i) => {
      const before = failedOriginals[i] as Json;
      hasKeys(run, RUN_KEYS, 'a retried run');
      assert.deepEqual([run.recordId, run.recordTitle, run.workflowUuid, run.releaseUuid], [before.recordId, before.recordTitle, tool, before.releaseUuid]);
      assert.equal(run.batchUuid, batch.uuid);
      const was = executions(before);
      const now = executions(run);
      const failedAt = was.length - 1;
      now.forEach((e) => hasKeys(e, EXECUTION_KEYS, 'an execution'));
      assert.deepEqual(now.slice(0, failedAt).map(shown), was.slice(0, failedAt).map(shown), 'the executions before the failed node, as they were');
      assert.ok(
        now.slice(0, failedAt).every((e) => e.creditsUsedCount === 0),
        'kept executions cost nothing',
      );
      assert.ok(
        now.slice(failedAt).every((e) => String(e.startedAt) >= String(run.createdAt)),
        'from the failed node on, run again',
      );
      assert.equal(now[failedAt]?.nodeUuid, was[failedAt]?.nodeUuid, 'the failed node runs first');
      if (transient.has(String(before.uuid))) {
        assert.equal(run.status, 'success', 'a transient cause passes');
        assert.equal(now[now.length - 1]?.nodeSlug, 'end');
      } else {
        assert.equal(run.status, 'error', 'a persistent cause fails again');
        assert.equal(now.length, was.length, 'at the same node');
        const group = groups.find((g) => g.runUuids.includes(String(before.uuid)));
        assert.match(String(run.errorMessage), new RegExp(String(group?.matcher)), 'with the same kind of message');
      }
    });
    const persistent = groups.filter((g) => !g.transient).reduce((n, g) => n + g.count, 0);
    assert.equal(batch.failedRunsCount, persistent, 'failed again: the runs of the persistent causes');
    assert.equal(sim.failures(String(batch.uuid)).failedRunsCount, persistent);
    assert.ok(
      sim.failures(String(batch.uuid)).groups.every((g) => !g.transient),
      'what fails again fails again on the next retry',
    );
  });

  it('credits: the nodes before the failed one cost no more in the workflow than before the retry', async () => {
    const failed = originalRuns.filter((r) => r.status === 'error').slice(0, 3);
    const metrics = async () => arr((await post(sim, 'runs/metrics', { workflowUuid: tool })).json.runMetrics);
    const creditsBy = (list: Json[]) => new Map(list.map((m) => [String(m.nodeUuid), Number(m.creditsUsedCount)]));
    const before = creditsBy(await metrics());
    const { runs } = await retryToTheEnd({ filter: { kind: 'runs', uuids: failed.map((r) => r.uuid) }, reset: { from: 'lastNode' } });
    const after = creditsBy(await metrics());
    const ranAgain = new Map<string, number>();
    for (const e of runs.flatMap(executions)) ranAgain.set(String(e.nodeUuid), (ranAgain.get(String(e.nodeUuid)) ?? 0) + Number(e.creditsUsedCount));
    for (const [node, credits] of after) assert.equal(credits, (before.get(node) ?? 0) + (ranAgain.get(node) ?? 0), `node ${node}: only what ran again`);
    const firstKept = String(executions(failed[0])[0]?.nodeUuid);
    assert.equal(ranAgain.get(firstKept) ?? 0, 0, 'the start, kept, cost nothing');
  });

  it('from the start (firstNode): nothing kept, every node run again; the same causes pass or fail again', async () => {
    const failed = originalRuns.filter((r) => r.status === 'error');
    const transient = new Set(
      sim
        .failures(String(original.uuid))
        .groups.filter((g) => g.transient)
        .flatMap((g) => g.runUuids),
    );
    const { runs } = await retryToTheEnd({ filter: { kind: 'runs', batchUuid: original.uuid, statuses: ['error'] }, reset: { from: 'firstNode' } });
    runs.forEach((run, i) => {
      const before = failed[i] as Json;
      assert.ok(
        executions(run).every((e) => String(e.startedAt) >= String(run.createdAt)),
        'nothing kept',
      );
      assert.equal(executions(run)[0]?.nodeSlug, 'start');
      assert.equal(run.status, transient.has(String(before.uuid)) ? 'success' : 'error');
      if (run.status === 'error') assert.equal(executions(run).at(-1)?.nodeUuid, executions(before).at(-1)?.nodeUuid, 'fails again at the same node');
    });
  });

  it('after the last node (nextNode): a run that ended has nothing left to run: all its executions kept, no credits, success', async () => {
    const succeeded = originalRuns.filter((r) => r.status === 'success').slice(0, 3);
    const { batch, runs } = await retryToTheEnd({ filter: { kind: 'runs', uuids: succeeded.map((r) => r.uuid) }, reset: { from: 'nextNode' } });
    assert.equal(batch.status, 'success');
    assert.equal(batch.creditsUsedCount, 0);
    runs.forEach((run, i) => {
      assert.equal(run.status, 'success');
      assert.deepEqual(executions(run).map(shown), executions(succeeded[i]).map(shown));
      assert.ok(String(run.finishedAt) >= String(run.createdAt), 'it ends after it was created');
    });
  });

  it('after the failed node (nextNode): the failed execution is kept, and the run goes on from the node after it', async () => {
    const failed = originalRuns.filter((r) => r.status === 'error').slice(0, 4);
    const { runs } = await retryToTheEnd({ filter: { kind: 'runs', uuids: failed.map((r) => r.uuid) }, reset: { from: 'nextNode' } });
    runs.forEach((run, i) => {
      const was = executions(failed[i]);
      const now = executions(run);
      assert.deepEqual(now.slice(0, was.length).map(shown), was.map(shown), 'every execution kept, the failed one too');
      assert.equal(run.status, 'success', 'the nodes after it pass');
      assert.ok(now.length > was.length);
      assert.ok(now.slice(was.length).every((e) => String(e.startedAt) >= String(run.createdAt)));
    });
  });

  it('from a node of the release (node + nodeUuid): the executions before it kept, that node and the rest run again', async () => {
    const failed = originalRuns.filter((r) => r.status === 'error' && executions(r).length >= 3).slice(0, 3);
    assert.ok(failed.length > 0);
    const node = executions(failed[0])[1] as Json;
    const { runs } = await retryToTheEnd({ filter: { kind: 'runs', uuids: failed.map((r) => r.uuid) }, reset: { from: 'node', nodeUuid: node.nodeUuid } });
    runs.forEach((run, i) => {
      const was = executions(failed[i]);
      const now = executions(run);
      assert.deepEqual(shown(now[0] as Json), shown(was[0] as Json), 'the start kept');
      assert.equal(now[0]?.creditsUsedCount, 0);
      assert.equal(now[1]?.nodeUuid, node.nodeUuid);
      assert.ok(String(now[1]?.startedAt) >= String(run.createdAt), 'the reset node runs again');
    });
  });

  it('the retry is found again: batches/list by data kind and workflow (its data names the batch retried), its runs by runs/list, newest first', async () => {
    const { batch } = await retryToTheEnd({ filter: { kind: 'runs', batchUuid: original.uuid, statuses: ['error'] }, reset: { from: 'lastNode' } });
    const listed = arr((await get(sim, 'batches/list', `includedDataKinds[]=runs&workflowUuids[]=${tool}&limit=100`)).json.batches);
    assert.equal(listed[0]?.uuid, batch.uuid, 'the newest retry first');
    assert.ok(listed.every((b) => (b.data as Json).kind === 'runs' && b.workflowUuid === tool));
    const retriesOfOriginal = listed.filter((b) => ((b.data as Json).filter as Json).batchUuid === original.uuid);
    assert.ok(retriesOfOriginal.length >= 3, 'each retry by batch names it');
    const excluded = arr((await get(sim, 'batches/list', `excludedDataKinds[]=runs&workflowUuids[]=${tool}&limit=100`)).json.batches);
    assert.ok(!excluded.some((b) => b.uuid === batch.uuid));
    const newest = arr((await post(sim, 'runs/list', { workflowUuid: tool, limit: 10 })).json.runs);
    assert.equal(newest[0]?.batchUuid, batch.uuid, "the retry's runs are the workflow's newest");
    assert.equal(Number((await post(sim, 'runs/count', { batchUuid: batch.uuid })).json.count), batch.runsCount);
  });

  it('a retry of a retry: what failed again fails again, what passed is not asked again', async () => {
    const first = await retryToTheEnd({ filter: { kind: 'runs', batchUuid: original.uuid, statuses: ['error'] }, reset: { from: 'lastNode' } });
    const second = await retryToTheEnd({ filter: { kind: 'runs', batchUuid: first.batch.uuid, statuses: ['error'] }, reset: { from: 'lastNode' } });
    assert.equal(second.batch.runsCount, first.batch.failedRunsCount);
    assert.equal(second.batch.failedRunsCount, first.batch.failedRunsCount);
  });

  it('the same seed gives the same retry', async () => {
    const other = await startSimulator({ seed: 22, stepMs: 50 });
    try {
      other.freezeTime();
      const records = Array.from({ length: 40 }, (_, i) => ({
        email: `lead${i}@retry.example`,
        name: `Lead ${i}`,
        __simOutcome: i % 4 === 0 ? 'error' : 'success',
      }));
      const batchUuid = other.startBatch({ workflowUuid: tool, records });
      assert.equal(batchUuid, original.uuid);
      other.advanceTime(UNTIL_THE_END_MS);
      const body = { workflowUuid: tool, data: { kind: 'runs', filter: { kind: 'runs', batchUuid, statuses: ['error'] }, reset: { from: 'lastNode' } } };
      const a = (await post(other, 'batches', body)).json.batch as Json;
      other.advanceTime(UNTIL_THE_END_MS);
      const runs = (await allRuns(other, { batchUuid: a.uuid })).map((r) => [r.recordId, r.status, executions(r).length]);
      const again = await startSimulator({ seed: 22, stepMs: 50 });
      try {
        again.freezeTime();
        again.startBatch({ workflowUuid: tool, records });
        again.advanceTime(UNTIL_THE_END_MS);
        const b = (await post(again, 'batches', body)).json.batch as Json;
        again.advanceTime(UNTIL_THE_END_MS);
        assert.equal(b.uuid, a.uuid);
        assert.deepEqual(
          (await allRuns(again, { batchUuid: b.uuid })).map((r) => [r.recordId, r.status, executions(r).length]),
          runs,
        );
      } finally {
        await again.close();
      }
    } finally {
      await other.close();
    }
  });

  describe('refusals: nothing is created', () => {
    const countBatches = async () => arr((await get(sim, 'batches/list', 'limit=100')).json.batches).length;
    async function refused(body: Json, status: number, reason: string, dataReason?: string, message?: RegExp): Promise<void> {
      const before = await countBatches();
      const reply = await post(sim, 'batches', body);
      assert.equal(reply.status, status, reply.text);
      assert.equal(reply.json.reason, reason);
      if (dataReason) assert.deepEqual(reply.json.dataError, { reason: dataReason });
      assert.equal(typeof reply.json.errorMessage, 'string');
      if (message) assert.match(String(reply.json.errorMessage), message);
      assert.equal(await countBatches(), before, 'no batch created');
    }
    const byBatch = () => ({ kind: 'runs', batchUuid: original.uuid, statuses: ['error'] });
    const lastNode = { from: 'lastNode' };

    it("a play's workflow: invalidDataKind, in words", async () => {
      const play = sim.fixtures.workflows.play;
      const playBatch = sim.fixtures.batches.unhealthy;
      await refused(
        { workflowUuid: play, data: { kind: 'runs', filter: { kind: 'runs', batchUuid: playBatch, statuses: ['error'] }, reset: lastNode } },
        400,
        'invalidDataKind',
        undefined,
        /runs is not allowed for play workflows/,
      );
    });

    it('more run uuids than one batch may name: invalidData naming the limit (100)', async () => {
      const uuids = Array.from({ length: 101 }, () => String(originalRuns[0]?.uuid));
      await refused(
        { workflowUuid: tool, data: { kind: 'runs', filter: { kind: 'runs', uuids }, reset: lastNode } },
        400,
        'dataError',
        'invalidData',
        /at most 100/,
      );
      const hundred = Array.from({ length: 100 }, () => String(originalRuns[0]?.uuid));
      assert.equal((await retry({ filter: { kind: 'runs', uuids: hundred }, reset: lastNode })).status, 200, 'a hundred is allowed (the same run once)');
    });

    it('a filter that matches no finished run of the workflow: noRecords (unknown uuids, runs of another workflow are not matched)', async () => {
      await refused(
        { workflowUuid: tool, data: { kind: 'runs', filter: { kind: 'runs', uuids: ['6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f'] }, reset: lastNode } },
        400,
        'dataError',
        'noRecords',
      );
      const otherWorkflowsRun = sim.fixtures.runs.failed;
      const otherTool = sim.fixtures.workflows.scoreAccount as string;
      await refused(
        { workflowUuid: otherTool, data: { kind: 'runs', filter: { kind: 'runs', uuids: [otherWorkflowsRun] }, reset: lastNode } },
        400,
        'dataError',
        'noRecords',
      );
    });

    it('a malformed filter or reset: invalidData; a node not in the release: nodesNotFound; a release of another workflow: invalidReleaseOrCustomNodes', async () => {
      const body = (data: Json) => ({ workflowUuid: tool, data: { kind: 'runs', ...data } });
      await refused(body({ filter: { kind: 'records', statuses: ['error'] }, reset: lastNode }), 400, 'dataError', 'invalidData', /records/);
      await refused(body({ filter: { ...byBatch(), statusses: ['error'] }, reset: lastNode }), 400, 'dataError', 'invalidData', /statusses/);
      await refused(body({ filter: { ...byBatch(), statuses: ['failed'] }, reset: lastNode }), 400, 'dataError', 'invalidData');
      await refused(body({ filter: { kind: 'runs', uuids: ['not-a-uuid'] }, reset: lastNode }), 400, 'dataError', 'invalidData');
      await refused(body({ reset: lastNode }), 400, 'dataError', 'invalidData');
      await refused(body({ filter: byBatch() }), 400, 'dataError', 'invalidData');
      await refused(body({ filter: byBatch(), reset: { from: 'middle' } }), 400, 'dataError', 'invalidData');
      await refused(body({ filter: byBatch(), reset: { from: 'node' } }), 400, 'dataError', 'invalidData');
      await refused(body({ filter: byBatch(), reset: { from: 'node', nodeUuid: '6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f' } }), 400, 'nodesNotFound');
      const otherRelease = (await get(sim, `workflows/${sim.fixtures.workflows.scoreAccount}`)).json.workflow as Json;
      await refused(
        { ...body({ filter: byBatch(), reset: lastNode }), releaseUuid: (otherRelease.deployedRelease as Json).uuid },
        400,
        'invalidReleaseOrCustomNodes',
      );
    });
  });
});
