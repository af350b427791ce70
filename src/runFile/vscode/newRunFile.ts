// "Cargo: New Run File…": a run file of a picked workflow in a new editor, its data the last run's
// input when there is one (else the release's form fields, empty).
import * as vscode from 'vscode';
import { noteFailure, type ClientSource } from '../../core/clientSource';
import { requireClient } from '../../connection/vscode/requireClient';
import type { WorkflowNames } from '../../runs/workflowNames';
import { errorText, notificationText } from '../../shared/text';
import { lastInputOrSkeleton, skeletonData } from '../runFileData';
import { newRunFileText } from '../runFileEdits';
import { runFileName } from '../runFileName';
import { pickWorkflow } from './picks';

export function newRunFile(deps: { readonly clients: ClientSource; readonly names: WorkflowNames; readonly log: vscode.LogOutputChannel }) {
  return async (): Promise<void> => {
    const client = await requireClient(deps.clients);
    if (!client) return;
    const workflow = await pickWorkflow(deps, client, { title: 'New run file for which workflow?' });
    if (!workflow) return;
    const name = (await deps.names.nameOf(workflow.uuid)) ?? `workflow-${workflow.uuid.slice(0, 8)}`;
    let data: Record<string, unknown>;
    try {
      data = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Reading the last run of "${notificationText(name, 80)}"…` },
        () => lastInputOrSkeleton(client, workflow),
      );
    } catch (error) {
      noteFailure(deps.clients, error);
      deps.log.warn(`New run file: could not read the last run of ${workflow.uuid}: ${errorText(error, 300)}`);
      data = skeletonData(workflow);
    }
    const text = newRunFileText({ workflowUuid: workflow.uuid, workflowName: name, data });
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const fileName = runFileName(name);
    const uri = folder ? vscode.Uri.joinPath(folder, fileName).with({ scheme: 'untitled' }) : vscode.Uri.from({ scheme: 'untitled', path: fileName });
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.replace(new vscode.Range(0, 0, document.lineCount, 0), text));
  };
}
