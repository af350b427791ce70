import * as vscode from 'vscode';
import { statusBarText } from '../../shared/text';
import type { ExplorerNode } from '../explorerNodes';
import { targetNode, targetRun } from './explorerTarget';

/** Copies the uuid of the batch, run or workflow (or the node uuid of an execution). */
export function copyUuid(view: vscode.TreeView<ExplorerNode>) {
  return async (arg?: unknown): Promise<void> => {
    const uuid = uuidOf(targetNode(arg, view));
    if (!uuid) return;
    await vscode.env.clipboard.writeText(uuid);
    vscode.window.setStatusBarMessage(`Copied ${statusBarText(uuid, 60)}`, 3000);
  };
}

function uuidOf(node: ExplorerNode | undefined): string | undefined {
  switch (node?.kind) {
    case 'batch':
      return node.batch.uuid;
    case 'run':
      return node.run.uuid;
    case 'execution':
      return node.execution.nodeUuid;
    case 'workflow':
      return node.workflowUuid;
    default:
      return undefined;
  }
}

export function copyRecordId(view: vscode.TreeView<ExplorerNode>) {
  return async (arg?: unknown): Promise<void> => {
    const run = targetRun(arg, view);
    if (!run) return;
    await vscode.env.clipboard.writeText(run.run.recordId);
    vscode.window.setStatusBarMessage(`Copied record id ${statusBarText(run.run.recordId, 80)}`, 3000);
  };
}
