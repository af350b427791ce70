// The commands of failures: open the run at its failing execution, copy the error (hovers, quick
// fixes), show a failed execution's whole error (tree).
import * as vscode from 'vscode';
import { runUuidIn } from '../core/webAppUrls';
import type { RunPanelManager } from '../runPanel/runPanelManager';
import type { RunFailureDiagnostics } from './runFailureDiagnostics';
import { targetNode } from '../explorer/commands/explorerTarget';
import type { ExplorerNode } from '../explorer/explorerNodes';
import { errorDocumentUri } from './errorDocument';

/** Arguments come from command links too: checked, never trusted. */
export function openFailingExecution(panels: RunPanelManager) {
  return (runUuid?: unknown, index?: unknown): void => {
    const uuid = typeof runUuid === 'string' ? runUuidIn(runUuid) : undefined;
    if (!uuid) return;
    panels.show(uuid, undefined, typeof index === 'number' && Number.isSafeInteger(index) && index >= 0 ? { execution: index } : {});
  };
}

export function copyRunError(diagnostics: RunFailureDiagnostics) {
  return async (runUuid?: unknown): Promise<void> => {
    const shown = typeof runUuid === 'string' ? diagnostics.failureOfRun(runUuid) : undefined;
    if (!shown) return;
    await vscode.env.clipboard.writeText(shown.failure.message);
    vscode.window.setStatusBarMessage('Copied the error of the run.', 3000);
  };
}

/** "Show Error" on a failed execution in the tree: its whole error, input and config, beside. */
export function showExecutionError(view: vscode.TreeView<ExplorerNode>) {
  return async (arg?: unknown): Promise<void> => {
    const node = targetNode(arg, view);
    if (node?.kind !== 'execution') return;
    const document = await vscode.workspace.openTextDocument(errorDocumentUri(node.parent.run.uuid, node.index, node.execution.nodeSlug));
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  };
}

/** "Watch Run" (a run in the tree, or the active run panel's): its failure, if it fails, goes to the Problems panel. */
export function watchRun(deps: { diagnostics: RunFailureDiagnostics; view: vscode.TreeView<ExplorerNode>; panels: RunPanelManager }) {
  return (arg?: unknown): void => {
    const node = targetNode(arg, deps.view);
    const run = node?.kind === 'run' ? node.run : node?.kind === 'execution' ? node.parent.run : undefined;
    const runUuid = run?.uuid ?? deps.panels.activeRunUuid();
    if (!runUuid) {
      void vscode.window.showInformationMessage('Watch Run works on a run: right-click one in the Runs view, or use it from its panel.');
      return;
    }
    vscode.window.setStatusBarMessage('Cargo: watching the run; its failure, if it fails, goes to the Problems panel.', 5000);
    void deps.diagnostics.watch(runUuid, run?.workflowUuid);
  };
}
