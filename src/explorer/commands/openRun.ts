// Open Run: the run in its panel (one per run; "Open as JSON" there shows the read-only document).
import * as vscode from 'vscode';
import type { ExplorerNode } from '../explorer/explorerNodes';
import type { RunPanelManager } from './runPanel';
import { targetRun } from '../explorer/commands/explorerTarget';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export function openRun(view: vscode.TreeView<ExplorerNode>, panels: RunPanelManager) {
  return (arg?: unknown): void => {
    const node = targetRun(arg, view);
    if (node) panels.show(node.run.uuid, node.run);
  };
}

/** "Cargo: Open Run…": a run uuid, or a Cargo URL that contains one. */
export function openRunByUuid(panels: RunPanelManager) {
  return async (arg?: unknown): Promise<void> => {
    let input = typeof arg === 'string' ? arg : undefined;
    input ??= await vscode.window.showInputBox({
      title: 'Cargo: Open Run',
      prompt: 'A run uuid, or a Cargo URL of a run',
      placeHolder: 'e.g. 3f2c9a1e-…',
      validateInput: (value) => (value.trim() === '' || runUuidIn(value) ? undefined : 'This contains no run uuid.'),
    });
    const uuid = input === undefined ? undefined : runUuidIn(input);
    if (uuid) panels.show(uuid);
  };
}

export function runUuidIn(text: string): string | undefined {
  const trimmed = text.trim();
  const afterRuns = /\/runs\/([0-9a-f-]{36})/i.exec(trimmed)?.[1];
  return (afterRuns ?? UUID.exec(trimmed)?.[0])?.toLowerCase();
}
