// What a person does in the VS Code workbench, as test helpers over a playwright Page: open a view,
// read and expand tree items, run palette commands, answer input boxes, read notifications, the
// Problems and Output panels and webviews, and take screenshots. Selectors are VS Code 1.100's DOM.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Dialog, Frame, Locator, Page } from 'playwright-core';
import { TEST_RESULTS_DIR } from '../../support/paths';
import { waitFor } from '../../support/processes';

export interface TreeItemInfo {
  label: string;
  description: string;
  /** ThemeIcon id as in `new ThemeIcon(id)` (e.g. 'pass-filled', 'sync~spin'), or the image URL of an icon path; '' when none. */
  icon: string;
  /**
   * The icon's ThemeColor as the current theme resolves it, as the browser reports an inline colour, e.g.
   * 'rgb(115, 201, 145)' for testing.iconPassed (#73c991) in the default themes (compare with themeColor(id)); '' when none.
   */
  iconColor: string;
  /** true/false for collapsible items, undefined for leaves. */
  expanded: boolean | undefined;
  /** 1 for top-level items. */
  level: number;
  /** The accessible label VS Code gives the row (the tooltip when it is a plain string). */
  ariaLabel: string;
  selected: boolean;
}

export interface NotificationInfo {
  message: string;
  severity: 'info' | 'warning' | 'error' | 'unknown';
  /** Button labels. */
  actions: string[];
  source: string;
}

export interface ProblemInfo {
  severity: 'error' | 'warning' | 'info' | 'unknown';
  message: string;
  /** File the problem is in (file name as the panel shows it). */
  file: string;
  /** e.g. 'json', as the panel shows it; '' when none. */
  source: string;
  /** The diagnostic's code as shown, '' when none. */
  code: string;
  line: number | undefined;
  column: number | undefined;
}

export interface InputBoxInfo {
  title: string;
  placeholder: string;
  value: string;
  password: boolean;
  /** The prompt, or the validation message when there is one. */
  message: string;
  /** 'error' | 'warning' | 'info' when the message is a validation message, else ''. */
  severity: string;
}

type TextMatch = string | RegExp;
const matches = (text: string, match: TextMatch) => (typeof match === 'string' ? text.includes(match) : match.test(text));
const cssString = (text: string) => JSON.stringify(text);

export function safeFileName(name: string): string {
  return name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 150);
}

export class Workbench {
  constructor(
    readonly page: Page,
    /** The workbench URL to (re)load. */
    readonly url: string,
  ) {}

  // ---------------------------------------------------------------- loading

  /** Loads the workbench and waits until it can be used (activity bar rendered, extensions scanned). */
  async open(): Promise<void> {
    await this.page.goto(this.url);
    await this.ready();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.ready();
  }

  private async ready(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.part.activitybar .action-item').first().waitFor({ timeout: 60_000 });
    // The status bar's remote indicator shows once the connection to the server is up.
    await this.page.locator('.statusbar').waitFor({ timeout: 60_000 });
  }

  // ---------------------------------------------------------------- views and trees

  /** The activity-bar entry of a view container, e.g. 'Cargo'. */
  activityBarItem(containerTitle: string): Locator {
    return this.page.locator(
      `.part.activitybar li.action-item:has(> a.action-label[aria-label=${cssString(containerTitle)}]), ` +
        `.part.activitybar li.action-item:has(> a.action-label[aria-label^=${cssString(containerTitle + ' (')}])`,
    );
  }

  /** Shows a view container (click its activity-bar icon unless it is already showing); returns its part. */
  async openViewContainer(containerTitle = 'Cargo', containerId = 'cargo'): Promise<Locator> {
    const item = this.activityBarItem(containerTitle);
    await item.waitFor({ timeout: 60_000 });
    const container = this.viewContainer(containerId);
    // The icon toggles (a click while the container shows hides the side bar), and right after a load the
    // workbench may still be restoring the last container: click, look, and click again if needed.
    await waitFor(
      `the ${containerTitle} view container to show`,
      async () => {
        if (await container.isVisible()) return true;
        await item.click();
        return container.waitFor({ state: 'visible', timeout: 2_000 }).then(
          () => true,
          () => undefined,
        );
      },
      20_000,
      100,
    );
    return container;
  }

