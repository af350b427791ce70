// The runs a run started, in a real VS Code against the simulator (issue 23): the Qualify lead run
// `withChildRun` in the Runs view, its find_contacts tool execution expanded into the 3 executions of
// the Find contacts run it started (one spans/list by the run's traceUuid); Open Child Run opens that
// run's panel, which says "Started by <the parent's record> · find_contacts" and goes back to the
// parent run's panel with the find_contacts execution marked.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { runPanels, runPanelSession, signInFirst, useSession, waitFor, simulatorOf, simulatorClient } from './harness';
import { present } from '../../src/explorer/presentation';

describe('Child runs', { timeout: 600_000 }, () => {
  const s = useSession(runPanelSession());
  signInFirst(s);
  const sim = () => simulatorOf(s);
  const { panelFrame } = runPanels(s);

  test("a tool execution expands into its child run's executions; Open Child Run; Started by … goes back", async () => {
    const parent = (await simulatorClient(s).getRun(sim().fixtures.runs.withChildRun)).run;
    const tool = parent.executions.find((execution) => execution.nodeSlug === 'find_contacts');
    assert.ok(tool?.nodeRunUuid, 'the fixture run started a child run at find_contacts');
    const child = (await simulatorClient(s).getRun(tool.nodeRunUuid)).run;

    const view = await s.wb.openView('Runs');
    await s.wb.runCommand('Cargo: Group by Workflow');
    await s.wb.waitForTreeItem(view, /^Qualify lead$/, 30_000);
    await s.wb.expand(view, 'Qualify lead');
    await s.wb.waitForTreeItem(view, 'All runs', 20_000);
    await s.wb.expand(view, 'All runs');
    await s.wb.waitForTreeItem(view, parent.recordTitle, 20_000);
    await s.wb.expand(view, parent.recordTitle);
    const toolRow = await s.wb.waitForTreeItem(view, /\(find_contacts\)$|^find_contacts$/, 20_000);
    assert.equal(toolRow.expanded, false, 'the execution that started a run can be expanded');

    const since = Date.now();
    await s.wb.expand(view, toolRow.label);
    const rows = await waitFor(
      "the child run's executions",
      async () => {
        const items = await s.wb.treeItems(view);
        const at = items.findIndex((item) => item.label === toolRow.label);
        const under: string[] = [];
        for (const item of items.slice(at + 1)) {
          if (item.level <= toolRow.level) break;
          if (item.level === toolRow.level + 1) under.push(item.label);
        }
        return under.length === 3 ? under : undefined;
      },
      20_000,
    );
    assert.deepEqual(rows, ['start', 'search_contacts', 'end']);
    const spansLists = sim().requests.filter((r) => r.time >= since && r.path.endsWith('/spans/list'));
    assert.equal(spansLists.length, 1, 'one request for the expansion');
    assert.equal((spansLists[0]?.body as { traceUuid?: string }).traceUuid, parent.traceUuid, 'by the run’s traceUuid');
    await s.wb.screenshot('child runs - tool execution expanded');

    // Its row offers Open Child Run inline and in its context menu.
    const row = s.wb.treeItem(view, toolRow.label);
    await row.hover();
    assert.equal(await row.locator('.action-label[aria-label="Open Child Run"]').count(), 1, 'the inline action');
    const entries = await s.wb.contextMenuEntry(row, 'Open Child Run');
    assert.ok(entries.includes('Open Child Run'), entries.join(', '));

    const childPanel = await panelFrame(/Started by/);
    const origin = (await childPanel.locator('.run-origin').innerText()).trim();
    assert.equal(origin, `Started by ${parent.recordTitle} · find_contacts`);
    await s.wb.page.mouse.move(900, 1500);
    assert.match(await childPanel.locator('h1').innerText(), new RegExp(child.recordTitle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await s.wb.screenshot('child runs - child run panel');

    await childPanel.locator('.run-origin button').click();
    const parentPanel = await panelFrame(new RegExp(`Executions \\(${parent.executions.length}\\)`));
    const revealed = await waitFor(
      'the find_contacts execution marked in the parent run panel',
      async () =>
        (await parentPanel
          .locator('.execution.revealed')
          .innerText()
          .catch(() => '')) || undefined,
      20_000,
    );
    assert.match(revealed, /find_contacts/);
    assert.match(await parentPanel.locator('h1').innerText(), new RegExp(parent.recordTitle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await s.wb.screenshot('child runs - back to the parent run');
    // Folded again: the next test's rows are the only ones of their names.
    await s.wb.collapse(view, parent.recordTitle);
  });

  test("hostile record titles and texts of a child run's lineage show as text in the tree and in Started by …", async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">[x](command:cargo.signOut) $(alert)';
    const workflowUuid = sim().fixtures.workflows.qualifyLead;
    assert.ok(workflowUuid);
    const created = await simulatorClient(s).createRun({
      workflowUuid,
      data: { name: hostile, company: hostile, email: `${hostile}@acme.test`, website: 'acme.test', __simStepMs: 50 },
    });
    const parent = await waitFor(
      'the hostile run finished',
      async () => {
        const run = (await simulatorClient(s).getRun(created.uuid)).run;
        return run.status.known === 'success' ? run : undefined;
      },
      30_000,
    );
    const view = await s.wb.openView('Runs');
    await s.wb.runCommand('Cargo: Refresh');
    const parentRow = present({ kind: 'run', id: `workflowRun:${parent.uuid}`, parent: undefined as never, run: parent }).label;
    await s.wb.waitForTreeItem(view, parentRow, 30_000);
    await s.wb.expand(view, parentRow);
    const toolRow = await s.wb.waitForTreeItem(view, /\(find_contacts\)$|^find_contacts$/, 20_000);
    await s.wb.expand(view, toolRow.label);
    const search = await s.wb.waitForTreeItem(view, 'search_contacts', 20_000);
    assert.match(search.description, /<img src=x/, 'the hostile company as text in the row');
    assert.equal(await view.locator('.monaco-list-rows img').count(), 0, 'no element made of it');
    await s.wb.screenshot('child runs - hostile lineage in the tree');

    await s.wb.contextMenuEntry(s.wb.treeItem(view, toolRow.label), 'Open Child Run');
    const childPanel = await panelFrame(/Started by/);
    const origin = childPanel.locator('.run-origin');
    assert.match(await origin.innerText(), /^Started by <img src=x onerror=/);
    assert.equal(await origin.locator('img, a, script').count(), 0, 'text only');
    assert.equal(await childPanel.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    // The row's hover (from the context menu) off the panel.
    await s.wb.page.mouse.move(900, 1500);
    await s.wb.screenshot('child runs - hostile Started by');
    await s.wb.runCommand('Cargo: Show Batches Newest First');
  });
});
