// The simulator API over real HTTP: runs/metrics and records/metrics, per node of a workflow.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../index';
import { type Json, get, post, arr, allRuns, waitFor, API_SIMULATOR } from './helpers';

const RUN_METRIC_KEYS = [
  'nodeUuid',
  'totalExecutionsCount',
  'idleExecutionsCount',
  'pendingExecutionsCount',
  'runningExecutionsCount',
  'successExecutionsCount',
  'errorExecutionsCount',
  'cancellingExecutionsCount',
  'cancelledExecutionsCount',
  'skippedExecutionsCount',
  'creditsUsedCount',
];
const RECORD_METRIC_KEYS = [
  'nodeUuid',
  'totalExecutionsCount',
  'pendingExecutionsCount',
  'runningExecutionsCount',
  'successExecutionsCount',
  'errorExecutionsCount',
  'cancellingExecutionsCount',
  'cancelledExecutionsCount',
  'creditsUsedCount',
];
const RUN_BUCKETS = ['idle', 'pending', 'running', 'success', 'error', 'cancelling', 'cancelled', 'skipped'];
const RECORD_BUCKETS = ['pending', 'running', 'success', 'error', 'cancelling', 'cancelled'];
const MISSING_WORKFLOW = '6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f';

const count = (metric: Json | undefined, bucket: string) => Number(metric?.[`${bucket}ExecutionsCount`] ?? 0);
const sum = (metrics: Json[], field: string) => metrics.reduce((n, m) => n + Number(m[field]), 0);

