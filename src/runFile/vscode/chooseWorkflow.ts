// "Choose Workflow for This File…": a run file gets the uuid written into it (one undoable edit, with
// the workflow's name as a comment); another JSON file remembers it for the workspace.
import type * as vscode from 'vscode';
import type { ClientSource } from '../../core/clientSource';
import { requireClient } from '../../connection/vscode/requireClient';
import type { WorkflowNames } from '../../runs/workflowNames';
import { quickPickText } from '../../shared/text';
import type { FileWorkflows } from '../fileWorkflows';
import { isRunFileName } from '../runFileName';
import { fileLabel, fileTarget, runFileWorkflow, writeWorkflowUuid } from './fileTarget';
import { pickWorkflow } from './picks';

export function chooseWorkflow(deps: {
  readonly clients: ClientSource;
  readonly names: WorkflowNames;
  readonly fileWorkflows: FileWorkflows;
  readonly log: vscode.LogOutputChannel;
}) {
  return async (arg?: unknown): Promise<void> => {
    const target = await fileTarget(arg);
    if (!target) return;
    const client = await requireClient(deps.clients);
    if (!client) return;
    const { document } = target;
    const asRunFile = isRunFileName(document.uri.path);
    const current = asRunFile ? runFileWorkflow(document) : deps.fileWorkflows.get(document.uri.toString())?.workflowUuid;
    const workflow = await pickWorkflow(deps, client, {
      title: `Run ${quickPickText(fileLabel(document), 80)} with which workflow?`,
      ...(current ? { current } : {}),
    });
    if (!workflow) return;
    if (asRunFile) await writeWorkflowUuid(document, workflow.uuid, (await deps.names.nameOf(workflow.uuid)) ?? undefined);
    else deps.fileWorkflows.set(document.uri.toString(), { workflowUuid: workflow.uuid });
  };
}
