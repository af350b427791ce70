// What a person sees of the Cargo extension in a real VS Code (code-server 1.100 in Chromium), against
// the Cargo API simulator. One session for the file; tests run in order and build on each other.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useSession, waitFor } from './harness';

describe('Cargo in VS Code', { timeout: 300_000 }, () => {
  // A short request timeout, so the sign-in check against a server that never answers ends soon.
  const s = useSession({ settings: { 'cargo.requestTimeoutSeconds': 2 } });

  /** Opens "Cargo: Sign In" once its prompt names `baseUrl` (a settings change takes a moment to arrive). */
  const openSignInFor = (baseUrl: string) =>
    waitFor(
      `the sign-in box for ${baseUrl}`,
      async () => {
        if (await s.wb.quickInput().isVisible()) await s.wb.page.keyboard.press('Escape');
        await s.wb.runCommand('Cargo: Sign In');
        const box = await s.wb.waitForInputBox('Cargo: Sign In');
        return box.message.includes(`sent only to ${baseUrl}.`) ? box : undefined;
      },
      30_000,
      500,
    );

  test('the Cargo container is in the activity bar and shows the Runs view', async () => {
    await s.wb.activityBarItem('Cargo').waitFor();
    const view = await s.wb.openView('Runs');
    assert.ok(await view.isVisible());
    assert.equal((await s.wb.page.locator('.part.sidebar .title-label h2').textContent())?.trim(), 'Cargo: Runs');
  });

  test('without a token the Runs view welcomes with a Sign In button', async () => {
    const view = await s.wb.openView('Runs');
    const text = await s.wb.waitForWelcome(view, "Sign in to Cargo to see your workflows' batches");
    assert.match(text, /^Sign in to Cargo to see your workflows' batches/);
    assert.ok(await view.locator('.welcome-view-content .monaco-button', { hasText: 'Sign In' }).isVisible());
  });

  test('"Cargo: Show Log" opens the Output panel on the Cargo log', async () => {
    await s.wb.runCommand('Cargo: Show Log');
    const output = await s.wb.waitForOutput('Cargo');
    assert.equal(output.channel, 'Cargo');
  });

  test('a wrong token keeps the input box open with the reason and the typed value', async () => {
    await s.wb.runCommand('Cargo: Sign In');
    const box = await s.wb.waitForInputBox('Cargo: Sign In');
    assert.equal(box.placeholder, 'Paste your Cargo API token');
    assert.equal(box.password, true);
    await s.wb.answerInputBox('not-the-token');
    const failed = await s.wb.waitForInputBoxValidation();
    assert.equal(failed.severity, 'error');
    assert.match(failed.message, /rejected this token/);
    assert.equal(failed.value, 'not-the-token');
    assert.equal(failed.title, 'Cargo: Sign In');
  });

  test('a token with a space in it is refused before any request, saying what is wrong with what was pasted', async () => {
    assert.ok(s.sim);
    s.sim.clearRequests();
    await s.wb.answerInputBox('sk_live abc123', 'Cargo: Sign In');
    const box = await s.wb.inputBoxSaying(/has a space in it/);
    await s.wb.screenshot('sign-in - a token with a space');
    assert.doesNotMatch(box.message, /rejected/i, 'Cargo never saw it');
    assert.equal(box.severity, 'error');
    assert.equal(box.value, 'sk_live abc123', 'what was pasted stays');
    assert.deepEqual(
      s.sim.requests.filter((r) => r.path.startsWith('/v1/')),
      [],
      'no request was made',
    );
  });

  test('a server that never answers: the check gives up once, after the timeout, and says so', async () => {
    assert.ok(s.sim);
    s.sim.clearRequests();
    s.sim.addFault({ fault: { kind: 'hang' }, path: '/batches/list' });
    try {
      await s.wb.answerInputBox(s.sim.token, 'Cargo: Sign In');
      const started = Date.now();
      const box = await s.wb.inputBoxSaying(/did not answer/);
      const elapsed = Date.now() - started;
      assert.match(box.message, /within 2 s/);
      assert.ok(elapsed < 6_000, `the box said so after ${elapsed} ms (timeout 2 s)`);
      assert.equal(s.sim.requests.filter((r) => r.path.endsWith('/batches/list')).length, 1, 'one attempt, not retried');
    } finally {
      s.sim.clearFaults();
    }
  });

  test('an API base URL without the version path: the 404 says to add /v1', async () => {
    assert.ok(s.sim);
    await s.updateUserSettings({ 'cargo.apiBaseUrl': s.sim.origin });
    try {
      await openSignInFor(s.sim.origin);
      await s.wb.answerInputBox(s.sim.token, 'Cargo: Sign In');
      const box = await s.wb.inputBoxSaying(/404/);
      assert.match(box.message, /\/v1/, `the message hints at the version path: ${box.message}`);
      await s.wb.screenshot('sign-in - a 404 hints at the version path');
    } finally {
      await s.updateUserSettings({ 'cargo.apiBaseUrl': s.sim.url });
    }
    await openSignInFor(s.sim.url);
  });

  test('the right token signs in: notification, and the batches appear', async () => {
    assert.ok(s.sim);
    s.sim.clearRequests();
    await s.wb.answerInputBox(s.sim.token, 'Cargo: Sign In');
    await s.wb.waitForInputBoxClosed();
    const note = await s.wb.waitForNotification('Signed in to Cargo.');
    assert.equal(note.severity, 'info');
    const view = await s.wb.openView('Runs');
    await s.wb.waitForTreeItem(view, / · /);
    const checks = s.sim.requests.filter((r) => r.path.startsWith('/v1/'));
    assert.ok(checks.length >= 1, 'the token was checked against the simulator');
    const center = await s.wb.notifications({ center: true });
    assert.ok(
      center.some((n) => n.message === 'Signed in to Cargo.'),
      'the notification center keeps it',
    );
    await s.wb.page.keyboard.press('Escape');
  });

  test('the log records the sign-in and never the token', async () => {
    // The extension host writes the log file a little after the fact.
    const log = await waitFor(
      'the sign-in in the Cargo log',
      () => {
        const text = s.extensionLog('Cargo');
        return /Signed in to http:\/\/127\.0\.0\.1:\d+\/v1/.test(text) ? text : undefined;
      },
      10_000,
    );
    assert.match(log, /Sign-in failed: Cargo rejected this token/);
    assert.doesNotMatch(log, /dev-token|not-the-token/);
  });

  test('the token survives a reload of the window (secret storage)', async () => {
    await s.wb.reload();
    const view = await s.wb.openView('Runs');
    await s.wb.waitForTreeItem(view, / · /, 30_000);
    assert.equal(await s.wb.welcomeText(view), '', 'no welcome content once signed in');
  });
});
