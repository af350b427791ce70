// Issue 12, the run panel: opening a run with a 50 MB context (time to the first screen against a
// small run's, and to the whole context), and a live tick of a run with a 5 MB and a 50 MB context
// where nothing changed (requests, bytes, CPU against a small run's). Drives the VS Code-free model
// (the run layer's FollowedRun, the panel's RunScreen and runView) in Node against the simulator, which runs in a worker thread here: building
// a 50 MB answer must not stall the side being measured, as it would in one thread.
import { performance } from 'node:perf_hooks';
import { CargoClient, CargoNetworkError, type Run } from '../../src/api';
import type { Timers } from '../../src/core/poller';
import type { Log } from '../../src/core/log';
import { FollowedRuns, type FollowedRunHandle } from '../../src/runs/followedRuns';
import { WorkflowNames } from '../../src/runs/workflowNames';
import { RunScreen } from '../../src/runPanel/runScreen';
import { toRunView } from '../../src/runPanel/runView';
import { megabytes, ms, nowMs, repeatEach, RUNS, stat, type BenchRow, type Stat } from '../harness';
import { TestClients } from '../../test/unit/support/clients';
import { workerSimulator, type RemoteSimulator } from '../simulatorWorker';

const MB = 1024 * 1024;
const quiet: Log = { debug() {}, info() {}, warn() {}, error() {} };
/** Ticks measured per run, after one that is not. */
const TICKS = 10;

export async function runPanelRows(): Promise<BenchRow[]> {
  const sim = await workerSimulator({ bigContextBytes: 50 * MB });
  try {
    return [...(await openingRows(sim)), ...(await tickRows(sim))];
  } finally {
    await sim.close();
  }
}

// ---- Opening ---------------------------------------------------------------------------------------

