// Bad input typed into the boxes of a real workbench: each box says what it takes, stays open with
// what was typed, and nothing reaches Cargo (test/unit/badInput.test.ts has every command × every
// kind of bad input against the same judges; this proves the boxes use them while open).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn, useSession } from './harness';

describe('Bad input in the input boxes', { timeout: 300_000 }, () => {
  const s = useSession({});
  const RUN = '3f2c9a1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

  const apiRequests = () => (s.sim?.requests ?? []).filter((r) => r.path.startsWith('/v1/')).map((r) => `${r.method} ${r.path}`);

  /** Types `typed` into the box of `command`, and checks the box refuses it and keeps it, twice. */
  async function refusedAndKept(command: string, title: string, typed: string, says: RegExp): Promise<void> {
    await s.wb.runCommand(command);
    await s.wb.answerInputBox(typed, title);
    const box = await s.wb.inputBoxSaying(says);
    assert.equal(box.severity, 'error');
    assert.equal(box.title, title, 'the same box, still open');
    assert.equal(box.value, typed, 'what was typed stays');
    // Enter again: still refused, still there.
    await s.wb.quickInput().locator('.quick-input-box input').press('Enter');
    const again = await s.wb.inputBoxSaying(says);
    assert.equal(again.value, typed);
    await s.wb.screenshot(`bad input - ${title} - ${typed.slice(0, 12).replace(/[^\w]+/g, '_')}`);
  }

  const CASES = [
    {
      command: 'Cargo: Open Run, Batch or Workflow…',
      title: 'Cargo: Open Run, Batch or Workflow',
      typed: `https://evil.example/runs/${RUN}`,
      says: /links to evil\.example, not to Cargo .*Open takes a run, batch or workflow uuid/,
    },
    { command: 'Cargo: Open Run, Batch or Workflow…', title: 'Cargo: Open Run, Batch or Workflow', typed: `${RUN}/../../etc/passwd`, says: /has a path in it/ },
    { command: 'Cargo: Sign In', title: 'Cargo: Sign In', typed: '../../etc/passwd', says: /looks like a file path, not an API token/ },
    { command: 'Cargo: Sign In', title: 'Cargo: Sign In', typed: `https://evil.example/${RUN}`, says: /web address, not an API token/ },
  ];

  // Signed out first: nothing at all may reach Cargo.
  for (const { command, title, typed, says } of CASES) {
    test(`${command} ${typed}: the box says why, keeps the text, sends nothing`, async () => {
      s.sim?.clearRequests();
      await refusedAndKept(command, title, typed, says);
      assert.deepEqual(apiRequests(), [], 'nothing was sent to Cargo');
      await s.wb.page.keyboard.press('Escape');
      await s.wb.waitForInputBoxClosed();
    });
  }

  test('Filter Runs by Record with 300 characters: the box says why and keeps them; the runs are not asked for with them', async () => {
    assert.ok(s.sim);
    await s.wb.openView('Runs');
    await signIn(s.wb, s.sim.token);
    s.sim.clearRequests();
    const typed = 'x'.repeat(300);
    await refusedAndKept('Cargo: Filter Runs by Record Title or Id…', 'Cargo: Filter Runs by Record', typed, /300 characters long; .* at most 256/);
    // The view refreshes by itself meanwhile: none of its requests carries the text.
    const filtered = s.sim.requests.filter((r) => JSON.stringify(r.body ?? {}).includes('recordTitleOrId') || JSON.stringify(r.query).includes('xxxx'));
    assert.deepEqual(filtered, [], 'no request filtered by what was typed');
    await s.wb.page.keyboard.press('Escape');
    await s.wb.waitForInputBoxClosed();
  });
});
