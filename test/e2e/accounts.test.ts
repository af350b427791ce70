// Sign-in where VS Code users look for it: Cargo is an authentication provider, so its account shows in
// the Accounts menu (the activity bar's accounts icon) with Sign Out there, and the Sign In / Sign Out
// commands and the menu are one way in and out. One session for the file; tests build on each other.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useSession, waitFor, type Session } from './harness';

/** The Accounts menu: the activity bar's accounts icon and the context menu it opens. */
function accountsMenu(s: Session) {
  const page = s.wb.page;
  const icon = page.locator('.part.activitybar .action-item:has(> a.action-label.codicon-accounts-view-bar-icon)');
  const menu = page.locator('.monaco-menu').first();
  const items = page.locator('.monaco-menu .action-item .action-label');
  const close = async () => {
    if (await menu.isVisible()) await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
  };
  /** Opens the menu and returns its items' labels once VS Code has read every provider's accounts. */
  const open = async (): Promise<string[]> => {
    await close();
    await icon.click();
    await menu.waitFor({ state: 'visible', timeout: 5_000 });
    const labels = (await items.allInnerTexts()).map((label) => label.trim()).filter(Boolean);
    // Right after a window starts the menu says "Loading..." until it has asked the providers.
    return labels.includes('Loading...') ? Promise.reject(new Error('the Accounts menu is still loading')) : labels;
  };
  return {
    open,
    close,
    /** Opens the menu until its labels satisfy `check` (VS Code learns of accounts a moment after they change). */
    async waitFor(what: string, check: (labels: string[]) => boolean): Promise<string[]> {
      let last: string[] = [];
      try {
        return await waitFor(
          what,
          async () => {
            last = await open();
            if (check(last)) return last;
            await close();
            return undefined;
          },
          30_000,
          500,
        );
      } catch (error) {
        throw new Error(`${(error as Error).message}; the Accounts menu showed ${JSON.stringify(last)}`);
      }
    },
    /** Clicks an item of the open menu (a top-level one, or one of the submenu it opens on hover). */
    async click(label: RegExp): Promise<void> {
      await page
        .locator('.monaco-menu .action-item', { has: page.locator('.action-label', { hasText: label }) })
        .last()
        .click({ timeout: 5_000 });
    },
    /**
     * Chooses an item of the open submenu as a person using the keyboard would, once it has the focus: a
     * click on an item of a submenu that has just opened may be let pass.
     */
    async choose(label: RegExp): Promise<void> {
      const item = (within: string) => page.locator(`.monaco-menu .action-item${within}`, { has: page.locator('.action-label', { hasText: label }) }).last();
      await item('').hover({ timeout: 5_000 });
      await item('.focused').waitFor({ timeout: 5_000 });
      await page.keyboard.press('Enter');
    },
    async hover(label: RegExp): Promise<void> {
      await page
        .locator('.monaco-menu .action-item', { has: page.locator('.action-label', { hasText: label }) })
        .first()
        .hover({ timeout: 5_000 });
    },
  };
}

