// `npm run screenshots`: the README's pictures (media/readme/*.png), captured from the real workbench
// (code-server in Chromium, through the e2e harness) against the simulator. Each picture is reached the
// way the e2e tests reach that state; the simulator's seed and a fixed window make them come out the same
// each time, and the simulator's clock is stopped while a running run is photographed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { CargoClient } from '../../src/api';
import { present } from '../../src/explorer/presentation';
import { fetchWorkflowNames } from '../../src/runs/workflowNames';
import { REPO_ROOT, selectBatchRow, signIn, startSession, waitFor, type Session } from '../e2e/harness';
import { README_SCREENSHOTS, type ReadmeScreenshot } from './files';

const VIEWPORT = { width: 1280, height: 800 };
const OUT_DIR = join(REPO_ROOT, 'media', 'readme');

type Clip = { x: number; y: number; width: number; height: number };

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const s = await startSession({
    simulator: { seed: 1, token: 'dev-token', stepMs: 300 },
    // Runs started from a file leave the editor alone (the status bar counts them), so the file and its problem stay in view.
    settings: { 'cargo.afterStartingRun': 'nothing', 'cargo.autoRefreshIntervalSeconds': 2, 'editor.minimap.enabled': false },
    viewport: VIEWPORT,
  });
  try {
    const sim = s.sim;
    if (!sim) throw new Error('no simulator');
    const client = new CargoClient({ baseUrl: sim.url, token: sim.token });
    const runsView = await s.wb.openView('Runs');
    await signIn(s.wb, sim.token);
    await waitFor('batch rows', async () => ((await s.wb.treeItems(runsView)).length > 5 ? true : undefined), 30_000);

    const shown = await captureRunsView(s, client, runsView);
    await captureRunPanel(s, runsView, shown);
    await captureRunFile(s);
    await captureProblemsHover(s);
    await captureShowFailures(s, client);
    await captureInsideRun(s);
  } finally {
    s.saveLogs('readme-screenshots');
    await s.close();
  }
}

/** The batch of the simulator's failed run expanded to its runs, and its first failed run to its node executions. */
async function captureRunsView(s: Session, client: CargoClient, view: Locator): Promise<{ batchLabel: string; runLabel: string; runUuid: string }> {
  const sim = s.sim!;
  const { run: fixture } = await client.getRun(sim.fixtures.runs.failed);
  if (!fixture.batchUuid) throw new Error('the failed fixture run has no batch');
  const batch = await client.getBatch(fixture.batchUuid);
  const workflowName = (await fetchWorkflowNames(client)).get(batch.workflowUuid);
  const batchRow = present({ kind: 'batch', id: `batch:${batch.uuid}`, parent: undefined, batch, runs: undefined as never, workflowName });
  const kind = withoutTime(batchRow.label);
  const shown = await waitFor(
    'the batch of the failed run',
    async () => (await s.wb.treeItems(view)).find((item) => item.level === 1 && withoutTime(item.label) === kind && item.description === batchRow.description),
    30_000,
  );
  await s.wb.expand(view, shown.label);
  // The first failed run the batch lists (as the tree lists them, newest first), so that its executions show near the top.
  const [run] = (await client.listRuns({ batchUuid: batch.uuid, statuses: ['error'], limit: 1 })).runs;
  if (!run) throw new Error('the batch has no failed run');
  const runLabel = present({ kind: 'run', id: `run:${run.uuid}`, parent: undefined as never, run, executions: undefined as never } as never).label;
  await s.wb.waitForTreeItem(view, runLabel, 20_000);
  await s.wb.expand(view, runLabel);
  await waitFor('the executions', async () => ((await s.wb.treeItems(view)).some((item) => item.level === 3) ? true : undefined), 20_000);
  // Wide enough for the rows' counters and the failed execution's error; narrower again for the pictures with an editor.
  await widenSideBar(s, 600);
  await settle(s);
  await save(s, 'runsView', await sideBarClip(s));
  await widenSideBar(s, 440);
  return { batchLabel: shown.label, runLabel, runUuid: run.uuid };
}

