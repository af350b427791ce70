// How a run with a big context loads and is followed (the run layer's FollowedRun and the panel's RunScreen, against the simulator over real
// HTTP): the first screen (header, executions) comes before the context, from the run the caller has
// or from the start of the GET's body; the context follows, with its download's progress; a failed
// download keeps the header, says what failed and loads on Retry; a live run with a 50 MB context
// costs one light request per tick while it does not change, and a change does not hash it again.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSimulator } from '../support/simulator';
import { type CargoClientOptions } from '../../../src/api/client';
import type { Run } from '../../../src/api';
import type { Log } from '../../../src/core/log';
import type { FollowedRun } from '../../../src/runs/followedRun';
import { FollowedRuns, type FollowedRunHandle } from '../../../src/runs/followedRuns';
import { WorkflowNames } from '../../../src/runs/workflowNames';
import { RunScreen } from '../../../src/runPanel/runScreen';
import { TestClients } from '../support/clients';
import { ManualTimers, waitUntil } from '../support/timers';

const quiet: Log = { debug() {}, info() {}, warn() {}, error() {} };
const MB = 1024 * 1024;

/** What the panel could show at one change: the header (and whether the context is in it), the values' status, the state. */
interface Seen {
  readonly header: boolean;
  readonly values: boolean;
  readonly status: string | undefined;
  readonly receivedBytes?: number;
  readonly totalBytes?: number | null;
  readonly message?: string;
  readonly state: string;
}

/** The panel's screen of a followed run: one per run, as one panel has it. */
const screens = new WeakMap<FollowedRun, RunScreen>();
function screenOf(handle: FollowedRunHandle): RunScreen {
  let screen = screens.get(handle.run);
  if (!screen) screens.set(handle.run, (screen = new RunScreen(handle.run)));
  return screen;
}

/** Records what the run shows at each change. */
function record(handle: FollowedRunHandle): Seen[] {
  const seen: Seen[] = [];
  handle.run.onDidChange(() => {
    const screen = screenOf(handle).current;
    const values = screen?.values;
    seen.push({
      header: screen !== undefined,
      values: screen?.view.context != null,
      status: values?.kind,
      ...(values?.kind === 'loading' ? { receivedBytes: values.receivedBytes, totalBytes: values.totalBytes } : {}),
      ...(values?.kind === 'failed' ? { message: values.message } : {}),
      state: handle.run.state.kind,
    });
  });
  return seen;
}

