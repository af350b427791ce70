// The quick picks of starting a run: which workflow (tools' only, by name) and which release.
import * as vscode from 'vscode';
import type { CargoClient, Release, Workflow } from '../../api';
import { noteFailure, type ClientSource } from '../../core/clientSource';
import type { WorkflowNames } from '../../runs/workflowNames';
import { errorText, notificationText, quickPickText } from '../../shared/text';
import { releaseRows, workflowRows, type PickRow } from '../presentation';

interface PickDeps {
  readonly clients: ClientSource;
  readonly names: WorkflowNames;
  readonly log: vscode.LogOutputChannel;
}

type RowItem<T> = vscode.QuickPickItem & { readonly value: T };

/** A tool's workflow, or undefined when the user dismissed the pick (or it could not load, said so). */
export async function pickWorkflow(deps: PickDeps, client: CargoClient, options: { title: string; current?: string }): Promise<Workflow | undefined> {
  const rows = (async () => {
    const [workflows, names] = await Promise.all([client.listWorkflows(), deps.names.all()]);
    return workflowRows(workflows, names, options.current);
  })();
  return pick(deps, rows, {
    title: options.title,
    placeHolder: 'A tool’s workflow (plays are not listed: they run on segments, not single records)',
    empty: 'This workspace has no tool workflows to run. Create a tool in Cargo first.',
    what: 'the workflows',
  });
}

export async function pickRelease(deps: PickDeps, client: CargoClient, workflowUuid: string, workflowName: string): Promise<Release | undefined> {
  const rows = client.listReleases({ workflowUuid, limit: 50 }).then((releases) => releaseRows(releases));
  return pick(deps, rows, {
    title: `Run "${quickPickText(workflowName, 80)}" against which release?`,
    placeHolder: 'The deployed release is the default; the draft has the unpublished changes',
    empty: 'Cargo lists no release of this workflow.',
    what: 'the releases',
  });
}

async function pick<T>(
  deps: PickDeps,
  rows: Promise<PickRow<T>[]>,
  options: { title: string; placeHolder: string; empty: string; what: string },
): Promise<T | undefined> {
  // The rows load while the pick shows its progress bar; a failure closes it and says why.
  const items = rows.then((loaded) => {
    if (loaded.length === 0) throw new Error(options.empty);
    return loaded.map((row): RowItem<T> => ({ ...row, value: row.value }));
  });
  try {
    const picked = await vscode.window.showQuickPick(items, {
      title: options.title,
      placeHolder: options.placeHolder,
      matchOnDescription: true,
      matchOnDetail: true,
    });
    return picked?.value;
  } catch (error) {
    noteFailure(deps.clients, error);
    deps.log.warn(`Could not list ${options.what}: ${errorText(error, 500)}`);
    void vscode.window.showErrorMessage(notificationText(`Could not list ${options.what}: ${errorText(error, 400)}`, 500));
    return undefined;
  }
}