describe('simulator API: metrics', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator(API_SIMULATOR);
  });
  after(() => sim.close());

  /** A workflow's deployed nodes, by uuid. */
  async function nodesOf(workflowUuid: string): Promise<Map<string, Json>> {
    const workflow = (await get(sim, `workflows/${workflowUuid}`)).json.workflow as Json;
    return new Map(arr((workflow.deployedRelease as Json).nodes).map((n) => [String(n.uuid), n]));
  }

  describe('runs/metrics and records/metrics', () => {
    it("agree with runs/list: the large batch's runs per status, executions per node, credits", async () => {
      const batchUuid = sim.fixtures.batches.large;
      const batch = (await get(sim, `batches/${batchUuid}`)).json.batch as Json;
      const workflowUuid = String(batch.workflowUuid);
      const reply = await post(sim, 'runs/metrics', { workflowUuid, batchUuid });
      assert.equal(reply.status, 200);
      assert.deepEqual(Object.keys(reply.json), ['runMetrics']);
      const metrics = arr(reply.json.runMetrics);
      const nodes = await nodesOf(workflowUuid);
      for (const metric of metrics) {
        assert.deepEqual(Object.keys(metric).sort(), [...RUN_METRIC_KEYS].sort());
        assert.ok(nodes.has(String(metric.nodeUuid)), 'a node of the workflow');
        assert.equal(
          metric.totalExecutionsCount,
          RUN_BUCKETS.reduce((n, b) => n + count(metric, b), 0),
          'the total is the sum of the statuses',
        );
      }
      // The large batch's workflow has no branch, filter or fallback: every run that starts goes on until it fails.
      assert.ok([...nodes.values()].every((n) => n.fallbackOnFailure === false));
      assert.equal(metrics.length, nodes.size, 'one entry per node');
      const bySlug = new Map(metrics.map((m) => [String(nodes.get(String(m.nodeUuid))?.slug), m]));
      const runsCount = (statuses?: string[]) => post(sim, 'runs/count', { batchUuid, ...(statuses && { statuses }) }).then((r) => Number(r.json.count));
      assert.equal(bySlug.get('start')?.totalExecutionsCount, await runsCount(), "the start node's total is the number of runs");
      assert.equal(bySlug.get('start')?.totalExecutionsCount, batch.runsCount);
      assert.equal(count(bySlug.get('start'), 'skipped'), await runsCount(['skipped']));
      assert.equal(sum(metrics, 'errorExecutionsCount'), await runsCount(['error']), 'one failed execution per failed run');
      assert.equal(sum(metrics, 'errorExecutionsCount'), batch.failedRunsCount);
      assert.equal(count(bySlug.get('end'), 'success'), await runsCount(['success']), 'every successful run reaches the end');
      assert.equal(sum(metrics, 'creditsUsedCount'), batch.creditsUsedCount);
      for (const bucket of ['idle', 'pending', 'running', 'cancelling', 'cancelled']) assert.equal(sum(metrics, `${bucket}ExecutionsCount`), 0, bucket);

      // Node by node, the executions of runs/list.
      const runs = await allRuns(sim, { batchUuid });
      assert.equal(runs.length, batch.runsCount);
      const expected = new Map<string, { success: number; error: number; credits: number; total: number }>();
      for (const run of runs) {
        for (const e of arr(run.executions)) {
          const tally = expected.get(String(e.nodeUuid)) ?? { success: 0, error: 0, credits: 0, total: 0 };
          tally.total++;
          if (e.status === 'success') tally.success++;
          if (e.status === 'error') tally.error++;
          tally.credits += Number(e.creditsUsedCount);
          expected.set(String(e.nodeUuid), tally);
        }
      }
      for (const metric of metrics) {
        const tally = expected.get(String(metric.nodeUuid));
        const slug = String(nodes.get(String(metric.nodeUuid))?.slug);
        const notStarted = slug === 'start' ? count(metric, 'skipped') : 0;
        assert.deepEqual(
          [metric.totalExecutionsCount, metric.successExecutionsCount, metric.errorExecutionsCount, metric.creditsUsedCount],
          [(tally?.total ?? 0) + notStarted, tally?.success ?? 0, tally?.error ?? 0, tally?.credits ?? 0],
          slug,
        );
      }
    });

    it('count cancelled and running executions where the runs were, and filter by release and creation time', async () => {
      // A historical cancelled batch: all its runs have settled.
      const cancelled = arr((await get(sim, 'batches/list', 'statuses[]=cancelled&limit=100')).json.batches).filter(
        (b) => Date.parse(String(b.finishedAt)) < Date.now() - 3_600_000,
      );
      assert.ok(cancelled.length > 0);
      for (const batch of cancelled) {
        const body = { workflowUuid: batch.workflowUuid, batchUuid: batch.uuid };
        const metrics = arr((await post(sim, 'runs/metrics', body)).json.runMetrics);
        const runs = await allRuns(sim, { batchUuid: batch.uuid });
        const withStatus = (status: string) => runs.filter((r) => r.status === status).length;
        assert.ok(withStatus('cancelled') > 0);
        assert.equal(sum(metrics, 'cancelledExecutionsCount'), withStatus('cancelled'), 'one cancelled execution per cancelled run');
        assert.equal(Math.max(...metrics.map((m) => m.totalExecutionsCount as number)), runs.length, 'the start node counts every run');
        assert.equal(sum(metrics, 'creditsUsedCount'), batch.creditsUsedCount);
      }

      // A batch of our own, held running by a long step: one running execution per running run.
      const slow = sim.startBatch({ workflowUuid: sim.fixtures.workflows.tool, records: 4, stepMs: 600 });
      const body = { workflowUuid: sim.fixtures.workflows.tool, batchUuid: slow };
      await waitFor(
        'runs of the slow batch running',
        async () => ((await post(sim, 'runs/count', { batchUuid: slow, statuses: ['running'] })).json.count ? true : undefined),
        10_000,
      );
      // Runs move on while we look: compare a moment when two looks at the metrics agree.
      await waitFor(
        'metrics that agree with the runs',
        async () => {
          const first = arr((await post(sim, 'runs/metrics', body)).json.runMetrics);
          const runs = await allRuns(sim, { batchUuid: slow });
          const second = arr((await post(sim, 'runs/metrics', body)).json.runMetrics);
          if (JSON.stringify(first) !== JSON.stringify(second)) return undefined;
          const withStatus = (...statuses: string[]) => runs.filter((r) => statuses.includes(String(r.status))).length;
          assert.equal(sum(first, 'runningExecutionsCount'), withStatus('running'));
          assert.equal(sum(first, 'idleExecutionsCount') + sum(first, 'pendingExecutionsCount'), withStatus('idle', 'pending'));
          assert.equal(Math.max(...first.map((m) => m.totalExecutionsCount as number)), runs.length);
          return true;
        },
        10_000,
      );
      await post(sim, `batches/${slow}/cancel`);

      // Filters: another release, a time window, a batch of another workflow.
      const { weeklyAbm, tool } = sim.fixtures.workflows;
      const archived = arr((await get(sim, 'releases/list', `workflowUuid=${weeklyAbm}&statuses[]=archived`)).json.releases)[0] as Json;
      assert.deepEqual((await post(sim, 'runs/metrics', { workflowUuid: weeklyAbm, releaseUuid: archived.uuid })).json, { runMetrics: [] });
      const all = arr((await post(sim, 'runs/metrics', { workflowUuid: weeklyAbm })).json.runMetrics);
      const large = arr((await post(sim, 'runs/metrics', { workflowUuid: weeklyAbm, batchUuid: sim.fixtures.batches.large })).json.runMetrics);
      assert.ok(sum(all, 'totalExecutionsCount') > sum(large, 'totalExecutionsCount'), 'the workflow has more runs than the batch');
      const future = new Date(Date.now() + 86_400_000).toISOString();
      assert.deepEqual((await post(sim, 'runs/metrics', { workflowUuid: weeklyAbm, createdAfter: future })).json, { runMetrics: [] });
      const windowed = arr(
        (await post(sim, 'runs/metrics', { workflowUuid: weeklyAbm, createdBefore: future, createdAfter: '2000-01-01T00:00:00Z' })).json.runMetrics,
      );
      assert.deepEqual(windowed, all);
      assert.deepEqual((await post(sim, 'runs/metrics', { workflowUuid: tool, batchUuid: sim.fixtures.batches.large })).json, { runMetrics: [] });
    });

    it('refuse an unknown or missing workflow like the other endpoints', async () => {
      for (const path of ['runs/metrics', 'records/metrics']) {
        const unknown = await post(sim, path, { workflowUuid: MISSING_WORKFLOW });
        assert.equal(unknown.status, 404, path);
        assert.equal(unknown.json.reason, 'workflowNotFound');
        const missing = await post(sim, path, { batchUuid: sim.fixtures.batches.large });
        assert.equal(missing.status, 400, path);
        assert.equal(missing.json.reason, 'invalidParameters');
        assert.match(String(missing.json.errorMessage), /workflowUuid/);
        const malformed = await post(sim, path, { workflowUuid: 'not-a-uuid' });
        assert.equal(malformed.status, 400);
        assert.equal((await post(sim, path, { workflowUuid: sim.fixtures.workflows.tool, createdAfter: 'yesterday' })).status, 400);
        assert.equal((await get(sim, path)).status, 405);
      }
    });

    it('records/metrics counts records (the latest run of each) with record statuses', async () => {
      const { weeklyAbm } = sim.fixtures.workflows;
      const batchUuid = sim.fixtures.batches.large;
      const reply = await post(sim, 'records/metrics', { workflowUuid: weeklyAbm, batchUuid });
      assert.equal(reply.status, 200);
      assert.deepEqual(Object.keys(reply.json), ['recordMetrics']);
      const metrics = arr(reply.json.recordMetrics);
      assert.ok(metrics.length > 0);
      for (const metric of metrics) {
        assert.deepEqual(Object.keys(metric).sort(), [...RECORD_METRIC_KEYS].sort());
        assert.equal(
          metric.totalExecutionsCount,
          RECORD_BUCKETS.reduce((n, b) => n + count(metric, b), 0),
        );
      }
      const records = (statuses?: string[]) =>
        post(sim, 'records/count', { workflowUuid: weeklyAbm, batchUuid, ...(statuses && { statuses }) }).then((r) => Number(r.json.count));
      assert.equal(Math.max(...metrics.map((m) => m.totalExecutionsCount as number)), await records());
      assert.equal(sum(metrics, 'errorExecutionsCount'), await records(['error']));
      // Skipped runs are cancelled records.
      assert.equal(sum(metrics, 'cancelledExecutionsCount'), await records(['cancelled']));
    });
  });
});
