// "Open…" and links into VS Code in a real workbench (code-server) against the simulator. A link
// reaches the extension's URI handler the way VS Code's own "Developer: Open URL" hands it over (the
// workbench's URL service, then its extension URL handler, as a link opened from outside does): a run's
// link opens its panel; a batch's link shows the batch selected and expanded in the Runs view, on its
// own when the view had not loaded it; a link with another host, a path or a non-uuid is refused with a
// message and nothing is asked of Cargo. "Open…" from the palette takes the web app's link to a batch.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { present } from '../../src/explorer/presentation';
import { vscodeLink } from '../../src/runs/vscodeLinks';
import { signIn, simulatorClient, simulatorOf, useSession, waitFor, type TreeItemInfo } from './harness';

const EXTENSION_ID = 'cargo-runs.cargo-runs';
/** vscode.env.uriScheme in code-server: its product's urlProtocol. */
const URI_SCHEME = 'code-oss';
const WEB_APP = 'https://app.getcargo.io';

describe('Open… and links into VS Code', { timeout: 400_000 }, () => {
  const s = useSession({
    settings: {
      // Ten batches a page: the simulator's 1,000-run batch (15th newest) is not loaded by the view.
      'cargo.pageSize': 10,
      // The view is not refreshed by itself during the file: every request is one a link or command made.
      'cargo.autoRefreshIntervalSeconds': 3600,
      // VS Code asks once per extension before handing it a link ("Allow … to open this URI?"); answered here.
      'extensions.confirmedUriHandlerExtensionIds': [EXTENSION_ID],
    },
    viewport: { width: 1280, height: 1000 },
  });
  const sim = () => simulatorOf(s);
  const link = (kind: 'run' | 'batch' | 'workflow', uuid: string) => vscodeLink({ uriScheme: URI_SCHEME, extensionId: EXTENSION_ID }, kind, uuid);
  const apiRequestsSince = (since: number) =>
    sim()
      .requests.filter((r) => r.time >= since && r.path.startsWith('/v1/'))
      .map((r) => `${r.method} ${r.path.replace('/v1/orchestration/', '')}`);

  /** Hands `url` to the workbench's URL service, as a link opened from outside VS Code is. */
  async function openUrl(url: string): Promise<void> {
    await s.wb.runCommand('Developer: Open URL');
    await s.wb.answerInputBox(url);
    await s.wb.waitForInputBoxClosed();
  }

  /** Waits until the toast matching `message` has slid in (the same place twice in a row), for a screenshot that shows it. */
  async function toastSettled(message: RegExp): Promise<void> {
    const toast = s.wb.page.locator('.notifications-toasts .notification-list-item', { hasText: message }).first();
    let last = '';
    await waitFor(
      'the notification in place',
      async () => {
        const box = JSON.stringify(await toast.boundingBox());
        const settled = box !== 'null' && box === last;
        last = box;
        return settled ? true : undefined;
      },
      10_000,
      300,
    );
  }

  async function runsView() {
    return s.wb.openView('Runs');
  }

  /** The row of the batch shown selected and expanded in the Runs view, once it is. */
  async function selectedExpandedBatch(description: string): Promise<TreeItemInfo> {
    const view = await runsView();
    return waitFor(
      `the batch (${description}) selected and expanded`,
      async () => (await s.wb.treeItems(view)).find((item) => item.selected && item.expanded === true && item.description === description),
      30_000,
    );
  }

  /** What the batch's row says of it ("<n> runs · …"), as the tree writes it. */
  async function batchDescription(batchUuid: string): Promise<string> {
    const batch = await simulatorClient(s).getBatch(batchUuid);
    return present({ kind: 'batch', id: `batch:${batchUuid}`, parent: undefined, batch, runs: undefined as never, workflowName: undefined }).description ?? '';
  }

  test('signed in, the Runs view shows its first page', async () => {
    await runsView();
    await signIn(s.wb, sim().token);
    const view = await runsView();
    await waitFor(
      'the first page of batches',
      async () => ((await s.wb.treeItems(view)).filter((item) => item.level === 1).length >= 10 ? true : undefined),
      30_000,
    );
  });

  test("a run's link opens its panel: one request, the run's", async () => {
    const run = sim().fixtures.runs.failed;
    const title = (await simulatorClient(s).getRun(run)).run.recordTitle ?? '';
    const since = Date.now();
    await openUrl(link('run', run));
    const frame = await s.wb.webviewFrame(title, 30_000);
    assert.ok(frame, 'the run panel shows the run');
    await s.wb.screenshot('open - a run link opened its panel');
    assert.deepEqual(
      apiRequestsSince(since).filter((r) => r.includes(run)),
      [`GET runs/${run}`],
      'the run asked for once, by its panel: no lookup of it as a batch or workflow',
    );
    await s.wb.runCommand('View: Close All Editors');
  });

  test("a batch's link the view has not loaded: one request for it, then shown on its own, selected and expanded", async () => {
    const batch = sim().fixtures.batches.large;
    const description = await batchDescription(batch);
    const since = Date.now();
    await openUrl(link('batch', batch));
    const row = await selectedExpandedBatch(description);
    assert.equal(row.level, 1);
    const view = await runsView();
    // Expanded first, then its runs arrive (a request of their own).
    const items = await waitFor(
      'its runs listed under it',
      async () => {
        const shown = await s.wb.treeItems(view);
        return shown.some((item) => item.level === 2) ? shown : undefined;
      },
      15_000,
    );
    assert.equal(items.filter((item) => item.level === 1).length, 1, 'the batch alone at the top level');
    assert.match(await view.innerText(), /Filtered: .*batch 226ff8f7/, "the view's description names the filter");
    await s.wb.screenshot('open - a batch link revealed the batch');
    const requests = apiRequestsSince(since);
    assert.equal(requests[0], `GET batches/${batch}`, 'the batch asked for first, once');
    assert.equal(requests.filter((r) => r === `GET batches/${batch}`).length, 1);
  });

  for (const [what, shot, url] of [
    [
      'another host (a link to Cargo on evil.example)',
      'another host',
      `${URI_SCHEME}://${EXTENSION_ID}/open?link=${encodeURIComponent('https://evil.example/workflows/w/runs/3f2c9a1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b')}`,
    ],
    ['a path after the uuid', 'a path', `${URI_SCHEME}://${EXTENSION_ID}/run/3f2c9a1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b/../../etc/passwd`],
    ['a non-uuid', 'a non-uuid', `${URI_SCHEME}://${EXTENSION_ID}/batch/not-a-uuid`],
  ] as const) {
    test(`a link with ${what} is refused with a message, and nothing is asked of Cargo`, async () => {
      // Whatever the batch's reveal asked has ended: from here, any request would be the link's.
      await waitFor('no request in flight', async () => (sim().requests.some((r) => r.status === 0) ? undefined : true), 20_000);
      await s.wb.clearNotifications();
      const since = Date.now();
      await openUrl(url);
      const notification = await s.wb.waitForNotification(/This link was not opened/);
      assert.equal(notification.severity, 'warning');
      await toastSettled(/This link was not opened/);
      await s.wb.screenshot(`open - refused link - ${shot}`);
      // A moment for anything the link might have started to reach the simulator: nothing did.
      const after = Date.now();
      await waitFor('two seconds without a request', async () => (Date.now() - after > 2_000 ? true : undefined), 5_000, 250);
      assert.deepEqual(apiRequestsSince(since), [], 'nothing requested');
      assert.match(
        notification.message,
        what.startsWith('another') ? /links to evil\.example, not to Cargo/ : what.startsWith('a path') ? /leads nowhere/ : /names no batch/,
      );
      await s.wb.clearNotifications();
    });
  }

  test("a workflow's link: the Runs view shows that workflow's batches, and says so", async () => {
    const workflow = sim().fixtures.workflows.tool;
    const since = Date.now();
    await openUrl(link('workflow', workflow));
    const view = await runsView();
    await waitFor('the view filtered to the workflow', async () => (/Filtered: Enrich lead/.test(await view.innerText()) ? true : undefined), 30_000);
    const top = await waitFor(
      "the workflow's batches",
      async () => {
        const rows = (await s.wb.treeItems(view)).filter((item) => item.level === 1 && !item.label.startsWith('Load more'));
        return rows.length > 0 && rows.every((item) => item.label.startsWith('Enrich lead · ')) ? rows : undefined;
      },
      30_000,
    );
    assert.ok(top.length >= 2, `its batches: ${top.map((item) => item.label).join(', ')}`);
    await s.wb.screenshot('open - a workflow link filtered the Runs view');
    assert.deepEqual(
      apiRequestsSince(since).filter((r) => r.includes(workflow)),
      [],
      'no lookup: the link says it is a workflow',
    );
  });

  test("Open… from the palette with the web app's link to a batch the view shows: revealed where it is, nothing asked to find it", async () => {
    // The view as it was before the batch link filtered it.
    await s.wb.runCommand('Cargo: Clear Filters');
    const batch = sim().fixtures.batches.succeeded;
    const { workflowUuid } = await simulatorClient(s).getBatch(batch);
    const description = await batchDescription(batch);
    const view = await runsView();
    await waitFor(
      'the first page again',
      async () => ((await s.wb.treeItems(view)).filter((item) => item.level === 1).length >= 10 ? true : undefined),
      30_000,
    );
    const since = Date.now();
    await s.wb.runCommand('Cargo: Open Run, Batch or Workflow…');
    await s.wb.answerInputBox(`${WEB_APP}/workflows/${workflowUuid}/batches/${batch}`, 'Cargo: Open Run, Batch or Workflow');
    await selectedExpandedBatch(description);
    const items = await s.wb.treeItems(view);
    assert.ok(items.filter((item) => item.level === 1).length >= 10, 'the list as it was, not filtered');
    await s.wb.screenshot('open - Open… with a batch web link revealed it in place');
    assert.deepEqual(
      apiRequestsSince(since).filter((r) => r.startsWith('GET batches/') || r.startsWith('GET workflows/')),
      [],
      'the batch was found in the view: no lookup',
    );
  });

  test("Copy Link for VS Code on the batch's row: the link with this editor's scheme (code-server's), which opens the batch again", async () => {
    const batch = sim().fixtures.batches.succeeded;
    const description = await batchDescription(batch);
    const view = await runsView();
    const row = s.wb
      .treeRows(view)
      .filter({ has: s.wb.page.locator('.label-description', { hasText: description }) })
      .first();
    await row.click({ button: 'right' });
    const menu = s.wb.page.locator('.context-view .monaco-menu');
    await menu.waitFor();
    const entries = (await menu.locator('.action-item .action-label').allInnerTexts()).map((text) => text.trim()).filter(Boolean);
    const index = entries.indexOf('Copy Link for VS Code');
    assert.ok(index >= 0, `in the batch's context menu: ${entries.join(', ')}`);
    await s.wb.screenshot('open - Copy Link for VS Code in the context menu');
    for (let i = 0; i <= index; i++) await s.wb.page.keyboard.press('ArrowDown');
    await s.wb.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'detached' });
    const expected = `${URI_SCHEME}://${EXTENSION_ID}/batch/${batch}`;
    const copied = await waitFor(
      'the link on the clipboard',
      async () => {
        const text = await s.wb.page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
        return text === expected ? text : undefined;
      },
      10_000,
    );
    // Folded and another row selected: the copied link selects and expands the batch again.
    await row.locator('.monaco-tl-twistie').click();
    await waitFor('the batch folded', async () => ((await row.getAttribute('aria-expanded')) === 'false' ? true : undefined), 10_000);
    await s.wb.treeRows(view).first().locator('.label-name').first().click();
    assert.notEqual(await row.getAttribute('aria-selected'), 'true');
    await openUrl(copied);
    await selectedExpandedBatch(description);
  });
});
