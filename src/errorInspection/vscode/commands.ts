// The commands of failures: open the run at its failing execution, copy the error (hovers, quick
// fixes), show a failed execution's whole error (its row, or the execution a command was invoked on),
// and watch a run for its failure.
import * as vscode from 'vscode';
import type { CommandTargets } from '../../runs/commandTarget';
import { failureMessage } from '../../runs/runFailure';
import { runUuidIn } from '../../runs/runLinks';
import type { RunOpener } from '../../runs/runOpener';
import { errorDocumentUri } from './errorDocument';
import type { RunFailureDiagnostics } from './runFailureDiagnostics';

/** From a hover's or quick fix's link: arguments checked, never trusted. */
export function openFailingExecution(opener: RunOpener) {
  return (runUuid?: unknown, index?: unknown): void => {
    const uuid = typeof runUuid === 'string' ? runUuidIn(runUuid) : undefined;
    if (!uuid) return;
    opener.open(uuid, typeof index === 'number' && Number.isSafeInteger(index) && index >= 0 ? { execution: index } : {});
  };
}

export function copyRunError(diagnostics: RunFailureDiagnostics) {
  return async (runUuid?: unknown): Promise<void> => {
    const shown = typeof runUuid === 'string' ? diagnostics.failureOfRun(runUuid) : undefined;
    if (!shown) return;
    await vscode.env.clipboard.writeText(failureMessage(shown.failure));
    vscode.window.setStatusBarMessage('Copied the error of the run.', 3000);
  };
}

/** "Show Error" on a failed execution: its whole error, input and config, beside. */
export function showExecutionError(targets: CommandTargets) {
  return async (arg?: unknown): Promise<void> => {
    const target = targets.run(arg);
    if (!target?.execution) return;
    const { index, execution } = target.execution;
    const document = await vscode.workspace.openTextDocument(errorDocumentUri(target.runUuid, index, execution.nodeSlug));
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  };
}

/** "Watch Run" (a run in the tree, or the active run panel's): its failure, if it fails, goes to the Problems panel. */
export function watchRun(deps: { diagnostics: RunFailureDiagnostics; targets: CommandTargets }) {
  return (arg?: unknown): void => {
    const target = deps.targets.run(arg);
    if (!target) {
      void vscode.window.showInformationMessage('Watch Run works on a run: right-click one in the Runs view, or use it from its panel.');
      return;
    }
    vscode.window.setStatusBarMessage('Cargo: watching the run; its failure, if it fails, goes to the Problems panel.', 5000);
    void deps.diagnostics.watch(target.runUuid, target.run?.workflowUuid);
  };
}
