// "Show Failures": the batch of the node it is invoked on (a batch, or a run of it), of the explorer's
// selection, or of the run in the active run panel; its failure report goes to the Failures view.
import * as vscode from 'vscode';
import type { Batch } from '../api';
import type { ClientSource } from '../core/clientSource';
import { noteFailure, requireClient } from '../connection/requireClient';
import { targetBatch, targetNode } from '../explorer/commands/explorerTarget';
import type { ExplorerNode } from '../explorer/explorerNodes';
import { present } from '../explorer/presentation';
import type { RunPanelManager } from '../runPanel/runPanelManager';
import type { WatchedRuns } from '../runPanel/watchedRun';
import { errorText, notificationText } from '../shared/text';
import type { FailuresView } from './failuresView';

export function showFailures(deps: {
  view: FailuresView;
  explorer: vscode.TreeView<ExplorerNode>;
  panels: RunPanelManager;
  runs: WatchedRuns;
  clients: ClientSource;
}) {
  return async (arg?: unknown): Promise<void> => {
    const batch = targetBatch(arg, deps.explorer)?.batch ?? (await batchOfActivePanel(deps));
    if (!batch) return;
    const title = `Batch ${present({ kind: 'batch', id: `batch:${batch.uuid}`, parent: undefined, batch, runs: undefined as never }).label}`;
    await deps.view.show(batch, title);
  };
}

async function batchOfActivePanel(deps: { panels: RunPanelManager; runs: WatchedRuns; clients: ClientSource }): Promise<Batch | undefined> {
  const runUuid = deps.panels.activeRunUuid();
  const batchUuid = runUuid ? deps.runs.peek(runUuid)?.loaded?.details.run.batchUuid : undefined;
  if (!batchUuid) {
    void vscode.window.showInformationMessage(
      runUuid
        ? 'This run belongs to no batch: Show Failures groups the failed runs of a batch.'
        : 'Show Failures works on a batch: right-click a batch in the Runs view, or use it from the panel of a run of that batch.',
    );
    return undefined;
  }
  const client = await requireClient(deps.clients);
  if (!client) return undefined;
  try {
    return await client.getBatch(batchUuid);
  } catch (error) {
    noteFailure(deps.clients, error);
    void vscode.window.showErrorMessage(notificationText(`Could not read the run's batch: ${errorText(error, 400)}`, 500));
    return undefined;
  }
}

/** "Show Node Health" on a workflow group of the Runs view (grouped by workflow). */
export function showNodeHealth(deps: { view: FailuresView; explorer: vscode.TreeView<ExplorerNode> }) {
  return async (arg?: unknown): Promise<void> => {
    const node = targetNode(arg, deps.explorer);
    if (node?.kind !== 'workflow') {
      void vscode.window.showInformationMessage('Show Node Health works on a workflow: group the Runs view by workflow and right-click one.');
      return;
    }
    await deps.view.showWorkflowHealth(node.workflowUuid, node.name);
  };
}
