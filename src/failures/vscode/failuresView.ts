// The Failures view: why a batch's runs failed, grouped by node and cause, with node health. It
// shows the last report asked for ("Show Failures" on a batch, or from a run's panel); sortable,
// copyable as Markdown. Loading is done here with progress and Cancel, one page of failed runs per
// request.
import * as vscode from 'vscode';
import type { Batch, CargoClient } from '../../api';
import { noteFailure, type ClientSource } from '../../core/clientSource';
import { requireClient } from '../../connection/vscode/requireClient';
import { COMMANDS, CONTEXT_KEYS, VIEWS } from '../../ids';
import type { CommandTarget, TargetSource } from '../../runs/commandTarget';
import { batchRetry, groupRetry, type RetryChoice, type RetrySource } from '../../runs/retryTargets';
import type { ReleaseNodesSource } from '../../runs/releaseNodes';
import { formatCountInFull, pluralInFull } from '../../shared/format';
import { errorText, notificationText } from '../../shared/text';
import { failuresAsMarkdown, type FailureSort } from '../failureGroups';
import { loadFailureReport, loadWorkflowHealth, type FailureReport } from '../failureReport';
import { failuresChildren, failuresRoots, isFailuresNode, presentFailuresNode, RUNS_PAGE, SORT_LABELS, type FailuresNode } from '../failuresPresentation';

