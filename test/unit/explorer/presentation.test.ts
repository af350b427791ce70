// The runs explorer's presentation of data Cargo sends that is valid but unusual.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { known, type Batch, type Run } from '../../../src/api';
import { present } from '../../../src/explorer/presentation';
import type { BatchNode, RunNode } from '../../../src/explorer/explorerNodes';

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
});
