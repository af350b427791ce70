// Compare with Last Success in a real VS Code against the simulator: on a failed run (its row in the Runs
// view), VS Code's diff editor opens with the newest successful run of the workflow on the left and the
// run on the right; the lines it marks as changed are exactly the keys in which the two runs differ as
// the simulator has them (worked out here from the simulator's own runs), the first node where they part
// is named at the top, and it costs 3 requests when neither run is loaded, 1 when both are (run panels).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Locator } from 'playwright-core';
import type { RunDetails } from '../../src/api';
import { changedLineKeys, differingKeys } from '../support/runDifferences';
import { runPanels, signIn, simulatorClient, simulatorOf, useSession, waitFor } from './harness';

interface ShownLine {
  readonly text: string;
  /** The diff editor marks the line as inserted (right) or deleted (left). */
  readonly changed: boolean;
}

describe('Compare with Last Success', { timeout: 600_000 }, () => {
  const s = useSession({
    simulator: { seed: 1, token: 'dev-token', stepMs: 200 },
    // Nothing refreshes by itself while the test counts requests: the view is refreshed by hand.
    settings: { 'cargo.autoRefreshIntervalSeconds': 600, 'diffEditor.hideUnchangedRegions.enabled': false, 'diffEditor.renderSideBySide': true },
    viewport: { width: 1600, height: 1100 },
  });
  const sim = () => simulatorOf(s);
  const { openRunByUuid, panelFrame, closeEditors } = runPanels(s);
  const api = (since: number) =>
    sim()
      .requests.filter((request) => request.time >= since)
      .map((request) => `${request.method} ${request.path.replace(/^\/v1\/orchestration/, '')}`);
  let failedUuid = '';
  let expected:
    | {
        readonly keys: Set<string>;
        readonly heading: string;
        /** The first node that differs, and what differs there, as the diff's first line names them. */
        readonly node: string;
        readonly what: string;
        readonly success: RunDetails;
        readonly failed: RunDetails;
      }
    | undefined;

  const scrollTopOf = (editor: Locator) => editor.evaluate((root) => root.querySelector<HTMLElement>('.lines-content')?.style.top ?? '');

  /** Scrolls the editor (and the diff editor's other side with it) to its first line, a step at a time. */
  async function scrollToTop(editor: Locator): Promise<void> {
    await editor.hover();
    for (let up = 0; up < 100 && Number.parseFloat((await scrollTopOf(editor)) || '0') !== 0; up++) {
      const at = await scrollTopOf(editor);
      await s.wb.page.mouse.wheel(0, -600);
      await waitFor('the scroll up rendered', async () => ((await scrollTopOf(editor)) !== at ? true : undefined), 5_000, 50);
    }
  }

  /** Every line of one side of the diff editor, read by line number while scrolling through it. */
  async function diffSide(side: 'original' | 'modified'): Promise<ShownLine[]> {
    const editor = s.wb.page.locator(`.monaco-diff-editor .editor.${side}`).first();
    await editor.locator('.view-line').first().waitFor();
    const lines = new Map<number, ShownLine>();
    // From the top (the two sides scroll together), a viewport's worth less than a viewport at a time, to the end.
    await editor.hover();
    await scrollToTop(editor);
    let scrolled: string | undefined;
    for (let pass = 0; pass < 200; pass++) {
      const rendered = await editor.evaluate((root) => {
        const byTop = (selector: string) => new Map([...root.querySelectorAll<HTMLElement>(selector)].map((element) => [element.style.top, element]));
        const texts = byTop('.view-lines > .view-line');
        const overlays = byTop('.view-overlays > div');
        const found: [number, string, boolean][] = [];
        for (const [top, margin] of byTop('.margin-view-overlays > div')) {
          const number = Number.parseInt(margin.querySelector('.line-numbers')?.textContent ?? '', 10);
          const text = texts.get(top);
          if (!Number.isFinite(number) || !text) continue;
          found.push([number, (text.textContent ?? '').replace(/\u00a0/g, ' '), !!overlays.get(top)?.querySelector('.line-insert, .line-delete')]);
        }
        // At the end when the scrollbar's slider is at the bottom of its track, or there is none (it all fits).
        const slider = root.querySelector<HTMLElement>('.scrollbar.vertical .slider');
        const track = root.querySelector<HTMLElement>('.scrollbar.vertical');
        const atEnd =
          !slider || !track || slider.offsetHeight === 0 || Number.parseFloat(slider.style.top || '0') + slider.offsetHeight >= track.offsetHeight - 1;
        return { found, atEnd, scrollTop: root.querySelector<HTMLElement>('.lines-content')?.style.top ?? '' };
      });
      for (const [number, text, changed] of rendered.found) lines.set(number, { text, changed });
      // The end: scrolling moves nothing any more.
      if (rendered.scrollTop === scrolled) break;
      scrolled = rendered.scrollTop;
      await s.wb.page.mouse.wheel(0, 300);
      await waitFor(
        'the scroll rendered',
        async () => ((await editor.locator('.lines-content').first().getAttribute('style')) !== null ? true : undefined),
        5_000,
      );
    }
    const numbers = [...lines.keys()].sort((a, b) => a - b);
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => i + 1),
      `every line of the ${side} side read, none skipped`,
    );
    return numbers.map((number) => lines.get(number) as ShownLine);
  }

  /** The diff editor's changed lines, by key, both sides; and its first lines. */
  async function shownDiff(): Promise<{ readonly changedKeys: string[]; readonly left: ShownLine[]; readonly right: ShownLine[] }> {
    await s.wb.page.locator('.monaco-diff-editor').first().waitFor({ timeout: 30_000 });
    // The diff is computed after the documents show: wait until its changes are marked.
    await waitFor(
      'the changes marked',
      async () => ((await s.wb.page.locator('.monaco-diff-editor .line-insert, .monaco-diff-editor .line-delete').count()) > 0 ? true : undefined),
      30_000,
    );
    const left = await diffSide('original');
    const right = await diffSide('modified');
    const keyOf = (line: ShownLine) => line.text.slice(0, line.text.indexOf(' = '));
    const changedKeys = [...new Set([...left, ...right].filter((line) => line.changed).map(keyOf))].sort();
    // Back to the top, for the screenshot.
    await scrollToTop(s.wb.page.locator('.monaco-diff-editor .editor.modified').first());
    return { changedKeys, left, right };
  }

  async function tabTitle(): Promise<string> {
    return (await s.wb.page.locator('.tabs-container .tab.active').getAttribute('aria-label')) ?? '';
  }

  test('sign in; a run that fails at a node; the newest success of its workflow, as the simulator has them', async () => {
    await s.wb.openView('Runs');
    await signIn(s.wb, sim().token);
    const client = simulatorClient(s);
    const batchUuid = sim().startBatch({
      workflowUuid: sim().fixtures.workflows.tool,
      records: [{ id: 'compare-me', name: 'Compare Co', email: 'ada@compare.example', domain: 'compare.example', __simFailAt: 'hubspot_get_company' }],
    });
    failedUuid = await waitFor(
      'the run to fail',
      async () => {
        const [run] = (await client.listRuns({ batchUuid })).runs;
        return run?.status.raw === 'error' ? run.uuid : undefined;
      },
      60_000,
    );
    // The world stops here: the newest success the test reads is the one the extension will find.
    sim().freezeTime();
    const failed = await client.getRun(failedUuid);
    const [newest] = (await client.listRuns({ workflowUuid: failed.run.workflowUuid, statuses: ['success'], limit: 1 })).runs;
    const success = await client.getRun(newest?.uuid ?? assert.fail('a success of the workflow'));
    const keys = differingKeys(success, failed);
    // The first node, in execution order, whose status, branch or computed config differs (the same path up to it).
    const differs = (slug: string, part: string) => [...keys].some((key) => key === `nodes.${slug}.${part}` || key.startsWith(`nodes.${slug}.${part}.`));
    const first =
      failed.run.executions.find((execution) => ['status', 'branch', 'config'].some((part) => differs(execution.nodeSlug, part))) ??
      assert.fail('a node that differs');
    const slug = first.nodeSlug;
    const before = success.run.executions.find((execution) => execution.nodeSlug === slug);
    const what = differs(slug, 'status')
      ? `status ${before?.status.raw ?? ''} → ${first.status.raw}`
      : differs(slug, 'branch')
        ? `branch ${String(before?.nodeChildIndex ?? 'none')} → ${String(first.nodeChildIndex ?? 'none')}`
        : 'computed config differs';
    expected = { keys, heading: `First difference: ${slug}: ${what}`, node: slug, what, success, failed };
    assert.ok(keys.size > 2, `the runs differ in more than their statuses: ${[...keys].join(', ')}`);
  });

  test('Compare with Last Success on the failed run’s row: the diff editor shows exactly the differing keys, the first differing node named, in 3 requests', async () => {
    const want = expected ?? assert.fail('the runs of the first test');
    const view = await s.wb.openView('Runs');
    await s.wb.runCommand('Cargo: Refresh');
    const batchRow = await waitFor(
      'the new batch',
      async () => {
        const at = (await s.wb.treeItems(view)).findIndex((item) => item.level === 1 && item.description.startsWith('1 run'));
        return at >= 0 ? at : undefined;
      },
      20_000,
    );
    const rows = s.wb.treeRows(view);
    const batch = rows.nth(batchRow);
    if ((await batch.getAttribute('aria-expanded')) !== 'true') await batch.locator('.monaco-tl-twistie').click();
    const runRow = await waitFor(
      'the failed run’s row',
      async () => {
        const items = await s.wb.treeItems(view);
        const at = items.findIndex((item, i) => i > batchRow && item.level === 2 && item.icon === 'error');
        return at >= 0 ? rows.nth(at) : undefined;
      },
      20_000,
    );
    const since = Date.now();
    await s.wb.contextMenuEntry(runRow, 'Compare with Last Success');
    const diff = await shownDiff();
    assert.deepEqual(diff.changedKeys, [...want.keys].sort(), 'the changed lines are exactly the keys in which the simulator’s two runs differ');
    // Left: the success, right: the failed run (their statuses are the documents' second lines).
    assert.equal(diff.left[0]?.text, want.heading);
    assert.equal(diff.right[0]?.text, want.heading);
    assert.ok(diff.left.some((line) => line.text === 'run.status = "success"' && line.changed));
    assert.ok(diff.right.some((line) => line.text === 'run.status = "error"' && line.changed));
    // The documents the diff editor compares say the same as the lines it marks: no line is marked that both have.
    assert.deepEqual([...changedLineKeys(diff.left.map((l) => l.text).join('\n'), diff.right.map((l) => l.text).join('\n'))].sort(), diff.changedKeys);
    const title = await tabTitle();
    assert.match(title, / \(success, [^)]+\) ↔ Compare Co \(error, [^)]+\)/, title);
    assert.doesNotMatch(title, /[0-9a-f]{8}-[0-9a-f]{4}-/, 'no bare uuid in the title');
    const requests = api(since);
    assert.deepEqual(
      [...requests].sort(),
      [`GET /runs/${want.failed.run.uuid}`, `GET /runs/${want.success.run.uuid}`, 'POST /runs/list'].sort(),
      'neither run loaded: the run, one runs/list, the success',
    );
    const list = sim().requests.find((request) => request.time >= since && request.path.endsWith('/runs/list'));
    assert.deepEqual(list?.body, { workflowUuid: want.failed.run.workflowUuid, statuses: ['success'], limit: 1 });
    await s.wb.screenshot('compare - with last success');
  });

  test('both runs open in run panels: Compare with Last Success from the failed run’s panel costs 1 request', async () => {
    const want = expected ?? assert.fail('the runs of the first test');
    await closeEditors();
    const opened = Date.now();
    /** The run's whole GET answered since the panels opened, and its panel done loading. */
    const loaded = async (runUuid: string, match: RegExp) => {
      await waitFor(
        'the whole run fetched',
        () => (sim().requests.some((r) => r.time >= opened && r.path.endsWith(`/runs/${runUuid}`) && r.status === 200) ? true : undefined),
        30_000,
      );
      const frame = await panelFrame(match);
      await waitFor('the panel done loading', async () => (/Loading/.test(await frame.locator('body').innerText()) ? undefined : true), 30_000);
    };
    await openRunByUuid(want.success.run.uuid);
    await loaded(want.success.run.uuid, /Computed configs/);
    await openRunByUuid(want.failed.run.uuid);
    await loaded(want.failed.run.uuid, /Compare Co[\s\S]*Computed configs/);
    await waitFor('the failed run’s panel in front', async () => ((await tabTitle()).includes('Compare Co') ? true : undefined), 30_000);
    const since = Date.now();
    await s.wb.runCommand('Cargo: Compare with Last Success');
    const diff = await shownDiff();
    assert.deepEqual(diff.changedKeys, [...want.keys].sort());
    assert.equal(diff.right[0]?.text, want.heading);
    assert.deepEqual(api(since), ['POST /runs/list'], 'both runs loaded: the list alone');
    await s.wb.screenshot('compare - both runs loaded');
  });

  /** The failed run's panel in front again (a diff editor took its place). */
  async function failedRunPanelInFront(): Promise<void> {
    await s.wb.page.locator('.tabs-container .tab', { hasText: 'Compare Co · error' }).first().click();
    await waitFor('the failed run’s panel in front', async () => ((await tabTitle()).includes('Compare Co · error') ? true : undefined), 10_000);
  }

  test('after the compare, the run’s panel names the same first differing node as the diff’s first line, asking Cargo nothing', async () => {
    const want = expected ?? assert.fail('the runs of the first test');
    const since = Date.now();
    await failedRunPanelInFront();
    // The failed run's panel (the success's says "this run as its last success").
    const frame = await panelFrame(/Compared with .* \(last success\):/);
    const record = want.success.run.recordTitle || want.success.run.recordId;
    assert.equal(await frame.locator('.comparison-note p').innerText(), `Compared with ${record} (last success): first differs at ${want.node} — ${want.what}`);
    assert.equal(want.heading, `First difference: ${want.node}: ${want.what}`, 'the node and what differs, as the diff’s first line says them');
    assert.deepEqual(api(since), [], 'the comparison was made already: nothing asked of Cargo to name it');
    await s.wb.screenshot('compare - the run panel names the first difference');
  });

  test('Compare with… from the run panel: the workflow’s recent runs to pick from, or a run by uuid; both loaded: one runs/list', async () => {
    const want = expected ?? assert.fail('the runs of the first test');
    // The failed run's panel in front again (the diff editor took its place).
    await failedRunPanelInFront();
    const since = Date.now();
    await s.wb.runCommand('Cargo: Compare with…');
    const items = await s.wb.waitForQuickPickItems('Compare with…');
    assert.ok(items.length > 1, 'the workflow’s recent runs');
    assert.ok(
      items.every((item) => !/[0-9a-f]{8}-[0-9a-f]{4}-/.test(item.label)),
      'runs named by their records, not their uuids',
    );
    await s.wb.screenshot('compare - with a run picked');
    await s.wb.pickQuickItem('Another Run…', 'Another');
    await s.wb.answerInputBox(want.success.run.uuid);
    const diff = await shownDiff();
    assert.deepEqual(diff.changedKeys, [...want.keys].sort(), 'the same two runs: the same keys differ');
    assert.equal(diff.left[0]?.text, want.heading);
    assert.deepEqual(api(since), ['POST /runs/list'], 'both runs loaded: the recent runs alone');
    await s.wb.screenshot('compare - with a run typed');
  });

  test('Show Comparison in the run’s panel opens the comparison made again: no request', async () => {
    const want = expected ?? assert.fail('the runs of the first test');
    const since = Date.now();
    await failedRunPanelInFront();
    const record = want.success.run.recordTitle || want.success.run.recordId;
    // The newest comparison of the run: the same two runs, picked this time (Compare with…).
    const frame = await panelFrame(`Compared with ${record}: first differs at ${want.node} — ${want.what}`);
    const diffTabs = s.wb.page.locator('.tabs-container .tab', { hasText: '↔' });
    const before = await diffTabs.count();
    await frame.getByRole('button', { name: 'Show Comparison' }).click();
    await waitFor('one more diff editor of the two runs', async () => ((await diffTabs.count()) > before ? true : undefined), 10_000);
    const diff = await shownDiff();
    assert.equal(diff.left[0]?.text, want.heading);
    assert.equal(diff.right[0]?.text, want.heading);
    assert.deepEqual(diff.changedKeys, [...want.keys].sort());
    assert.deepEqual(api(since), [], 'the comparison was made already: nothing asked of Cargo to open it again');
    await s.wb.screenshot('compare - shown again from the run panel');
  });
});
