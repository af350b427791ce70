// The runs started from this window, where the user works: a status-bar item while some are going
// ("$(sync~spin) 2 Cargo runs", a click lists them), and a notification when each one ends, with
// "Open Run" and, for a failure, "Show Error".
import * as vscode from 'vscode';
import type { Execution } from '../api';
import { COMMANDS } from '../ids';
import { notificationText } from '../shared/text';
import { presentFinish, presentGoing, presentRunPick } from './presentation';
import type { StartedRun, StartedRuns } from './startedRuns';

export class StartedRunsView implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('cargo.startedRuns', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    private readonly started: StartedRuns,
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
      runs.map((run) => ({ ...presentRunPick(run), uuid: run.entry.uuid })),
      { title: 'Runs started from VS Code', placeHolder: 'Open a run', matchOnDescription: true, matchOnDetail: true },
    );
    if (picked) await vscode.commands.executeCommand(COMMANDS.openRunByUuid, picked.uuid);
  }

  private update(): void {
    const shown = presentGoing(this.started.going);
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
    const names = new Map((run.nodes ?? []).map((node) => [node.uuid, node.name ?? undefined]));
    const finish = presentFinish(run, entry.source, (execution: Execution) => names.get(execution.nodeUuid));
    this.log.info(`Run ${run.uuid} (started from ${entry.source}) ended: ${run.status.raw}.`);
    const open = 'Open Run';
    const showError = 'Show Error';
    const actions = finish.failed ? [open, showError] : [open];
    const show =
      finish.severity === 'error'
        ? vscode.window.showErrorMessage
        : finish.severity === 'warning'
          ? vscode.window.showWarningMessage
          : vscode.window.showInformationMessage;
    const answer = await show(finish.message, ...actions);
    if (answer === open) await vscode.commands.executeCommand(COMMANDS.openRunByUuid, run.uuid);
    if (answer === showError && finish.failed) {
      const { execution } = finish.failed;
      const node = names.get(execution.nodeUuid) ?? execution.nodeSlug;
      const again = await vscode.window.showErrorMessage(
        notificationText(`${node} failed`, 200),
        { modal: true, detail: notificationText(execution.errorMessage ?? run.errorMessage ?? 'Cargo gave no error message.', 4000) },
        open,
      );
      if (again === open) await vscode.commands.executeCommand(COMMANDS.openRunByUuid, run.uuid);
    }
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }
}
