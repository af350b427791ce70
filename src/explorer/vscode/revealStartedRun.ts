// A run just started from VS Code, shown in the Runs view: the view focused, "Started from VS Code"
// loaded, and the run's row selected (without taking the focus from the editor).
import * as vscode from 'vscode';
import type { Log } from '../../core/log';
import { VIEWS } from '../../ids';
import type { ExplorerNode } from '../explorerNodes';
import type { RunsExplorerModel } from '../runsExplorerModel';

export function revealStartedRun(deps: { view: vscode.TreeView<ExplorerNode>; model: RunsExplorerModel; log: Log }) {
  return async (runUuid: string): Promise<void> => {
    try {
      await vscode.commands.executeCommand(`${VIEWS.runs}.focus`);
      const root = (await deps.model.children(undefined)).find((node) => node.kind === 'started');
      if (!root) return;
      await deps.model.children(root);
      const node = deps.model.startedRunNode(runUuid);
      if (node) await deps.view.reveal(node, { select: true, focus: false, expand: false });
    } catch (error) {
      deps.log.debug(`Could not reveal run ${runUuid} in the tree: ${String(error)}`);
    }
  };
}
