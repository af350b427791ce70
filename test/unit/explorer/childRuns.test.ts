// The runs a run started, in the Runs view's model, on hand-made spans (the simulator's Qualify lead
// runs in childRunsSimulator.test.ts): a tool execution with a child run expands into that run's
// executions from one spans/list by traceUuid (through the shared cache of lineages), at any depth; an
// error is a row with Retry; a live child run is asked again once when its run row changed, never else.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CargoClient, ListSpansParams, Run, Span, SpansPage } from '../../../src/api';
import { RunSchema } from '../../../src/api/runSchemas';
import type { ChildExecutionNode, ExecutionNode, ExplorerNode, RunNode, WorkflowRunsNode } from '../../../src/explorer/explorerNodes';
import { present } from '../../../src/explorer/presentation';
import { RunsExplorerModel } from '../../../src/explorer/runsExplorerModel';
import { targetOfNode } from '../../../src/explorer/target';
import { WorkflowNames } from '../../../src/runs/workflowNames';
import { TraceLineages } from '../../../src/runs/traceLineages';
import { TestClients } from '../support/clients';
import { at, handSpan, TRACE } from '../support/handSpans';

const span = handSpan;

/**
 * The parent run (4 executions; the third, `find_contacts`, started `child`), the child run (3; its
 * second started `grandchild`), the grandchild (2). `live`: the child's last execution is pending.
 */
function lineageSpans(live = false): Span[] {
  const childOf = (parent: string, node: string) => ({ parentRunUuid: parent, parentNodeUuid: node });
  return [
    span('parent', 0, { nodeSlug: 'start' }),
    span('parent', 1, { nodeSlug: 'enrich' }),
    span('parent', 2, { nodeUuid: 'tool-node', nodeSlug: 'find_contacts', nodeKind: 'tool', nodeRunUuid: 'child' }),
    span('parent', 3, { nodeSlug: 'end' }),
    span('child', 0, { ...childOf('parent', 'tool-node'), nodeSlug: 'start', nodeNextUuid: 'x' }),
    span('child', 1, { ...childOf('parent', 'tool-node'), nodeSlug: 'search_contacts', nodeKind: 'tool', nodeRunUuid: 'grandchild', nodeNextUuid: 'y' }),
    live
      ? span('child', 2, { ...childOf('parent', 'tool-node'), nodeSlug: 'end', executionStatus: 'pending', executionFinishedAt: null })
      : span('child', 2, { ...childOf('parent', 'tool-node'), nodeSlug: 'end' }),
    span('grandchild', 0, { ...childOf('child', 'child-node-1'), nodeSlug: 'start' }),
    span('grandchild', 1, { ...childOf('child', 'child-node-1'), nodeSlug: 'lookup' }),
  ];
}

function parentRun(fields: Record<string, unknown> = {}): Run {
  const spans = lineageSpans().filter((s) => s.runUuid === 'parent');
  return RunSchema.schema.parse({
    uuid: 'parent',
    workflowUuid: 'wf-parent',
    traceUuid: TRACE,
    recordId: 'rec-parent',
    recordTitle: 'Acme Corp',
    status: 'success',
    createdAt: at(0),
    updatedAt: at(5),
    finishedAt: at(5),
    executions: spans.map((s) => ({
      nodeUuid: s.nodeUuid,
      nodeSlug: s.nodeSlug,
      nodeKind: s.nodeKind.raw,
      status: 'success',
      nodeRunUuid: s.nodeRunUuid ?? null,
      startedAt: s.executionStartedAt,
      finishedAt: s.executionFinishedAt,
    })),
    ...fields,
  });
}

/** A client whose spans/list answers from `spans()` (what Cargo has now), counting its calls; `fail` makes it fail. */
function spansClient(spans: () => readonly Span[]) {
  const calls: ListSpansParams[] = [];
  const state = { fail: false };
  const client = {
    listSpans: async (params: ListSpansParams): Promise<SpansPage> => {
      calls.push(params);
      if (state.fail) throw new Error('Cargo did not answer');
      const all = spans();
      return { spans: all.slice(0, params.limit ?? 100), count: all.length };
    },
  } as unknown as CargoClient;
  return { client, calls, state };
}

