// The runs a run started, in the Runs view's model, against the simulator over real HTTP (issue 23):
// the Qualify lead run `withChildRun` expands at its find_contacts tool execution into the 3 executions
// of its Find contacts child run, from one spans/list by traceUuid; and a live one is pinned by its
// requests: a refresh tick where nothing changed is one request whatever is expanded, a tick where the
// parent run changed while its child had not finished asks the child's executions again, once.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../../simulator';
import { CargoClient } from '../../../src/api/client';
import type { BatchNode, ExecutionNode, ExplorerNode, RunNode, WorkflowGroupNode, WorkflowRunsNode } from '../../../src/explorer/explorerNodes';
import { present } from '../../../src/explorer/presentation';
import { RunsExplorerModel } from '../../../src/explorer/runsExplorerModel';
import { WorkflowNames } from '../../../src/runs/workflowNames';
import { TraceLineages } from '../../../src/runs/traceLineages';
import { TestClients } from '../support/clients';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

const described = (sim: Simulator) =>
  sim.requests.filter((r) => r.path.startsWith('/v1/')).map((r) => `${r.method} ${r.path.replace('/v1/orchestration/', '')}`);
const spansLists = (sim: Simulator) => sim.requests.filter((r) => r.path.endsWith('/spans/list'));

function world(sim: Simulator, groupByWorkflow: boolean) {
  const client = new CargoClient({ baseUrl: sim.url, token: sim.token, retryBaseDelayMs: 5, maxRetryDelayMs: 20, maxRetries: 0 });
  const clients = new TestClients(client);
  let lineageRequests = 0;
  const model = new RunsExplorerModel(
    { pageSize: 100, groupByWorkflow },
    clients,
    new WorkflowNames(clients),
    undefined,
    new TraceLineages(clients),
    () => lineageRequests++,
  );
  return { client, model, lineageRequests: () => lineageRequests };
}

async function expand(m: RunsExplorerModel, node: ExplorerNode): Promise<ExplorerNode[]> {
  m.setExpanded(node, true);
  return m.children(node);
}

function findContacts(executions: readonly ExplorerNode[]): ExecutionNode {
  const tool = executions.find((n): n is ExecutionNode => n.kind === 'execution' && n.execution.nodeSlug === 'find_contacts');
  assert.ok(tool, 'the run has a find_contacts execution');
  return tool;
}

