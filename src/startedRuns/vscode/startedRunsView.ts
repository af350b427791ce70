// The runs started from this window, where the user works: a status-bar item while some are going
// ("$(sync~spin) 2 Cargo runs", a click lists them), and a notification when each one ends, with
// "Open Run" and, for a failure, "Show Error".
import * as vscode from 'vscode';
import { isFinishedRunStatus, type Run } from '../../api';
import type { Prompts } from '../../core/prompts';
import { COMMANDS, VIEWS } from '../../ids';
import { failureMessage, failureNode } from '../../runs/runFailure';
import type { RunOpener } from '../../runs/runOpener';
import type { StartedRun, StartedRuns } from '../../runs/startedRuns';
import { notificationText } from '../../shared/text';
import { presentFinish, presentGoing, presentLaunchFinish, presentRunPick, type FinishPresentation } from '../presentation';

export class StartedRunsView implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('cargo.startedRuns', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: { dispose(): void }[];
  private readonly announcedLaunches = new Set<string>();

  constructor(
    private readonly started: StartedRuns,
    private readonly opener: RunOpener,
    private readonly prompts: Prompts,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.item.name = 'Cargo Runs Started Here';
    this.item.command = COMMANDS.showStartedRuns;
    this.subscriptions = [started.onDidChange(() => this.update()), started.onDidFinish((run) => void this.announce(run))];
    this.update();
  }

  /** "Cargo: Show Runs Started Here": the runs still going first, then the rest; the one picked opens. */
  async pick(): Promise<void> {
    const going = new Set(this.started.going.map((r) => r.entry.uuid));
    const runs = [...this.started.list].sort((a, b) => Number(going.has(b.entry.uuid)) - Number(going.has(a.entry.uuid)));
    if (runs.length === 0) {
      void vscode.window.showInformationMessage('No runs have been started from VS Code in this workspace yet. Run a JSON file with “Cargo: Run in Cargo”.');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      runs.map((run) => ({ ...presentRunPick(run), uuid: run.entry.uuid, run: run.run })),
      { title: 'Runs started from VS Code', placeHolder: 'Open a run', matchOnDescription: true, matchOnDetail: true },
    );
    // The run as last followed is known at once while the whole run is fetched.
    if (picked) this.opener.open(picked.uuid, picked.run ? { known: picked.run } : {});
  }

  private update(): void {
    const shown = presentGoing(this.started.going, this.started.followProblem);
    if (!shown) {
      this.item.hide();
      return;
    }
    this.item.text = shown.text;
    this.item.tooltip = shown.tooltip;
    this.item.show();
  }

  private async announce({ entry, run }: StartedRun): Promise<void> {
    if (!run) return;
    this.log.info(`Run ${run.uuid} (started from ${entry.source}) ended: ${run.status.raw}.`);
    if (entry.launch) {
      // The runs of one array end together in one notification, not one each.
      const launched = this.started.launched(entry.launch);
      if (this.announcedLaunches.has(entry.launch) || launched.some((r) => !r.run || !isFinishedRunStatus(r.run.status))) return;
      this.announcedLaunches.add(entry.launch);
      const finish = presentLaunchFinish(launched, fileName(entry.documentUri) ?? entry.source);
      const failedRun = launched.find((r) => r.run?.status.known === 'error')?.run;
      return this.show(finish, failedRun ?? run, launched.length > 1 ? 'Show Runs' : 'Open Run');
    }
    await this.show(presentFinish(run, entry.source), run, 'Open Run');
  }

  private async show(finish: FinishPresentation, run: Run, open: 'Open Run' | 'Show Runs'): Promise<void> {
    const showError = 'Show Error';
    const actions = finish.failed ? [open, showError] : [open];
    const answer = await this.prompts.message(finish.severity, finish.message, actions);
    if (answer === 'Open Run') this.opener.open(run.uuid, { known: run });
    if (answer === 'Show Runs') await vscode.commands.executeCommand(`${VIEWS.runs}.focus`);
    if (answer === showError && finish.failed) {
      const again = await this.prompts.message('error', notificationText(`${failureNode(finish.failed)} failed`, 200), ['Open Run'], {
        modal: true,
        detail: notificationText(failureMessage(finish.failed), 4000),
      });
      if (again === 'Open Run') this.opener.open(run.uuid, { known: run });
    }
  }

  dispose(): void {
    this.announcedLaunches.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }
}

function fileName(documentUri: string | undefined): string | undefined {
  if (!documentUri) return undefined;
  const path = vscode.Uri.parse(documentUri).path;
  return path.slice(path.lastIndexOf('/') + 1) || undefined;
}
