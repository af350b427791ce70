// Narrowing the runs explorer: by run status, by workflow, by record title or id; and clearing.
import * as vscode from 'vscode';
import { RUN_STATUSES, type RunStatus } from '../../../api';
import { errorText, notificationText, quickPickText } from '../../../shared/text';
import { askText } from '../../../vscode/askText';
import { NO_FILTER, readRecordQuery } from '../../explorerFilter';
import type { RunsExplorerModel } from '../../runsExplorerModel';

export function filterByStatus(model: RunsExplorerModel) {
  return async (): Promise<void> => {
    const current = new Set(model.currentFilter.runStatuses);
    const picked = await vscode.window.showQuickPick(
      RUN_STATUSES.map((status) => ({ label: status, picked: current.has(status) })),
      { title: 'Cargo: Filter Runs by Status', placeHolder: 'Show only runs with these statuses (none = all)', canPickMany: true },
    );
    if (!picked) return;
    model.setFilter({ ...model.currentFilter, runStatuses: picked.map((item) => item.label as RunStatus) });
  };
}

export function filterByWorkflow(model: RunsExplorerModel, log: vscode.LogOutputChannel) {
  return async (): Promise<void> => {
    const items = (async () => {
      try {
        const names = await model.loadWorkflowNames();
        const entries = [...names.entries()].sort((a, b) => a[1].localeCompare(b[1]));
        return [
          { label: '$(clear-all) All workflows', uuid: undefined as string | undefined, name: '' },
          ...entries.map(([uuid, name]) => ({ label: quickPickText(name), description: uuid, uuid, name })),
        ];
      } catch (error) {
        log.warn(`Could not list workflows: ${errorText(error, 500)}`);
        void vscode.window.showErrorMessage(notificationText(`Could not list Cargo workflows: ${errorText(error, 500)}`, 600));
        return [];
      }
    })();
    const picked = await vscode.window.showQuickPick(items, {
      title: 'Cargo: Filter Batches by Workflow',
      placeHolder: 'Show the batches of one workflow',
      matchOnDescription: true,
    });
    if (!picked) return;
    // Another workflow is another list: a batch opened from a link is no longer the only one shown.
    const { workflow: _previous, batch: _batch, ...rest } = model.currentFilter;
    model.setFilter(picked.uuid ? { ...rest, workflow: { uuid: picked.uuid, name: picked.name } } : rest);
  };
}

export function filterByRecord(model: RunsExplorerModel) {
  return async (): Promise<void> => {
    const typed = await askText({
      title: 'Cargo: Filter Runs by Record',
      prompt: 'Show runs whose record title or id contains this text (empty to clear).',
      value: model.currentFilter.recordQuery ?? '',
      problem: (value) => readRecordQuery(value).problem,
    });
    const query = typed === undefined ? undefined : readRecordQuery(typed).query;
    if (query === undefined) return;
    const { recordQuery: _previous, ...rest } = model.currentFilter;
    model.setFilter(query ? { ...rest, recordQuery: query } : rest);
  };
}

export function clearFilters(model: RunsExplorerModel) {
  return (): void => model.setFilter(NO_FILTER);
}
