// The batches the runs explorer lists, against the simulator over real HTTP: named after their
// workflow from the one cache of names (never a request per row), a skipped batch that says so without
// asking, and a status filter that leaves out batches whose counts say they hold no match.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isFinishedBatchStatus } from '../../../src/api';
import { RunsExplorerModel } from '../../../src/explorer/runsExplorerModel';
import type { BatchNode, ExplorerNode } from '../../../src/explorer/explorerNodes';
import { present } from '../../../src/explorer/presentation';
import { fetchWorkflowNames, WorkflowNames } from '../../../src/runs/workflowNames';
import { useSimulator } from '../support/simulator';
import { TestClients } from '../support/clients';

const sim = useSimulator({ seed: 7, stepMs: 150 });

function model(): RunsExplorerModel {
  const clients = new TestClients(sim.client({ retryBaseDelayMs: 5, maxRetryDelayMs: 20, maxRetries: 1 }));
  return new RunsExplorerModel({ pageSize: 50, groupByWorkflow: false }, clients, new WorkflowNames(clients));
}

const requestsTo = (path: string) => sim.requests.filter((r) => r.path.endsWith(path));
const batchesIn = (nodes: readonly ExplorerNode[]) => nodes.filter((n): n is BatchNode => n.kind === 'batch');

describe('runs explorer: batch rows', () => {
  test("a batch row leads with its workflow's name, from the one cache: plays/list and tools/list once, not per row nor per tick", async () => {
    const names = await fetchWorkflowNames(sim.client());
    sim.clearRequests();
    const m = model();
    const batches = batchesIn(await m.children());
    assert.ok(batches.length > 5);
    for (const node of batches) {
      const name = names.get(node.batch.workflowUuid);
      assert.ok(name, 'every seeded workflow has a play or tool');
      assert.ok(present(node).label.startsWith(`${name} · `), `${present(node).label} leads with ${name}`);
      assert.match(present(node).tooltip ?? '', new RegExp(`Workflow: ${name}`));
    }
    assert.equal(requestsTo('/plays/list').length, 1);
    assert.equal(requestsTo('/tools/list').length, 1);
    sim.clearRequests();
    await m.poll(new AbortController().signal);
    await m.children();
    assert.deepEqual(
      sim.requests.filter((r) => /\/(plays|tools)\/list$/.test(r.path)),
      [],
      'a refresh tick and a re-render ask for no name',
    );
    m.dispose();
  });

  test('a skipped batch says it was skipped and will never have runs, without asking Cargo', async () => {
    const m = model();
    const skipped = batchesIn(await m.children()).find((n) => n.batch.status.known === 'skipped');
    assert.ok(skipped, 'the simulator has a skipped batch');
    sim.clearRequests();
    const children = await m.children(skipped);
    assert.deepEqual(
      children.map((n) => (n.kind === 'message' ? n.text : n.kind)),
      ['Skipped: it will never have runs'],
    );
    assert.equal(sim.requests.length, 0, 'its count of runs is final: nothing to ask');
    assert.match(present(skipped).tooltip ?? '', /skipped \(it did not run, and will have no runs\)/);
    m.dispose();
  });

  test('a status filter leaves out finished batches whose counts say they hold no match; those still going stay; no request more', async () => {
    const m = model();
    const all = batchesIn(await m.children());
    const noFailures = all.filter((n) => isFinishedBatchStatus(n.batch.status) && n.batch.failedRunsCount === 0);
    assert.ok(noFailures.length > 0, 'some finished batches have no failed run');
    sim.startBatch({ records: 3, stepMs: 5000 });
    m.setFilter({ runStatuses: ['error'] });
    sim.clearRequests();
    const listed = batchesIn(await m.children());
    assert.ok(listed.length > 0);
    assert.ok(
      listed.every((n) => !isFinishedBatchStatus(n.batch.status) || n.batch.failedRunsCount > 0),
      `listed: ${listed.map((n) => `${n.batch.status.raw}/${n.batch.failedRunsCount}`).join(', ')}`,
    );
    assert.ok(
      listed.some((n) => !isFinishedBatchStatus(n.batch.status)),
      'a batch still going may yet fail: it stays',
    );
    assert.ok(noFailures.every((n) => !listed.some((l) => l.batch.uuid === n.batch.uuid)));
    assert.deepEqual(
      sim.requests.map((r) => r.path),
      ['/v1/orchestration/batches/list'],
      'the page alone (the names are cached): nothing asked per batch',
    );
    m.dispose();
  });
});
