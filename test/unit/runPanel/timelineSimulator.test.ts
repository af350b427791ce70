// The run panel's timeline against the simulator over real HTTP: the Qualify lead run whose tool node
// started a child run (the contract's withChildRun) draws 6 + 3 = 9 bars in the simulator's order, the
// child's 3 nested under the tool execution, from exactly one spans/list by traceUuid and one
// traces/{uuid} (the simulator's request log).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Log } from '../../../src/core/log';
import { TraceLineages } from '../../../src/runs/traceLineages';
import { RunTimeline, type TimelineRunSource } from '../../../src/runPanel/runTimeline';
import type { Run } from '../../../src/api';
import { TestClients } from '../support/clients';
import { useSimulator } from '../support/simulator';
import { waitFor } from '../../support/processes';

const quiet: Log = { debug() {}, info() {}, warn() {}, error() {} };

function source(run: Run): TimelineRunSource {
  return { ahead: undefined, loaded: { details: { run }, spans: [] }, onDidChange: () => ({ dispose() {} }) };
}

describe('run timeline against the simulator', () => {
  const sim = useSimulator({ seed: 3, stepMs: 100 });

  test("the withChildRun run: 9 bars in the simulator's order and nesting, from one spans/list by traceUuid and one traces/{uuid}; the trace's totals", async () => {
    const client = sim.client({ retryBaseDelayMs: 1 });
    const { run } = await client.getRun(sim.fixtures.runs.withChildRun);
    const tool = run.executions.find((execution) => execution.nodeSlug === 'find_contacts');
    assert.ok(run.traceUuid && tool?.nodeRunUuid, 'the run has a trace and its tool execution a child run');
    const { run: child } = await client.getRun(tool.nodeRunUuid);
    sim.clearRequests();

    const clients = new TestClients(client);
    const timeline = new RunTimeline(source(run), { clients, lineages: new TraceLineages(clients), log: quiet }, () => {});
    await waitFor('the timeline with its totals', () => (timeline.current?.bars.length === 9 && timeline.current.totals ? true : undefined), 10_000, 10);
    const view = timeline.current!;
    const expected = [
      ...run.executions.slice(0, 3).map((execution) => `0:${execution.nodeSlug}`),
      ...child.executions.map((execution) => `1:${execution.nodeSlug}`),
      ...run.executions.slice(3).map((execution) => `0:${execution.nodeSlug}`),
    ];
    assert.equal(expected.length, 9);
    assert.deepEqual(
      view.bars.map((bar) => `${bar.depth}:${bar.nodeSlug}`),
      expected,
    );
    assert.deepEqual(
      view.bars.filter((bar) => bar.depth === 1).map((bar) => bar.runUuid),
      [child.uuid, child.uuid, child.uuid],
    );
    assert.equal(timeline.shows(child.uuid), true);
    // The child's bars lie inside the tool execution's.
    const toolBar = view.bars[2]!;
    for (const bar of view.bars.slice(3, 6)) {
      assert.ok(bar.startedAt! >= toolBar.startedAt! && bar.finishedAt! <= toolBar.finishedAt!, `${bar.nodeSlug} within find_contacts`);
    }
    assert.equal(view.bars.filter((bar) => bar.slowest).length, 1);
    const spansLists = sim.requests.filter((request) => request.path.endsWith('/spans/list'));
    assert.equal(spansLists.length, 1, 'one spans/list');
    assert.equal((spansLists[0]?.body as { traceUuid?: string }).traceUuid, run.traceUuid, 'by traceUuid');
    const traces = sim.requests.filter((request) => request.path.includes('/traces/'));
    assert.deepEqual(
      traces.map((request) => `${request.method} ${request.path}`),
      [`GET /v1/orchestration/traces/${run.traceUuid}`],
    );
    assert.equal(sim.requests.length, 2, 'nothing else');
    // The trace's totals: the whole lineage, the child run's spans and credits included.
    const trace = await client.getTrace(run.traceUuid);
    assert.deepEqual(view.totals, { spans: 9, credits: trace.creditsUsedCount, status: 'success' });
    assert.equal(
      trace.creditsUsedCount,
      view.bars.reduce((sum, bar) => sum + bar.credits, 0),
    );

    timeline.dispose();
  });
});
