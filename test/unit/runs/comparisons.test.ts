// The comparisons made, kept for the run panels of their runs: the newest per run (on either side),
// one per pair of runs, the last few only, each made known once.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunDetails } from '../../../src/api';
import { Comparisons, isComparisonReference, KEPT_COMPARISONS } from '../../../src/runs/comparisons';
import { parseWorld, wireWorld } from '../support/world';

const base = parseWorld(wireWorld(), 'Workflow', new Error('x')).details;
/** The world's failed run under another uuid, with `status` for its second execution. */
function runOf(uuid: string, status = 'error'): RunDetails {
  const executions = base.run.executions.map((execution, i) => (i === 1 ? { ...execution, status: { ...execution.status, raw: status } } : execution));
  return { ...base, run: { ...base.run, uuid, executions } } as RunDetails;
}
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('Comparisons', () => {
  test('a comparison made is found from either run, with its first difference worked out', () => {
    const comparisons = new Comparisons();
    let changes = 0;
    comparisons.onDidChange(() => changes++);
    assert.equal(comparisons.of(uuid(1)), undefined);
    const made = comparisons.made({ baseline: runOf(uuid(1), 'success'), run: runOf(uuid(2)) }, true);
    assert.equal(changes, 1);
    assert.equal(comparisons.of(uuid(1)), made);
    assert.equal(comparisons.of(uuid(2)), made);
    assert.equal(comparisons.of(uuid(3)), undefined);
    assert.deepEqual(
      { kind: made.first?.kind, left: made.first?.left, right: made.first?.right, node: made.first?.nodeLabel, lastSuccess: made.lastSuccess },
      { kind: 'status', left: 'success', right: 'error', node: 'Enrich company (enrich)', lastSuccess: true },
    );
    assert.equal(comparisons.find(uuid(1), uuid(2)), made);
    assert.equal(comparisons.find(uuid(2), uuid(1)), undefined, 'the sides of a pair are not swapped');
  });

  test('the newest comparison of a run wins; the same pair again replaces the old one', () => {
    const comparisons = new Comparisons();
    const first = comparisons.made({ baseline: runOf(uuid(1), 'success'), run: runOf(uuid(2)) }, true);
    const second = comparisons.made({ baseline: runOf(uuid(3)), run: runOf(uuid(2)) }, false);
    assert.equal(comparisons.of(uuid(2)), second);
    assert.equal(second.first, undefined, 'two runs alike: no difference');
    assert.equal(comparisons.of(uuid(1)), first);
    const again = comparisons.made({ baseline: runOf(uuid(1), 'success'), run: runOf(uuid(2)) }, true);
    assert.equal(comparisons.of(uuid(2)), again);
    assert.equal(comparisons.find(uuid(1), uuid(2)), again);
  });

  test(`only the last ${KEPT_COMPARISONS} comparisons are kept (each holds two whole runs)`, () => {
    const comparisons = new Comparisons();
    for (let i = 0; i <= KEPT_COMPARISONS; i++) comparisons.made({ baseline: runOf(uuid(100 + i)), run: runOf(uuid(200 + i)) }, false);
    assert.equal(comparisons.of(uuid(100)), undefined, 'the oldest is forgotten');
    assert.equal(comparisons.of(uuid(200)), undefined);
    for (let i = 1; i <= KEPT_COMPARISONS; i++) assert.ok(comparisons.of(uuid(200 + i)), `comparison ${i} kept`);
  });

  test('what "Show Comparison" passes: two uuids, nothing else accepted', () => {
    assert.equal(isComparisonReference({ baselineUuid: uuid(1), runUuid: uuid(2) }), true);
    for (const arg of [undefined, null, 'x', { runUuid: uuid(2) }, { baselineUuid: 'not a uuid', runUuid: uuid(2) }, { baselineUuid: uuid(1), runUuid: 7 }])
      assert.equal(isComparisonReference(arg), false, JSON.stringify(arg));
  });
});
