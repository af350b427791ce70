import * as vscode from 'vscode';
import type { ExplorerNode } from '../explorerNodes';
import { targetNode, targetRun } from './explorerTarget';

/** Copies the uuid of the batch, run or workflow (or the node uuid of an execution). */
export function copyUuid(view: vscode.TreeView<ExplorerNode>) {
  return async (arg?: unknown): Promise<void> => {
    const node = targetNode(arg, view);
    const uuid =
      node?.kind === 'batch'
        ? node.batch.uuid
        : node?.kind === 'run'
          ? node.run.uuid
          : node?.kind === 'execution'
            ? node.execution.nodeUuid
            : node?.kind === 'workflow'
              ? node.workflowUuid
              : undefined;
    if (!uuid) return;
    await vscode.env.clipboard.writeText(uuid);
    vscode.window.setStatusBarMessage(`Copied ${uuid}`, 3000);
  };
}

export function copyRecordId(view: vscode.TreeView<ExplorerNode>) {
  return async (arg?: unknown): Promise<void> => {
    const run = targetRun(arg, view);
    if (!run) return;
    await vscode.env.clipboard.writeText(run.run.recordId);
    vscode.window.setStatusBarMessage(`Copied record id ${run.run.recordId.slice(0, 80)}`, 3000);
  };
}
