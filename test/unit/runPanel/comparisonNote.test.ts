// What a run panel says of a comparison its run is in: the other run by its record, whether the
// baseline was the last success, and the first node that differs (the diff's first line names the same).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunDetails } from '../../../src/api';
import { comparisonNote } from '../../../src/runPanel/comparisonNote';
import { firstDifferenceLine } from '../../../src/runs/comparisonText';
import { Comparisons } from '../../../src/runs/comparisons';
import { parseWorld, wireWorld } from '../support/world';

const base = parseWorld(wireWorld(), 'Workflow', new Error('x')).details;
function runOf(uuid: string, recordTitle: string, status = 'error'): RunDetails {
  const executions = base.run.executions.map((execution, i) => (i === 1 ? { ...execution, status: { ...execution.status, raw: status } } : execution));
  return { ...base, run: { ...base.run, uuid, recordTitle, executions } } as RunDetails;
}
const SUCCESS = '00000000-0000-4000-8000-000000000001';
const FAILED = '00000000-0000-4000-8000-000000000002';

describe('comparisonNote', () => {
  const comparison = new Comparisons().made({ baseline: runOf(SUCCESS, 'Globex', 'success'), run: runOf(FAILED, 'Acme Corp') }, true);

  test('the failed run’s panel: the last success by its record, the node and what differs', () => {
    assert.deepEqual(comparisonNote(comparison, FAILED), {
      text: 'Compared with Globex (last success): first differs at Enrich company (enrich) — status success → error',
      baselineUuid: SUCCESS,
      runUuid: FAILED,
    });
    // The same node as the diff's first line.
    assert.match(firstDifferenceLine(comparison.first), /^First difference: Enrich company \(enrich\): status success → error$/);
  });

  test('the last success’s panel: the other run, and the same pair to open', () => {
    assert.deepEqual(comparisonNote(comparison, SUCCESS), {
      text: 'Compared with Acme Corp (this run as its last success): first differs at Enrich company (enrich) — status success → error',
      baselineUuid: SUCCESS,
      runUuid: FAILED,
    });
  });

  test('a run picked (Compare with…) with no node that differs: "no difference"; a record without a title by its id', () => {
    const alike = new Comparisons().made({ baseline: runOf(SUCCESS, '  '), run: runOf(FAILED, 'Acme Corp') }, false);
    assert.equal(comparisonNote(alike, FAILED).text, 'Compared with rec-1: no difference in status, branch or config');
  });
});