describe('Cargo in the Accounts menu', { timeout: 300_000 }, () => {
  const s = useSession();
  /** "127.0.0.1:PORT (Cargo)": the account is named by the API base URL's host (Cargo's API names no workspace). */
  const accountItem = () => {
    assert.ok(s.sim);
    return `${new URL(s.sim.url).host} (Cargo)`;
  };

  test('signed out, the Accounts menu offers to sign in to Cargo, which opens the Cargo sign-in box', async () => {
    assert.ok(s.sim);
    await s.wb.openView('Runs');
    const menu = accountsMenu(s);
    const labels = await menu.waitFor('the Accounts menu offering Sign in with Cargo', (shown) =>
      shown.some((label) => /Sign in with Cargo to use Cargo Runs/.test(label)),
    );
    assert.ok(!labels.includes(accountItem()), 'no Cargo account while signed out');
    await s.wb.screenshot('accounts - signed out, the menu offers to sign in');
    await menu.click(/Sign in with Cargo to use Cargo Runs/);
    const box = await s.wb.waitForInputBox('Cargo: Sign In');
    assert.equal(box.password, true);
    await s.wb.answerInputBox(s.sim.token, 'Cargo: Sign In');
    await s.wb.waitForInputBoxClosed();
    await s.wb.waitForNotification('Signed in to Cargo.');
    const view = await s.wb.openView('Runs');
    await s.wb.waitForTreeItem(view, / · /);
  });

  test('signed in, the Accounts menu lists the Cargo account by its API host', async () => {
    const menu = accountsMenu(s);
    const labels = await menu.waitFor('the Cargo account in the Accounts menu', (shown) => shown.includes(accountItem()));
    assert.ok(!labels.some((label) => /Sign in with Cargo/.test(label)), 'no sign-in offer once signed in');
    assert.ok(!labels.some((label) => label.includes(s.sim?.token ?? 'dev-token')), 'the token is never shown');
    await menu.hover(new RegExp(`^${accountItem().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    await s.wb.page.locator('.monaco-menu .action-label', { hasText: /^Sign Out$/ }).waitFor();
    await s.wb.screenshot('accounts - the Cargo account with Sign Out');
    await menu.close();
  });

  test('Sign Out in the Accounts menu signs out: the Runs view shows its signed-out welcome', async () => {
    const menu = accountsMenu(s);
    const account = new RegExp(`^${accountItem().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
    // A context menu closes when anything takes the focus (a notification, a view settling): chosen again
    // until VS Code asks to confirm.
    await waitFor(
      'the sign-out confirmation',
      async () => {
        await s.wb.page.keyboard.press('Escape'); // whatever a try before left open
        await menu.waitFor('the Cargo account in the Accounts menu', (shown) => shown.includes(accountItem()));
        const chosen = await menu
          .hover(account)
          .then(() => menu.choose(/^Sign Out$/))
          .then(() => s.wb.page.locator('.monaco-dialog-box').waitFor({ timeout: 5_000 }))
          .then(
            () => true,
            () => false,
          );
        return chosen ? true : undefined;
      },
      60_000,
      0,
    );
    const question = await s.wb.answerDialog('Sign Out');
    assert.match(question, /127\.0\.0\.1/);
    const view = await s.wb.openView('Runs');
    await s.wb.waitForWelcome(view, "Sign in to Cargo to see your workflows' batches");
    assert.equal((await s.wb.treeItems(view)).length, 0, 'no rows of the old token stay');
    await menu.waitFor('the Accounts menu without the Cargo account', (shown) => !shown.includes(accountItem()));
    await menu.close();
    const log = await waitFor(
      'the sign-out in the Cargo log',
      () => (/Signed out of Cargo\./.test(s.extensionLog('Cargo')) ? s.extensionLog('Cargo') : undefined),
      10_000,
    );
    assert.doesNotMatch(log, /dev-token/, 'the log never holds the token');
  });

  test('"Cargo: Sign In" and "Cargo: Sign Out" sign in and out of the same account the menu shows', async () => {
    assert.ok(s.sim);
    const menu = accountsMenu(s);
    await s.wb.runCommand('Cargo: Sign In');
    await s.wb.answerInputBox(s.sim.token, 'Cargo: Sign In');
    await s.wb.waitForInputBoxClosed();
    await menu.waitFor('the Cargo account after "Cargo: Sign In"', (shown) => shown.includes(accountItem()));
    await menu.close();
    await s.wb.runCommand('Cargo: Sign Out');
    await s.wb.waitForNotification('Signed out of Cargo.');
    await menu.waitFor('no Cargo account after "Cargo: Sign Out"', (shown) => !shown.includes(accountItem()));
    await menu.close();
    const view = await s.wb.openView('Runs');
    await s.wb.waitForWelcome(view, "Sign in to Cargo to see your workflows' batches");
  });

  test('the account is in the Accounts menu after a reload (the token stays in secret storage)', async () => {
    assert.ok(s.sim);
    await s.wb.runCommand('Cargo: Sign In');
    await s.wb.answerInputBox(s.sim.token, 'Cargo: Sign In');
    await s.wb.waitForInputBoxClosed();
    await s.wb.reload();
    const menu = accountsMenu(s);
    await menu.waitFor('the Cargo account after a reload', (shown) => shown.includes(accountItem()));
    await menu.close();
  });
});
