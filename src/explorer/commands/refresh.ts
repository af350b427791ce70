import type * as vscode from 'vscode';
import type { ExplorerNode } from '../explorerNodes';
import type { RunsExplorerModel } from '../runsExplorerModel';
import type { RunsTreeProvider } from '../runsTreeProvider';

/** The view's Refresh button refreshes everything; a node's Refresh only that node's list. */
export function refresh(deps: { model: RunsExplorerModel; tree: RunsTreeProvider; view: vscode.TreeView<ExplorerNode> }) {
  return async (arg?: unknown): Promise<void> => {
    if (typeof arg === 'object' && arg !== null && 'kind' in arg) {
      await deps.model.refreshNode(arg as ExplorerNode);
      return;
    }
    deps.tree.refresh();
  };
}
