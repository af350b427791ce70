// "Show Failures" from the palette with nothing to act on: the pick of recent batches, those with failed
// runs first, each named as the Runs view names it (issue 20).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchSchema, type Batch } from '../../../src/api/batchSchemas';
import { batchPickRows } from '../../../src/failures/batchPicks';
import { batchLabel } from '../../../src/runs/labels';

const NOW = Date.parse('2026-03-12T12:00:00Z');

function batch(uuid: string, minutesAgo: number, failed: number, status = 'success', kind = 'records'): Batch {
  const createdAt = new Date(NOW - minutesAgo * 60_000).toISOString();
  return BatchSchema.parse({
    uuid,
    workflowUuid: `wf-${uuid}`,
    releaseUuid: null,
    data: { kind },
    status,
    runsStatus: null,
    errorMessage: null,
    runsCount: 1000,
    executedRunsCount: 1000,
    failedRunsCount: failed,
    createdAt,
    updatedAt: createdAt,
    finishedAt: status === 'running' ? null : createdAt,
  });
}

describe('the batch pick of Show Failures', () => {
  test('batches with failed runs first, newest first in each part; named like the Runs view', () => {
    const batches = [batch('a', 5, 0), batch('b', 60, 73), batch('c', 2, 0), batch('d', 1, 4, 'running'), batch('e', 3000, 12)];
    const rows = batchPickRows(batches, new Map([['wf-b', 'New signups enrichment']]), NOW);
    assert.deepEqual(
      rows.withFailures.map((r) => r.batch.uuid),
      ['d', 'b', 'e'],
    );
    assert.deepEqual(
      rows.withoutFailures.map((r) => r.batch.uuid),
      ['c', 'a'],
    );
    const b = rows.withFailures[1]!;
    assert.equal(b.label, `$(warning) ${batchLabel(b.batch, 'New signups enrichment', NOW)}`);
    assert.equal(b.label, '$(warning) New signups enrichment · Records · 1 h ago', "a finished batch with failed runs warns, as the Runs view's row does");
    assert.equal(b.detail, '73 of 1,000 runs failed');
    assert.equal(rows.withFailures[0]!.detail, '4 of 1,000 runs failed so far (still running)');
    assert.equal(rows.withoutFailures[0]!.label, '$(pass) Records · 2 min ago', 'no name known: none made up');
    assert.equal(rows.withoutFailures[0]!.detail, '1,000 runs, none failed');
  });

  test('no batches: no rows', () => {
    assert.deepEqual(batchPickRows([], new Map()), { withFailures: [], withoutFailures: [] });
  });
});
