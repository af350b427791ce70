// Open Run on a run or execution of the tree (click, context menu): the run's panel.
import type * as vscode from 'vscode';
import type { RunPanelManager } from '../../runPanel/runPanelManager';
import type { ExplorerNode } from '../explorerNodes';
import { targetRun } from './explorerTarget';

export function openRun(view: vscode.TreeView<ExplorerNode>, panels: RunPanelManager) {
  return (arg?: unknown): void => {
    const node = targetRun(arg, view);
    if (node) panels.show(node.run.uuid, node.run);
  };
}
