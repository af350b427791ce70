// Failures where the user works, in a real VS Code against the simulator: a failed run of a file is one
// diagnostic on that file at the key its error names, with a hover and "Open failing execution"; a later
// run that works clears it. "Show Failures" groups a batch's failed runs by cause with the simulator's
// own counts, in a bounded number of requests; hostile messages stay text.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { selectBatchRow, signIn, useSession, waitFor, simulatorOf, simulatorClient } from './harness';
import { nodeLabel } from '../../src/runs/labels';

describe('Error inspection', { timeout: 900_000 }, () => {
  const s = useSession({
    simulator: { seed: 1, token: 'dev-token', stepMs: 300, hostile: true },
    settings: { 'cargo.autoRefreshIntervalSeconds': 2 },
    viewport: { width: 1400, height: 1000 },
  });
  const sim = () => simulatorOf(s);
  const cargoProblems = async (file: string) => (await s.wb.problems()).filter((p) => p.file === file && p.source.includes('Cargo'));
  type View = Awaited<ReturnType<typeof s.wb.openView>>;
  /** Selects the batch's row (found by its description, which does not move), then runs "Cargo: Show Failures" on the selection. */
  async function showFailuresOf(view: View, batchUuid: string): Promise<void> {
    await selectBatch(view, batchUuid);
    await s.wb.runCommand('Cargo: Show Failures');
  }
  /** Selects the batch's row, found by its description (which does not move). */
  async function selectBatch(view: View, batchUuid: string): Promise<void> {
    await selectBatchRow(s.wb, view, simulatorClient(s), batchUuid);
  }

  test('a run of a file that fails: one diagnostic at the key its error names, a hover with its JSON in code blocks and titled links, the failing execution, cleared by a run that works', async () => {
    await s.wb.openView('Runs');
    await signIn(s.wb, sim().token);
    const data = {
      name: 'Diag Co',
      email: 'ada@diag.example',
      domain: 'diag.example',
      __simFailAt: 'clearbit_enrich',
      __simFailWith: 'noCompany',
      __simOutcome: 'success',
      __simStepMs: 200,
    };
    writeFileSync(join(s.server.workspace, 'failing.cargo-run.json'), `${JSON.stringify({ workflowUuid: sim().fixtures.workflows.tool, data }, null, 2)}\n`);
    await s.wb.openFile('failing.cargo-run.json');
    await s.wb.clickCodeLens('Run in Cargo');
    const [problem] = await waitFor(
      'the failure in the Problems panel',
      async () => {
        const found = await cargoProblems('failing.cargo-run.json');
        return found.length > 0 ? found : undefined;
      },
      60_000,
    );
    assert.equal((await cargoProblems('failing.cargo-run.json')).length, 1, 'exactly one');
    assert.equal(problem?.severity, 'error');
    assert.equal(problem?.line, 6, 'on the "domain" key, which the error names');
    assert.equal(problem?.column, 5);
    assert.match(problem?.message ?? '', /^clearbit_enrich: Clearbit: no company found for domain 'diag\.example'/);
    assert.equal(problem?.code, 'run of Diag Co', 'the run named by its record, not by a piece of its uuid');
    await s.wb.screenshot('error inspection - diagnostic');

    // The hover, at the diagnostic.
    await s.wb.runCommand('View: Focus Active Editor Group');
    await s.wb.runCommand('Go to Line/Column...');
    await s.wb.page.keyboard.type(':6:7');
    await s.wb.page.keyboard.press('Enter');
    await s.wb.runCommand('Show or Focus Hover');
    const hover = await waitFor(
      'the hover',
      async () => {
        const texts = await s.wb.page.locator('.monaco-hover').evaluateAll((hovers) => hovers.map((h) => h.textContent ?? ''));
        return texts.find((text) => /failed/.test(text) && /Input/.test(text));
      },
      20_000,
    );
    assert.match(hover, /clearbit_enrich\S* failed/);
    assert.match(hover, /no company found for domain/);
    assert.match(hover, /Input[\s\S]*Diag Co/);
    assert.match(hover, /Computed config/);
    assert.match(hover, /Open Run[\s\S]*Re-run[\s\S]*Copy Error[\s\S]*Compare/);
    // The input and computed config as JSON in code blocks, indented as JSON is: not text run together.
    const shown = s.wb.page.locator('.monaco-hover').filter({ hasText: 'Computed config' }).first();
    const lines = await shown.innerText();
    assert.match(lines, /\{\n {2}"name": "Diag Co",\n {2}"email": "ada@diag\.example",\n/, `the input as indented JSON: ${JSON.stringify(lines)}`);
    assert.ok((await shown.locator('.monaco-tokenized-source, code').count()) >= 2, 'two code blocks');
    // Each link says what it does: without a title VS Code shows the raw command URI as its tooltip.
    const links = await shown
      .locator('a')
      .evaluateAll((anchors) => anchors.map((a) => ({ text: (a.textContent ?? '').trim(), title: a.getAttribute('title') ?? '' })));
    // The hover also holds VS Code's part on the problem (its code, its related location, View Problem, Quick Fix).
    const ours = links.filter((link) => ['Open Run', 'Re-run', 'Copy Error', 'Compare'].includes(link.text));
    assert.deepEqual(
      ours.map((link) => link.text),
      ['Open Run', 'Re-run', 'Copy Error', 'Compare'],
      JSON.stringify(links),
    );
    for (const link of ours) assert.match(link.title, /^[A-Z][a-z ]+$/, `a short title for ${link.text}: ${link.title}`);
    await s.wb.screenshot('error inspection - hover');
    await s.wb.page.keyboard.press('Escape');

    // "Open failing execution", from the quick fixes.
    await s.wb.runCommand('Quick Fix...');
    const menu = s.wb.page.locator('.action-widget, .context-view .monaco-menu').first();
    await menu.waitFor();
    // With the keyboard, as a person would (a pointer blocker covers the widget while it opens).
    let focused = '';
    for (let step = 0; step < 10 && focused !== 'Open failing execution'; step++) {
      focused = (
        (await menu
          .locator('.monaco-list-row.focused .title')
          .first()
          .innerText()
          .catch(() => '')) ?? ''
      ).trim();
      if (focused !== 'Open failing execution') await s.wb.page.keyboard.press('ArrowDown');
    }
    assert.equal(focused, 'Open failing execution');
    await s.wb.page.keyboard.press('Enter');
    const frame = await s.wb.webviewFrame(/Diag Co/);
    const revealed = await waitFor(
      'the failing execution marked',
      async () =>
        (await frame
          .locator('.execution.revealed')
          .innerText()
          .catch(() => '')) || undefined,
      20_000,
    );
    assert.match(revealed, /clearbit_enrich/);
    await s.wb.screenshot('error inspection - failing execution');

    // A run that works, after an edit elsewhere in the file: the diagnostic goes.
    await s.wb.runCommand('View: Focus First Editor Group');
    await s.wb.runCommand('Go to Line/Column...');
    await s.wb.page.keyboard.type(':7:1');
    await s.wb.page.keyboard.press('Enter');
    await s.wb.page.keyboard.press('Shift+ArrowDown');
    await s.wb.page.keyboard.press('Shift+ArrowDown');
    await s.wb.page.keyboard.press('Delete');
    assert.equal((await cargoProblems('failing.cargo-run.json')).length, 1, 'an edit elsewhere keeps it');
    await s.wb.clickCodeLens('Run in Cargo');
    await waitFor('the diagnostic cleared', async () => ((await cargoProblems('failing.cargo-run.json')).length === 0 ? true : undefined), 60_000);
  });

  test('hostile error messages (markup, links, bidi, 1 MB) are inert text in the diagnostic and its hover', async () => {
    const dialogs = s.wb.recordDialogs();
    for (const kind of ['strings', 'megabyte']) {
      const file = `hostile-${kind}.cargo-run.json`;
      const data = { name: `Hostile ${kind}`, __simHostile: kind, __simFailAt: 'clearbit_enrich', __simStepMs: 100 };
      writeFileSync(join(s.server.workspace, file), `${JSON.stringify({ workflowUuid: sim().fixtures.workflows.tool, data }, null, 2)}\n`);
      await s.wb.openFile(file);
      await s.wb.clickCodeLens('Run in Cargo');
      const [problem] = await waitFor(
        `the failure of ${file}`,
        async () => {
          const found = await cargoProblems(file);
          return found.length > 0 ? found : undefined;
        },
        60_000,
      );
      assert.ok(problem && problem.message.length <= 400, 'one short line');
      const markers = s.wb.page.locator('[id="workbench.panel.markers"]');
      assert.equal(await markers.locator('img, script, svg, b').count(), 0, 'no markup from run data in the Problems panel');
      await s.wb.runCommand('View: Focus First Editor Group');
      await s.wb.runCommand('Go to Line/Column...');
      await s.wb.page.keyboard.type(`:${problem.line}:${(problem.column ?? 1) + 1}`);
      await s.wb.page.keyboard.press('Enter');
      await s.wb.runCommand('Show or Focus Hover');
      const hover = s.wb.page.locator('.monaco-hover').filter({ hasText: 'Computed config' }).first();
      await hover.waitFor();
      assert.equal(await hover.locator('img, script, svg, b, iframe').count(), 0, 'no markup from run data in the hover');
      const links = await hover.locator('a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('data-href') ?? a.getAttribute('href') ?? ''));
      for (const link of links.filter((href) => href.startsWith('command:'))) assert.match(link, /^command:cargo\./, `only our commands: ${link}`);
      assert.ok((await hover.innerText()).length < 20_000, 'the 1 MB message is cut');
      await s.wb.screenshot(`error inspection - hostile ${kind}`);
      await s.wb.page.keyboard.press('Escape');
    }
    dialogs.stop();
    assert.deepEqual(dialogs.messages, []);
  });

  test('Show Failures on the batch of 1,000 runs: the simulator’s 3 causes with its counts, in at most ceil(failed/100) + 3 requests', async () => {
    const view = await s.wb.openView('Runs');
    const batchUuid = sim().fixtures.batches.large;
    const truth = sim().failures(batchUuid);
    const since = Date.now();
    await showFailuresOf(view, batchUuid);
    const failuresView = await s.wb.openView('Failures');
    const groups = await waitFor(
      'the failure groups',
      async () => {
        const items = (await s.wb.treeItems(failuresView)).filter((item) => /^\d[\d,.k]* · /.test(item.label));
        return items.length > 0 ? items : undefined;
      },
      30_000,
    );
    // The extension's (counted before the test asks Cargo itself below).
    const requests = sim().requests.filter(
      (r) =>
        r.time >= since &&
        ((r.path.endsWith('/runs/list') && (r.body as { batchUuid?: string }).batchUuid === batchUuid) ||
          r.path.endsWith('/runs/metrics') ||
          r.path.includes('/releases/')),
    );
    // The failed runs' pages, the metrics, the release (its nodes' names); a retry at most.
    assert.ok(requests.length <= Math.ceil(truth.failedRunsCount / 100) + 3, `${requests.length} requests: ${requests.map((r) => r.path).join(', ')}`);
    // Each node named as the batch's release names it (issue 20: "Name (slug)", was the slug alone).
    const cargo = simulatorClient(s);
    const releaseUuid = (await cargo.getBatch(batchUuid)).releaseUuid;
    assert.ok(releaseUuid);
    const nodes = (await cargo.getRelease(releaseUuid)).nodes ?? [];
    const named = (slug: string) => nodeLabel(nodes.find((node) => node.slug === slug) ?? { slug });
    assert.deepEqual(
      groups.map((g) => g.label),
      truth.groups.map((g) => `${g.count} · ${named(g.nodeSlug)}`),
    );
    const items = await s.wb.treeItems(failuresView);
    // Issue 20: numbers in sentences in full (was "of 1k runs").
    assert.match(items[0]?.description ?? '', new RegExp(`^${truth.failedRunsCount} of 1,000 runs failed`));
    assert.ok(items.some((item) => item.label === 'Node health'));
    await s.wb.screenshot('error inspection - failures of the large batch');
  });

  test('Show Failures on the hostile batch: the messages are text, nothing runs', async () => {
    const dialogs = s.wb.recordDialogs();
    const view = await s.wb.openView('Runs');
    const hostile = sim().fixtures.batches.hostile;
    assert.ok(hostile);
    await s.wb.runCommand('Cargo: Close Failures');
    await showFailuresOf(view, hostile);
    const failuresView = await s.wb.openView('Failures');
    await waitFor('the groups', async () => ((await s.wb.treeItems(failuresView)).length > 1 ? true : undefined), 30_000);
    await s.wb.screenshot('error inspection - failures of a batch');
    const html = await failuresView.innerHTML();
    assert.doesNotMatch(html, /<img[^>]*onerror|<script/i, 'no markup from run data in the view');
    dialogs.stop();
    assert.deepEqual(dialogs.messages, []);
  });

  test('Show Failures from a run panel’s title bar: the batch of the panel’s run, whatever is selected in the Runs view', async () => {
    await s.wb.runCommand('View: Close All Editors');
    const view = await s.wb.openView('Runs');
    // No report from before (the palette offers Close Failures only while one shows).
    await s.wb.runCommand('Cargo: Close Failures').catch(() => undefined);
    // Another batch selected in the Runs view: the palette would act on it; the panel's own button acts on the panel's run.
    const hostile = sim().fixtures.batches.hostile;
    assert.ok(hostile);
    await selectBatch(view, hostile);
    const large = sim().fixtures.batches.large;
    const [run] = (await simulatorClient(s).listRuns({ batchUuid: large, statuses: ['error'], limit: 1 })).runs;
    assert.ok(run, 'a failed run of the large batch');
    await s.wb.runCommand('Cargo: Open Run, Batch or Workflow…');
    await s.wb.answerInputBox(run.uuid);
    await s.wb.waitForWebviewText(/Executions \(\d+\)/, 30_000);
    // The panel's title bar: its "More Actions…" menu.
    const group = s.wb.page.locator('.editor-group-container', { has: s.wb.page.locator('.tab.active', { hasText: run.recordTitle }) });
    await group.locator('.editor-actions .codicon-toolbar-more').first().click();
    const menu = s.wb.page.locator('.context-view .monaco-menu');
    await menu.waitFor();
    const entries = (await menu.locator('.action-item .action-label').allInnerTexts()).map((text) => text.trim()).filter(Boolean);
    const index = entries.indexOf('Show Failures');
    assert.ok(index >= 0, `"Show Failures" is in the panel's menu: ${entries.join(', ')}`);
    for (let i = 0; i <= index; i++) await s.wb.page.keyboard.press('ArrowDown');
    await s.wb.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'detached' });
    const failuresView = await s.wb.openView('Failures');
    const summary = await waitFor(
      'the report of the large batch',
      async () => (await s.wb.treeItems(failuresView)).find((item) => / of 1,000 runs failed/.test(item.description)),
      30_000,
    );
    assert.match(summary.label, /^Batch /);
    await s.wb.screenshot('error inspection - failures from a run panel');
    await s.wb.runCommand('View: Close All Editors');
  });
});
