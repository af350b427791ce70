// "Run in Cargo" and its companions: run the JSON in the editor (a run file, any object, the
// selection, an array of objects), against another release, choose the workflow a file runs with,
// and scaffold a new run file. Nothing is sent while the document has an error; each run is sent
// once; what the user typed is changed only by an edit they chose.
import * as vscode from 'vscode';
import type { CargoClient, CreateRunBody, Run, Workflow } from '../api';
import type { ClientSource } from '../core/clientSource';
import { startData } from '../core/startData';
import type { WorkflowNames } from '../core/workflowNames';
import { noteFailure, requireClient } from '../connection/requireClient';
import { COMMANDS } from '../ids';
import { plural } from '../shared/format';
import { errorText, notificationText, quickPickText } from '../shared/text';
import type { StartedRuns } from '../startedRuns/startedRuns';
import type { FileWorkflows } from './fileWorkflows';
import { pickRelease, pickWorkflow } from './picks';
import { confirmManyText } from './presentation';
import type { RunFileDiagnostics } from './runFileDiagnostics';
import { isRunFileName, runFileName } from './runFileName';
import { newRunFileText, setWorkflowUuidEdits } from './runFileEdits';
import { onlyWorkflowIsMissing, readRunInput, type RunInput, type TextSpan } from './runInput';
import { pathOfSpan } from '../errorInspection/runFailure';
import { findRunsStartedSince, startRun, startRuns, summarizeMany, type RunRequest, type StartOutcome } from './runStarter';

export interface RunFileDeps {
  readonly clients: ClientSource;
  readonly names: WorkflowNames;
  readonly started: StartedRuns;
  readonly fileWorkflows: FileWorkflows;
  readonly diagnostics: RunFileDiagnostics;
  readonly log: vscode.LogOutputChannel;
  /** Shows a run that has just been started (panel, tree or nothing, as the settings say). */
  follow(run: Run, many: boolean): void;
}

const JSON_LANGUAGES: ReadonlySet<string> = new Set(['json', 'jsonc']);

/** "Cargo: Run in Cargo" (palette, editor title, CodeLens, explorer context menu). */
export function runFile(deps: RunFileDeps, chooseRelease = false) {
  return async (arg?: unknown, options?: { wholeFile?: boolean }): Promise<void> => {
    const target = await targetDocument(arg);
    if (!target) return;
    // The CodeLens runs the file as a whole, whatever happens to be selected in it.
    await runDocument(deps, target.document, options?.wholeFile ? undefined : target.selection, chooseRelease);
  };
}

