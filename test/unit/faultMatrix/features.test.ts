// Issue 13's fault matrix, feature by feature: every VS Code-free model that asks Cargo something
// (FEATURES) against every fault of the simulator (FAULTS, ./faults.ts) on the request it makes, over
// real HTTP. In every cell: what its UI shows in place of the data is a clear message (or the data, when
// the fault is one to live with), the rest stays usable, Retry recovers once the fault is gone, runs are
// started once per user action, and nothing rejects unhandled. The models that poll are driven tick by
// tick (ManualTimers): under the fault they keep polling, backing off, with a bounded number of requests
// per tick, say since when what they show is old, and recover by themselves once it is gone; "connection
// refused" is the server going down in the middle of polling and coming back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../simulator';
import { CargoClient } from '../../../src/api/client';
import { CargoAuthError, CargoRateLimitError, CargoSchemaError } from '../../../src/api/errors';
import type { Batch, Run } from '../../../src/api';
import { AdaptivePoller, type PollerOptions } from '../../../src/core/poller';
import { WorkflowNames } from '../../../src/runs/workflowNames';
import { RunsExplorerModel } from '../../../src/explorer/runsExplorerModel';
import type { BatchNode, ExplorerNode } from '../../../src/explorer/explorerNodes';
import { present, viewStateOf } from '../../../src/explorer/presentation';
import type { Log } from '../../../src/core/log';
import { FollowedRuns } from '../../../src/runs/followedRuns';
import { findRunsStartedSince, startRun, startRuns, summarizeMany } from '../../../src/runs/runCreation';
import { loadFailureReport } from '../../../src/failures/failureReport';
import { StartedRuns, type StartedRunEntry } from '../../../src/runs/startedRuns';
import { presentGoing } from '../../../src/startedRuns/presentation';
import { finalRun } from '../../../src/runs/finalRun';
import { cancelBatchNow, cancelRunNow } from '../../../src/explorer/cancelling';
import { errorText } from '../../../src/shared/text';
import { findRetriesSince, sendRetries } from '../../../src/runs/retry';
import { retryBodies, retryRefusalMessage } from '../../../src/runs/retryRequests';
import { batchRetry } from '../../../src/runs/retryTargets';
import { compareWithLastSuccess, type CompareDeps } from '../../../src/compare/compareRuns';
import { ScriptedPrompts } from '../support/prompts';
import { TestClients } from '../support/clients';
import { ManualTimers, waitUntil } from '../support/timers';
import { REPO_ROOT } from '../../support/paths';
import { assertClearText, DEFAULT_TIMEOUT_MS, FAULTS, FILTERED, matrixClient, switchOn, watchUnhandledRejections, type FaultRow, type Outcome } from './faults';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const TOKEN = 'sk_test_features-S3CRET-5be0';
const API = '/v1/orchestration';
const quiet: Log = { debug() {}, info() {}, warn() {}, error() {} };
const POLLING: PollerOptions = { intervalMs: 1000, maxIntervalMs: 8000, backoffFactor: 2 };
/** Ticks polled under a fault: enough to back off twice and to call what is shown old (after 2 failures). */
const FAULTY_TICKS = 3;

const rejections = watchUnhandledRejections();
const unhandled = rejections.seen;

interface Context {
  readonly sim: Simulator;
  /** The model's client, with the cell's timeout, one retry for reads and a short back-off. */
  readonly client: CargoClient;
  readonly clients: TestClients;
  /** A client without faults, for setting up and checking. */
  readonly clean: CargoClient;
}

/** What the UI shows after an action: the data (ok), or a message in its place. */
interface Shown {
  readonly ok: boolean;
  readonly message?: string;
}

interface Polling {
  readonly timers: ManualTimers;
  /** What the UI shows while updates fail (since when it is old, and why); undefined when current. */
  problem(): string | undefined;
  /** The model stopped asking because Cargo refused the token, and says so. */
  rejected(): boolean;
}

interface Cell {
  /** The user's action under the fault (absent for what polls by itself). */
  act?(): Promise<Shown>;
  /** Retry (or the same action again), once the fault is gone. */
  retry(): Promise<Shown>;
  /** Something else the user can do meanwhile works. */
  usable?(): Promise<void>;
  polling?: Polling;
  dispose(): void;
}

