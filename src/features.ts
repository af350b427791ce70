// Composition root: builds the long-lived objects and hands each what it needs; its commands come
// from one table. Loaded on first use (src/extension.ts registers what VS Code must know at
// activation and forwards to what this returns), so only wiring happens here.
import * as vscode from 'vscode';
import { CargoConnection } from './connection/connection';
import { signIn } from './connection/signIn';
import { signOut } from './connection/signOut';
import { readSettings, type CargoSettings } from './connection/settings';
import type { TokenStore } from './connection/tokenStore';
import type { PollerOptions } from './core/poller';
import type { Visibility } from './core/seen';
import { WorkflowNames } from './core/workflowNames';
import { cancelBatch, cancelRun } from './explorer/commands/cancel';
import { copyRecordId, copyUuid } from './explorer/commands/copyIds';
import { clearFilters, filterByRecord, filterByStatus, filterByWorkflow } from './explorer/commands/filters';
import { setGroupByWorkflow } from './explorer/commands/groupByWorkflow';
import { openInCargo } from './explorer/commands/openInCargo';
import { openRun } from './explorer/commands/openRun';
import { loadMore, retry } from './explorer/commands/paging';
import { refresh } from './explorer/commands/refresh';
import { rerun } from './explorer/commands/rerun';
import { RunsExplorerModel } from './explorer/runsExplorerModel';
import { RunsTreeProvider } from './explorer/runsTreeProvider';
import { COMMANDS, STATE_KEYS, type CommandId } from './ids';
import { openRunByUuid } from './runPanel/openRunByUuid';
import { RunDocumentProvider } from './runPanel/runDocument';
import { RunPanelManager } from './runPanel/runPanelManager';
import { WatchedRuns } from './runPanel/watchedRun';
import { FileWorkflows } from './runFile/fileWorkflows';
import { RunFileCodeLensProvider } from './runFile/runFileCodeLens';
import { chooseWorkflow, newRunFile, runFile } from './runFile/runFileCommands';
import { RunFileDiagnostics } from './runFile/runFileDiagnostics';
import { errorText } from './shared/text';
import { followStartedRun } from './startedRuns/follow';
import { copyRunError, openFailingExecution, showExecutionError, watchRun } from './errorInspection/commands';
import { ErrorDocumentProvider } from './errorInspection/errorDocument';
import { RunFailureDiagnostics } from './errorInspection/runFailureDiagnostics';
import { FailuresView } from './failures/failuresView';
import { showFailures, showNodeHealth } from './failures/showFailures';
import { StartedRuns, type StartedRunEntry } from './startedRuns/startedRuns';
import { StartedRunsView } from './startedRuns/startedRunsView';
import type { ExplorerNode } from './explorer/explorerNodes';

/** Internals handed to the extension's own integration tests. */
export interface FeaturesForTests {
  readonly model: RunsExplorerModel;
  readonly tokens: TokenStore;
  readonly runs: WatchedRuns;
  readonly started: StartedRuns;
  readonly runsTree: vscode.TreeDataProvider<ExplorerNode>;
  readonly failures: FailuresView;
  readonly log: vscode.LogOutputChannel;
  /** Its state, settings and log folder: what the extension keeps (secret storage aside). */
  readonly context: vscode.ExtensionContext;
  /** Every page and message the run panels gave their webviews (recorded in test runs only). */
  readonly webviews: { readonly html: string[]; readonly messages: unknown[] };
}

/** What activation made before this was loaded, and shares with it. */
export interface ActivationParts {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly tokens: TokenStore;
  readonly runsView: vscode.TreeView<ExplorerNode>;
}

