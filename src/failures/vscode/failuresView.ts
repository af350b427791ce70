// The Failures view: why a batch's runs failed, grouped by node and cause, with node health. It
// shows the last report asked for ("Show Failures" on a batch, or from a run's panel); sortable,
// copyable as Markdown. Loading is done here with progress and Cancel, one page of failed runs per
// request.
import * as vscode from 'vscode';
import type { Batch } from '../../api';
import { noteFailure, type ClientSource } from '../../core/clientSource';
import { requireClient } from '../../connection/vscode/requireClient';
import { COMMANDS, CONTEXT_KEYS, VIEWS } from '../../ids';
import type { CommandTarget, TargetSource } from '../../runs/commandTarget';
import { formatCount } from '../../shared/format';
import { errorText, notificationText } from '../../shared/text';
import { failuresAsMarkdown, type FailureSort } from '../failureGroups';
import { loadFailureReport, nodeHealthOfNodes, type FailureReport } from '../failureReport';
import { failuresChildren, failuresRoots, isFailuresNode, presentFailuresNode, SORT_LABELS, type FailuresNode } from '../failuresPresentation';

export class FailuresView implements vscode.TreeDataProvider<FailuresNode>, TargetSource, vscode.Disposable {
  private report: { value: FailureReport; title: string } | undefined;
  private sort: FailureSort = 'count';
  private readonly changed = new vscode.EventEmitter<FailuresNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly treeView: vscode.TreeView<FailuresNode>;

  constructor(private readonly deps: { readonly clients: ClientSource; readonly log: vscode.LogOutputChannel }) {
    this.treeView = vscode.window.createTreeView(VIEWS.failures, { treeDataProvider: this, showCollapseAll: true });
  }

  get current(): FailureReport | undefined {
    return this.report?.value;
  }

  /** Loads the report of a batch (progress, Cancel) and shows it. */
  async show(batch: Batch, title: string): Promise<void> {
    const client = await requireClient(this.deps.clients);
    if (!client) return;
    let report: FailureReport;
    try {
      report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Grouping the failures of ${notificationText(title, 80)}`, cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          const cancel = token.onCancellationRequested(() => controller.abort());
          let reported = 0;
          try {
            return await loadFailureReport(client, batch, {
              signal: controller.signal,
              onProgress: (loaded, total) => {
                const increment = total > 0 ? ((loaded - reported) / total) * 100 : 0;
                reported = loaded;
                progress.report({ message: `${formatCount(loaded)} of ${formatCount(total)} failed runs`, increment });
              },
            });
          } finally {
            cancel.dispose();
          }
        },
      );
    } catch (error) {
      noteFailure(this.deps.clients, error);
      this.deps.log.error(`Show Failures of batch ${batch.uuid}: ${errorText(error, 500)}`);
      void vscode.window.showErrorMessage(notificationText(`Could not load the failures: ${errorText(error, 400)}`, 500));
      return;
    }
    this.deps.log.info(
      `Failures of batch ${batch.uuid}: ${report.failedRuns} failed runs in ${report.groups.length} groups, ${report.requests} requests${report.partial ? ' (stopped early)' : ''}.`,
    );
    this.report = { value: report, title };
    await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.failuresShown, true);
    this.changed.fire(undefined);
    await vscode.commands.executeCommand(`${VIEWS.failures}.focus`);
  }

  /** Node health of every run of a workflow (one runs/metrics request; the graph for the nodes' names). */
  async showWorkflowHealth(workflowUuid: string, name: string): Promise<void> {
    const client = await requireClient(this.deps.clients);
    if (!client) return;
    let report: FailureReport;
    try {
      report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Reading the node health of ${notificationText(name, 80)}…` },
        async () => {
          const [metrics, workflow] = await Promise.all([client.runMetrics({ workflowUuid }), client.getWorkflow(workflowUuid)]);
          const nodeHealth = nodeHealthOfNodes(metrics, workflow.deployedRelease?.nodes ?? []);
          const start = metrics.find((metric) => metric.nodeUuid === workflow.deployedRelease?.nodes?.[0]?.uuid) ?? metrics[0];
          const failedRuns = nodeHealth.reduce((sum, node) => sum + node.failed, 0);
          return {
            batchUuid: '',
            totalRuns: start?.totalExecutionsCount ?? 0,
            failedRuns,
            loadedFailedRuns: failedRuns,
            groups: [],
            nodeHealth,
            partial: false,
            requests: 2,
            notes: ['Every run of the workflow, from runs/metrics. Show Failures on one of its batches groups its failures by cause.'],
          };
        },
      );
    } catch (error) {
      noteFailure(this.deps.clients, error);
      this.deps.log.error(`Node health of workflow ${workflowUuid}: ${errorText(error, 500)}`);
      void vscode.window.showErrorMessage(notificationText(`Could not read the node health: ${errorText(error, 400)}`, 500));
      return;
    }
    this.report = { value: report, title: `Workflow ${name}` };
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

  async close(): Promise<void> {
    this.report = undefined;
    this.changed.fire(undefined);
    await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.failuresShown, false);
  }

  getChildren(node?: FailuresNode): FailuresNode[] {
    if (!this.report) return [];
    return node ? failuresChildren(node) : failuresRoots(this.report.value, this.report.title, this.sort);
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

  dispose(): void {
    this.treeView.dispose();
    this.changed.dispose();
  }
}
