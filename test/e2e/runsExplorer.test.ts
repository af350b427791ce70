// The runs explorer in a real VS Code against the simulator: sign-in, batches, paging with one request
// per page, automatic refresh that stops once everything in view has finished, errors with Retry, and
// hostile run data shown as text.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { requestsInQuietWindow, signIn, sleep, useSession, waitFor, simulatorOf, simulatorClient } from './harness';
import { present } from '../../src/explorer/presentation';
import { fetchWorkflowNames } from '../../src/runs/workflowNames';

describe('Runs explorer', { timeout: 900_000 }, () => {
  const s = useSession({
    simulator: { seed: 1, token: 'dev-token', stepMs: 400, hostile: true },
    settings: { 'cargo.autoRefreshIntervalSeconds': 2 },
    viewport: { width: 1280, height: 2400 },
  });
  const sim = () => simulatorOf(s);
  /** Labels are "<workflow> · <data kind> · <relative time>"; the time part moves on while the test runs. */
  const sameKind = (a: string, b: string) => a.split(' · ').slice(0, -1).join(' · ') === b.split(' · ').slice(0, -1).join(' · ');
  const simClient = () => simulatorClient(s);
  /** A batch's row as the explorer makes it, with its workflow's name. */
  async function rowOf(batchUuid: string) {
    const client = simClient();
    const [batch, names] = await Promise.all([client.getBatch(batchUuid), fetchWorkflowNames(client)]);
    const node = {
      kind: 'batch',
      id: `batch:${batchUuid}`,
      parent: undefined,
      batch,
      runs: undefined as never,
      workflowName: names.get(batch.workflowUuid),
    } as const;
    return { batch, name: names.get(batch.workflowUuid), row: present(node) };
  }
  type View = Awaited<ReturnType<typeof s.wb.openView>>;
  type Item = Awaited<ReturnType<typeof s.wb.treeItems>>[number];
  type RowMatch = (item: Item) => boolean;
  /**
   * Rows are found by what does not move while a test runs: level, the data-kind part of the label
   * and the description. The "· 45 s ago" part of a label changes as rows re-render.
   */
  const sameRow =
    (row: Item): RowMatch =>
    (item) =>
      item.level === row.level && sameKind(item.label, row.label) && item.description === row.description;
  /** Level-1 rows that sameRow() tells apart from every other row, and not expanded. */
  const distinctBatches = (items: Item[]) => items.filter((item) => item.level === 1 && item.expanded === false && items.filter(sameRow(item)).length === 1);
  async function rowWhere(view: View, match: RowMatch) {
    const items = await s.wb.treeItems(view);
    const index = items.findIndex(match);
    assert.ok(index >= 0, 'the row is shown');
    return { item: items[index] as Item, locator: s.wb.treeRows(view).nth(index) };
  }
  async function setExpandedWhere(view: View, match: RowMatch, expanded: boolean): Promise<void> {
    const { locator } = await rowWhere(view, match);
    if (((await locator.getAttribute('aria-expanded')) === 'true') !== expanded) await locator.locator('.monaco-tl-twistie').click();
    await waitFor(
      `the row ${expanded ? 'expanded' : 'collapsed'}`,
      async () => ((await rowWhere(view, match)).item.expanded === expanded ? true : undefined),
      10_000,
    );
  }
  /** The rows right under a level-1 row (as rendered), once there are any. */
  const childrenWhere = (view: View, match: RowMatch) =>
    waitFor(
      'the rows under a batch',
      async () => {
        const items = await s.wb.treeItems(view);
        const at = items.findIndex(match);
        const children: Item[] = [];
        for (const item of at < 0 ? [] : items.slice(at + 1)) {
          if (item.level < 2) break;
          if (item.level === 2) children.push(item);
        }
        return children.length > 0 ? children : undefined;
      },
      20_000,
    );
  /** Expands the simulator's batch of hostile runs; resolves to its row. */
  async function expandHostileBatch(view: View): Promise<Item> {
    const hostileUuid = sim().fixtures.batches.hostile;
    assert.ok(hostileUuid);
    const { row } = await rowOf(hostileUuid);
    const hostileRow = await waitFor(
      'the hostile batch',
      async () => (await s.wb.treeItems(view)).find((item) => item.level === 1 && sameKind(item.label, row.label) && item.description === row.description),
      20_000,
    );
    await setExpandedWhere(view, sameRow(hostileRow), true);
    return hostileRow;
  }
  const apiRequests = (since: number, path?: string) =>
    sim().requests.filter((r) => r.time >= since && r.path.startsWith('/v1/') && (!path || r.path.endsWith(path)));

  test('signed out, the view welcomes; after Sign In, batches appear', async () => {
    const view = await s.wb.openView('Runs');
    await s.wb.waitForWelcome(view, "Sign in to Cargo to see your workflows' batches");
    await signIn(s.wb, sim().token);
    const first = await waitFor(
      'batch rows',
      async () => {
        const items = await s.wb.treeItems(view);
        return items.length > 5 ? items : undefined;
      },
      30_000,
    );
    assert.ok(first.every((item) => item.level === 1));
    assert.ok(
      first.some((item) => / · .+ ago$/.test(item.label)),
      'labels read "<workflow> · <kind> · <time> ago"',
    );
    // Every batch row leads with its workflow's name (issue 20: two rows read "Records · 1 min ago").
    const names = new Set((await fetchWorkflowNames(simClient())).values());
    assert.ok(
      first.every((item) => names.has(item.label.split(' · ')[0] ?? '') && item.label.split(' · ').length === 3),
      `every row leads with a workflow's name: ${first.map((item) => item.label).join(' / ')}`,
    );
    assert.ok(
      first.some((item) => /\d+ runs?/.test(item.description)),
      'descriptions carry counters',
    );
  });

  test('a batch row names its workflow; a finished batch with failed runs warns; its hover names the workflow and says when in local time', async () => {
    const view = await s.wb.openView('Runs');
    const { batch, name, row } = await rowOf(sim().fixtures.batches.large);
    assert.ok(name && batch.status.known === 'success' && batch.failedRunsCount > 0, 'the large batch finished with failed runs');
    const shown = await waitFor(
      'the large batch',
      async () => (await s.wb.treeItems(view)).find((item) => item.level === 1 && sameKind(item.label, row.label) && item.description === row.description),
      20_000,
    );
    const tooltip = await s.wb.treeItemTooltip(view, shown.label);
    // All that the row and its hover should say, compared at once: a failure lists every difference.
    assert.deepEqual(
      {
        label: shown.label.replace(/ · [^·]+$/, ' · <time>'),
        description: /^1k runs · \d+ failed/.test(shown.description),
        icon: shown.icon,
        iconColor: shown.iconColor,
        hoverNamesTheWorkflow: tooltip.includes(`Workflow: ${name}`),
        hoverShowsAWorkflowUuid: /Workflow: [0-9a-f]{8}-/.test(tooltip),
        createdInLocalTimeWithAgo: /Created: \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d \(\d+ (s|min|h|d) ago\)/.test(tooltip),
        finishedInLocalTimeWithAgo: /Finished: \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d \(\d+ (s|min|h|d) ago\)/.test(tooltip),
        isoTimeInHover: /\d{4}-\d\d-\d\dT\d\d:/.test(tooltip),
        runsInFull: /Runs: 1,000 /.test(tooltip),
      },
      {
        label: `${name} · Schedule · <time>`,
        description: true,
        // Not the green check of a batch whose runs all passed.
        icon: 'warning',
        iconColor: await s.wb.themeColor('list.warningForeground'),
        hoverNamesTheWorkflow: true,
        hoverShowsAWorkflowUuid: false,
        createdInLocalTimeWithAgo: true,
        finishedInLocalTimeWithAgo: true,
        isoTimeInHover: false,
        runsInFull: true,
      },
    );
    // The hover, shown for the screenshot (treeItemTooltip closes it after reading).
    await s.wb.treeItem(view, shown.label).locator('.monaco-icon-label').first().hover();
    const hover = s.wb.page.locator('.workbench-hover, .monaco-hover:not(.hidden)').filter({ visible: true }).last();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    await s.wb.screenshot('runs explorer - batch rows named, finished batch with failures warns');
    await s.wb.page.mouse.move(0, 0);
    await s.wb.page.keyboard.press('Escape');
    await hover.waitFor({ state: 'hidden', timeout: 10_000 });
  });

  test('a skipped batch says it was skipped and will never have runs', async () => {
    const view = await s.wb.openView('Runs');
    const skipped = await waitFor(
      'the skipped batch',
      async () => (await s.wb.treeItems(view)).find((item) => item.level === 1 && item.icon === 'debug-step-over'),
      20_000,
    );
    const since = Date.now();
    await setExpandedWhere(view, sameRow(skipped), true);
    const children = await childrenWhere(view, sameRow(skipped));
    assert.deepEqual(
      children.map((item) => item.label),
      ['Skipped: it will never have runs'],
    );
    assert.deepEqual(
      apiRequests(since, '/runs/list').filter((r) => (r.body as { batchUuid?: string }).batchUuid !== undefined),
      [],
      'nothing asked',
    );
    await s.wb.screenshot('runs explorer - skipped batch');
    await setExpandedWhere(view, sameRow(skipped), false);
  });

  test('expanding the batch of 1,000 runs makes one request and shows 50 runs and "Load more (950 remaining)"', async () => {
    const view = await s.wb.openView('Runs');
    const large = await waitFor('the large batch', async () => (await s.wb.treeItems(view)).find((item) => item.description.startsWith('1k runs')), 20_000);
    const since = Date.now();
    await s.wb.expand(view, large.label);
    await s.wb.waitForTreeItem(view, 'Load more (950 remaining)', 20_000);
    await sleep(1000);
    const items = await s.wb.treeItems(view);
    const start = items.findIndex((item) => item.label === large.label);
    const children = items.slice(start + 1).filter((item, i, all) => item.level === 2 && all.slice(0, i).every((prev) => prev.level >= 2));
    assert.equal(children.filter((item) => item.label !== 'Load more (950 remaining)').length, 50);
    // The automatic refresh may tick meanwhile (one runs/list of what changed, `updatedAfter`): not a request of the page.
    const lists = apiRequests(since, '/runs/list').map((r) => r.body as { batchUuid?: string; updatedAfter?: string });
    const pages = lists.filter((body) => body.batchUuid !== undefined);
    assert.equal(pages.length, 1, `one runs/list request for the page: ${JSON.stringify(lists)}`);
    assert.ok(
      lists.every((body) => body.batchUuid !== undefined || body.updatedAfter !== undefined),
      `every other runs/list is a refresh tick: ${JSON.stringify(lists)}`,
    );
    assert.equal(apiRequests(since, '/records/list').length, 0);
    await s.wb.screenshot('runs explorer - large batch expanded');
    await s.wb.collapse(view, large.label);
  });

  test('a running batch refreshes by itself until it finishes, then the explorer stops asking', async () => {
    const view = await s.wb.openView('Runs');
    const uuid = sim().startBatch({
      records: [
        { id: 'acme', name: 'Acme Corp', __simOutcome: 'success' },
        { id: 'globex', name: 'Globex', __simOutcome: 'error' },
      ],
    });
    assert.ok(uuid);
    await s.wb.runCommand('Cargo: Refresh');
    const fresh = await waitFor(
      'the new batch',
      async () => (await s.wb.treeItems(view)).find((item) => item.level === 1 && item.description.startsWith('2 runs')),
      20_000,
    );
    const freshRow: RowMatch = (item) => item.level === 1 && item.description.startsWith('2 runs') && sameKind(item.label, fresh.label);
    await setExpandedWhere(view, freshRow, true);
    const spinning = await waitFor(
      'a run in progress',
      async () => (await s.wb.treeItems(view)).find((item) => item.level === 2 && /loading|clock/.test(item.icon)),
      20_000,
    );
    await s.wb.screenshot('runs explorer - runs in progress');
    const settled = await waitFor(
      'both runs finished',
      async () => {
        const runs = (await s.wb.treeItems(view)).filter((item) => item.level === 2 && ['Acme Corp', 'Globex'].some((name) => item.label.includes(name)));
        return runs.length === 2 && runs.every((run) => /^(pass|error)$/.test(run.icon)) ? runs : undefined;
      },
      90_000,
    );
    assert.ok(spinning);
    assert.deepEqual(settled.map((run) => run.icon).sort(), ['error', 'pass']);
    // Once every row in view shows a finished state, the explorer must stop polling.
    await waitFor(
      'every row in view finished',
      async () => {
        const items = await s.wb.treeItems(view);
        return items.every((item) => !/loading|clock/.test(item.icon)) ? true : undefined;
      },
      90_000,
    );
    // Five of the 2-s intervals, once what was in flight has ended.
    assert.deepEqual(
      await requestsInQuietWindow(sim(), (r) => r.path.startsWith('/v1/'), { windowMs: 10_000 }),
      [],
      'no requests once everything in view has finished',
    );
    await s.wb.screenshot('runs explorer - runs finished');
    await setExpandedWhere(view, freshRow, false);
  });

  test('a 500 while expanding one batch shows an error with Retry; other batches expand; Retry works', async () => {
    const view = await s.wb.openView('Runs');
    // Batches not expanded before (their runs are not cached yet) that no other row looks like.
    const [broken, healthy] = distinctBatches(await s.wb.treeItems(view))
      .filter((item) => !item.description.startsWith('1k runs'))
      .slice(-2);
    assert.ok(broken && healthy);
    // The client retries reads 3 times; the fault outlasts them.
    sim().addFault({ fault: { kind: 'status', status: 500 }, path: '/runs/list', times: 4 });
    await setExpandedWhere(view, sameRow(broken), true);
    const error = await waitFor(
      'the error row',
      async () => (await s.wb.treeItems(view)).find((item) => item.level === 2 && item.description === 'Retry'),
      30_000,
    );
    assert.match(error.label, /Cargo/);
    assert.equal(error.icon, 'error');
    await s.wb.screenshot('runs explorer - error with retry');
    await setExpandedWhere(view, sameRow(healthy), true);
    const healthyChildren = await childrenWhere(view, sameRow(healthy));
    assert.ok(
      healthyChildren.every((item) => item.description !== 'Retry'),
      'the other batch expands',
    );
    await s.wb.treeItem(view, error.label).click();
    await waitFor(
      'runs after Retry',
      async () => {
        const items = await s.wb.treeItems(view);
        return items.some((item) => item.level === 2 && item.description === 'Retry') ? undefined : true;
      },
      20_000,
    );
    await setExpandedWhere(view, sameRow(broken), false);
    await setExpandedWhere(view, sameRow(healthy), false);
  });

  test('hostile run data shows as literal text and runs no script', async () => {
    const view = await s.wb.openView('Runs');
    const dialogs = s.wb.recordDialogs();
    const hostileRow = await expandHostileBatch(view);
    const shown = await waitFor(
      'a run whose title holds markup',
      async () => (await s.wb.treeItems(view)).map((item) => item.label).find((label) => label.includes('<script>') || label.includes('<img')),
      20_000,
    );
    assert.ok(shown, 'a run whose title holds markup is listed');
    assert.match(shown, /<(script|img)/, 'the markup is shown as the literal text it is');
    const tooltip = await s.wb.treeItemTooltip(view, shown);
    assert.match(tooltip, /<(script|img)/);
    assert.equal(await s.wb.page.locator('.monaco-workbench img[src="x"], .monaco-workbench script:not([src])').count(), 0);
    await s.wb.screenshot('runs explorer - hostile data as text');
    dialogs.stop();
    assert.deepEqual(dialogs.messages, []);
    await setExpandedWhere(view, sameRow(hostileRow), false);
  });

  test('clicking a run opens its run panel', async () => {
    const view = await s.wb.openView('Runs');
    const batch = distinctBatches(await s.wb.treeItems(view)).find((item) => !item.description.startsWith('1k runs') && !item.description.startsWith('0 runs'));
    assert.ok(batch);
    await setExpandedWhere(view, sameRow(batch), true);
    const run = (await childrenWhere(view, sameRow(batch))).find((item) => item.icon !== 'more');
    assert.ok(run);
    await s.wb.treeItem(view, run.label).click();
    const text = await s.wb.waitForWebviewText(/Executions \(\d+\)/, 20_000);
    assert.match(text, /Open as JSON/);
    await s.wb.screenshot('runs explorer - run panel');
    await s.wb.runCommand('View: Close All Editors');
    await setExpandedWhere(view, sameRow(batch), false);
  });

  test('filtering runs by status narrows the runs and says so in the view; Clear Filters restores', async () => {
    const view = await s.wb.openView('Runs');
    await s.wb.runCommand('Cargo: Filter Runs by Status…');
    const widget = s.wb.quickInput();
    await widget.locator('.quick-input-box input').fill('error');
    const row = widget
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: s.wb.page.locator('.label-name', { hasText: /^\s*error\s*$/ }) })
      .first();
    await row.waitFor();
    await row.locator('.label-name').click(); // in a multi-select pick, clicking a row toggles it
    await waitFor('error picked', async () => ((await widget.innerText()).includes('1 Selected') ? true : undefined), 5_000);
    await s.wb.page.keyboard.press('Enter');
    const header = s.wb.page.locator('.part.sidebar');
    await waitFor('the filter in the view description', async () => ((await header.innerText()).includes('Filtered: error') ? true : undefined), 10_000);
    // Batches whose counts say they hold no failed run are not listed (they could only say "No runs match the filter").
    const listed = await waitFor(
      'the filtered batches',
      async () => {
        const items = (await s.wb.treeItems(view)).filter((item) => item.level === 1 && item.label !== 'Started from VS Code');
        return items.length > 0 && items.every((item) => / failed/.test(item.description) || /loading|clock/.test(item.icon)) ? items : undefined;
      },
      20_000,
    );
    assert.ok(
      !listed.some((item) => item.icon === 'pass' || item.icon === 'debug-step-over'),
      listed.map((item) => `${item.icon} ${item.description}`).join(' / '),
    );
    const withFailures = distinctBatches(await s.wb.treeItems(view)).find((item) => / failed/.test(item.description));
    assert.ok(withFailures);
    await setExpandedWhere(view, sameRow(withFailures), true);
    const runs = await childrenWhere(view, sameRow(withFailures));
    assert.ok(
      runs.filter((item) => item.icon !== 'more').every((item) => item.icon === 'error'),
      `only failed runs: ${runs.map((r) => r.icon).join(', ')}`,
    );
    await s.wb.screenshot('runs explorer - filtered by status');
    await s.wb.runCommand('Cargo: Clear Filters');
    await waitFor('the filter gone', async () => ((await header.innerText()).includes('Filtered:') ? undefined : true), 10_000);
  });

  test('grouping by workflow shows the workflows by name, and back', async () => {
    const view = await s.wb.openView('Runs');
    await s.wb.runCommand('Cargo: Group by Workflow');
    await s.wb.waitForTreeItem(view, /^Enrich lead$/, 20_000);
    const groups = (await s.wb.treeItems(view)).filter((item) => item.level === 1).map((item) => item.label);
    assert.ok(groups.includes('New signups enrichment'), groups.join(', '));
    await s.wb.expand(view, 'Enrich lead');
    await waitFor(
      'its batches',
      async () => ((await s.wb.treeItems(view)).some((item) => item.level === 2 && / · /.test(item.label)) ? true : undefined),
      20_000,
    );
    const items = await s.wb.treeItems(view);
    const group = items.findIndex((item) => item.level === 1 && item.label === 'Enrich lead');
    assert.equal(items[group + 1]?.label, 'All runs', "the workflow's runs, batch or not, come first");
    await s.wb.screenshot('runs explorer - grouped by workflow');
    await s.wb.runCommand('Cargo: Show Batches Newest First');
    await s.wb.waitForTreeItem(view, / · /, 20_000);
  });

  test('when Cargo cannot be reached the view says so, and Retry brings the batches back', async () => {
    const view = await s.wb.openView('Runs');
    sim().addFault({ fault: { kind: 'status', status: 503 }, path: '/batches/list' });
    await s.wb.runCommand('Cargo: Refresh');
    const text = await s.wb.waitForWelcome(view, 'Could not load batches from Cargo', 30_000);
    assert.match(text, /Retry/);
    await s.wb.screenshot('runs explorer - unreachable');
    sim().clearFaults();
    await view.locator('.welcome-view-content .monaco-button', { hasText: 'Retry' }).click();
    await s.wb.waitForTreeItem(view, / · /, 20_000);
  });

  /** Right-clicks a tree row and picks a context-menu entry. */
  async function contextMenu(view: View, match: RowMatch, entry: string): Promise<string[]> {
    return s.wb.contextMenuEntry((await rowWhere(view, match)).locator, entry);
  }

  /** Answers VS Code's modal confirmation with the given button. */
  async function confirmDialog(button: string): Promise<string> {
    const dialog = s.wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    const text = (await dialog.innerText()).trim();
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: button }).first().click();
    await dialog.waitFor({ state: 'detached' });
    return text;
  }

  test('Cancel Batch from the context menu asks first, cancels once, and the batch turns cancelled', async () => {
    const view = await s.wb.openView('Runs');
    // Its own slow step keeps it running while the test acts on it.
    sim().startBatch({ records: 13, stepMs: 5000 });
    await s.wb.runCommand('Cargo: Refresh');
    const newBatch: RowMatch = (item) => item.level === 1 && item.description.startsWith('13 runs');
    await waitFor('the new batch', async () => (await s.wb.treeItems(view)).find(newBatch), 20_000);
    const since = Date.now();
    const entries = await contextMenu(view, newBatch, 'Cancel Batch');
    assert.ok(entries.includes('Copy UUID') && entries.includes('Open in Cargo') && entries.includes('Refresh'), entries.join(', '));
    const question = await confirmDialog('Cancel Batch');
    assert.match(question, /Cancel this batch of 13 runs\?/);
    const cancelled = await waitFor(
      'the batch cancelled',
      async () => {
        const row = (await s.wb.treeItems(view)).find((item) => item.level === 1 && item.description.startsWith('13 runs'));
        return row && row.icon === 'circle-slash' ? row : undefined;
      },
      30_000,
    );
    assert.ok(cancelled);
    assert.equal(apiRequests(since, '/cancel').length, 1, 'exactly one cancel request');
    await s.wb.screenshot('runs explorer - batch cancelled');
  });

  test('Re-run on a failed run asks first, starts exactly one run, shows it under "Started from VS Code", counts it in the status bar and announces its end', async () => {
    const view = await s.wb.openView('Runs');
    // A run that fails after a few slow steps: its re-run (the same record) is going long enough to be seen counted.
    sim().startBatch({ records: [{ id: 'rerun-me', name: 'Rerun Co', email: 'rerun@acme.com', __simOutcome: 'error', __simStepMs: 1500 }] });
    await s.wb.runCommand('Cargo: Refresh');
    // The newest batch is the first of the batches: its row's description changes as its run goes.
    const newestBatch: RowMatch = (item) => item.level === 1 && item.label !== 'Started from VS Code';
    await waitFor('the new batch', async () => (await s.wb.treeItems(view)).find((item) => newestBatch(item) && item.description.startsWith('1 run')), 20_000);
    await setExpandedWhere(view, newestBatch, true);
    const failed = await waitFor('its run to fail', async () => (await childrenWhere(view, newestBatch)).find((item) => item.icon === 'error'), 60_000);
    const since = Date.now();
    const entries = await contextMenu(view, (item) => item.level === 2 && item.label === failed.label, 'Re-run with the Same Data');
    assert.ok(entries.includes('Copy Record ID') && entries.includes('Open Run'), entries.join(', '));
    const question = await confirmDialog('Start Run');
    assert.match(question, /Start a new run of "Rerun Co" with the same data\?/);
    // Counted in the status bar while it goes, as every run started from VS Code is.
    const counted = await waitFor('the status bar to count it', async () => (await s.wb.statusBarTexts()).find((t) => /\b1 Cargo run\b/.test(t)), 20_000);
    assert.equal(counted, '1 Cargo run');
    // Listed under "Started from VS Code", first.
    const started = await waitFor(
      '"Started from VS Code"',
      async () => (await s.wb.treeItems(view)).find((item) => item.level === 1 && item.label === 'Started from VS Code'),
      20_000,
    );
    assert.equal(started.description, '1 run');
    const rows = await childrenWhere(view, (item) => item.level === 1 && item.label === 'Started from VS Code');
    assert.equal(rows[0]?.label, 'Rerun Co');
    await s.wb.screenshot('runs explorer - re-run started and counted');
    // Its end, announced: it fails as the run it re-ran did, at the node that failed.
    const end = await s.wb.waitForNotification(/^Run of "Rerun Co" failed at /, 60_000);
    assert.ok(end.actions.includes('Open Run') && end.actions.includes('Show Error'), JSON.stringify(end));
    await waitFor('nothing counted once it ended', async () => ((await s.wb.statusBarTexts()).some((t) => /Cargo runs?$/.test(t)) ? undefined : true), 30_000);
    const creates = apiRequests(since).filter((r) => r.method === 'POST' && r.path === '/v1/orchestration/runs');
    assert.equal(creates.length, 1, 'exactly one create request');
    assert.equal((creates[0]?.body as { data?: { name?: unknown } }).data?.name, 'Rerun Co', 'with the same data');
    await s.wb.screenshot('runs explorer - re-run announced');
    await s.wb.clearNotifications();
    await s.wb.runCommand('View: Close All Editors');
    await setExpandedWhere(view, newestBatch, false);
  });

  // ---- Defects found in use (issue 9) ---------------------------------------------------------

  /** A top-level batch still going (its icon spins or waits). */
  const unfinishedBatch = (item: Item) => item.level === 1 && /loading|clock/.test(item.icon);

  test('Re-run of a run whose title holds a command link: the dialog and notifications show it as text, never as a link', async () => {
    const view = await s.wb.openView('Runs');
    const hostileRow = await expandHostileBatch(view);
    const linkTitled = (item: Item) => item.level === 2 && item.label.includes('](command:workbench.action.quit)');
    await waitFor('the run titled with a command link', async () => (await s.wb.treeItems(view)).find(linkTitled), 20_000);
    await contextMenu(view, linkTitled, 'Re-run with the Same Data');
    const dialog = s.wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    try {
      assert.match(await dialog.innerText(), /command:workbench\.action\.quit/, 'the title shows as the text it is');
      assert.equal(await dialog.locator('.dialog-message-text a, .dialog-message-detail a').count(), 0, 'no link in the confirmation');
      await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Start Run' }).first().click();
    } finally {
      // A failed check must not leave the modal over the workbench for the next tests.
      if (await dialog.isVisible()) await s.wb.page.keyboard.press('Escape');
    }
    await dialog.waitFor({ state: 'detached' });
    await s.wb.clearNotifications();
    // Started like every run from VS Code: the notification of its end names the new run by its title
    // (the record it started from is as hostile as the run's: its name is a script tag), as text.
    const note = await s.wb.waitForNotification(/^Run of ".+" (succeeded|failed|was|ended)/, 60_000);
    assert.match(note.message, /<script>alert\(1\)<\/script>|command:workbench\.action\.quit/, `the title shows as the text it is: ${note.message}`);
    const message = s.wb.page.locator('.notification-list-item-message', { hasText: /^Run of / }).first();
    assert.equal(await message.locator('a, script, img').count(), 0, 'no link, script or image in the notification');
    await s.wb.screenshot('runs explorer - command link in a title stays text');
    await s.wb.clearNotifications();
    await s.wb.runCommand('View: Close All Editors');
    await setExpandedWhere(view, sameRow(hostileRow), false);
  });

  test('when refreshes keep failing the view says since when it shows old data, and clears once they work again', async () => {
    const view = await s.wb.openView('Runs');
    sim().startBatch({ records: 4, stepMs: 20_000 });
    await s.wb.runCommand('Cargo: Refresh');
    // A batch that stays unfinished while the test runs: the explorer keeps refreshing the root.
    await waitFor('an unfinished batch', async () => (await s.wb.treeItems(view)).find(unfinishedBatch), 30_000);
    sim().addFault({ fault: { kind: 'status', status: 503 }, path: '/batches/list' });
    const sidebar = s.wb.page.locator('.part.sidebar');
    const stale = await waitFor(
      'the stale notice',
      async () => {
        const text = await sidebar.innerText();
        return /Not updated since/.test(text) ? text : undefined;
      },
      60_000,
    );
    assert.match(stale, /HTTP 503/);
    assert.ok((await s.wb.treeItems(view)).length > 5, 'the batches stay shown');
    await s.wb.screenshot('runs explorer - refreshes failing');
    sim().clearFaults();
    await waitFor('the notice gone', async () => (/Not updated since/.test(await sidebar.innerText()) ? undefined : true), 90_000);
  });

  test('a token revoked while batches refresh: the view says so, polling stops, and signing in again resumes it', async () => {
    const view = await s.wb.openView('Runs');
    sim().startBatch({ records: 5, stepMs: 20_000 });
    await s.wb.runCommand('Cargo: Refresh');
    await waitFor('an unfinished batch', async () => (await s.wb.treeItems(view)).find(unfinishedBatch), 30_000);
    sim().addFault({ fault: { kind: 'status', status: 401 } });
    const welcome = await s.wb.waitForWelcome(view, 'Cargo rejected the stored API token', 30_000);
    assert.match(welcome, /Sign In Again/);
    await s.wb.screenshot('runs explorer - token rejected during refresh');
    assert.deepEqual(await requestsInQuietWindow(sim(), (r) => r.path.startsWith('/v1/'), { windowMs: 8_000 }), [], 'no requests while the token is refused');
    sim().clearFaults();
    await view.locator('.welcome-view-content .monaco-button', { hasText: 'Sign In Again' }).click();
    await s.wb.answerInputBox(sim().token, 'Cargo: Sign In');
    await s.wb.waitForInputBoxClosed();
    await waitFor('the batches back', async () => (await s.wb.treeItems(view)).find(unfinishedBatch), 30_000);
    const resumedSince = Date.now();
    await waitFor('automatic refresh going again', async () => (apiRequests(resumedSince, '/batches/list').length > 0 ? true : undefined), 30_000);
  });
});
