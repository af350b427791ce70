// The runs explorer's presentation of data Cargo sends that is valid but unusual.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { known, type Batch, type Execution, type Run } from '../../../src/api';
import { present } from '../../../src/explorer/presentation';
import type { BatchNode, ExecutionNode, RunNode, WorkflowGroupNode } from '../../../src/explorer/explorerNodes';

const now = Date.parse('2026-11-22T12:00:00.000Z');
const twoHoursAgo = new Date(now - 2 * 3_600_000).toISOString();

function batch(fields: Partial<Batch>): BatchNode {
  const value = {
    uuid: 'b0000000-0000-4000-8000-000000000001',
    workflowUuid: 'w0000000-0000-4000-8000-000000000001',
    status: known('success'),
    runsCount: 3,
    executedRunsCount: 3,
    failedRunsCount: 1,
    creditsUsedCount: 12,
    createdAt: twoHoursAgo,
    updatedAt: twoHoursAgo,
    finishedAt: null,
    ...fields,
  } as Batch;
  return { kind: 'batch', id: `batch:${value.uuid}`, parent: undefined, batch: value, runs: undefined as never };
}

function run(fields: Partial<Run>): RunNode {
  const value = {
    uuid: 'r0000000-0000-4000-8000-000000000001',
    workflowUuid: 'w0000000-0000-4000-8000-000000000001',
    recordId: 'rec-1',
    recordTitle: 'Acme',
    status: known('error'),
    executions: [],
    createdAt: twoHoursAgo,
    updatedAt: twoHoursAgo,
    finishedAt: null,
    ...fields,
  } as Run;
  return { kind: 'run', id: `run:${value.uuid}`, parent: undefined as never, run: value };
}

describe('explorer presentation', () => {
  test('a finished batch without finishedAt is finished, time unknown, not "running for 2 h"', () => {
    const shown = present(batch({}), now);
    assert.doesNotMatch(shown.tooltip ?? '', /Running for/);
    assert.match(shown.tooltip ?? '', /Finished: time unknown/);
    assert.equal(shown.contextValue, 'batch:finished:failed', 'finished, and some of its runs failed (Show Failures shows inline)');
  });

  test('a finished run without finishedAt shows no duration that counts on', () => {
    const shown = present(run({}), now);
    const later = present(run({}), now + 3_600_000);
    assert.doesNotMatch(shown.tooltip ?? '', /Running for/);
    assert.match(shown.tooltip ?? '', /Finished: time unknown/);
    assert.equal(shown.description, '2 h ago', 'when it was created, and no duration measured to now');
    assert.equal(later.description, '3 h ago');
  });

  test('credits of 1e15 read compactly', () => {
    assert.match(present(batch({ creditsUsedCount: 1e15 }), now).description ?? '', /1000T credits/);
  });

  // ---- issue 20 ---------------------------------------------------------------------------------

  /** A tooltip's Markdown source as it reads: the escaping backslashes dropped. */
  const reads = (markdown: string | undefined) => (markdown ?? '').replace(/\\([!-/:-@[-`{-~])/g, '$1');

  test("a batch row leads with its workflow's name, the data kind after it; its hover names the workflow, not its uuid", () => {
    const node = { ...batch({ data: { kind: known('records') } as Batch['data'] }), workflowName: 'New signups enrichment' };
    const shown = present(node, now);
    assert.equal(shown.label, 'New signups enrichment · Records · 2 h ago');
    assert.match(reads(shown.tooltip), /^\*\*Records batch of New signups enrichment\*\*/);
    assert.match(reads(shown.tooltip), /Workflow: New signups enrichment/);
    assert.doesNotMatch(reads(shown.tooltip), /Workflow: w0000000/);
    // Under its workflow's group, the group names it.
    const group = { kind: 'workflow', name: 'New signups enrichment' } as WorkflowGroupNode;
    assert.equal(present({ ...node, parent: group }, now).label, 'Records · 2 h ago');
    // No name to be had: the data kind leads, and the hover has the uuid, the only name there is.
    assert.equal(present(batch({ data: { kind: known('records') } as Batch['data'] }), now).label, 'Records · 2 h ago');
  });

  test('a finished batch with failed runs warns, as unhealthy ones do; without failures it passes', () => {
    const failed = present(batch({ runsCount: 1000, executedRunsCount: 1000, failedRunsCount: 73 }), now);
    assert.deepEqual(failed.icon, { id: 'warning', color: 'list.warningForeground' });
    assert.equal(failed.description, '1k runs · 73 failed · 12 credits', 'a compact row description');
    assert.match(reads(failed.tooltip), /73 of its runs failed/);
    assert.match(reads(failed.tooltip), /Runs: 1,000 \(1,000 finished, 73 failed\)/, 'numbers in full in the hover');
    assert.equal(present(batch({ failedRunsCount: 0 }), now).icon?.id, 'pass');
    assert.equal(present(batch({ status: known('error') }), now).icon?.id, 'error');
  });

  test('hovers say when in local time with how long ago, never as ISO UTC', () => {
    const created = new Date(2026, 10, 22, 9, 3).toISOString();
    const finished = new Date(2026, 10, 22, 9, 5).toISOString();
    const at = new Date(2026, 10, 22, 11, 10).getTime();
    const tooltip = reads(present(batch({ createdAt: created, finishedAt: finished }), at).tooltip);
    assert.match(tooltip, /Created: 22 Nov 2026, 09:03 \(2 h ago\)/);
    assert.match(tooltip, /Finished: 22 Nov 2026, 09:05 \(2 h ago\)/);
    assert.doesNotMatch(tooltip, /\d{4}-\d\d-\d\dT/);
    const runTooltip = reads(present(run({ createdAt: created, finishedAt: finished }), at).tooltip);
    assert.match(runTooltip, /Created: 22 Nov 2026, 09:03 \(2 h ago\)/);
    assert.doesNotMatch(runTooltip, /\d{4}-\d\d-\d\dT/);
  });

  test("an execution row names its node with its slug beside it; a run's hover names the node it failed at", () => {
    const execution = {
      nodeUuid: '9182484e-0000-4000-8000-000000000001',
      nodeSlug: 'clearbit_enrich',
      nodeKind: known('connector'),
      status: known('error'),
      errorMessage: 'Rate limited',
      startedAt: twoHoursAgo,
      finishedAt: twoHoursAgo,
    } as unknown as Execution;
    const runNode = run({ executions: [execution], nodes: [{ uuid: execution.nodeUuid, slug: 'clearbit_enrich', name: 'Enrich contact' }] as Run['nodes'] });
    const row: ExecutionNode = { kind: 'execution', id: 'exec:1', parent: runNode, execution, index: 0, nodeName: 'Enrich contact' };
    const shown = present(row, now);
    assert.equal(shown.label, 'Enrich contact (clearbit_enrich)');
    assert.match(reads(shown.tooltip), /Started: \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d \(2 h ago\)/);
    assert.equal(present({ ...row, nodeName: undefined }, now).label, 'clearbit_enrich', 'the slug alone, never the uuid');
    assert.match(reads(present(runNode, now).tooltip), /Failed at \*\*Enrich contact \(clearbit_enrich\)\*\*/);
  });
});