/** What the registrations made at activation forward to. */
export interface Features extends vscode.Disposable {
  readonly commands: Readonly<Record<CommandId, (...args: never[]) => unknown>>;
  readonly runsTree: vscode.TreeDataProvider<ExplorerNode>;
  readonly codeLenses: vscode.CodeLensProvider;
  readonly runDocuments: vscode.TextDocumentContentProvider;
  readonly errorDocuments: vscode.TextDocumentContentProvider;
  readonly restoreRunPanel: (panel: vscode.WebviewPanel, state: unknown) => Promise<void>;
  readonly filesRenamed: (event: vscode.FileRenameEvent) => void;
  readonly settingsChanged: () => void;
  readonly forTests: FeaturesForTests;
}

export function compose({ context, log, tokens, runsView }: ActivationParts): Features {
  const connection = new CargoConnection(tokens, log);
  let settings = readSettings();
  const windowFocus: Visibility = {
    get visible() {
      return vscode.window.state.focused;
    },
    onDidChange: vscode.window.onDidChangeWindowState,
  };
  const names = new WorkflowNames(connection, (workflowUuid, error) => log.debug(`No name for workflow ${workflowUuid}: ${errorText(error, 300)}`));
  const started = new StartedRuns(
    connection,
    {
      read: () => context.workspaceState.get(STATE_KEYS.startedRuns),
      write: (entries: readonly StartedRunEntry[]) => void context.workspaceState.update(STATE_KEYS.startedRuns, entries),
    },
    pollerOptions(settings),
    log,
  );
  const fileWorkflows = new FileWorkflows({
    read: () => context.workspaceState.get(STATE_KEYS.fileWorkflows),
    write: (value) => void context.workspaceState.update(STATE_KEYS.fileWorkflows, value),
  });
  const model = new RunsExplorerModel(
    { pageSize: settings.pageSize, groupByWorkflow: context.workspaceState.get(STATE_KEYS.groupByWorkflow, false) },
    connection,
    names,
    started,
  );
  const tree = new RunsTreeProvider(runsView, model, pollerOptions(settings), windowFocus, log);
  const view = runsView;
  const runs = new WatchedRuns({ clients: connection, names, pollerOptions: pollerOptions(settings), log });
  const webviews = { html: [] as string[], messages: [] as unknown[] };
  const traffic =
    context.extensionMode === vscode.ExtensionMode.Test
      ? {
          html: (_run: string, html: string) => void webviews.html.push(html),
          posted: (_run: string, message: unknown) => void webviews.messages.push(message),
        }
      : undefined;
  const panels = new RunPanelManager(runs, { extensionUri: context.extensionUri, log, windowFocus, ...(traffic ? { traffic } : {}) });
  const documents = new RunDocumentProvider(runs);
  const diagnostics = new RunFileDiagnostics();
  const startedView = new StartedRunsView(started, log);
  const codeLenses = new RunFileCodeLensProvider(names, started, fileWorkflows);
  const follow = followStartedRun({ panels, view, model, setting: () => settings.afterStartingRun, log });
  const failures = new RunFailureDiagnostics({ started, runs, log, enabled: () => settings.diagnosticsEnabled });
  const failuresView = new FailuresView({ clients: connection, log });
  const runFileDeps = { clients: connection, names, started, fileWorkflows, diagnostics, log, follow };
  const applyGrouping = (grouped: boolean) => model.setSettings({ pageSize: readSettings().pageSize, groupByWorkflow: grouped });

  // Every command has its handler: the type says so (activation registers them all).
  const commands: Record<CommandId, (...args: never[]) => unknown> = {
    [COMMANDS.signIn]: signIn({ connection, tokens, log }),
    [COMMANDS.signOut]: signOut({ tokens, log }),
    [COMMANDS.showLog]: () => log.show(),
    [COMMANDS.refresh]: refresh({ model, tree, view }),
    [COMMANDS.groupByWorkflow]: setGroupByWorkflow(context.workspaceState, applyGrouping, true),
    [COMMANDS.ungroup]: setGroupByWorkflow(context.workspaceState, applyGrouping, false),
    [COMMANDS.filterByStatus]: filterByStatus(model),
    [COMMANDS.filterByWorkflow]: filterByWorkflow(model, log),
    [COMMANDS.filterByRecord]: filterByRecord(model),
    [COMMANDS.clearFilters]: clearFilters(model),
    [COMMANDS.loadMore]: loadMore(model),
    [COMMANDS.retry]: retry(model),
    [COMMANDS.openRun]: openRun(view, panels),
    [COMMANDS.openRunByUuid]: openRunByUuid(panels),
    [COMMANDS.copyUuid]: copyUuid(view),
    [COMMANDS.copyRecordId]: copyRecordId(view),
    [COMMANDS.openInCargo]: openInCargo(view),
    [COMMANDS.cancelRun]: cancelRun({ clients: connection, model, view, log }),
    [COMMANDS.cancelBatch]: cancelBatch({ clients: connection, model, view, log }),
    [COMMANDS.rerun]: rerun({ clients: connection, view, log }),
    [COMMANDS.runFile]: runFile(runFileDeps),
    [COMMANDS.runFileAgainstRelease]: runFile(runFileDeps, true),
    [COMMANDS.chooseWorkflow]: chooseWorkflow(runFileDeps),
    [COMMANDS.newRunFile]: newRunFile(runFileDeps),
    [COMMANDS.showStartedRuns]: () => startedView.pick(),
    [COMMANDS.clearStartedRuns]: () => started.clear(),
    [COMMANDS.openFailingExecution]: openFailingExecution(panels),
    [COMMANDS.copyRunError]: copyRunError(failures),
    [COMMANDS.showExecutionError]: showExecutionError(view),
    [COMMANDS.watchRun]: watchRun({ diagnostics: failures, view, panels }),
    [COMMANDS.showFailures]: showFailures({ view: failuresView, explorer: view, panels, runs, clients: connection }),
    [COMMANDS.showNodeHealth]: showNodeHealth({ view: failuresView, explorer: view }),
    [COMMANDS.sortFailures]: () => failuresView.chooseSort(),
    [COMMANDS.copyFailuresMarkdown]: () => failuresView.copyMarkdown(),
    [COMMANDS.closeFailures]: () => failuresView.close(),
    [COMMANDS.forgetStartedRun]: (node?: ExplorerNode) => node?.kind === 'run' && started.remove(node.run.uuid),
  };

  const disposables: vscode.Disposable[] = [
    connection,
    names,
    model,
    tree,
    runs,
    panels,
    documents,
    started,
    diagnostics,
    failures,
    failuresView,
    startedView,
    codeLenses,
  ];
  const errorDocuments = new ErrorDocumentProvider(runs);
  log.info(`Cargo Runs ${String(context.extension.packageJSON.version)} ready; API base URL ${settings.apiBaseUrl}.`);
  return {
    commands,
    runsTree: tree,
    codeLenses,
    runDocuments: documents,
    errorDocuments,
    restoreRunPanel: (panel, state) => panels.restore(panel, state),
    filesRenamed: (event) => {
      for (const file of event.files) fileWorkflows.moved(file.oldUri.toString(), file.newUri.toString());
    },
    settingsChanged: () => {
      settings = readSettings();
      tree.updatePollerOptions(pollerOptions(settings));
      runs.updatePollerOptions(pollerOptions(settings));
      started.updatePollerOptions(pollerOptions(settings));
      failures.settingsChanged();
      model.setSettings({ pageSize: settings.pageSize, groupByWorkflow: model.groupByWorkflow });
    },
    forTests: { model, tokens, runs, started, runsTree: tree, failures: failuresView, log, context, webviews },
    dispose: () => vscode.Disposable.from(...disposables).dispose(),
  };
}

function pollerOptions(settings: CargoSettings): PollerOptions {
  return { intervalMs: settings.autoRefreshIntervalMs, maxIntervalMs: Math.max(settings.autoRefreshIntervalMs, 60_000), backoffFactor: 1.5 };
}