describe('a run with a big context', () => {
  const sim = useSimulator({ seed: 7, stepMs: 150, bigContextBytes: 5 * MB });
  const client = (options: Partial<CargoClientOptions> = {}) => sim.client({ retryBaseDelayMs: 1, maxRetryDelayMs: 5, maxRetries: 0, ...options });
  const gets = (uuid: string) => sim.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/runs/${uuid}`));
  /** Watched runs whose workflow names are known already (as after the first panel of a session). */
  async function watchedRuns(clients: TestClients, timers?: ManualTimers, intervalMs = 30) {
    const names = new WorkflowNames(clients);
    await names.all();
    sim.clearRequests();
    return new FollowedRuns({
      clients,
      names,
      log: quiet,
      pollerOptions: { intervalMs, maxIntervalMs: intervalMs * 4, backoffFactor: 1.5 },
      ...(timers ? { timers } : {}),
    });
  }
  /** The big run as a list of runs has it (no context): what the Runs view passes when it opens a run. */
  async function listed(uuid: string): Promise<Run> {
    const { run } = await client().getRun(uuid);
    const { runs } = await client().listRuns({ workflowUuid: run.workflowUuid, createdAfter: run.createdAt, createdBefore: run.createdAt, limit: 100 });
    const found = runs.find((candidate) => candidate.uuid === uuid);
    assert.ok(found);
    sim.clearRequests();
    return found;
  }
  const bigRun = () => {
    const uuid = sim.fixtures.runs.bigContext;
    assert.ok(uuid);
    return uuid;
  };

  test('opened by uuid alone: the header from the start of the body, then the download’s progress, then the context', async () => {
    const runs = await watchedRuns(new TestClients(client()));
    const uuid = bigRun();
    const handle = runs.acquire(uuid);
    const seen = record(handle);
    await waitUntil('the run loaded', () => handle.run.state.kind === 'loaded', 30_000);
    const firstHeader = seen.findIndex((s) => s.header);
    const firstValues = seen.findIndex((s) => s.values);
    assert.ok(firstHeader >= 0 && firstHeader < firstValues, `the header first: ${JSON.stringify(seen.slice(0, 4))}`);
    assert.equal(seen[firstHeader]?.state, 'loading', 'shown before the run has been fetched whole');
    assert.equal(seen[firstHeader]?.values, false);
    // Progress, after the header and before the context, counting up to the body's size.
    const progress = seen.slice(firstHeader, firstValues).filter((s) => s.status === 'loading' && (s.receivedBytes ?? 0) > 0);
    const bytes = Buffer.byteLength(handle.run.loaded?.text ?? '');
    assert.ok(progress.length >= 3, `progress told ${progress.length} times`);
    assert.ok(progress.every((s, i) => s.totalBytes === bytes && (i === 0 || (s.receivedBytes ?? 0) > (progress[i - 1]?.receivedBytes ?? 0))));
    assert.ok((progress[0]?.receivedBytes ?? 0) < bytes, 'the first progress comes while most of the body is still to come');
    // Once loaded: the context is there, no progress, one GET in all.
    const last = seen.at(-1);
    assert.deepEqual(last && { values: last.values, status: last.status, state: last.state }, { values: true, status: undefined, state: 'loaded' });
    assert.equal(gets(uuid).length, 1);
    assert.ok(
      screenOf(handle).current?.view.context?.some((node) => node.value === undefined && node.size > 4 * MB),
      'the big node is there, sent on demand',
    );
    handle.dispose();
    runs.dispose();
  });

  test('opened with the run the caller has: the first screen before any answer from Cargo, the context after', async () => {
    const uuid = bigRun();
    const known = await listed(uuid);
    const runs = await watchedRuns(new TestClients(client()));
    const handle = runs.acquire(uuid, known.workflowUuid, known);
    const seen = record(handle);
    let answeredAtFirstScreen: number | undefined;
    const first = handle.run.onDidChange(() => {
      answeredAtFirstScreen ??= sim.requests.filter((r) => r.status !== 0).length;
      first.dispose();
    });
    await waitUntil('the first screen', () => seen.length > 0);
    assert.deepEqual(seen[0], { header: true, values: false, status: 'loading', receivedBytes: 0, totalBytes: null, state: 'loading' });
    assert.equal(answeredAtFirstScreen, 0, 'nothing had been answered yet');
    assert.equal(screenOf(handle).current?.view.recordTitle, known.recordTitle);
    assert.equal(screenOf(handle).current?.view.executions.length, known.executions.length);
    assert.equal(typeof screenOf(handle).current?.view.workflowName, 'string', 'with its workflow’s name');
    await waitUntil('the run loaded', () => handle.run.state.kind === 'loaded', 30_000);
    assert.equal(seen.at(-1)?.values, true);
    assert.ok(
      seen.slice(1, -1).every((s) => s.header && !s.values && s.status === 'loading'),
      'progress in between, the header staying',
    );
    assert.equal(gets(uuid).length, 1, 'the run fetched once');
    handle.dispose();
    runs.dispose();
  });

  test('a panel restored after a reload, knowing where a list has the run: the first screen from one light runs/list, then the context', async () => {
    const uuid = bigRun();
    const known = await listed(uuid);
    const runs = await watchedRuns(new TestClients(client()));
    const handle = runs.acquire(uuid, known.workflowUuid, { createdAt: known.createdAt, workflowUuid: known.workflowUuid, recordId: known.recordId });
    const seen = record(handle);
    let askedAtFirstScreen: string[] | undefined;
    const first = handle.run.onDidChange(() => {
      askedAtFirstScreen ??= sim.requests.map((r) => `${r.method} ${r.path.replace(/^\/v1\/orchestration/, '')} ${r.status}`);
      first.dispose();
    });
    await waitUntil('the run loaded', () => handle.run.state.kind === 'loaded', 30_000);
    assert.deepEqual(seen[0], { header: true, values: false, status: 'loading', receivedBytes: 0, totalBytes: null, state: 'loading' });
    assert.deepEqual(askedAtFirstScreen, ['POST /runs/list 200'], 'one light request answered, the run with its context not asked for yet');
    assert.equal(seen.at(-1)?.values, true);
    const body = sim.requests.find((r) => r.path.endsWith('/runs/list'))?.body as Record<string, unknown>;
    assert.equal(body.workflowUuid, known.workflowUuid, 'narrowed to its workflow');
    assert.equal(body.recordId, known.recordId, 'and its record');
    handle.dispose();
    runs.dispose();
  });

  test('a failed download of the context keeps the header, says what failed, and Retry loads it', async () => {
    const uuid = bigRun();
    const known = await listed(uuid);
    const runs = await watchedRuns(new TestClients(client()));
    sim.addFault({ fault: { kind: 'status', status: 500 }, method: 'GET', path: `/runs/${uuid}`, times: 1 });
    const handle = runs.acquire(uuid, known.workflowUuid, known);
    const seen = record(handle);
    await waitUntil('the failure', () => handle.run.state.kind === 'failed', 30_000);
    const failed = screenOf(handle).current;
    assert.ok(failed, 'the header still shows');
    assert.equal(failed.view.uuid, uuid);
    assert.equal(failed.view.context, null);
    assert.ok(failed.values?.kind === 'failed');
    assert.match(failed.values.message, /^Could not load the context and computed configs: .*HTTP 500/);
    assert.equal(failed.values.signIn, false);
    assert.deepEqual(
      seen.map((s) => s.status),
      ['loading', 'failed'],
    );
    // Retry: "Loading…" again, then the context.
    await handle.run.refresh();
    assert.equal(handle.run.state.kind, 'loaded');
    assert.equal(screenOf(handle).current?.values, undefined);
    assert.ok(screenOf(handle).current?.view.context);
    assert.equal(seen.slice(2).find((s) => s.status !== 'failed')?.status, 'loading', 'the reason gave way to "Loading…" at once');
    handle.dispose();
    runs.dispose();
  });

  test('a body cut off after the run part: the header from it stays, and what failed is said', async () => {
    const uuid = bigRun();
    const runs = await watchedRuns(new TestClients(client()));
    sim.addFault({ fault: { kind: 'truncated' }, method: 'GET', path: `/runs/${uuid}`, times: 1 });
    const handle = runs.acquire(uuid);
    const seen = record(handle);
    await waitUntil('the failure', () => handle.run.state.kind === 'failed', 30_000);
    const screen = screenOf(handle).current;
    assert.ok(screen, 'the header from the part of the body that arrived');
    assert.ok(seen[0]?.header && seen[0].status === 'loading');
    assert.ok(screen.values?.kind === 'failed');
    assert.match(screen.values.message, /^Could not load the context and computed configs: .*broke off/);
    await handle.run.refresh();
    assert.ok(screenOf(handle).current?.view.context);
    handle.dispose();
    runs.dispose();
  });
});

describe('a live run with a 50 MB context', () => {
  const sim = useSimulator({ seed: 8, stepMs: 150 });
  const client = () => sim.client({ retryBaseDelayMs: 1, maxRetryDelayMs: 5, maxRetries: 0 });

  test('a tick where nothing changed is one light runs/list, the context not downloaded; a change shows its header first and does not hash the unchanged context again', async () => {
    const clients = new TestClients(client());
    const timers = new ManualTimers();
    const runs = new FollowedRuns({
      clients,
      names: new WorkflowNames(clients),
      log: quiet,
      // Ticks come from the test's hand (ManualTimers); the interval only has to be longer than the test, so that showing the run does not catch up with a fetch.
      pollerOptions: { intervalMs: 600_000, maxIntervalMs: 600_000, backoffFactor: 1.5 },
      timers,
    });
    // Each step takes a minute: the run stays as it is for the whole test, its context 50 MB from the start.
    const created = await client().createRun({
      workflowUuid: sim.fixtures.workflows.tool,
      data: { name: 'Heavy Co', __simContextBytes: 50 * MB, __simStepMs: 60_000 },
    });
    // Watched once it has started (pending → running is a change of its own).
    for (let listed = created; listed.status.raw !== 'running';) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      [listed = listed] = (await client().listRuns({ workflowUuid: created.workflowUuid, createdAfter: created.createdAt, limit: 100 })).runs.filter(
        (run) => run.uuid === created.uuid,
      );
    }
    const handle = runs.acquire(created.uuid);
    await waitUntil('the run loaded', () => handle.run.state.kind === 'loaded', 60_000);
    const bigNode = () => screenOf(handle).current?.view.context?.find((node) => node.slug === 'start');
    const before = bigNode();
    assert.ok(before && before.size > 45 * MB, `the start node holds the 50 MB: ${before?.size}`);
    assert.equal(screenOf(handle).current?.view.status, 'running');
    handle.setSeen(true);
    sim.clearRequests();
    let changes = 0;
    handle.run.onDidChange(() => changes++);
    for (let tick = 1; tick <= 3; tick++) {
      await timers.fireNext();
      await waitUntil('the tick done', () => timers.pending.length > 0);
      assert.deepEqual(
        sim.requests.map((r) => `${r.method} ${r.path}`),
        Array.from({ length: tick }, () => 'POST /v1/orchestration/runs/list'),
        'one light request per tick, and no GET of the run',
      );
    }
    assert.ok(
      sim.requests.every((r) => r.bytes < 16 * 1024),
      `each tick downloads little: ${sim.requests.map((r) => r.bytes).join(', ')} bytes`,
    );
    assert.equal(changes, 0, 'nothing changed, nothing redrawn');
    // Something changes (the run is cancelled), its context does not: the header from runs/list shows
    // first, and the 50 MB node keeps its entry (not stringified or hashed again).
    await client().cancelRuns({ workflowUuid: sim.fixtures.workflows.tool, uuids: [created.uuid] });
    const seen = record(handle);
    sim.clearRequests();
    await timers.fireNext();
    await waitUntil('the change loaded', () => handle.run.loaded?.details.run.status.raw !== 'running', 60_000);
    assert.equal(sim.requests.filter((r) => r.method === 'GET').length, 1, 'the run fetched once');
    assert.ok(seen[0]?.header && seen[0].values, 'the new header shows with the context as it was');
    assert.notEqual(screenOf(handle).current?.view.status, 'running', 'the whole run shown is the new one');
    assert.equal(bigNode(), before, 'the unchanged 50 MB node is the same entry: not stringified or hashed again');
    handle.dispose();
    runs.dispose();
  });
});