/** The failed run's panel, opened from its row, its failed execution's context open (the failed node marked in Context and Computed configs). */
async function captureRunPanel(s: Session, view: Locator, shown: { batchLabel: string; runLabel: string; runUuid: string }): Promise<void> {
  const sim = s.sim!;
  const details = await new CargoClient({ baseUrl: sim.url, token: sim.token }).getRun(shown.runUuid);
  const failed = details.run.executions.find((execution) => execution.status.known === 'error');
  const firstErrorLine = failed?.errorMessage?.split('\n')[0] ?? '';
  await s.wb.treeItem(view, shown.runLabel).locator('.label-name').click();
  const frame = await s.wb.webviewFrame(firstErrorLine || /Computed configs/);
  await frame.locator('li.execution.failed .execution-jump').first().click();
  if (failed && failed.nodeSlug in details.runContext) {
    await waitFor(
      'the context of the failed node rendered',
      async () => ((await frame.locator('section.context details.node-json[open] .json-children').count()) > 0 ? true : undefined),
      10_000,
    );
  }
  // Back to the top: the header, then the executions and the sections below them.
  await frame.evaluate(() => window.scrollTo(0, 0));
  await settle(s);
  await save(s, 'runPanel');
  await s.wb.runCommand('View: Close All Editors');
  await s.wb.collapse(view, shown.batchLabel);
}

/**
 * A run file with its CodeLens, run from it, and the status bar following the run (its tooltip showing).
 * The simulator's clock stands still from before the click, so the run is still going when photographed.
 */
async function captureRunFile(s: Session): Promise<void> {
  const sim = s.sim!;
  writeWorkspaceFile(s, 'enrich-lead.cargo-run.json', {
    workflowUuid: sim.fixtures.workflows.tool,
    data: {
      email: 'ada@acme.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: 'Acme Corp',
      domain: 'acme.com',
      hubspotCompanyId: '4242',
      hubspotContactId: '9001',
    },
  });
  await s.wb.openFile('enrich-lead.cargo-run.json');
  await s.wb.waitForCodeLens(/^Run in Cargo/);
  sim.freezeTime();
  try {
    await s.wb.clickCodeLens(/^Run in Cargo/);
    await waitFor('the status bar to count the run', async () => (await s.wb.statusBarTexts()).find((text) => /\b1 Cargo run\b/.test(text)), 20_000);
    // On to its first steps, a little at a time, until the extension has seen it running.
    let movedAt = 0;
    await waitFor(
      'the run going',
      async () => {
        if ((await s.wb.codeLenses()).some((lens) => /last run: running/.test(lens))) return true;
        if (Date.now() - movedAt > 3_000) {
          sim.advanceTime(400);
          movedAt = Date.now();
        }
        return undefined;
      },
      60_000,
      250,
    );
    await settle(s);
    await s.wb.page.locator('.part.statusbar .statusbar-item', { hasText: '1 Cargo run' }).first().hover();
    await s.wb.page.locator('.workbench-hover, .monaco-hover:not(.hidden)').filter({ visible: true }).last().waitFor({ state: 'visible', timeout: 10_000 });
    await save(s, 'runFile');
  } finally {
    sim.resumeTime();
  }
  await s.wb.page.mouse.move(VIEWPORT.width / 2, VIEWPORT.height / 2);
  await s.wb.page.keyboard.press('Escape');
}

/** A run of a file that failed: its problem in the Problems panel and its hover over the JSON key it names. */
async function captureProblemsHover(s: Session): Promise<void> {
  const sim = s.sim!;
  await s.wb.runCommand('View: Close All Editors');
  // The editor and the Problems panel have the window: the message and the hover in full.
  await s.wb.runCommand('View: Close Primary Side Bar');
  // As the demo's failing run file (demo/workspace): the simulator fails it at clearbit_enrich, Clearbit finding no company.
  const data = {
    email: 'grace@hopper-labs.io',
    firstName: 'Grace',
    lastName: 'Hopper',
    domain: 'hopper-labs.io',
    hubspotCompanyId: '5150',
    hubspotContactId: '9002',
    __simFailAt: 'clearbit_enrich',
    __simFailWith: 'noCompany',
  };
  writeWorkspaceFile(s, 'enrich-lead-fails.cargo-run.json', { workflowUuid: sim.fixtures.workflows.tool, data });
  await s.wb.openFile('enrich-lead-fails.cargo-run.json');
  await s.wb.clickCodeLens('Run in Cargo');
  const problem = await waitFor(
    'the failure in the Problems panel',
    async () => (await s.wb.problems()).find((p) => p.file === 'enrich-lead-fails.cargo-run.json' && p.source.includes('Cargo')),
    60_000,
  );
  await s.wb.runCommand('Notifications: Clear All Notifications');
  await s.wb.runCommand('View: Focus Active Editor Group');
  await s.wb.runCommand('Go to Line/Column...');
  await s.wb.page.keyboard.type(`:${problem.line ?? 6}:${(problem.column ?? 5) + 2}`);
  await s.wb.page.keyboard.press('Enter');
  await s.wb.runCommand('Show or Focus Hover');
  await s.wb.page.locator('.monaco-hover').filter({ hasText: 'Computed config' }).first().waitFor({ state: 'visible' });
  await save(s, 'problemsHover');
  await s.wb.page.keyboard.press('Escape');
  await s.wb.runCommand('View: Close All Editors');
  await s.wb.runCommand('View: Hide Panel');
  await s.wb.openView('Runs');
}