async function openingRows(sim: RemoteSimulator): Promise<BenchRow[]> {
  const client = clientOf(sim);
  const big = sim.fixtures.runs.bigContext;
  if (!big) throw new Error('The simulator has no big-context run.');
  const small = sim.fixtures.runs.succeeded;
  // The runs as the Runs view has them (runs/list: no context), as it passes them when it opens one.
  const [bigListed, smallListed] = [await listed(client, big), await listed(client, small)];
  // listed() fetched each run once: the simulator has built the big context already, no warm-up needed.
  const figures = await repeatEach(
    async () => {
      const smallKnown = await open(sim, small, smallListed);
      const bigKnown = await open(sim, big, bigListed);
      const smallByUuid = await open(sim, small);
      const bigByUuid = await open(sim, big);
      const oldWay = await wholeTheOldWay(client, big);
      return {
        oldWay,
        smallFirst: smallKnown.firstScreen,
        bigFirst: bigKnown.firstScreen,
        ratio: bigKnown.firstScreen / smallKnown.firstScreen,
        bigFull: bigKnown.full,
        smallFull: smallKnown.full,
        smallByUuidFirst: smallByUuid.firstScreen,
        bigByUuidFirst: bigByUuid.firstScreen,
        bigByUuidFull: bigByUuid.full,
      };
    },
    RUNS,
    0,
  );
  const range = (s: Stat) => `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})`;
  const ratio = (s: Stat) => `${s.median.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
  return [
    {
      what: 'Open a run with a 50 MB context (from the Runs view, the run known): time to first screen',
      before: '2.75 s (a small run: 12 ms)',
      now: `${range(figures.bigFirst)}; a small run ${range(figures.smallFirst)}: ${ratio(figures.ratio)}`,
      goal: '≤ 2× a small run’s',
      met: figures.ratio.median <= 2,
      figures,
    },
    {
      what: 'Open a run with a 50 MB context by uuid alone (Open Run… with a uuid or URL): time to first screen',
      before: '2.75 s (a small run: 12 ms)',
      now: `${range(figures.bigByUuidFirst)}; a small run ${range(figures.smallByUuidFirst)} (the run part of the body, as soon as Cargo sends it)`,
      goal: 'information: Cargo’s time to its first byte bounds it',
      met: true,
      figures: { bigByUuidFirst: figures.bigByUuidFirst, smallByUuidFirst: figures.smallByUuidFirst },
    },
    {
      what: 'Open a run with a 50 MB context: time to the whole context',
      before: '2.75 s',
      now: `${range(figures.bigFull)} (opened by uuid: ${range(figures.bigByUuidFull)}); the old way in the same run (GET read whole, toRunView) ${range(figures.oldWay)}; a small run ${range(figures.smallFull)}`,
      goal: 'information',
      met: true,
      figures: { bigFull: figures.bigFull, bigByUuidFull: figures.bigByUuidFull, oldWay: figures.oldWay, smallFull: figures.smallFull },
    },
  ];
}

/** Opens a run the way a panel does (a fresh model, its workflow names not looked up yet); when it showed its first screen, and its whole context. */
async function open(sim: RemoteSimulator, uuid: string, known?: Run): Promise<{ firstScreen: number; full: number }> {
  collectGarbage();
  const clients = new TestClients(clientOf(sim));
  const runs = new FollowedRuns({
    clients,
    names: new WorkflowNames(clients),
    log: quiet,
    pollerOptions: { intervalMs: 600_000, maxIntervalMs: 600_000, backoffFactor: 1.5 },
  });
  const started = nowMs();
  let firstScreen: number | undefined;
  const handle = runs.acquire(uuid, known?.workflowUuid, known);
  // Read at every change, as the panel does: what it shows is made then.
  const screen = new RunScreen(handle.run);
  try {
    const full = await new Promise<number>((resolve, reject) => {
      const check = () => {
        if (screen.current && firstScreen === undefined) firstScreen = nowMs() - started;
        if (handle.run.state.kind === 'loaded') resolve(nowMs() - started);
        if (handle.run.state.kind === 'failed') reject(new Error(handle.run.state.message));
      };
      handle.run.onDidChange(check);
      check();
    });
    return { firstScreen: firstScreen ?? full, full };
  } finally {
    handle.dispose();
    runs.dispose();
  }
}

/** The whole run as the panel had it before issue 12: the body read whole, then every node stringified and hashed. */
async function wholeTheOldWay(client: CargoClient, uuid: string): Promise<number> {
  collectGarbage();
  const started = nowMs();
  const details = await client.getRun(uuid);
  toRunView(details);
  return nowMs() - started;
}

// ---- Live ticks --------------------------------------------------------------------------------------

interface TickFigures {
  requests: Stat;
  bytes: Stat;
  cpuMs: Stat;
  wallMs: Stat;
  /** GET /runs/{uuid} during the measured ticks. */
  runFetches: number;
}

async function tickRows(sim: RemoteSimulator): Promise<BenchRow[]> {
  const client = clientOf(sim);
  const smallTicks = await ticks(sim, await liveRun(sim, client, 'Small Co'));
  const rows: BenchRow[] = [];
  for (const [size, before] of [
    [5, 're-downloads 5 MB every tick; 0.2 s CPU per tick'],
    [50, 're-downloads 50 MB every tick; 2.8 s CPU per tick; ~300 MB/min'],
  ] as const) {
    const big = await ticks(sim, await liveRun(sim, client, `Heavy ${size} Co`, size * MB));
    const same =
      big.runFetches === 0 &&
      big.requests.median === smallTicks.requests.median &&
      big.bytes.median <= smallTicks.bytes.median * 1.5 &&
      big.cpuMs.median <= smallTicks.cpuMs.median * 2 + 1;
    rows.push({
      what: `Live run with a ${size} MB context, a tick where nothing changed: requests, bytes downloaded, CPU`,
      before,
      now:
        `${big.requests.median} request (runs/list; ${big.runFetches} GET of the run), ${(big.bytes.median / 1024).toFixed(1)} KB, ${ms(big.cpuMs.median)} CPU (${ms(big.cpuMs.min)}–${ms(big.cpuMs.max)}); ` +
        `a small run: ${smallTicks.requests.median} request, ${(smallTicks.bytes.median / 1024).toFixed(1)} KB, ${ms(smallTicks.cpuMs.median)} CPU`,
      goal: 'the same as a small run’s',
      met: same,
      figures: { contextBytes: size * MB, context: megabytes(size * MB), big, small: smallTicks },
    });
  }
  return rows;
}

/** A run created now whose steps take a minute (it stays as it is), with a context of `contextBytes` from its start; once it is running. */
async function liveRun(sim: RemoteSimulator, client: CargoClient, name: string, contextBytes?: number): Promise<Run> {
  const body = { workflowUuid: sim.fixtures.workflows.tool, data: { name, __simStepMs: 60_000, ...(contextBytes ? { __simContextBytes: contextBytes } : {}) } };
  // Creating is never retried by the client; here a second run of the same data would do no harm (a
  // kept-alive connection the simulator closed meanwhile fails the first attempt now and then).
  const created = await client.createRun(body).catch((error: unknown) => {
    if (!(error instanceof CargoNetworkError)) throw error;
    return client.createRun(body);
  });
  for (;;) {
    const run = (await client.listRuns({ workflowUuid: created.workflowUuid, createdAfter: created.createdAt, limit: 100 })).runs.find(
      (r) => r.uuid === created.uuid,
    );
    if (run?.status.raw === 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Loads the run in a fresh model, then measures TICKS live updates (one unmeasured first), each fired by hand. */
async function ticks(sim: RemoteSimulator, run: Run): Promise<TickFigures> {
  const clients = new TestClients(clientOf(sim));
  const timers = new HandTimers();
  const runs = new FollowedRuns({
    clients,
    names: new WorkflowNames(clients),
    log: quiet,
    // The ticks are fired by hand; an interval longer than the measurement keeps anything else from firing.
    pollerOptions: { intervalMs: 600_000, maxIntervalMs: 600_000, backoffFactor: 1.5 },
    timers,
  });
  const handle = runs.acquire(run.uuid, run.workflowUuid, run);
  try {
    await until(() => handle.run.state.kind === 'loaded');
    handle.setSeen(true);
    await tick(handle, timers);
    collectGarbage();
    const requests: number[] = [];
    const bytes: number[] = [];
    const cpu: number[] = [];
    const wall: number[] = [];
    let runFetches = 0;
    for (let i = 0; i < TICKS; i++) {
      await sim.clearRequests();
      const elu = performance.eventLoopUtilization();
      const started = nowMs();
      await tick(handle, timers);
      wall.push(nowMs() - started);
      cpu.push(performance.eventLoopUtilization(elu).active);
      const log = await sim.requests();
      requests.push(log.length);
      bytes.push(log.reduce((sum, r) => sum + r.bytes, 0));
      runFetches += log.filter((r) => r.method === 'GET' && r.path.endsWith(`/runs/${run.uuid}`)).length;
    }
    if (handle.run.loaded?.details.run.status.raw !== 'running') throw new Error('The run changed during the measurement.');
    return { requests: stat(requests), bytes: stat(bytes), cpuMs: stat(cpu), wallMs: stat(wall), runFetches };
  } finally {
    handle.dispose();
    runs.dispose();
  }
}

/** Fires the scheduled live update and waits for the next one to be scheduled (the update has ended). */
async function tick(handle: FollowedRunHandle, timers: HandTimers): Promise<void> {
  await until(() => timers.pending.length > 0);
  timers.fireNext();
  await until(() => timers.pending.length > 0 || handle.run.loaded?.finished === true);
}

// ---- Support -------------------------------------------------------------------------------------------

function clientOf(sim: RemoteSimulator): CargoClient {
  return new CargoClient({ baseUrl: sim.url, token: sim.token, timeoutMs: 120_000 });
}

async function listed(client: CargoClient, uuid: string): Promise<Run> {
  const { run } = await client.getRun(uuid);
  const { runs } = await client.listRuns({ workflowUuid: run.workflowUuid, createdAfter: run.createdAt, createdBefore: run.createdAt, limit: 100 });
  const found = runs.find((candidate) => candidate.uuid === uuid);
  if (!found) throw new Error(`Run ${uuid} is not listed.`);
  return found;
}

/** Timers the benchmark fires by hand. */
class HandTimers implements Timers {
  pending: { id: number; callback: () => void }[] = [];
  private nextId = 1;
  setTimeout(callback: () => void): unknown {
    const id = this.nextId++;
    this.pending.push({ id, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((timer) => timer.id !== handle);
  }
  fireNext(): void {
    this.pending.shift()?.callback();
  }
}

async function until(condition: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out.');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
