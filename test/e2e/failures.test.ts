// The Failures view as a new user meets it (issue 20), in a real VS Code against the simulator: "Cargo:
// Show Failures" from the palette offers the recent batches; node health names its nodes as the release
// does; a cause lists all its runs, page by page, without asking Cargo again; Sign Out clears what the
// old token loaded.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { selectBatchRow, signIn, useSession, waitFor, simulatorOf, simulatorClient } from './harness';
import { fetchWorkflowNames } from '../../src/runs/workflowNames';
import { batchKindLabel, nodeLabel } from '../../src/runs/labels';

/** Runs in the large batch: enough failures (128, 76 of them for one cause) for more than one page of a cause's runs. */
const SCALE = 2000;

describe('Failures view', { timeout: 600_000 }, () => {
  const s = useSession({
    simulator: { seed: 1, token: 'dev-token', stepMs: 300, scale: SCALE },
    settings: { 'cargo.autoRefreshIntervalSeconds': 2 },
    viewport: { width: 1400, height: 1000 },
  });
  const sim = () => simulatorOf(s);
  const client = () => simulatorClient(s);
  type View = Awaited<ReturnType<typeof s.wb.openView>>;

  /** Selects the batch's row in the Runs view, then runs "Cargo: Show Failures" (on the selection). */
  async function showFailuresOf(batchUuid: string): Promise<View> {
    await selectBatchRow(s.wb, await s.wb.openView('Runs'), client(), batchUuid);
    await s.wb.runCommand('Cargo: Show Failures');
    const failuresView = await s.wb.openView('Failures');
    await waitFor('the report', async () => (await s.wb.treeItems(failuresView)).find((item) => / runs failed/.test(item.description)), 30_000);
    return failuresView;
  }

  /** The rows of the Failures view under a row (its children as rendered, and how many it has: the list is virtual). */
  async function childrenOf(view: View, label: RegExp): Promise<{ labels: string[]; setSize: number }> {
    const items = await s.wb.treeItems(view);
    const index = items.findIndex((item) => label.test(item.label));
    assert.ok(index >= 0, `a row ${String(label)}`);
    const level = items[index]?.level ?? 1;
    const labels: string[] = [];
    for (const item of items.slice(index + 1)) {
      if (item.level <= level) break;
      if (item.level === level + 1) labels.push(item.label);
    }
    const first = s.wb.treeRows(view).nth(index + 1);
    const setSize = labels.length > 0 ? Number(await first.getAttribute('aria-setsize')) : 0;
    return { labels, setSize };
  }

  test('"Cargo: Show Failures" from the palette with nothing selected: a pick of the recent batches, those with failed runs first, in one request', async () => {
    const runsView = await s.wb.openView('Runs');
    await signIn(s.wb, sim().token);
    await s.wb.waitForTreeItem(runsView, / · .+ ago$/);
    const since = Date.now();
    await s.wb.runCommand('Cargo: Show Failures');
    await s.wb.waitForQuickPickItems(/which batch/);
    // The extension's (the test asks Cargo itself below).
    const picks = sim().requests.filter(
      (r) => r.time >= since && r.path.endsWith('/batches/list') && r.query.offset === undefined && r.query['uuids[]'] === undefined,
    );
    assert.equal(picks.length, 1, 'one request for the list');
    // The list is virtual: walk it with the keyboard, reading each row as it gets the focus.
    const list = s.wb.quickInput().locator('.quick-input-list .monaco-list-row');
    const total = Number(await list.first().getAttribute('aria-setsize'));
    const rows: string[] = [];
    for (let i = 0; i < total; i++) {
      const focused = list.and(s.wb.page.locator('.focused'));
      rows.push((await focused.first().innerText()).replace(/\s+/g, ' ').trim());
      await s.wb.quickInput().locator('.quick-input-box input').press('ArrowDown');
    }
    const batches = await client().listBatches({ limit: 50 });
    assert.equal(rows.length, batches.length, rows.join('\n'));
    // Every batch with failed runs comes before every batch without.
    const noneFailed = rows.map((row) => / none failed/.test(row));
    assert.ok(noneFailed.indexOf(true) > 0, 'both kinds are listed');
    assert.equal(noneFailed.slice(noneFailed.indexOf(true)).includes(false), false, rows.join('\n'));
    const large = await client().getBatch(sim().fixtures.batches.large);
    const largeRow = rows.find((row) => row.includes(`of ${SCALE.toLocaleString('en-US')} runs failed`));
    assert.ok(largeRow, rows.join('\n'));
    const workflowName = (await fetchWorkflowNames(client())).get(large.workflowUuid);
    assert.ok(workflowName, 'the workflow has a name');
    assert.ok(largeRow.startsWith(`${workflowName} · ${batchKindLabel(large)} · `), `named as the Runs view names batches: ${largeRow}`);
    assert.ok(largeRow.includes(`${large.failedRunsCount} of 2,000 runs failed`));
    await s.wb.screenshot('failures - the batch pick');

    const rowStart = `${workflowName} · ${batchKindLabel(large)} · `.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await s.wb.pickQuickItem(new RegExp(`^${rowStart}`), `of 2,000 runs failed`);
    const failuresView = await s.wb.openView('Failures');
    const summary = await waitFor('the report', async () => (await s.wb.treeItems(failuresView)).find((item) => / runs failed/.test(item.description)), 30_000);
    assert.match(summary.description, new RegExp(`^${large.failedRunsCount} of 2,000 runs failed`), 'the number in full');
  });

  test('node health names each node as the release does, "Name (slug)", never a bare uuid', async () => {
    await s.wb.runCommand('View: Close All Editors');
    const view = await showFailuresOf(sim().fixtures.batches.large);
    const large = await client().getBatch(sim().fixtures.batches.large);
    // The batch ran the workflow's deployed release: its nodes, as the workflow carries them.
    const release = (await client().getWorkflow(large.workflowUuid)).deployedRelease;
    assert.ok(release && release.uuid === large.releaseUuid);
    const named = new Set((release.nodes ?? []).map((node) => nodeLabel(node)));
    const health = await s.wb.waitForTreeItem(view, 'Node health');
    await s.wb.expand(view, 'Node health');
    const nodes = await waitFor(
      'the nodes',
      async () => {
        const { labels } = await childrenOf(view, /^Node health$/);
        return labels.length > 1 ? labels : undefined;
      },
      10_000,
    );
    for (const label of nodes) {
      assert.doesNotMatch(label, /^[0-9a-f]{8}$/, 'not a bare uuid');
      assert.ok(named.has(label), `"${label}" is how the release names one of its nodes: ${[...named].join(', ')}`);
    }
    assert.ok(
      nodes.some((label) => / \(\w+\)$/.test(label)),
      'names with their slug beside them',
    );
    // The groups too.
    const groups = (await s.wb.treeItems(view)).filter((item) => item.level === 1 && /^\d[\d,]* · /.test(item.label));
    assert.ok(groups.length > 0);
    for (const group of groups) assert.ok(named.has(group.label.replace(/^\d[\d,]* · /, '')), group.label);
    assert.doesNotMatch(health.description, /runs\/metrics/, 'no API words');
    await s.wb.screenshot('failures - node health');
    await s.wb.collapse(view, 'Node health');
  });

  test('"Show all N runs" under a cause lists all its runs, 50 at a time with "Load more", without a request', async () => {
    const view = await s.wb.openView('Failures');
    const truth = sim().failures(sim().fixtures.batches.large);
    const biggest = truth.groups[0];
    assert.ok(biggest && biggest.count > 50, `a cause of more than 50 runs (${biggest?.count})`);
    const groupLabel = new RegExp(`^${biggest.count} · `);
    await s.wb.expand(view, groupLabel);
    const before = await waitFor(
      'the examples',
      async () => {
        const shown = await childrenOf(view, groupLabel);
        return shown.labels.length > 0 ? shown : undefined;
      },
      10_000,
    );
    assert.equal(before.labels.length, 4, before.labels.join(', '));
    assert.equal(before.labels.at(-1), `Show all ${biggest.count} runs`);

    const since = Date.now();
    await s.wb.treeItem(view, `Show all ${biggest.count} runs`).locator('.label-name').click();
    const page = await waitFor(
      'the first page',
      async () => {
        const shown = await childrenOf(view, groupLabel);
        return shown.setSize === 51 ? shown : undefined;
      },
      10_000,
    );
    assert.equal(page.labels[0], before.labels[0], 'the newest stays first');
    await s.wb.screenshot('failures - show all runs');

    // "Load more", at the end of the page.
    const loadMore = s.wb.treeItem(view, /^Load more \(\d+ remaining\)$/);
    await waitFor(
      '"Load more" in view',
      async () => {
        if (await loadMore.isVisible().catch(() => false)) return true;
        await view.locator('.monaco-list').first().hover();
        await s.wb.page.mouse.wheel(0, 400);
        return undefined;
      },
      20_000,
    );
    assert.equal((await loadMore.locator('.label-name').innerText()).trim(), `Load more (${biggest.count - 50} remaining)`);
    await loadMore.locator('.label-name').click();
    // The cause's rows are many: whichever of them are rendered say how many there are.
    await waitFor(
      'every run of the cause',
      async () => {
        const sizes = await s.wb
          .treeRows(view)
          .evaluateAll((rows) => rows.filter((row) => row.getAttribute('aria-level') === '2').map((row) => Number(row.getAttribute('aria-setsize'))));
        return sizes.includes(biggest.count) ? true : undefined;
      },
      10_000,
    );
    assert.equal(await s.wb.treeItem(view, /^Load more/).count(), 0);
    const asked = sim().requests.filter((r) => r.time >= since && /\/runs\/(list|metrics)$|\/releases\//.test(r.path));
    assert.deepEqual(
      asked.map((r) => r.path),
      [],
      'the runs were loaded with the report',
    );
    await s.wb.screenshot('failures - every run of a cause');
  });

  test('Sign Out clears the Failures view: what the old token loaded goes, the view says to sign in', async () => {
    const view = await s.wb.openView('Failures');
    assert.ok((await s.wb.treeItems(view)).length > 0, 'a report is shown');
    await s.wb.runCommand('Cargo: Sign Out');
    await s.wb.waitForWelcome(view, /Sign in to Cargo to see why a batch's runs failed/);
    assert.deepEqual(await s.wb.treeItems(view), [], 'no row of the old report');
    // Nothing to sort or copy: the view's title bar keeps only Close.
    const actions = view.locator('.pane-header .actions .action-label');
    await waitFor(
      'Sort and Copy gone from the title bar',
      async () => {
        const labels = await actions.evaluateAll((elements) => elements.map((e) => e.getAttribute('aria-label') ?? ''));
        return labels.some((label) => /^(Sort|Copy) /.test(label)) ? undefined : labels;
      },
      10_000,
    );
    await s.wb.screenshot('failures - signed out');
  });
});
