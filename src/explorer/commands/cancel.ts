// Cancel Run / Cancel Batch, after a modal confirmation. Never retried automatically.
import * as vscode from 'vscode';
import type { CargoConnection } from '../../connection/connection';
import type { ExplorerNode } from '../explorerNodes';
import type { RunsExplorerModel } from '../runsExplorerModel';
import { cut } from '../presentation';
import { targetBatch, targetRun } from './explorerTarget';
import { errorMessage, requireClient } from '../../connection/requireClient';

interface Deps {
  connection: CargoConnection;
  model: RunsExplorerModel;
  view: vscode.TreeView<ExplorerNode>;
  log: vscode.LogOutputChannel;
}

export function cancelRun(deps: Deps) {
  return async (arg?: unknown): Promise<void> => {
    const node = targetRun(arg, deps.view);
    if (!node) return;
    const run = node.run;
    const title = cut(run.recordTitle || run.recordId, 80);
    const confirm = 'Cancel Run';
    const answer = await vscode.window.showWarningMessage(
      `Cancel the run of "${title}"?`,
      { modal: true, detail: 'Nodes that have not run yet will not run.' },
      confirm,
    );
    if (answer !== confirm) return;
    const client = await requireClient(deps.connection);
    if (!client) return;
    try {
      await client.cancelRuns({ workflowUuid: run.workflowUuid, uuids: [run.uuid] });
      deps.log.info(`Cancelled run ${run.uuid}.`);
      vscode.window.setStatusBarMessage(`Cancelling the run of "${title}"…`, 4000);
    } catch (error) {
      deps.log.error(`Cancelling run ${run.uuid} failed: ${errorMessage(error)}`);
      void vscode.window.showErrorMessage(`Could not cancel the run: ${errorMessage(error)}`);
    }
    await deps.model.refreshNode(node);
  };
}

export function cancelBatch(deps: Deps) {
  return async (arg?: unknown): Promise<void> => {
    const node = targetBatch(arg, deps.view);
    if (!node) return;
    const batch = node.batch;
    const confirm = 'Cancel Batch';
    const answer = await vscode.window.showWarningMessage(
      `Cancel this batch of ${batch.runsCount} runs?`,
      { modal: true, detail: `${batch.runsCount - batch.executedRunsCount} runs have not finished; they will be cancelled.` },
      confirm,
    );
    if (answer !== confirm) return;
    const client = await requireClient(deps.connection);
    if (!client) return;
    try {
      await client.cancelBatch(batch.uuid);
      deps.log.info(`Cancelled batch ${batch.uuid}.`);
      vscode.window.setStatusBarMessage('Cancelling the batch…', 4000);
    } catch (error) {
      deps.log.error(`Cancelling batch ${batch.uuid} failed: ${errorMessage(error)}`);
      void vscode.window.showErrorMessage(`Could not cancel the batch: ${errorMessage(error)}`);
    }
    await deps.model.refreshBatch(node);
  };
}