function world(spans: () => readonly Span[] = () => lineageSpans(), run = parentRun()) {
  const { client, calls, state } = spansClient(spans);
  const clients = new TestClients(client);
  const lineages = new TraceLineages(clients);
  const model = new RunsExplorerModel({ pageSize: 50, groupByWorkflow: false }, clients, new WorkflowNames(clients), undefined, lineages);
  // A run row as a list would have it (the lists are not asked here).
  const row: RunNode = { kind: 'run', id: 'run:parent', parent: { kind: 'workflowRuns', id: 'allRuns' } as unknown as WorkflowRunsNode, run };
  const fired: string[] = [];
  model.onDidChange((node) => fired.push(node?.id ?? 'root'));
  return { model, row, calls, state, fired, lineages };
}

async function executionsOf(model: RunsExplorerModel, node: ExplorerNode): Promise<(ExecutionNode | ChildExecutionNode)[]> {
  return (await model.children(node)).filter((n): n is ExecutionNode | ChildExecutionNode => n.kind === 'execution' || n.kind === 'childExecution');
}

async function toolExecution(model: RunsExplorerModel, row: RunNode): Promise<ExecutionNode> {
  const tool = (await executionsOf(model, row)).find((n) => n.execution.nodeSlug === 'find_contacts');
  assert.ok(tool && tool.kind === 'execution');
  return tool;
}

