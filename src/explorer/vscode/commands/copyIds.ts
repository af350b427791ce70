// Copy UUID and Copy Record ID, on whatever a command was invoked on (a row, the selection, a panel).
import * as vscode from 'vscode';
import type { CommandTarget, CommandTargets } from '../../../runs/commandTarget';
import { statusBarText } from '../../../shared/text';

/** Copies the uuid of the workflow, batch or run (or the node uuid of an execution). */
export function copyUuid(targets: CommandTargets) {
  return async (arg?: unknown): Promise<void> => {
    const uuid = uuidOf(targets.resolve(arg));
    if (!uuid) return;
    await vscode.env.clipboard.writeText(uuid);
    vscode.window.setStatusBarMessage(`Copied ${statusBarText(uuid, 60)}`, 3000);
  };
}

function uuidOf(target: CommandTarget | undefined): string | undefined {
  switch (target?.kind) {
    case 'workflow':
      return target.workflowUuid;
    case 'batch':
      return target.batch.uuid;
    case 'run':
      return target.execution ? target.execution.execution.nodeUuid : target.runUuid;
    default:
      return undefined;
  }
}

export function copyRecordId(targets: CommandTargets) {
  return async (arg?: unknown): Promise<void> => {
    const recordId = targets.run(arg)?.run?.recordId;
    if (recordId === undefined) return;
    await vscode.env.clipboard.writeText(recordId);
    vscode.window.setStatusBarMessage(`Copied record id ${statusBarText(recordId, 80)}`, 3000);
  };
}
