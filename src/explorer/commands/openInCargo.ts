import * as vscode from 'vscode';
import { readSettings } from '../../connection/settings';
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

export function webAppUrl(base: string, node: ExplorerNode): string | undefined {
  const enc = encodeURIComponent;
  switch (node.kind) {
    case 'workflow':
      return `${base}/workflows/${enc(node.workflowUuid)}`;
    case 'batch':
      return `${base}/workflows/${enc(node.batch.workflowUuid)}/batches/${enc(node.batch.uuid)}`;
    case 'run':
      return runWebAppUrl(base, node.run.workflowUuid, node.run.uuid);
    case 'execution':
      return runWebAppUrl(base, node.parent.run.workflowUuid, node.parent.run.uuid);
    default:
      return undefined;
  }
}

/** A run's page in Cargo's web app. */
export function runWebAppUrl(base: string, workflowUuid: string, runUuid: string): string {
  return `${base}/workflows/${encodeURIComponent(workflowUuid)}/runs/${encodeURIComponent(runUuid)}`;
}
