// `npm run demo` as a person meets it, in a real VS Code: what test/e2e/harness/demo.ts starts (the same
// as scripts/demo.mjs), opened in Chromium. It opens on the Cargo view beside "Try this", the Sign In box
// shows the token to type, batches still run minutes later, and the failing run file fails where Try
// this says. Tests run in order and build on each other. (Its data, hostile strings only with --hostile
// included, is test/simulator/tests/demoWorld.test.ts.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { DEMO_EXTENSION, launchBrowser, REPO_ROOT, startDemo, TEST_RESULTS_DIR, waitFor, Workbench, type Browser, type Demo } from './harness';

describe('Demo', { timeout: 300_000 }, () => {
  let demo: Demo;
  let browser: Browser;
  let wb: Workbench;

  before(
    async () => {
      // The demo's own build of the extension, as `npm run demo` makes it (dist/ stays the production build).
      const built = spawnSync(process.execPath, ['esbuild.mjs', '--demo'], { cwd: REPO_ROOT, encoding: 'utf8' });
      assert.equal(built.status, 0, built.stderr);
      demo = await startDemo();
      browser = await launchBrowser();
      wb = new Workbench(browser.page, demo.server.workbenchUrl());
      await wb.open();
    },
    { timeout: 120_000 },
  );
  afterEach(async (t) => {
    await wb?.screenshot(`demo - ${t.name}`).catch((error: unknown) => console.error(`[e2e] screenshot failed: ${String(error)}`));
  });
  after(async () => {
    if (demo) {
      mkdirSync(join(TEST_RESULTS_DIR, 'logs'), { recursive: true });
      writeFileSync(join(TEST_RESULTS_DIR, 'logs', 'demo.code-server.log'), demo.server.output());
    }
    await browser?.close();
    await demo?.close();
  });

  const runsView = () => wb.viewPane('Runs', wb.viewContainer('cargo'));

  test('opens on the Cargo view, signed out, with "Try this" beside it and nothing of the tests', async () => {
    // Nobody clicks anything: the window opens this way.
    await waitFor('the Cargo view in front', async () => ((await wb.viewContainer('cargo').isVisible()) ? true : undefined), 60_000);
    assert.equal(await wb.viewContainer('workbench.view.explorer').isVisible(), false);
    await wb.waitForWelcome(runsView(), "Sign in to Cargo to see your workflows' batches");
    const tryThis = await wb.waitForWebviewText(/Try this[\s\S]*enrich-lead-fails\.cargo-run\.json[\s\S]*__simFailAt/);
    assert.doesNotMatch(tryThis, /\btests?\b|fixture/i);
    assert.ok(await wb.page.locator('.tabs-container .tab', { hasText: 'README.md' }).isVisible());
  });

  test('Sign In shows the demo token where it is typed; typing it signs in', async () => {
    await runsView().locator('.welcome-view-content .monaco-button', { hasText: 'Sign In' }).click();
    const box = await wb.waitForInputBox('Cargo: Sign In');
    assert.equal(box.placeholder, `Demo: type ${demo.sim.token}`);
    assert.match(box.message, new RegExp(`takes the token ${demo.sim.token}\\.`));
    assert.equal(box.password, true);
    await wb.answerInputBox(demo.sim.token, 'Cargo: Sign In');
    await wb.waitForInputBoxClosed();
    await wb.waitForTreeItem(runsView(), / · .+ ago$|just now$/);
  });

  test('five minutes on, batches are still running', async () => {
    // Started after this machine's clock (the simulator's runs 5 minutes ahead now): "in 4 min 53 s", "just now".
    const recent = (label: string) => / · (in .+|just now|\d+ s ago)$/.test(label);
    const before = (await wb.treeItems(runsView())).filter((item) => recent(item.label)).length;
    demo.sim.advanceTime(5 * 60_000);
    await wb.runCommand('Cargo: Refresh');
    // The batches started in those 5 minutes are listed, and some are still going: their rows count what is done.
    await waitFor(
      'the batches of the last 5 minutes, some running',
      async () => {
        const items = (await wb.treeItems(runsView())).filter((item) => recent(item.label));
        return items.length >= before + 10 && items.some((item) => /% done/.test(item.description)) ? true : undefined;
      },
      30_000,
    );
  });

  test('the failing run file of Try this fails at its node, on the key the error names', async () => {
    await wb.openFile('enrich-lead-fails.cargo-run.json');
    await wb.runCommand('Cargo: Run in Cargo');
    const problem = await wb.waitForProblem("clearbit_enrich: Clearbit: no company found for domain 'hopper-labs.io'", 60_000);
    assert.equal(problem.file, 'enrich-lead-fails.cargo-run.json');
    const text = readFileSync(join(demo.server.workspace, problem.file), 'utf8').split('\n');
    assert.match(text[(problem.line ?? 0) - 1] ?? '', /^\s*"domain":/);
  });

  test('no build a user installs reads the demo token: only the demo build does', () => {
    for (const bundle of ['extension.js', 'features.js']) {
      const production = join(REPO_ROOT, 'dist', bundle);
      assert.ok(existsSync(production), `${production}: build it first (node esbuild.mjs --production)`);
      assert.equal(readFileSync(production, 'utf8').includes('CARGO_DEMO_TOKEN'), false, `dist/${bundle}`);
    }
    assert.ok(readFileSync(join(DEMO_EXTENSION, 'dist', 'features.js'), 'utf8').includes('CARGO_DEMO_TOKEN'));
  });
});
