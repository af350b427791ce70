// The run panel's Timeline in a real VS Code against the simulator: the Qualify lead run whose tool node
// started a child run shows 9 bars in the simulator's order and nesting, from one spans/list by
// traceUuid; hover, click and the keyboard work (a child run's bar opens that run's panel); a live run's
// bars grow, without more than the run's usual request per tick; light, dark and high-contrast themes;
// a run of 1,000 executions draws its timeline, and opens, without a long task in the webview.
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { fetchTraceSpans, TraceLineage } from '../../src/runs/traceLineage';
import { timelineView } from '../../src/runPanel/timeline';
import { runHeaderView } from '../../src/runPanel/runView';
import { runPanels, runPanelSession, signInFirst, useSession, waitFor, simulatorOf, simulatorClient } from './harness';

/** What a timeline's bars say: nesting and label, in order. */
function barsOf(frame: Frame): Promise<string[]> {
  return frame.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.timeline-item')].map(
      (item) => `${item.style.getPropertyValue('--depth')}:${item.querySelector('.timeline-label')?.textContent?.replace('↳ ', '') ?? ''}`,
    ),
  );
}

const focusedKey = (frame: Frame) => frame.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.focusKey ?? '');

describe('Run panel: timeline', { timeout: 600_000 }, () => {
  const s = useSession(runPanelSession({ manyExecutions: 1_000 }));
  const sim = () => simulatorOf(s);
  const client = () => simulatorClient(s);
  const { panelFrame, closeEditors, openRunByUuid } = runPanels(s);
  signInFirst(s);
  // Each test opens what it needs: one that fails leaves no panel behind for the next.
  afterEach(() => closeEditors());

  test("a run whose tool node started a child run: 9 bars in the simulator's order and nesting, from one spans/list by traceUuid", async () => {
    const { run } = await client().getRun(sim().fixtures.runs.withChildRun);
    const tool = run.executions.find((execution) => execution.nodeSlug === 'find_contacts');
    assert.ok(run.traceUuid && tool?.nodeRunUuid);
    const { run: child } = await client().getRun(tool.nodeRunUuid);
    const names = new Map((run.nodes ?? []).map((node) => [node.uuid, node.name ?? node.slug]));
    const own = (execution: (typeof run.executions)[number]) => `0:${names.get(execution.nodeUuid) ?? execution.nodeSlug}`;
    const expected = [
      ...run.executions.slice(0, 3).map(own),
      ...child.executions.map((execution) => `1:${execution.nodeSlug}`),
      ...run.executions.slice(3).map(own),
    ];
    const since = Date.now();
    await openRunByUuid(run.uuid);
    const frame = await panelFrame(/Timeline \(9 executions\)/);
    await waitFor('the 9 bars', async () => ((await barsOf(frame)).length === 9 ? true : undefined), 20_000);
    assert.deepEqual(await barsOf(frame), expected);
    const spansLists = sim().requests.filter((request) => request.time >= since && request.path.endsWith('/spans/list'));
    assert.deepEqual(
      spansLists.map((request) => (request.body as { traceUuid?: string }).traceUuid),
      [run.traceUuid],
      'exactly one spans/list, by traceUuid',
    );
    // The slowest execution is marked in text, not by colour alone.
    assert.equal(await frame.locator('.timeline-row.slowest').count(), 1);
    assert.match((await frame.locator('.timeline-row.slowest').innerText()).replace(/\s+/g, ' '), /slowest/);
    await s.wb.screenshot('timeline - child run nested');
  });

  test('hover says the details; a click opens the node’s values; arrows, Home and End move; Enter on a child run’s bar opens its panel', async () => {
    const { run } = await client().getRun(sim().fixtures.runs.withChildRun);
    const childUuid = run.executions.find((execution) => execution.nodeSlug === 'find_contacts')?.nodeRunUuid ?? '';
    const enrichNode = run.nodes?.find((node) => node.slug === 'enrich');
    const enrichLabel = enrichNode?.name ? `${enrichNode.name} (enrich)` : 'enrich';
    await openRunByUuid(run.uuid);
    const frame = await panelFrame(/Timeline \(9 executions\)/);
    const enrich = frame.locator('.timeline-item').nth(1);
    await enrich.hover();
    const title = (await enrich.getAttribute('title')) ?? '';
    assert.ok(title.startsWith(`${enrichLabel}\nStatus: success\n`), title);
    assert.match(title, /\nStarted: .+\nFinished: .+\nDuration: .+\nCredits: \d/);
    await s.wb.screenshot('timeline - hover');

    // A click: the execution marked in the list, its node's values open.
    await enrich.click();
    await frame.locator('li.execution.revealed').waitFor({ timeout: 10_000 });
    assert.match(await frame.locator('li.execution.revealed').innerText(), /enrich/);
    await frame.locator('section.context details.node-json[open]').first().waitFor({ timeout: 10_000 });

    // The keyboard: one bar in the Tab order; arrows, Home and End move through them.
    const first = frame.locator('.timeline-item').first();
    await first.focus();
    assert.equal(await focusedKey(frame), 'bar:0');
    await frame.locator(':focus').press('ArrowDown');
    assert.equal(await focusedKey(frame), 'bar:1');
    await frame.locator(':focus').press('End');
    assert.equal(await focusedKey(frame), 'bar:8');
    await frame.locator(':focus').press('ArrowUp');
    assert.equal(await focusedKey(frame), 'bar:7');
    await frame.locator(':focus').press('Home');
    assert.equal(await focusedKey(frame), 'bar:0');
    assert.deepEqual(
      await frame.evaluate(() => [...document.querySelectorAll<HTMLElement>('.timeline-item')].filter((item) => item.tabIndex === 0).length),
      1,
      'one bar in the Tab order',
    );
    for (let step = 0; step < 3; step++) await frame.locator(':focus').press('ArrowDown');
    assert.equal(await focusedKey(frame), 'bar:3');
    // Enter on the child run's first bar: that run's panel.
    await frame.locator(':focus').press('Enter');
    const childFrame = await panelFrame(new RegExp(`${childUuid}[\\s\\S]*Timeline \\(3 executions\\)`));
    assert.deepEqual(
      (await barsOf(childFrame)).map((bar) => bar.split(':')[0]),
      ['0', '0', '0'],
    );
    await s.wb.screenshot('timeline - child run panel');
  });

  test('the timeline reads well in light, dark and high-contrast themes', async () => {
    await openRunByUuid(sim().fixtures.runs.withChildRun);
    const themes = [
      { label: 'Dark Modern', bodyClass: 'vscode-dark' },
      { label: 'Dark High Contrast', bodyClass: 'vscode-high-contrast' },
      { label: 'Light Modern', bodyClass: 'vscode-light' },
    ];
    await panelFrame(/Timeline \(9 executions\)/);
    for (const theme of themes) {
      // The keyboard back in the workbench (the panel's webview has it after opening): F1 opens the palette there.
      // (The mouse first away from the title bar, whose hover would cover the tab.)
      await s.wb.page.mouse.move(640, 1_200);
      await s.wb.page.locator('.tabs-container .tab.active').click({ force: true });
      await s.wb.runCommand('Preferences: Color Theme');
      await s.wb.answerInputBox(theme.label);
      const frame = await panelFrame(/Timeline \(9 executions\)/);
      await waitFor(
        `the ${theme.label} theme in the panel`,
        async () => ((await frame.evaluate((name) => document.body.classList.contains(name), theme.bodyClass)) ? true : undefined),
        20_000,
      );
      await frame.locator('section.timeline').scrollIntoViewIfNeeded();
      // Every bar is drawn (a width of its own), and its status is said in text beside it.
      const drawn = await frame.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.timeline-bar')].map((bar) => ({
          width: bar.getBoundingClientRect().width,
          status: bar.closest('.timeline-item')?.querySelector('.timeline-status')?.textContent ?? '',
        })),
      );
      assert.equal(drawn.length, 9);
      for (const bar of drawn) {
        assert.ok(bar.width >= 3, `${theme.label}: a bar is drawn`);
        assert.match(bar.status, /^✓ success$/);
      }
      await s.wb.screenshot(`timeline - theme ${theme.label}`);
    }
  });

  test("a live run's bars grow with the clock, and its ticks cost no more than the run's usual request", async () => {
    const created = await client().createRun({
      workflowUuid: sim().fixtures.workflows.qualifyLead ?? '',
      data: { website: 'acme.test', company: 'Acme', email: 'lead@acme.test', __simStepMs: 4_000, __simOutcome: 'success' },
    });
    const since = Date.now();
    await openRunByUuid(created.uuid);
    const frame = await panelFrame(/lead@acme\.test[\s\S]*Timeline \(\d+ executions?\)/);
    await frame.locator('.timeline-bar.running').first().waitFor({ timeout: 30_000 });
    // The axis follows the clock in the webview (--now, ms from the first start), and the running bar's end with it: at the track's right end.
    const clock = () =>
      frame.evaluate(() => {
        const list = document.querySelector<HTMLElement>('.timeline-bars');
        const bar = document.querySelector('.timeline-bar.running');
        const track = bar?.parentElement?.getBoundingClientRect();
        const end = bar?.getBoundingClientRect().right;
        return { now: Number(list?.style.getPropertyValue('--now')), atEnd: track !== undefined && end !== undefined && Math.abs(track.right - end) <= 2 };
      });
    const before = await clock();
    assert.ok(before.atEnd, 'the running bar ends at now');
    const later = await waitFor(
      'the running bar to grow',
      async () => {
        const now = await clock();
        return now.now >= before.now + 1_000 ? now : undefined;
      },
      10_000,
      100,
    );
    assert.ok(later.atEnd, 'the running bar still ends at now, a second later');
    await s.wb.screenshot('timeline - live run growing');
    // To its end: the timeline shows every execution finished.
    await waitFor(
      'the run to finish in the timeline',
      async () =>
        (await frame.locator('.timeline-bar.running').count()) === 0 && (await frame.locator('.run-header .status', { hasText: 'success' }).count()) > 0
          ? true
          : undefined,
      120_000,
      500,
    );
    const requests = sim().requests.filter((request) => request.time >= since);
    const byTrace = requests.filter(
      (request) => request.path.endsWith('/spans/list') && (request.body as { traceUuid?: string }).traceUuid === created.traceUuid,
    );
    const wholeRun = requests.filter((request) => request.method === 'GET' && request.path.endsWith(`/runs/${created.uuid}`));
    const traces = requests.filter((request) => request.path.includes('/traces/'));
    const ticks = requests.filter((request) => request.path.endsWith('/runs/list'));
    console.log(
      `[timeline live] ${ticks.length} runs/list ticks, ${wholeRun.length} GET runs/{uuid} (changes), ${byTrace.length} spans/list by traceUuid, ${traces.length} traces/{uuid}`,
    );
    // A spans/list by traceUuid only on opening and on a change of the run (each change is one GET of the whole run).
    assert.ok(byTrace.length >= 1 && byTrace.length <= 1 + wholeRun.length, `${byTrace.length} spans/list for ${wholeRun.length} changes`);
    assert.ok(ticks.length > byTrace.length, 'most ticks asked nothing of the timeline');
    assert.equal(traces.length, 1, 'the totals once, at the end');
  });

  test('a run of 1,000 executions: the timeline draws its 1,000 bars without a long task in the webview', async () => {
    const uuid = sim().fixtures.runs.manyExecutions ?? '';
    const { run } = await client().getRun(uuid);
    assert.equal(run.executions.length, 1_000);
    await openRunByUuid(uuid);
    const frame = await s.wb.webviewFrame(/Timeline \(1,000 executions\)/, 60_000);
    const drawn = () => frame.evaluate(() => document.querySelector('.timeline-bars')?.getAttribute('data-drawn'));
    await waitFor('every bar drawn', async () => ((await drawn()) === '1000' ? true : undefined), 60_000);
    // The webview's long tasks since it opened (buffered): the whole panel's, its header, 1,000 executions and trees too.
    // A page's long tasks are reported to every frame of its event loop, named by whose they were: the panel's own are
    // "self"; VS Code's (the workbench, the webview's host frame: "…-ancestor") are not the panel's doing.
    const opening = await frame.evaluate(
      () =>
        new Promise<{ own: number[]; others: string[] }>((resolve) => {
          new PerformanceObserver((list) => {
            const entries = list.getEntries();
            resolve({
              own: entries.filter((entry) => entry.name === 'self').map((entry) => Math.round(entry.duration)),
              others: entries.filter((entry) => entry.name !== 'self').map((entry) => `${entry.name} ${Math.round(entry.duration)}`),
            });
          }).observe({ type: 'longtask', buffered: true });
          setTimeout(() => resolve({ own: [], others: [] }), 1_000);
        }),
    );
    // The panel as it opened (what follows draws parts again with views of the test's own).
    await s.wb.screenshot('timeline - 1,000 executions');
    const header = await frame.locator('.run-header').innerText();
    assert.match(header, /Workflow\s+Score account/, 'the workflow by its name');
    assert.equal(await frame.locator('.executions h2').innerText(), 'Executions (1,000)');
    // The timeline alone: the same view drawn again (as a live update draws it), with a heartbeat and the long tasks while it is.
    const lineage = await fetchTraceSpans(client(), run.traceUuid ?? '', Date.parse(run.createdAt));
    const timeline = timelineView({ run, spans: [], lineage: new TraceLineage(lineage.spans, lineage.count) });
    // A heartbeat gap is the panel's own doing only as far as the main thread was busy in it (its long tasks): on
    // a shared machine the webview also waits for a core, as the extension host's heartbeat counts only its CPU time.
    const redraw = await frame.evaluate(
      (view) =>
        new Promise<{ longTasks: number[]; longestGap: number; busiestGap: number; ms: number }>((resolve) => {
          const tasks: { start: number; end: number }[] = [];
          const gaps: { start: number; end: number }[] = [];
          new PerformanceObserver((list) =>
            tasks.push(
              ...list
                .getEntries()
                .filter((entry) => entry.name === 'self')
                .map((entry) => ({ start: entry.startTime, end: entry.startTime + entry.duration })),
            ),
          ).observe({
            type: 'longtask',
          });
          const list = document.querySelector<HTMLElement>('.timeline-bars')!;
          delete list.dataset.drawn;
          const started = performance.now();
          let last = started;
          const timer = setInterval(() => {
            const now = performance.now();
            gaps.push({ start: last, end: now });
            last = now;
            if (list.dataset.drawn === '1000') {
              // Two frames more: the bars laid out and painted.
              requestAnimationFrame(() =>
                requestAnimationFrame(() => {
                  clearInterval(timer);
                  const busy = (gap: { start: number; end: number }) =>
                    tasks.reduce((sum, task) => sum + Math.max(0, Math.min(gap.end, task.end) - Math.max(gap.start, task.start)), 0);
                  resolve({
                    longTasks: tasks.map((task) => Math.round(task.end - task.start)),
                    longestGap: Math.round(Math.max(0, ...gaps.map((gap) => gap.end - gap.start))),
                    busiestGap: Math.round(Math.max(0, ...gaps.map(busy))),
                    ms: Math.round(performance.now() - started),
                  });
                }),
              );
            }
          }, 10);
          window.postMessage({ type: 'timeline', timeline: view }, '*');
        }),
      timeline,
    );
    // The panel's header and its list of 1,000 executions drawn again the same way (a live update draws them so).
    const redrawnList = await frame.evaluate(
      (view) =>
        new Promise<number[]>((resolve) => {
          const longTasks: number[] = [];
          new PerformanceObserver((list) =>
            longTasks.push(
              ...list
                .getEntries()
                .filter((entry) => entry.name === 'self')
                .map((entry) => Math.round(entry.duration)),
            ),
          ).observe({ type: 'longtask' });
          window.postMessage({ type: 'runLoaded', run: view }, '*');
          setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(longTasks), 100))), 0);
        }),
      JSON.parse(JSON.stringify(runHeaderView(run, {}))) as unknown,
    );
    console.log(`[timeline 1,000] the header and executions list drawn again: long tasks [${redrawnList.join(', ')}] ms`);
    console.log(
      `[timeline 1,000] opening the panel, the webview's own long tasks (ms): [${opening.own.join(', ')}], VS Code's: [${opening.others.join(', ')}]; the timeline drawn again: ${redraw.ms} ms, long tasks [${redraw.longTasks.join(', ')}], longest heartbeat gap ${redraw.longestGap} ms, of it busy ${redraw.busiestGap} ms`,
    );
    assert.equal(await frame.locator('.timeline-item').count(), 1_000);
    assert.ok(Math.max(0, ...redraw.longTasks) < 200, `the timeline's tasks: ${redraw.longTasks.join(', ')} ms`);
    assert.ok(redraw.busiestGap < 200, `longest gap ${redraw.longestGap} ms, the main thread busy ${redraw.busiestGap} ms of it`);
    // Executions off screen are not laid out (runPanel.css): opening the panel and redrawing its list stay short too.
    assert.ok(Math.max(0, ...opening.own) < 200, `opening the panel: ${opening.own.join(', ')} ms`);
    assert.ok(Math.max(0, ...redrawnList) < 200, `the header and executions drawn again: ${redrawnList.join(', ')} ms`);
  });
});