  /** `cargo` → `[id="workbench.view.extension.cargo"]`; built-in containers like 'explorer' by their own id. */
  viewContainer(containerId = 'cargo'): Locator {
    const id = containerId.startsWith('workbench.') ? containerId : `workbench.view.extension.${containerId}`;
    return this.page.locator(`[id=${cssString(id)}]`);
  }

  /** A view's pane by its name (e.g. 'Runs'), expanded if it was collapsed. */
  async openView(viewName = 'Runs', containerTitle = 'Cargo', containerId = 'cargo'): Promise<Locator> {
    const container = await this.openViewContainer(containerTitle, containerId);
    const pane = this.viewPane(viewName, container);
    try {
      await pane.waitFor({ state: 'attached', timeout: 5_000 });
    } catch {
      // Hidden views (a person would pick them from the container's Views menu) show with their focus command.
      await this.runCommand(`${containerTitle}: Focus on ${viewName} View`);
      await pane.waitFor({ state: 'attached' });
    }
    const header = pane.locator('.pane-header').first();
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    await pane.locator('.pane-body').waitFor({ state: 'visible' });
    return pane;
  }

  viewPane(viewName: string, within: Locator = this.page.locator('.part.sidebar, .part.auxiliarybar, .part.panel')): Locator {
    // The header's label is "<name> Section", or "<name> <description> Section" when the view has a description.
    return within.locator(`.pane:has(> .pane-header[aria-label^=${cssString(viewName + ' ')}][aria-label$=${cssString(' Section')}])`);
  }

  /** The welcome content a view shows instead of its tree ('' when none). */
  async welcomeText(view: Locator): Promise<string> {
    const content = view.locator('.welcome-view-content');
    if (!(await content.isVisible())) return '';
    return (await content.innerText()).trim();
  }

  /** Waits until the view's welcome content contains `match`; returns the whole text. */
  async waitForWelcome(view: Locator, match: TextMatch, timeoutMs = 20_000): Promise<string> {
    return waitFor(
      `welcome view text ${String(match)}`,
      async () => {
        const text = await this.welcomeText(view);
        return matches(text, match) ? text : undefined;
      },
      timeoutMs,
    );
  }

  /** Rows of the tree in a view pane, as rendered (the list is virtual: only rows near the viewport exist). */
  treeRows(view: Locator): Locator {
    return view.locator('.monaco-list-row[role="treeitem"]');
  }

  async treeItems(view: Locator): Promise<TreeItemInfo[]> {
    return this.treeRows(view).evaluateAll((rows) =>
      rows.map((row) => {
        const text = (selector: string) => (row.querySelector(selector)?.textContent ?? '').trim();
        const iconElement = row.querySelector('.custom-view-tree-node-item-icon') as HTMLElement | null;
        let icon = '';
        if (iconElement) {
          const classes = [...iconElement.classList];
          const codicon = classes.find((c) => c.startsWith('codicon-') && !c.startsWith('codicon-modifier-'));
          const modifier = classes.find((c) => c.startsWith('codicon-modifier-'));
          if (codicon) icon = codicon.slice('codicon-'.length) + (modifier ? `~${modifier.slice('codicon-modifier-'.length)}` : '');
          else {
            const image = iconElement.style.backgroundImage || getComputedStyle(iconElement).backgroundImage;
            const url = /url\("?(.*?)"?\)/.exec(image);
            if (url?.[1]) icon = url[1];
          }
        }
        const expanded = row.getAttribute('aria-expanded');
        return {
          iconColor: iconElement?.style.color ?? '',
          label: text('.label-name'),
          description: text('.label-description'),
          icon,
          expanded: expanded === null ? undefined : expanded === 'true',
          level: Number(row.getAttribute('aria-level') ?? '1'),
          ariaLabel: row.getAttribute('aria-label') ?? '',
          selected: row.getAttribute('aria-selected') === 'true',
        };
      }),
    );
  }

  /** A theme colour by its id (e.g. 'testing.iconPassed') as the current theme resolves it, in the form of TreeItemInfo.iconColor; '' when the theme has none. */
  async themeColor(id: string): Promise<string> {
    return this.page
      .locator('.monaco-workbench')
      .first()
      .evaluate(
        (workbench, variable) => {
          if (getComputedStyle(workbench).getPropertyValue(variable).trim() === '') return '';
          const probe = document.createElement('span');
          probe.style.color = `var(${variable})`;
          workbench.appendChild(probe);
          const color = getComputedStyle(probe).color;
          probe.remove();
          return color;
        },
        `--vscode-${id.replace(/\./g, '-')}`,
      );
  }

