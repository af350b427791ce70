// Cancel Run / Cancel Batch, after a modal confirmation. Never retried automatically.
import * as vscode from 'vscode';
import { noteFailure, type ClientSource } from '../../../core/clientSource';
import { requireClient } from '../../../connection/vscode/requireClient';
import { pluralInFull } from '../../../shared/format';
import { errorText, notificationText, statusBarText } from '../../../shared/text';
import { cancelBatchNow, cancelRunNow } from '../../cancelling';
import type { RunsExplorerModel } from '../../runsExplorerModel';
import type { ExplorerTargets } from './explorerTarget';

interface Deps {
  clients: ClientSource;
  model: RunsExplorerModel;
  rows: ExplorerTargets;
  log: vscode.LogOutputChannel;
}

export function cancelRun(deps: Deps) {
  return async (arg?: unknown): Promise<void> => {
    const node = deps.rows.runNode(arg);
    if (!node) return;
    const run = node.run;
    const title = run.recordTitle || run.recordId;
    const confirm = 'Cancel Run';
    const answer = await vscode.window.showWarningMessage(
      `Cancel the run of "${notificationText(title, 80)}"?`,
      { modal: true, detail: 'Nodes that have not run yet will not run.' },
      confirm,
    );
    if (answer !== confirm) return;
    const client = await requireClient(deps.clients);
    if (!client) return;
    const outcome = await cancelRunNow(client, run);
    if (outcome.kind === 'failed') {
      noteFailure(deps.clients, outcome.error);
      deps.log.error(`Cancelling run ${run.uuid} failed: ${errorText(outcome.error, 500)}`);
      void vscode.window.showErrorMessage(notificationText(outcome.message, 600));
    } else {
      deps.log.info(`Cancelled run ${run.uuid}.`);
      vscode.window.setStatusBarMessage(`Cancelling the run of "${statusBarText(title, 60)}"…`, 4000);
    }
    await deps.model.refreshNode(node);
  };
}

export function cancelBatch(deps: Deps) {
  return async (arg?: unknown): Promise<void> => {
    const node = deps.rows.batchNode(arg);
    if (!node) return;
    const batch = node.batch;
    const confirm = 'Cancel Batch';
    const answer = await vscode.window.showWarningMessage(
      `Cancel this batch of ${pluralInFull(batch.runsCount, 'run')}?`,
      { modal: true, detail: `${pluralInFull(batch.runsCount - batch.executedRunsCount, 'run')} not finished will be cancelled.` },
      confirm,
    );
    if (answer !== confirm) return;
    const client = await requireClient(deps.clients);
    if (!client) return;
    const outcome = await cancelBatchNow(client, batch.uuid);
    switch (outcome.kind) {
      case 'cancelled':
        deps.log.info(`Cancelled batch ${batch.uuid}.`);
        vscode.window.setStatusBarMessage('Cancelling the batch…', 4000);
        break;
      case 'finished':
        deps.log.info(`Batch ${batch.uuid} had already finished: nothing to cancel.`);
        void vscode.window.showInformationMessage(outcome.message);
        break;
      case 'failed':
        noteFailure(deps.clients, outcome.error);
        deps.log.error(`Cancelling batch ${batch.uuid} failed: ${errorText(outcome.error, 500)}`);
        void vscode.window.showErrorMessage(notificationText(outcome.message, 600));
    }
    await deps.model.refreshBatch(node);
  };
}