export class FailuresView implements vscode.TreeDataProvider<FailuresNode>, TargetSource, RetrySource, vscode.Disposable {
  /** The report shown, and the client it was loaded with: it goes with that client's token. */
  private report: { value: FailureReport; title: string; client: CargoClient; batch?: Batch } | undefined;
  private sort: FailureSort = 'count';
  /** Runs listed per group beyond its examples ("Show all N runs", "Load more"). */
  private readonly listed = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<FailuresNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly treeView: vscode.TreeView<FailuresNode>;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly deps: { readonly clients: ClientSource; readonly releases: ReleaseNodesSource; readonly log: vscode.LogOutputChannel }) {
    this.treeView = vscode.window.createTreeView(VIEWS.failures, { treeDataProvider: this, showCollapseAll: true });
    // Sign-out, another token, another base URL: what was loaded with the old token is cleared with it.
    this.subscriptions.push(deps.clients.onDidChange(() => void this.connectionChanged()));
  }

  get current(): FailureReport | undefined {
    return this.report?.value;
  }

  /** Loads the report of a batch (progress, Cancel) and shows it. */
  async show(batch: Batch, title: string): Promise<void> {
    const loaded = await this.load(
      {
        title: `Grouping the failures of ${notificationText(title, 80)}`,
        cancellable: true,
        failed: 'Could not load the failures',
        log: `Show Failures of batch ${batch.uuid}`,
      },
      (client, progress, signal) => {
        let reported = 0;
        return loadFailureReport(client, batch, {
          signal,
          releases: this.deps.releases,
          onProgress: (loaded, total) => {
            const increment = total > 0 ? ((loaded - reported) / total) * 100 : 0;
            reported = loaded;
            progress.report({ message: `${formatCountInFull(loaded)} of ${pluralInFull(total, 'failed run')}`, increment });
          },
        });
      },
    );
    if (!loaded) return;
    const { report } = loaded;
    this.deps.log.info(
      `Failures of batch ${batch.uuid}: ${report.failedRuns} failed runs in ${report.groups.length} groups, ${report.requests} requests${report.partial ? ' (stopped early)' : ''}.`,
    );
    await this.display(loaded, title, batch);
  }

  /** Node health of every run of a workflow (one runs/metrics request; the graph for the nodes' names). */
  async showWorkflowHealth(workflowUuid: string, name: string): Promise<void> {
    const loaded = await this.load(
      {
        title: `Reading the node health of ${notificationText(name, 80)}…`,
        cancellable: false,
        failed: 'Could not read the node health',
        log: `Node health of workflow ${workflowUuid}`,
      },
      (client) => loadWorkflowHealth(client, workflowUuid),
    );
    if (loaded) await this.display(loaded, `Workflow ${name}`);
  }

  /** A report loaded with progress, and its client; undefined (and said why) when there is no client or it could not be loaded. */
  private async load(
    how: { readonly title: string; readonly cancellable: boolean; readonly failed: string; readonly log: string },
    work: (client: CargoClient, progress: vscode.Progress<{ message?: string; increment?: number }>, signal: AbortSignal) => Promise<FailureReport>,
  ): Promise<{ report: FailureReport; client: CargoClient } | undefined> {
    const client = await requireClient(this.deps.clients);
    if (!client) return undefined;
    try {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: how.title, cancellable: how.cancellable },
        async (progress, token) => {
          const controller = new AbortController();
          const cancel = token.onCancellationRequested(() => controller.abort());
          try {
            return await work(client, progress, controller.signal);
          } finally {
            cancel.dispose();
          }
        },
      );
      // Signed out (or in as someone else) while it loaded: the report goes with the old token.
      return (await this.isCurrent(client)) ? { report, client } : undefined;
    } catch (error) {
      noteFailure(this.deps.clients, error);
      this.deps.log.error(`${how.log}: ${errorText(error, 500)}`);
      void vscode.window.showErrorMessage(notificationText(`${how.failed}: ${errorText(error, 400)}`, 500));
      return undefined;
    }
  }

  private async display(loaded: { report: FailureReport; client: CargoClient }, title: string, batch?: Batch): Promise<void> {
    this.report = { value: loaded.report, title, client: loaded.client, ...(batch ? { batch } : {}) };
    this.listed.clear();
    await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.failuresReport, true);
    await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.failuresShown, true);
    this.changed.fire(undefined);
    await vscode.commands.executeCommand(`${VIEWS.failures}.focus`);
  }

  async chooseSort(): Promise<void> {
    const picked = await vscode.window.showQuickPick(
      (Object.keys(SORT_LABELS) as FailureSort[]).map((sort) => ({ label: SORT_LABELS[sort], description: sort === this.sort ? 'current' : '', sort })),
      { title: 'Sort the failure groups' },
    );
    if (!picked) return;
    this.sort = picked.sort;
    this.changed.fire(undefined);
  }

  async copyMarkdown(): Promise<void> {
    if (!this.report) return;
    await vscode.env.clipboard.writeText(failuresAsMarkdown(this.report.value));
    vscode.window.setStatusBarMessage('Copied the failures as a Markdown table.', 3000);
  }

  /** "Show all N runs" or "Load more" under a group: RUNS_PAGE more of its runs, already loaded (no request). */
  listMoreRuns(node: unknown): void {
    if (!isFailuresNode(node) || node.kind !== 'moreRuns' || !this.report?.value.groups.some((group) => group.key === node.group.key)) return;
    this.listed.set(node.group.key, node.listed + RUNS_PAGE);
    this.changed.fire(undefined);
  }

  async close(): Promise<void> {
    this.report = undefined;
    this.listed.clear();
    this.changed.fire(undefined);
    await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.failuresReport, false);
    await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.failuresShown, false);
  }

  /**
   * The report stays while its client is the one in use, or Cargo refused that same token (its rows
   * then say why a run cannot be opened); otherwise it is cleared, and the view, if shown, says what
   * to do (package.json's viewsWelcome: Sign In, or Show Failures).
   */
  private async connectionChanged(): Promise<void> {
    const shown = this.report;
    if (!shown || (await this.isCurrent(shown.client))) return;
    if (this.report !== shown) return;
    this.report = undefined;
    this.listed.clear();
    this.changed.fire(undefined);
    await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.failuresReport, false);
    this.deps.log.debug('Failures view cleared: the connection to Cargo changed.');
  }

  /** Whether what `client` loaded may still be shown. */
  private async isCurrent(client: CargoClient): Promise<boolean> {
    const state = await this.deps.clients.current().catch(() => undefined);
    return state?.kind === 'rejected' || (state?.kind === 'ready' && state.client === client);
  }

  getChildren(node?: FailuresNode): FailuresNode[] {
    if (!this.report) return [];
    return node ? failuresChildren(node, this.listed) : failuresRoots(this.report.value, this.report.title, this.sort);
  }

  getTreeItem(node: FailuresNode): vscode.TreeItem {
    const shown = presentFailuresNode(node);
    const item = new vscode.TreeItem(shown.label, shown.expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    if (shown.description) item.description = shown.description;
    if (shown.icon) item.iconPath = new vscode.ThemeIcon(shown.icon.id, shown.icon.color ? new vscode.ThemeColor(shown.icon.color) : undefined);
    if (shown.tooltip) {
      // Untrusted data inside: no command links, no HTML.
      const tooltip = new vscode.MarkdownString(shown.tooltip);
      tooltip.isTrusted = false;
      tooltip.supportHtml = false;
      item.tooltip = tooltip;
    }
    item.contextValue = shown.contextValue;
    if (node.kind === 'example') item.command = { command: COMMANDS.openRun, title: 'Open Run', arguments: [node] };
    if (node.kind === 'moreRuns') item.command = { command: COMMANDS.listMoreFailedRuns, title: shown.label, arguments: [node] };
    return item;
  }

  /** A failure's example row stands for its run. */
  targetOf(arg: unknown): CommandTarget | undefined {
    return isFailuresNode(arg) && arg.kind === 'example' ? { kind: 'run', runUuid: arg.example.runUuid } : undefined;
  }

  /** The palette's commands act on the Runs view's selection or the active panel, not on this view's. */
  selected(): CommandTarget | undefined {
    return undefined;
  }

  /** A failure group's row: its runs, every one the report loaded (not only those listed); a run's row: that run; the summary: the batch's failed runs. */
  retryTargetOf(arg: unknown, _selection: unknown, oneRun: boolean): RetryChoice | undefined {
    const batch = this.report?.batch;
    if (!isFailuresNode(arg) || !batch) return undefined;
    if (oneRun) return arg.kind === 'example' ? groupRetry(batch, [arg.example.runUuid]) : undefined;
    switch (arg.kind) {
      case 'group':
        return groupRetry(
          batch,
          arg.group.runs.map((run) => run.runUuid),
        );
      case 'example':
        return groupRetry(batch, [arg.example.runUuid]);
      case 'summary':
        return batchRetry(batch);
      default:
        return undefined;
    }
  }

  /** The title's button: the failed runs of the batch shown. */
  selectedRetryTarget(oneRun: boolean): RetryChoice | undefined {
    return this.report?.batch && !oneRun ? batchRetry(this.report.batch) : undefined;
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
    this.treeView.dispose();
    this.changed.dispose();
  }
}
