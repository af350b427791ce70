import * as vscode from 'vscode';
import { readSettings } from '../config';
import type { ExplorerNode } from '../model/explorerNodes';
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

export function webAppUrl(base: string, node: ExplorerNode): string | undefined {
  const enc = encodeURIComponent;
  switch (node.kind) {
    case 'workflow':
      return `${base}/workflows/${enc(node.workflowUuid)}`;
    case 'batch':
      return `${base}/workflows/${enc(node.batch.workflowUuid)}/batches/${enc(node.batch.uuid)}`;
    case 'run':
      return `${base}/workflows/${enc(node.run.workflowUuid)}/runs/${enc(node.run.uuid)}`;
    case 'execution':
      return `${base}/workflows/${enc(node.parent.run.workflowUuid)}/runs/${enc(node.parent.run.uuid)}`;
    default:
      return undefined;
  }
}
