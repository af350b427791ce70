// The run panel in a real VS Code against the simulator: a failed run opened from the tree shows its
// header, its executions with the failed one marked and its error, and its context; search, expand
// and collapse all, the raw view and the keyboard work; hostile run data shows as text and runs no
// script; the panel and its state come back after a reload; it reads well in every kind of theme.
// Its siblings: runPanelData.test.ts (big, deep and unusual run data), runPanelLive.test.ts (live runs).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { runPanels, runPanelSession, signIn, useSession, waitFor, simulatorOf, simulatorClient } from './harness';
import { present } from '../../src/explorer/presentation';
import { fetchWorkflowNames } from '../../src/runs/workflowNames';

describe('Run panel', { timeout: 600_000 }, () => {
  const s = useSession(runPanelSession());
  const sim = () => simulatorOf(s);
  const client = () => simulatorClient(s);
  /** Labels are "<workflow> · <data kind> · <relative time>"; the time part moves on while the test runs. */
  const withoutTime = (label: string) => label.split(' · ').slice(0, -1).join(' · ');
  const sameKind = (a: string, b: string) => withoutTime(a) === withoutTime(b);
  const { panelFrame, closeEditors } = runPanels(s);

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
      await s.wb.runCommand('Cargo: Open Run, Batch or Workflow…');
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
    await s.wb.runCommand('Cargo: Open Run, Batch or Workflow…');
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
    await s.wb.runCommand('Cargo: Open Run, Batch or Workflow…');
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
    await s.wb.runCommand('Cargo: Open Run, Batch or Workflow…');
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
});

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
