// The Failures view's rows: a summary, the groups (sorted as asked) with their examples, notes and
// node health (most failures first); hostile messages stay text in labels and tooltips.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FailureGroup } from '../../../src/failures/failureGroups';
import type { FailureReport } from '../../../src/failures/failureReport';
import { failuresChildren, failuresRoots, presentFailuresNode } from '../../../src/failures/failuresPresentation';

const hostile = '<img src=x onerror=alert(1)> [click](command:workbench.action.reloadWindow) ‮evil $(alert)\nsecond line';
const group = (key: string, count: number, credits: number, cause = `cause ${key}`): FailureGroup => {
  const runs = Array.from({ length: count }, (_, i) => ({
    runUuid: `run-${key}-${i}`,
    recordId: 'r',
    recordTitle: `Record ${key} ${i}`,
    createdAt: '2026-12-02T10:00:00Z',
    message: hostile,
  }));
  return { key, nodeSlug: `node_${key}`, cause, count, share: count / 1000, creditsSpent: credits, examples: runs.slice(0, 1), runs };
};
const report: FailureReport = {
  batchUuid: 'b',
  totalRuns: 1000,
  failedRuns: 69,
  loadedFailedRuns: 69,
  groups: [group('a', 40, 5), group('b', 20, 90, hostile), group('c', 9, 1)],
  nodeHealth: [
    { nodeUuid: 'n1', nodeSlug: 'start', succeeded: 1000, failed: 0, skipped: 0, cancelled: 0, pending: 0, credits: 0 },
    { nodeUuid: 'n2', nodeSlug: 'enrich', nodeName: 'Enrich', succeeded: 931, failed: 69, skipped: 0, cancelled: 0, pending: 0, credits: 1862 },
  ],
  partial: false,
  requests: 2,
  notes: ['Node health is not available.'],
};

describe('failures view rows', () => {
  test('summary first, then the groups as sorted, the notes, node health', () => {
    const roots = failuresRoots(report, 'Batch Records · 2 h ago', 'count');
    assert.deepEqual(
      roots.map((n) => n.kind),
      ['summary', 'group', 'group', 'group', 'note', 'health'],
    );
    assert.equal(presentFailuresNode(roots[0]!).description, '69 of 1k runs failed (6.9%)');
    assert.deepEqual(
      roots.filter((n) => n.kind === 'group').map((n) => presentFailuresNode(n).label),
      ['40 · node_a', '20 · node_b', '9 · node_c'],
    );
    const byCredits = failuresRoots(report, 't', 'credits').filter((n) => n.kind === 'group');
    assert.equal(presentFailuresNode(byCredits[0]!).label, '20 · node_b');
    const health = failuresChildren(roots.at(-1)!);
    assert.deepEqual(
      health.map((n) => presentFailuresNode(n).label),
      ['Enrich', 'start'],
      'the node that fails most first',
    );
    assert.equal(presentFailuresNode(health[0]!).description, '931 succeeded · 69 failed · 1.9k credits');
  });

  test('hostile messages: one line of text in labels, escaped in tooltips', async () => {
    const { marked } = await import('marked');
    const roots = failuresRoots(report, 't', 'count');
    const hostileGroup = roots.find((n) => n.kind === 'group' && n.group.key === 'b')!;
    const example = failuresChildren(hostileGroup)[0]!;
    for (const node of [hostileGroup, example]) {
      const shown = presentFailuresNode(node);
      assert.doesNotMatch(`${shown.label}${shown.description ?? ''}`, /\n|‮/);
      const html = await marked.parse(shown.tooltip ?? '');
      assert.doesNotMatch(html, /<img|<a /);
    }
  });
});
