// Which batches a status filter can show, from their counts alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { known, type Batch } from '../../../src/api';
import { batchMayMatch, NO_FILTER } from '../../../src/explorer/explorerFilter';
import { emptyListText, type BatchNode } from '../../../src/explorer/explorerNodes';

const counts = (status: string, runsCount: number, executedRunsCount: number, failedRunsCount: number) =>
  ({ status: known(status), runsCount, executedRunsCount, failedRunsCount }) as Pick<Batch, 'status' | 'runsCount' | 'executedRunsCount' | 'failedRunsCount'>;

test('a finished batch is shown under a status filter only when its counts leave room for a match', () => {
  const errors = { runStatuses: ['error' as const] };
  assert.equal(batchMayMatch(counts('success', 1000, 1000, 73), errors), true);
  assert.equal(batchMayMatch(counts('success', 1000, 1000, 0), errors), false);
  const successes = { runStatuses: ['success' as const] };
  assert.equal(batchMayMatch(counts('error', 5, 5, 5), successes), false, 'every run that ran failed');
  assert.equal(batchMayMatch(counts('error', 5, 5, 4), successes), true);
  const others = { runStatuses: ['cancelled' as const, 'skipped' as const] };
  assert.equal(batchMayMatch(counts('cancelled', 40, 12, 1), others), true, '28 runs neither succeeded nor failed');
  assert.equal(batchMayMatch(counts('success', 40, 40, 1), others), false);
  assert.equal(batchMayMatch(counts('success', 40, 40, 1), { runStatuses: ['error', 'success'] }), true);
});

test('a batch still going stays (it may gain any run); without a filter of runs every batch stays; a finished empty one matches nothing', () => {
  assert.equal(batchMayMatch(counts('running', 10, 0, 0), { runStatuses: ['error'] }), true);
  assert.equal(batchMayMatch(counts('success', 10, 10, 0), NO_FILTER), true);
  assert.equal(batchMayMatch(counts('success', 10, 10, 0), { runStatuses: [], workflow: { uuid: 'w', name: 'W' } }), true);
  assert.equal(batchMayMatch(counts('skipped', 0, 0, 0), { runStatuses: [], recordQuery: 'acme' }), false);
});

test('what an empty list says: a skipped batch, a filter that hid every batch, runs the filter hides', () => {
  const batch = (status: string, runsCount = 0) => ({ kind: 'batch', batch: { status: known(status), runsCount } }) as BatchNode;
  assert.equal(emptyListText(batch('skipped'), false), 'Skipped: it will never have runs');
  assert.equal(emptyListText(batch('running'), false), 'No runs yet');
  assert.equal(emptyListText(batch('running', 3), true), 'No runs match the filter');
  assert.equal(emptyListText(batch('success'), false), 'No runs: the batch finished without any');
  assert.equal(emptyListText(undefined, true, 4), 'No batch has runs that match the filter');
  assert.equal(emptyListText(undefined, false), undefined, 'the welcome content speaks for an empty root');
});
