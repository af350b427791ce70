// Composition root: builds the long-lived objects, hands each what it needs and registers everything.
// Only registration happens here; work starts when the user opens the view or runs a command.
import * as vscode from 'vscode';
import { TokenStore } from './connection/tokenStore';
import { cancelBatch, cancelRun } from './explorer/commands/cancel';
import { copyRecordId, copyUuid } from './explorer/commands/copyIds';
import { clearFilters, filterByRecord, filterByStatus, filterByWorkflow } from './explorer/commands/filters';
import { GROUP_BY_WORKFLOW_KEY, setGroupByWorkflow } from './explorer/commands/groupByWorkflow';
import { openInCargo } from './explorer/commands/openInCargo';
import { openRun, openRunByUuid } from './runPanel/openRun';
import { loadMore, retry } from './explorer/commands/paging';
import { refresh } from './explorer/commands/refresh';
import { rerun } from './explorer/commands/rerun';
import { signIn } from './connection/signIn';
import { signOut } from './connection/signOut';
import { onSettingsChanged, readSettings, type CargoSettings } from './connection/settings';
import { CargoConnection } from './connection/connection';
import { RUN_DOCUMENT_SCHEME, RunDocumentProvider } from './runPanel/runDocument';
import { RunsExplorerModel } from './explorer/runsExplorerModel';
import { RunPanelManager } from './runPanel/runPanel';
import type { PollerOptions } from './core/poller';
import { RunsTreeProvider } from './explorer/runsTreeProvider';

/** What activate() returns: nothing, except to the extension's own integration tests. */
export interface CargoRunsTestApi {
  readonly forTests?: { readonly model: RunsExplorerModel; readonly tokens: TokenStore };
}

export function activate(context: vscode.ExtensionContext): CargoRunsTestApi {
  const log = vscode.window.createOutputChannel('Cargo', { log: true });
  const tokens = new TokenStore(context.secrets, () => readSettings().apiBaseUrl);
  const connection = new CargoConnection(tokens, log);
  let settings = readSettings();
  const model = new RunsExplorerModel({ pageSize: settings.pageSize, groupByWorkflow: context.workspaceState.get(GROUP_BY_WORKFLOW_KEY, false) });
  const tree = new RunsTreeProvider(model, pollerOptions(settings), log);
  const view = tree.treeView;
  const panels = new RunPanelManager({ extensionUri: context.extensionUri, connection, log, pollerOptions: pollerOptions(settings) });

  const connect = async () => {
    const state = await connection.current();
    model.setClient(state.kind === 'ready' ? state.client : undefined);
  };
  const applyGrouping = (grouped: boolean) => model.setSettings({ pageSize: readSettings().pageSize, groupByWorkflow: grouped });

  context.subscriptions.push(
    log,
    tokens,
    model,
    tree,
    panels,
    panels.registerSerializer(),
    tokens.onDidChange(() => {
      void connect();
      panels.connectionChanged();
    }),
    onSettingsChanged(() => {
      const previous = settings;
      settings = readSettings();
      tree.updatePollerOptions(pollerOptions(settings));
      panels.updatePollerOptions(pollerOptions(settings));
      model.setSettings({ pageSize: settings.pageSize, groupByWorkflow: model.groupByWorkflow });
      if (previous.apiBaseUrl !== settings.apiBaseUrl || previous.requestTimeoutMs !== settings.requestTimeoutMs) void tokens.baseUrlChanged();
    }),
    vscode.workspace.registerTextDocumentContentProvider(RUN_DOCUMENT_SCHEME, new RunDocumentProvider(connection)),
    vscode.commands.registerCommand('cargo.signIn', signIn({ connection, tokens, log })),
    vscode.commands.registerCommand('cargo.signOut', signOut({ tokens, log })),
    vscode.commands.registerCommand('cargo.showLog', () => log.show()),
    vscode.commands.registerCommand('cargo.refresh', refresh({ model, tree, view })),
    vscode.commands.registerCommand('cargo.groupByWorkflow', setGroupByWorkflow(context.workspaceState, applyGrouping, true)),
    vscode.commands.registerCommand('cargo.ungroup', setGroupByWorkflow(context.workspaceState, applyGrouping, false)),
    vscode.commands.registerCommand('cargo.filterByStatus', filterByStatus(model)),
    vscode.commands.registerCommand('cargo.filterByWorkflow', filterByWorkflow(model, log)),
    vscode.commands.registerCommand('cargo.filterByRecord', filterByRecord(model)),
    vscode.commands.registerCommand('cargo.clearFilters', clearFilters(model)),
    vscode.commands.registerCommand('cargo.loadMore', loadMore(model)),
    vscode.commands.registerCommand('cargo.retry', retry(model)),
    vscode.commands.registerCommand('cargo.openRun', openRun(view, panels)),
    vscode.commands.registerCommand('cargo.openRunByUuid', openRunByUuid(panels)),
    vscode.commands.registerCommand('cargo.copyUuid', copyUuid(view)),
    vscode.commands.registerCommand('cargo.copyRecordId', copyRecordId(view)),
    vscode.commands.registerCommand('cargo.openInCargo', openInCargo(view)),
    vscode.commands.registerCommand('cargo.cancelRun', cancelRun({ connection, model, view, log })),
    vscode.commands.registerCommand('cargo.cancelBatch', cancelBatch({ connection, model, view, log })),
    vscode.commands.registerCommand('cargo.rerun', rerun({ connection, view, log })),
  );

  log.info(`Cargo Runs ${String(context.extension.packageJSON.version)} activated; API base URL ${settings.apiBaseUrl}.`);
  void tokens.refreshContext();
  void connect();
  // Internals (the token store among them) are handed out only to our own test runs, never to other extensions.
  return context.extensionMode === vscode.ExtensionMode.Test ? { forTests: { model, tokens } } : {};
}

function pollerOptions(settings: CargoSettings): PollerOptions {
  return { intervalMs: settings.autoRefreshIntervalMs, maxIntervalMs: Math.max(settings.autoRefreshIntervalMs, 60_000), backoffFactor: 1.5 };
}

export function deactivate(): void {}
