// The simulator over real HTTP: traces (GET traces/{uuid}, POST traces/list and traces/count), aggregated
// from the spans of a run and the runs it started, and faults on their routes.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../index';
import { type CallOptions, type Json, get, post, arr, waitFor, UUID_V4, ISO_MS } from './helpers';

const LONG_AGO = '2000-01-01T00:00:00.000Z';
const fault = (spec: string): CallOptions => ({ headers: { 'x-sim-fault': spec } });
const TRACE_KEYS = [
  'uuid',
  'workspaceUuid',
  'workflowUuid',
  'rootRunUuid',
  'rootRecordId',
  'rootRecordTitle',
  'rootUserUuid',
  'chatUuid',
  'agentUuid',
  'spansCount',
  'failedSpansCount',
  'pendingSpansCount',
  'succeededSpansCount',
  'creditsUsedCount',
  'startedAt',
  'finishedAt',
  'updatedAt',
  'status',
];

async function spansOfTrace(sim: Simulator, traceUuid: unknown): Promise<Json[]> {
  return arr((await post(sim, 'spans/list', { executionStartedAfter: LONG_AGO, traceUuid, limit: 1000 })).json.spans);
}

describe('simulator: traces', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ seed: 5, stepMs: 150 });
  });
  after(() => sim.close());

  it('GET traces/{uuid}: a run and its child run, aggregated from their spans', async () => {
    const run = (await get(sim, `runs/${sim.fixtures.runs.withChildRun}`)).json.run as Json;
    const reply = await get(sim, `traces/${String(run.traceUuid)}`);
    assert.equal(reply.status, 200);
    const trace = reply.json.trace as Json;
    assert.deepEqual(Object.keys(trace).sort(), [...TRACE_KEYS].sort());
    const spans = await spansOfTrace(sim, run.traceUuid);
    assert.equal(spans.length, 9);
    assert.equal(trace.uuid, run.traceUuid);
    assert.equal(trace.rootRunUuid, run.uuid);
    assert.equal(trace.workflowUuid, run.workflowUuid);
    assert.equal(trace.rootRecordId, run.recordId);
    assert.equal(trace.rootRecordTitle, run.recordTitle);
    assert.equal(trace.spansCount, 9);
    assert.equal(trace.succeededSpansCount, 9);
    assert.equal(trace.failedSpansCount, 0);
    assert.equal(trace.pendingSpansCount, 0);
    assert.equal(
      trace.creditsUsedCount,
      spans.reduce((sum, s) => sum + Number(s.executionCreditsUsedCount), 0),
    );
    const parentCredits = arr(run.executions).reduce((sum, e) => sum + Number(e.creditsUsedCount), 0);
    assert.ok(Number(trace.creditsUsedCount) > parentCredits, 'the child run used credits too');
    const starts = spans.map((s) => String(s.executionStartedAt)).sort();
    const ends = spans.map((s) => String(s.executionFinishedAt)).sort();
    assert.equal(trace.startedAt, starts[0]);
    assert.equal(trace.finishedAt, ends.at(-1));
    assert.equal(trace.status, 'success');
    assert.match(String(trace.updatedAt), ISO_MS);

    const tool = arr(run.executions).find((e) => e.nodeSlug === 'find_contacts') as Json;
    const child = (await get(sim, `runs/${String(tool.nodeRunUuid)}`)).json.run as Json;
    assert.equal(child.traceUuid, run.traceUuid, 'the child run is in its parent’s trace');
  });

  it('404 traceNotFound for an unknown trace, a run uuid, or a malformed one', async () => {
    for (const id of ['6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f', sim.fixtures.runs.withChildRun, 'not-a-uuid']) {
      const reply = await get(sim, `traces/${id}`);
      assert.equal(reply.status, 404, id);
      assert.equal(reply.json.reason, 'traceNotFound');
    }
  });

  it('a failed run is an error trace; a run whose fallback node failed is degraded', async () => {
    const failed = (await get(sim, `runs/${sim.fixtures.runs.failed}`)).json.run as Json;
    const trace = (await get(sim, `traces/${String(failed.traceUuid)}`)).json.trace as Json;
    assert.equal(trace.status, 'error');
    assert.ok(Number(trace.failedSpansCount) >= 1);
    const degraded = arr((await post(sim, 'traces/list', { startedAfter: LONG_AGO, statuses: ['degraded'], limit: 5 })).json.traces);
    assert.ok(degraded.length > 0, 'some successful run had a fallback node fail');
    for (const t of degraded) {
      assert.ok(Number(t.failedSpansCount) >= 1);
      const root = (await get(sim, `runs/${String(t.rootRunUuid)}`)).json.run as Json;
      assert.equal(root.status, 'success');
    }
  });

  it('POST traces/list and traces/count: newest start first, paged, filtered; one trace per root run, none per child run', async () => {
    const startedAfter = new Date(Date.now() - 6 * 3600_000).toISOString();
    const startedBefore = new Date().toISOString();
    const reply = await post(sim, 'traces/list', { startedAfter, startedBefore, limit: 100 });
    assert.equal(reply.status, 200);
    const traces = arr(reply.json.traces);
    const count = Number(reply.json.count);
    assert.ok(count >= traces.length && traces.length > 0);
    assert.equal(Number((await post(sim, 'traces/count', { startedAfter, startedBefore })).json.count), count);
    for (let i = 1; i < traces.length; i++) assert.ok(String(traces[i - 1]?.startedAt) >= String(traces[i]?.startedAt), 'newest first');
    assert.equal(new Set(traces.map((t) => t.uuid)).size, traces.length);
    for (const t of traces) {
      assert.match(String(t.uuid), UUID_V4);
      assert.ok(String(t.startedAt) >= startedAfter && String(t.startedAt) <= startedBefore);
      assert.equal(Number(t.spansCount), Number(t.failedSpansCount) + Number(t.pendingSpansCount) + Number(t.succeededSpansCount));
    }
    const page = arr((await post(sim, 'traces/list', { startedAfter, startedBefore, limit: 3, offset: 2 })).json.traces);
    assert.deepEqual(
      page.map((t) => t.uuid),
      traces.slice(2, 5).map((t) => t.uuid),
    );
    const lead = arr((await post(sim, 'traces/list', { startedAfter: LONG_AGO, workflowUuid: sim.fixtures.workflows.qualifyLead })).json.traces);
    assert.ok(lead.length >= 3 && lead.every((t) => t.workflowUuid === sim.fixtures.workflows.qualifyLead));
    const contacts = await post(sim, 'traces/count', { startedAfter: LONG_AGO, workflowUuid: sim.fixtures.workflows.findContacts });
    assert.equal(contacts.json.count, 0, 'child runs are in their parent’s trace');
    const pendingOnly = arr((await post(sim, 'traces/list', { startedAfter: LONG_AGO, statuses: ['pending'] })).json.traces);
    assert.ok(pendingOnly.every((t) => t.status === 'pending' && t.finishedAt === null));
    assert.equal(arr((await post(sim, 'traces/list', { startedAfter: LONG_AGO, agentUuid: '6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f' })).json.traces).length, 0);
    for (const body of [{}, { startedAfter: 'yesterday' }, { startedAfter: LONG_AGO, statuses: ['paused'] }, { startedAfter: LONG_AGO, limit: 0 }]) {
      const bad = await post(sim, 'traces/list', body);
      assert.equal(bad.status, 400, JSON.stringify(body));
      assert.equal(bad.json.reason, 'invalidParameters');
    }
    assert.equal((await get(sim, 'traces/list')).status, 405);
  });

  it('a live run’s trace is pending while it or its child runs, then success', async () => {
    const created = await post(sim, 'runs', {
      workflowUuid: sim.fixtures.workflows.qualifyLead,
      data: { website: 'acme.test', company: 'Acme', email: 'jane@acme.test', __simStepMs: 300 },
    });
    const run = created.json.run as Json;
    const pending = await waitFor(
      'a pending trace with spans',
      async () => {
        const reply = await get(sim, `traces/${String(run.traceUuid)}`);
        const trace = reply.json.trace as Json | undefined;
        return trace && Number(trace.pendingSpansCount) > 0 ? trace : undefined;
      },
      10_000,
    );
    assert.equal(pending.status, 'pending');
    assert.equal(pending.finishedAt, null);
    const done = await waitFor(
      'the trace finished',
      async () => {
        const trace = (await get(sim, `traces/${String(run.traceUuid)}`)).json.trace as Json;
        return trace.status === 'pending' ? undefined : trace;
      },
      20_000,
    );
    assert.equal(done.status, 'success');
    assert.equal(done.spansCount, 9);
    assert.equal((await spansOfTrace(sim, run.traceUuid)).length, 9);
  });

  it('faults apply to the traces routes like to every route', async () => {
    const run = (await get(sim, `runs/${sim.fixtures.runs.withChildRun}`)).json.run as Json;
    const path = `traces/${String(run.traceUuid)}`;
    assert.equal((await get(sim, path, undefined, fault('status=503'))).status, 503);
    const nulls = (await get(sim, path, undefined, fault('drift=nulls'))).json.trace as Json;
    for (const field of ['rootRunUuid', 'rootRecordId', 'rootRecordTitle', 'rootUserUuid', 'finishedAt']) assert.equal(nulls[field], null, field);
    const unknown = (await get(sim, path, undefined, fault('drift=unknownEnum'))).json.trace as Json;
    assert.ok(!['pending', 'error', 'degraded', 'success'].includes(String(unknown.status)));
    const wrong = (await get(sim, path, undefined, fault('drift=wrongType'))).json.trace as Json;
    assert.equal(wrong.spansCount, '9');
    sim.addFault({ fault: { kind: 'status', status: 500 }, path: 'traces/list', times: 1 });
    assert.equal((await post(sim, 'traces/list', { startedAfter: LONG_AGO })).status, 500);
    assert.equal((await post(sim, 'traces/list', { startedAfter: LONG_AGO })).status, 200);
    const malformed = await post(sim, 'traces/count', { startedAfter: LONG_AGO }, fault('malformed'));
    assert.throws(() => JSON.parse(malformed.text) as unknown);
    const hostile = (await get(sim, path, undefined, fault('hostile'))).json.trace as Json;
    assert.notEqual(hostile.rootRecordTitle, run.recordTitle);
  });
});
