// The simulator API over real HTTP: records, spans, workflows, plays and tools.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../index';
import { type Json, get, post, arr, RECORD_KEYS, SPAN_KEYS, hasKeys, assertNewestFirst, API_SIMULATOR } from './helpers';

describe('simulator API', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator(API_SIMULATOR);
  });
  after(() => sim.close());

  describe('records, spans, workflows, plays, tools', () => {
    it('lists records by GET and POST alike, one per record id', async () => {
      // A play with no live batches: its records do not change between the two calls.
      const workflowUuid = sim.fixtures.workflows.weeklyAbm as string;
      const viaGet = await get(sim, 'records/list', `workflowUuid=${workflowUuid}&limit=100`);
      const viaPost = await post(sim, 'records/list', { workflowUuid, limit: 100 });
      assert.equal(viaGet.status, 200);
      assert.deepEqual(viaGet.json, viaPost.json);
      const records = arr(viaPost.json.records);
      assert.ok(records.length > 0);
      for (const record of records) hasKeys(record, RECORD_KEYS, 'record');
      assert.equal(new Set(records.map((r) => r.id)).size, records.length, 'one record per id');
      assertNewestFirst(records);
      const count = await post(sim, 'records/count', { workflowUuid });
      assert.equal(count.json.count, viaPost.json.count);
      const record = records[records.length - 1] as Json;
      const runsOfRecord = arr((await post(sim, 'runs/list', { workflowUuid, recordId: record.id })).json.runs);
      assert.equal(runsOfRecord[0]?.uuid, record.runUuid, 'a record is its latest run');
      const byIds = await get(sim, 'records/list', `workflowUuid=${workflowUuid}&ids[]=${encodeURIComponent(String(record.id))}`);
      assert.deepEqual(
        arr(byIds.json.records).map((r) => r.id),
        [record.id],
      );
      const failed = arr((await post(sim, 'records/list', { statuses: ['error'], limit: 100 })).json.records);
      assert.ok(failed.length > 0 && failed.every((r) => r.status === 'error'));
    });

    it('lists spans derived from executions', async () => {
      const missing = await post(sim, 'spans/list', { runUuid: sim.fixtures.runs.failed });
      assert.equal(missing.status, 400);
      assert.equal(missing.json.reason, 'invalidParameters');
      assert.match(String(missing.json.errorMessage), /executionStartedAfter/);
      const executionStartedAfter = new Date(Date.now() - 7 * 86_400_000).toISOString();
      const run = (await get(sim, `runs/${sim.fixtures.runs.failed}`)).json.run as Json;
      const reply = await post(sim, 'spans/list', { executionStartedAfter, runUuid: run.uuid });
      const spans = arr(reply.json.spans);
      assert.equal(spans.length, arr(run.executions).length);
      assert.equal(reply.json.count, spans.length);
      for (const span of spans) hasKeys(span, SPAN_KEYS, 'span');
      assert.deepEqual(
        spans.map((s) => s.executionIndex).sort(),
        arr(run.executions).map((_, i) => i),
      );
      const errors = arr((await post(sim, 'spans/list', { executionStartedAfter, executionStatuses: ['error'], limit: 100 })).json.spans);
      assert.ok(errors.length > 0 && errors.every((s) => s.executionStatus === 'error' && typeof s.executionErrorMessage === 'string'));
      assertNewestFirst(errors, 'executionStartedAt');
      const bySlug = await post(sim, 'spans/count', { executionStartedAfter, nodeSlug: 'ai_score', nodeKind: 'agent' });
      assert.ok(Number(bySlug.json.count) > 0);
      assert.equal((await post(sim, 'spans/list', { executionStartedAfter, limit: 1000 })).status, 400);
      const traced = await post(sim, 'spans/list', { executionStartedAfter, traceUuid: run.traceUuid, limit: 1000 });
      assert.equal(traced.status, 200);
      assert.equal(arr(traced.json.spans).length, spans.length);
    });

    it('lists workflows (no names) and plays and tools (named)', async () => {
      const workflows = arr((await get(sim, 'workflows/list')).json.workflows);
      assert.equal(workflows.length, 7);
      const plays = arr((await get(sim, 'plays/list')).json.plays);
      const tools = arr((await get(sim, 'tools/list')).json.tools);
      assert.deepEqual(tools.map((t) => t.name).sort(), ['Enrich lead', 'Find contacts', 'Qualify lead', 'Route to owner', 'Score account']);
      assert.deepEqual(plays.map((p) => p.name).sort(), ['New signups enrichment', 'Weekly ABM refresh']);
      const kinds = new Set<string>();
      for (const workflow of workflows) {
        assert.equal('name' in workflow, false);
        const owner = workflow.playUuid ? plays.find((p) => p.uuid === workflow.playUuid) : tools.find((t) => t.uuid === workflow.toolUuid);
        assert.equal(owner?.workflowUuid, workflow.uuid);
        const release = workflow.deployedRelease as Json;
        const nodes = arr(release.nodes);
        assert.ok(nodes.length >= 3 && nodes.length <= 8, 'Find contacts has 3 nodes, the others 4 to 8');
        assert.equal(nodes[0]?.slug, 'start');
        for (const node of nodes) kinds.add(String(node.kind));
        assert.equal(arr(workflow.nodes)[0]?.slug, 'start', 'the tree starts at the start node');
      }
      assert.deepEqual([...kinds].sort(), ['agent', 'connector', 'native', 'tool']);
      const one = await get(sim, `workflows/${sim.fixtures.workflows.tool}`);
      assert.equal((one.json.workflow as Json).uuid, sim.fixtures.workflows.tool);
      const missing = await get(sim, 'workflows/6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f');
      assert.equal(missing.status, 404);
      assert.equal(missing.json.reason, 'workflowNotFound');
    });
  });
});
