// Expressions beside their values, in a real VS Code against the simulator: the run panel of a
// successful Qualify lead run whose enrich.domain came out empty marks that field with its expression
// and says so at the top; a run of a file with an empty website gets one warning on "website" (its
// hover naming the expression and the node), and a run with a website none.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runPanels, runPanelSession, signIn, simulatorClient, simulatorOf, useSession, waitFor } from './harness';

describe('Expressions beside their values', { timeout: 600_000 }, () => {
  const s = useSession(runPanelSession());
  const sim = () => simulatorOf(s);
  const { panelFrame, openRunByUuid, closeEditors, requestsFor } = runPanels(s);
  const cargoProblems = async (file: string) => (await s.wb.problems()).filter((p) => p.file === file && p.source.includes('Cargo'));
  const writeRunFile = (name: string, data: Record<string, unknown>) =>
    writeFileSync(join(s.server.workspace, name), `${JSON.stringify({ workflowUuid: sim().fixtures.workflows.qualifyLead, data }, null, 2)}\n`);

  test('signed in', async () => {
    await s.wb.openView('Runs');
    await signIn(s.wb, sim().token);
  });

  test('the emptyExpression run: enrich’s domain marked Empty with its expression, "1 expression came out empty" at the top, leading to it; its release asked once', async () => {
    const since = Date.now();
    await openRunByUuid(sim().fixtures.runs.emptyExpression);
    const frame = await panelFrame('1 expression came out empty');
    const empty = frame.locator('.expression-field.empty');
    await empty.first().waitFor({ timeout: 30_000 });
    assert.equal(await empty.count(), 1, 'one field marked');
    const field = await empty.innerText();
    assert.match(field, /domain/);
    assert.match(field, /\{\{nodes\.start\.website\}\}/);
    assert.match(field, /Produced ""/);
    assert.match(field, /Empty/, 'marked in words, not by colour alone');
    const node = await empty.locator('xpath=ancestor::div[contains(@class, "expression-node")]').locator('h3').innerText();
    assert.equal(node, 'Enrich company (enrich)');
    // The branch is_qualified took, as the run says (its execution's nodeChildIndex), and only it: the other nodes have one way on.
    const { run } = await simulatorClient(s).getRun(sim().fixtures.runs.emptyExpression);
    const taken = run.executions.find((execution) => execution.nodeSlug === 'is_qualified')?.nodeChildIndex ?? -1;
    const branches = await frame.locator('.branch-taken').allInnerTexts();
    assert.deepEqual(branches, [`Took branch ${taken + 1} of 2: to ${taken === 0 ? 'Notify sales (notify_sales)' : 'Ask for review (review_lead)'}`]);
    assert.equal((await frame.locator('.expressions-notice').innerText()).trim().split('\n')[0], '⚠ 1 expression came out empty.');
    await s.wb.screenshot('expressions - the count at the top of the panel');
    await frame.locator('.expressions-notice button', { hasText: 'Show the First' }).click();
    await waitFor(
      'the empty field focused',
      async () => ((await frame.evaluate(() => document.activeElement?.classList.contains('empty') ?? false)) ? true : undefined),
      10_000,
    );
    await s.wb.screenshot('expressions - empty expression panel (light)');
    assert.equal(requestsFor(since, '/releases/').length, 1, 'the release asked once');
  });

  test('the allExpressions run: no empty expression, nothing said at the top; the same release not asked again; dark theme', async () => {
    await closeEditors();
    const since = Date.now();
    await s.wb.runCommand('Preferences: Color Theme');
    await s.wb.answerInputBox('Dark Modern');
    await openRunByUuid(sim().fixtures.runs.allExpressions);
    const frame = await panelFrame(/Expressions/);
    await frame.locator('.expression-field').first().waitFor({ timeout: 30_000 });
    await waitFor('the dark theme', async () => ((await frame.evaluate(() => document.body.classList.contains('vscode-dark'))) ? true : undefined), 20_000);
    assert.equal(await frame.locator('.expression-field.empty').count(), 0);
    assert.equal(await frame.locator('.expressions-notice').count(), 0);
    await s.wb.screenshot('expressions - all expressions panel (dark)');
    assert.equal(requestsFor(since, '/releases/').length, 0, 'the release was cached');
    await s.wb.runCommand('Preferences: Color Theme');
    await s.wb.answerInputBox('Light Modern');
    // Away from where the theme was picked: a hover on the next quick input would cover its rows.
    await s.wb.page.mouse.move(0, 0);
    await closeEditors();
  });

  test('a run of a file with an empty website: one warning on "website", its hover with the expression and the node; a run with a website: none', async () => {
    writeRunFile('no-website.cargo-run.json', { website: '', company: 'Acme', email: 'ada@acme.example', __simStepMs: 200 });
    await s.wb.openFile('no-website.cargo-run.json');
    await s.wb.clickCodeLens('Run in Cargo');
    const [problem] = await waitFor(
      'the warning in the Problems panel',
      async () => {
        const found = await cargoProblems('no-website.cargo-run.json');
        return found.length > 0 ? found : undefined;
      },
      90_000,
    );
    assert.equal((await cargoProblems('no-website.cargo-run.json')).length, 1, 'exactly one');
    assert.equal(problem?.severity, 'warning');
    assert.equal(problem?.line, 4, 'on the "website" key');
    assert.equal(problem?.column, 5);
    assert.match(
      problem?.message ?? '',
      /^An expression that read "website" came out empty: Enrich company \(enrich\) › domain = \{\{nodes\.start\.website\}\}/,
    );
    await s.wb.screenshot('expressions - warning in the Problems panel');

    await s.wb.runCommand('View: Focus Active Editor Group');
    await s.wb.runCommand('Go to Line/Column...');
    await s.wb.page.keyboard.type(':4:7');
    await s.wb.page.keyboard.press('Enter');
    await s.wb.runCommand('Show or Focus Hover');
    const hover = await waitFor(
      'the hover',
      async () => {
        const texts = await s.wb.page.locator('.monaco-hover').evaluateAll((hovers) => hovers.map((h) => h.textContent ?? ''));
        return texts.find((text) => /came out empty/.test(text) && /Produced/.test(text));
      },
      20_000,
    );
    assert.match(hover, /An expression that read "website" came out empty/);
    assert.match(hover, /Enrich company \(enrich\) › domain/);
    assert.match(hover, /\{\{nodes\.start\.website\}\}/);
    assert.match(hover, /Open Run/);
    await s.wb.screenshot('expressions - warning hover');
    await s.wb.page.keyboard.press('Escape');

    // An edit elsewhere in the file keeps the warning; an edit of the website clears it.
    await s.wb.runCommand('View: Focus First Editor Group');
    await s.wb.runCommand('Go to Line/Column...');
    await s.wb.page.keyboard.type(':5:21');
    await s.wb.page.keyboard.press('Enter');
    await s.wb.page.keyboard.type(' Inc');
    assert.equal((await cargoProblems('no-website.cargo-run.json')).length, 1, 'an edit elsewhere keeps it');
    await s.wb.runCommand('Go to Line/Column...');
    await s.wb.page.keyboard.type(':4:17');
    await s.wb.page.keyboard.press('Enter');
    await s.wb.page.keyboard.type('acme.example');
    await waitFor('the warning cleared by the edit', async () => ((await cargoProblems('no-website.cargo-run.json')).length === 0 ? true : undefined), 20_000);
    await s.wb.screenshot('expressions - warning cleared by an edit of the website');

    writeRunFile('with-website.cargo-run.json', { website: 'acme.example', company: 'Acme', email: 'ada@acme.example', __simStepMs: 200 });
    await s.wb.openFile('with-website.cargo-run.json');
    await s.wb.clickCodeLens('Run in Cargo');
    await s.wb.waitForCodeLens(/^last run: success, /, 90_000);
    assert.deepEqual(await cargoProblems('with-website.cargo-run.json'), [], 'no warning');
  });
});
