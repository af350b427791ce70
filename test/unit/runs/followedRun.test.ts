// The followed run (the run layer's FollowedRun) against the simulator over real HTTP: it loads a run,
// its spans and its workflow's name; follows a live run until it finishes and then asks nothing more;
// recovers from server errors; stops on a refused token and goes on after a sign-in; and is shared per run.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSimulator } from '../support/simulator';
import { type CargoClientOptions } from '../../../src/api/client';
import type { Log } from '../../../src/core/log';
import { STALE_AFTER_FAILURES } from '../../../src/core/staleness';
import { ON_SCREEN_INTERVAL_MS, ON_SCREEN_STEADY_MS } from '../../../src/runs/followedRun';
import { FollowedRuns, type FollowedRunHandle } from '../../../src/runs/followedRuns';
import { executionTimes } from '../../../src/runs/spans';
import { WorkflowNames } from '../../../src/runs/workflowNames';
import { RunScreen } from '../../../src/runPanel/runScreen';
import { TestClients } from '../support/clients';
import { ManualTimers, waitUntil } from '../support/timers';

const quiet: Log = { debug() {}, info() {}, warn() {}, error() {} };

describe('followed run', () => {
  const sim = useSimulator({ seed: 5, stepMs: 150, hostile: true });
  const client = (options: Partial<CargoClientOptions> = {}) => sim.client({ retryBaseDelayMs: 1, maxRetryDelayMs: 5, maxRetries: 0, ...options });
  const requestsFor = (part: string) => sim.requests.filter((request) => request.path.includes(part));
  /** The followed runs, polling every `intervalMs` (real timers unless given). */
  function watchedRuns(clients: TestClients, intervalMs = 40, timers?: ManualTimers) {
    const names = new WorkflowNames(clients);
    return new FollowedRuns({
      clients,
      names,
      log: quiet,
      pollerOptions: { intervalMs, maxIntervalMs: intervalMs * 4, backoffFactor: 1.5 },
      ...(timers ? { timers } : {}),
    });
  }
  /** A new run of the tool workflow whose executions take `stepMs` each; resolves once it is listed. */
  async function liveRun(stepMs = 150, outcome: 'success' | 'error' = 'success'): Promise<string> {
    const batchUuid = sim.startBatch({ records: [{ id: `r${Math.random()}`, name: 'Live Co', __simOutcome: outcome }], stepMs });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const uuid = (await client().listRuns({ batchUuid })).runs[0]?.uuid;
      if (uuid) return uuid;
      assert.ok(Date.now() < deadline, 'the run appears');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const loaded = (handle: FollowedRunHandle) => handle.run.state.kind === 'loaded';
  /**
   * A new run whose steps take a minute each; resolves once its first step has started (half a step of
   * the simulator's after its creation): from then on it stays as it is for the whole test.
   */
  async function stillRun(name: string): Promise<string> {
    const created = await client().createRun({ workflowUuid: sim.fixtures.workflows.tool, data: { name, __simStepMs: 60_000 } });
    for (let i = 0; (await client().getRun(created.uuid)).run.executions.length === 0; i++) {
      assert.ok(i < 200, 'the first step starts');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return created.uuid;
  }

  test('loads the run as Cargo sent it, with its workflow name; a finished run asks nothing more', async () => {
    const timers = new ManualTimers();
    const runs = watchedRuns(new TestClients(client()), 40, timers);
    const uuid = sim.fixtures.runs.failed;
    const handle = runs.acquire(uuid);
    await waitUntil('the run loaded', () => loaded(handle));
    const state = handle.run.state;
    assert.ok(state.kind === 'loaded');
    assert.equal(requestsFor(`/runs/${uuid}`).length, 1, 'one request for the run');
    const sent = await (await fetch(`${sim.url}/orchestration/runs/${uuid}`, { headers: { authorization: `Bearer ${sim.token}` } })).text();
    assert.deepEqual(JSON.parse(state.run.text), JSON.parse(sent), 'the text is the response as received');
    assert.equal(state.run.details.run.status.known, 'error');
    assert.equal(typeof state.run.workflowName, 'string', 'the workflow is named after its tool or play');
    sim.clearRequests();
    handle.setSeen(true);
    assert.equal(timers.pending.length, 0, 'nothing is scheduled for a finished run');
    await handle.run.fetch();
    assert.equal(requestsFor('/spans/list').length, 0, 'its executions have their times: no spans');
    handle.dispose();
    runs.dispose();
  });

  test('a live run updates while someone can see it, until it finishes; then it stops asking', async () => {
    const timers = new ManualTimers();
    const runs = watchedRuns(new TestClients(client()), 30, timers);
    const uuid = await liveRun(120);
    const handle = runs.acquire(uuid);
    let changes = 0;
    handle.run.onDidChange(() => changes++);
    await waitUntil('the run loaded', () => loaded(handle));
    handle.setSeen(true);
    // Each scheduled update, as soon as it is scheduled, until the run has finished.
    while (!handle.run.loaded?.finished) {
      await waitUntil('the next update scheduled', () => timers.pending.length > 0 || handle.run.loaded?.finished === true, 20_000);
      if (timers.pending.length > 0) await timers.fireNext();
    }
    assert.ok(changes > 2, `the view changed ${changes} times as the run went on`);
    await waitUntil('the last update done', () => !sim.requests.some((request) => request.status === 0));
    assert.equal(timers.pending.length, 0, 'nothing more is scheduled once it has finished');
    handle.dispose();
    runs.dispose();
  });

  test('a live update where nothing changed is one light runs/list, never the run with its context; a change fetches the run once', async () => {
    const timers = new ManualTimers();
    const runs = watchedRuns(new TestClients(client()), 30, timers);
    const created = { uuid: await stillRun('Still Co') };
    const handle = runs.acquire(created.uuid);
    await waitUntil('the run loaded', () => loaded(handle));
    handle.setSeen(true);
    sim.clearRequests();
    for (let tick = 1; tick <= 3; tick++) {
      await timers.fireNext();
      await waitUntil('the tick done', () => timers.pending.length > 0);
      assert.deepEqual(
        sim.requests.map((r) => `${r.method} ${r.path}`),
        Array.from({ length: tick }, () => 'POST /v1/orchestration/runs/list'),
        'one light request per tick, and no GET of the run',
      );
    }
    // Something changes (the run is cancelled): the next tick fetches the run, once.
    await client().cancelRuns({ workflowUuid: sim.fixtures.workflows.tool, uuids: [created.uuid] });
    sim.clearRequests();
    await timers.fireNext();
    await waitUntil('the run fetched', () => sim.requests.some((r) => r.method === 'GET' && r.path.endsWith(`/runs/${created.uuid}`)));
    await waitUntil('the tick done', () => timers.pending.length > 0 || handle.run.loaded?.finished === true);
    assert.equal(sim.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/runs/${created.uuid}`)).length, 1);
    handle.dispose();
    runs.dispose();
  });

  test('a live run on screen is asked about every 1.5 s whatever the settings say, one runs/list a tick; quiet for 10 s, it backs off; out of sight, the settings’ interval', async () => {
    const timers = new ManualTimers();
    // The settings' default: every 10 s.
    const runs = watchedRuns(new TestClients(client()), 10_000, timers);
    const uuid = await stillRun('Looked At Co');
    const watch = runs.acquire(uuid);
    const panel = runs.acquire(uuid);
    await waitUntil('the run loaded', () => loaded(panel));
    watch.setSeen(true);
    assert.deepEqual(
      timers.pending.map((timer) => timer.ms),
      [10_000],
      'followed out of sight (a watch for its failure): the settings’ interval',
    );
    panel.setOnScreen(true);
    assert.deepEqual(
      timers.pending.map((timer) => timer.ms),
      [ON_SCREEN_INTERVAL_MS],
      'a person looks at it: quickly',
    );
    sim.clearRequests();
    const delays: number[] = [];
    const steady = Math.ceil(ON_SCREEN_STEADY_MS / ON_SCREEN_INTERVAL_MS);
    for (let tick = 1; tick <= steady + 1; tick++) {
      delays.push(await timers.fireNext());
      await waitUntil('the tick done', () => timers.pending.length > 0);
      assert.deepEqual(
        sim.requests.map((r) => `${r.method} ${r.path}`),
        Array.from({ length: tick }, () => 'POST /v1/orchestration/runs/list'),
        'a tick where nothing changed is one light request',
      );
    }
    assert.deepEqual(
      delays,
      [...Array.from({ length: steady }, () => ON_SCREEN_INTERVAL_MS), ON_SCREEN_INTERVAL_MS * 1.5],
      'every 1.5 s for 10 s without a change, then the back-off',
    );
    panel.setOnScreen(false);
    assert.deepEqual(
      timers.pending.map((timer) => timer.ms),
      [10_000],
      'no one looks any more: the watch goes on at the settings’ interval',
    );
    watch.dispose();
    panel.dispose();
    runs.dispose();
  });

  test('no one looking, no live updates: hidden, the live run is not asked about', async () => {
    const timers = new ManualTimers();
    const runs = watchedRuns(new TestClients(client()), 40, timers);
    const uuid = await liveRun(5_000);
    const handle = runs.acquire(uuid);
    await waitUntil('the run loaded', () => loaded(handle));
    assert.equal(timers.pending.length, 0, 'not seen: nothing scheduled');
    handle.setSeen(true);
    assert.equal(timers.pending.length, 1, 'seen: the next update is scheduled');
    handle.setSeen(false);
    assert.equal(timers.pending.length, 0, 'hidden again: cancelled');
    handle.dispose();
    runs.dispose();
  });

  test('a 500 on the first load says why; Retry after the fault loads it', async () => {
    const runs = watchedRuns(new TestClients(client()));
    const uuid = sim.fixtures.runs.succeeded;
    sim.addFault({ fault: { kind: 'status', status: 500 }, method: 'GET', path: `/runs/${uuid}`, times: 1 });
    const handle = runs.acquire(uuid);
    await waitUntil('the failure', () => handle.run.state.kind === 'failed');
    const failed = handle.run.state;
    assert.ok(failed.kind === 'failed');
    assert.match(failed.message, /Could not load the run: .*HTTP 500/);
    assert.equal(failed.signIn, false);
    await handle.run.refresh();
    assert.equal(handle.run.state.kind, 'loaded');
    handle.dispose();
    runs.dispose();
  });

  test('live updates that keep failing mark the run stale with the time of the last good update; the next success clears it', async () => {
    const runs = watchedRuns(new TestClients(client()));
    const uuid = await liveRun(5_000);
    const handle = runs.acquire(uuid);
    await waitUntil('the run loaded', () => loaded(handle));
    const fetchedAt = handle.run.loaded?.fetchedAt;
    sim.addFault({ fault: { kind: 'status', status: 503 }, method: 'GET', path: `/runs/${uuid}` });
    for (let i = 0; i < STALE_AFTER_FAILURES - 1; i++) await handle.run.fetch();
    assert.equal(handle.run.state.kind === 'loaded' && handle.run.state.problem, undefined, 'one failure is not yet stale');
    await handle.run.fetch();
    const stale = handle.run.state;
    assert.ok(stale.kind === 'loaded' && stale.problem?.kind === 'stale', 'stale after failures in a row');
    assert.equal(stale.problem.lastUpdatedAt, fetchedAt);
    assert.match(stale.problem.message, /HTTP 503/);
    sim.clearFaults();
    await handle.run.fetch();
    assert.ok(handle.run.state.kind === 'loaded' && handle.run.state.problem === undefined, 'cleared by a success');
    handle.dispose();
    runs.dispose();
  });

  test('a refused token stops live updates and says so; after a new sign-in the run goes on', async () => {
    const clients = new TestClients(client());
    const timers = new ManualTimers();
    const runs = watchedRuns(clients, 40, timers);
    const uuid = await liveRun(5_000);
    const handle = runs.acquire(uuid);
    await waitUntil('the run loaded', () => loaded(handle));
    handle.setSeen(true);
    sim.addFault({ fault: { kind: 'status', status: 401 } });
    await handle.run.fetch();
    const rejected = handle.run.state;
    assert.ok(rejected.kind === 'loaded' && rejected.problem?.kind === 'noClient', 'the run stays shown, marked');
    assert.equal(rejected.problem.signIn, true);
    assert.match(rejected.problem.message, /rejected the API token/);
    assert.equal(clients.rejections, 1, 'the connection was told, once');
    assert.equal(timers.pending.length, 0, 'live updates stopped');
    sim.clearFaults();
    sim.clearRequests();
    clients.signIn(client());
    await waitUntil('the run updated again', () => handle.run.state.kind === 'loaded' && handle.run.state.problem === undefined);
    assert.ok(requestsFor(uuid).length >= 1);
    assert.equal(timers.pending.length, 1, 'live updates resumed');
    handle.dispose();
    runs.dispose();
  });

  test('signed out, the run says so; once signed in it loads', async () => {
    const clients = new TestClients();
    const runs = watchedRuns(clients);
    const handle = runs.acquire(sim.fixtures.runs.succeeded);
    await waitUntil('the signed-out state', () => handle.run.state.kind === 'failed');
    const state = handle.run.state;
    assert.ok(state.kind === 'failed');
    assert.equal(state.signIn, true);
    assert.equal(state.message, 'Sign in to Cargo to see this run.');
    assert.equal(sim.requests.length, 0, 'nothing was asked');
    clients.signIn(client());
    await waitUntil('the run loaded', () => loaded(handle));
    handle.dispose();
    runs.dispose();
  });

  test('a live run whose executions lack times asks only for the spans it does not have', async () => {
    const runs = watchedRuns(new TestClients(client()), 1_000_000);
    const uuid = await liveRun(200);
    sim.addFault({ fault: { kind: 'drift', drift: 'nulls' }, method: 'GET', path: `/runs/${uuid}` });
    const handle = runs.acquire(uuid);
    await waitUntil('the run loaded', () => loaded(handle));
    const bodies: { executionStartedAfter: string }[] = [];
    const spansBefore = () => requestsFor('/spans/list').length;
    let fetches = 0;
    while (!handle.run.loaded?.finished) {
      const before = spansBefore();
      await handle.run.fetch();
      fetches++;
      assert.ok(spansBefore() - before <= 1, 'at most one spans request per update');
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(fetches < 200, 'the run finishes');
    }
    bodies.push(...requestsFor('/spans/list').map((request) => request.body as { executionStartedAfter: string }));
    const created = Date.parse((await client().getRun(uuid)).run.createdAt);
    assert.equal(Date.parse(bodies[0]?.executionStartedAfter ?? ''), created - 60_000, 'the first asks from the start of the run');
    assert.ok(
      bodies.slice(1).every((body) => Date.parse(body.executionStartedAfter) > created - 60_000),
      'later ones ask only for executions started since',
    );
    const last = handle.run.loaded;
    assert.ok(
      last && executionTimes(last.details.run.executions, last.spans).every((times) => times.startedAt && times.finishedAt),
      'every execution has its times',
    );
    // Finished, with every span finished: another update asks no spans at all.
    sim.clearRequests();
    await handle.run.fetch();
    assert.equal(requestsFor('/spans/list').length, 0);
    handle.dispose();
    runs.dispose();
  });

  test('a run is watched once however many look at it, and let go when the last one does', async () => {
    const runs = watchedRuns(new TestClients(client()));
    const uuid = sim.fixtures.runs.succeeded;
    const panel = runs.acquire(uuid);
    const document = runs.acquire(uuid);
    assert.equal(panel.run, document.run);
    await waitUntil('the run loaded', () => loaded(panel));
    assert.equal(requestsFor(`/runs/${uuid}`).length, 1, 'one fetch for both');
    panel.dispose();
    assert.equal(runs.peek(uuid), document.run, 'still watched by the document');
    document.dispose();
    assert.equal(runs.peek(uuid), undefined);
    runs.dispose();
  });

  test('a node nested 20,000 levels deep is marked; the rest of the run shows', async () => {
    const runs = watchedRuns(new TestClients(client()));
    const uuid = sim.fixtures.runs.deepContext;
    assert.ok(uuid);
    const handle = runs.acquire(uuid);
    await waitUntil('the run loaded', () => handle.run.state.kind !== 'loading');
    const state = handle.run.state;
    assert.ok(state.kind === 'loaded', `loaded, not ${state.kind}`);
    const view = new RunScreen(handle.run).current?.view;
    const deep = view?.context?.find((node) => node.slug === 'deep_output');
    assert.match(deep?.problem ?? '', /too deeply/);
    assert.ok((view?.executions.length ?? 0) > 0);
    handle.dispose();
    runs.dispose();
  });
});
