// The commands of a failure's hover and code actions: open the run at its failing execution, copy the error.
import * as vscode from 'vscode';
import { runUuidIn } from '../core/webAppUrls';
import type { RunPanelManager } from '../runPanel/runPanelManager';
import type { RunFailureDiagnostics } from './runFailureDiagnostics';

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