/** "Choose Workflow…": a run file gets the uuid written into it (one undoable edit); another file remembers it. */
export function chooseWorkflow(deps: RunFileDeps) {
  return async (arg?: unknown): Promise<void> => {
    const target = await targetDocument(arg);
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

/** "Cargo: New Run File": a run file of a picked workflow, its data the last run's input when there is one. */
export function newRunFile(deps: RunFileDeps) {
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

// ---- running a document ---------------------------------------------------------------------------

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
    const where = first ? ` (line ${document.positionAt(first.span.offset).line + 1})` : '';
    const showProblems = 'Show Problems';
    // The message may quote the document, which can be anything (a response saved from an API): inert.
    const answer = await vscode.window.showErrorMessage(
      notificationText(`${fileLabel(document)} has ${plural(errors.length, 'problem')}, so nothing was sent: ${first?.message ?? ''}${where}`, 500),
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
  const run = { client, workflowUuid, workflowName, document, ...(releaseUuid ? { releaseUuid } : {}) };
  const text = document.getText();
  if (input.kind === 'records') await startMany(deps, run, input);
  else
    await startOne(deps, run, input.data, input.kind === 'runFile' ? [...(pathOfSpan(text, input.span) ?? []), 'data'] : (pathOfSpan(text, input.span) ?? []));
}

interface RunContext {
  readonly client: CargoClient;
  readonly workflowUuid: string;
  readonly workflowName: string;
  readonly releaseUuid?: string;
  readonly document: vscode.TextDocument;
}

/** `inputPath`: where the data sent is in the document, for the diagnostic if the run fails. */
async function startOne(deps: RunFileDeps, context: RunContext, data: Record<string, unknown>, inputPath: (string | number)[]): Promise<void> {
  const body = bodyOf(context, data);
  const source = fileLabel(context.document);
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Starting a run of "${notificationText(context.workflowName, 80)}"…` },
    () => startRun(context.client, body),
  );
  switch (outcome.kind) {
    case 'started':
      deps.log.info(`Started run ${outcome.run.uuid} of workflow ${context.workflowUuid} from ${source}.`);
      deps.started.add(outcome.run, source, { documentUri: context.document.uri.toString(), inputPath });
      deps.follow(outcome.run, false);
      return;
    case 'refused':
      return refused(deps, context, outcome);
    case 'uncertain':
      return uncertain(deps, context, outcome);
  }
}

async function startMany(deps: RunFileDeps, context: RunContext, input: Extract<RunInput, { kind: 'records' }>): Promise<void> {
  const count = input.items.length;
  const confirm = confirmManyText(count, context.workflowName);
  if ((await vscode.window.showWarningMessage(confirm.message, { modal: true, detail: confirm.detail }, confirm.button)) !== confirm.button) return;
  const source = fileLabel(context.document);
  const requests: RunRequest[] = input.items.map((item, i) => ({ body: bodyOf(context, item.data), label: `${source}, item ${i + 1}` }));
  const results = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Starting ${plural(count, 'run')} of "${notificationText(context.workflowName, 80)}"`,
      cancellable: true,
    },
    (progress, token) =>
      startRuns(context.client, requests, {
        shouldStop: () => token.isCancellationRequested,
        onProgress: (done, total) => progress.report({ message: `${done} of ${total}`, increment: 100 / total }),
      }),
  );
  const launch = `${context.document.uri.toString()}@${Date.now()}`;
  const text = context.document.getText();
  [...results].reverse().forEach(({ request, outcome }, reversed) => {
    const item = input.items[results.length - 1 - reversed];
    const inputPath = item ? (pathOfSpan(text, item.span) ?? []) : [];
    if (outcome?.kind === 'started') deps.started.add(outcome.run, request.label, { documentUri: context.document.uri.toString(), launch, inputPath });
  });
  const summary = summarizeMany(results);
  deps.log.info(`Runs of workflow ${context.workflowUuid} from ${source}: ${summary.text}`);
  for (const line of summary.lines) deps.log.info(`  ${line}`);
  const firstStarted = results.find((r) => r.outcome?.kind === 'started')?.outcome;
  if (firstStarted?.kind === 'started') deps.follow(firstStarted.run, true);
  for (const { outcome } of results) if (outcome?.kind === 'refused') noteFailure(deps.clients, outcome.error);
  const details = 'Show Details';
  const lookForIt = 'Look for It';
  const buttons = summary.uncertain > 0 ? [lookForIt, details] : [details];
  const show = summary.started === count ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
  const answer = await show(notificationText(summary.text, 600), ...buttons);
  if (answer === details) deps.log.show(true);
  const lost = results.find((r) => r.outcome?.kind === 'uncertain');
  if (answer === lookForIt && lost?.outcome?.kind === 'uncertain') await lookForRun(deps, context, lost.outcome.sentAt, lost.request.label);
}

function bodyOf(context: RunContext, data: Record<string, unknown>): CreateRunBody {
  return { workflowUuid: context.workflowUuid, data, ...(context.releaseUuid ? { releaseUuid: context.releaseUuid } : {}) };
}

async function refused(deps: RunFileDeps, context: RunContext, outcome: Extract<StartOutcome, { kind: 'refused' }>): Promise<void> {
  deps.log.warn(`Cargo did not start a run of workflow ${context.workflowUuid} from ${fileLabel(context.document)}: ${outcome.detail}`);
  noteFailure(deps.clients, outcome.error);
  const asRunFile = isRunFileName(context.document.uri.path);
  const actions: string[] = [];
  if (outcome.signIn) actions.push('Sign In Again');
  if (outcome.reason === 'workflowNotFound' || outcome.reason === 'playNotCompatible') actions.push('Choose Workflow…');
  if (outcome.reason === 'invalidReleaseOrCustomNodes') actions.push('Run Against Release…');
  actions.push('Show Log');
  const answer = await vscode.window.showErrorMessage(notificationText(outcome.message, 600), ...actions);
  if (answer === 'Sign In Again') await vscode.commands.executeCommand(COMMANDS.signIn);
  else if (answer === 'Choose Workflow…') {
    if (!asRunFile) deps.fileWorkflows.forget(context.document.uri.toString());
    await vscode.commands.executeCommand(COMMANDS.chooseWorkflow, context.document.uri);
  } else if (answer === 'Run Against Release…') await vscode.commands.executeCommand(COMMANDS.runFileAgainstRelease, context.document.uri);
  else if (answer === 'Show Log') deps.log.show(true);
}

async function uncertain(deps: RunFileDeps, context: RunContext, outcome: Extract<StartOutcome, { kind: 'uncertain' }>): Promise<void> {
  deps.log.warn(`Run of workflow ${context.workflowUuid} from ${fileLabel(context.document)}: no answer to POST /runs (${outcome.detail}). Not sent again.`);
  const lookForIt = 'Look for It';
  const answer = await vscode.window.showWarningMessage(
    `${outcome.message} It was not sent again, so that it cannot start twice. Look for it among the runs of "${notificationText(context.workflowName, 80)}" started since?`,
    lookForIt,
  );
  if (answer === lookForIt) await lookForRun(deps, context, outcome.sentAt, fileLabel(context.document));
}

/** Lists the workflow's runs created since just before the lost request; the one the user picks is followed. */
async function lookForRun(deps: RunFileDeps, context: RunContext, sentAt: number, source: string): Promise<void> {
  const since = new Date(sentAt).toLocaleTimeString();
  let runs: Run[];
  try {
    runs = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Looking for runs of "${notificationText(context.workflowName, 80)}" started since ${since}…` },
      () => findRunsStartedSince(context.client, context.workflowUuid, sentAt),
    );
  } catch (error) {
    noteFailure(deps.clients, error);
    void vscode.window.showErrorMessage(notificationText(`Could not look for the run: ${errorText(error, 400)}`, 500));
    return;
  }
  if (runs.length === 0) {
    void vscode.window.showInformationMessage(
      `No run of "${notificationText(context.workflowName, 80)}" was created since ${since}: it most likely did not start. Run the file again to start it.`,
    );
    return;
  }
  const picked = await vscode.window.showQuickPick(
    runs.map((run) => ({
      label: quickPickText(run.recordTitle || run.recordId || run.uuid, 100),
      description: quickPickText(`${run.status.raw} · created ${new Date(run.createdAt).toLocaleTimeString()}`, 80),
      detail: quickPickText(`run ${run.uuid}`, 60),
      run,
    })),
    {
      title: `Runs of "${quickPickText(context.workflowName, 80)}" started since ${since}`,
      placeHolder: 'Pick the run that was started from the file, to follow it',
    },
  );
  if (!picked) return;
  deps.started.add(picked.run, source, { documentUri: context.document.uri.toString() });
  deps.follow(picked.run, false);
}

// ---- documents ------------------------------------------------------------------------------------

/** The document a command acts on: the URI it was given (CodeLens, editor title, explorer), else the active editor. */
async function targetDocument(arg: unknown): Promise<{ document: vscode.TextDocument; selection: TextSpan | undefined } | undefined> {
  const editor = vscode.window.activeTextEditor;
  let document: vscode.TextDocument | undefined;
  // From a hover's command link the URI comes as its string.
  if (typeof arg === 'string' && /^[a-z][\w+.-]*:/i.test(arg)) arg = vscode.Uri.parse(arg);
  if (arg instanceof vscode.Uri) {
    document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === arg.toString());
    try {
      document ??= await vscode.workspace.openTextDocument(arg);
    } catch (error) {
      void vscode.window.showErrorMessage(notificationText(`Could not open ${arg.path}: ${errorText(error, 300)}`, 400));
      return undefined;
    }
  } else {
    document = editor?.document;
  }
  if (!document || !(JSON_LANGUAGES.has(document.languageId) || /\.jsonc?$/i.test(document.uri.path))) {
    void vscode.window.showWarningMessage('Open a JSON file to run: a run file (*.cargo-run.json), a JSON object (a record), or an array of objects.');
    return undefined;
  }
  // The selection counts when the command comes from that editor (palette, editor title), not from elsewhere.
  const fromEditor = editor && editor.document === document;
  const selected = fromEditor && !editor.selection.isEmpty ? editor.selection : undefined;
  const selection = selected
    ? { offset: document.offsetAt(selected.start), length: document.offsetAt(selected.end) - document.offsetAt(selected.start) }
    : undefined;
  return { document, selection };
}

function fileLabel(document: vscode.TextDocument): string {
  const path = document.uri.path;
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

function runFileWorkflow(document: vscode.TextDocument): string | undefined {
  const input = readRunInput(document.getText(), { asRunFile: true }).input;
  return input?.kind === 'runFile' ? input.workflowUuid : undefined;
}

/** Writes workflowUuid into a run file as one undoable edit, keeping the user's formatting and comments. */
async function writeWorkflowUuid(document: vscode.TextDocument, workflowUuid: string, workflowName: string | undefined): Promise<boolean> {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  const formatting = editor ? { insertSpaces: editor.options.insertSpaces !== false, tabSize: Number(editor.options.tabSize) || 2 } : undefined;
  const edits = setWorkflowUuidEdits(document.getText(), workflowUuid, formatting, workflowName);
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const edit of edits) {
    workspaceEdit.replace(document.uri, new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length)), edit.content);
  }
  return vscode.workspace.applyEdit(workspaceEdit);
}

async function lastInputOrSkeleton(client: CargoClient, workflow: Workflow): Promise<Record<string, unknown>> {
  // A finished run: its start node's context holds the input (a run still starting has none yet).
  const { runs } = await client.listRuns({ workflowUuid: workflow.uuid, isFinished: true, limit: 1 });
  const last = runs[0];
  if (!last) return skeletonData(workflow);
  return startData(await client.getRun(last.uuid)) ?? skeletonData(workflow);
}

/** The deployed release's form fields with empty values of their kind, when there is no run to copy. */
function skeletonData(workflow: Workflow): Record<string, unknown> {
  const empty: Record<string, unknown> = { string: '', number: 0, boolean: false, array: [], date: '', enum: '' };
  const fields = workflow.deployedRelease?.formFields ?? [];
  return Object.fromEntries(fields.map((field) => [field.slug, empty[field.kind.known] ?? null]));
}
