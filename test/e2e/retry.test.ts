// Retry Failed Runs (issue 22) in a real VS Code against the simulator: a 1,000-run tool batch with 73
// failures retried from the node that failed (one confirmation naming 73, exactly one POST /batches with
// the batch's filter and lastNode, the new batch at the top with 73 runs, the executions before the failed
// node kept and free, one notification at its end with the simulator's counts); a failure group's retry
// names only that group's runs; a play's batch gets Cargo's refusal in words, with no second POST.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Batch, Run } from '../../src/api';
import { runPanels, selectBatchRow, signIn, simulatorClient, simulatorOf, useSession, waitFor } from './harness';

const BATCHES = '/v1/orchestration/batches';
const RUNS = 1000;
const FAILED = 73;

describe('Retry Failed Runs', { timeout: 900_000 }, () => {
  const s = useSession({
    simulator: { seed: 1, token: 'dev-token', stepMs: 300 },
    settings: { 'cargo.autoRefreshIntervalSeconds': 2, 'cargo.pageSize': 100 },
    viewport: { width: 1400, height: 1000 },
  });
  const sim = () => simulatorOf(s);
  const client = () => simulatorClient(s);
  const posts = (since: number) => sim().requests.filter((r) => r.time >= since && r.method === 'POST' && r.path === BATCHES);
  let big = '';
  /** The look-ups of a workflow's retries (batches/list of kind "runs") since `since`. */
  const retryListsSince = (since: number) =>
    sim().requests.filter((r) => r.time >= since && r.path === `${BATCHES}/list` && [r.query.includedDataKinds].flat().includes('runs'));

  /** Every run of a batch, by pages of 100. */
  async function runsOf(batchUuid: string, statuses?: ['error']): Promise<Run[]> {
    const runs: Run[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await client().listRuns({ batchUuid, limit: 100, offset, ...(statuses ? { statuses } : {}) });
      runs.push(...page.runs);
      if (page.runs.length < 100) return runs;
    }
  }

  /** Waits for the modal dialog, takes its screenshot, answers it; its text. */
  async function confirm(button: string, screenshot: string): Promise<string> {
    await s.wb.page.locator('.monaco-dialog-box').waitFor();
    await s.wb.screenshot(screenshot);
    return s.wb.answerDialog(button);
  }

  /** The Runs view with every row folded (an expanded batch of hundreds of runs hides the rows below it). */
  async function foldedRunsView() {
    const view = await s.wb.openView('Runs');
    // The Runs pane's own Collapse All when the Failures view shows beside it, else the container's title bar.
    const pane = s.wb.page.locator('.pane').filter({ has: s.wb.page.locator('.pane-header[aria-label^="Runs"]').filter({ visible: true }) });
    if ((await pane.count()) > 0) {
      await pane.first().locator('.pane-header').hover();
      await pane.first().locator('a.action-label[aria-label^="Collapse All"]').click();
    } else await s.wb.page.locator('.title-actions a.action-label[aria-label^="Collapse All"]').filter({ visible: true }).first().click();
    return view;
  }

  async function finished(batchUuid: string, timeoutMs: number): Promise<Batch> {
    return waitFor(
      'the batch to finish',
      async () => {
        const batch = await client().getBatch(batchUuid);
        return ['success', 'error', 'cancelled'].includes(batch.status.raw) ? batch : undefined;
      },
      timeoutMs,
    );
  }

  test(`sign in; a ${RUNS}-run tool batch with ${FAILED} failures`, async () => {
    const records = Array.from({ length: RUNS }, (_, i) => ({
      email: `lead${i}@retry.example`,
      name: `Lead ${i}`,
      __simOutcome: i % 13 === 6 && i < 13 * FAILED ? 'error' : 'success',
    }));
    assert.equal(records.filter((r) => r.__simOutcome === 'error').length, FAILED);
    big = sim().startBatch({ workflowUuid: sim().fixtures.workflows.tool, records, stepMs: 5 });
    const batch = await finished(big, 120_000);
    assert.equal(batch.runsCount, RUNS);
    assert.equal(batch.failedRunsCount, FAILED, 'the simulator says 73 failed');
    const view = await s.wb.openView('Runs');
    await signIn(s.wb, sim().token);
    await selectBatchRow(s.wb, view, client(), big);
  });

  test('Retry Failed Runs from the node that failed: one confirmation naming 73, one POST, the new batch on top with 73 runs, one notification with the counts', async () => {
    const since = Date.now();
    const original = await client().getBatch(big);
    await s.wb.runCommand('Cargo: Retry Failed Runs…');
    const items = await s.wb.waitForQuickPickItems(/where should the runs start again/);
    assert.deepEqual(
      items.map((item) => item.label),
      ['From the node that failed', 'From the start', 'From a node…'],
    );
    await s.wb.screenshot('retry-1-where-from');
    await s.wb.pickQuickItem(/^From the node that failed/);
    const dialog = await confirm('Retry Runs', 'retry-2-confirmation');
    assert.match(dialog, new RegExp(`Retry ${FAILED} runs from the node that failed\\?`));
    assert.match(dialog, /may use credits/);

    const sent = await waitFor('the POST', async () => (posts(since).length > 0 ? posts(since) : undefined), 20_000);
    assert.deepEqual(sent[0]?.body, {
      workflowUuid: original.workflowUuid,
      ...(original.releaseUuid ? { releaseUuid: original.releaseUuid } : {}),
      data: { kind: 'runs', filter: { kind: 'runs', batchUuid: big, statuses: ['error'] }, reset: { from: 'lastNode' } },
    });
    const [retry] = await client().listBatches({ workflowUuids: [original.workflowUuid], includedDataKinds: ['runs'], limit: 1 });
    assert.ok(retry);
    assert.equal(Date.parse(retry.createdAt) >= since - 1000, true, 'the batch just created');

    // The new batch at the top of the Runs view (below "Started from VS Code", if shown), expanded.
    const view = await s.wb.openView('Runs');
    const top = await waitFor(
      'the retry at the top, expanded',
      async () => {
        const rows = (await s.wb.treeItems(view)).filter((item) => item.level === 1 && !/^Started from VS Code/.test(item.label));
        const first = rows[0];
        return first && / · Re-run · /.test(first.label) && first.description.startsWith(`${FAILED} runs`) && first.expanded ? first : undefined;
      },
      30_000,
    );
    assert.ok(top);
    await s.wb.screenshot('retry-3-new-batch-on-top');

    const note = await s.wb.waitForNotification(/^The retry of 73 runs ended/, 180_000);
    const ended = await client().getBatch(retry.uuid);
    assert.equal(ended.runsCount, FAILED, 'the new batch ran the 73 again');
    const succeeded = ended.executedRunsCount - ended.failedRunsCount;
    assert.equal(
      note.message,
      `The retry of ${FAILED} runs ended: ${succeeded} run${succeeded === 1 ? '' : 's'} now succeeded, ${ended.failedRunsCount} run${ended.failedRunsCount === 1 ? '' : 's'} failed again.`,
    );
    if (ended.failedRunsCount > 0) assert.deepEqual(note.actions, ['Show Failures']);
    await s.wb.screenshot('retry-4-end-notification');
    // The retry's rows, refreshed by the view's change detection, come to say how each run ended.
    await waitFor(
      'the retry’s rows to show how they ended',
      async () => {
        const items = await s.wb.treeItems(view);
        const top = items.findIndex((item) => item.level === 1 && / · Re-run · /.test(item.label));
        const rows = items.slice(top + 1).filter((item, i, all) => item.level === 2 && all.slice(0, i).every((before) => before.level !== 1));
        return rows.length > 0 && rows.every((item) => !/\b(idle|pending|running)\b/.test(item.description)) ? true : undefined;
      },
      30_000,
    );
    await s.wb.screenshot('retry-4b-rows-ended');
    assert.equal((await s.wb.notifications()).filter((n) => n.message.startsWith('The retry of')).length, 1, 'one notification');
    assert.equal(posts(since).length, 1, 'exactly one POST /batches, never sent again');

    // The executions before the failed node were not run again: as the original ran them, and free.
    const failedBefore = new Map((await runsOf(big, ['error'])).map((run) => [run.recordId, run]));
    const retried = await runsOf(retry.uuid);
    assert.equal(retried.length, FAILED);
    for (const run of retried) {
      const was = failedBefore.get(run.recordId);
      assert.ok(was, `run ${run.uuid} retries a failed run of the batch`);
      const kept = was.executions.length - 1;
      assert.deepEqual(
        run.executions.slice(0, kept).map((e) => [e.nodeUuid, e.status.raw, e.startedAt]),
        was.executions.slice(0, kept).map((e) => [e.nodeUuid, e.status.raw, e.startedAt]),
        'kept as they were',
      );
      assert.ok(
        run.executions.slice(0, kept).every((e) => e.creditsUsedCount === 0),
        'and cost nothing',
      );
    }
  });

  test('a panel of an original failed run says it was retried (one batches/list of retries, none per update) and opens the retried run', async () => {
    await s.wb.clearNotifications();
    const panels = runPanels(s);
    const [original] = (await client().listRuns({ batchUuid: big, statuses: ['error'], limit: 1, offset: 1 })).runs;
    assert.ok(original);
    const [retry] = await client().listBatches({ workflowUuids: [original.workflowUuid], includedDataKinds: ['runs'], limit: 1 });
    assert.ok(retry, 'the retry of the previous test');
    const since = Date.now();
    await panels.openRunByUuid(original.uuid);
    const frame = await panels.panelFrame(original.uuid);
    const open = frame.getByRole('button', { name: 'Open the Retry' });
    await open.waitFor({ timeout: 30_000 });
    assert.match(await frame.locator('.newer-retry').innerText(), /^Retried in a newer batch \((just now|\d+ (s|min) ago)\)\./);
    assert.equal(await open.getAttribute('title'), `Open this record's run in the retry batch ${retry.uuid}`);
    await s.wb.screenshot('retry-9-panel-newer-retry');
    const retryLists = () => retryListsSince(since);
    assert.equal(retryLists().length, 1, 'one batches/list of the workflow’s retries');
    // Fetched again (the header's Refresh, as a live update does): the panel asks nothing more of its retries.
    const runReads = () => sim().requests.filter((r) => r.time >= since && r.method === 'GET' && r.path === `/v1/orchestration/runs/${original.uuid}`).length;
    for (let refresh = 1; refresh <= 2; refresh++) {
      const before = runReads();
      await frame.getByRole('button', { name: 'Refresh' }).click();
      await waitFor('the run fetched again', async () => (runReads() > before ? true : undefined), 30_000);
    }
    assert.equal(retryLists().length, 1, 'still one: none per refresh');

    const [retried] = (await client().listRuns({ batchUuid: retry.uuid, recordId: original.recordId, limit: 1 })).runs;
    assert.ok(retried, 'the retry’s run of the record');
    const opening = Date.now();
    await open.click();
    const retriedFrame = await panels.panelFrame(retried.uuid);
    assert.match(await retriedFrame.locator('.run-header').innerText(), new RegExp(retry.uuid), 'its header names the retry batch');
    const tab = await panels.activeTabTitle();
    assert.ok(tab.includes(original.recordTitle || original.recordId), `the retried run's tab: ${tab}`);
    assert.equal(
      sim().requests.filter((r) => r.time >= opening && r.path === '/v1/orchestration/runs/list' && (r.body as { batchUuid?: string }).batchUuid === retry.uuid)
        .length,
      1,
      'one runs/list to find it',
    );
    await s.wb.screenshot('retry-10-retried-run-opened');
    await panels.closeEditors();
  });

  test('Retry of one failure group sends only that group’s run uuids', async () => {
    await selectBatchRow(s.wb, await foldedRunsView(), client(), big);
    await s.wb.runCommand('Cargo: Show Failures');
    const failuresView = await s.wb.openView('Failures');
    await waitFor('the report', async () => (await s.wb.treeItems(failuresView)).find((item) => / runs failed/.test(item.description)), 30_000);
    const truth = sim().failures(big);
    const biggest = [...truth.groups].sort((a, b) => b.count - a.count)[0];
    assert.ok(biggest);
    const items = await s.wb.treeItems(failuresView);
    const index = items.findIndex((item) => item.level === 1 && item.label.startsWith(`${biggest.count} · `));
    assert.ok(index >= 0, items.map((i) => `${i.label} | ${i.description}`).join('\n'));
    const row = s.wb.treeRows(failuresView).nth(index);
    await row.locator('.label-name').first().click();
    await row.hover();
    const since = Date.now();
    await row.locator('a.action-label[aria-label^="Retry Failed Runs"]').click();
    await s.wb.waitForQuickPickItems(/where should the runs start again/);
    await s.wb.pickQuickItem(/^From the node that failed/);
    const dialog = await confirm('Retry Runs', 'retry-5-group-confirmation');
    assert.match(dialog, new RegExp(`Retry ${biggest.count} runs? from the node that failed\\?`));
    const sent = await waitFor('the POST', async () => (posts(since).length > 0 ? posts(since) : undefined), 20_000);
    const body = sent[0]?.body as { data: { filter: { uuids?: string[]; batchUuid?: string } } };
    assert.deepEqual([...(body.data.filter.uuids ?? [])].sort(), [...biggest.runUuids].sort(), 'only the group’s runs, every one of them');
    assert.equal(body.data.filter.batchUuid, undefined);
    await s.wb.waitForNotification(/^The retry of \d+ runs? ended/, 120_000);
    assert.equal(posts(since).length, 1);
  });

  test('a failed run’s panel: its header’s Retry Failed Runs… retries the failed runs of its batch, from the start', async () => {
    await s.wb.clearNotifications();
    const panels = runPanels(s);
    const [failed] = (await client().listRuns({ batchUuid: big, statuses: ['error'], limit: 1 })).runs;
    assert.ok(failed);
    await panels.openRunByUuid(failed.uuid);
    const frame = await panels.panelFrame(failed.uuid);
    // Retried already (the tests above): the panel says so before this retry.
    const openRetry = frame.getByRole('button', { name: 'Open the Retry' });
    await openRetry.waitFor({ timeout: 30_000 });
    const named = await openRetry.getAttribute('title');
    const since = Date.now();
    await frame.getByRole('button', { name: 'Retry Failed Runs…' }).click();
    await s.wb.waitForQuickPickItems(/where should the runs start again/);
    await s.wb.pickQuickItem(/^From the start/);
    const dialog = await confirm('Retry Runs', 'retry-8-panel-confirmation');
    assert.match(dialog, new RegExp(`Retry ${FAILED} runs from the start\\?`), 'the failed runs of its batch');
    const sent = await waitFor('the POST', async () => (posts(since).length > 0 ? posts(since) : undefined), 20_000);
    assert.deepEqual((sent[0]?.body as { data: unknown }).data, {
      kind: 'runs',
      filter: { kind: 'runs', batchUuid: big, statuses: ['error'] },
      reset: { from: 'firstNode' },
    });
    // The open panel learns of the retry it started, with no look-up of its own.
    await waitFor('the panel to name the new retry', async () => ((await openRetry.getAttribute('title')) !== named ? true : undefined), 30_000);
    assert.deepEqual(
      retryListsSince(since).map((r) => ({ time: r.time - since, query: r.query })),
      [],
      'no batches/list for it',
    );
    const [started] = await client().listBatches({ workflowUuids: [failed.workflowUuid], includedDataKinds: ['runs'], limit: 1 });
    assert.equal(await openRetry.getAttribute('title'), `Open this record's run in the retry batch ${started?.uuid}`, 'the retry just started');
    await s.wb.screenshot('retry-11-panel-learns-of-its-retry');
    const batchReads = sim().requests.filter((r) => r.time >= since && r.method === 'GET' && r.path === `${BATCHES}/${big}`);
    assert.equal(batchReads.length, 1, 'one request for the run’s batch');
    await s.wb.waitForNotification(/^The retry of 73 runs ended/, 120_000);
    assert.equal(posts(since).length, 1);
    await panels.closeEditors();
  });

  test('a play’s batch: Cargo’s refusal in words, no second POST', async () => {
    await s.wb.clearNotifications();
    const play = sim().fixtures.batches.unhealthy;
    await selectBatchRow(s.wb, await foldedRunsView(), client(), play);
    const since = Date.now();
    await s.wb.runCommand('Cargo: Retry Failed Runs…');
    await s.wb.waitForQuickPickItems(/where should the runs start again/);
    await s.wb.pickQuickItem(/^From the node that failed/);
    await confirm('Retry Runs', 'retry-6-play-confirmation');
    const note = await s.wb.waitForNotification(/Cargo cannot retry the runs of a play’s batch/, 20_000);
    assert.equal(note.severity, 'error');
    await s.wb.screenshot('retry-7-play-refused');
    assert.equal(posts(since).length, 1, 'one POST, not sent again');
    assert.equal((posts(since)[0]?.body as { data: { kind: string } }).data.kind, 'runs');
  });
});
