// "Cargo: Open Run…": a run uuid, or a Cargo URL that contains one. Text without a run uuid keeps
// the box open with the reason, as Sign In does; nothing typed is lost.
import * as vscode from 'vscode';
import { runUuidIn } from '../core/webAppUrls';
import type { RunPanelManager } from './runPanelManager';

export function openRunByUuid(panels: RunPanelManager) {
  return async (arg?: unknown): Promise<void> => {
    if (typeof arg === 'string') {
      const uuid = runUuidIn(arg);
      if (uuid) panels.show(uuid);
      else void vscode.window.showWarningMessage('Cargo: Open Run was given no run uuid.');
      return;
    }
    const input = await vscode.window.showInputBox({
      title: 'Cargo: Open Run',
      prompt: 'A run uuid, or a Cargo URL of a run',
      placeHolder: 'e.g. 3f2c9a1e-…',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === '' || runUuidIn(value) ? undefined : 'This contains no run uuid (8-4-4-4-12 hexadecimal digits).'),
    });
    const uuid = input === undefined ? undefined : runUuidIn(input);
    if (uuid) panels.show(uuid);
  };
}
