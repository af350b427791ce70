// "Show Failures": the batch a command was invoked on (a batch, or a run of it: its row, the selection,
// or the active run panel's run); its failure report goes to the Failures view. "Show Node Health": a
// workflow's.
import * as vscode from 'vscode';
import type { Batch } from '../../api';
import { noteFailure, type ClientSource } from '../../core/clientSource';
import { requireClient } from '../../connection/vscode/requireClient';
import type { CommandTargets } from '../../runs/commandTarget';
import { batchLabel } from '../../runs/labels';
import { errorText, notificationText } from '../../shared/text';
import type { WorkflowNames } from '../../runs/workflowNames';
import type { FailuresView } from './failuresView';

export function showFailures(deps: { view: FailuresView; targets: CommandTargets; clients: ClientSource; names: WorkflowNames }) {
  return async (arg?: unknown): Promise<void> => {
    const batch = await batchOf(deps, arg);
    // Named as its row in the Runs view is; the names are cached (the view or the run panel asked for them).
    if (batch) await deps.view.show(batch, `Batch ${batchLabel(batch, await deps.names.nameOf(batch.workflowUuid))}`);
  };
}

/** The target's batch: the batch itself, the one its row is listed under, or the one its run names (asked of Cargo). */
async function batchOf(deps: { targets: CommandTargets; clients: ClientSource }, arg: unknown): Promise<Batch | undefined> {
  const target = deps.targets.resolve(arg);
  if (target?.kind === 'batch') return target.batch;
  if (target?.kind === 'run' && target.batch) return target.batch;
  const batchUuid = target?.kind === 'run' ? target.run?.batchUuid : undefined;
  if (!batchUuid) {
    void vscode.window.showInformationMessage(
      target?.kind === 'run'
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
export function showNodeHealth(deps: { view: FailuresView; targets: CommandTargets }) {
  return async (arg?: unknown): Promise<void> => {
    const target = deps.targets.resolve(arg);
    if (target?.kind !== 'workflow') {
      void vscode.window.showInformationMessage('Show Node Health works on a workflow: group the Runs view by workflow and right-click one.');
      return;
    }
    await deps.view.showWorkflowHealth(target.workflowUuid, target.name);
  };
}
