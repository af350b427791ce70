// The lineage of a trace from its spans: which runs an execution started, which run and node started a
// run, paging past 1,000 spans, and the one request a finished lineage costs (hand-made spans,
// then the simulator's child runs, over real HTTP).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CargoClient, ListSpansParams, Span, SpansPage } from '../../../src/api';
import { SpanSchema } from '../../../src/api/runSchemas';
import { executionOfSpan, fetchTraceSpans, TraceLineage } from '../../../src/runs/traceLineage';
import { TraceLineages } from '../../../src/runs/traceLineages';
import { useSimulator } from '../support/simulator';

const TRACE = 'trace-1';
const T0 = Date.parse('2026-12-01T10:00:00.000Z');

function span(runUuid: string, executionIndex: number, fields: Record<string, unknown> = {}): Span {
  return SpanSchema.schema.parse({
    workflowUuid: 'wf',
    traceUuid: TRACE,
    recordId: `rec-${runUuid}`,
    recordTitle: `Record ${runUuid}`,
    runUuid,
    nodeUuid: `node-${executionIndex}`,
    nodeKind: 'native',
    nodeSlug: `slug_${executionIndex}`,
    executionIndex,
    executionStatus: 'success',
    executionStartedAt: new Date(T0 + executionIndex * 1000).toISOString(),
    executionUpdatedAt: new Date(T0 + executionIndex * 1000 + 500).toISOString(),
    executionFinishedAt: new Date(T0 + executionIndex * 1000 + 500).toISOString(),
    ...fields,
  });
}

/** A parent run whose tool node (index 2) started `child`, and a sub-batch node (index 3) whose batch ran `batched`. */
function lineageSpans(): Span[] {
  return [
    span('parent', 0),
    span('parent', 1),
    span('parent', 2, { nodeUuid: 'tool-node', nodeSlug: 'find_contacts', nodeKind: 'tool', nodeRunUuid: 'child' }),
    span('parent', 3, { nodeUuid: 'batch-node', nodeBatchUuid: 'sub-batch' }),
    span('child', 1, { parentRunUuid: 'parent', parentNodeUuid: 'tool-node', executionStartedAt: new Date(T0 + 2100).toISOString() }),
    span('child', 0, { parentRunUuid: 'parent', parentNodeUuid: 'tool-node', executionStartedAt: new Date(T0 + 2050).toISOString() }),
    span('batched', 0, { batchUuid: 'sub-batch', executionStartedAt: new Date(T0 + 3100).toISOString() }),
  ];
}

describe('TraceLineage', () => {
  test('groups the spans by run, in execution order', () => {
    const lineage = new TraceLineage(lineageSpans());
    assert.deepEqual([...lineage.runUuids].sort(), ['batched', 'child', 'parent']);
    assert.deepEqual(
      lineage.spansOf('child').map((s) => s.executionIndex),
      [0, 1],
    );
    assert.equal(lineage.spansCount, 7);
    assert.equal(lineage.cut, false);
    assert.deepEqual(lineage.spansOf('unknown'), []);
  });

  test('an execution started the run its nodeRunUuid names, and the runs of its sub-batch', () => {
    const lineage = new TraceLineage(lineageSpans());
    assert.deepEqual(lineage.childRunsOf({ runUuid: 'parent', nodeUuid: 'tool-node', nodeRunUuid: 'child' }), ['child']);
    // Without nodeRunUuid (an execution as runs/list had it before Cargo filled it), the child's parent fields say it.
    assert.deepEqual(lineage.childRunsOf({ runUuid: 'parent', nodeUuid: 'tool-node' }), ['child']);
    assert.deepEqual(lineage.childRunsOf({ runUuid: 'parent', nodeUuid: 'batch-node', nodeBatchUuid: 'sub-batch' }), ['batched']);
    assert.deepEqual(lineage.childRunsOf({ runUuid: 'parent', nodeUuid: 'node-0' }), []);
  });

  test('a child run knows the run and node that started it', () => {
    const lineage = new TraceLineage(lineageSpans());
    assert.deepEqual(lineage.originOf('child'), {
      runUuid: 'parent',
      nodeUuid: 'tool-node',
      nodeSlug: 'find_contacts',
      recordTitle: 'Record parent',
      recordId: 'rec-parent',
      workflowUuid: 'wf',
    });
    assert.equal(lineage.originOf('parent'), undefined);
    // Only the child's parent fields (the starting span does not name it): found by node.
    const spans = lineageSpans().map((s) => (s.nodeRunUuid ? { ...s, nodeRunUuid: null } : s));
    assert.equal(new TraceLineage(spans).originOf('child')?.nodeSlug, 'find_contacts');
  });

  test('finished only when every span has finished', () => {
    assert.equal(new TraceLineage(lineageSpans()).finished, true);
    const live = [...lineageSpans(), span('child', 2, { executionStatus: 'pending', executionFinishedAt: null })];
    assert.equal(new TraceLineage(live).finished, false);
  });

  test('a span as an execution keeps what the Runs view and the panel show', () => {
    const execution = executionOfSpan(lineageSpans()[2]!);
    assert.equal(execution.nodeSlug, 'find_contacts');
    assert.equal(execution.nodeRunUuid, 'child');
    assert.equal(execution.status.known, 'success');
    assert.equal(execution.startedAt, new Date(T0 + 2000).toISOString());
    assert.equal(execution.creditsUsedCount, 0);
  });
});

