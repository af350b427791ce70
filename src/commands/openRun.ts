// Open Run: the run as a read-only JSON document (the run panel replaces this in a later version).
import * as vscode from 'vscode';
import { runDocumentUri } from '../documents/runDocumentProvider';
import type { ExplorerNode } from '../model/explorerNodes';
import { targetRun } from './explorerTarget';
import { errorMessage } from './requireClient';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

export function openRun(view: vscode.TreeView<ExplorerNode>) {
  return async (arg?: unknown): Promise<void> => {
    const node = targetRun(arg, view);
    if (node) await showRunDocument(node.run.uuid);
  };
}

/** "Cargo: Open Run…": a run uuid, or a Cargo URL that contains one. */
export function openRunByUuid() {
  return async (arg?: unknown): Promise<void> => {
    let input = typeof arg === 'string' ? arg : undefined;
    input ??= await vscode.window.showInputBox({
      title: 'Cargo: Open Run',
      prompt: 'A run uuid, or a Cargo URL of a run',
      placeHolder: 'e.g. 3f2c9a1e-…',
      validateInput: (value) => (value.trim() === '' || runUuidIn(value) ? undefined : 'This contains no run uuid.'),
    });
    const uuid = input === undefined ? undefined : runUuidIn(input);
    if (uuid) await showRunDocument(uuid);
  };
}

export function runUuidIn(text: string): string | undefined {
  const trimmed = text.trim();
  const afterRuns = /\/runs\/([0-9a-f-]{36})/i.exec(trimmed)?.[1];
  return (afterRuns ?? UUID.exec(trimmed)?.[0])?.toLowerCase();
}

async function showRunDocument(runUuid: string): Promise<void> {
  try {
    const document = await vscode.workspace.openTextDocument(runDocumentUri(runUuid));
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: true });
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not open the run: ${errorMessage(error)}`);
  }
}
