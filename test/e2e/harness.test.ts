// The harness's own helpers, proved on views the suite controls or VS Code always shows: a tree (the
// fixture extension's, test/fixtures/harness-extension), the Problems panel (a broken JSON file), a
// webview (Markdown preview). Not on a built-in extension's tree: VS Code's NPM Scripts view, for one,
// is hidden until the npm extension gets round to setting its context key (npm:showScriptExplorer),
// seconds after the workbench shows on a slow machine.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HARNESS_EXTENSION, useSession } from './harness';

describe('workbench helpers', { timeout: 300_000 }, () => {
  const s = useSession({ simulator: false, codeServer: { extraExtensions: [HARNESS_EXTENSION] } });

  test('tree items: read, expand, collapse, tooltip', async () => {
    const view = await s.wb.openView('Fixture Tree', 'Harness Fixture', 'harnessFixture');
    // The rows come once the extension host is up and has activated the fixture (onView): give it time.
    const parent = await s.wb.waitForTreeItem(view, 'Fixture parent', 60_000);
    assert.equal(parent.level, 1);
    assert.equal(parent.expanded, false);
    assert.equal(parent.description, '2 children');
    assert.equal(parent.icon, 'folder');
    assert.equal(parent.iconColor, '');
    const leaf = await s.wb.waitForTreeItem(view, 'Fixture leaf');
    assert.equal(leaf.level, 1);
    assert.equal(leaf.expanded, undefined);
    assert.equal(leaf.description, 'no children');
    assert.equal(leaf.icon, 'symbol-constant');
    // A plain-string tooltip is also the row's accessible label.
    assert.equal(leaf.ariaLabel, 'Tooltip of the fixture leaf');
    assert.deepEqual(
      (await s.wb.treeItems(view)).map((i) => [i.label, i.level, i.expanded]),
      [
        ['Fixture parent', 1, false],
        ['Fixture leaf', 1, undefined],
      ],
    );

    await s.wb.expand(view, 'Fixture parent');
    const one = await s.wb.waitForTreeItem(view, 'Fixture child one');
    assert.equal(one.level, 2);
    assert.equal(one.expanded, undefined);
    assert.equal(one.description, 'first child');
    assert.equal(one.icon, 'pass-filled');
    assert.notEqual(one.iconColor, '');
    assert.equal(one.iconColor, await s.wb.themeColor('testing.iconPassed'));
    const two = await s.wb.waitForTreeItem(view, 'Fixture child two');
    assert.equal(two.level, 2);
    assert.equal(two.icon, 'sync~spin');
    assert.deepEqual(
      (await s.wb.treeItems(view)).map((i) => [i.label, i.level, i.expanded]),
      [
        ['Fixture parent', 1, true],
        ['Fixture child one', 2, undefined],
        ['Fixture child two', 2, undefined],
        ['Fixture leaf', 1, undefined],
      ],
    );
    assert.equal(await s.wb.treeItem(view, 'Fixture child two').getAttribute('aria-level'), '2');
    await s.wb.screenshot('harness - tree items - expanded');
    await assert.rejects(s.wb.expand(view, 'Fixture leaf'), /cannot be expanded or collapsed/);

    assert.equal(await s.wb.treeItemTooltip(view, 'Fixture leaf'), 'Tooltip of the fixture leaf');
    // A MarkdownString tooltip is shown rendered: its text without the markup.
    const markdown = await s.wb.treeItemTooltip(view, 'Fixture parent');
    assert.match(markdown, /^Fixture parent\s+Holds two children\.$/);

    await s.wb.collapse(view, 'Fixture parent');
    const items = await s.wb.treeItems(view);
    assert.deepEqual(
      items.map((i) => i.label),
      ['Fixture parent', 'Fixture leaf'],
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
