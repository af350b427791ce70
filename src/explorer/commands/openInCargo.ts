import * as vscode from 'vscode';
import { readSettings } from '../../connection/settings';
import { batchWebAppUrl, runWebAppUrl, workflowWebAppUrl } from '../../core/webAppUrls';
import type { ExplorerNode } from '../explorerNodes';
import { targetNode } from './explorerTarget';

/** Opens the batch, run or workflow in Cargo's web app (base URL from `cargo.webAppBaseUrl`). */
export function openInCargo(view: vscode.TreeView<ExplorerNode>) {
  return async (arg?: unknown): Promise<void> => {
    const node = targetNode(arg, view);
    if (!node) return;
    const url = webAppUrl(readSettings().webAppBaseUrl, node);
    if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
  };
}

function webAppUrl(base: string, node: ExplorerNode): string | undefined {
  switch (node.kind) {
    case 'workflow':
      return workflowWebAppUrl(base, node.workflowUuid);
    case 'batch':
      return batchWebAppUrl(base, node.batch.workflowUuid, node.batch.uuid);
    case 'run':
      return runWebAppUrl(base, node.run.workflowUuid, node.run.uuid);
    case 'execution':
      return runWebAppUrl(base, node.parent.run.workflowUuid, node.parent.run.uuid);
    default:
      return undefined;
  }
}