  /** Waits until the view's tree has a row whose label matches; returns its info. */
  async waitForTreeItem(view: Locator, label: TextMatch, timeoutMs = 20_000): Promise<TreeItemInfo> {
    return waitFor(`tree item ${String(label)}`, async () => (await this.treeItems(view)).find((item) => matches(item.label, label)), timeoutMs);
  }

  /** The row whose label is exactly `label` (or matches the RegExp). */
  treeItem(view: Locator, label: TextMatch): Locator {
    const rows = this.treeRows(view);
    if (typeof label === 'string') {
      return rows.filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }) }).first();
    }
    return rows.filter({ has: this.page.locator('.label-name', { hasText: label }) }).first();
  }

  async expand(view: Locator, label: TextMatch): Promise<void> {
    await this.setExpanded(view, label, true);
  }

  async collapse(view: Locator, label: TextMatch): Promise<void> {
    await this.setExpanded(view, label, false);
  }

  private async setExpanded(view: Locator, label: TextMatch, expanded: boolean): Promise<void> {
    const row = this.treeItem(view, label);
    await row.waitFor();
    const state = await row.getAttribute('aria-expanded');
    if (state === null) throw new Error(`Tree item ${String(label)} cannot be expanded or collapsed (it has no children)`);
    if ((state === 'true') !== expanded) await row.locator('.monaco-tl-twistie').click();
    await waitFor(
      `tree item ${String(label)} to be ${expanded ? 'expanded' : 'collapsed'}`,
      async () => ((await row.getAttribute('aria-expanded')) === String(expanded) ? true : undefined),
      10_000,
    );
  }

  /** Hovers a tree item and returns the tooltip text VS Code shows for it. */
  async treeItemTooltip(view: Locator, label: TextMatch): Promise<string> {
    // A hover still showing (from an earlier call, or one that lingers after the mouse left) would be read
    // as this item's: wait until none shows, before and after.
    await this.dismissHovers();
    const row = this.treeItem(view, label);
    await row.locator('.monaco-icon-label').first().hover();
    const hover = this.visibleHovers().last();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    const text = (await hover.innerText()).trim();
    await this.dismissHovers();
    return text;
  }

  private visibleHovers(): Locator {
    return this.page.locator('.workbench-hover, .monaco-hover:not(.hidden)').filter({ visible: true });
  }

  /** Moves the mouse away and presses Escape until no hover shows. */
  private async dismissHovers(): Promise<void> {
    await waitFor(
      'hovers to close',
      async () => {
        if ((await this.visibleHovers().count()) === 0) return true;
        await this.page.mouse.move(0, 0);
        await this.page.keyboard.press('Escape');
        return undefined;
      },
      10_000,
    );
  }

  /**
   * Right-clicks a row and picks an entry of its context menu with the keyboard (the tree re-renders under
   * an open menu while it refreshes, which a click could miss). Returns the menu's entries; throws when the
   * entry is not among them.
   */
  async contextMenuEntry(row: Locator, entry: string): Promise<string[]> {
    await row.click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu');
    await menu.waitFor();
    const entries = (await menu.locator('.action-item .action-label').allInnerTexts()).map((text) => text.trim()).filter(Boolean);
    const index = entries.indexOf(entry);
    if (index < 0) throw new Error(`"${entry}" is not in the context menu: ${entries.join(', ')}`);
    for (let i = 0; i <= index; i++) await this.page.keyboard.press('ArrowDown');
    await this.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'detached' });
    return entries;
  }

  // ---------------------------------------------------------------- command palette and quick input

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Runs a command by its title as shown in the palette, e.g. 'Cargo: Sign In'. */
  async runCommand(title: string): Promise<void> {
    const widget = this.quickInput();
    const input = widget.locator('.quick-input-box input');
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    const isTitle = new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`);
    const row = rows.filter({ has: this.page.locator('.quick-input-list-label .label-name', { hasText: isTitle }) });
    // Open the palette and find the command. Done again when the palette closes under us (an editor
    // taking the focus late) or the command is not listed yet (its extension still activating).
    let shown: string[] = [];
    await waitFor(
      `"${title}" in the command palette`,
      async () => {
        if (await widget.isVisible()) await this.page.keyboard.press('Escape');
        await this.page.keyboard.press('F1');
        await input.waitFor({ state: 'visible', timeout: 5_000 });
        await input.fill(`>${title}`);
        const found = await row
          .first()
          .waitFor({ state: 'visible', timeout: 5_000 })
          .then(() => true)
          .catch(() => false);
        shown = await rows.allInnerTexts().catch(() => shown);
        return found ? true : undefined;
      },
      20_000,
      250,
    ).catch(() => {
      throw new Error(`Command "${title}" is not in the command palette; it shows: ${JSON.stringify(shown.slice(0, 10))}`);
    });
    // Select it with the keyboard, as a person would: a click can land on a hover that opened over
    // the list (the palette's own tooltip shows where the mouse rests).
    let selected = false;
    for (let step = 0; step < 20 && !selected; step++) {
      const focused = rows.and(this.page.locator('.focused'));
      const label = (
        await focused
          .locator('.quick-input-list-label .label-name')
          .first()
          .innerText()
          .catch(() => '')
      ).trim();
      selected = isTitle.test(label);
      if (!selected) await input.press('ArrowDown');
    }
    if (!selected) throw new Error(`Command "${title}" is listed in the palette but could not be selected with the keyboard`);
    await input.press('Enter');
    // Done when the palette closed or turned into the command's own quick input.
    await waitFor(
      `the palette to run "${title}"`,
      async () => {
        if (!(await widget.isVisible())) return true;
        const placeholder = (await input.getAttribute('placeholder')) ?? '';
        const value = await input.inputValue();
        return placeholder !== 'Type the name of a command to run.' || !value.startsWith('>') ? true : undefined;
      },
      10_000,
    );
  }

  /** The rows of the open quick pick (label and description), once it has any. */
  async waitForQuickPickItems(title?: TextMatch, timeoutMs = 20_000): Promise<{ label: string; description: string }[]> {
    const widget = this.quickInput();
    return waitFor(
      `a quick pick${title ? ` titled ${String(title)}` : ''} with items`,
      async () => {
        if (!(await widget.isVisible())) return undefined;
        const shownTitle = (
          (await widget
            .locator('.quick-input-title')
            .textContent()
            .catch(() => '')) ?? ''
        )
          .replace(/\u00a0/g, ' ')
          .trim();
        if (title !== undefined && !matches(shownTitle, title)) return undefined;
        if (
          await widget
            .locator('.quick-input-progress')
            .isVisible()
            .catch(() => false)
        ) {
          const busy = await widget
            .locator('.quick-input-progress .progress-bit')
            .isVisible()
            .catch(() => false);
          if (busy) return undefined;
        }
        const items = await widget.locator('.quick-input-list .monaco-list-row').evaluateAll((rows) =>
          rows.map((row) => ({
            label: (row.querySelector('.quick-input-list-label .label-name')?.textContent ?? '').replace(/\u00a0/g, ' ').trim(),
            description: (row.querySelector('.quick-input-list-label .label-description')?.textContent ?? '').replace(/\u00a0/g, ' ').trim(),
          })),
        );
        return items.length > 0 ? items : undefined;
      },
      timeoutMs,
    );
  }

  /** Picks the quick-pick row whose label matches, with the keyboard (typing filters the list first). */
  async pickQuickItem(label: TextMatch, filter?: string): Promise<void> {
    await this.waitForQuickPickItems();
    const widget = this.quickInput();
    const input = widget.locator('.quick-input-box input');
    if (filter !== undefined) await input.fill(filter);
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    let selected = false;
    for (let step = 0; step < 60 && !selected; step++) {
      const focused = rows.and(this.page.locator('.focused'));
      const shown = (
        (await focused
          .locator('.quick-input-list-label .label-name')
          .first()
          .innerText()
          .catch(() => '')) ?? ''
      ).trim();
      selected = matches(shown, label);
      if (!selected) await input.press('ArrowDown');
    }
    if (!selected) throw new Error(`No quick-pick row labelled ${String(label)}`);
    await input.press('Enter');
  }

  /** Clicks a button of the notification whose message matches. */
  async clickNotificationAction(match: TextMatch, action: string, timeoutMs = 20_000): Promise<void> {
    await this.waitForNotification(match, timeoutMs);
    const toast = this.page.locator('.notifications-toasts .notification-list-item').filter({
      has: this.page.locator('.notification-list-item-message', { hasText: typeof match === 'string' ? match : match }),
    });
    await toast.first().locator('.notification-list-item-buttons-container .monaco-button', { hasText: action }).first().click();
  }

  /** Answers VS Code's modal dialog with the given button; resolves to the dialog's text. */
  async answerDialog(button: string): Promise<string> {
    const dialog = this.page.locator('.monaco-dialog-box');
    await dialog.waitFor();
    const text = (await dialog.innerText()).trim();
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: button }).first().click();
    await dialog.waitFor({ state: 'detached' });
    return text;
  }

  /** The CodeLens links of the active editor, as shown. */
  async codeLenses(): Promise<string[]> {
    const lenses = this.page.locator('.editor-group-container.active .editor-instance .monaco-editor .codelens-decoration a');
    return (await lenses.allInnerTexts()).map((text) => text.replace(/\u00a0/g, ' ').trim());
  }

  /** Waits for a CodeLens whose text matches, in the active editor; resolves to all lenses shown then. */
  async waitForCodeLens(match: TextMatch, timeoutMs = 20_000): Promise<string[]> {
    return waitFor(
      `a CodeLens ${String(match)}`,
      async () => {
        const lenses = await this.codeLenses();
        return lenses.some((lens) => matches(lens, match)) ? lenses : undefined;
      },
      timeoutMs,
    );
  }

  async clickCodeLens(match: TextMatch): Promise<void> {
    await this.waitForCodeLens(match);
    const lenses = this.page.locator('.editor-group-container.active .editor-instance .monaco-editor .codelens-decoration a');
    const texts = (await lenses.allInnerTexts()).map((text) => text.replace(/\u00a0/g, ' ').trim());
    const index = texts.findIndex((text) => matches(text, match));
    await lenses.nth(index).click();
  }

  /** The status-bar entries' texts (icons are rendered as elements, so only the words show). */
  async statusBarTexts(): Promise<string[]> {
    return (await this.page.locator('.part.statusbar .statusbar-item').allInnerTexts()).map((text) => text.replace(/\u00a0/g, ' ').trim()).filter(Boolean);
  }

  /**
   * Hovers the status-bar entry whose text matches and returns the tooltip VS Code shows for it: its text,
   * and how many icons rendered in it. `screenshot`: a screenshot of it showing, by that name.
   */
  async statusBarTooltip(match: TextMatch, screenshot?: string): Promise<{ text: string; icons: number }> {
    await this.dismissHovers();
    const item = this.page.locator('.part.statusbar .statusbar-item').filter({ hasText: match }).first();
    await item.hover();
    const hover = this.visibleHovers().last();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    const shown = { text: (await hover.innerText()).trim(), icons: await hover.locator('.codicon').count() };
    if (screenshot) await this.screenshot(screenshot);
    await this.dismissHovers();
    return shown;
  }

  /** The buttons in the active editor's title (its actions, not the "…" menu): their labels. */
  async editorTitleButtons(): Promise<string[]> {
    const actions = this.page.locator('.editor-group-container.active .editor-actions .action-item .action-label');
    return actions.evaluateAll((elements) =>
      elements.map((element) => (element.getAttribute('aria-label') ?? element.getAttribute('title') ?? '').trim()).filter(Boolean),
    );
  }

  /** Right-clicks the active editor's text and lists its context menu's entries, then closes the menu. */
  async editorContextMenu(): Promise<string[]> {
    const editor = this.page.locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines').first();
    await editor.click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu');
    await menu.waitFor();
    const entries = (await menu.locator('.action-item .action-label').allInnerTexts()).map((text) => text.trim()).filter(Boolean);
    await this.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    return entries;
  }

  /** Pastes `text` over the whole active editor, as a person pasting would (no auto-closing of brackets). */
  async replaceEditorText(text: string): Promise<void> {
    const editor = this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
    await editor.locator('.view-lines').click();
    await this.page.evaluate((value) => navigator.clipboard.writeText(value), text);
    await this.page.keyboard.press('Control+a');
    await this.page.keyboard.press('Control+v');
  }

  /** Waits for an input box (optionally with this title) and describes it. */
  async waitForInputBox(title?: TextMatch, timeoutMs = 15_000): Promise<InputBoxInfo> {
    return waitFor(
      `an input box${title ? ` titled ${String(title)}` : ''}`,
      async () => {
        const info = await this.inputBox();
        if (!info) return undefined;
        return title === undefined || matches(info.title, title) ? info : undefined;
      },
      timeoutMs,
    );
  }

  /** The open quick input, or undefined when none is showing. */
  async inputBox(): Promise<InputBoxInfo | undefined> {
    const widget = this.quickInput();
    if (!(await widget.isVisible())) return undefined;
    return widget.evaluate((w) => {
      const input = w.querySelector('.quick-input-box input') as HTMLInputElement | null;
      const inputBox = w.querySelector('.quick-input-box .monaco-inputbox');
      const severity = ['error', 'warning', 'info'].find((s) => inputBox?.classList.contains(s)) ?? '';
      return {
        title: (w.querySelector('.quick-input-title')?.textContent ?? '').replace(/\u00a0/g, ' ').trim(),
        placeholder: input?.placeholder ?? '',
        value: input?.value ?? '',
        password: input?.type === 'password',
        message: (w.querySelector('.quick-input-message')?.textContent ?? '').trim(),
        severity,
      };
    });
  }

  /** The open input box once its message matches `match`. */
  inputBoxSaying(match: RegExp): Promise<InputBoxInfo> {
    return waitFor(
      `the input box to say ${String(match)}`,
      async () => {
        const box = await this.inputBox();
        return box && match.test(box.message) ? box : undefined;
      },
      20_000,
    );
  }

  /** Types `text` into the open input box like a person, then presses Enter. */
  async answerInputBox(text: string, title?: TextMatch): Promise<void> {
    await this.waitForInputBox(title);
    const input = this.quickInput().locator('.quick-input-box input');
    await waitFor('the input box to accept typing', async () => ((await input.getAttribute('readonly')) === null ? true : undefined), 10_000);
    await input.click();
    await input.fill('');
    await input.pressSequentially(text);
    await input.press('Enter');
  }

  /** Waits until the open input box shows a validation message (error/warning/info); returns it. */
  async waitForInputBoxValidation(timeoutMs = 20_000): Promise<InputBoxInfo> {
    return waitFor(
      'a validation message in the input box',
      async () => {
        const info = await this.inputBox();
        return info && info.severity !== '' ? info : undefined;
      },
      timeoutMs,
    );
  }

  async waitForInputBoxClosed(timeoutMs = 20_000): Promise<void> {
    await this.quickInput().waitFor({ state: 'hidden', timeout: timeoutMs });
  }

  // ---------------------------------------------------------------- editors

  /**
   * Replaces the user settings the way a person edits settings.json: "Preferences: Open User Settings
   * (JSON)", select all, the new text, save. VS Code applies them as it does any edit.
   */
  async writeUserSettings(settings: Record<string, unknown>): Promise<void> {
    await this.runCommand('Preferences: Open User Settings (JSON)');
    const tab = this.page.locator('.tabs-container .tab.active[aria-label^="settings.json"]');
    await tab.waitFor({ state: 'visible' });
    const editor = this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
    await editor.locator('.view-lines').waitFor({ state: 'visible' });
    await editor.locator('.view-lines').click();
    const text = JSON.stringify(settings, null, 2);
    // Pasted, not typed: typing would get brackets and quotes closed and lines indented by the editor.
    await this.page.evaluate((json) => navigator.clipboard.writeText(json), text);
    await this.page.keyboard.press('Control+a');
    await this.page.keyboard.press('Control+v');
    await this.page.keyboard.press('Control+s');
    await waitFor('settings.json saved', async () => ((await tab.getAttribute('class'))?.includes('dirty') ? undefined : true), 10_000);
    await this.runCommand('View: Close Editor');
  }

  /** Opens a workspace file (path relative to the workspace folder) with Quick Open, like Ctrl+P. */
  async openFile(relativePath: string): Promise<Locator> {
    const fileName = relativePath.split('/').pop() as string;
    const widget = this.quickInput();
    const input = widget.locator('.quick-input-box input');
    const row = widget.locator('.quick-input-list .monaco-list-row').filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(fileName)}\\s*$`) }),
    });
    // A file written a moment ago may not be in Quick Open's index yet: ask again until it is.
    await waitFor(
      `${relativePath} in Go to File`,
      async () => {
        await this.runCommand('Go to File...');
        await input.fill(relativePath);
        return (await row
          .first()
          .waitFor({ state: 'visible', timeout: 5_000 })
          .then(() => true)
          .catch(() => false))
          ? true
          : undefined;
      },
      30_000,
      250,
    );
    await row.first().click();
    const tab = this.page.locator(`.tabs-container .tab.active[aria-label^=${cssString(fileName)}]`);
    await tab.waitFor({ state: 'visible' });
    const editor = this.page.locator('.editor-group-container.active .editor-instance .monaco-editor').first();
    await editor.locator('.view-lines').waitFor({ state: 'visible' });
    return editor;
  }

  /** The visible text of the active editor (Monaco renders only lines in view). */
  async activeEditorText(): Promise<string> {
    const lines = this.page.locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines').first();
    return (await lines.innerText()).replace(/\u00a0/g, ' ');
  }

  // ---------------------------------------------------------------- panels

  /** Opens the Problems panel and lists the problems it shows. */
  async problems(): Promise<ProblemInfo[]> {
    await this.openPanel('Problems', 'workbench.panel.markers');
    const rows = this.page.locator('[id="workbench.panel.markers"] .monaco-list-row');
    return rows.evaluateAll((elements) => {
      const problems: ProblemInfo[] = [];
      let file = '';
      for (const row of elements) {
        const markerIcon = row.querySelector('.marker-icon');
        if (!markerIcon) {
          file = (row.querySelector('.label-name')?.textContent ?? '').trim();
          continue;
        }
        const classes = `${markerIcon.className} ${[...markerIcon.querySelectorAll('.codicon')].map((c) => c.className).join(' ')}`;
        const severity = /\berror\b|codicon-error/.test(classes)
          ? 'error'
          : /\bwarning\b|codicon-warning/.test(classes)
            ? 'warning'
            : /\binfo\b|codicon-info/.test(classes)
              ? 'info'
              : 'unknown';
        const details = (row.querySelector('.details-container')?.textContent ?? '').trim();
        const position = /\[Ln (\d+), Col (\d+)\]/.exec(details);
        problems.push({
          severity,
          message: (row.querySelector('.marker-message')?.textContent ?? '').trim(),
          file,
          source: (row.querySelector('.marker-source')?.textContent ?? '').trim(),
          code: (row.querySelector('.marker-code')?.textContent ?? '').trim(),
          line: position ? Number(position[1]) : undefined,
          column: position ? Number(position[2]) : undefined,
        } as ProblemInfo);
      }
      return problems;
    });
  }

  /** Waits until the Problems panel lists a problem whose message matches. */
  async waitForProblem(match: TextMatch, timeoutMs = 30_000): Promise<ProblemInfo> {
    return waitFor(`a problem ${String(match)}`, async () => (await this.problems()).find((p) => matches(p.message, match)), timeoutMs);
  }

  /** Shows a panel by its tab title (Problems, Output, ...), waiting for its content `panelId`. */
  async openPanel(tabTitle: string, panelId: string): Promise<Locator> {
    const panel = this.page.locator(`[id=${cssString(panelId)}]`);
    if (await panel.isVisible()) return panel;
    const tab = this.page.locator('.part.panel .composite-bar li.action-item').filter({
      has: this.page.locator(`a.action-label[aria-label^=${cssString(tabTitle)}]`),
    });
    if (await tab.first().isVisible()) await tab.first().click();
    else if (tabTitle === 'Problems') await this.runCommand('Problems: Focus on Problems View');
    else if (tabTitle === 'Output') await this.runCommand('Output: Focus on Output View');
    else throw new Error(`Panel ${tabTitle} is not showing and there is no known command to show it`);
    await panel.waitFor({ state: 'visible' });
    return panel;
  }

  /** The Output panel's selected channel and its visible text. */
  async output(): Promise<{ channel: string; text: string }> {
    const panel = this.page.locator('[id="workbench.panel.output"]');
    await panel.waitFor({ state: 'visible' });
    const select = this.page.locator('.part.panel .title-actions select.monaco-select-box').first();
    const channel = await select.evaluate((s) => {
      const el = s as HTMLSelectElement;
      return el.options[el.selectedIndex]?.text ?? '';
    });
    const lines = panel.locator('.monaco-editor .view-lines').first();
    const text = (await lines.isVisible()) ? (await lines.innerText()).replace(/\u00a0/g, ' ') : '';
    return { channel, text };
  }

  /** Waits until the Output panel shows `channel` (and text matching `text`, when given). */
  async waitForOutput(channel: string, text?: TextMatch, timeoutMs = 20_000): Promise<{ channel: string; text: string }> {
    return waitFor(
      `the Output panel to show ${channel}${text ? ` with ${String(text)}` : ''}`,
      async () => {
        const out = await this.output();
        return out.channel === channel && (text === undefined || matches(out.text, text)) ? out : undefined;
      },
      timeoutMs,
    );
  }

  // ---------------------------------------------------------------- notifications

  /** Notifications currently showing as toasts (and, with `center`, all in the notification center). */
  async notifications(options: { center?: boolean } = {}): Promise<NotificationInfo[]> {
    if (options.center) {
      const center = this.page.locator('.notifications-center');
      if (!(await center.isVisible())) await this.runCommand('Notifications: Show Notifications');
      await center.waitFor({ state: 'visible' });
    }
    const selector = options.center ? '.notifications-center .notification-list-item' : '.notifications-toasts .notification-list-item';
    return this.page.locator(selector).evaluateAll((items) =>
      items.map((item) => {
        const icon = [...(item.querySelector('.notification-list-item-icon')?.classList ?? [])].join(' ');
        const severity = /codicon-error/.test(icon) ? 'error' : /codicon-warning/.test(icon) ? 'warning' : /codicon-info/.test(icon) ? 'info' : 'unknown';
        return {
          message: (item.querySelector('.notification-list-item-message')?.textContent ?? '').trim(),
          severity,
          actions: [...item.querySelectorAll('.notification-list-item-buttons-container .monaco-button')].map((b) => (b.textContent ?? '').trim()),
          source: (item.querySelector('.notification-list-item-source')?.textContent ?? '').trim(),
        } as NotificationInfo;
      }),
    );
  }

  /** Waits for a notification (toast, or in the notification center as a fallback) whose message matches. */
  async waitForNotification(match: TextMatch, timeoutMs = 20_000): Promise<NotificationInfo> {
    try {
      return await waitFor(`a notification ${String(match)}`, async () => (await this.notifications()).find((n) => matches(n.message, match)), timeoutMs);
    } catch (error) {
      // Toasts hide after a while (or when another shows); the notification center keeps them.
      const found = (await this.notifications({ center: true })).find((n) => matches(n.message, match));
      await this.page.keyboard.press('Escape');
      if (found) return found;
      throw error;
    }
  }

  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  // ---------------------------------------------------------------- webviews

  /** Frames of webviews' content (webviews are iframes inside iframes). */
  webviewFrames(): Frame[] {
    const main = this.page.mainFrame();
    return this.page.frames().filter((frame) => frame !== main && frame.parentFrame() !== null && frame.parentFrame() !== main);
  }

  /** The visible text of every webview's content, one string per webview. */
  async webviewTexts(): Promise<string[]> {
    const texts: string[] = [];
    for (const frame of this.webviewFrames()) {
      const text = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      if (text.trim() !== '') texts.push(text.trim());
    }
    return texts;
  }

  /** Waits until some webview shows text matching `match`; returns that webview's text. */
  async waitForWebviewText(match: TextMatch, timeoutMs = 30_000): Promise<string> {
    return waitFor(`webview text ${String(match)}`, async () => (await this.webviewTexts()).find((text) => matches(text, match)), timeoutMs, 300);
  }

  /** The content frame of the webview whose text matches, for queries inside it. */
  async webviewFrame(match: TextMatch, timeoutMs = 30_000): Promise<Frame> {
    return waitFor(
      `a webview with ${String(match)}`,
      async () => {
        for (const frame of this.webviewFrames()) {
          const text = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
          if (matches(text, match)) return frame;
        }
        return undefined;
      },
      timeoutMs,
      300,
    );
  }

  // ---------------------------------------------------------------- dialogs

  /**
   * Records (and dismisses) every browser dialog (alert, confirm, prompt) from now until `stop()`:
   * a script injected by hostile data would show one.
   */
  recordDialogs(): { readonly messages: readonly string[]; stop(): void } {
    const messages: string[] = [];
    const onDialog = (dialog: Dialog) => {
      messages.push(dialog.message());
      void dialog.dismiss();
    };
    this.page.on('dialog', onDialog);
    return { messages, stop: () => this.page.off('dialog', onDialog) };
  }

  // ---------------------------------------------------------------- screenshots

  /** Saves a screenshot as test-results/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    const path = join(TEST_RESULTS_DIR, `${safeFileName(name)}.png`);
    mkdirSync(dirname(path), { recursive: true });
    await this.page.screenshot({ path });
    return path;
  }
}

/** `text` matched literally in a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
