// The walkthrough "Get Started with Cargo Runs" in a real VS Code against the simulator: opened from
// the palette (Welcome: Open Walkthrough…), each of its steps ticks itself off in the Getting Started
// page once the user has done what it says, and not before: sign in (from the step's own button),
// browse a batch, open a failed run (a succeeded one does not count), run a file, see its failure in
// Problems.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT, useSession, waitFor, simulatorOf, simulatorClient } from './harness';
import { present } from '../../src/explorer/presentation';
import { fetchWorkflowNames } from '../../src/runs/workflowNames';

interface WalkthroughManifest {
  readonly publisher: string;
  readonly name: string;
  readonly contributes: {
    readonly walkthroughs: readonly { readonly id: string; readonly title: string; readonly steps: readonly { id: string; title: string }[] }[];
  };
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as WalkthroughManifest;
const walkthrough = ((): WalkthroughManifest['contributes']['walkthroughs'][number] => {
  const [first] = manifest.contributes.walkthroughs;
  if (!first) throw new Error('the manifest has no walkthrough');
  return first;
})();
const STEP_IDS = ['signIn', 'browseBatch', 'openFailedRun', 'runFile', 'seeFailure'] as const;
type StepId = (typeof STEP_IDS)[number];

describe('Walkthrough', { timeout: 600_000 }, () => {
  const s = useSession({
    simulator: { seed: 1, token: 'dev-token', stepMs: 300 },
    settings: { 'cargo.autoRefreshIntervalSeconds': 2 },
    viewport: { width: 1400, height: 1000 },
  });
  const sim = () => simulatorOf(s);
  const client = () => simulatorClient(s);
  /** VS Code names a step of an extension's walkthrough `<publisher>.<name>#<walkthrough>#<step>`. */
  const fullStepId = (step: StepId) => `${manifest.publisher}.${manifest.name}#${walkthrough.id}#${step}`;
  const stepTitle = (step: StepId) => walkthrough.steps.find((candidate) => candidate.id === step)?.title ?? step;
  /** The step's row in the Getting Started page. */
  const stepRow = (step: StepId) => s.wb.page.locator(`.getting-started-step[data-step-id="${fullStepId(step)}"]`);
  /** The step's checkbox (a codicon): aria-checked "true" once VS Code counts the step done. */
  const stepChecked = async (step: StepId) => (await s.wb.page.locator(`[data-done-step-id="${fullStepId(step)}"]`).getAttribute('aria-checked')) === 'true';

  /** Brings the walkthrough to the front as a person would: the palette's "Welcome: Open Walkthrough…", then its title. */
  async function openWalkthrough(): Promise<void> {
    await s.wb.runCommand('Welcome: Open Walkthrough...');
    await s.wb.pickQuickItem(walkthrough.title, walkthrough.title);
    await stepRow('signIn').waitFor();
  }

  /** Which steps the page shows done, in order. */
  async function doneSteps(): Promise<StepId[]> {
    const done: StepId[] = [];
    for (const step of STEP_IDS) if (await stepChecked(step)) done.push(step);
    return done;
  }

  /** Opens the walkthrough and waits until the page shows `step` done; the steps done then. */
  async function waitForStepDone(step: StepId): Promise<StepId[]> {
    await openWalkthrough();
    await waitFor(`the step "${stepTitle(step)}" shown done`, async () => ((await stepChecked(step)) ? true : undefined), 20_000);
    return doneSteps();
  }

  /** Opens a run's panel from the Runs view: its batch expanded, its row clicked; resolves once the panel shows `shows`. */
  async function openRunFromTree(runUuid: string, shows: RegExp): Promise<void> {
    const view = await s.wb.openView('Runs');
    const { run } = await client().getRun(runUuid);
    assert.ok(run.batchUuid);
    const batch = await client().getBatch(run.batchUuid);
    const workflowName = (await fetchWorkflowNames(client())).get(batch.workflowUuid);
    const batchLabel = present({ kind: 'batch', id: `batch:${batch.uuid}`, parent: undefined, batch, runs: undefined as never, workflowName }).label;
    const withoutTime = (label: string) => label.split(' · ').slice(0, -1).join(' · ');
    const description = present({ kind: 'batch', id: `batch:${batch.uuid}`, parent: undefined, batch, runs: undefined as never, workflowName }).description;
    const row = await waitFor(
      'the batch of the run',
      async () =>
        (await s.wb.treeItems(view)).find(
          (item) => item.level === 1 && withoutTime(item.label) === withoutTime(batchLabel) && item.description === description,
        ),
      30_000,
    );
    if (!row.expanded) await s.wb.expand(view, row.label);
    const runLabel = present({ kind: 'run', id: `run:${run.uuid}`, parent: undefined as never, run, executions: undefined as never } as never).label;
    await s.wb.waitForTreeItem(view, runLabel, 20_000);
    await s.wb.treeItem(view, runLabel).click();
    await s.wb.waitForWebviewText(shows);
  }

  test('opens from "Welcome: Open Walkthrough…" with its five steps and pictures, none done', async () => {
    await openWalkthrough();
    const titles = await s.wb.page.locator('.getting-started-step .step-title').allInnerTexts();
    assert.deepEqual(
      titles.map((title) => title.trim()),
      STEP_IDS.map(stepTitle),
    );
    assert.deepEqual(await doneSteps(), [], 'nothing done before the user has done it');
    // Each step shows its picture: the SVG is drawn in the page's media webview.
    await stepRow('browseBatch').click();
    await s.wb.waitForWebviewText(/Enrich lead · 2 min ago/);
    await s.wb.screenshot('walkthrough - opened, browse a batch selected');
  });

  test('"Sign in to Cargo": its Sign In button asks for the token, and signing in ticks it off', async () => {
    await openWalkthrough();
    await stepRow('signIn').click();
    await stepRow('signIn').locator('.monaco-button', { hasText: 'Sign In' }).first().click();
    await s.wb.answerInputBox(sim().token, 'Cargo: Sign In');
    await s.wb.waitForInputBoxClosed();
    assert.deepEqual(await waitForStepDone('signIn'), ['signIn']);
    await s.wb.screenshot('walkthrough - signed in');
  });

  test('"Browse a batch": its button shows the Runs view; expanding a batch ticks it off', async () => {
    await openWalkthrough();
    await stepRow('browseBatch').click();
    await stepRow('browseBatch').locator('.monaco-button', { hasText: 'Show the Runs View' }).first().click();
    const view = s.wb.viewPane('Runs');
    const batch = await s.wb.waitForTreeItem(view, / · .+ ago$/, 30_000);
    assert.equal(await stepChecked('browseBatch'), false, 'showing the view alone does not count');
    await s.wb.expand(view, batch.label);
    assert.deepEqual(await waitForStepDone('browseBatch'), ['signIn', 'browseBatch']);
    await s.wb.screenshot('walkthrough - batch browsed');
  });

  test('"Open a failed run": a succeeded run\'s panel does not count; a failed run\'s panel ticks it off', async () => {
    await openRunFromTree(sim().fixtures.runs.succeeded, /\bsuccess\b/);
    await openWalkthrough();
    assert.equal(await stepChecked('openFailedRun'), false, 'a panel of a run that succeeded');
    await openRunFromTree(sim().fixtures.runs.failed, /Failed/);
    assert.deepEqual(await waitForStepDone('openFailedRun'), ['signIn', 'browseBatch', 'openFailedRun']);
    await s.wb.screenshot('walkthrough - failed run opened');
    await s.wb.runCommand('View: Close All Editors');
  });

  test('"Run a file" ticks off when a file is run from its CodeLens; "See a failure in Problems" when its failure is in Problems', async () => {
    const data = {
      name: 'Walk Co',
      email: 'ada@walk.example',
      domain: 'walk.example',
      __simFailAt: 'clearbit_enrich',
      __simFailWith: 'noCompany',
      __simStepMs: 200,
    };
    writeFileSync(
      join(s.server.workspace, 'walkthrough.cargo-run.json'),
      `${JSON.stringify({ workflowUuid: sim().fixtures.workflows.tool, data }, null, 2)}\n`,
    );
    await s.wb.openFile('walkthrough.cargo-run.json');
    await s.wb.clickCodeLens('Run in Cargo');
    assert.deepEqual((await waitForStepDone('runFile')).slice(0, 4), ['signIn', 'browseBatch', 'openFailedRun', 'runFile']);
    await waitFor(
      'the failure in the Problems panel',
      async () => {
        const found = (await s.wb.problems()).filter((p) => p.file === 'walkthrough.cargo-run.json' && p.source.includes('Cargo'));
        return found.length > 0 ? found : undefined;
      },
      60_000,
    );
    await s.wb.screenshot('walkthrough - failure in Problems');
    assert.deepEqual(await waitForStepDone('seeFailure'), [...STEP_IDS]);
    // The whole list in view for the picture.
    await s.wb.runCommand('View: Hide Panel');
    await s.wb.runCommand('View: Close Other Editors in Group');
    await s.wb.runCommand('View: Close Editors in Other Groups');
    await s.wb.screenshot('walkthrough - all done');
  });
});
