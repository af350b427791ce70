// A run panel's notice of a newer retry (runPanel/newerRetry.ts) against the simulator over real HTTP:
// a finished failed run is looked up once per panel (one batches/list with includedDataKinds, however
// often the panel shows it again), a run that goes on or succeeded never; a retry started from VS Code
// is known with no request; opening it finds the retried run of the same record in one runs/list.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Batch, Run } from '../../../src/api';
import { mayHaveRetry, NewerRetry, newerRetryView } from '../../../src/runPanel/newerRetry';
import { TestClients } from '../support/clients';
import { useSimulator } from '../support/simulator';

const LIST = '/v1/orchestration/batches/list';
const quiet = { debug() {} };

/** Lets the look-up's promises settle, polling a condition (no fixed wait). */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let turns = 0; turns < 500 && !condition(); turns++) await new Promise((resolve) => setImmediate(resolve));
  assert.ok(condition(), what);
}

describe('newer retry of a failed run (run panel)', () => {
  const sim = useSimulator({ seed: 5, stepMs: 40 }, { retryBaseDelayMs: 1, maxRetryDelayMs: 5, maxRetries: 0, timeoutMs: 2_000 });
  const lists = () => sim.requests.filter((r) => r.path === LIST);

  async function failedRuns(): Promise<{ batch: Batch; runs: Run[] }> {
    const batch = await sim.client().getBatch(sim.fixtures.batches.succeeded);
    const runs = (await sim.client().listRuns({ batchUuid: batch.uuid, statuses: ['error'], limit: 10 })).runs;
    assert.ok(runs.length >= 2, 'failed runs in the fixture');
    return { batch, runs };
  }

  function watch() {
    let changes = 0;
    const newer = new NewerRetry({ clients: new TestClients(sim.client()), log: quiet }, () => changes++);
    return { newer, changes: () => changes };
  }

  test('only a finished failed run may have a retry', () => {
    const status = (known: string) => ({ known, raw: known }) as Run['status'];
    assert.equal(mayHaveRetry({ status: status('error') }), true);
    assert.equal(mayHaveRetry({ status: status('success') }), false);
    assert.equal(mayHaveRetry({ status: status('running') }), false);
  });

  test('a failed run of a retried batch: one batches/list (the workflow’s retries), however often it is shown again; the notice names the batch', async () => {
    const { batch, runs } = await failedRuns();
    const run = runs[0] as Run;
    const retry = await sim.client().createBatch({
      workflowUuid: batch.workflowUuid,
      data: { kind: 'runs', filter: { kind: 'runs', batchUuid: batch.uuid, statuses: ['error'] }, reset: { from: 'lastNode' } },
    });
    sim.clearRequests();
    const { newer, changes } = watch();
    for (let tick = 0; tick < 20; tick++) newer.seen(run);
    await until(() => newer.retry !== undefined, 'the retry found');
    for (let tick = 0; tick < 20; tick++) newer.seen(run);
    await until(() => sim.requests.length >= 1, 'asked');
    assert.equal(lists().length, 1, 'one batches/list');
    assert.equal(sim.requests.length, 1, 'nothing else');
    assert.deepEqual([lists()[0]?.query.includedDataKinds].flat(), ['runs'], 'the workflow’s retries only');
    assert.equal(changes(), 1);
    assert.deepEqual(newerRetryView(newer.retry), { batchUuid: retry.uuid, createdAt: retry.createdAt });

    const opened = await until2(() => newer.retriedRun());
    assert.equal(opened.kind, 'run');
    assert.ok(opened.kind === 'run');
    assert.equal(opened.run.recordId, run.recordId, 'the run of the same record');
    assert.equal(opened.run.batchUuid, retry.uuid);
    const runLists = sim.requests.filter((r) => r.path === '/v1/orchestration/runs/list');
    assert.ok(runLists.length >= 1, 'runs/list asked');
    for (const list of runLists) assert.equal((list.body as { batchUuid?: unknown }).batchUuid, retry.uuid, 'the retry batch’s runs only');
  });

  test('a run that goes on or succeeded costs no request; it is looked up when it ends failed', async () => {
    const { runs } = await failedRuns();
    const run = runs[1] as Run;
    sim.clearRequests();
    const { newer } = watch();
    for (let tick = 0; tick < 10; tick++) newer.seen({ ...run, status: { known: 'running', raw: 'running' } as Run['status'] });
    newer.seen({ ...run, status: { known: 'success', raw: 'success' } as Run['status'] });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(sim.requests.length, 0, 'no request while it runs');
    newer.seen(run);
    newer.seen(run);
    await until(() => lists().length === 1, 'one look-up when it ended failed');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(lists().length, 1);
  });

  test('a retry started from VS Code that takes the run is known with no request; one that does not take it is ignored', async () => {
    const { batch, runs } = await failedRuns();
    const [run, other] = runs as [Run, Run];
    const { newer, changes } = watch();
    newer.seen(run);
    await until(() => lists().length === 1, 'the look-up at opening');
    sim.clearRequests();
    const notIt = {
      ...batch,
      uuid: 'b-other',
      createdAt: new Date().toISOString(),
      data: { kind: { known: 'runs', raw: 'runs' }, filter: { kind: 'runs', uuids: [other.uuid] } },
    } as unknown as Batch;
    newer.created([notIt]);
    assert.equal(newer.retry?.uuid === 'b-other', false, 'another run’s retry');
    const it = { ...notIt, uuid: 'b-it', data: { kind: { known: 'runs', raw: 'runs' }, filter: { kind: 'runs', uuids: [run.uuid] } } } as unknown as Batch;
    const before = changes();
    newer.created([notIt, it]);
    assert.equal(newer.retry?.uuid, 'b-it');
    assert.equal(changes(), before + 1);
    assert.equal(sim.requests.length, 0, 'no request');
  });

  test('a failed look-up shows no notice, throws nothing and is not repeated on the next update', async () => {
    const { runs } = await failedRuns();
    sim.addFault({ fault: { kind: 'status', status: 500 }, path: LIST });
    const { newer, changes } = watch();
    newer.seen(runs[0] as Run);
    await until(() => lists().length >= 1, 'asked');
    await new Promise((resolve) => setImmediate(resolve));
    newer.seen(runs[0] as Run);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(lists().length, 1, 'not asked again');
    assert.equal(newer.retry, undefined);
    assert.equal(changes(), 0);
  });
});

/** The retry's run appears once Cargo has created the batch's runs: asked again (as a person would press again) until it is there. */
async function until2(open: () => Promise<Awaited<ReturnType<NewerRetry['retriedRun']>>>) {
  for (let attempts = 0; attempts < 200; attempts++) {
    const found = await open();
    if (found && found.kind !== 'notFound') return found;
    await new Promise((resolve) => setImmediate(resolve));
  }
  const found = await open();
  assert.ok(found);
  return found;
}
