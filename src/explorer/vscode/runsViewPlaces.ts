// A batch or workflow opened by "Cargo: Open…" or a link into VS Code, shown in the Runs view. A batch
// the view has loaded is selected and expanded where it is. One it has not (far down the list, past
// pages never loaded) is shown on its own, the view filtered to it, which the view's description says
// and Clear Filters undoes: one request, rather than page after page to reach it. A workflow: the view
// filtered to that workflow's batches.
import * as vscode from 'vscode';
import type { Batch } from '../../api';
import type { Log } from '../../core/log';
import { VIEWS } from '../../ids';
import type { RunsViewPlaces } from '../../runs/openCargo';
import type { WorkflowNames } from '../../runs/workflowNames';
import type { ExplorerNode } from '../explorerNodes';
import type { RunsExplorerModel } from '../runsExplorerModel';

export function runsViewPlaces(deps: { view: vscode.TreeView<ExplorerNode>; model: RunsExplorerModel; names: WorkflowNames; log: Log }): RunsViewPlaces {
  const { view, model, names, log } = deps;
  const workflowFilter = async (workflowUuid: string) => ({
    uuid: workflowUuid,
    name: (await names.nameOf(workflowUuid)) ?? `Workflow ${workflowUuid.slice(0, 8)}`,
  });
  return {
    hasBatch: (batchUuid) => model.batchNode(batchUuid) !== undefined,

    async revealBatch(batchUuid: string, batch?: Batch): Promise<void> {
      try {
        await vscode.commands.executeCommand(`${VIEWS.runs}.focus`);
        if (batch && !model.batchNode(batchUuid)) {
          model.setFilter({ runStatuses: [], workflow: await workflowFilter(batch.workflowUuid), batch: { uuid: batchUuid } });
          // The rows the reveal walks through: the root's (the filtered list), and its workflow's group when grouped.
          for (const root of await model.children(undefined)) if (root.kind === 'workflow') await model.children(root);
        }
        const node = model.batchNode(batchUuid);
        if (node) await view.reveal(node, { select: true, focus: true, expand: true });
      } catch (error) {
        log.debug(`Could not reveal batch ${batchUuid} in the tree: ${String(error)}`);
      }
    },

    async showWorkflow(workflowUuid: string): Promise<void> {
      model.setFilter({ runStatuses: [], workflow: await workflowFilter(workflowUuid) });
      await vscode.commands.executeCommand(`${VIEWS.runs}.focus`);
    },
  };
}
