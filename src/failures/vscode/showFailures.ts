// "Show Failures": the batch a command was invoked on (a batch, or a run of it: its row, the selection,
// or the active run panel's run), or, with none, the one picked among the recent batches; its failure
// report goes to the Failures view. "Show Node Health": a workflow's.
import * as vscode from 'vscode';
import type { Batch } from '../../api';
import { noteFailure, type ClientSource } from '../../core/clientSource';
import { requireClient } from '../../connection/vscode/requireClient';
import type { CommandTargets } from '../../runs/commandTarget';
import { batchLabel } from '../../runs/labels';
import type { WorkflowNames } from '../../runs/workflowNames';
import { errorText, notificationText, quickPickText } from '../../shared/text';
import { BATCHES_TO_PICK, batchPickRows, type BatchPickRow } from '../batchPicks';
import type { FailuresView } from './failuresView';

interface ShowFailuresDeps {
  readonly view: FailuresView;
  readonly targets: CommandTargets;
  readonly clients: ClientSource;
  readonly names: WorkflowNames;
}

export function showFailures(deps: ShowFailuresDeps) {
  return async (arg?: unknown): Promise<void> => {
    const batch = await batchOf(deps, arg);
    // Named as its row in the Runs view is; the names are cached (the view or the run panel asked for them).
    if (batch) await deps.view.show(batch, `Batch ${batchLabel(batch, await deps.names.nameOf(batch.workflowUuid))}`);
  };
}

/**
 * The target's batch: the batch itself, the one its row is listed under, or the one its run names (asked
 * of Cargo); with no target, or a workflow, the one picked among the recent batches (of that workflow).
 */
async function batchOf(deps: ShowFailuresDeps, arg: unknown): Promise<Batch | undefined> {
  const target = deps.targets.resolve(arg);
  if (target?.kind === 'batch') return target.batch;
  if (target?.kind !== 'run') return pickBatch(deps, target);
  if (target.batch) return target.batch;
  const batchUuid = target.run?.batchUuid;
  if (!batchUuid) {
    void vscode.window.showInformationMessage('This run belongs to no batch: Show Failures groups the failed runs of a batch.');
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

type BatchItem = vscode.QuickPickItem & { readonly batch?: Batch };

/** One request for the recent batches (the workflows' names from the one cache), those with failed runs first. */
async function pickBatch(deps: ShowFailuresDeps, workflow?: { readonly workflowUuid: string; readonly name: string }): Promise<Batch | undefined> {
  const client = await requireClient(deps.clients);
  if (!client) return undefined;
  const empty = 'Cargo lists no batch in this workspace yet.';
  // The rows load while the pick shows its progress bar; a failure closes it and says why.
  const items = (async (): Promise<BatchItem[]> => {
    const [batches, names] = await Promise.all([
      client.listBatches({ limit: BATCHES_TO_PICK, ...(workflow ? { workflowUuids: [workflow.workflowUuid] } : {}) }),
      deps.names.all().catch((): ReadonlyMap<string, string> => new Map()),
    ]);
    const rows = batchPickRows(batches, names);
    const section = (label: string, list: readonly BatchPickRow[]): BatchItem[] =>
      list.length === 0 ? [] : [{ label, kind: vscode.QuickPickItemKind.Separator }, ...list];
    const shown = [...section('With failed runs', rows.withFailures), ...section('No failed runs', rows.withoutFailures)];
    if (shown.length === 0) throw new Error(empty);
    return shown;
  })();
  try {
    const picked = await vscode.window.showQuickPick(items, {
      title: workflow ? `Show the failures of which batch of ${quickPickText(workflow.name, 80)}?` : 'Show the failures of which batch?',
      placeHolder: 'Recent batches, those with failed runs first',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    return picked?.batch;
  } catch (error) {
    noteFailure(deps.clients, error);
    const message = error instanceof Error && error.message === empty ? empty : `Could not list the batches: ${errorText(error, 400)}`;
    void vscode.window.showErrorMessage(notificationText(message, 500));
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