describe("the Runs view: the runs a run's executions started", () => {
  test("a tool execution with a child run expands into the child's 3 executions, from one spans/list by traceUuid", async () => {
    const { model, row, calls } = world();
    const executions = await executionsOf(model, row);
    assert.deepEqual(
      executions.map((n) => model.isExpandable(n)),
      [false, false, true, false],
      'only the execution that started a run expands',
    );
    const tool = await toolExecution(model, row);
    assert.equal(calls.length, 0, 'nothing asked before it is expanded');
    const children = await executionsOf(model, tool);
    assert.equal(calls.length, 1, 'one request');
    assert.equal(calls[0]?.traceUuid, TRACE);
    assert.ok(Date.parse(String(calls[0]?.executionStartedAfter)) < Date.parse(row.run.createdAt), 'from before the run row was created');
    assert.deepEqual(
      children.map((n) => [n.kind, n.kind === 'childExecution' ? n.runUuid : undefined, n.index, present(n).label]),
      [
        ['childExecution', 'child', 0, 'start'],
        ['childExecution', 'child', 1, 'search_contacts'],
        ['childExecution', 'child', 2, 'end'],
      ],
    );
    assert.equal(new Set(children.map((n) => n.id)).size, 3, 'ids of their own');
    assert.ok(children.every((n) => n.parent === tool));
    assert.match(present(tool).contextValue, /^execution:success:childRun$/, 'the row offers Open Child Run');
    assert.equal(present(children[0] as ExplorerNode).contextValue, 'childExecution:success');
    assert.match(present(tool).tooltip ?? '', /Started run: child/);
  });

  test('a child execution that started a run expands again, from the same lineage: no more requests', async () => {
    const { model, row, calls } = world();
    const tool = await toolExecution(model, row);
    const search = (await executionsOf(model, tool)).find((n) => n.execution.nodeSlug === 'search_contacts');
    assert.ok(search && model.isExpandable(search));
    assert.equal(present(search).contextValue, 'childExecution:success:childRun');
    const grandchildren = await executionsOf(model, search);
    assert.deepEqual(
      grandchildren.map((n) => present(n).label),
      ['start', 'lookup'],
    );
    await executionsOf(model, tool);
    assert.equal(calls.length, 1, 'one spans/list for the whole lineage, any depth');
  });

  test('Open Child Run and Open Run take the row: the child run, at that execution', async () => {
    const { model, row } = world();
    const tool = await toolExecution(model, row);
    const target = targetOfNode(tool);
    assert.equal(target?.kind === 'run' ? target.execution?.execution.nodeRunUuid : undefined, 'child');
    const [first] = await executionsOf(model, tool);
    assert.deepEqual(targetOfNode(first as ExplorerNode), {
      kind: 'run',
      runUuid: 'child',
      execution: { index: 0, execution: (first as ChildExecutionNode).execution },
    });
  });

  test('an error loading the child executions is a row with Retry: not asked again until Retry', async () => {
    const { model, row, calls, state, fired } = world();
    const tool = await toolExecution(model, row);
    state.fail = true;
    const failed = await model.children(tool);
    assert.equal(failed.length, 1);
    assert.equal(failed[0]?.kind, 'error');
    assert.equal(failed[0]?.parent, tool);
    assert.equal(present(failed[0] as ExplorerNode).description, 'Retry');
    assert.match(present(failed[0] as ExplorerNode).label, /Cargo did not answer/);
    await model.children(tool);
    assert.equal(calls.length, 1, 'shown again: the error, not a silent retry');
    state.fail = false;
    fired.length = 0;
    await model.retry(tool);
    assert.deepEqual(fired, [tool.id], 'Retry re-renders the row');
    assert.equal((await executionsOf(model, tool)).length, 3);
    assert.equal(calls.length, 2);
  });

  test('a live child run: asked again once when its run row changed, never when it did not, nor once it finished', async () => {
    let live = true;
    const { model, row, calls } = world(() => lineageSpans(live), parentRun({ status: 'running', finishedAt: null }));
    const tool = await toolExecution(model, row);
    const search = (await executionsOf(model, tool)).find((n) => n.execution.nodeSlug === 'search_contacts') as ChildExecutionNode;
    assert.equal((await executionsOf(model, tool)).at(-1)?.execution.status.known, 'pending');
    await executionsOf(model, search);
    assert.equal(calls.length, 1);

    // The tree shows them again with the run row unchanged (a tick where nothing changed): nothing asked.
    await executionsOf(model, row);
    await executionsOf(model, tool);
    await executionsOf(model, search);
    assert.equal(calls.length, 1, 'nothing changed: no request');

    // A refresh tick replaced the run row's data: the child's executions are asked again, once for both expanded rows.
    live = false;
    row.run = { ...row.run, updatedAt: at(6) };
    await executionsOf(model, row);
    assert.equal((await executionsOf(model, tool)).at(-1)?.execution.status.known, 'success');
    await executionsOf(model, search);
    assert.equal(calls.length, 2, 'one fresh request for the change');

    // The child run has finished: another change of the row asks nothing more.
    row.run = { ...row.run, updatedAt: at(7) };
    await executionsOf(model, tool);
    await executionsOf(model, search);
    assert.equal(calls.length, 2);
  });

  test('Refresh asks each trace of Cargo again once; another filter reads the cache', async () => {
    const { model, row, calls } = world();
    const tool = await toolExecution(model, row);
    await executionsOf(model, tool);
    model.setFilter({ ...model.currentFilter });
    await executionsOf(model, tool);
    assert.equal(calls.length, 1, 'shown afresh from the cache');
    model.refreshAll();
    await executionsOf(model, tool);
    await executionsOf(model, tool);
    assert.equal(calls.length, 2, 'Refresh: asked again, once');
  });

  test('a run row without a trace, or an execution naming its own run (hostile data), does not expand', async () => {
    const noTrace = world(undefined, parentRun({ traceUuid: undefined }));
    assert.equal(noTrace.model.isExpandable(await toolExecution(noTrace.model, noTrace.row)), false);
    const loop = world(undefined, parentRun());
    const self = { ...(await toolExecution(loop.model, loop.row)) };
    const looping: ExecutionNode = { ...self, execution: { ...self.execution, nodeRunUuid: 'parent' } };
    assert.equal(loop.model.isExpandable(looping), false);
  });
});
