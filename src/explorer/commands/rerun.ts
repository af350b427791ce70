// Re-run with the same data: starts a new run of the same workflow (and release) with the record
// the original run started from. Creating a run is not idempotent: one confirmed attempt, no retry.
import * as vscode from 'vscode';
import { CargoNetworkError, type RunDetails } from '../../api';
import type { ClientSource } from '../../core/clientSource';
import { startData } from '../../core/startData';
import { COMMANDS } from '../../ids';
import { noteFailure, requireClient } from '../../connection/requireClient';
import { errorText, notificationText } from '../../shared/text';
import type { ExplorerNode } from '../explorerNodes';
import { targetRun } from './explorerTarget';

export function rerun(deps: { clients: ClientSource; view: vscode.TreeView<ExplorerNode>; log: vscode.LogOutputChannel }) {
  return async (arg?: unknown): Promise<void> => {
    const node = targetRun(arg, deps.view);
    if (!node) return;
    const client = await requireClient(deps.clients);
    if (!client) return;
    // Run data: inert in every notification, dialog and progress title it appears in.
    const title = notificationText(node.run.recordTitle || node.run.recordId, 80);

    let details: RunDetails;
    try {
      details = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Reading the data of "${title}"…` }, () =>
        client.getRun(node.run.uuid),
      );
    } catch (error) {
      noteFailure(deps.clients, error);
      void vscode.window.showErrorMessage(notificationText(`Could not read the run's data: ${errorText(error, 500)}`, 600));
      return;
    }
    const data = startData(details);
    if (!data) {
      void vscode.window.showErrorMessage(`The run of "${title}" has no input record to re-run with.`);
      return;
    }

    const confirm = 'Start Run';
    const answer = await vscode.window.showInformationMessage(
      `Start a new run of "${title}" with the same data?`,
      { modal: true, detail: 'This creates a new run in Cargo and may use credits.' },
      confirm,
    );
    if (answer !== confirm) return;

    try {
      const run = await client.createRun({
        workflowUuid: details.run.workflowUuid,
        data,
        ...(details.run.releaseUuid ? { releaseUuid: details.run.releaseUuid } : {}),
      });
      deps.log.info(`Started run ${run.uuid} (re-run of ${node.run.uuid}).`);
      const open = 'Open Run';
      if ((await vscode.window.showInformationMessage(`Started a new run of "${title}".`, open)) === open) {
        await vscode.commands.executeCommand(COMMANDS.openRunByUuid, run.uuid);
      }
    } catch (error) {
      noteFailure(deps.clients, error);
      deps.log.error(`Re-running ${node.run.uuid} failed: ${errorText(error, 500)}`);
      const unsure = error instanceof CargoNetworkError && error.mayHaveSucceeded;
      void vscode.window.showErrorMessage(
        notificationText(
          unsure
            ? `The answer to "start run" was lost: the run may or may not have started. Refresh before trying again. (${errorText(error, 500)})`
            : `Could not start the run: ${errorText(error, 500)}`,
          800,
        ),
      );
    }
  };
}
