// The harness's own helpers, proved on VS Code's built-in views before Cargo has its own: a tree
// (NPM Scripts), the Problems panel (a broken JSON file), a webview (Markdown preview).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useSession } from './harness';

describe('workbench helpers', { timeout: 300_000 }, () => {
  const s = useSession({ simulator: false, settings: { 'npm.enableScriptExplorer': true, 'npm.autoDetect': 'on' } });

  test('tree items: read, expand, collapse, tooltip', async () => {
    const view = await s.wb.openView('NPM Scripts', 'Explorer', 'workbench.view.explorer');
    const root = await s.wb.waitForTreeItem(view, 'package.json', 30_000);
    assert.equal(root.level, 1);
    if (root.expanded) await s.wb.collapse(view, 'package.json');
    await s.wb.expand(view, 'package.json');
    const hello = await s.wb.waitForTreeItem(view, 'hello');
    assert.equal(hello.level, 2);
    assert.equal(hello.expanded, undefined);
    assert.notEqual(hello.icon, '');
    const tooltip = await s.wb.treeItemTooltip(view, 'hello');
    assert.match(tooltip, /echo hello/);
    await s.wb.collapse(view, 'package.json');
    const items = await s.wb.treeItems(view);
    assert.deepEqual(
      items.map((i) => i.label),
      ['package.json'],
    );
    assert.equal(items[0]?.expanded, false);
  });

  test('openView brings back a hidden side bar', async () => {
    await s.wb.openView('Runs');
    await s.wb.runCommand('View: Toggle Primary Side Bar Visibility');
    await s.wb.page.locator('.part.sidebar').waitFor({ state: 'hidden' });
    const view = await s.wb.openView('Runs');
    assert.ok(await view.isVisible());
  });

  test('open a file and read the Problems panel', async () => {
    await s.wb.openFile('broken.json');
    assert.match(await s.wb.activeEditorText(), /workflowUuid/);
    const problem = await s.wb.waitForProblem(/Expected comma/i);
    assert.equal(problem.severity, 'error');
    assert.equal(problem.file, 'broken.json');
    assert.equal(problem.line, 3);
  });

  test('read text inside a webview', async () => {
    await s.wb.openFile('README.md');
    await s.wb.runCommand('Markdown: Open Preview');
    const text = await s.wb.waitForWebviewText('Cargo Runs test workspace');
    assert.match(text, /Tests work on a copy of it/);
  });
});
