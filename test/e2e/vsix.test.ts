// What a user installs: the .vsix made by `npm run package`, installed into a clean code-server with
// `--install-extension` (nothing staged from the repository), works: the Cargo view lists batches once
// signed in, a run opens in its panel, and a run file runs with Run in Cargo.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readManifest, signIn, useSession, waitFor, simulatorOf, simulatorClient } from './harness';
import { packageVsix } from '../support/vsix';
import { present } from '../../src/explorer/presentation';
import { fetchWorkflowNames } from '../../src/runs/workflowNames';

describe('The .vsix installed', { timeout: 600_000 }, () => {
  const vsixDir = mkdtempSync(join(tmpdir(), 'cargo-vsix-e2e-'));
  const vsix = join(vsixDir, 'cargo-runs.vsix');
  // Registered before the session's hooks, so the package exists when code-server installs it.
  before(() => packageVsix(vsix).then(() => undefined), { timeout: 180_000 });
  after(() => rmSync(vsixDir, { recursive: true, force: true }));
  const s = useSession({
    simulator: { seed: 1, token: 'dev-token', stepMs: 300 },
    settings: { 'cargo.autoRefreshIntervalSeconds': 2 },
    codeServer: { vsix },
    viewport: { width: 1400, height: 1000 },
  });
  const sim = () => simulatorOf(s);
  const client = () => simulatorClient(s);

  test('the extension in code-server is the one installed from the .vsix, with nothing but what ships', () => {
    const { publisher, name, version } = readManifest();
    const folders = readdirSync(s.server.extensionsDir).filter((entry) => !entry.endsWith('.json') && !entry.startsWith('.'));
    assert.deepEqual(folders, [`${publisher}.${name}-${version}`]);
    const installed = join(s.server.extensionsDir, folders[0] ?? '');
    assert.ok(existsSync(join(installed, '.vsixmanifest')), 'installed from a .vsix (VS Code keeps its manifest)');
    assert.ok(existsSync(join(installed, 'dist', 'extension.js')));
    for (const absent of ['src', 'test', 'node_modules', 'out', 'bench', 'demo']) assert.ok(!existsSync(join(installed, absent)), `no ${absent}/`);
    assert.match(s.server.output(), /was successfully installed/);
  });

  test('the Cargo view lists batches after signing in', async () => {
    const view = await s.wb.openView('Runs');
    await s.wb.waitForWelcome(view, "Sign in to Cargo to see your workflows' batches");
    await signIn(s.wb, sim().token);
    const row = await s.wb.waitForTreeItem(view, / · /, 30_000);
    assert.equal(row.level, 1);
    await s.wb.screenshot('vsix - batches');
  });

  test('a failed run opens in its panel from the Runs view', async () => {
    const view = await s.wb.openView('Runs');
    const { run } = await client().getRun(sim().fixtures.runs.failed);
    assert.ok(run.batchUuid);
    const batch = await client().getBatch(run.batchUuid);
    const batchRow = present({
      kind: 'batch',
      id: `batch:${batch.uuid}`,
      parent: undefined,
      batch,
      runs: undefined as never,
      workflowName: (await fetchWorkflowNames(client())).get(batch.workflowUuid),
    });
    const kind = batchRow.label.split(' · ').slice(0, -1).join(' · ');
    const row = await waitFor(
      'the batch of the failed run',
      async () =>
        (await s.wb.treeItems(view)).find((item) => item.level === 1 && item.label.startsWith(`${kind} · `) && item.description === batchRow.description),
      30_000,
    );
    await s.wb.expand(view, row.label);
    const runLabel = present({ kind: 'run', id: `run:${run.uuid}`, parent: undefined as never, run, executions: undefined as never } as never).label;
    await s.wb.waitForTreeItem(view, runLabel, 20_000);
    await s.wb.treeItem(view, runLabel).click();
    const text = await s.wb.waitForWebviewText(run.uuid);
    assert.match(text, /Executions \(\d+\)/);
    assert.match(text, /\berror\b/, 'the header shows the status');
    assert.match(text, /Failed/, 'the failed execution is marked');
    await s.wb.screenshot('vsix - run panel');
    await s.wb.collapse(view, row.label);
    await s.wb.runCommand('View: Close All Editors');
  });

  test('a run file runs with Run in Cargo: one POST, and its run in a panel', async () => {
    const tool = sim().fixtures.workflows.tool;
    writeFileSync(
      join(s.server.workspace, 'vsix.cargo-run.json'),
      `${JSON.stringify({ workflowUuid: tool, data: { name: 'Vsix Co', domain: 'vsix.example', __simOutcome: 'success' } }, null, 2)}\n`,
    );
    await s.wb.openFile('vsix.cargo-run.json');
    await s.wb.waitForCodeLens('Run in Cargo');
    const since = Date.now();
    await s.wb.clickCodeLens('Run in Cargo');
    const posts = await waitFor(
      'POST /runs',
      () => {
        const made = sim().requests.filter((r) => r.time >= since && r.method === 'POST' && r.path === '/v1/orchestration/runs');
        return made.length > 0 ? made : undefined;
      },
      30_000,
    );
    assert.equal(posts.length, 1);
    assert.equal((posts[0]?.body as { workflowUuid?: string }).workflowUuid, tool);
    await s.wb.waitForWebviewText('Vsix Co');
    await s.wb.screenshot('vsix - run file');
  });

  test('the Extensions view lists Cargo Runs among the enabled extensions, with its icon', async () => {
    await s.wb.runCommand('Extensions: Show Enabled Extensions');
    const item = s.wb.page.locator('.extensions-viewlet .extension-list-item', { has: s.wb.page.locator('.name', { hasText: /^Cargo Runs$/ }) }).first();
    await item.waitFor({ state: 'visible', timeout: 30_000 });
    // The icon shown is the installed extension's media/icon.png, loaded at its 128 px.
    const icon = await waitFor(
      'the icon loaded',
      async () => {
        const shown = await item
          .locator('img.icon')
          .evaluate((img: HTMLImageElement) => ({ src: decodeURIComponent(img.src), width: img.complete ? img.naturalWidth : 0 }));
        return shown.width > 0 ? shown : undefined;
      },
      20_000,
    );
    const { publisher, name, version } = readManifest();
    assert.ok(icon.src.includes(`/${publisher}.${name}-${version}/media/icon.png`), icon.src);
    assert.equal(icon.width, 128);
    await item.click();
    await s.wb.page.locator('.extension-editor .header .name', { hasText: 'Cargo Runs' }).first().waitFor({ state: 'visible', timeout: 20_000 });
    await s.wb.screenshot('vsix - extension details');
  });
});
