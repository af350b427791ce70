// Tree commands get the node they were invoked on; from the palette or a keybinding they act on
// the explorer's selection instead.
import type * as vscode from 'vscode';
import type { BatchNode, ExplorerNode, RunNode } from '../explorerNodes';

export function targetNode(arg: unknown, view: vscode.TreeView<ExplorerNode>): ExplorerNode | undefined {
  if (isExplorerNode(arg)) return arg;
  return view.selection[0];
}

export function targetRun(arg: unknown, view: vscode.TreeView<ExplorerNode>): RunNode | undefined {
  const node = targetNode(arg, view);
  if (node?.kind === 'run') return node;
  if (node?.kind === 'execution') return node.parent;
  return undefined;
}

export function targetBatch(arg: unknown, view: vscode.TreeView<ExplorerNode>): BatchNode | undefined {
  const node = targetNode(arg, view);
  if (node?.kind === 'batch') return node;
  const run = node?.kind === 'run' ? node : node?.kind === 'execution' ? node.parent : undefined;
  return run?.parent.kind === 'batch' ? run.parent : undefined;
}

function isExplorerNode(value: unknown): value is ExplorerNode {
  return (
    typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string' && typeof (value as { id?: unknown }).id === 'string'
  );
}
