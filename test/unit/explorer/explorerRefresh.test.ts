// The runs explorer's automatic refresh pinned by its requests (issue 12), against the simulator over
// real HTTP with its clock stopped: a tick where nothing changed is one request whatever is loaded, a
// tick where k batches changed at most 1 + k, and what changed is merged in place, node by node.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../simulator';
import { CargoClient } from '../../../src/api/client';
import { AdaptivePoller } from '../../../src/core/poller';
import { WorkflowNames } from '../../../src/runs/workflowNames';
import type { BatchNode, ExplorerNode, RunNode, WorkflowGroupNode, WorkflowRunsNode } from '../../../src/explorer/explorerNodes';
import type { ExplorerFilter } from '../../../src/explorer/explorerFilter';
import { RunsExplorerModel } from '../../../src/explorer/runsExplorerModel';
import { TestClients } from '../support/clients';
import { ManualTimers, waitUntil } from '../support/timers';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Batches of the tests start this far apart, so that each one's changes stand alone in time. */
const APART_MS = 5 * SECOND;

const apiRequests = (sim: Simulator) => sim.requests.filter((r) => r.path.startsWith('/v1/'));
const described = (sim: Simulator) => apiRequests(sim).map((r) => `${r.method} ${r.path.replace('/v1/orchestration/', '')}`);

/** A simulator whose seeded live batches have settled, its clock stopped. */
async function stoppedWorld(): Promise<Simulator> {
  const sim = await startSimulator({ port: 0, seed: 21 });
  sim.advanceTime(2 * HOUR);
  sim.freezeTime();
  return sim;
}

function model(sim: Simulator, options: { pageSize?: number; groupByWorkflow?: boolean } = {}): RunsExplorerModel {
  const clients = new TestClients(new CargoClient({ baseUrl: sim.url, token: sim.token, retryBaseDelayMs: 5, maxRetryDelayMs: 20, maxRetries: 0 }));
  return new RunsExplorerModel({ pageSize: options.pageSize ?? 100, groupByWorkflow: options.groupByWorkflow ?? false }, clients, new WorkflowNames(clients));
}

async function rootBatches(m: RunsExplorerModel): Promise<BatchNode[]> {
  return (await m.children()).filter((n): n is BatchNode => n.kind === 'batch');
}

async function expand<T extends ExplorerNode>(m: RunsExplorerModel, node: T): Promise<ExplorerNode[]> {
  m.setExpanded(node, true);
  return m.children(node);
}

/** Records which nodes a tick re-rendered (ids; 'root' for the root). */
function firedBy(m: RunsExplorerModel): Set<string> {
  const fired = new Set<string>();
  m.onDidChange((node) => fired.add(node?.id ?? 'root'));
  return fired;
}

/** One tick with the request log cleared first. */
async function tick(sim: Simulator, m: RunsExplorerModel): Promise<{ changed: boolean }> {
  sim.clearRequests();
  return m.poll(new AbortController().signal);
}

/**
 * `n` batches of 2 runs on hour-long steps, started APART_MS apart, all expanded. The clock stands
 * where every batch runs its first run and none has started its second: nothing changes until it
 * moves. Moving it on by k × APART_MS starts the second run of the first k batches (and only those).
 */
