// The runs explorer's model against the simulator over real HTTP: one request per page, paging with
// counts, errors kept to the item that failed, automatic refresh that stops when all is finished.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSimulator } from '../support/simulator';
import { RunsExplorerModel } from '../../../src/explorer/runsExplorerModel';
import type { BatchNode, ExplorerNode, RunNode, WorkflowGroupNode } from '../../../src/explorer/explorerNodes';
import { PresentationCache, present } from '../../../src/explorer/presentation';
import { WorkflowNames } from '../../../src/runs/workflowNames';
import { StartedRuns } from '../../../src/runs/startedRuns';
import { TestClients } from '../support/clients';
import { ManualTimers, waitUntil } from '../support/timers';

const sim = useSimulator({ seed: 7, stepMs: 150, hostile: true });

const testClient = () => sim.client({ retryBaseDelayMs: 5, maxRetryDelayMs: 20, maxRetries: 1 });

function model(pageSize = 50, clients = new TestClients(testClient())): RunsExplorerModel {
  return new RunsExplorerModel({ pageSize, groupByWorkflow: false }, clients, new WorkflowNames(clients));
}

/** HTML or a markdown link that markdown would act on: not preceded by the escaping backslash. */
const UNESCAPED_HTML = /(?<!\\)<(script|img)/i;
const UNESCAPED_LINK = /(?<!\\)\]\(/;

const apiRequests = () => sim.requests.filter((r) => r.path.startsWith('/v1/'));

async function batchNode(m: RunsExplorerModel, uuid: string): Promise<BatchNode> {
  const roots = await m.children();
  const node = roots.find((n): n is BatchNode => n.kind === 'batch' && n.batch.uuid === uuid);
  if (node) return node;
  const more = roots.find((n) => n.kind === 'loadMore');
  assert.ok(more, `batch ${uuid} should be listed`);
  await m.loadMore(undefined);
  return batchNode(m, uuid);
}

describe('runs explorer model', () => {
  test('the root lists batches newest first in one request', async () => {
    const m = model();
    const roots = await m.children();
    const batches = roots.filter((n): n is BatchNode => n.kind === 'batch');
    assert.ok(batches.length > 5);
    const times = batches.map((b) => Date.parse(b.batch.createdAt));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    // One page of batches, and beside it (once per connection, not per row) the one cache of workflow names.
    assert.deepEqual(
      apiRequests()
        .map((r) => r.path)
        .sort(),
      ['/v1/orchestration/batches/list', '/v1/orchestration/plays/list', '/v1/orchestration/tools/list'],
    );
    assert.equal(apiRequests()[0]?.path, '/v1/orchestration/batches/list', 'the page is asked for first');
    assert.equal(m.rootState.kind, 'ready');
    sim.clearRequests();
    await m.children();
    assert.equal(apiRequests().length, 0, 'shown again: nothing asked');
  });

  test('expanding a batch of 1,000 runs makes exactly one request and offers the rest', async () => {
    const m = model();
    const batch = await batchNode(m, sim.fixtures.batches.large);
    sim.clearRequests();
    const children = await m.children(batch);
    assert.equal(apiRequests().length, 1, 'one list request for the first page');
    assert.equal(apiRequests()[0]?.path, '/v1/orchestration/runs/list');
    const runs = children.filter((n) => n.kind === 'run');
    assert.equal(runs.length, 50);
    const more = children.at(-1);
    assert.equal(more?.kind, 'loadMore');
    assert.equal(present(more as ExplorerNode).label, `Load more (${sim.fixtures.largeBatchRunsCount - 50} remaining)`);

    sim.clearRequests();
    await m.loadMore(batch);
    const afterMore = await m.children(batch);
    assert.equal(afterMore.filter((n) => n.kind === 'run').length, 100);
    assert.equal(apiRequests().length, 1, 'one request per page');
    assert.equal(present(afterMore.at(-1) as ExplorerNode).label, `Load more (${sim.fixtures.largeBatchRunsCount - 100} remaining)`);
  });

  test('a page more costs the page: the rows loaded before stay the same nodes, and their presentations are made once', async () => {
    const m = model();
    const batch = await batchNode(m, sim.fixtures.batches.large);
    const first = (await m.children(batch)).filter((n) => n.kind === 'run');
    const items = batch.runs.items;
    await m.loadMore(batch);
    assert.equal(batch.runs.items, items, 'the page is appended to the list, not copied with it');
    const second = (await m.children(batch)).filter((n) => n.kind === 'run');
    assert.equal(second.length, 100);
    assert.ok(
      first.every((node, i) => second[i] === node),
      'the first page keeps its nodes',
    );
    const rows = new PresentationCache();
    // The start of a minute: a second later is the same minute.
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    const made = second.map((node) => rows.present(node, now));
    assert.ok(
      second.every((node, i) => rows.present(node, now + 1000) === made[i]),
      'asked again within the minute: the same rows',
    );
    assert.notEqual(rows.present(second[0] as ExplorerNode, now + 60_000), made[0], 'a minute on, made again ("2 min ago")');
    assert.deepEqual(rows.present(second[1] as ExplorerNode, now), present(second[1] as ExplorerNode, now));
  });

  test("a run's executions come with it: expanding a run makes no request", async () => {
    const m = model();
    const batch = await batchNode(m, sim.fixtures.batches.failed);
    const runs = (await m.children(batch)).filter((n): n is RunNode => n.kind === 'run');
    const failed = runs.find((r) => r.run.status.known === 'error' && r.run.executions.length > 0);
    assert.ok(failed, 'the failed batch has a failed run');
    sim.clearRequests();
    const executions = await m.children(failed);
    assert.equal(apiRequests().length, 0);
    assert.equal(executions.length, failed.run.executions.length);
    const failedExecution = executions.find((n) => n.kind === 'execution' && n.execution.status.known === 'error');
    assert.ok(failedExecution);
    const shown = present(failedExecution);
    assert.equal(shown.icon?.id, 'error');
    assert.ok(shown.description && shown.description.length > 0, 'the first line of the error is inline');
  });

  test('a failure loading one batch shows an error node; others still load; retry works', async () => {
    const m = model();
    const roots = (await m.children()).filter((n): n is BatchNode => n.kind === 'batch');
    const [first, second] = roots;
    assert.ok(first && second);
    sim.addFault({ fault: { kind: 'status', status: 500 }, path: '/runs/list', times: 2 });
    const failed = await m.children(first);
    assert.equal(failed.length, 1);
    assert.equal(failed[0]?.kind, 'error');
    assert.match(present(failed[0] as ExplorerNode).label, /Cargo/);
    const other = await m.children(second);
    assert.ok(
      other.some((n) => n.kind === 'run' || n.kind === 'message'),
      'another batch still expands',
    );
    await m.retry(first);
    const retried = await m.children(first);
    assert.ok(retried.every((n) => n.kind !== 'error'));
  });

  test('automatic refresh follows unfinished runs until they finish, then has nothing to watch', async () => {
    const m = model();
    // A batch started now: the seeded running one may have finished already on a busy machine.
    const batch = await batchNode(m, sim.startBatch({ records: 3, stepMs: 150 }));
    m.setExpanded(batch, true);
    await m.children(batch);
    assert.equal(m.hasUnfinishedVisible(), true);
    const changedNodes = new Set<string>();
    m.onDidChange((node) => changedNodes.add(node?.id ?? 'root'));
    const deadline = Date.now() + 20_000;
    while (m.hasUnfinishedVisible() && Date.now() < deadline) {
      await m.poll(new AbortController().signal);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    assert.equal(m.hasUnfinishedVisible(), false, 'everything visible finished');
    assert.ok(changedNodes.size > 0, 'changes were reported');
    const runs = (await m.children(batch)).filter((n): n is RunNode => n.kind === 'run');
    assert.ok(runs.every((r) => ['success', 'error', 'cancelled', 'skipped'].includes(r.run.status.known)));
  });

  test('a 429 during refresh is passed on as the time to wait', async () => {
    const m = model();
    const batch = await batchNode(m, sim.startBatch({ records: 3, stepMs: 60_000 }));
    m.setExpanded(batch, true);
    await m.children(batch);
    assert.equal(m.hasUnfinishedVisible(), true);
    sim.addFault({ fault: { kind: 'status', status: 429, retryAfterSeconds: 120 } });
    const outcome = await m.poll(new AbortController().signal);
    assert.equal(outcome.retryAfterMs, 120_000);
  });

  test('a token refused during refresh: the model says so, stops polling, and loads again after a sign-in', async () => {
    const clients = new TestClients(testClient());
    const m = model(50, clients);
    const batch = await batchNode(m, sim.startBatch({ records: 3, stepMs: 60_000 }));
    m.setExpanded(batch, true);
    await m.children(batch);
    assert.equal(m.hasUnfinishedVisible(), true);
    sim.addFault({ fault: { kind: 'status', status: 401 } });
    const outcome = await m.poll(new AbortController().signal);
    assert.equal(outcome.changed, false);
    assert.equal(clients.rejections, 1, 'the connection was told');
    await m.children();
    assert.equal(m.rootState.kind, 'rejected', 'the view can say the token was rejected');
    assert.equal(m.hasUnfinishedVisible(), false, 'nothing to poll: polling stops');
    sim.clearFaults();
    sim.clearRequests();
    assert.deepEqual(await m.children(), [], 'nothing is asked while rejected');
    assert.equal(apiRequests().length, 0);
    clients.signIn(testClient());
    const roots = await m.children();
    assert.ok(
      roots.some((node) => node.kind === 'batch'),
      'batches again after signing in',
    );
    assert.equal(m.rootState.kind, 'ready');
  });

  test('refreshes that keep failing mark the explorer stale with the time of the last good update; a success clears it', async () => {
    const m = model();
    const batch = await batchNode(m, sim.startBatch({ records: 3, stepMs: 60_000 }));
    m.setExpanded(batch, true);
    await m.children(batch);
    const loadedAt = Date.now();
    let rootChanges = 0;
    m.onDidChange((node) => {
      if (node === undefined) rootChanges++;
    });
    const problemNow = () => m.refreshProblem;
    sim.addFault({ fault: { kind: 'status', status: 503 } });
    await m.poll(new AbortController().signal);
    assert.equal(problemNow(), undefined, 'one failure is not yet stale');
    await m.poll(new AbortController().signal);
    const problem = problemNow();
    assert.ok(problem, 'stale after failures in a row');
    assert.match(problem.message, /HTTP 503/);
    assert.ok(problem.lastUpdatedAt <= loadedAt, 'since the last good update');
    assert.equal(rootChanges, 1, 'the view was told once');
    assert.equal(m.hasUnfinishedVisible(), true, 'still polling, with back-off');
    sim.clearFaults();
    await m.poll(new AbortController().signal);
    assert.equal(problemNow(), undefined);
    assert.equal(rootChanges, 2);
  });

  test('filters go to the API: statuses and record query on runs, workflow on batches', async () => {
    const m = model();
    m.setFilter({ runStatuses: ['error'], recordQuery: 'a', workflow: { uuid: sim.fixtures.workflows.tool, name: 'Enrich lead' } });
    sim.clearRequests();
    const roots = (await m.children()).filter((n): n is BatchNode => n.kind === 'batch');
    assert.deepEqual(apiRequests().find((r) => r.path.endsWith('/batches/list'))?.query.workflowUuids, [sim.fixtures.workflows.tool]);
    assert.ok(roots.every((b) => b.batch.workflowUuid === sim.fixtures.workflows.tool));
    const withFailures = roots.find((b) => b.batch.failedRunsCount > 0);
    if (withFailures) {
      const runs = (await m.children(withFailures)).filter((n): n is RunNode => n.kind === 'run');
      assert.ok(runs.every((r) => r.run.status.known === 'error'));
      const body = apiRequests().at(-1)?.body as { statuses?: string[]; recordTitleOrId?: string };
      assert.deepEqual(body.statuses, ['error']);
      assert.equal(body.recordTitleOrId, 'a');
    }
  });

  test('hostile run data stays literal text: labels are plain and cut, tooltips escaped', async () => {
    const m = model();
    const batch = await batchNode(m, sim.fixtures.batches.hostile as string);
    const runs = (await m.children(batch)).filter((n): n is RunNode => n.kind === 'run');
    assert.ok(runs.length > 0);
    for (const run of runs) {
      const shown = present(run);
      assert.ok(shown.label.length <= 200);
      assert.ok(!UNESCAPED_HTML.test(shown.tooltip ?? ''), 'no raw HTML in the markdown source');
      for (const execution of await m.children(run)) {
        const e = present(execution);
        assert.ok(e.label.length <= 200 && (e.description ?? '').length <= 400);
        assert.ok(!UNESCAPED_HTML.test(e.tooltip ?? '') && !UNESCAPED_LINK.test(e.tooltip ?? ''), 'markup in run data is escaped');
        assert.ok((e.tooltip ?? '').length < 20_000, 'a 1 MB string is cut');
      }
    }
  });
});

describe('runs explorer: "Started from VS Code"', () => {
  const poller = { intervalMs: 40, maxIntervalMs: 160, backoffFactor: 1.5 };
  const quiet = { debug() {}, warn() {} };
  async function withStarted(groupByWorkflow: boolean) {
    const clients = new TestClients(testClient());
    let stored: unknown;
    const timers = new ManualTimers();
    const started = new StartedRuns(clients, { read: () => stored, write: (entries) => void (stored = entries) }, poller, quiet, timers);
    const m = new RunsExplorerModel({ pageSize: 50, groupByWorkflow }, clients, new WorkflowNames(clients), started);
    return { m, started, timers };
  }

  test('absent while nothing was started; then first at the root, open, its runs with their own ids, and updates re-render only the group', async () => {
    const { m, started, timers } = await withStarted(false);
    assert.ok(!(await m.children()).some((n) => n.kind === 'started'));
    const run = await testClient().createRun({ workflowUuid: sim.fixtures.workflows.tool, data: { name: 'Editor Co' } });
    const fired: (ExplorerNode | undefined)[] = [];
    m.onDidChange((node) => fired.push(node));
    started.add(run, 'editor.cargo-run.json');
    assert.deepEqual(fired, [undefined], 'a new group re-renders the root');
    const roots = await m.children();
    const group = roots[0];
    assert.ok(group?.kind === 'started');
    assert.equal(present(group).label, 'Started from VS Code');
    assert.equal(present(group).description, '1 run');
    assert.ok(m.isExpandable(group) && m.isExpanded(group), 'shown open');
    sim.clearRequests();
    const children = await m.children(group);
    assert.equal(apiRequests().length, 0, 'the run is known: nothing to ask');
    const row = children[0] as RunNode;
    assert.equal(row.kind, 'run');
    assert.equal(row.id, `started:${run.uuid}`, 'not the id of the same run under a batch');
    assert.match(present(row).contextValue, /^run:(un)?finished:started$/);
    assert.equal(m.startedRunNode(run.uuid), row);
    // The run changes (cancelled); the follower's next tick brings it.
    await testClient().cancelRuns({ workflowUuid: sim.fixtures.workflows.tool, uuids: [run.uuid] });
    fired.length = 0;
    await timers.fireNext();
    await waitUntil('the update', () => fired.length > 0);
    assert.deepEqual(fired, [group], 'an update re-renders the group only');
    started.dispose();
    m.dispose();
  });

  test('with workflow groups too, and a workspace with no batches still shows its started runs', async () => {
    const { m, started } = await withStarted(true);
    const run = await testClient().createRun({ workflowUuid: sim.fixtures.workflows.tool, data: { name: 'Grouped Co' } });
    started.add(run, 'grouped.json');
    const roots = await m.children();
    assert.equal(roots[0]?.kind, 'started');
    assert.ok(roots.slice(1).every((n) => n.kind === 'workflow'));
    assert.equal(m.rootState.kind, 'ready');
    started.dispose();
    m.dispose();
  });
});

describe('runs explorer: a workflow\'s "All runs"', () => {
  test('grouped by workflow, each group opens with "All runs": one runs/list of the workflow, which lists runs that belong to no batch', async () => {
    const clients = new TestClients(testClient());
    const m = new RunsExplorerModel({ pageSize: 20, groupByWorkflow: true }, clients, new WorkflowNames(clients));
    const run = await testClient().createRun({ workflowUuid: sim.fixtures.workflows.tool, data: { name: 'Loner Co' } });
    const group = (await m.children()).find((n): n is WorkflowGroupNode => n.kind === 'workflow' && n.workflowUuid === sim.fixtures.workflows.tool);
    assert.ok(group);
    const [allRuns] = await m.children(group);
    assert.ok(allRuns?.kind === 'workflowRuns');
    assert.equal(present(allRuns).label, 'All runs');
    sim.clearRequests();
    const rows = await m.children(allRuns);
    assert.deepEqual(
      apiRequests().map((r) => `${r.method} ${r.path}`),
      ['POST /v1/orchestration/runs/list'],
    );
    assert.deepEqual(apiRequests()[0]?.body, { workflowUuid: sim.fixtures.workflows.tool, limit: 20, offset: 0 });
    const row = rows.find((n): n is RunNode => n.kind === 'run' && n.run.uuid === run.uuid);
    assert.ok(row, 'the run without a batch is listed');
    assert.equal(row.id, `workflowRun:${run.uuid}`);
    assert.ok(
      rows.some((n) => n.kind === 'loadMore'),
      'paged like any list of runs',
    );
    m.dispose();
  });
});
