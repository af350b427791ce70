// Retries started from VS Code, shown and followed in the Runs view: the new batch at the top of its
// list, revealed and expanded (the view's automatic refresh keeps it current, with no request of its
// own), and its end said once, with Show Failures when some runs failed again.
import * as vscode from 'vscode';
import type { Batch } from '../../api';
import type { Log } from '../../core/log';
import { COMMANDS, VIEWS } from '../../ids';
import { RetryFollowing } from '../../runs/retryFollowing';
import { notificationText } from '../../shared/text';
import type { ExplorerNode } from '../explorerNodes';
import type { RunsExplorerModel } from '../runsExplorerModel';

export class FollowRetries implements vscode.Disposable {
  private readonly following = new RetryFollowing();
  private readonly subscription: { dispose(): void };

  constructor(private readonly deps: { view: vscode.TreeView<ExplorerNode>; model: RunsExplorerModel; log: Log }) {
    this.subscription = deps.model.onDidChange((node) => this.changed(node));
  }

  /** Shows the batches a retry created, the first one selected, and follows them. */
  async created(batches: readonly Batch[]): Promise<void> {
    for (const batch of batches) this.following.follow(batch);
    // Oldest first: the first chunk's batch ends up at the top with the others below it.
    let first: ExplorerNode | undefined;
    for (const batch of [...batches].reverse()) {
      try {
        const node = await this.deps.model.addCreatedBatch(batch);
        first = node ?? first;
      } catch (error) {
        this.deps.log.debug(`Could not show batch ${batch.uuid} in the Runs view: ${String(error)}`);
      }
    }
    try {
      await vscode.commands.executeCommand(`${VIEWS.runs}.focus`);
      if (first) await this.deps.view.reveal(first, { select: true, focus: false, expand: true });
    } catch (error) {
      this.deps.log.debug(`Could not reveal the retry in the Runs view: ${String(error)}`);
    }
    // A batch that had already ended when it was created (nothing to retry) is said at once.
    for (const batch of batches) this.announce(batch);
  }

  private changed(node: ExplorerNode | undefined): void {
    if (node?.kind === 'batch') return this.announce(node.batch);
    if (node !== undefined) return;
    // The whole view changed (a refresh): the followed batches as now loaded.
    for (const uuid of this.following.followedUuids()) {
      const batch = this.deps.model.batchNode(uuid)?.batch;
      if (batch) this.announce(batch);
    }
  }

  private announce(batch: Batch): void {
    const end = this.following.seen(batch);
    if (!end) return;
    this.deps.log.info(`Retry batch ${batch.uuid} ended: ${end.text}`);
    const showFailures = 'Show Failures';
    const actions = end.failedAgain > 0 ? [showFailures] : [];
    const show = end.failedAgain > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(notificationText(end.text, 400), ...actions).then((answer) => {
      if (answer !== showFailures) return;
      // Its row (Show Failures on nothing would ask which batch).
      return vscode.commands.executeCommand(COMMANDS.showFailures, this.deps.model.batchNode(batch.uuid));
    });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
