// "Run in Cargo" (palette, editor title, CodeLens, explorer context menu) and "Run in Cargo Against
// Release…": the JSON in the editor (a run file, any object, the selection, an array of objects) is
// started through the run layer's RunStarter. Nothing is sent while the document has an error; what
// the user typed is changed only by an edit they chose.
import * as vscode from 'vscode';
import type { CargoClient } from '../../api';
import type { ClientSource } from '../../core/clientSource';
import { requireClient } from '../../connection/vscode/requireClient';
import { CONTEXT_KEYS } from '../../ids';
import type { RefusalAction, Refused, RunStarter } from '../../runs/runStarter';
import type { WorkflowNames } from '../../runs/workflowNames';
import { notificationText, quickPickText } from '../../shared/text';
import { markReached } from '../../vscode/reached';
import type { FileWorkflows } from '../fileWorkflows';
import { pathOfSpan } from '../inputPath';
import { confirmManyText } from '../presentation';
import { nothingSentText } from '../problemsShown';
import { isRunFileName } from '../runFileName';
import { onlyWorkflowIsMissing, readRunInput, type RunInput, type TextSpan } from '../runInput';
import { chooseWorkflow } from './chooseWorkflow';
import { fileLabel, fileTarget, writeWorkflowUuid } from './fileTarget';
import { pickRelease, pickWorkflow } from './picks';
import type { RunFileDiagnostics } from './runFileDiagnostics';

export interface RunFileDeps {
  readonly clients: ClientSource;
  readonly names: WorkflowNames;
  readonly fileWorkflows: FileWorkflows;
  readonly diagnostics: RunFileDiagnostics;
  readonly starter: RunStarter;
  readonly log: vscode.LogOutputChannel;
}

/** `chooseRelease`: "Run in Cargo Against Release…" asks which release first. */
export function runFile(deps: RunFileDeps, chooseRelease = false) {
  return async (arg?: unknown, options?: { wholeFile?: boolean }): Promise<void> => {
    const target = await fileTarget(arg);
    if (!target) return;
    // The CodeLens runs the file as a whole, whatever happens to be selected in it.
    await runDocument(deps, target.document, options?.wholeFile ? undefined : target.selection, chooseRelease);
  };
}

