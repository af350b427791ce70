// Starting runs from the JSON in the editor, in a real VS Code against the simulator: a run file from
// its CodeLens (followed to its end, then nothing asked), any object from the palette (the workflow
// asked once per file), mistakes shown in the Problems panel with nothing sent, a lost answer never
// sent twice and found again, an array of records, and Cargo's refusals in the user's words.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { requestsInQuietWindow, signIn, sleep, useSession, waitFor, simulatorOf, simulatorClient } from './harness';

describe('Run in Cargo', { timeout: 900_000 }, () => {
  const s = useSession({
    simulator: { seed: 3, token: 'dev-token', stepMs: 300 },
    settings: { 'cargo.autoRefreshIntervalSeconds': 2, 'cargo.requestTimeoutSeconds': 3 },
    viewport: { width: 1400, height: 1000 },
  });
  const sim = () => simulatorOf(s);
  const tool = () => sim().fixtures.workflows.tool;
  const play = () => sim().fixtures.workflows.play;
  let toolName = '';
  let playName = '';
  const api = (since: number) => sim().requests.filter((r) => r.time >= since && r.path.startsWith('/v1/'));
  const posts = (since: number) => api(since).filter((r) => r.method === 'POST' && r.path === '/v1/orchestration/runs');
  const waitForPosts = (since: number, count: number) =>
    waitFor(`${count} POST /runs`, async () => (posts(since).length >= count ? posts(since) : undefined), 30_000);
  /** Requests that start or read runs, as "METHOD path". */
  const runRequests = (since: number) =>
    api(since)
      .filter((r) => r.method === 'POST' || r.path.includes('/runs/'))
      .map((r) => `${r.method} ${r.path}`);
  const writeWorkspaceFile = (name: string, content: unknown) =>
    writeFileSync(join(s.server.workspace, name), typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);

  test('signed in, the tool and the play are known by name', async () => {
    await s.wb.openView('Runs');
    await signIn(s.wb, sim().token);
    const client = simulatorClient(s);
    const [tools, plays] = await Promise.all([client.listTools(), client.listPlays()]);
    toolName = tools.find((t) => t.workflowUuid === tool())?.name ?? '';
    playName = plays.find((p) => p.workflowUuid === play())?.name ?? '';
    assert.ok(toolName && playName);
  });

  test('a run file run from its CodeLens: one POST, its panel beside, counted in the status bar, its end announced, listed under "Started from VS Code", then nothing is asked', async () => {
    writeWorkspaceFile('lead.cargo-run.json', {
      workflowUuid: tool(),
      data: { name: 'Lens Co', domain: 'lens.example', __simOutcome: 'error', __simStepMs: 1500 },
    });
    await s.wb.openFile('lead.cargo-run.json');
    const lenses = await s.wb.waitForCodeLens(`workflow ${toolName}`);
    assert.ok(
      lenses.some((lens) => lens.includes('Run in Cargo')),
      lenses.join(' | '),
    );
    const since = Date.now();
    await s.wb.clickCodeLens('Run in Cargo');
    const [post] = await waitForPosts(since, 1);
    assert.deepEqual((post?.body as { workflowUuid?: string }).workflowUuid, tool());
    await s.wb.waitForWebviewText('Lens Co');
    const counted = await waitFor('the status bar to count the run', async () => (await s.wb.statusBarTexts()).find((t) => /\b1 Cargo run\b/.test(t)), 20_000);
    assert.equal(counted, '1 Cargo run');
    await s.wb.page.locator('.part.statusbar .statusbar-item', { hasText: '1 Cargo run' }).first().click();
    const going = await s.wb.waitForQuickPickItems(/Runs started from VS Code/);
    assert.equal(going[0]?.label, 'Lens Co');
    await s.wb.page.keyboard.press('Escape');
    await s.wb.screenshot('run file - started from the CodeLens');
    const view = await s.wb.openView('Runs');
    await s.wb.waitForTreeItem(view, 'Started from VS Code');
    const row = await s.wb.waitForTreeItem(view, 'Lens Co');
    assert.equal(row.level, 2);

    const finished = await s.wb.waitForNotification(/^Run of "Lens Co" failed at .+: .+/, 90_000);
    assert.equal(finished.severity, 'error');
    assert.deepEqual(finished.actions, ['Open Run', 'Show Error']);
    await waitFor(
      'the status bar to stop counting',
      async () => ((await s.wb.statusBarTexts()).some((t) => /Cargo runs?$/.test(t)) ? undefined : true),
      20_000,
    );
    await s.wb.waitForCodeLens(/^last run: error, /);
    await s.wb.screenshot('run file - finished');
    assert.equal(posts(since).length, 1, 'exactly one POST /runs');

    // The explorer shows the simulator's other live batches; with it out of sight, nothing is left to follow.
    await s.wb.runCommand('View: Show Explorer');
    // Five of the 2-s intervals, once what was in flight has ended.
    assert.deepEqual(await requestsInQuietWindow(sim(), (r) => r.path.startsWith('/v1/'), { windowMs: 10_000 }), [], 'no request once the run has finished');
  });

  test('an untitled JSON object from the palette: the workflow is asked once (tools only), remembered, and shown in its CodeLens', async () => {
    await s.wb.runCommand('File: New Untitled Text File');
    await s.wb.runCommand('Change Language Mode');
    await s.wb.pickQuickItem(/^JSON$/, 'JSON');
    await s.wb.replaceEditorText('{\n  "name": "Untitled Co",\n  "domain": "untitled.example"\n}\n');
    const since = Date.now();
    await s.wb.runCommand('Cargo: Run in Cargo');
    const items = await s.wb.waitForQuickPickItems(/with which workflow/);
    const labels = items.map((item) => item.label);
    assert.ok(labels.includes(toolName), labels.join(', '));
    assert.ok(!labels.includes(playName), 'plays are not offered');
    await s.wb.screenshot('run file - workflow pick');
    await s.wb.pickQuickItem(toolName);
    const [first] = await waitForPosts(since, 1);
    assert.deepEqual((first?.body as { data?: unknown }).data, { name: 'Untitled Co', domain: 'untitled.example' });
    await s.wb.waitForWebviewText('Untitled Co');
    await s.wb.runCommand('View: Focus Active Editor Group');
    await s.wb.waitForCodeLens(`workflow ${toolName}`);

    await s.wb.runCommand('Cargo: Run in Cargo');
    await waitForPosts(since, 2);
    assert.equal(await s.wb.inputBox(), undefined, 'the second run did not ask again');
    assert.equal(posts(since).length, 2);
  });

  test('a selected object inside a larger document runs on its own', async () => {
    writeWorkspaceFile('response.json', '{\n  "meta": { "page": 1 },\n  "lead": {"name": "Sel Co", "domain": "sel.example"}\n}\n');
    await s.wb.openFile('response.json');
    await s.wb.runCommand('Go to Line/Column...');
    await s.wb.page.keyboard.type(':3:11');
    await s.wb.page.keyboard.press('Enter');
    await s.wb.page.keyboard.press('Shift+End');
    const since = Date.now();
    await s.wb.runCommand('Cargo: Run in Cargo');
    await s.wb.pickQuickItem(toolName);
    const [post] = await waitForPosts(since, 1);
    assert.deepEqual((post?.body as { data?: unknown }).data, { name: 'Sel Co', domain: 'sel.example' });
    await s.wb.waitForWebviewText('Sel Co');
  });

  test('invalid JSON on line 7: one problem on line 7, VS Code’s (not a second one of ours), a notification that says so in plain text, nothing sent', async () => {
    writeWorkspaceFile('broken-line7.json', '{\n  "name": "Broken Co",\n  "domain": "broken.example",\n  "tags": [\n    "a",\n    "b"\n    "c"\n  ]\n}\n');
    await s.wb.openFile('broken-line7.json');
    const since = Date.now();
    await s.wb.runCommand('Cargo: Run in Cargo');
    const said = await s.wb.waitForNotification(/^broken-line7\.json .*, so nothing was sent/);
    // Ours, had it been added, was set before the notification showed; VS Code's JSON service reports the error too.
    const problems = await waitFor(
      'VS Code’s problem in the Problems panel',
      async () => {
        const found = (await s.wb.problems()).filter((p) => p.file === 'broken-line7.json');
        return found.some((p) => !p.source.includes('Cargo')) ? found : undefined;
      },
      30_000,
    );
    await s.wb.screenshot('run file - syntax error on line 7');
    assert.deepEqual(
      problems.map((p) => ({ line: p.line, severity: p.severity, ours: p.source.includes('Cargo') })),
      [{ line: 7, severity: 'error', ours: false }],
      `one problem for one mistake: ${JSON.stringify(problems)}`,
    );
    assert.match(said.message, /^broken-line7\.json is not valid JSON, so nothing was sent: Expected a comma “,” before this\. \(line 7\)$/);
    await sleep(1_000);
    assert.equal(posts(since).length, 0, 'zero POSTs');
  });

  test('the ▶ Run in Cargo button: on run files and files with a remembered workflow; not on package.json, which keeps the command in its context menu', async () => {
    const runButton = async () => (await s.wb.editorTitleButtons()).includes('Run in Cargo');
    writeWorkspaceFile('button.cargo-run.json', { workflowUuid: tool(), data: { name: 'Button Co' } });
    await s.wb.openFile('button.cargo-run.json');
    await waitFor('the button on a run file', async () => ((await runButton()) ? true : undefined), 20_000);

    await s.wb.openFile('package.json');
    // The title's other actions show: the absence of ours is the menu's answer, not a title still loading.
    await waitFor('the title actions of package.json', async () => ((await s.wb.editorTitleButtons()).length > 0 ? true : undefined), 20_000);
    await waitFor('no button on package.json', async () => ((await runButton()) ? undefined : true), 10_000);
    await s.wb.screenshot('run file - no button on package.json');
    assert.ok((await s.wb.editorContextMenu()).includes('Run in Cargo'), 'the command stays in the context menu');

    // A plain JSON file: no button until it has a workflow, then one (it is remembered).
    writeWorkspaceFile('remembered.json', { name: 'Remembered Co' });
    await s.wb.openFile('remembered.json');
    await waitFor('the title actions of remembered.json', async () => ((await s.wb.editorTitleButtons()).length > 0 ? true : undefined), 20_000);
    assert.equal(await runButton(), false, 'no button before a workflow is chosen');
    const since = Date.now();
    await s.wb.runCommand('Cargo: Run in Cargo');
    await s.wb.pickQuickItem(toolName);
    await waitForPosts(since, 1);
    await s.wb.waitForWebviewText('Remembered Co');
    await s.wb.runCommand('View: Focus First Editor Group');
    await waitFor('the button once the workflow is remembered', async () => ((await runButton()) ? true : undefined), 20_000);
    await s.wb.screenshot('run file - button on a file with a remembered workflow');
  });

  test('hostile run data in the status bar: its tooltip shows the run’s title as written (no backslash, no icon), its text only our own', async () => {
    const title = '$(alert) [x](command:workbench.action.quit) <b>Hostile</b>';
    writeWorkspaceFile('hostile-title.cargo-run.json', { workflowUuid: tool(), data: { name: title, __simStepMs: 3000 } });
    await s.wb.openFile('hostile-title.cargo-run.json');
    await s.wb.clickCodeLens('Run in Cargo');
    await waitFor('the status bar to count the run', async () => (await s.wb.statusBarTexts()).find((t) => /\b1 Cargo run\b/.test(t)), 20_000);
    assert.ok(!(await s.wb.statusBarTexts()).some((t) => /alert|Hostile/.test(t)), 'no run data in the status bar’s text');
    const tooltip = await s.wb.statusBarTooltip(/1 Cargo run/, 'run file - status bar tooltip with hostile data');
    assert.ok(tooltip.text.split('\n').includes(title), `the title as written: ${JSON.stringify(tooltip.text)}`);
    assert.doesNotMatch(tooltip.text, /\\/, 'no backslash of another sink’s escape');
    assert.equal(tooltip.icons, 0, 'no icon rendered from the data');
    await s.wb.page.keyboard.press('Escape');
  });

  test('a run file without workflowUuid: a problem at its first brace, a pick that inserts the uuid, then the run starts', async () => {
    writeWorkspaceFile('no-workflow.cargo-run.json', '{\n  // the record\n  "data": { "name": "No Workflow Co" }\n}\n');
    await s.wb.openFile('no-workflow.cargo-run.json');
    const since = Date.now();
    await s.wb.clickCodeLens('Run in Cargo');
    await s.wb.waitForQuickPickItems(/names no workflow/);
    const problem = await waitFor(
      'the missing workflow problem',
      async () => (await s.wb.problems()).find((p) => p.file === 'no-workflow.cargo-run.json' && p.code.includes('missingWorkflowUuid')),
      20_000,
    );
    assert.equal(problem.line, 1);
    assert.equal(problem.column, 1);
    await s.wb.screenshot('run file - missing workflow');
    await s.wb.pickQuickItem(toolName);
    const [post] = await waitForPosts(since, 1);
    assert.equal((post?.body as { workflowUuid?: string }).workflowUuid, tool());
    await s.wb.runCommand('View: Focus Active Editor Group');
    const text = await waitFor(
      'the uuid in the file',
      async () => ((await s.wb.activeEditorText()).includes(tool()) ? s.wb.activeEditorText() : undefined),
      10_000,
    );
    assert.ok(text.includes('// the record'), 'the user’s comment is kept');
    await waitFor('the problem gone', async () => ((await s.wb.problems()).some((p) => p.file === 'no-workflow.cargo-run.json') ? undefined : true), 20_000);
  });

  test('no answer to the POST: "may have started", sent once, and "Look for It" finds the run', async () => {
    writeWorkspaceFile('hang.cargo-run.json', { workflowUuid: tool(), data: { name: 'Hang Co' } });
    await s.wb.openFile('hang.cargo-run.json');
    sim().setFaults([{ fault: { kind: 'hangAfterHandling' }, method: 'POST', path: '^/v1/orchestration/runs$', times: 1 }]);
    const since = Date.now();
    await s.wb.clickCodeLens('Run in Cargo');
    const said = await s.wb.waitForNotification(/may or may not have started/, 30_000);
    assert.equal(said.severity, 'warning');
    assert.ok(said.actions.includes('Look for It'));
    assert.match(said.message, /not sent again/);
    await s.wb.screenshot('run file - may have started');
    assert.equal(posts(since).length, 1, 'exactly one POST');
    await s.wb.clickNotificationAction(/may or may not have started/, 'Look for It');
    const found = await s.wb.waitForQuickPickItems(/started since/);
    assert.ok(
      found.some((item) => item.label === 'Hang Co'),
      found.map((i) => i.label).join(', '),
    );
    await s.wb.pickQuickItem('Hang Co');
    await s.wb.waitForWebviewText('Hang Co');
    assert.equal(posts(since).length, 1, 'still one POST');
  });

  test('an array of 3 objects: one confirmation, exactly 3 POSTs, one summary; their ends in one notification', async () => {
    writeWorkspaceFile('three.json', [{ name: 'Tri One' }, { name: 'Tri Two' }, { name: 'Tri Three' }]);
    await s.wb.openFile('three.json');
    await s.wb.clearNotifications();
    const since = Date.now();
    await s.wb.runCommand('Cargo: Run in Cargo');
    await s.wb.pickQuickItem(toolName);
    const question = await s.wb.answerDialog('Start 3 Runs');
    assert.match(question, /Start 3 runs of ".+", one per item\?/);
    await waitForPosts(since, 3);
    const summary = await s.wb.waitForNotification(/^Started 3 of 3 runs\.$/, 30_000);
    assert.ok(summary.actions.includes('Show Details'));
    assert.deepEqual(
      posts(since).map((p) => (p.body as { data: { name: string } }).data.name),
      ['Tri One', 'Tri Two', 'Tri Three'],
    );
    const view = await s.wb.openView('Runs');
    const firstRows = await waitFor(
      'the runs under "Started from VS Code"',
      async () => {
        const items = await s.wb.treeItems(view);
        const at = items.findIndex((item) => item.label === 'Started from VS Code');
        const rows = items.slice(at + 1, at + 4).map((item) => item.label);
        return at >= 0 && rows.includes('Tri One') ? rows : undefined;
      },
      20_000,
    );
    assert.deepEqual(firstRows, ['Tri One', 'Tri Two', 'Tri Three'], 'listed first, in the order of the file');
    const ended = await s.wb.waitForNotification(/^The 3 runs from three\.json have finished: /, 30_000);
    assert.match(ended.message, /\d succeeded/);
    await s.wb.screenshot('run file - array finished');
    assert.equal(posts(since).length, 3, 'exactly 3 POSTs');
    // The notification center holds every notification shown (toasts come and go).
    const shown = await s.wb.notifications({ center: true });
    await s.wb.page.keyboard.press('Escape');
    assert.equal(shown.filter((n) => /^Started \d+ of 3 runs/.test(n.message)).length, 1, 'one summary');
    assert.deepEqual(
      shown.filter((n) => /^Run of "Tri /.test(n.message)),
      [],
      'one notification for the three ends, not one each',
    );
  });

  test('Run Against Release…: the deployed release first, then the draft; the run goes to the release picked, the file unchanged', async () => {
    const releases = await simulatorClient(s).listReleases({ workflowUuid: tool() });
    const draft = releases.find((r) => r.status.known === 'draft');
    assert.ok(draft);
    await s.wb.openFile('lead.cargo-run.json');
    const before = await s.wb.activeEditorText();
    const since = Date.now();
    await s.wb.runCommand('Cargo: Run in Cargo Against Release…');
    const items = await s.wb.waitForQuickPickItems(/against which release/);
    assert.match(items[0]?.label ?? '', /^Deployed release \(v\d+\)$/);
    assert.equal(items[1]?.label, 'Draft: unpublished changes');
    assert.ok(items.slice(2).every((item) => /^v\d+ \(archived\)$/.test(item.label)));
    await s.wb.screenshot('run file - release pick');
    await s.wb.pickQuickItem('Draft: unpublished changes');
    const [post] = await waitForPosts(since, 1);
    assert.equal((post?.body as { releaseUuid?: string }).releaseUuid, draft.uuid);
    await s.wb.runCommand('View: Focus Active Editor Group');
    assert.equal(await s.wb.activeEditorText(), before, 'what the user typed is unchanged');
  });

  test('New Run File…: a run file of the picked workflow, with the last run’s input as its data', async () => {
    await s.wb.runCommand('Cargo: New Run File…');
    await s.wb.pickQuickItem(toolName);
    const tab = s.wb.page.locator('.tabs-container .tab.active[aria-label*="enrich-lead.cargo-run.json"]');
    await tab.waitFor({ state: 'visible' });
    const text = await waitFor(
      'the new run file',
      async () => {
        const shown = await s.wb.activeEditorText();
        return shown.includes('"data"') ? shown : undefined;
      },
      20_000,
    );
    assert.ok(text.includes(`"workflowUuid": "${tool()}"`), text);
    assert.match(text, /"name": "/, 'the data of the last run');
    await s.wb.waitForCodeLens('Run in Cargo');
    await s.wb.screenshot('run file - new run file');
  });

  test('Cargo refuses: a play, and no credits left; each said plainly, nothing else sent', async () => {
    // The runs of the tests before have ended, so any request from now on would be about these two.
    await s.wb.runCommand('View: Show Explorer');
    await waitFor('nothing going', async () => ((await s.wb.statusBarTexts()).some((t) => /Cargo runs?$/.test(t)) ? undefined : true), 60_000);
    await sleep(2_500);
    writeWorkspaceFile('play.cargo-run.json', { workflowUuid: play(), data: { name: 'Play Co' } });
    await s.wb.openFile('play.cargo-run.json');
    let since = Date.now();
    await s.wb.clickCodeLens('Run in Cargo');
    const playRefusal = await s.wb.waitForNotification(/The workflow is a play: plays run on segments, not single records/);
    assert.equal(playRefusal.severity, 'error');
    assert.ok(playRefusal.actions.includes('Choose Workflow…'));
    await sleep(1_500);
    assert.deepEqual(runRequests(since), ['POST /v1/orchestration/runs'], 'one POST, and nothing else about runs');

    writeWorkspaceFile('credits.cargo-run.json', { workflowUuid: tool(), data: { name: 'Broke Co', __simError: 'notEnoughCredits' } });
    await s.wb.openFile('credits.cargo-run.json');
    since = Date.now();
    await s.wb.clickCodeLens('Run in Cargo');
    const credits = await s.wb.waitForNotification(/^Not enough credits/);
    assert.equal(credits.severity, 'error');
    await s.wb.screenshot('run file - not enough credits');
    await sleep(1_500);
    assert.deepEqual(runRequests(since), ['POST /v1/orchestration/runs'], 'one POST, and nothing else about runs');
  });
});