/** The Failures view after Show Failures on the batch of 1,000 runs, its largest cause expanded. */
async function captureShowFailures(s: Session, client: CargoClient): Promise<void> {
  const sim = s.sim!;
  const runsView = await s.wb.openView('Runs');
  await selectBatchRow(s.wb, runsView, client, sim.fixtures.batches.large);
  await s.wb.runCommand('Cargo: Show Failures');
  const view = await s.wb.openView('Failures');
  await waitFor('the report', async () => (await s.wb.treeItems(view)).find((item) => / runs failed/.test(item.description)), 30_000);
  const biggest = sim.failures(sim.fixtures.batches.large).groups[0];
  if (biggest) {
    const label = new RegExp(`^${biggest.count} · `);
    await s.wb.expand(view, label);
    await waitFor('the examples', async () => ((await s.wb.treeItems(view)).some((item) => item.level === 2) ? true : undefined), 10_000);
  }
  // Wide enough for the causes' messages; the Runs view above with the batch selected.
  await widenSideBar(s, 760);
  await settle(s);
  await save(s, 'showFailures', await sideBarClip(s));
}

// ---------------------------------------------------------------- helpers

const withoutTime = (label: string) => label.split(' · ').slice(0, -1).join(' · ');

function writeWorkspaceFile(s: Session, name: string, content: unknown): void {
  writeFileSync(join(s.server.workspace, name), `${JSON.stringify(content, null, 2)}\n`);
}

/** Drags the side bar's edge so it is `width` pixels wide (descriptions of rows show in full). */
/**
 * Inside a run: the emptyExpression run (its tool node started a child run, its enrich node's domain came
 * out empty) opened by uuid, its timeline with the child run nested and its Expressions section in view.
 */
async function captureInsideRun(s: Session): Promise<void> {
  await widenSideBar(s, 300);
  await s.wb.runCommand('Cargo: Open Run, Batch or Workflow…');
  await s.wb.answerInputBox(s.sim!.fixtures.runs.emptyExpression);
  const frame = await s.wb.webviewFrame(/expression came out empty/, 30_000);
  await waitFor('the timeline with the child run', async () => ((await frame.locator('.timeline-item').count()) >= 9 ? true : undefined), 20_000);
  await waitFor('the expressions', async () => ((await frame.locator('text=Expressions').count()) > 0 ? true : undefined), 20_000);
  await frame.evaluate(() => window.scrollTo(0, 0));
  await settle(s);
  await save(s, 'insideRun');
  await s.wb.runCommand('View: Close All Editors');
}

async function widenSideBar(s: Session, width: number): Promise<void> {
  const sideBar = await s.wb.page.locator('.part.sidebar').boundingBox();
  if (!sideBar) return;
  const edge = sideBar.x + sideBar.width;
  const y = sideBar.y + sideBar.height / 2;
  await s.wb.page.mouse.move(edge - 1, y);
  await s.wb.page.mouse.down();
  await s.wb.page.mouse.move(sideBar.x + width, y, { steps: 10 });
  await s.wb.page.mouse.up();
}

/** The activity bar and the side bar, between the title bar and the status bar (the part of the window the Cargo views are in). */
async function sideBarClip(s: Session): Promise<Clip> {
  const sideBar = await s.wb.page.locator('.part.sidebar').boundingBox();
  if (!sideBar) throw new Error('the side bar is not showing');
  return { x: 0, y: Math.round(sideBar.y), width: Math.round(sideBar.x + sideBar.width), height: Math.round(sideBar.height) };
}

/** No pointer over anything and no toast in the way (a toast with progress goes once its work is done). */
async function settle(s: Session): Promise<void> {
  await s.wb.page.mouse.move(VIEWPORT.width - 2, VIEWPORT.height / 2);
  const toasts = s.wb.page.locator('.notifications-toasts .notification-toast');
  await waitFor(
    'no notification showing',
    async () => {
      if ((await toasts.count()) === 0) return true;
      await s.wb.runCommand('Notifications: Clear All Notifications');
      return (await toasts.count()) === 0 ? true : undefined;
    },
    20_000,
    500,
  );
}

async function save(s: Session, which: ReadmeScreenshot, clip?: Clip): Promise<void> {
  const path = join(REPO_ROOT, README_SCREENSHOTS[which]);
  await s.wb.page.screenshot({ path, ...(clip ? { clip } : {}) });
  console.log(`${README_SCREENSHOTS[which]}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