interface FeatureRow {
  readonly name: string;
  /** The request(s) the fault is switched on for. */
  readonly method?: 'GET' | 'POST';
  readonly path: (ctx: Context, target: string) => string | RegExp;
  /** Starts runs: one POST /runs per run per user action, never more. */
  readonly startsRuns?: number;
  /** Cancels something: one request per user action, never more. */
  readonly cancels?: true;
  /** Retries runs: one POST /batches per user action, never sent again. */
  readonly retriesRuns?: true;
  /** Cargo answers it with an empty object. */
  readonly emptyAnswer?: true;
  /** The simulator's step (default: a minute, so that nothing live finishes during a cell). */
  readonly simStepMs?: number;
  /** Made before the fault is on (a run to show…). */
  readonly prepare?: (ctx: Context) => Promise<string>;
  readonly setup: (ctx: Context, target: string) => Promise<Cell>;
}

/** The followed runs the run panels share, polling by hand-driven timers. */
const watchedRuns = (ctx: Context, timers = new ManualTimers()) =>
  new FollowedRuns({ clients: ctx.clients, names: new WorkflowNames(ctx.clients), log: quiet, pollerOptions: POLLING, timers });

const liveRun = async (ctx: Context) =>
  (await ctx.clean.createRun({ workflowUuid: ctx.sim.fixtures.workflows.tool, data: { email: 'live@acme.com', __simStepMs: 60_000 } })).uuid;

function explorer(ctx: Context, groupByWorkflow = false): RunsExplorerModel {
  return new RunsExplorerModel({ pageSize: 20, groupByWorkflow }, ctx.clients, new WorkflowNames(ctx.clients));
}

const label = (node: ExplorerNode | undefined) => (node ? present(node).label : undefined);

/** The Runs view's welcome content per view state, from package.json, as text (its links' labels kept). */
const WELCOME = new Map(
  (
    JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: { viewsWelcome: { view: string; contents: string; when: string }[] };
    }
  ).contributes.viewsWelcome
    .filter((w) => w.view === 'cargo.runs')
    .map((w) => [/viewState == (\w+)/.exec(w.when)?.[1], w.contents.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\n/g, ' ')] as const),
);

/** What the tree shows under a node (or, at the root, the welcome content when it has no rows): the rows of `kind`, or a message. */
function shownList(model: RunsExplorerModel, nodes: readonly ExplorerNode[], kind: ExplorerNode['kind']): Shown {
  const error = nodes.find((n) => n.kind === 'error');
  if (error) return { ok: false, message: label(error) };
  if (nodes.some((n) => n.kind === kind)) return { ok: true };
  const welcome = WELCOME.get(viewStateOf(model.rootState));
  assert.ok(welcome, `the view has welcome content for ${viewStateOf(model.rootState)}`);
  return { ok: false, message: welcome };
}

async function batchNode(model: RunsExplorerModel, uuid: string): Promise<BatchNode> {
  const node = (await model.children()).find((n): n is BatchNode => n.kind === 'batch' && n.batch.uuid === uuid);
  assert.ok(node, `batch ${uuid} is listed`);
  return node;
}

/** The run panel's model: what its panel shows (the run, or why not). */
function panelShows(runs: FollowedRuns, uuid: string): Shown {
  const state = runs.peek(uuid)?.state;
  if (state?.kind === 'loaded') return { ok: true };
  return { ok: false, message: state?.kind === 'failed' ? state.message : `state ${state?.kind ?? 'none'}` };
}

const memoryStore = (initial?: readonly StartedRunEntry[]) => {
  let value: unknown = initial;
  return { read: () => value, write: (entries: readonly StartedRunEntry[]) => void (value = entries) };
};

