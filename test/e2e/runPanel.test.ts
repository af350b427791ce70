// The run panel in a real VS Code against the simulator: a failed run opened from the tree shows its
// header, its executions with the failed one marked and its error, and its context; hostile run data
// shows as text and runs no script; "Open as JSON" opens the read-only document.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { signIn, useSession, waitFor } from './harness';
import { CargoClient } from '../../src/api';
import { present } from '../../src/tree/presentation';

describe('Run panel', { timeout: 300_000 }, () => {
  const s = useSession({
    simulator: { seed: 1, token: 'dev-token', stepMs: 400, hostile: true, bigContextBytes: 5_000_000 },
    settings: { 'cargo.autoRefreshIntervalSeconds': 2 },
    viewport: { width: 1280, height: 1600 },
  });
  const sim = () => {
    assert.ok(s.sim);
    return s.sim;
  };
  const client = () => new CargoClient({ baseUrl: sim().url, token: sim().token });
  /** Labels are "<data kind> · <relative time>"; the time part moves on while the test runs. */
  const sameKind = (a: string, b: string) => a.split(' · ')[0] === b.split(' · ')[0];
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
    const batchRow = present({ kind: 'batch', id: `batch:${batch.uuid}`, parent: undefined, batch, runs: undefined as never });
    const row = await waitFor('the batch of the failed run', async () =>
      (await s.wb.treeItems(view)).find((item) => item.level === 1 && sameKind(item.label, batchRow.label) && item.description === batchRow.description), 30_000);
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
      await waitFor('the node context open', async () => ((await frame.locator('section.context details.node-json[open]').count()) > 0 ? true : undefined), 10_000);
      // The toggle event that builds the content fires after the open attribute is set.
      await waitFor('the context of the node rendered', async () => ((await frame.locator('section.context details.node-json[open] .json-children').count()) > 0 ? true : undefined), 10_000);
    }
    await s.wb.screenshot('run panel - failed run');
    await s.wb.collapse(view, row.label);
  });

  test('search finds a nested key and reveals it in the tree', async () => {
    const details = await client().getRun(sim().fixtures.runs.failed);
    const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
    let target: { slug: string; parent: string; key: string } | undefined;
    for (const [slug, value] of Object.entries(details.runContext)) {
      if (!isObject(value)) continue;
      for (const [parent, child] of Object.entries(value)) {
        const key = isObject(child) ? Object.keys(child)[0] : undefined;
        if (key && !target) target = { slug, parent, key };
      }
    }
    assert.ok(target, 'the fixture run has a nested key in its context');
    const frame = await panelFrame(/Computed configs/);
    await frame.locator('input.search-input').fill(target.key);
    const hit = frame.locator('.search-hit').filter({ hasText: `runContext.${target.slug}.${target.parent}.${target.key}` }).first();
    await hit.waitFor({ timeout: 10_000 });
    await hit.click();
    const match = frame.locator('.json-row.match').first();
    await match.waitFor({ timeout: 10_000 });
    assert.equal((await match.locator('.json-key').first().innerText()).trim(), target.key);
    assert.ok(await match.isVisible());
    await s.wb.screenshot('run panel - search');
  });

  test('"Copy path" puts the JSON path of a nested value on the clipboard', async () => {
    const details = await client().getRun(sim().fixtures.runs.failed);
    const entry = Object.entries(details.runContext).find(([, value]) => typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0);
    assert.ok(entry, 'the fixture run has a node context object');
    const [slug, value] = entry;
    const key = Object.keys(value as object)[0] ?? '';
    const identifier = /^[A-Za-z_$][\w$]*$/;
    const expected = `runContext${identifier.test(slug) ? `.${slug}` : `[${JSON.stringify(slug)}]`}${identifier.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`;
    const frame = await panelFrame(/Computed configs/);
    const node = frame.locator('section.context details.node-json').filter({ has: frame.locator(':scope > summary .node-slug', { hasText: slug }) }).first();
    if ((await node.getAttribute('open')) === null) await node.locator(':scope > summary').click();
    const row = node.locator(':scope > .json-children > .json-row').first();
    await row.hover();
    await row.locator('button.copy', { hasText: 'Copy path' }).first().click();
    const copied = await waitFor('the path on the clipboard', async () => {
      const text = await s.wb.page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
      return text === expected ? text : undefined;
    }, 10_000);
    assert.equal(copied, expected);
    await s.wb.screenshot('run panel - copy path');
  });

  test('"Open as JSON" opens the run as a read-only JSON document', async () => {
    const frame = await panelFrame(/Open as JSON/);
    await frame.locator('button', { hasText: 'Open as JSON' }).click();
    const text = await waitFor('the run document', async () => {
      const shown = await s.wb.activeEditorText().catch(() => '');
      return shown.includes('"run"') ? shown : undefined;
    }, 20_000);
    assert.match(text, /"uuid": "[0-9a-f-]{36}"/);
    await s.wb.runCommand('View: Close Editor');
  });

  test('after a window reload the run panel is back', async () => {
    // VS Code's own reload saves the open editors first (a bare page reload may not get to).
    const loaded = s.wb.page.waitForEvent('load', { timeout: 60_000 });
    await s.wb.runCommand('Developer: Reload Window').catch(() => undefined);
    await loaded;
    await s.wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const text = await s.wb.waitForWebviewText(/Executions \(\d+\)/, 60_000);
    assert.match(text, /Computed configs/);
    await s.wb.screenshot('run panel - after reload');
  });

  test('hostile run data shows as literal text and runs no script', async () => {
    const dialogs: string[] = [];
    s.wb.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
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
    assert.deepEqual(dialogs, []);
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
      await waitFor('the run panel', async () => ((await s.wb.webviewTexts()).some((text) => text.includes('Computed configs')) ? true : undefined), 30_000, 20);
      return Date.now() - start;
    };
    const small = await timeToFirstScreen(sim().fixtures.runs.succeeded);
    await closeEditors();
    const elapsed = await timeToFirstScreen(big);
    console.log(`[run panel] first screen after Enter: small run ${small} ms, 5 MB context ${elapsed} ms`);
    const frame = await panelFrame(/Computed configs/);
    // Expanding the big node renders one level (and at most one chunk of it), however big the value.
    const expandStart = Date.now();
    await frame.evaluate(() => {
      for (const details of document.querySelectorAll('section.context details.node-json')) (details as HTMLDetailsElement).open = true;
    });
    await waitFor('the big context expanded', async () =>
      (await frame.locator('section.context .json-children').count()) > 0 && !(await frame.locator('section.context').innerText()).includes('Loading…') ? true : undefined, 20_000, 20);
    console.log(`[run panel] 5 MB context: every node expanded one level after ${Date.now() - expandStart} ms; ${await frame.locator('*').count()} elements in the DOM`);
    await s.wb.screenshot('run panel - 5 MB context');
    assert.ok(elapsed < 5_000, `first screen after ${elapsed} ms`);
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
    const done = await s.wb.waitForWebviewText(/Live Corp[\s\S]*success[\s\S]*Duration/, 90_000);
    assert.doesNotMatch(done.split('Executions')[0] ?? '', /Running for/);
    const tab = s.wb.page.locator('.tabs-container .tab.active');
    await waitFor('the title with the final status', async () => (/Live Corp · success/.test((await tab.getAttribute('aria-label')) ?? '') ? true : undefined), 10_000);
    const quietSince = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const polls = sim().requests.filter((r) => r.time >= quietSince && r.path.endsWith(runUuid));
    assert.deepEqual(polls.map((r) => `${r.method} ${r.path}`), [], 'no requests for the run once it has finished');
    await s.wb.screenshot('run panel - live, finished');
    await closeEditors();
  });
});