/** A client whose spans/list answers from `spans`, newest first, as Cargo lists them; it counts its calls. */
function spansClient(spans: readonly Span[]): { client: CargoClient; calls: ListSpansParams[] } {
  const calls: ListSpansParams[] = [];
  const newestFirst = [...spans].sort((a, b) => Date.parse(b.executionStartedAt) - Date.parse(a.executionStartedAt));
  const client = {
    listSpans: async (params: ListSpansParams): Promise<SpansPage> => {
      calls.push(params);
      const offset = params.offset ?? 0;
      return { spans: newestFirst.slice(offset, offset + (params.limit ?? 100)), count: newestFirst.length };
    },
  } as unknown as CargoClient;
  return { client, calls };
}

describe('fetchTraceSpans', () => {
  test('one request by traceUuid for up to 1,000 spans, from before the root run was created', async () => {
    const { client, calls } = spansClient(lineageSpans());
    const { spans, count } = await fetchTraceSpans(client, TRACE, T0);
    assert.equal(spans.length, 7);
    assert.equal(count, 7);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.traceUuid, TRACE);
    assert.equal(calls[0]!.limit, 1000);
    assert.ok(Date.parse(String(calls[0]!.executionStartedAfter)) < T0);
  });

  test('pages past the page size, keeping a span listed twice once', async () => {
    const many = Array.from({ length: 2500 }, (_, index) => span('big', index));
    const { client, calls } = spansClient(many);
    const { spans } = await fetchTraceSpans(client, TRACE, T0);
    assert.equal(spans.length, 2500);
    assert.equal(calls.length, 3);
    const duplicated = spansClient([...many.slice(0, 5), many[0]!]);
    assert.equal((await fetchTraceSpans(duplicated.client, TRACE, T0, undefined, 3)).spans.length, 5);
  });
});

describe('TraceLineages', () => {
  const clients = { onDidChange: () => ({ dispose: () => undefined }) };

  test('a lineage is asked once and shared; `fresh` asks again', async () => {
    const { client, calls } = spansClient(lineageSpans());
    const lineages = new TraceLineages(clients);
    const [a, b] = await Promise.all([
      lineages.lineageOf(client, { traceUuid: TRACE, startedAfter: T0 }),
      lineages.lineageOf(client, { traceUuid: TRACE, startedAfter: T0 }),
    ]);
    assert.equal(a, b);
    assert.equal(calls.length, 1);
    await lineages.lineageOf(client, { traceUuid: TRACE, startedAfter: T0 });
    assert.equal(calls.length, 1, 'kept');
    await lineages.lineageOf(client, { traceUuid: TRACE, startedAfter: T0, fresh: true });
    assert.equal(calls.length, 2, 'asked again');
    lineages.dispose();
  });

  test('a lineage asked from an earlier moment than the one known is asked again, from then', async () => {
    const { client, calls } = spansClient(lineageSpans());
    const lineages = new TraceLineages(clients);
    await lineages.lineageOf(client, { traceUuid: TRACE, startedAfter: T0 + 2000 });
    await lineages.lineageOf(client, { traceUuid: TRACE, startedAfter: T0 + 5000 });
    assert.equal(calls.length, 1, 'a later moment is covered');
    await lineages.lineageOf(client, { traceUuid: TRACE, startedAfter: T0 });
    assert.equal(calls.length, 2);
    assert.ok(Date.parse(String(calls[1]!.executionStartedAfter)) < T0);
    await lineages.lineageOf(client, { traceUuid: TRACE, startedAfter: T0 + 2000, fresh: true });
    assert.ok(Date.parse(String(calls[2]!.executionStartedAfter)) < T0, 'asked again from the earliest moment asked');
    lineages.dispose();
  });

  test('a failure is not kept', async () => {
    let fail = true;
    const { client, calls } = spansClient(lineageSpans());
    const failing = {
      listSpans: async (params: ListSpansParams) => {
        if (fail) throw new Error('unreachable');
        return client.listSpans(params);
      },
    } as unknown as CargoClient;
    const lineages = new TraceLineages(clients);
    await assert.rejects(lineages.lineageOf(failing, { traceUuid: TRACE, startedAfter: T0 }), /unreachable/);
    fail = false;
    assert.equal((await lineages.lineageOf(failing, { traceUuid: TRACE, startedAfter: T0 })).spansCount, 7);
    assert.equal(calls.length, 1);
    lineages.dispose();
  });
});

describe("the lineage of the simulator's withChildRun run", () => {
  const sim = useSimulator({ seed: 3 });

  test("one spans/list: the run's 6 executions, the tool node's child run's 3, and where the child came from", async () => {
    const client = sim.client();
    const { run } = await client.getRun(sim.fixtures.runs.withChildRun);
    assert.ok(run.traceUuid);
    sim.clearRequests();
    const { spans, count } = await fetchTraceSpans(client, run.traceUuid, Date.parse(run.createdAt));
    const lineage = new TraceLineage(spans, count);
    assert.equal(sim.requests.length, 1);
    assert.equal(sim.requests[0]!.path, '/v1/orchestration/spans/list');
    assert.equal(lineage.spansOf(run.uuid).length, 6);
    const tool = run.executions.find((execution) => execution.nodeKind.known === 'tool');
    assert.ok(tool?.nodeRunUuid);
    const children = lineage.childRunsOf({ runUuid: run.uuid, ...tool });
    assert.deepEqual(children, [tool.nodeRunUuid]);
    assert.deepEqual(
      lineage.spansOf(tool.nodeRunUuid).map((span) => span.nodeSlug),
      (await client.getRun(tool.nodeRunUuid)).run.executions.map((execution) => execution.nodeSlug),
    );
    assert.deepEqual(lineage.originOf(tool.nodeRunUuid), {
      runUuid: run.uuid,
      nodeUuid: tool.nodeUuid,
      nodeSlug: tool.nodeSlug,
      recordTitle: run.recordTitle,
      recordId: run.recordId,
      workflowUuid: run.workflowUuid,
    });
    assert.equal(lineage.finished, true);
    assert.equal(lineage.cut, false);
  });
});
