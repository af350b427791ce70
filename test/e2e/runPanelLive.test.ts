// The run panel of a live run: it updates itself until the run ends, then stops asking; it fetches only
// the spans it lacks; it says since when it shows old data, and what a revoked token means; each step of
// a run shows within 2.5 s at the default interval; the step in progress spins (still, for reduced
// motion); its header offers Show Failures and Watch Run. Its siblings: runPanel.test.ts, runPanelData.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeRegExp, requestsInQuietWindow, runPanels, runPanelSession, signInFirst, useSession, waitFor, simulatorOf, simulatorClient } from './harness';

describe('Run panel: live runs', { timeout: 600_000 }, () => {
  const s = useSession(runPanelSession());
  const sim = () => simulatorOf(s);
  const client = () => simulatorClient(s);
  const { panelFrame, closeEditors, openRunByUuid, startLiveRun, requestsFor, activeTabTitle } = runPanels(s);
  signInFirst(s);

  test('the panel of an unfinished run updates itself until the run finishes, then stops asking', async () => {
    const batchUuid = sim().startBatch({ records: [{ id: 'live', name: 'Live Corp', __simOutcome: 'success' }], stepMs: 1500 });
    assert.ok(batchUuid);
    const runUuid = await waitFor('the new run', async () => (await client().listRuns({ batchUuid })).runs[0]?.uuid, 20_000);
    // The run stands still until the panel shows it unfinished and the search is typed: on a busy machine
    // opening the panel can take longer than the run.
    sim().freezeTime();
    const frozenFrom = Date.now();
    let frozenFor = 0;
    let executionsBefore = 0;
    const frame = await (async () => {
      try {
        await s.wb.runCommand('Cargo: Open Run, Batch or Workflow…');
        await s.wb.answerInputBox(runUuid);
        await s.wb.waitForWebviewText(/Live Corp[\s\S]*(pending|running|idle)/, 20_000);
        await s.wb.screenshot('run panel - live, unfinished');
        // Live updates leave what the user is doing alone: the search text and the focus stay.
        const opened = await panelFrame(/Live Corp/);
        await opened.locator('input.search-input').fill('live');
        executionsBefore = await opened.locator('li.execution').count();
        return opened;
      } finally {
        sim().resumeTime();
        frozenFor = Date.now() - frozenFrom;
      }
    })();
    const done = await s.wb.waitForWebviewText(/Live Corp[\s\S]*success[\s\S]*Duration/, 90_000);
    assert.doesNotMatch(done.split('Executions')[0] ?? '', /Running for/);
    assert.ok((await frame.locator('li.execution').count()) > executionsBefore, 'executions were added while the panel was open');
    assert.equal(await frame.locator('input.search-input').inputValue(), 'live');
    assert.equal(await frame.evaluate(() => document.activeElement?.classList.contains('search-input')), true, 'the search keeps the focus');
    const tab = s.wb.page.locator('.tabs-container .tab.active');
    await waitFor(
      'the title with the final status',
      async () => (/Live Corp · success/.test((await tab.getAttribute('aria-label')) ?? '') ? true : undefined),
      10_000,
    );
    // Four of the panel's 1.5-s intervals.
    assert.deepEqual(
      await requestsInQuietWindow(sim(), (r) => r.path.endsWith(runUuid), { windowMs: 6_000 }),
      [],
      'no requests for the run once it has finished',
    );
    // The simulator's clock back in step with the wall clock, which later tests compare it with.
    sim().advanceTime(frozenFor);
    await s.wb.screenshot('run panel - live, finished');
    await closeEditors();
  });

  test('a live run whose executions lack their times fetches only the spans it does not have yet', async () => {
    const uuid = await startLiveRun('Spanless Inc', 1200);
    // Cargo leaves the executions' times out of this run: the panel takes them from the spans.
    sim().addFault({ fault: { kind: 'drift', drift: 'nulls' }, method: 'GET', path: `/runs/${uuid}` });
    try {
      const since = Date.now();
      await openRunByUuid(uuid);
      const tab = s.wb.page.locator('.tabs-container .tab.active');
      await waitFor('the run finished', async () => (/Spanless Inc · success/.test((await tab.getAttribute('aria-label')) ?? '') ? true : undefined), 90_000);
      const created = Date.parse((await client().getRun(uuid)).run.createdAt);
      // The run's own spans (the timeline's lineage is asked by traceUuid, and pinned in runPanelTimeline.test.ts).
      const spans = requestsFor(since, '/spans/list').filter((r) => (r.body as { runUuid?: string }).runUuid === uuid);
      const runs = requestsFor(since, `/runs/${uuid}`).filter((r) => r.method === 'GET');
      assert.ok(spans.length >= 2, `spans were asked for more than once while the run went on (${spans.length})`);
      assert.ok(spans.length <= runs.length, `at most one spans request per update: ${spans.length} for ${runs.length} updates`);
      const after = spans.map((r) => Date.parse((r.body as { executionStartedAfter: string }).executionStartedAfter));
      assert.equal(after[0], created - 60_000, "the first asks from the run's start");
      assert.ok(
        after.slice(1).every((time) => time > created - 60_000),
        'later ones ask only for executions started since',
      );
    } finally {
      sim().clearFaults();
    }
    await closeEditors();
  });

  test('when live updates keep failing the panel says since when it shows old data, and recovers', async () => {
    const uuid = await startLiveRun('Flaky Server Ltd', 2000);
    await openRunByUuid(uuid);
    await s.wb.waitForWebviewText(/Flaky Server Ltd[\s\S]*(pending|running|idle)/, 20_000);
    sim().addFault({ fault: { kind: 'status', status: 503 }, method: 'GET', path: `/runs/${uuid}` });
    const stale = await s.wb.waitForWebviewText(/Not updated since/, 60_000);
    assert.match(stale, /HTTP 503/);
    await s.wb.screenshot('run panel - updates failing');
    sim().clearFaults();
    // The run and its live status arrive as two messages: wait for both, the notice gone and the run finished.
    const done = await s.wb.waitForWebviewText(/^(?![\s\S]*Not updated since)[\s\S]*Flaky Server Ltd[\s\S]*success[\s\S]*Duration/, 90_000);
    assert.doesNotMatch(done, /Not updated since/);
    await closeEditors();
  });

  test('a token revoked while the panel follows a run: it says so with Sign In, stops asking, and goes on after signing in', async () => {
    const uuid = await startLiveRun('Revoked Token GmbH', 3000);
    // The run stays unfinished until the token is revoked, however long the panel takes to open under load
    // (it had ended first once in four CI runs, and a finished run is no longer asked about).
    // Put back in step with the wall clock after: the later tests time steps against it.
    sim().freezeTime();
    const frozenAt = Date.now();
    try {
      await openRunByUuid(uuid);
      await s.wb.waitForWebviewText(/Revoked Token GmbH[\s\S]*(pending|running|idle)/, 20_000);
      sim().addFault({ fault: { kind: 'status', status: 401 } });
    } finally {
      sim().resumeTime();
      sim().advanceTime(Date.now() - frozenAt);
    }
    const rejected = await s.wb.waitForWebviewText(/rejected the API token/, 30_000);
    assert.match(rejected, /Sign In/);
    // Said once, for everything: the Runs view too.
    const view = await s.wb.openView('Runs');
    await s.wb.waitForWelcome(view, 'Cargo rejected the stored API token', 10_000);
    await s.wb.screenshot('run panel - token rejected');
    // Stopped: no more requests for the run while the token is refused.
    assert.deepEqual(await requestsInQuietWindow(sim(), (r) => r.path.includes(uuid), { windowMs: 8_000 }), [], 'no requests for the run after the refusal');
    sim().clearFaults();
    const frame = await panelFrame(/rejected the API token/);
    await frame.locator('button', { hasText: 'Sign In' }).first().click();
    await s.wb.answerInputBox(sim().token, 'Cargo: Sign In');
    await s.wb.waitForInputBoxClosed();
    const done = await s.wb.waitForWebviewText(/^(?![\s\S]*rejected the API token)[\s\S]*Revoked Token GmbH[\s\S]*success[\s\S]*Duration/, 90_000);
    assert.doesNotMatch(done, /rejected the API token/);
    await closeEditors();
  });

  test('a live run of 4-s steps at the default refresh interval: its panel shows each step within 2.5 s of its start', async () => {
    // As a new user has it: the explorer's interval at its default of 10 s.
    await s.updateUserSettings({ 'cargo.autoRefreshIntervalSeconds': 10 });
    try {
      await closeEditors();
      const uuid = await startLiveRun('Steady Steps Ltd', 4000);
      await openRunByUuid(uuid);
      const frame = await panelFrame(/Steady Steps Ltd/);
      // When each execution first shows, taken in the webview: the simulator and the browser share this machine's clock.
      await frame.evaluate(() => {
        const seenAt: number[] = [];
        (window as unknown as { executionsSeenAt: number[] }).executionsSeenAt = seenAt;
        const look = () => {
          const count = document.querySelectorAll('li.execution').length;
          while (seenAt.length < count) seenAt.push(Date.now());
        };
        new MutationObserver(look).observe(document.body, { childList: true, subtree: true });
        look();
      });
      const watchedFrom = Date.now();
      await waitFor('the run finished', async () => (/Steady Steps Ltd · success/.test(await activeTabTitle()) ? true : undefined), 180_000);
      const seenAt = await frame.evaluate(() => (window as unknown as { executionsSeenAt: number[] }).executionsSeenAt);
      const { run } = await client().getRun(uuid);
      const steps = run.executions
        .map((execution, index) => ({ index, startedAt: Date.parse(execution.startedAt ?? ''), shownAt: seenAt[index] ?? Infinity }))
        .filter((step) => step.startedAt > watchedFrom);
      const delays = steps.map((step) => step.shownAt - step.startedAt);
      console.log(`[run panel] steps of 4 s shown after their start: ${delays.map((ms) => `${ms} ms`).join(', ')}`);
      assert.ok(steps.length >= 3, `steps started while the panel was open: ${steps.length}`);
      assert.ok(
        delays.every((ms) => ms <= 2500),
        `each step shows within 2.5 s of its start: ${delays.join(', ')} ms`,
      );
      await s.wb.screenshot('run panel - live run of 4-s steps');
      await closeEditors();
    } finally {
      await s.updateUserSettings({ 'cargo.autoRefreshIntervalSeconds': 2 });
    }
  });

  test('the step in progress shows a spinner, which stands still when the system asks for reduced motion', async () => {
    const created = await client().createRun({ workflowUuid: sim().fixtures.workflows.tool, data: { name: 'Slow Step Co', __simStepMs: 60_000 } });
    await openRunByUuid(created.uuid);
    const frame = await panelFrame(/Slow Step Co[\s\S]*Executions \([1-9]/);
    const spinners = frame.locator('li.execution .spinner');
    await spinners.first().waitFor({ timeout: 20_000 });
    assert.equal(await spinners.count(), 1, 'one step is in progress');
    const animation = () => spinners.first().evaluate((element) => getComputedStyle(element).animationName);
    assert.notEqual(await animation(), 'none', 'the spinner turns');
    await s.wb.screenshot('run panel - step in progress');
    await s.wb.page.emulateMedia({ reducedMotion: 'reduce' });
    try {
      await waitFor('the spinner still', async () => ((await animation()) === 'none' ? true : undefined), 10_000);
    } finally {
      await s.wb.page.emulateMedia({ reducedMotion: null });
    }
    await client().cancelRuns({ workflowUuid: sim().fixtures.workflows.tool, uuids: [created.uuid] });
    await waitFor('no spinner once the run has ended', async () => ((await spinners.count()) === 0 ? true : undefined), 30_000);
    await closeEditors();
  });

  test('the header offers Show Failures for a failed run of a batch and Watch Run for a live one, through the same commands', async () => {
    await closeEditors();
    // A failed run of a batch: Show Failures, which shows the failures of its batch; nothing to watch.
    const { run } = await client().getRun(sim().fixtures.runs.failed);
    await openRunByUuid(run.uuid);
    const failed = await panelFrame(new RegExp(`${escapeRegExp(run.recordTitle)}[\\s\\S]*Executions \\(\\d+\\)`));
    const header = failed.locator('header.run-header');
    await header.locator('button', { hasText: 'Show Failures' }).click();
    assert.equal(await header.locator('button', { hasText: 'Watch Run' }).count(), 0, 'a finished run has nothing to watch');
    const failuresView = await s.wb.openView('Failures');
    const summary = await waitFor(
      "the report of the run's batch",
      async () => (await s.wb.treeItems(failuresView)).find((item) => /^Batch /.test(item.label)),
      30_000,
    );
    assert.match(summary.description, / of .* failed/);
    await s.wb.screenshot('run panel - Show Failures from the header');
    await closeEditors();
    // A live run: Watch Run, which follows it for its failure; no failures yet.
    const uuid = await startLiveRun('Watched Live Co', 3000);
    await openRunByUuid(uuid);
    const live = await panelFrame(/Watched Live Co/);
    const liveHeader = live.locator('header.run-header');
    await liveHeader.locator('button', { hasText: 'Watch Run' }).click();
    assert.equal(await liveHeader.locator('button', { hasText: 'Show Failures' }).count(), 0, 'a run that has not failed offers no failures');
    await waitFor('the watch started', async () => ((await s.wb.statusBarTexts()).some((text) => /watching the run/.test(text)) ? true : undefined), 10_000);
    await s.wb.screenshot('run panel - Watch Run from the header');
    await closeEditors();
  });
});