async function runningBatches(n: number, options: { filter?: ExplorerFilter; expanded?: number } = {}) {
  const sim = await stoppedWorld();
  const uuids: string[] = [];
  for (let i = 0; i < n; i++) {
    // A tool: its runs are never skipped, so a second run that starts runs.
    uuids.push(sim.startBatch({ workflowUuid: sim.fixtures.workflows.tool, records: 2, stepMs: HOUR }));
    sim.advanceTime(APART_MS);
  }
  // A batch's runs exist an hour (a step) after it, its first starts at 1.5 h, its second at 2 h
  // (and turns pending 1.5 s before): stop 2.5 s before the first batch's second run turns pending.
  sim.advanceTime(2 * HOUR - 2.5 * SECOND - n * APART_MS);
  const m = model(sim);
  if (options.filter) m.setFilter(options.filter);
  const shown = await rootBatches(m);
  const batches = uuids.map((uuid) => {
    const node = shown.find((b) => b.batch.uuid === uuid);
    assert.ok(node, 'every batch is listed at the root');
    return node;
  });
  for (const batch of batches.slice(0, options.expanded ?? n)) await expand(m, batch);
  assert.equal(m.hasUnfinishedVisible(), true);
  return { sim, m, batches, changeFirst: (k: number) => sim.advanceTime(k * APART_MS) };
}