describe('the Runs view against the simulator: the runs a run started', () => {
  test("withChildRun: its find_contacts execution expands into the child run's 3 executions, from one spans/list by traceUuid", async () => {
    const sim = await startSimulator({ port: 0, seed: 7 });
    const { model: m } = world(sim, true);
    try {
      const group = (await m.children()).find((n): n is WorkflowGroupNode => n.kind === 'workflow' && n.workflowUuid === sim.fixtures.workflows.qualifyLead);
      assert.ok(group, 'Qualify lead has a group');
      const allRuns = (await expand(m, group)).find((n): n is WorkflowRunsNode => n.kind === 'workflowRuns');
      assert.ok(allRuns);
      const row = (await expand(m, allRuns)).find((n): n is RunNode => n.kind === 'run' && n.run.uuid === sim.fixtures.runs.withChildRun);
      assert.ok(row, 'withChildRun is listed under All runs');
      const executions = await expand(m, row);
      assert.equal(executions.length, 6);
      assert.deepEqual(
        executions.filter((n) => m.isExpandable(n)).map((n) => (n.kind === 'execution' ? n.execution.nodeSlug : n.kind)),
        ['find_contacts'],
        'only the tool execution that started a run expands',
      );
      const tool = findContacts(executions);
      sim.clearRequests();
      const children = await expand(m, tool);
      assert.deepEqual(described(sim), ['POST spans/list'], 'one request');
      assert.equal((sim.requests[0]?.body as { traceUuid?: string }).traceUuid, row.run.traceUuid);
      assert.deepEqual(
        children.map((n) => [n.kind, present(n).label, n.kind === 'childExecution' ? n.execution.status.known : undefined]),
        [
          ['childExecution', 'start', 'success'],
          ['childExecution', 'search_contacts', 'success'],
          ['childExecution', 'end', 'success'],
        ],
      );
      assert.ok(children.every((n) => n.kind === 'childExecution' && n.runUuid === tool.execution.nodeRunUuid));
      sim.clearRequests();
      await m.children(tool);
      await m.children(row);
      assert.deepEqual(described(sim), [], 'shown again: nothing asked');
    } finally {
      m.dispose();
      await sim.close();
    }
  });

  test('a live Qualify lead run: a tick where nothing changed is 1 request with the child expanded; the parent changed: its child asked again once', async () => {
    const sim = await startSimulator({ port: 0, seed: 21 });
    sim.advanceTime(2 * HOUR);
    sim.freezeTime();
    const { client, model: m, lineageRequests } = world(sim, false);
    try {
      const batchUuid = sim.startBatch({ workflowUuid: sim.fixtures.workflows.qualifyLead, records: 1, failedRuns: 0, stepMs: MINUTE });
      // On until the tool execution runs and its child run has started, not finished.
      const childStarted = async () => {
        const [run] = (await client.listRuns({ batchUuid, limit: 1, offset: 0 })).runs;
        const tool = run?.executions.find((e) => e.nodeSlug === 'find_contacts');
        if (!run || tool?.status.known !== 'pending' || !tool.nodeRunUuid) return false;
        const child = (await client.getRun(tool.nodeRunUuid)).run;
        return child.executions.length > 0 && child.status.known === 'running';
      };
      for (let i = 0; i < 200 && !(await childStarted()); i++) sim.advanceTime(5 * SECOND);
      assert.ok(await childStarted(), 'the child run is under way');

      const batch = (await m.children()).find((n): n is BatchNode => n.kind === 'batch' && n.batch.uuid === batchUuid);
      assert.ok(batch);
      const [row] = (await expand(m, batch)).filter((n): n is RunNode => n.kind === 'run');
      assert.ok(row);
      const tool = findContacts(await expand(m, row));
      sim.clearRequests();
      const before = await expand(m, tool);
      assert.equal(spansLists(sim).length, 1);
      assert.ok(before.length >= 1 && before.length < 3, `the child run's executions so far (${before.length})`);

      for (let i = 0; i < 3; i++) {
        sim.clearRequests();
        await m.poll(new AbortController().signal);
        // What the tree asks again when it shows the rows.
        await m.children(row);
        await m.children(tool);
        assert.deepEqual(described(sim), ['POST runs/list'], `tick ${i + 1} where nothing changed: the usual one request`);
      }

      // On until the tool execution has finished: the parent run changed, its child (as last seen) had not finished.
      const toolFinished = async () =>
        (await client.getRun(row.run.uuid)).run.executions.find((e) => e.nodeSlug === 'find_contacts')?.status.known === 'success';
      for (let i = 0; i < 200 && !(await toolFinished()); i++) sim.advanceTime(5 * SECOND);
      sim.clearRequests();
      await m.poll(new AbortController().signal);
      assert.equal(spansLists(sim).length, 0, 'the tick itself asks no spans');
      const asked = lineageRequests();
      await m.children(row);
      const after = await m.children(tool);
      await m.children(tool);
      assert.equal(spansLists(sim).length, 1, "the child run's executions asked again, once");
      assert.equal(lineageRequests(), asked + 1);
      assert.deepEqual(
        after.map((n) => (n.kind === 'childExecution' ? `${n.execution.nodeSlug}:${n.execution.status.known}` : n.kind)),
        ['start:success', 'search_contacts:success', 'end:success'],
      );

      // The child has finished: later changes of the parent ask nothing more of it.
      sim.advanceTime(3 * MINUTE);
      sim.clearRequests();
      await m.poll(new AbortController().signal);
      await m.children(row);
      await m.children(tool);
      assert.equal(spansLists(sim).length, 0);
    } finally {
      m.dispose();
      await sim.close();
    }
  });
});
