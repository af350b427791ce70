// The CodeLens on a file that can be run: "▶ Run in Cargo · workflow Enrich lead · last run: error,
// 2 min ago". Shown on run files (*.cargo-run.json), and on other JSON files once a workflow has been
// chosen for them. Each part is a command: run, change the workflow, open the last run.
import * as vscode from 'vscode';
import { COMMANDS } from '../../ids';
import { failureSummary, runFailure } from '../../runs/runFailure';
import type { StartedRuns } from '../../runs/startedRuns';
import type { WorkflowNames } from '../../runs/workflowNames';
import type { FileWorkflows } from '../fileWorkflows';
import { lensTitles } from '../presentation';
import { isRunFileName } from '../runFileName';
import { readRunInput } from '../runInput';

const LENS_READ_LIMIT_CHARS = 512 * 1024;

export class RunFileCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    private readonly names: WorkflowNames,
    private readonly started: StartedRuns,
    private readonly fileWorkflows: FileWorkflows,
  ) {
    this.subscriptions = [started.onDidChange(() => this.changed.fire()), fileWorkflows.onDidChange(() => this.changed.fire())];
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const workflowUuid = this.workflowOf(document);
    const asRunFile = isRunFileName(document.uri.path);
    if (!asRunFile && workflowUuid === undefined) return [];
    const name = workflowUuid ? ((await this.names.nameOf(workflowUuid)) ?? undefined) : undefined;
    const last = this.started.lastFrom(document.uri.toString());
    const titles = lensTitles(name, workflowUuid, last?.run);
    const range = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(range, {
        title: titles.run,
        command: COMMANDS.runFile,
        arguments: [document.uri],
        tooltip: 'Start a run of the workflow with this data',
      }),
      new vscode.CodeLens(range, {
        title: titles.workflow,
        command: COMMANDS.chooseWorkflow,
        arguments: [document.uri],
        tooltip: asRunFile ? 'Choose the workflow (writes its uuid into the file)' : 'Choose the workflow this file runs with',
      }),
    ];
    if (titles.lastRun && last) {
      // A failed last run says where and why on hover.
      const failure = last.run ? runFailure(last.run) : undefined;
      const tooltip = failure ? `${failureSummary(failure, 500)}\nClick to open the run.` : 'Open the last run';
      lenses.push(new vscode.CodeLens(range, { title: titles.lastRun, command: COMMANDS.openRunByUuid, arguments: [last.entry.uuid], tooltip }));
    }
    return lenses;
  }

  private workflowOf(document: vscode.TextDocument): string | undefined {
    if (!isRunFileName(document.uri.path)) return this.fileWorkflows.get(document.uri.toString())?.workflowUuid;
    // Read again on every edit: a large file goes without the workflow's name rather than slowing typing.
    const text = document.getText();
    if (text.length > LENS_READ_LIMIT_CHARS) return undefined;
    const read = readRunInput(text, { asRunFile: true });
    return read.input?.kind === 'runFile' ? read.input.workflowUuid : undefined;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changed.dispose();
  }
}
