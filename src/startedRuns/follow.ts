// Where a run just started from a file shows up, as the setting cargo.afterStartingRun says: its
// panel beside the file, its row in "Started from VS Code", or nowhere (the status bar counts it).
import * as vscode from 'vscode';
import type { Run } from '../api';
import type { AfterStartingRun } from '../connection/settings';
import type { ExplorerNode } from '../explorer/explorerNodes';
import type { RunsExplorerModel } from '../explorer/runsExplorerModel';
import { VIEWS } from '../ids';
import type { RunPanelManager } from '../runPanel/runPanelManager';

export function followStartedRun(deps: {
  panels: RunPanelManager;
  view: vscode.TreeView<ExplorerNode>;
  model: RunsExplorerModel;
  setting: () => AfterStartingRun;
  log: vscode.LogOutputChannel;
}) {
  return (run: Run, many: boolean): void => {
    const setting = deps.setting();
    if (setting === 'nothing') return;
    // Many runs at once: one panel each would bury the editor; the tree lists them all.
    if (setting === 'panel' && !many) {
      deps.panels.show(run.uuid, run, { beside: true });
      return;
    }
    void revealInTree(deps, run.uuid);
  };
}

async function revealInTree(
  deps: { view: vscode.TreeView<ExplorerNode>; model: RunsExplorerModel; log: vscode.LogOutputChannel },
  runUuid: string,
): Promise<void> {
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
}
