// Adapts the runs explorer model to VS Code's tree: TreeItems from the presentation, the view's
// welcome state, description and message, and automatic refresh tied to what the user can see.
import * as vscode from 'vscode';
import { COMMANDS, CONTEXT_KEYS } from '../../ids';
import { AdaptivePoller, type PollerOptions } from '../../core/poller';
import { watchSeen, type Visibility } from '../../core/seen';
import { errorText, treeItemText } from '../../shared/text';
import { markReached } from '../../vscode/reached';
import { describeFilter, isFiltered } from '../explorerFilter';
import type { ExplorerNode } from '../explorerNodes';
import { PresentationCache, viewStateOf, type ItemPresentation, type ViewState } from '../presentation';
import type { RunsExplorerModel } from '../runsExplorerModel';

export class RunsTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<ExplorerNode>;
  private readonly poller: AdaptivePoller;
  private readonly subscriptions: vscode.Disposable[] = [];
  private viewState: ViewState | undefined;
  private seen = false;
  private readonly presentations = new PresentationCache();
  /** Each row's TreeItem, kept while its presentation and expansion are the same (see getTreeItem). */
  private readonly treeItems = new WeakMap<
    ExplorerNode,
    { presentation: ItemPresentation; collapsible: vscode.TreeItemCollapsibleState; item: vscode.TreeItem }
  >();

  constructor(
    view: vscode.TreeView<ExplorerNode>,
    private readonly model: RunsExplorerModel,
    pollerOptions: PollerOptions,
    windowFocus: Visibility,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.poller = new AdaptivePoller((signal) => this.model.poll(signal), pollerOptions);
    // Made at activation, before this provider was loaded (src/extension.ts forwards to it).
    this.view = view;
    const viewVisibility: Visibility = {
      get visible() {
        return view.visible;
      },
      onDidChange: view.onDidChangeVisibility,
    };
    this.subscriptions.push(
      this.changed,
      this.model.onDidChange((node) => {
        if (node === undefined) void this.updateViewState();
        this.changed.fire(node);
        this.updatePolling();
      }),
      this.view.onDidExpandElement(({ element }) => {
        this.model.setExpanded(element, true);
        if (element.kind === 'batch') markReached(CONTEXT_KEYS.batchExpanded);
        this.updatePolling();
      }),
      this.view.onDidCollapseElement(({ element }) => {
        this.model.setExpanded(element, false);
        this.updatePolling();
      }),
      watchSeen(viewVisibility, windowFocus, (seen) => {
        this.seen = seen;
        this.updatePolling();
      }),
      { dispose: () => this.poller.dispose() },
      this.keepRelativeTimesCurrent(),
    );
    this.updateDescription();
  }

  /**
   * "2 min ago" goes stale: while the view is visible, re-render the rows once a minute. The model
   * answers from what it has loaded, so this costs no request.
   */
  private keepRelativeTimesCurrent(): vscode.Disposable {
    const timer = setInterval(() => {
      if (this.view.visible && this.model.hasClient) this.changed.fire(undefined);
    }, 60_000);
    return { dispose: () => clearInterval(timer) };
  }

  async getChildren(element?: ExplorerNode): Promise<ExplorerNode[]> {
    const children = await this.model.children(element);
    if (element === undefined) {
      // The welcome content the state picks shows only while there are no rows: rows need not wait for it.
      const updating = this.updateViewState();
      if (children.length === 0) await updating;
    }
    this.updatePolling();
    return children;
  }

  getParent(element: ExplorerNode): ExplorerNode | undefined {
    return element.kind === 'workflow' ? undefined : element.parent;
  }

  /**
   * VS Code asks for the row of every child each time a list re-renders: a row whose presentation and
   * expansion did not change is the TreeItem it was, so a page more of a long list costs the page.
   */
  getTreeItem(element: ExplorerNode): vscode.TreeItem {
    const presentation = this.presentations.present(element);
    const collapsible = this.model.isExpandable(element)
      ? this.model.isExpanded(element)
        ? vscode.TreeItemCollapsibleState.Expanded
        : vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None;
    const made = this.treeItems.get(element);
    if (made && made.presentation === presentation && made.collapsible === collapsible) return made.item;
    const item = new vscode.TreeItem(presentation.label, collapsible);
    item.id = element.id;
    this.applyPresentation(item, presentation);
    if (element.kind === 'loadMore') item.command = { command: COMMANDS.loadMore, title: 'Load More', arguments: [element] };
    if (element.kind === 'error') item.command = { command: COMMANDS.retry, title: 'Retry', arguments: [element] };
    if (element.kind === 'run') item.command = { command: COMMANDS.openRun, title: 'Open Run', arguments: [element] };
    this.treeItems.set(element, { presentation, collapsible, item });
    return item;
  }

  private applyPresentation(item: vscode.TreeItem, presentation: ItemPresentation): void {
    if (presentation.description !== undefined) item.description = presentation.description;
    if (presentation.icon) {
      item.iconPath = new vscode.ThemeIcon(presentation.icon.id, presentation.icon.color ? new vscode.ThemeColor(presentation.icon.color) : undefined);
    }
    if (presentation.tooltip !== undefined) {
      // Untrusted data: no command links, no HTML; theme icons only from our own escaped template.
      const tooltip = new vscode.MarkdownString(presentation.tooltip, true);
      tooltip.isTrusted = false;
      tooltip.supportHtml = false;
      item.tooltip = tooltip;
    }
    item.contextValue = presentation.contextValue;
    item.accessibilityInformation = { label: [presentation.label, presentation.description].filter(Boolean).join(', ') };
  }

  /** Shows everything afresh. */
  refresh(): void {
    this.poller.resetInterval();
    this.model.refreshAll();
  }

  updatePollerOptions(options: PollerOptions): void {
    this.poller.updateOptions(options);
  }

  /** Polls only while the view can be seen and something visible is unfinished. */
  private updatePolling(): void {
    const active = this.seen && this.model.hasUnfinishedVisible();
    if (active !== this.poller.isActive) this.log.debug(active ? 'Automatic refresh on.' : 'Automatic refresh off.');
    this.poller.setActive(active);
  }

  /**
   * The view's description says what it is filtered to; its message, shown above the rows, says so
   * too, and that what is shown is old while refreshes keep failing. (VS Code hides welcome content
   * while a message is set, so a message only while there are rows.)
   */
  private updateDescription(): void {
    const filter = this.model.currentFilter;
    const filtered = isFiltered(filter) ? `Filtered: ${describeFilter(filter)}` : undefined;
    const problem = this.model.refreshProblem;
    const stale = problem
      ? `Not updated since ${new Date(problem.lastUpdatedAt).toLocaleTimeString()}: ${treeItemText(problem.message, 200)} Retrying automatically.`
      : undefined;
    this.view.description = filtered;
    const message = [stale, filtered].filter(Boolean).join(' · ');
    this.view.message = message && this.model.rootState.kind === 'ready' ? message : undefined;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.filtered, isFiltered(filter));
    void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.groupByWorkflow, this.model.groupByWorkflow);
  }

  private async updateViewState(): Promise<void> {
    const state = this.model.rootState;
    const viewState: ViewState = viewStateOf(state);
    // The welcome content (which VS Code hides while a view message is set) offers Retry; the reason goes to the log.
    if (state.kind === 'error') this.log.warn(`Loading batches failed: ${errorText(state.error, 500)}`);
    this.updateDescription();
    if (viewState !== this.viewState) {
      this.viewState = viewState;
      await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.viewState, viewState);
    }
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
