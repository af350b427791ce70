// The run panel in a real VS Code against the simulator: a failed run opened from the tree shows its
// header, its executions with the failed one marked and its error, and its context; search, expand
// and collapse all, the raw view and the keyboard work; hostile run data shows as text and runs no
// script; the panel and its state come back after a reload; it reads well in every kind of theme.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { signIn, useSession, waitFor, simulatorOf, simulatorClient } from './harness';
import { present } from '../../src/explorer/presentation';
import { fetchWorkflowNames } from '../../src/runs/workflowNames';

describe('Run panel', { timeout: 900_000 }, () => {
  const s = useSession({
    simulator: { seed: 1, token: 'dev-token', stepMs: 400, hostile: true, bigContextBytes: 5_000_000 },
    settings: { 'cargo.autoRefreshIntervalSeconds': 2 },
    viewport: { width: 1280, height: 1600 },
  });
  const sim = () => simulatorOf(s);
  const client = () => simulatorClient(s);
  /** Labels are "<workflow> · <data kind> · <relative time>"; the time part moves on while the test runs. */
  const withoutTime = (label: string) => label.split(' · ').slice(0, -1).join(' · ');
  const sameKind = (a: string, b: string) => withoutTime(a) === withoutTime(b);
  /** The webview frame holding our panel's content, once `match` is in its text. */
  const panelFrame = (match: string | RegExp) => s.wb.webviewFrame(match, 30_000);
  const closeEditors = () => s.wb.runCommand('View: Close All Editors');

  test('a failed run opened from the tree shows its header, the failed execution with its error, and its context', async () => {
    const view = await s.wb.openView('Runs');
    await signIn(s.wb, sim().token);
    const details = await client().getRun(sim().fixtures.runs.failed);
    const run = details.run;
    assert.ok(run.batchUuid);
    const failed = run.executions.find((execution) => execution.status.known === 'error');
    assert.ok(failed?.errorMessage, 'the fixture run has a failed execution with an error');
    const batch = await client().getBatch(run.batchUuid);
    const workflowName = (await fetchWorkflowNames(client())).get(batch.workflowUuid);
    const batchRow = present({ kind: 'batch', id: `batch:${batch.uuid}`, parent: undefined, batch, runs: undefined as never, workflowName });
    const row = await waitFor(
      'the batch of the failed run',
      async () =>
        (await s.wb.treeItems(view)).find((item) => item.level === 1 && sameKind(item.label, batchRow.label) && item.description === batchRow.description),
      30_000,
    );
    await s.wb.expand(view, row.label);
    const runLabel = present({ kind: 'run', id: `run:${run.uuid}`, parent: undefined as never, run, executions: undefined as never } as never).label;
    await s.wb.waitForTreeItem(view, runLabel, 20_000);
    await s.wb.treeItem(view, runLabel).click();

    const firstErrorLine = failed.errorMessage.split('\n')[0] ?? '';
    const text = await s.wb.waitForWebviewText(firstErrorLine);
    assert.match(text, /\berror\b/, 'the header shows the status');
    assert.match(text, /Failed/, 'the failed execution is marked');
    assert.match(text, /Executions \(\d+\)/);
    assert.match(text, /Context/);
    assert.match(text, /Computed configs/);
    const tab = s.wb.page.locator('.tabs-container .tab.active');
    assert.match((await tab.getAttribute('aria-label')) ?? '', new RegExp(`${runLabel.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.* · error`));

    // Clicking the failed execution opens its node's context (rendered only now, lazily).
    const frame = await panelFrame(firstErrorLine);
    await frame.locator('li.execution.failed .execution-jump').first().click();
    const slug = failed.nodeSlug;
    if (slug in details.runContext) {
      await waitFor(
        'the node context open',
        async () => ((await frame.locator('section.context details.node-json[open]').count()) > 0 ? true : undefined),
        10_000,
      );
      // The toggle event that builds the content fires after the open attribute is set.
      await waitFor(
        'the context of the node rendered',
        async () => ((await frame.locator('section.context details.node-json[open] .json-children').count()) > 0 ? true : undefined),
        10_000,
      );
    }
    // The failed node is marked in the sections that have it.
    for (const [section, values] of [
      ['context', details.runContext],
      ['configs', details.runComputedConfigs],
    ] as const) {
      const marked = await frame.locator(`section.${section} .json-tree.full > details.node-json.failed > summary .node-slug`).allInnerTexts();
      assert.deepEqual(marked, slug in values ? [slug] : [], `the failed node marked in ${section}`);
    }
    await s.wb.screenshot('run panel - failed run');
    await s.wb.collapse(view, row.label);
  });

  test('search cuts the trees down to the matches, highlights them, and Escape brings the whole tree back', async () => {
    const details = await client().getRun(sim().fixtures.runs.failed);
    const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
    let target: { slug: string; parent: string; key: string } | undefined;
    for (const [slug, value] of Object.entries(details.runContext)) {
      if (!isObject(value)) continue;
      for (const [parent, child] of Object.entries(value)) {
        const key = isObject(child) ? Object.keys(child).find((candidate) => candidate.length >= 4) : undefined;
        if (key && !target) target = { slug, parent, key };
      }
    }
    assert.ok(target, 'the fixture run has a nested key in its context');
    const query = target.key;
    const frame = await panelFrame(/Computed configs/);
    const slugsShown = (tree: string) => frame.locator(`section.context .json-tree.${tree} > details.node-json > summary .node-slug`).allInnerTexts();
    const allSlugs = await slugsShown('full');
    await frame.locator('input.search-input').fill(query);
    await frame.locator('.search-status', { hasText: /\d+ match/ }).waitFor({ timeout: 10_000 });
    assert.ok(await frame.locator('section.context .json-tree.full').isHidden(), 'the full tree gives way to the search');
    // Only the nodes with a match are left, and the way to the nested key is open.
    const isFound = (value: unknown, depth = 0): boolean =>
      isObject(value)
        ? Object.entries(value).some(([key, child]) => key.toLowerCase().includes(query.toLowerCase()) || isFound(child, depth + 1))
        : Array.isArray(value)
          ? value.some((item) => isFound(item, depth + 1))
          : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null
            ? String(value).toLowerCase().includes(query.toLowerCase())
            : false;
    const expected = Object.entries(details.runContext)
      .filter(([slug, value]) => slug.toLowerCase().includes(query.toLowerCase()) || isFound(value))
      .map(([slug]) => slug);
    assert.deepEqual(await slugsShown('filtered'), expected);
    assert.ok(expected.length < allSlugs.length, `the search leaves out nodes without "${query}"`);
    const row = frame
      .locator('section.context .json-tree.filtered details.node-json')
      .filter({ has: frame.locator(':scope > summary .node-slug', { hasText: target.slug }) })
      .locator('.json-row')
      .filter({ has: frame.locator(':scope > summary > .json-key, :scope > .json-key', { hasText: target.key }) })
      .first();
    await row.waitFor({ timeout: 10_000 });
    assert.ok(await row.isVisible(), 'the nested key is on screen without a click');
    assert.equal((await row.locator('mark').first().innerText()).toLowerCase(), query.toLowerCase(), 'the match is highlighted');
    // Enter moves to the next match.
    await frame.locator('input.search-input').press('Enter');
    await frame.locator('mark.current-match').first().waitFor({ timeout: 5_000 });
    await s.wb.screenshot('run panel - search');
    await frame.locator('input.search-input').press('Escape');
    await frame.locator('section.context .json-tree.full').waitFor({ state: 'visible', timeout: 5_000 });
    assert.equal(await frame.locator('input.search-input').inputValue(), '');
    assert.deepEqual(await slugsShown('full'), allSlugs);
    assert.equal(await frame.locator('mark').count(), 0);
  });

  test('"Copy path" puts the JSON path of a nested value on the clipboard', async () => {
    const details = await client().getRun(sim().fixtures.runs.failed);
    const entry = Object.entries(details.runContext).find(
      ([, value]) => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0,
    );
    assert.ok(entry, 'the fixture run has a node context object');
    const [slug, value] = entry;
    const key = Object.keys(value as object)[0] ?? '';
    const identifier = /^[A-Za-z_$][\w$]*$/;
    const expected = `runContext${identifier.test(slug) ? `.${slug}` : `[${JSON.stringify(slug)}]`}${identifier.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`;
    const frame = await panelFrame(/Computed configs/);
    const node = frame
      .locator('section.context details.node-json')
      .filter({ has: frame.locator(':scope > summary .node-slug', { hasText: slug }) })
      .first();
    if ((await node.getAttribute('open')) === null) await node.locator(':scope > summary').click();
    const row = node.locator(':scope > .json-children > .json-row').first();
    await row.hover();
    await row.locator('button.copy', { hasText: 'Copy path' }).first().click();
    const copied = await waitFor(
      'the path on the clipboard',
      async () => {
        const text = await s.wb.page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
        return text === expected ? text : undefined;
      },
      10_000,
    );
    assert.equal(copied, expected);
    await s.wb.screenshot('run panel - copy path');
  });

  test('"Expand all", "Collapse all" and the raw JSON view of a section', async () => {
    const details = await client().getRun(sim().fixtures.runs.failed);
    const frame = await panelFrame(/Computed configs/);
    const section = frame.locator('section.context');
    await section.locator('button', { hasText: 'Expand all' }).click();
    await waitFor('every row open', async () => ((await section.locator('.json-tree.full details:not([open])').count()) === 0 ? true : undefined), 10_000);
    assert.ok((await section.locator('.json-tree.full details[open]').count()) > Object.keys(details.runContext).length, 'nested rows are open too');
    await s.wb.screenshot('run panel - expand all');
    await section.locator('button', { hasText: 'Collapse all' }).click();
    assert.equal(await section.locator('.json-tree.full details[open]').count(), 0);

    const rawToggle = section.locator('button', { hasText: 'Raw JSON' });
    await rawToggle.click();
    const raw = section.locator('pre.raw-json');
    await raw.waitFor({ timeout: 10_000 });
    assert.equal(await section.locator('button[aria-pressed="true"]').count(), 1, 'the toggle says it is on');
    assert.deepEqual(JSON.parse(await raw.innerText()), details.runContext, 'the raw view is the section as JSON');
    assert.ok(await section.locator('.json-tree.full').isHidden());
    await s.wb.screenshot('run panel - raw JSON');
    await section.locator('button', { hasText: 'Tree' }).click();
    await section.locator('.json-tree.full').waitFor({ state: 'visible', timeout: 5_000 });
    assert.ok((await raw.count()) === 0 || (await raw.isHidden()));
  });

  test('the JSON tree is usable from the keyboard', async () => {
    const details = await client().getRun(sim().fixtures.runs.failed);
    const [slug, value] =
      Object.entries(details.runContext).find(
        ([, candidate]) => typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate) && Object.keys(candidate).length > 1,
      ) ?? [];
    assert.ok(slug && value, 'the fixture run has a node context object');
    const [firstKey, secondKey] = Object.keys(value as object);
    const frame = await panelFrame(/Computed configs/);
    const focusedText = () => frame.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText ?? '');
    // Ctrl+F goes to the search, as in VS Code's own views.
    await frame.locator('h1').click();
    await frame.locator('h1').press('Control+f');
    assert.equal(await frame.evaluate(() => document.activeElement?.classList.contains('search-input')), true, 'Ctrl+F focuses the search');
    const summary = frame
      .locator('section.context .json-tree.full > details.node-json > summary')
      .filter({ has: frame.locator('.node-slug', { hasText: slug }) })
      .first();
    await summary.focus();
    await summary.press('ArrowRight');
    await waitFor(
      'the node open',
      async () => ((await summary.evaluate((element) => (element.parentElement as HTMLDetailsElement).open)) ? true : undefined),
      5_000,
    );
    await summary.press('ArrowRight');
    assert.match(await focusedText(), new RegExp(`^\\s*${firstKey}`), 'Right goes into the open node');
    await frame.locator(':focus').press('ArrowDown');
    assert.match(await focusedText(), new RegExp(`^\\s*${secondKey}`), 'Down goes to the next row');
    await frame.locator(':focus').press('ArrowLeft');
    assert.match(await focusedText(), new RegExp(`^\\s*${slug}`), 'Left goes up to the node');
    await frame.locator(':focus').press('ArrowLeft');
    assert.equal(await summary.evaluate((element) => (element.parentElement as HTMLDetailsElement).open), false, 'Left again closes it');
  });

  test('"Open as JSON" opens the run as a read-only JSON document', async () => {
    const frame = await panelFrame(/Open as JSON/);
    await frame.locator('button', { hasText: 'Open as JSON' }).click();
    const text = await waitFor(
      'the run document',
      async () => {
        const shown = await s.wb.activeEditorText().catch(() => '');
        return shown.includes('"run"') ? shown : undefined;
      },
      20_000,
    );
    assert.match(text, /"uuid": "[0-9a-f-]{36}"/);
    await s.wb.runCommand('View: Close Editor');
  });

  test('after a window reload the run panel is back, with its search, raw view and open rows', async () => {
    const frame = await panelFrame(/Computed configs/);
    const firstSlug = (await frame.locator('section.context .json-tree.full > details.node-json > summary .node-slug').first().innerText()).trim();
    await frame.locator('section.context .json-tree.full > details.node-json > summary').first().click();
    await frame.locator('section.configs button', { hasText: 'Raw JSON' }).click();
    await frame.locator('input.search-input').fill('a');
    await frame.locator('.search-status', { hasText: /match/ }).waitFor({ timeout: 10_000 });
    // The webview saves its state a moment after the last change; it marks a save still to come.
    await waitFor(
      'the panel state saved',
      async () => ((await frame.evaluate(() => document.documentElement.dataset.statePending)) === undefined ? true : undefined),
      10_000,
    );
    // VS Code's own reload saves the open editors first (a bare page reload may not get to).
    const loaded = s.wb.page.waitForEvent('load', { timeout: 60_000 });
    await s.wb.runCommand('Developer: Reload Window').catch(() => undefined);
    await loaded;
    await s.wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const text = await s.wb.waitForWebviewText(/Executions \(\d+\)/, 60_000);
    assert.match(text, /Computed configs/);
    const restored = await panelFrame(/Executions \(\d+\)/);
    await waitFor('the search text back', async () => ((await restored.locator('input.search-input').inputValue()) === 'a' ? true : undefined), 10_000);
    await restored.locator('section.configs pre.raw-json').waitFor({ timeout: 10_000 });
    // Clearing the search shows the full tree as it was: the node opened before the reload is open.
    await restored.locator('input.search-input').press('Escape');
    const node = restored
      .locator('section.context .json-tree.full > details.node-json')
      .filter({ has: restored.locator(':scope > summary .node-slug', { hasText: firstSlug }) })
      .first();
    assert.equal(await node.getAttribute('open'), '', 'the open node is open again');
    await s.wb.screenshot('run panel - after reload');
    await restored.locator('section.configs button', { hasText: 'Tree' }).click();
  });

  test('the panel reads well in light, dark and high-contrast themes', async () => {
    // Picked the way a user does, in "Preferences: Color Theme"; the last is the one these sessions start with.
    const themes = [
      { label: 'Dark Modern', bodyClass: 'vscode-dark' },
      { label: 'Dark High Contrast', bodyClass: 'vscode-high-contrast' },
      { label: 'Light High Contrast', bodyClass: 'vscode-high-contrast-light' },
      { label: 'Light Modern', bodyClass: 'vscode-light' },
    ];
    const report: string[] = [];
    for (const theme of themes) {
      await s.wb.runCommand('Preferences: Color Theme');
      await s.wb.answerInputBox(theme.label);
      const frame = await panelFrame(/Computed configs/);
      await waitFor(
        `the ${theme.label} theme in the panel`,
        async () => ((await frame.evaluate((name) => document.body.classList.contains(name), theme.bodyClass)) ? true : undefined),
        20_000,
      );
      await frame.locator('input.search-input').fill('a');
      await frame.locator('.search-status', { hasText: /match/ }).waitFor({ timeout: 10_000 });
      const ratios = await frame.evaluate(contrastRatios);
      report.push(`${theme.label}: ${ratios.map((entry) => `${entry.what} ${entry.ratio.toFixed(1)}`).join(', ')}`);
      await s.wb.screenshot(`run panel - theme ${theme.label}`);
      for (const entry of ratios) assert.ok(entry.ratio >= 3, `${theme.label}: ${entry.what} has a contrast of ${entry.ratio.toFixed(2)} (${entry.colors})`);
      await frame.locator('input.search-input').fill('');
    }
    console.log(`[run panel] contrast ratios:\n  ${report.join('\n  ')}`);
  });

  test('execution times the run lacks come from its spans', async () => {
    const uuid = sim().fixtures.runs.succeeded;
    const details = await client().getRun(uuid);
    const first = details.run.executions[0];
    assert.ok(first?.startedAt && first.finishedAt, 'the fixture run has execution times');
    // The run as Cargo may send it: every nullable field null, execution times included.
    sim().addFault({ fault: { kind: 'drift', drift: 'nulls' }, method: 'GET', path: `/runs/${uuid}` });
    try {
      await s.wb.runCommand('Cargo: Open Run…');
      await s.wb.answerInputBox(uuid);
      const frame = await panelFrame(new RegExp(`Executions \\(${details.run.executions.length}\\)`));
      const facts = await waitFor(
        'execution times',
        async () => {
          const text = await frame.locator('li.execution').first().innerText();
          return text.includes('→') ? text : undefined;
        },
        10_000,
      );
      const clock = (iso: string) => new Date(iso).toLocaleTimeString('en-US');
      assert.ok(facts.includes(clock(first.startedAt)) && facts.includes(clock(first.finishedAt)), `the span's times are shown: ${facts}`);
      assert.ok(
        sim().requests.some((request) => request.path.endsWith('/spans/list')),
        'the panel asked for the spans',
      );
    } finally {
      sim().clearFaults();
    }
    await closeEditors();
  });

  test('a run that cannot be loaded says why and offers Retry; Refresh and Open in Cargo work', async () => {
    const uuid = sim().fixtures.runs.succeeded;
    sim().addFault({ fault: { kind: 'status', status: 404 }, method: 'GET', path: `/runs/${uuid}`, times: 1 });
    await s.wb.runCommand('Cargo: Open Run…');
    await s.wb.answerInputBox(uuid);
    const failed = await panelFrame(/Could not load the run/);
    await s.wb.screenshot('run panel - could not load');
    await failed.locator('button', { hasText: 'Retry' }).click();
    const frame = await panelFrame(/Executions \(\d+\)/);
    const runRequests = () => sim().requests.filter((request) => request.method === 'GET' && request.path.endsWith(`/runs/${uuid}`)).length;
    const before = runRequests();
    await frame.locator('button', { hasText: 'Refresh' }).click();
    await waitFor('the run fetched again', async () => (runRequests() > before ? true : undefined), 10_000);
    // Opening a web page from VS Code asks first, naming the address: that is where the button leads.
    await frame.locator('button', { hasText: 'Open in Cargo' }).click();
    const dialog = s.wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 10_000 });
    const text = await dialog.innerText();
    assert.match(text, new RegExp(`/workflows/[0-9a-f-]{36}/runs/${uuid}`));
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Cancel' }).first().click();
    await dialog.waitFor({ state: 'detached' });
    await closeEditors();
  });

  test('signed out, the panel offers Sign In and shows the run once signed in', async () => {
    await s.wb.runCommand('Cargo: Sign Out');
    await s.wb.runCommand('Cargo: Open Run…');
    await s.wb.answerInputBox(sim().fixtures.runs.succeeded);
    const frame = await panelFrame(/Sign in to Cargo to see this run/);
    await s.wb.screenshot('run panel - signed out');
    await frame.locator('button', { hasText: 'Sign In' }).click();
    await s.wb.answerInputBox(sim().token, 'Cargo: Sign In');
    await s.wb.waitForInputBoxClosed();
    await s.wb.waitForWebviewText(/Executions \(\d+\)[\s\S]*Computed configs/, 20_000);
    await closeEditors();
  });

  test('hostile run data shows as literal text and runs no script', async () => {
    const dialogs = s.wb.recordDialogs();
    const hostile = sim().fixtures.runs.hostile;
    assert.ok(hostile);
    await s.wb.runCommand('Cargo: Open Run…');
    await s.wb.answerInputBox(hostile);
    const text = await s.wb.waitForWebviewText(/<script>|<img/);
    assert.match(text, /<(script|img)/, 'markup shows as the literal text it is');
    const frame: Frame = await panelFrame(/<script>|<img/);
    // Open every node of the context and config so their values are in the DOM too.
    await frame.evaluate(() => {
      for (const details of document.querySelectorAll('details.node-json')) (details as HTMLDetailsElement).open = true;
    });
    await waitFor('values rendered', async () => ((await frame.locator('.json-value').count()) > 0 ? true : undefined), 10_000);
    const dom = await frame.evaluate(() => ({
      // VS Code injects one inline script into every webview (it defines acquireVsCodeApi); any other is foreign.
      scripts: [...document.querySelectorAll('script')]
        .filter((script) => script.src || !script.textContent?.includes('acquireVsCodeApi'))
        .map((script) => script.getAttribute('src') ?? `(inline) ${script.textContent?.slice(0, 80) ?? ''}`),
      images: document.querySelectorAll('img, iframe, object, embed').length,
      handlers: [...document.querySelectorAll('*')].filter((element) => [...element.attributes].some((attribute) => attribute.name.startsWith('on'))).length,
      shown: document.body.innerText,
    }));
    assert.equal(dom.scripts.length, 1, `only our script: ${dom.scripts.join(', ')}`);
    assert.match(dom.scripts[0] ?? '', /runPanel\.js/);
    assert.equal(dom.images, 0);
    assert.equal(dom.handlers, 0);
    assert.match(dom.shown, /<script>alert\(1\)<\/script>|<img src=x onerror=alert\(1\)>/);
    await s.wb.screenshot('run panel - hostile data as text');
    // Searching renders matches with <mark> around them: still text, still no script.
    await frame.locator('input.search-input').fill('script');
    await frame.locator('.search-status', { hasText: /match/ }).waitFor({ timeout: 20_000 });
    assert.equal(
      await frame.evaluate(
        () => [...document.querySelectorAll('*')].filter((element) => [...element.attributes].some((attribute) => attribute.name.startsWith('on'))).length,
      ),
      0,
    );
    assert.ok((await frame.locator('mark').count()) > 0);
    await s.wb.screenshot('run panel - hostile data searched');
    dialogs.stop();
    assert.deepEqual(dialogs.messages, []);
    await closeEditors();
  });

  test('a run with a 5 MB context shows its first screen quickly', async () => {
    const big = sim().fixtures.runs.bigContext;
    assert.ok(big);
    /** From Enter in "Open Run…" to the panel's text on screen (includes creating the webview). */
    const timeToFirstScreen = async (uuid: string) => {
      await s.wb.runCommand('Cargo: Open Run…');
      await s.wb.waitForInputBox();
      const start = Date.now();
      await s.wb.answerInputBox(uuid);
      await waitFor(
        'the run panel',
        async () => ((await s.wb.webviewTexts()).some((text) => text.includes('Computed configs')) ? true : undefined),
        30_000,
        20,
      );
      return Date.now() - start;
    };
    // Three openings of each, alternating, for medians: these machines are shared and noisy.
    const afterEnter: Record<'small' | 'big', number[]> = { small: [], big: [] };
    for (let round = 0; round < 3; round++) {
      afterEnter.small.push(await timeToFirstScreen(sim().fixtures.runs.succeeded));
      await closeEditors();
      afterEnter.big.push(await timeToFirstScreen(big));
      if (round < 2) await closeEditors();
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
    // The extension's own measure: from creating the panel to the webview saying it has drawn the run.
    const logged = (uuid: string) =>
      s
        .extensionLog()
        .split('\n')
        .filter((line) => line.includes(`Run panel ${uuid.slice(0, 8)}: first screen in`));
    const bigLines = await waitFor('the first-screen log lines', async () => (logged(big).length >= 3 ? logged(big) : undefined), 10_000);
    const smallLines = logged(sim().fixtures.runs.succeeded);
    const figures = (lines: string[]) => {
      const parsed = lines.map(
        (line) => /first screen in (\d+) ms \(webview ready at (\d+) ms, run fetched at (\d+) ms\)/.exec(line)?.slice(1).map(Number) ?? [],
      );
      return {
        total: median(parsed.map((p) => p[0] ?? NaN)),
        ready: median(parsed.map((p) => p[1] ?? NaN)),
        fetched: median(parsed.map((p) => p[2] ?? NaN)),
        ours: median(parsed.map((p) => (p[0] ?? NaN) - (p[1] ?? NaN))),
      };
    };
    const bigFigures = figures(bigLines.slice(-3));
    const smallFigures = figures(smallLines.slice(-3));
    console.log(
      `[run panel] first screen, medians of 3 — after Enter in "Open Run…": small run ${median(afterEnter.small)} ms, 5 MB context ${median(afterEnter.big)} ms`,
    );
    console.log(
      `[run panel] panel created → first screen: small ${smallFigures.total} ms, 5 MB ${bigFigures.total} ms; webview booted (VS Code) at ${smallFigures.ready} / ${bigFigures.ready} ms; run fetched at ${smallFigures.fetched} / ${bigFigures.fetched} ms; webview ready → drawn ${smallFigures.ours} / ${bigFigures.ours} ms`,
    );
    const elapsed = median(afterEnter.big);
    // Where VS Code's part goes: the webview host's iframe waits for its service worker before it loads any content.
    const hostWaits = [];
    for (const frame of s.wb.webviewFrames()) {
      const waited = await frame
        .parentFrame()
        ?.evaluate(() =>
          performance
            .getEntriesByType('resource')
            .filter((entry) => entry.name.includes('/fake.html'))
            .map((entry) => Math.round((entry as PerformanceResourceTiming).workerStart - entry.startTime)),
        )
        .catch(() => undefined);
      hostWaits.push(...(waited ?? []));
    }
    console.log(`[run panel] VS Code's webview host waited ${hostWaits.join(', ')} ms for its service worker before loading the panel's document`);
    // Against a small run opened in the same session (these machines are shared: absolute times follow
    // the neighbours' load). What the extension controls: fetching 5 MB while VS Code boots the
    // webview (the first screen of the big run within 2× the small one's) and drawing it.
    assert.ok(bigFigures.total < 2 * smallFigures.total, `first screen of the 5 MB run in ${bigFigures.total} ms, of a small run in ${smallFigures.total} ms`);
    assert.ok(
      bigFigures.fetched < bigFigures.total,
      `the 5 MB run fetched (${bigFigures.fetched} ms) before its first screen was drawn (${bigFigures.total} ms)`,
    );
    assert.ok(bigFigures.ours < 2 * smallFigures.ours + 200, `drawn ${bigFigures.ours} ms after the webview was ready, a small run ${smallFigures.ours} ms`);
    const frame = await panelFrame(/Computed configs/);
    // Expanding the big node renders one level (and at most one chunk of it), however big the value.
    const expandStart = Date.now();
    await frame.evaluate(() => {
      for (const details of document.querySelectorAll('section.context details.node-json')) (details as HTMLDetailsElement).open = true;
    });
    await waitFor(
      'the big context expanded',
      async () =>
        (await frame.locator('section.context .json-children').count()) > 0 && !(await frame.locator('section.context').innerText()).includes('Loading…')
          ? true
          : undefined,
      20_000,
      20,
    );
    console.log(
      `[run panel] 5 MB context: every node expanded one level after ${Date.now() - expandStart} ms; ${await frame.locator('*').count()} elements in the DOM`,
    );
    await s.wb.screenshot('run panel - 5 MB context');
    assert.ok(elapsed < 2 * median(afterEnter.small), `first screen after ${elapsed} ms, a small run's after ${median(afterEnter.small)} ms`);
    await closeEditors();
  });

  test('a run with a big context shows its header and executions at once, then the download’s progress, then the context', async () => {
    const big = sim().fixtures.runs.bigContext;
    assert.ok(big);
    const details = await client().getRun(big);
    const bytes = Buffer.byteLength(
      JSON.stringify(await (await fetch(`${sim().url}/orchestration/runs/${big}`, { headers: { authorization: `Bearer ${sim().token}` } })).json()),
    );
    // The body comes over a slow network: about a megabyte a second, the run's part first.
    sim().addFault({ fault: { kind: 'slow', kbPerSecond: 1024 }, method: 'GET', path: `/runs/${big}`, times: 1 });
    await s.wb.runCommand('Cargo: Open Run…');
    await s.wb.answerInputBox(big);
    const frame = await panelFrame(/Loading the context and computed configs…/);
    // The first screen: header and executions, the sections waiting for their values.
    await frame.locator('.values-status progress[max]').waitFor({ timeout: 20_000 });
    const header = await frame.locator('header.run-header').innerText();
    assert.ok(header.includes(details.run.recordTitle || details.run.recordId), 'the header shows the record');
    assert.match(header, /success/);
    assert.equal(await frame.locator('li.execution').count(), details.run.executions.length, 'every execution shows');
    assert.equal(await frame.locator('section.context details.node-json').count(), 0, 'no context yet');
    assert.match(await frame.locator('section.context').innerText(), /Loading…/);
    const progress = async () =>
      frame.locator('.values-status progress').evaluate((bar) => ({ value: (bar as HTMLProgressElement).value, max: (bar as HTMLProgressElement).max }));
    const first = await progress();
    assert.equal(first.max, bytes, 'the whole size, as Cargo announced it');
    assert.ok(first.value < first.max);
    const notice = await frame.locator('.values-status').innerText();
    assert.match(notice, /Loading the context and computed configs… [\d.]+ (KB|MB) of [\d.]+ MB/);
    await s.wb.screenshot('run panel - big context loading');
    // The progress moves on while the header stays, and the context fills in.
    await waitFor('the progress moving on', async () => ((await progress().catch(() => undefined))?.value ?? Infinity) > first.value || undefined, 20_000);
    await frame.locator('section.context details.node-json').first().waitFor({ timeout: 60_000 });
    await waitFor('the notice gone', async () => ((await frame.locator('.values-status').count()) === 0 ? true : undefined), 10_000);
    assert.deepEqual(
      await frame.locator('section.context .json-tree.full > details.node-json > summary .node-slug').allInnerTexts(),
      Object.keys(details.runContext),
    );
    assert.equal(await frame.locator('li.execution').count(), details.run.executions.length);
    // The extension timed the two: the first screen, then the context.
    const times = await waitFor(
      'both drawn, as logged',
      async () => {
        const log = s.extensionLog().split('\n');
        const firstScreen = log.filter((line) => line.includes(`Run panel ${big.slice(0, 8)}: first screen in`)).at(-1);
        const values = log.filter((line) => line.includes(`Run panel ${big.slice(0, 8)}: context and computed configs drawn in`)).at(-1);
        return firstScreen && values ? [firstScreen, values].map((line) => Number(/in (\d+) ms/.exec(line)?.[1])) : undefined;
      },
      10_000,
    );
    console.log(
      `[run panel] a ${(bytes / 1024 / 1024).toFixed(1)} MB run over a 1 MB/s network: first screen in ${times[0]} ms, the context drawn in ${times[1]} ms`,
    );
    assert.ok((times[0] ?? Infinity) < (times[1] ?? 0), `the first screen (${times[0]} ms) before the context (${times[1]} ms)`);
    await s.wb.screenshot('run panel - big context loaded');
    await closeEditors();
  });

  test('the panel of an unfinished run updates itself until the run finishes, then stops asking', async () => {
    const batchUuid = sim().startBatch({ records: [{ id: 'live', name: 'Live Corp', __simOutcome: 'success' }], stepMs: 1500 });
    assert.ok(batchUuid);
    const runUuid = await waitFor('the new run', async () => (await client().listRuns({ batchUuid })).runs[0]?.uuid, 20_000);
    await s.wb.runCommand('Cargo: Open Run…');
    await s.wb.answerInputBox(runUuid);
    await s.wb.waitForWebviewText(/Live Corp[\s\S]*(pending|running|idle)/, 20_000);
    await s.wb.screenshot('run panel - live, unfinished');
    // Live updates leave what the user is doing alone: the search text and the focus stay.
    const frame = await panelFrame(/Live Corp/);
    await frame.locator('input.search-input').fill('live');
    const executionsBefore = await frame.locator('li.execution').count();
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
    const quietSince = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const polls = sim().requests.filter((r) => r.time >= quietSince && r.path.endsWith(runUuid));
    assert.deepEqual(
      polls.map((r) => `${r.method} ${r.path}`),
      [],
      'no requests for the run once it has finished',
    );
    await s.wb.screenshot('run panel - live, finished');
    await closeEditors();
  });

  // ---- Defects found in use (issue 9) ---------------------------------------------------------

  /** Starts a batch of one record whose run advances every `stepMs`; resolves to the run's uuid once it exists. */
  const startLiveRun = async (name: string, stepMs: number) => {
    const batchUuid = sim().startBatch({ records: [{ id: name.toLowerCase().replace(/\W+/g, '-'), name, __simOutcome: 'success' }], stepMs });
    return waitFor('the new run', async () => (await client().listRuns({ batchUuid })).runs[0]?.uuid, 20_000);
  };
  const openRunByUuid = async (uuid: string) => {
    await s.wb.runCommand('Cargo: Open Run…');
    await s.wb.answerInputBox(uuid);
  };
  const requestsFor = (since: number, pathPart: string) => sim().requests.filter((r) => r.time >= since && r.path.includes(pathPart));

  test('"Open as JSON" shows the response as Cargo sent it, pretty-printed', async () => {
    const uuid = sim().fixtures.runs.failed;
    const sent = (await (await fetch(`${sim().url}/orchestration/runs/${uuid}`, { headers: { authorization: `Bearer ${sim().token}` } })).json()) as unknown;
    await openRunByUuid(uuid);
    const frame = await panelFrame(/Open as JSON/);
    await frame.locator('button', { hasText: 'Open as JSON' }).click();
    await waitFor('the run document', async () => ((await s.wb.activeEditorText().catch(() => '')).includes('"run"') ? true : undefined), 20_000);
    // The whole document, not only the lines on screen: select all and copy, as a person would.
    const editor = s.wb.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
    await editor.click();
    await s.wb.page.keyboard.press('Control+a');
    await s.wb.page.keyboard.press('Control+c');
    const copied = await waitFor(
      'the document on the clipboard',
      async () => {
        const text = await s.wb.page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
        return text.startsWith('{') ? text : undefined;
      },
      10_000,
    );
    assert.deepEqual(JSON.parse(copied), sent, 'the document is what GET /runs/{uuid} returned');
    assert.match(copied, /\n {2}"run": \{\n/, 'pretty-printed');
    await closeEditors();
  });

  test('a node nested 20,000 levels deep says so in its place; the header, executions and other nodes show', async () => {
    const uuid = sim().fixtures.runs.deepContext;
    assert.ok(uuid, 'the simulator has a run with a deep context');
    await openRunByUuid(uuid);
    const text = await s.wb.waitForWebviewText(/Executions \(\d+\)[\s\S]*deep_output/, 30_000);
    assert.doesNotMatch(text, /Could not load the run/);
    const frame = await panelFrame(/deep_output/);
    const deepRow = frame
      .locator('section.context details.node-json')
      .filter({ has: frame.locator(':scope > summary .node-slug', { hasText: 'deep_output' }) });
    await deepRow.locator(':scope > summary').click();
    await waitFor('the reason in its place', async () => (/too deep/i.test(await deepRow.innerText()) ? true : undefined), 10_000);
    const otherNodes = await frame.locator('section.context .json-tree.full > details.node-json').count();
    assert.ok(otherNodes > 2, `the other nodes show too (${otherNodes})`);
    await s.wb.screenshot('run panel - a node too deep to show');
    await closeEditors();
  });

  test('a 10 KB record title is clamped to a few lines; the whole title is on hover', async () => {
    const title = `Very long company name ${'with many words '.repeat(700)}`.trim();
    assert.ok(title.length > 10_000);
    const uuid = await startLiveRun(title, 300);
    await openRunByUuid(uuid);
    // Measured once the run has finished: a live update redraws the header.
    const tab = s.wb.page.locator('.tabs-container .tab.active');
    await waitFor('the run finished', async () => (/· success/.test((await tab.getAttribute('aria-label')) ?? '') ? true : undefined), 60_000);
    const frame = await panelFrame(/Executions \(\d+\)/);
    const heading = frame.locator('h1');
    const box = await waitFor('the title laid out', () => heading.boundingBox().then((found) => found ?? undefined), 10_000);
    assert.ok(box.height < 100, `the title takes ${box.height} px`);
    assert.equal(await heading.getAttribute('title'), title, 'the whole title is its tooltip');
    const executions = await waitFor(
      'the executions laid out',
      () =>
        frame
          .locator('section.executions > h2')
          .boundingBox()
          .then((found) => found ?? undefined),
      10_000,
    );
    assert.ok(executions.y < 600, `the executions start at ${executions.y} px`);
    // An execution's title that quotes the record is clamped too.
    const titles = await frame.locator('.execution-title').evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().height));
    assert.ok(
      titles.every((height) => height < 80),
      `execution titles take ${titles.join(', ')} px`,
    );
    await s.wb.screenshot('run panel - a 10 KB title clamped');
    await closeEditors();
  });

  test('Open Run… with text that holds no run uuid keeps the box open and says why', async () => {
    await s.wb.runCommand('Cargo: Open Run…');
    await s.wb.answerInputBox('not a run at all');
    const box = await s.wb.waitForInputBoxValidation();
    assert.match(box.message, /no run uuid/i);
    assert.equal(box.value, 'not a run at all', 'what was typed stays');
    await s.wb.page.keyboard.press('Escape');
    await s.wb.waitForInputBoxClosed();
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
      const spans = requestsFor(since, '/spans/list');
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
    await openRunByUuid(uuid);
    await s.wb.waitForWebviewText(/Revoked Token GmbH[\s\S]*(pending|running|idle)/, 20_000);
    sim().addFault({ fault: { kind: 'status', status: 401 } });
    const rejected = await s.wb.waitForWebviewText(/rejected the API token/, 30_000);
    assert.match(rejected, /Sign In/);
    // Said once, for everything: the Runs view too.
    const view = await s.wb.openView('Runs');
    await s.wb.waitForWelcome(view, 'Cargo rejected the stored API token', 10_000);
    await s.wb.screenshot('run panel - token rejected');
    // Stopped: no more requests for the run while the token is refused.
    const quietSince = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    assert.deepEqual(
      requestsFor(quietSince, uuid).map((r) => `${r.method} ${r.path}`),
      [],
      'no requests for the run after the refusal',
    );
    sim().clearFaults();
    const frame = await panelFrame(/rejected the API token/);
    await frame.locator('button', { hasText: 'Sign In' }).first().click();
    await s.wb.answerInputBox(sim().token, 'Cargo: Sign In');
    await s.wb.waitForInputBoxClosed();
    const done = await s.wb.waitForWebviewText(/^(?![\s\S]*rejected the API token)[\s\S]*Revoked Token GmbH[\s\S]*success[\s\S]*Duration/, 90_000);
    assert.doesNotMatch(done, /rejected the API token/);
    await closeEditors();
  });

  // ---- A panel that keeps up with its run, and what it offers (issue 20) ------------------------

  const activeTabTitle = async () => (await s.wb.page.locator('.tabs-container .tab.active').getAttribute('aria-label')) ?? '';
  /** The titles of the open run panels' tabs whose title has `record` in it. */
  const tabTitles = async (record: string) =>
    (await s.wb.page.locator('.tabs-container .tab').evaluateAll((tabs) => tabs.map((tab) => tab.getAttribute('aria-label') ?? ''))).filter((title) =>
      title.includes(record),
    );

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

  test('opening a run that is open reveals its panel; panels of two runs of one record have different titles', async () => {
    const data = { name: 'Twice Ltd', __simOutcome: 'success' };
    const first = await client().createRun({ workflowUuid: sim().fixtures.workflows.tool, data });
    await openRunByUuid(first.uuid);
    await waitFor('the first panel', async () => (/Twice Ltd · success/.test(await activeTabTitle()) ? true : undefined), 60_000);
    const second = await client().createRun({ workflowUuid: sim().fixtures.workflows.tool, data });
    await openRunByUuid(second.uuid);
    const titles = await waitFor(
      'both panels, both runs finished',
      async () => {
        const shown = await tabTitles('Twice Ltd');
        return shown.length === 2 && shown.every((title) => / · success/.test(title)) ? shown : undefined;
      },
      60_000,
    );
    assert.notEqual(titles[0], titles[1], `two runs of one record, with the same status, are told apart: ${titles.join(' | ')}`);
    const secondTitle = await activeTabTitle();
    const firstTitle = titles.find((title) => title !== secondTitle) ?? '';
    await s.wb.screenshot('run panel - two runs of one record');
    // The first run again: its panel comes to the front; no new one opens.
    await openRunByUuid(first.uuid);
    await waitFor('the first panel in front', async () => ((await activeTabTitle()) === firstTitle ? true : undefined), 10_000);
    assert.equal((await tabTitles('Twice Ltd')).length, 2, 'still two panels');
    await closeEditors();
  });

  test('in a panel narrower than 500 px, context rows keep one line; the copy buttons show over the row', async () => {
    const viewport = s.wb.page.viewportSize();
    assert.ok(viewport);
    await s.wb.page.setViewportSize({ width: 800, height: viewport.height });
    try {
      const { run } = await client().getRun(sim().fixtures.runs.failed);
      await openRunByUuid(run.uuid);
      const frame = await panelFrame(new RegExp(`${escapeRegExp(run.recordTitle)}[\\s\\S]*Computed configs`));
      const width = await frame.evaluate(() => document.documentElement.clientWidth);
      assert.ok(width < 500, `the panel is ${width} px wide`);
      await frame.evaluate(() => {
        for (const details of document.querySelectorAll<HTMLDetailsElement>('section.context .json-tree.full > details.node-json')) details.open = true;
      });
      await waitFor(
        'rows under the nodes',
        async () => ((await frame.locator('section.context .json-children > .json-row').count()) > 5 ? true : undefined),
        10_000,
      );
      const rows = await frame.evaluate(() => {
        const lineHeight = (element: Element) => {
          // The height of one line of the row's own text: a lone character in the same font, laid out where the row is.
          const probe = document.createElement('span');
          probe.textContent = 'x';
          element.append(probe);
          const height = probe.getBoundingClientRect().height;
          probe.remove();
          return height;
        };
        const shown = [
          ...document.querySelectorAll('section.context .json-tree.full details.json-row > summary'),
          ...document.querySelectorAll('section.context .json-tree.full .json-leaf'),
        ];
        return shown.map((row) => ({ text: (row.textContent ?? '').slice(0, 60), height: row.getBoundingClientRect().height, line: lineHeight(row) }));
      });
      assert.ok(rows.length > 5, `${rows.length} rows`);
      const tall = rows.filter((row) => row.height > row.line * 1.5);
      assert.deepEqual(tall, [], `rows taller than one line (${rows.length} rows)`);
      const leaf = frame.locator('section.context .json-leaf').first();
      await leaf.hover();
      await leaf.locator('button.copy', { hasText: 'Copy path' }).waitFor({ state: 'visible' });
      assert.ok((await leaf.boundingBox())!.height <= rows[0]!.line * 1.5, 'hovered, the row keeps one line');
      await s.wb.screenshot('run panel - narrow panel, one line per row');
    } finally {
      await s.wb.page.setViewportSize(viewport);
      await closeEditors();
    }
  });

  test('bidi controls in run data act in no part of the panel: "\\u202Eevil" reads "evil", not "live"', async () => {
    const created = await client().createRun({ workflowUuid: sim().fixtures.workflows.tool, data: { name: '\u202Eevil', __simOutcome: 'success' } });
    await openRunByUuid(created.uuid);
    const frame = await panelFrame(/evil[\s\S]*Executions \(\d+\)/);
    const bidi = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
    const heading = frame.locator('h1');
    assert.equal((await heading.textContent())?.trim(), 'evil');
    assert.doesNotMatch((await heading.getAttribute('title')) ?? '', bidi, 'nor in its tooltip');
    const shown = await frame.evaluate(() => ({
      text: document.body.textContent ?? '',
      titles: [...document.querySelectorAll('[title]')].map((element) => element.getAttribute('title') ?? ''),
    }));
    assert.doesNotMatch(shown.text, bidi, 'no bidi control anywhere in the panel');
    assert.deepEqual(
      shown.titles.filter((title) => bidi.test(title)),
      [],
      'nor in a tooltip',
    );
    assert.doesNotMatch(await activeTabTitle(), bidi, 'nor in the tab title');
    await s.wb.screenshot('run panel - bidi controls');
    await closeEditors();
  });

  test('the header offers Show Failures for a failed run of a batch and Watch Run for a live one, through the same commands', async () => {
    await closeEditors();
    await s.wb.runCommand('Cargo: Close Failures').catch(() => undefined);
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

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Contrast {
  what: string;
  ratio: number;
  colors: string;
}

/**
 * Runs in the webview: the WCAG contrast ratio of each kind of text in the panel against what is
 * behind it (translucent backgrounds composed over their ancestors'). Self-contained, as evaluate needs.
 */
function contrastRatios(): Contrast[] {
  type Rgba = [number, number, number, number];
  const parse = (css: string): Rgba => {
    const parts = (/rgba?\(([^)]+)\)/.exec(css)?.[1] ?? '')
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    return parts.length >= 3 ? [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1] : [0, 0, 0, 0];
  };
  const over = (top: Rgba, bottom: Rgba): Rgba => [0, 1, 2].map((i) => (top[i] ?? 0) * top[3] + (bottom[i] ?? 0) * (1 - top[3])).concat(1) as Rgba;
  const behind = (element: Element): Rgba => {
    const layers: Rgba[] = [];
    for (let current: Element | null = element; current; current = current.parentElement) {
      const color = parse(getComputedStyle(current).backgroundColor);
      if (color[3] > 0) layers.push(color);
      if (color[3] >= 1) break;
    }
    return layers.reverse().reduce<Rgba>((result, layer) => over(layer, result), [255, 255, 255, 1]);
  };
  const luminance = (color: Rgba) => {
    const channel = (value: number) => {
      const v = value / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(color[0]) + 0.7152 * channel(color[1]) + 0.0722 * channel(color[2]);
  };
  const kinds: [string, string][] = [
    ['title', 'h1'],
    ['field name', '.fields dt'],
    ['muted text', '.muted'],
    ['status badge', '.run-header .status'],
    ['failed marker', '.failed-marker'],
    ['error message', '.error-message'],
    ['execution link', '.execution-name'],
    ['JSON key', '.json-key'],
    ['JSON string', '.json-string'],
    ['toolbar button', 'button.toolbar-button'],
    ['primary button', 'button.action'],
    ['search text', 'input.search-input'],
    ['highlighted match', 'mark'],
  ];
  return kinds.flatMap(([what, selector]) => {
    const element = document.querySelector(selector);
    if (!element) return [];
    const background = behind(element);
    const foreground = over(parse(getComputedStyle(element).color), background);
    const [lighter, darker] = [luminance(foreground), luminance(background)].sort((a, b) => b - a) as [number, number];
    return [
      {
        what,
        ratio: (lighter + 0.05) / (darker + 0.05),
        colors: `${getComputedStyle(element).color} on rgb(${background.slice(0, 3).map(Math.round).join(', ')})`,
      },
    ];
  });
}