describe('runs explorer refresh: what a tick asks', () => {
  for (const n of [1, 10, 50]) {
    test(`nothing changed: exactly 1 request with ${n} unfinished batch${n === 1 ? '' : 'es'} expanded, and nothing re-rendered`, async () => {
      const { sim, m } = await runningBatches(n);
      try {
        const fired = firedBy(m);
        for (let i = 0; i < 3; i++) {
          const outcome = await tick(sim, m);
          assert.deepEqual(described(sim), ['POST runs/list'], `tick ${i + 1}: one request`);
          assert.equal(outcome.changed, false);
        }
        const body = apiRequests(sim)[0]?.body as { updatedAfter?: string; limit?: number };
        assert.equal(typeof body.updatedAfter, 'string', 'runs updated since the newest update seen');
        assert.equal(body.limit, 100);
        assert.deepEqual([...fired], [], 'nothing re-rendered');
      } finally {
        m.dispose();
        await sim.close();
      }
    });
  }

  test('k of 10 batches changed: at most 1 + k requests; their batch and run nodes updated and re-rendered, the others not', async () => {
    const { sim, m, batches, changeFirst } = await runningBatches(10);
    try {
      await tick(sim, m);
      // Each batch's second run waits (idle) until its batch changes.
      const waiting = new Map<BatchNode, RunNode>();
      for (const batch of batches) {
        const idle = (await m.children(batch)).find((n): n is RunNode => n.kind === 'run' && n.run.status.known === 'idle');
        assert.ok(idle, 'a run waits');
        waiting.set(batch, idle);
      }
      const fired = firedBy(m);
      const k = 3;
      changeFirst(k);
      const outcome = await tick(sim, m);
      assert.ok(apiRequests(sim).length <= 1 + k, described(sim).join(', '));
      assert.deepEqual(described(sim), ['POST runs/list', 'GET batches/list'], 'the delta, then the changed batches in one request');
      assert.deepEqual(
        [...((apiRequests(sim)[1]?.query.uuids as string[]) ?? [])].sort(),
        batches
          .slice(0, k)
          .map((b) => b.batch.uuid)
          .sort(),
      );
      assert.equal(outcome.changed, true);
      for (const [i, batch] of batches.entries()) {
        const runs = (await m.children(batch)).filter((n): n is RunNode => n.kind === 'run');
        const second = waiting.get(batch) as RunNode;
        assert.ok(runs.includes(second), 'the same node, updated in place');
        if (i < k) {
          assert.equal(second.run.status.known, 'running', `batch ${i}: its second run shows running`);
          assert.ok(fired.has(second.id), `batch ${i}: its run re-rendered`);
          assert.ok(fired.has(batch.id), `batch ${i}: its row re-rendered (counters, updatedAt)`);
        } else {
          assert.equal(second.run.status.known, 'idle');
          assert.ok(!fired.has(batch.id), `batch ${i} did not change`);
          assert.ok(runs.every((r) => !fired.has(r.id)));
        }
      }
      assert.ok(!fired.has('root'), 'the root is not re-rendered');
      // The overlap brings the changed runs again: compared, not counted.
      fired.clear();
      const again = await tick(sim, m);
      assert.deepEqual(described(sim), ['POST runs/list']);
      assert.equal(again.changed, false);
      assert.deepEqual([...fired], []);
    } finally {
      m.dispose();
      await sim.close();
    }
  });

  test('runs that finished in the meantime: the runs, their batch and the polling are updated', async () => {
    const sim = await stoppedWorld();
    try {
      const uuid = sim.startBatch({ workflowUuid: sim.fixtures.workflows.tool, records: 2, stepMs: MINUTE });
      sim.advanceTime(2 * MINUTE);
      const m = model(sim);
      const batch = (await rootBatches(m)).find((b) => b.batch.uuid === uuid);
      assert.ok(batch);
      const runs = (await expand(m, batch)).filter((n): n is RunNode => n.kind === 'run');
      assert.equal(runs.length, 2);
      assert.ok(runs.some((r) => r.run.status.known === 'running'));
      const fired = firedBy(m);
      sim.advanceTime(HOUR);
      await tick(sim, m);
      assert.deepEqual(described(sim), ['POST runs/list', 'GET batches/list']);
      assert.ok(
        runs.every((r) => ['success', 'error'].includes(r.run.status.known) && fired.has(r.id)),
        'each run shows its end',
      );
      assert.equal(batch.batch.status.known, 'success');
      assert.ok(fired.has(batch.id));
      assert.equal(m.hasUnfinishedVisible(), false, 'nothing left to follow');
      m.dispose();
    } finally {
      await sim.close();
    }
  });

  test('a new batch appears at the top of the root once it has runs, and runs appear in an open batch that had none, with no reload', async () => {
    const { sim, m } = await runningBatches(1);
    try {
      const pending = sim.startBatch({ records: 3, stepMs: 10 * MINUTE });
      sim.advanceTime(SECOND);
      // A batch waiting for its runs changes with no run changing: asked for by uuid while shown.
      m.refreshAll();
      const roots = await rootBatches(m);
      const waiting = roots[0];
      assert.equal(waiting?.batch.uuid, pending, 'shown at the top after Refresh');
      assert.equal(waiting.batch.runsCount, 0);
      assert.deepEqual(
        (await expand(m, waiting)).map((n) => n.kind),
        ['message'],
        'No runs yet',
      );
      const later = sim.startBatch({ records: 2, stepMs: 10 * MINUTE });
      const fired = firedBy(m);
      await tick(sim, m);
      assert.deepEqual(described(sim), ['POST runs/list', 'GET batches/list'], 'the waiting batch is asked for by uuid');
      assert.deepEqual(apiRequests(sim)[1]?.query.uuids, [pending]);
      assert.ok(!(await rootBatches(m)).some((b) => b.batch.uuid === later), 'a batch with no runs yet is not known until it has some');
      // Ten minutes on (a step), both have their runs.
      sim.advanceTime(10 * MINUTE);
      fired.clear();
      const outcome = await tick(sim, m);
      assert.equal(outcome.changed, true);
      assert.deepEqual(described(sim), ['POST runs/list', 'GET batches/list'], 'one request for the new batch and the changed one');
      const after = await rootBatches(m);
      assert.equal(after[0]?.batch.uuid, later, 'the new batch on top');
      assert.equal(after[0]?.batch.runsCount, 2);
      assert.equal(after[1]?.batch.uuid, pending);
      assert.ok(fired.has('root'), 'the root re-rendered for the new batch');
      sim.clearRequests();
      const rows = await m.children(after[1] as BatchNode);
      assert.deepEqual(described(sim), [], 'the new runs came with the tick');
      assert.equal(rows.filter((n) => n.kind === 'run').length, 3);
      assert.equal((after[1] as BatchNode).runs.total, 3, 'counted');
      assert.equal((after[1] as BatchNode).batch.runsCount, 3, 'its counters updated');
      assert.ok(fired.has((after[1] as BatchNode).id));
    } finally {
      m.dispose();
      await sim.close();
    }
  });

  test('grouped by workflow: a run started on its own appears at the top of the open "All runs"', async () => {
    const sim = await stoppedWorld();
    try {
      const workflowUuid = sim.fixtures.workflows.tool;
      sim.startBatch({ workflowUuid, records: [{ name: 'Keeps polling' }], stepMs: HOUR });
      sim.advanceTime(HOUR + MINUTE);
      const m = model(sim, { groupByWorkflow: true, pageSize: 20 });
      const group = (await m.children()).find((n): n is WorkflowGroupNode => n.kind === 'workflow' && n.workflowUuid === workflowUuid);
      assert.ok(group);
      const [allRuns] = await expand(m, group);
      assert.ok(allRuns?.kind === 'workflowRuns');
      await expand(m, allRuns);
      assert.equal(m.hasUnfinishedVisible(), true, 'the running batch keeps the refresh going');
      const before = (allRuns as WorkflowRunsNode).runs.total ?? 0;
      const run = await new CargoClient({ baseUrl: sim.url, token: sim.token }).createRun({ workflowUuid, data: { name: 'Loner Co' } });
      const fired = firedBy(m);
      await tick(sim, m);
      assert.deepEqual(described(sim), ['POST runs/list'], 'a run of no batch: no batch to ask for');
      const rows = (await m.children(allRuns)).filter((n): n is RunNode => n.kind === 'run');
      assert.equal(rows[0]?.run.uuid, run.uuid, 'on top');
      assert.equal((allRuns as WorkflowRunsNode).runs.total, before + 1);
      assert.ok(fired.has(allRuns.id));
      m.dispose();
    } finally {
      await sim.close();
    }
  });

  test('a status filter is checked against the changed runs: a run that starts to match goes in, one that stops goes out, no reload', async () => {
    for (const [status, rows] of [
      ['running', 2],
      ['idle', 0],
    ] as const) {
      const { sim, m, batches, changeFirst } = await runningBatches(5, { filter: { runStatuses: [status] } });
      try {
        const first = batches[0] as BatchNode;
        assert.equal((await m.children(first)).filter((n) => n.kind === 'run').length, 1, `one ${status} run before`);
        await tick(sim, m);
        const fired = firedBy(m);
        changeFirst(1);
        await tick(sim, m);
        assert.deepEqual(described(sim), ['POST runs/list', 'GET batches/list'], `${status}: the filter needs no reload`);
        const after = await m.children(first);
        assert.equal(after.filter((n) => n.kind === 'run').length, rows, `${status}: ${rows} runs match now`);
        if (rows === 0)
          assert.deepEqual(
            after.map((n) => n.kind),
            ['message'],
            'No runs match the filter',
          );
        assert.equal(first.runs.total, rows, 'counted');
        assert.ok(fired.has(first.id));
      } finally {
        m.dispose();
        await sim.close();
      }
    }
  });

  test("a record query is Cargo's to check: a changed run an open list does not hold reloads that list, once", async () => {
    const { sim, m, batches } = await runningBatches(3, { filter: { runStatuses: [], recordQuery: 'no such record' } });
    try {
      await tick(sim, m);
      // An hour on, the runs of every batch moved on: each open list is reloaded, as Cargo alone knows what matches.
      sim.advanceTime(HOUR);
      await tick(sim, m);
      assert.deepEqual(described(sim), ['POST runs/list', 'GET batches/list', 'POST runs/list', 'POST runs/list', 'POST runs/list']);
      const reloads = apiRequests(sim)
        .slice(2)
        .map((r) => r.body as { batchUuid?: string; recordTitleOrId?: string });
      assert.deepEqual(reloads.map((body) => body.batchUuid).sort(), batches.map((b) => b.batch.uuid).sort());
      assert.ok(reloads.every((body) => body.recordTitleOrId === 'no such record'));
      // Another hour: the same runs moved on again; a record does not change, so they still do not match.
      sim.advanceTime(HOUR);
      await tick(sim, m);
      assert.deepEqual(described(sim), ['POST runs/list', 'GET batches/list']);
    } finally {
      m.dispose();
      await sim.close();
    }
  });

  test('a batch in a folded workflow group is kept current while another group is refreshed, so it does not unfold stale', async () => {
    const sim = await stoppedWorld();
    try {
      const { tool, play } = sim.fixtures.workflows;
      const slow = sim.startBatch({ workflowUuid: tool, records: 2, stepMs: HOUR });
      const quick = sim.startBatch({ workflowUuid: play, records: 1, stepMs: MINUTE });
      sim.advanceTime(2 * MINUTE);
      const m = model(sim, { groupByWorkflow: true });
      const groups = (await m.children()).filter((n): n is WorkflowGroupNode => n.kind === 'workflow');
      const groupOf = (uuid: string) => groups.find((g) => g.workflowUuid === uuid) as WorkflowGroupNode;
      const batchIn = async (group: WorkflowGroupNode, uuid: string) =>
        (await expand(m, group)).find((n): n is BatchNode => n.kind === 'batch' && n.batch.uuid === uuid) as BatchNode;
      assert.ok(await batchIn(groupOf(tool), slow));
      const folded = await batchIn(groupOf(play), quick);
      assert.equal(folded.batch.status.known, 'running');
      m.setExpanded(groupOf(play), false);
      await tick(sim, m);
      // An hour on, the quick batch has finished; the slow one, in the open group, keeps the refresh going.
      sim.advanceTime(HOUR);
      await tick(sim, m);
      assert.ok(m.hasUnfinishedVisible());
      assert.ok(['success', 'error', 'cancelled', 'skipped'].includes(folded.batch.status.known), `finished, not ${folded.batch.status.known}`);
      m.setExpanded(groupOf(play), true);
      const unfolded = (await m.children(groupOf(play))).find((n): n is BatchNode => n.kind === 'batch' && n.batch.uuid === quick);
      assert.equal(unfolded, folded);
      m.dispose();
    } finally {
      await sim.close();
    }
  });

  test('a list loaded after a change does not hide that change from the next tick', async () => {
    const { sim, m, batches, changeFirst } = await runningBatches(3, { expanded: 1 });
    try {
      await tick(sim, m);
      // The first batch changes, then the second; the second's runs are loaded after both changes.
      changeFirst(2);
      await expand(m, batches[1] as BatchNode);
      const fired = firedBy(m);
      await tick(sim, m);
      const first = (await m.children(batches[0])).filter((n): n is RunNode => n.kind === 'run');
      assert.ok(
        first.some((r) => fired.has(r.id) && r.run.status.known === 'running' && r.run.executions.length === 1),
        "the first batch's change",
      );
      assert.ok(fired.has(batches[0]?.id as string));
    } finally {
      m.dispose();
      await sim.close();
    }
  });

  test('driven by the poller as the tree drives it: one request a tick while nothing changes, backing off', async () => {
    const { sim, m } = await runningBatches(10);
    const timers = new ManualTimers();
    const poller = new AdaptivePoller((signal) => m.poll(signal), { intervalMs: 1000, maxIntervalMs: 4000, backoffFactor: 2 }, timers);
    try {
      poller.setActive(true);
      const delays: number[] = [];
      for (let i = 0; i < 3; i++) {
        sim.clearRequests();
        delays.push(await timers.fireNext());
        await waitUntil('the tick to be asked and scheduled again', () => apiRequests(sim).length === 1 && timers.pending.length === 1);
        assert.deepEqual(described(sim), ['POST runs/list']);
      }
      assert.deepEqual(delays, [1000, 2000, 4000]);
    } finally {
      poller.dispose();
      m.dispose();
      await sim.close();
    }
  });
});