async function runDocument(deps: RunFileDeps, document: vscode.TextDocument, selection: TextSpan | undefined, chooseRelease: boolean): Promise<void> {
  const asRunFile = isRunFileName(document.uri.path);
  let read = readRunInput(document.getText(), { asRunFile, ...(selection ? { selection } : {}) });
  const tooLarge = read.problems.find((p) => p.code === 'tooLarge');
  if (tooLarge) {
    void vscode.window.showErrorMessage(notificationText(`${fileLabel(document)}: ${tooLarge.message} Nothing was sent.`, 400));
    return;
  }
  deps.diagnostics.show(document, read.problems, { asRunFile, ...(selection ? { selection } : {}) });
  const errors = read.problems.filter((p) => p.severity === 'error');

  let client: CargoClient | undefined;
  if (onlyWorkflowIsMissing(read)) {
    // The one mistake the extension can mend with the user: pick the workflow, insert its uuid, go on.
    client = await requireClient(deps.clients);
    if (!client) return;
    const workflow = await pickWorkflow(deps, client, {
      title: `${quickPickText(fileLabel(document), 80)} names no workflow: choose the one to run (its uuid is inserted)`,
    });
    if (!workflow || !(await writeWorkflowUuid(document, workflow.uuid, (await deps.names.nameOf(workflow.uuid)) ?? undefined))) return;
    read = readRunInput(document.getText(), { asRunFile });
    deps.diagnostics.show(document, read.problems, { asRunFile });
  } else if (errors.length > 0) {
    const first = errors[0];
    const showProblems = 'Show Problems';
    // The message may quote the document, which can be anything (a response saved from an API): inert.
    const answer = await vscode.window.showErrorMessage(
      notificationText(nothingSentText(fileLabel(document), errors, first ? document.positionAt(first.span.offset).line + 1 : undefined), 500),
      showProblems,
    );
    if (answer === showProblems) await vscode.commands.executeCommand('workbench.actions.view.problems');
    return;
  }
  const input = read.input;
  if (!input) return;

  client ??= await requireClient(deps.clients);
  if (!client) return;
  const documentUri = document.uri.toString();
  let workflowUuid = input.kind === 'runFile' ? input.workflowUuid : deps.fileWorkflows.get(documentUri)?.workflowUuid;
  if (!workflowUuid) {
    const workflow = await pickWorkflow(deps, client, {
      title: `Run ${quickPickText(fileLabel(document), 80)} with which workflow? (asked once for this file)`,
    });
    if (!workflow) return;
    workflowUuid = workflow.uuid;
    deps.fileWorkflows.set(documentUri, { workflowUuid });
  }
  const workflowName = (await deps.names.nameOf(workflowUuid)) ?? `workflow ${workflowUuid.slice(0, 8)}`;
  let releaseUuid = input.kind === 'runFile' ? input.releaseUuid : undefined;
  if (chooseRelease) {
    const release = await pickRelease(deps, client, workflowUuid, workflowName);
    if (!release) return;
    releaseUuid = release.status.known === 'deployed' ? undefined : release.uuid;
  }
  const bodyOf = (data: Record<string, unknown>) => ({ workflowUuid, data, ...(releaseUuid ? { releaseUuid } : {}) });
  const text = document.getText();
  const source = fileLabel(document);
  if (input.kind === 'records') {
    await startMany(deps, { client, workflowName, source, document }, input, bodyOf);
    return;
  }
  const dataPath = pathOfSpan(text, input.span) ?? [];
  const outcome = await deps.starter.startOne(
    { client, body: bodyOf(input.data), workflowName, source, documentUri, inputPath: input.kind === 'runFile' ? [...dataPath, 'data'] : dataPath },
    (refused) => refusalActions(deps, document, refused),
  );
  if (outcome.kind === 'started') markReached(CONTEXT_KEYS.fileRunStarted);
}

/** One run per item of the array, after a confirmation that says how many runs it creates. */
async function startMany(
  deps: RunFileDeps,
  context: { client: CargoClient; workflowName: string; source: string; document: vscode.TextDocument },
  input: Extract<RunInput, { kind: 'records' }>,
  bodyOf: (data: Record<string, unknown>) => { workflowUuid: string; data: Record<string, unknown>; releaseUuid?: string },
): Promise<void> {
  const confirm = confirmManyText(input.items.length, context.workflowName);
  if ((await vscode.window.showWarningMessage(confirm.message, { modal: true, detail: confirm.detail }, confirm.button)) !== confirm.button) return;
  const text = context.document.getText();
  await deps.starter.startMany({
    client: context.client,
    workflowName: context.workflowName,
    source: context.source,
    documentUri: context.document.uri.toString(),
    items: input.items.map((item, i) => ({ body: bodyOf(item.data), label: `${context.source}, item ${i + 1}`, inputPath: pathOfSpan(text, item.span) ?? [] })),
    onStarted: () => markReached(CONTEXT_KEYS.fileRunStarted),
  });
}

/** What helps with a file Cargo refused: another workflow, or another release. */
function refusalActions(deps: RunFileDeps, document: vscode.TextDocument, refused: Refused): RefusalAction[] {
  if (refused.reason === 'workflowNotFound' || refused.reason === 'playNotCompatible') {
    return [
      {
        title: 'Choose Workflow…',
        run: () => {
          if (!isRunFileName(document.uri.path)) deps.fileWorkflows.forget(document.uri.toString());
          return chooseWorkflow(deps)(document.uri);
        },
      },
    ];
  }
  if (refused.reason === 'invalidReleaseOrCustomNodes') return [{ title: 'Run Against Release…', run: () => runFile(deps, true)(document.uri) }];
  return [];
}
