// The runs started from VS Code (StartedRuns) against the simulator over real HTTP: kept newest first
// (the last 50) across sessions, followed with one runs/list per tick however many are going, their
// end announced once, and nothing asked once nothing is unfinished.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator } from '../../simulator';
import { useSimulator } from '../support/simulator';
import { CargoClient } from '../../../src/api/client';
import type { Run } from '../../../src/api';
import { MAX_STARTED_RUNS, StartedRuns, type StartedRun, type StartedRunEntry } from '../../../src/runs/startedRuns';
import { presentFinish, presentGoing, presentLaunchFinish } from '../../../src/startedRuns/presentation';
import { TestClients } from '../support/clients';
import { ManualTimers, waitUntil } from '../support/timers';

const quiet = { debug() {}, warn() {} };

describe('runs started from VS Code', () => {
  const sim = useSimulator({ seed: 12, stepMs: 60 });
  const client = () => sim.client({ retryBaseDelayMs: 1, maxRetryDelayMs: 5, maxRetries: 0 });
  const listRequests = () => sim.requests.filter((r) => r.path.endsWith('/runs/list'));
  const memory = (initial: unknown = undefined) => {
    let value = initial;
    return { read: () => value, write: (entries: readonly StartedRunEntry[]) => void (value = JSON.parse(JSON.stringify(entries))), get: () => value };
  };
  const poller = { intervalMs: 40, maxIntervalMs: 160, backoffFactor: 1.5 };
  const create = (data: Record<string, unknown>, workflowUuid = sim.fixtures.workflows.tool) => client().createRun({ workflowUuid, data });

  test('a started run is listed, counted as going, followed to its end with one request per tick, announced once, then nothing is asked', async () => {
    const timers = new ManualTimers();
    const store = memory();
    const started = new StartedRuns(new TestClients(client()), store, poller, quiet, timers);
    const finished: StartedRun[] = [];
    started.onDidFinish((run) => finished.push(run));
    const a = await create({ name: 'Alpha', __simOutcome: 'success' });
    const b = await create({ name: 'Beta', __simOutcome: 'error' });
    sim.clearRequests();
    started.add(a, 'alpha.cargo-run.json', { documentUri: 'file:///w/alpha.cargo-run.json' });
    started.add(b, 'beta.json', { documentUri: 'file:///w/beta.json' });
    assert.deepEqual(
      started.list.map((r) => r.entry.uuid),
      [b.uuid, a.uuid],
      'newest first',
    );
    assert.equal(started.going.length, 2);
    assert.equal(presentGoing(started.going)?.text, '$(sync~spin) 2 Cargo runs');
    assert.equal(started.lastFrom('file:///w/beta.json')?.entry.uuid, b.uuid);
    assert.deepEqual(
      (store.get() as StartedRunEntry[]).map((e) => e.uuid),
      [b.uuid, a.uuid],
      'kept for the next session',
    );
    assert.ok(started.isFollowing);

    let ticks = 0;
    while (finished.length < 2) {
      assert.ok(ticks++ < 200, 'both runs finish');
      await new Promise((resolve) => setTimeout(resolve, 30));
      await timers.fireNext();
      await waitUntil('the tick is done', () => timers.pending.length > 0 || !started.isFollowing);
      assert.equal(listRequests().length, ticks, 'one runs/list per tick for both runs');
      if (!started.isFollowing) break;
    }
    assert.deepEqual(finished.map((r) => r.entry.uuid).sort(), [a.uuid, b.uuid].sort(), 'each end announced once');
    assert.equal(started.going.length, 0);
    assert.equal(presentGoing(started.going), undefined, 'the status bar item hides');
    assert.equal(started.isFollowing, false, 'nothing is polled once nothing is unfinished');
    assert.equal(timers.pending.length, 0);
    assert.ok(
      sim.requests.every((r) => r.path.endsWith('/runs/list')),
      'only the light list request, never the runs with their context',
    );
    started.dispose();
  });

  test('kept across sessions: the next session loads them all with one request, and does not announce old ends', async () => {
    const store = memory();
    const first = new StartedRuns(new TestClients(client()), store, poller, quiet, new ManualTimers());
    const runs: Run[] = [];
    for (const name of ['One', 'Two', 'Three']) runs.push(await create({ name }));
    for (const run of runs) first.add(run, `${run.recordTitle}.json`);
    first.dispose();

    sim.clearRequests();
    const timers = new ManualTimers();
    const second = new StartedRuns(new TestClients(client()), memory(store.get()), poller, quiet, timers);
    const announced: StartedRun[] = [];
    second.onDidFinish((run) => announced.push(run));
    assert.equal(second.list.length, 3);
    assert.ok(
      second.list.every((r) => r.run === undefined),
      'not fetched until shown',
    );
    assert.equal(sim.requests.length, 0, 'nothing asked at start-up');
    await second.ensureLoaded();
    assert.equal(listRequests().length, 1, 'one request for all of them');
    assert.ok(second.list.every((r) => r.run !== undefined));
    assert.equal(second.going.length, 0, 'runs of another session are not counted as going here');
    await second.ensureLoaded();
    assert.equal(listRequests().length, 1, 'loaded once');
    assert.equal(announced.length, 0);
    second.dispose();
  });

  test('the last 50 are kept', async () => {
    const store = memory();
    const started = new StartedRuns(new TestClients(client()), store, poller, quiet, new ManualTimers());
    const run = await create({ name: 'Template' });
    for (let i = 0; i < MAX_STARTED_RUNS + 5; i++) started.add({ ...run, uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` }, `item ${i}`);
    assert.equal(started.list.length, MAX_STARTED_RUNS);
    assert.equal(started.list[0]?.entry.source, `item ${MAX_STARTED_RUNS + 4}`);
    assert.equal((store.get() as unknown[]).length, MAX_STARTED_RUNS);
    started.dispose();
  });

  test('a refused token stops following and is reported once', async () => {
    const timers = new ManualTimers();
    const clients = new TestClients(client());
    const started = new StartedRuns(clients, memory(), poller, quiet, timers);
    started.add(await create({ name: 'Gamma' }), 'gamma.json');
    sim.setFaults([{ fault: { kind: 'status', status: 401 }, path: '/runs/list' }]);
    await timers.fireNext();
    await waitUntil('the refusal is reported', () => clients.rejections === 1);
    started.dispose();
  });

  test('the end of a run reads as the user needs it: success with time and credits, or the failed node and its error', async () => {
    const run = await create({ name: 'Delta', __simOutcome: 'error' });
    let details = await client().getRun(run.uuid);
    for (let i = 0; i < 200 && details.run.status.known !== 'error'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      details = await client().getRun(run.uuid);
    }
    const failed = presentFinish(details.run, 'delta.json');
    assert.equal(failed.severity, 'error');
    const execution = details.run.executions.find((e) => e.status.known === 'error');
    assert.ok(execution);
    assert.ok(failed.message.startsWith('Run of "Delta" failed at '), failed.message);
    assert.ok(failed.message.includes(execution.nodeSlug));
    assert.equal(failed.failed?.execution, execution);
    const hostile = presentFinish({ ...details.run, recordTitle: '[click](command:workbench.action.reloadWindow)' }, 'x');
    assert.ok(!hostile.message.includes(']('), 'a command link in run data is broken up');
  });

  test('the runs of one array are one launch, whose end reads as one sentence', async () => {
    const started = new StartedRuns(new TestClients(client()), memory(), poller, quiet, new ManualTimers());
    const runs: Run[] = [];
    for (const name of ['Lone', 'Pair One', 'Pair Two']) runs.push(await create({ name }));
    started.add(runs[0] as Run, 'lone.json');
    for (const run of runs.slice(1)) started.add(run, `pair.json, item`, { documentUri: 'file:///w/pair.json', launch: 'pair' });
    assert.deepEqual(
      started.launched('pair').map((r) => r.entry.uuid),
      runs
        .slice(1)
        .map((r) => r.uuid)
        .reverse(),
    );
    const ended = (run: Run, status: 'success' | 'error'): StartedRun => ({
      entry: { uuid: run.uuid, workflowUuid: run.workflowUuid, createdAt: run.createdAt, source: 'pair.json, item' },
      run: {
        ...run,
        status: { known: status, raw: status },
        finishedAt: new Date(Date.parse(run.createdAt) + 2000).toISOString(),
        executions: [
          {
            nodeUuid: 'n1',
            nodeSlug: 'clearbit_enrich',
            nodeKind: { known: 'connector', raw: 'connector' },
            status: { known: status, raw: status },
            errorMessage: status === 'error' ? 'Rate limited\nretry later' : null,
          },
        ],
      },
    });
    const summary = presentLaunchFinish([ended(runs[1] as Run, 'success'), ended(runs[2] as Run, 'error')], 'pair.json');
    assert.equal(summary.severity, 'error');
    assert.equal(
      summary.message,
      'The 2 runs from pair.json have finished: 1 succeeded, 1 failed. First failure: "Pair Two" failed at clearbit_enrich: Rate limited',
    );
    assert.equal(summary.failed?.nodeSlug, 'clearbit_enrich');
    assert.equal(presentLaunchFinish([ended(runs[1] as Run, 'success')], 'pair.json').message, 'Run of "Pair One" succeeded in 2 s.');
    started.dispose();
  });
});

describe('runs started from VS Code: forgetting', () => {
  test('one run or all of them are forgotten (kept nowhere, followed no more); Cargo is not asked', async () => {
    let stored: unknown;
    const sim = await startSimulator({ port: 0, seed: 13, token: 'dev-token', stepMs: 5000 });
    try {
      const client = new CargoClient({ baseUrl: sim.url, token: sim.token, maxRetries: 0 });
      const started = new StartedRuns(
        new TestClients(client),
        { read: () => stored, write: (e) => void (stored = e) },
        { intervalMs: 40, maxIntervalMs: 160, backoffFactor: 1.5 },
        quiet,
        new ManualTimers(),
      );
      const a = await client.createRun({ workflowUuid: sim.fixtures.workflows.tool, data: { name: 'Keep' } });
      const b = await client.createRun({ workflowUuid: sim.fixtures.workflows.tool, data: { name: 'Forget' } });
      started.add(a, 'a.json');
      started.add(b, 'b.json');
      sim.clearRequests();
      started.remove(b.uuid);
      assert.deepEqual(
        (stored as StartedRunEntry[]).map((e) => e.uuid),
        [a.uuid],
      );
      assert.deepEqual(
        started.going.map((r) => r.entry.uuid),
        [a.uuid],
      );
      assert.ok(started.isFollowing);
      started.clear();
      assert.deepEqual(stored, []);
      assert.equal(started.list.length, 0);
      assert.equal(started.isFollowing, false, 'nothing left to follow');
      assert.equal(sim.requests.length, 0);
      started.dispose();
    } finally {
      await sim.close();
    }
  });
});

describe('runs started from VS Code: what is kept', () => {
  test('an entry comes back whole in the next session: its document, launch and where its data is', () => {
    const entry = {
      uuid: 'u',
      workflowUuid: 'w',
      createdAt: '2026-12-02T10:00:00Z',
      source: 'a.json, item 2',
      documentUri: 'file:///a.json',
      launch: 'l',
      inputPath: [1, 'lead'],
    };
    const started = new StartedRuns(
      new TestClients(),
      { read: () => [entry, { uuid: 'bad' }], write: () => {} },
      { intervalMs: 40, maxIntervalMs: 160, backoffFactor: 1.5 },
      quiet,
      new ManualTimers(),
    );
    assert.deepEqual(
      started.list.map((r) => r.entry),
      [entry],
    );
    started.dispose();
  });
});
