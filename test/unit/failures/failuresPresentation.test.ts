// The Failures view's rows: a summary, the groups (sorted as asked) with their examples, notes and
// node health (most failures first); hostile messages stay text in labels and tooltips.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FailureGroup } from '../../../src/failures/failureGroups';
import { loadFailureReport, loadWorkflowHealth, type FailureReport } from '../../../src/failures/failureReport';
import { failuresChildren, failuresRoots, presentFailuresNode, RUNS_PAGE } from '../../../src/failures/failuresPresentation';
import { batchOutcome, batchOutcomeIcon } from '../../../src/runs/batchOutcome';
import { useSimulator } from '../support/simulator';

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
    // A sentence: its numbers in full ("1,000", not "1k").
    assert.equal(presentFailuresNode(roots[0]!).description, '69 of 1,000 runs failed (6.9%)');
    assert.deepEqual(
      roots.filter((n) => n.kind === 'group').map((n) => presentFailuresNode(n).label),
      ['40 · node_a', '20 · node_b', '9 · node_c'],
    );
    const byCredits = failuresRoots(report, 't', 'credits').filter((n) => n.kind === 'group');
    assert.equal(presentFailuresNode(byCredits[0]!).label, '20 · node_b');
    const health = failuresChildren(roots.at(-1)!);
    assert.deepEqual(
      health.map((n) => presentFailuresNode(n).label),
      // Issue 20: named as every node is (nodeLabel): a slug that is the name but for case adds nothing.
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

describe("the header's state: the Runs view's rule", () => {
  const sim = useSimulator({ seed: 7 });

  test('a finished batch with failed runs warns in the header as its row does, not as a failure of the batch', async () => {
    const client = sim.client();
    const batch = await client.getBatch(sim.fixtures.batches.large);
    assert.equal(batch.status.known, 'success');
    assert.ok(batch.failedRunsCount > 0, 'finished, with failed runs');
    const report = await loadFailureReport(client, batch);
    const header = presentFailuresNode(failuresRoots(report, 'Batch', 'count')[0]!);
    assert.deepEqual(header.icon, { id: 'warning', color: 'list.warningForeground' });
    assert.deepEqual(header.icon, batchOutcomeIcon(batchOutcome(batch)), 'the one rule');
    const failed = await client.getBatch(sim.fixtures.batches.failed);
    assert.equal(
      presentFailuresNode(failuresRoots(await loadFailureReport(client, failed), 'Batch', 'count')[0]!).icon?.id,
      'error',
      'a batch that failed fails',
    );
  });

  test("node health speaks the user's words, not the API's", async () => {
    const workflow = await loadWorkflowHealth(sim.client(), sim.fixtures.workflows.tool);
    const rows = failuresRoots(workflow, 'Workflow Enrich lead', 'count');
    assert.ok(rows.some((n) => n.kind === 'health') && rows.some((n) => n.kind === 'note'));
    for (const row of rows) {
      const shown = presentFailuresNode(row);
      assert.doesNotMatch(`${shown.label} ${shown.description ?? ''} ${shown.tooltip ?? ''}`, /runs\/metrics|runs\/list/);
    }
  });
});

describe('failures view wording and node names (issue 20)', () => {
  test('node health rows: "Name (slug)", the slug, or "Unknown node" with the short id only in the hover', () => {
    const health = failuresChildren(
      failuresRoots(
        {
          ...report,
          nodeHealth: [
            { nodeUuid: '9182484e-1111-4111-8111-111111111111', succeeded: 3, failed: 2, skipped: 0, cancelled: 0, pending: 0, credits: 0 },
            {
              nodeUuid: '863921b2-2222-4222-8222-222222222222',
              nodeSlug: 'clearbit_enrich',
              nodeName: 'Enrich person',
              succeeded: 5,
              failed: 1,
              skipped: 0,
              cancelled: 0,
              pending: 0,
              credits: 5,
            },
            { nodeUuid: 'a1b2c3d4-3333-4333-8333-333333333333', nodeSlug: 'start', succeeded: 9, failed: 0, skipped: 0, cancelled: 0, pending: 0, credits: 0 },
          ],
        },
        't',
        'count',
      ).at(-1)!,
    );
    const shown = health.map((n) => presentFailuresNode(n));
    assert.deepEqual(
      shown.map((item) => item.label),
      ['Unknown node', 'Enrich person (clearbit_enrich)', 'start'],
    );
    for (const item of shown) assert.doesNotMatch(`${item.label} ${item.description ?? ''}`, /9182484e|863921b2|a1b2c3d4/, 'no id in a row');
    assert.match(shown[0]?.tooltip ?? '', /Unknown node\*\* \(id 9182484e\)/);
    assert.doesNotMatch(shown[1]?.tooltip ?? '', /863921b2/);
  });

  test('no API words; numbers in sentences in full', () => {
    const big: FailureReport = {
      ...report,
      totalRuns: 12_345,
      failedRuns: 1_234,
      loadedFailedRuns: 1_000,
      groups: [group('a', 1_234, 5_678)],
      partial: true,
      requests: 14,
    };
    const roots = failuresRoots(big, 't', 'count');
    const everything = [...roots, ...roots.flatMap((n) => failuresChildren(n))].map((n) => presentFailuresNode(n));
    const text = everything.map((item) => `${item.label} ${item.description ?? ''} ${item.tooltip ?? ''}`).join('\n');
    assert.doesNotMatch(text, /runs\/metrics|runs\/list|endpoint/);
    const summary = everything[0]!;
    assert.equal(summary.description, '1,234 of 12,345 runs failed (10%) · 1,000 loaded · stopped early');
    assert.match(summary.tooltip ?? '', /1 cause, 14 requests to Cargo/);
    const groupRow = everything.find((item) => item.contextValue === 'failureGroup')!;
    assert.match(groupRow.tooltip ?? '', /\*\*1,234 runs\*\* \(/);
    assert.match(groupRow.tooltip ?? '', /Credits spent by these runs: 5,678/);
  });
});

describe('"Show all N runs" under a failure group (issue 20)', () => {
  const big = group('big', 120, 0);
  const withExamples = { ...big, examples: big.runs.slice(0, 3) };
  const groupNode = failuresRoots({ ...report, groups: [withExamples] }, 't', 'count').find((n) => n.kind === 'group')!;
  const runsOf = (rows: ReturnType<typeof failuresChildren>) =>
    rows.filter((n) => n.kind === 'example').map((n) => (n.kind === 'example' ? n.example.runUuid : ''));

  test('the newest 3, then "Show all 120 runs"; then pages of RUNS_PAGE with "Load more (N remaining)", until every run is listed', () => {
    const first = failuresChildren(groupNode);
    assert.deepEqual(runsOf(first), ['run-big-0', 'run-big-1', 'run-big-2']);
    const more = first.at(-1)!;
    assert.equal(more.kind, 'moreRuns');
    assert.equal(presentFailuresNode(more).label, 'Show all 120 runs');

    const page1 = failuresChildren(groupNode, new Map([[big.key, RUNS_PAGE]]));
    assert.deepEqual(
      runsOf(page1),
      big.runs.slice(0, RUNS_PAGE).map((r) => r.runUuid),
    );
    assert.equal(presentFailuresNode(page1.at(-1)!).label, `Load more (${120 - RUNS_PAGE} remaining)`);
    // The examples' rows keep their ids: the tree keeps them in place.
    assert.deepEqual(
      page1.slice(0, 3).map((n) => n.id),
      first.slice(0, 3).map((n) => n.id),
    );

    const all = failuresChildren(groupNode, new Map([[big.key, 3 * RUNS_PAGE]]));
    assert.deepEqual(
      runsOf(all),
      big.runs.map((r) => r.runUuid),
    );
    assert.ok(
      all.every((n) => n.kind === 'example'),
      'no more row once all are listed',
    );
    assert.equal(new Set(all.map((n) => n.id)).size, all.length);
  });

  test('a group whose runs are all shown has no such row', () => {
    const small = group('small', 3, 0);
    const node = failuresRoots({ ...report, groups: [{ ...small, examples: small.runs }] }, 't', 'count').find((n) => n.kind === 'group')!;
    assert.ok(failuresChildren(node).every((n) => n.kind === 'example'));
  });
});
