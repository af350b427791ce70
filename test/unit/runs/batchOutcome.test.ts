// How a batch stands: one rule for the Runs view's row and the Failures view's header. Cargo marks a
// batch `success` once it went through its records, whatever its runs did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { known } from '../../../src/api';
import { batchOutcome, batchOutcomeIcon, type BatchState } from '../../../src/runs/batchOutcome';

const state = (status: string, failedRunsCount = 0, runsStatus?: 'healthy' | 'unhealthy'): BatchState =>
  ({ status: known(status), runsStatus: runsStatus ? known(runsStatus) : null, failedRunsCount }) as BatchState;

test('a finished batch with failed runs warns ("1k runs · 73 failed" is no success); without any it succeeded', () => {
  assert.equal(batchOutcome(state('success', 73)), 'someFailed');
  assert.deepEqual(batchOutcomeIcon('someFailed'), { id: 'warning', color: 'list.warningForeground' });
  assert.equal(batchOutcome(state('success', 0)), 'succeeded');
  assert.equal(batchOutcomeIcon('succeeded').id, 'pass');
});

test('an unhealthy batch warns as before; a failed batch fails; the rest by their status', () => {
  assert.equal(batchOutcome(state('running', 12, 'unhealthy')), 'someFailed');
  assert.equal(batchOutcome(state('error', 3, 'unhealthy')), 'failed');
  assert.equal(batchOutcome(state('running', 3)), 'running', 'still going: its failures so far do not decide it');
  assert.equal(batchOutcome(state('pending')), 'pending');
  assert.equal(batchOutcome(state('cancelled', 2)), 'cancelled');
  assert.equal(batchOutcome(state('skipped')), 'skipped');
  assert.equal(batchOutcome({ status: { known: 'unknown', raw: 'paused' }, runsStatus: null, failedRunsCount: 0 } as unknown as BatchState), 'unknown');
});