const FEATURES: readonly FeatureRow[] = [
  {
    name: 'explorer: batches (tree, error node + Retry)',
    method: 'GET',
    path: () => `${API}/batches/list`,
    setup: (ctx) => {
      const model = explorer(ctx);
      return Promise.resolve({
        act: async () => shownList(model, await model.children(), 'batch'),
        retry: async () => {
          if (model.rootState.kind === 'rejected') {
            model.refreshAll();
            await waitUntil('the explorer to reconnect', () => model.rootState.kind !== 'rejected');
          } else await model.retry(undefined);
          return shownList(model, await model.children(), 'batch');
        },
        usable: async () => {
          // Grouped by workflow (workflows/list, not faulted), the same view shows the workflows; then back.
          model.setSettings({ pageSize: 20, groupByWorkflow: true });
          assert.ok(
            (await model.children()).some((n) => n.kind === 'workflow'),
            'grouped by workflow, it shows',
          );
          model.setSettings({ pageSize: 20, groupByWorkflow: false });
        },
        dispose: () => model.dispose(),
      });
    },
  },
  {
    name: 'explorer: a batch’s runs (tree, error node + Retry)',
    method: 'POST',
    path: () => `${API}/runs/list`,
    setup: async (ctx) => {
      const model = explorer(ctx);
      const batch = await batchNode(model, ctx.sim.fixtures.batches.large);
      return {
        act: async () => shownList(model, await model.children(batch), 'run'),
        retry: async () => {
          if (model.rootState.kind === 'rejected') {
            model.refreshAll();
            await waitUntil('the explorer to reconnect', () => model.rootState.kind !== 'rejected');
            return shownList(model, await model.children(await batchNode(model, ctx.sim.fixtures.batches.large)), 'run');
          }
          await model.retry(batch);
          return shownList(model, await model.children(batch), 'run');
        },
        usable: async () => {
          if (model.rootState.kind === 'rejected') return;
          assert.ok(
            (await model.children()).some((n) => n.kind === 'batch'),
            'the batches still show',
          );
        },
        dispose: () => model.dispose(),
      };
    },
  },
  {
    name: 'explorer: automatic refresh (polling, stale notice)',
    method: 'POST',
    path: () => `${API}/runs/list`,
    setup: async (ctx) => {
      ctx.sim.startBatch({ records: 2, stepMs: 60_000 });
      const model = explorer(ctx);
      assert.ok((await model.children()).some((n) => n.kind === 'batch'));
      assert.ok(model.hasUnfinishedVisible(), 'something unfinished shows');
      const timers = new ManualTimers();
      const poller = new AdaptivePoller((signal) => model.poll(signal), POLLING, timers);
      poller.setActive(true);
      return {
        polling: { timers, problem: () => model.refreshProblem?.message, rejected: () => model.rootState.kind === 'rejected' },
        retry: async () => {
          model.refreshAll();
          await waitUntil('the explorer to reconnect', () => model.rootState.kind !== 'rejected');
          return shownList(model, await model.children(), 'batch');
        },
        dispose: () => {
          poller.dispose();
          model.dispose();
        },
      };
    },
  },
  {
    name: 'run panel: loading a run (panel error + Retry)',
    method: 'GET',
    path: (ctx) => `${API}/runs/${ctx.sim.fixtures.runs.failed}`,
    setup: (ctx) => {
      const runs = watchedRuns(ctx);
      const uuid = ctx.sim.fixtures.runs.failed;
      let handle: { run: { refresh(): Promise<unknown>; fetch(): Promise<unknown> }; dispose(): void } | undefined;
      const settled = () => runs.peek(uuid)?.state.kind !== 'loading';
      return Promise.resolve({
        act: async () => {
          handle = runs.acquire(uuid);
          await handle.run.fetch();
          await waitUntil('the panel to settle', settled, 15_000);
          return panelShows(runs, uuid);
        },
        retry: async () => {
          await handle?.run.refresh();
          return panelShows(runs, uuid);
        },
        usable: async () => {
          // Another run's panel (not faulted) opens meanwhile.
          const other = runs.acquire(ctx.sim.fixtures.runs.succeeded);
          await other.run.fetch();
          assert.equal(other.run.state.kind, 'loaded');
          other.dispose();
        },
        dispose: () => {
          handle?.dispose();
          runs.dispose();
        },
      });
    },
  },
  {
    name: 'run panel: live updates (polling, stale notice)',
    path: (_ctx, uuid) => new RegExp(`^${API}/runs/(list|${uuid})$`),
    prepare: liveRun,
    setup: async (ctx, uuid) => {
      const timers = new ManualTimers();
      const runs = watchedRuns(ctx, timers);
      const handle = runs.acquire(uuid);
      await handle.run.fetch();
      assert.equal(handle.run.state.kind, 'loaded');
      handle.setSeen(true);
      assert.equal(timers.pending.length, 1, 'live updates are on');
      return {
        polling: {
          timers,
          problem: () => {
            const state = handle.run.state;
            return state.kind === 'loaded' && state.problem ? state.problem.message : undefined;
          },
          rejected: () => {
            const state = handle.run.state;
            return state.kind === 'loaded' && state.problem?.kind === 'noClient';
          },
        },
        retry: async () => {
          await handle.run.refresh();
          const state = handle.run.state;
          return state.kind === 'loaded' && !state.problem ? { ok: true } : { ok: false, message: String(state.kind) };
        },
        dispose: () => {
          handle.dispose();
          runs.dispose();
        },
      };
    },
  },
  {
    name: 'run starter: a run from a file (notification)',
    method: 'POST',
    path: () => `${API}/runs`,
    startsRuns: 1,
    setup: (ctx) => {
      const start = async (): Promise<Shown> => {
        const outcome = await startRun(ctx.client, { workflowUuid: ctx.sim.fixtures.workflows.tool, data: { email: 'jane@acme.com' } });
        return outcome.kind === 'started' ? { ok: true } : { ok: false, message: outcome.message };
      };
      return Promise.resolve({
        act: start,
        retry: start,
        // "Look for it" (runs/list) works while creating does not.
        usable: async () => void (await findRunsStartedSince(ctx.client, ctx.sim.fixtures.workflows.tool, Date.now())),
        dispose: () => undefined,
      });
    },
  },
  {
    name: 'run starter: an array of records, one run each (notification)',
    method: 'POST',
    path: () => `${API}/runs`,
    startsRuns: 2,
    setup: (ctx) => {
      const start = async (): Promise<Shown> => {
        const requests = ['a', 'b'].map((name, i) => ({
          label: `item ${i + 1}`,
          body: { workflowUuid: ctx.sim.fixtures.workflows.tool, data: { email: `${name}@acme.com` } },
        }));
        const results = await startRuns(ctx.client, requests);
        const summary = summarizeMany(results);
        if (summary.started === requests.length) return { ok: true };
        // Whatever keeps the first from starting (but a refusal of that one record) keeps the rest from being sent.
        assert.deepEqual(
          results.map((r) => r.outcome === undefined),
          [false, true],
          'the rest is not sent',
        );
        assert.doesNotMatch(summary.text, /\(The run was not started\)/, 'says why');
        return { ok: false, message: summary.text };
      };
      return Promise.resolve({ act: start, retry: start, dispose: () => undefined });
    },
  },
  {
    name: 'retry failed runs: a tool batch’s failures (notification)',
    method: 'POST',
    path: () => `${API}/batches`,
    retriesRuns: true,
    setup: async (ctx) => {
      const choice = batchRetry(await ctx.clean.getBatch(ctx.sim.fixtures.batches.succeeded));
      assert.ok(choice.kind === 'target');
      const bodies = retryBodies(choice.target, { from: 'lastNode' });
      const retry = async (): Promise<Shown> => {
        const { failure } = await sendRetries(ctx.client, bodies);
        if (!failure) return { ok: true };
        return { ok: false, message: failure.kind === 'refused' ? retryRefusalMessage(failure) : failure.message };
      };
      return {
        act: retry,
        retry,
        // Looking for a retry whose answer was lost (batches/list) works while creating does not.
        usable: async () => void (await findRetriesSince(ctx.client, choice.target.workflowUuid, Date.now())),
        dispose: () => undefined,
      };
    },
  },
  {
    name: 'explorer: runs started from VS Code (tree group, error node + Retry)',
    method: 'POST',
    path: () => `${API}/runs/list`,
    setup: async (ctx) => {
      const { run } = await ctx.clean.getRun(ctx.sim.fixtures.runs.failed);
      const entry: StartedRunEntry = { uuid: run.uuid, workflowUuid: run.workflowUuid, createdAt: run.createdAt, source: 'failed.cargo-run.json' };
      const started = new StartedRuns(ctx.clients, memoryStore([entry]), POLLING, quiet, new ManualTimers());
      const model = new RunsExplorerModel({ pageSize: 20, groupByWorkflow: false }, ctx.clients, new WorkflowNames(ctx.clients), started);
      // "Started from VS Code" and its runs; with nothing loadable at all (Cargo down), the view's welcome content.
      const list = async (): Promise<Shown> => {
        const roots = await model.children();
        const group = roots.find((n) => n.kind === 'started');
        return group ? shownList(model, await model.children(group), 'run') : shownList(model, roots, 'started');
      };
      return {
        act: list,
        retry: async () => {
          const group = (await model.children()).find((n) => n.kind === 'started');
          if (model.rootState.kind === 'rejected' || !group) {
            model.refreshAll();
            await waitUntil('the explorer to reconnect', () => model.rootState.kind !== 'rejected');
          } else await model.retry(group);
          return list();
        },
        usable: async () =>
          assert.ok(
            (await model.children()).some((n) => n.kind === 'batch'),
            'the batches still show',
          ),
        dispose: () => {
          model.dispose();
          started.dispose();
        },
      };
    },
  },
  {
    name: 'cancel batch (command notification)',
    method: 'POST',
    path: (_ctx, uuid) => `${API}/batches/${uuid}/cancel`,
    cancels: true,
    emptyAnswer: true,
    // Cancelled batches finish a step after the cancel: a Retry after a cancel that went through meets a finished batch.
    simStepMs: 50,
    prepare: (ctx) => Promise.resolve(ctx.sim.startBatch({ records: 2, stepMs: 60_000 })),
    setup: (ctx, uuid) => {
      const cancel = async (): Promise<Shown> => {
        const outcome = await cancelBatchNow(ctx.client, uuid);
        return outcome.kind === 'failed' ? { ok: false, message: outcome.message } : { ok: true };
      };
      /** A cancel that went through has finished the batch by the time a person tries again. */
      const settled = async () => {
        for (let i = 0; i < 200; i++) {
          const [batch] = await ctx.clean.listBatches({ uuids: [uuid] });
          if (batch?.status.known !== 'cancelling') return;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        assert.fail('the batch should finish cancelling');
      };
      return Promise.resolve({
        act: cancel,
        retry: async () => {
          await settled();
          return cancel();
        },
        dispose: () => undefined,
      });
    },
  },
  {
    name: 'cancel run (command notification)',
    method: 'POST',
    path: () => `${API}/runs/cancel`,
    cancels: true,
    emptyAnswer: true,
    prepare: liveRun,
    setup: (ctx, uuid) => {
      const cancel = async (): Promise<Shown> => {
        const outcome = await cancelRunNow(ctx.client, { uuid, workflowUuid: ctx.sim.fixtures.workflows.tool });
        return outcome.kind === 'failed' ? { ok: false, message: outcome.message } : { ok: true };
      };
      return Promise.resolve({ act: cancel, retry: cancel, dispose: () => undefined });
    },
  },
  {
    name: 'failures report: failed runs (notification)',
    method: 'POST',
    path: () => `${API}/runs/list`,
    setup: async (ctx) => {
      const batch = (await ctx.clean.listBatches({ uuids: [ctx.sim.fixtures.batches.unhealthy] }))[0] as Batch;
      const load = async (): Promise<Shown> => {
        try {
          const report = await loadFailureReport(ctx.client, batch);
          return { ok: report.loadedFailedRuns > 0 && report.notes.length === 0 };
        } catch (error) {
          if (error instanceof CargoAuthError) ctx.clients.tokenRejected(error);
          // What FailuresView shows.
          return { ok: false, message: `Could not load the failures: ${errorText(error, 400)}` };
        }
      };
      return { act: load, retry: load, dispose: () => undefined };
    },
  },
  {
    name: 'failures report: node health from metrics (note in the report)',
    method: 'POST',
    path: () => `${API}/runs/metrics`,
    setup: async (ctx) => {
      const batch = (await ctx.clean.listBatches({ uuids: [ctx.sim.fixtures.batches.unhealthy] }))[0] as Batch;
      const load = async (): Promise<Shown> => {
        let report;
        try {
          report = await loadFailureReport(ctx.client, batch);
        } catch (error) {
          // Cargo down: the failed runs cannot load either, and the view says so.
          return { ok: false, message: `Could not load the failures: ${errorText(error, 400)}` };
        }
        assert.ok(report.loadedFailedRuns > 0, 'the failures load whatever happens to the metrics');
        return report.nodeHealth ? { ok: true } : { ok: false, message: report.notes.join(' ') };
      };
      return { act: load, retry: load, dispose: () => undefined };
    },
  },
  {
    name: 'started runs: following (status bar, polling)',
    method: 'POST',
    path: () => `${API}/runs/list`,
    prepare: liveRun,
    setup: async (ctx, uuid) => {
      const timers = new ManualTimers();
      const started = new StartedRuns(ctx.clients, memoryStore(), POLLING, quiet, timers);
      const run = (await ctx.clean.listRuns({ workflowUuid: ctx.sim.fixtures.workflows.tool, limit: 5 })).runs.find((r: Run) => r.uuid === uuid);
      assert.ok(run);
      started.add(run, 'live.cargo-run.json');
      assert.ok(started.isFollowing);
      return {
        polling: {
          timers,
          problem: () => (started.followProblem ? presentGoing(started.going, started.followProblem)?.tooltip : undefined),
          rejected: () => ctx.clients.rejections > 0,
        },
        retry: async () => {
          await started.refresh();
          return started.error === undefined && started.isFollowing ? { ok: true } : { ok: false, message: errorText(started.error) };
        },
        dispose: () => started.dispose(),
      };
    },
  },
  {
    name: 'compare with last success: the newest success (runs/list) (notification)',
    method: 'POST',
    path: () => `${API}/runs/list`,
    setup: (ctx) => Promise.resolve(comparing(ctx)),
  },
  {
    name: 'compare with last success: the failed run (GET runs/{uuid}) (notification)',
    method: 'GET',
    path: (ctx) => `${API}/runs/${ctx.sim.fixtures.runs.failed}`,
    setup: (ctx) => Promise.resolve(comparing(ctx)),
  },
  {
    name: 'diagnostics: the final run of a failure',
    method: 'GET',
    path: (ctx) => `${API}/runs/${ctx.sim.fixtures.runs.failed}`,
    setup: (ctx) => {
      const runs = watchedRuns(ctx);
      const uuid = ctx.sim.fixtures.runs.failed;
      // The diagnostic shows from the listed run either way; the final run adds its values. Without it, the panel model says why.
      const fetchFinal = async (): Promise<Shown> => {
        const handle = runs.acquire(uuid);
        try {
          const loaded = await finalRun(runs, uuid);
          const state = handle.run.state;
          return loaded ? { ok: true } : { ok: false, message: state.kind === 'failed' ? state.message : `state ${state.kind}` };
        } finally {
          handle.dispose();
        }
      };
      return Promise.resolve({
        act: fetchFinal,
        retry: async () => {
          ctx.clients.retryRejected();
          return fetchFinal();
        },
        dispose: () => runs.dispose(),
      });
    },
  },
];

/** Compare with Last Success on the failed run: the diff editor handed the pair, or the one notification saying why not. */
function comparing(ctx: Context): Cell {
  const compare = async (): Promise<Shown> => {
    const prompts = new ScriptedPrompts();
    let shown = false;
    const deps: CompareDeps = {
      prompts,
      loaded: { loaded: () => undefined },
      log: quiet,
      show: () => Promise.resolve(void (shown = true)),
      askRunUuid: () => Promise.resolve(undefined),
      failed: (error) => {
        if (error instanceof CargoAuthError) ctx.clients.tokenRejected(error);
      },
    };
    const outcome = await compareWithLastSuccess(ctx.client, { runUuid: ctx.sim.fixtures.runs.failed }, deps);
    assert.ok(prompts.messages.length <= 1, 'one notification at most');
    return outcome === 'shown' && shown ? { ok: true } : { ok: false, message: prompts.messages[0]?.text ?? `outcome ${outcome}` };
  };
  return {
    act: compare,
    retry: async () => {
      ctx.clients.retryRejected();
      return compare();
    },
    dispose: () => undefined,
  };
}

function expected(feature: FeatureRow, fault: FaultRow): Outcome {
  if (feature.emptyAnswer && fault.emptyAnswer) return fault.emptyAnswer;
  return (feature.startsRuns || feature.cancels || feature.retriesRuns) && fault.change ? fault.change : fault.read;
}

const runsOfTool = async (ctx: Context) => (await ctx.clean.listRuns({ workflowUuid: ctx.sim.fixtures.workflows.tool, limit: 1 })).count;

/** Fires the poller's next tick and waits until the poll is over (the next one is scheduled, or polling stopped). */
async function tick(polling: Polling): Promise<number> {
  const delay = await polling.timers.fireNext();
  await waitUntil('the poll to end', () => polling.timers.pending.length > 0 || polling.rejected(), 20_000);
  return delay;
}

let cells = 0;

describe('fault matrix: every feature × every fault, through its model', { concurrency: true }, () => {
  after(() => {
    rejections.stop();
    assert.deepEqual(unhandled, [], 'no unhandled rejection');
    if (!FILTERED) assert.equal(cells, FEATURES.length * FAULTS.length, 'every cell ran');
  });

  describe('the server restarting in the middle of polling, in real time', () => {
    test('every poller says Cargo is unreachable while it is down, keeps polling with back-off, and recovers by itself once it is back', async () => {
      const sim = await startSimulator({ seed: 3, scale: 30, token: TOKEN, stepMs: 60_000 });
      const attempts: number[] = [];
      const client = new CargoClient({
        baseUrl: sim.url,
        token: TOKEN,
        timeoutMs: 2000,
        maxRetries: 1,
        retryBaseDelayMs: 10,
        maxRetryDelayMs: 20,
        onRequest: () => attempts.push(Date.now()),
      });
      const clients = new TestClients(client);
      const polling: PollerOptions = { intervalMs: 100, maxIntervalMs: 400, backoffFactor: 2 };
      const uuid = (await client.createRun({ workflowUuid: sim.fixtures.workflows.tool, data: { email: 'live@acme.com', __simStepMs: 60_000 } })).uuid;
      const run = (await client.listRuns({ workflowUuid: sim.fixtures.workflows.tool, limit: 5 })).runs.find((r) => r.uuid === uuid);
      assert.ok(run);

      const model = new RunsExplorerModel({ pageSize: 20, groupByWorkflow: false }, clients, new WorkflowNames(clients));
      assert.ok((await model.children()).some((n) => n.kind === 'batch') && model.hasUnfinishedVisible());
      const treePoller = new AdaptivePoller((signal) => model.poll(signal), polling);
      treePoller.setActive(true);
      const runs = new FollowedRuns({ clients, names: new WorkflowNames(clients), log: quiet, pollerOptions: polling });
      const panel = runs.acquire(uuid);
      await panel.run.fetch();
      panel.setSeen(true);
      const started = new StartedRuns(clients, memoryStore(), polling, quiet);
      started.add(run, 'live.cargo-run.json');
      const problems = () => {
        const state = panel.run.state;
        return {
          tree: model.refreshProblem?.message,
          panel: state.kind === 'loaded' ? state.problem?.message : `panel ${state.kind}`,
          statusBar: started.followProblem ? presentGoing(started.going, started.followProblem)?.text : undefined,
        };
      };
      try {
        await waitUntil('a poll of each to work', () => attempts.length >= 3);
        assert.deepEqual(problems(), { tree: undefined, panel: undefined, statusBar: undefined });

        await sim.stop();
        const downAt = Date.now();
        await waitUntil('every poller to say Cargo is unreachable', () => Object.values(problems()).every((p) => p !== undefined), 10_000);
        const shown = problems();
        for (const message of [shown.tree, shown.panel]) assert.match(message ?? '', /Could not reach Cargo|connection to Cargo broke off/);
        assert.equal(shown.statusBar, '$(warning) 1 Cargo run');
        // A second, longer stretch down: back-off keeps the attempts of the three pollers few.
        const before = attempts.length;
        const stretchStart = Date.now();
        await waitUntil('a stretch of 1.2 s down', () => Date.now() - stretchStart >= 1200, 5000);
        const during = attempts.length - before;
        // At the longest interval (400 ms) each poller asks about 3 times in 1.2 s, at most 4 attempts each time.
        assert.ok(during <= 3 * 4 * 4, `${during} attempts in 1.2 s`);
        assert.ok(during >= 3, `it keeps trying (${during} attempts in 1.2 s)`);
        assert.ok(treePoller.isActive && started.isFollowing, 'still polling');

        await sim.start();
        const upAt = Date.now();
        await waitUntil('every poller to recover by itself', () => Object.values(problems()).every((p) => p === undefined), 10_000);
        // Within about the longest interval of its coming back, not at a person's Retry.
        assert.ok(Date.now() - upAt < 3000, `recovered ${Date.now() - upAt} ms after the server came back (down ${upAt - downAt} ms)`);
      } finally {
        treePoller.dispose();
        model.dispose();
        panel.dispose();
        runs.dispose();
        started.dispose();
        await sim.close();
      }
      assert.deepEqual(unhandled, [], 'no unhandled rejection');
    });
  });

  for (const feature of FEATURES) {
    describe(feature.name, { concurrency: false }, () => {
      let sim: Simulator;
      let clean: CargoClient;
      before(async () => {
        sim = await startSimulator({ seed: 3, scale: 30, token: TOKEN, stepMs: feature.simStepMs ?? 60_000 });
        clean = new CargoClient({ baseUrl: sim.url, token: TOKEN, timeoutMs: DEFAULT_TIMEOUT_MS, maxRetries: 0 });
      });
      after(() => sim.close());

      for (const fault of FAULTS) {
        test(fault.name, async () => {
          // Every attempt the model's client makes, answered or not (the request log misses those of a server that is down).
          let attempts = 0;
          const client = matrixClient(sim, TOKEN, fault, () => attempts++);
          const ctx: Context = { sim, client, clean, clients: new TestClients(client) };
          const target = (await feature.prepare?.(ctx)) ?? '';
          const cell = await feature.setup(ctx, target);
          try {
            const path = feature.path(ctx, target);
            const matches = (r: { method: string; path: string }) =>
              (!feature.method || r.method === feature.method) && (typeof path === 'string' ? r.path === path : path.test(r.path));
            const outcome = expected(feature, fault);
            const runsBefore = feature.startsRuns ? await runsOfTool(ctx) : 0;
            sim.clearRequests();
            const off = await switchOn(sim, fault, feature.method, path);
            try {
              if (cell.act) {
                const shown = await cell.act();
                if (outcome.kind === 'ok') assert.ok(shown.ok, `shows the data: ${shown.message ?? ''}`);
                else {
                  assert.ok(!shown.ok, 'does not show data it does not have');
                  const message = shown.message ?? '';
                  assertClearText(message, TOKEN, 'what it shows');
                  // It says what happened, not something else.
                  if (outcome.type === CargoAuthError) assert.match(message, /token|[Ss]ign in/, 'a refused token says so');
                  if (outcome.type === CargoSchemaError) assert.doesNotMatch(message, /did not answer|could not reach/i, 'Cargo did answer');
                  if (fault.down) assert.match(message, /reach|answer|connection/i, 'Cargo unreachable says so');
                  // The rest works meanwhile; not when Cargo is down or refused the token: then nothing can.
                  if (!fault.down && outcome.type !== CargoAuthError) await cell.usable?.();
                }
              }
              if (cell.polling) await pollUnderFault(cell.polling, fault, outcome, () => attempts);
            } finally {
              await off();
            }
            if (feature.cancels || feature.retriesRuns) {
              const sent = sim.requests.filter(matches).length;
              assert.equal(sent, fault.down ? 0 : 1, 'one request per user action');
            }
            if (feature.startsRuns) {
              const sent = sim.requests.filter(matches).length;
              assert.ok(sent <= feature.startsRuns, `each run asked for once at most (${sent})`);
              if (!fault.down && outcome.kind === 'ok') assert.equal(sent, feature.startsRuns);
              assert.ok((await runsOfTool(ctx)) - runsBefore <= sent, 'no run created twice');
            }
            if (cell.polling && !ctx.clients.rejections) {
              // The fault gone, polling recovers by itself on the next tick: what shows is current again.
              const requests = sim.requests.length;
              await tick(cell.polling);
              assert.ok(sim.requests.length > requests, 'it asks again');
              assert.equal(cell.polling.problem(), undefined, 'the notice goes');
            }
            // Retry.
            sim.clearRequests();
            const runsBeforeRetry = feature.startsRuns ? await runsOfTool(ctx) : 0;
            const again = await cell.retry();
            assert.ok(again.ok, `Retry recovers: ${again.message ?? ''}`);
            if (feature.cancels || feature.retriesRuns) assert.equal(sim.requests.filter(matches).length, 1, 'Retry sends one request');
            if (feature.startsRuns) {
              assert.equal(sim.requests.filter(matches).length, feature.startsRuns, 'Retry asks once per run');
              assert.equal((await runsOfTool(ctx)) - runsBeforeRetry, feature.startsRuns, 'Retry starts each run once');
            }
          } finally {
            cell.dispose();
          }
          assert.deepEqual(unhandled, [], 'no unhandled rejection');
          cells++;
        });
      }
    });
  }
});

/**
 * Polls FAULTY_TICKS ticks under the fault: never stops (unless the token is refused), backs off up to its
 * longest interval, makes a bounded number of attempts per tick (`attempts`: the client's), says what is wrong.
 */
async function pollUnderFault(polling: Polling, fault: FaultRow, outcome: Outcome, attempts: () => number): Promise<void> {
  const ticks = outcome.kind === 'ok' ? 1 : FAULTY_TICKS;
  const delays: number[] = [];
  for (let i = 0; i < ticks; i++) {
    const before = attempts();
    delays.push(await tick(polling));
    const sent = attempts() - before;
    // One retry for reads, and a live update's two questions: never a storm; and something is asked.
    assert.ok(sent >= 1 && sent <= 4, `1 to 4 attempts a tick (${sent})`);
    if (polling.rejected()) {
      assert.ok(outcome.kind === 'error' && outcome.type === CargoAuthError, 'only a refused token stops it');
      const left = attempts();
      // Stopped asking: a tick still scheduled (if any) asks nothing.
      if (polling.timers.pending.length > 0) await polling.timers.fireNext();
      assert.equal(attempts(), left, 'nothing more is asked once the token is refused');
      return;
    }
    assert.equal(polling.timers.pending.length, 1, 'the next poll is scheduled: it never stops');
  }
  if (outcome.kind === 'ok') {
    assert.equal(polling.problem(), undefined, 'nothing to report');
    return;
  }
  assert.ok(outcome.type !== CargoAuthError, 'a refused token stops polling');
  // Backs off: each delay at least the one before, growing past the shortest interval.
  const next = polling.timers.pending[0]?.ms ?? 0;
  const all = [...delays, next];
  for (let i = 1; i < all.length; i++) assert.ok((all[i] ?? 0) >= (all[i - 1] ?? 0), `backs off: ${all.join(', ')} ms`);
  assert.ok(next > POLLING.intervalMs, `backs off past the interval: ${all.join(', ')} ms`);
  assert.ok(next <= Math.max(POLLING.maxIntervalMs, 1000), `and no further than its longest interval: ${all.join(', ')} ms`);
  if (outcome.type === CargoRateLimitError && /Retry-After/.test(fault.name)) assert.ok(next >= 1000, 'honours Retry-After');
  const problem = polling.problem();
  assert.ok(problem !== undefined, 'says that what shows is old');
  assertClearText(problem.replace(/\n/g, ' '), TOKEN, 'stale notice');
}
