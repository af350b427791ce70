// Composition root: builds the long-lived objects and hands each what it needs; its commands come
// from one table. Loaded on first use (src/extension.ts registers what VS Code must know at
// activation and forwards to what this returns), so only wiring happens here. The features (Runs
// view, run panels, run files, started runs, failures) are siblings: what they share comes from the
// run layer (src/runs/), built here once.
import * as vscode from 'vscode';
import type { Batch } from './api';
import { CargoConnection } from './connection/vscode/connection';
import type { CargoAuthProvider } from './connection/vscode/authProvider';
import { readSettings } from './connection/vscode/settings';
import { askForToken } from './connection/vscode/signIn';
import { signOut } from './connection/vscode/signOut';
import type { TokenStore } from './connection/vscode/tokenStore';
import type { CargoSettings } from './connection/settings';
import type { PollerOptions } from './core/poller';
import type { Visibility } from './core/seen';
import { compareWith, compareWithLastSuccess } from './compare/vscode/compareCommands';
import { ComparisonDocuments } from './compare/vscode/comparisonDocuments';
import { copyRunError, openFailingExecution, showExecutionError, watchRun } from './errorInspection/vscode/commands';
import { ErrorDocumentProvider } from './errorInspection/vscode/errorDocument';
import { RunFailureDiagnostics } from './errorInspection/vscode/runFailureDiagnostics';
import { EmptyExpressionDiagnostics } from './errorInspection/vscode/emptyExpressionDiagnostics';
import type { ExplorerNode } from './explorer/explorerNodes';
import { RunsExplorerModel } from './explorer/runsExplorerModel';
import { cancelBatch, cancelRun } from './explorer/vscode/commands/cancel';
import { copyRecordId, copyUuid } from './explorer/vscode/commands/copyIds';
import { ExplorerTargets } from './explorer/vscode/commands/explorerTarget';
import { clearFilters, filterByRecord, filterByStatus, filterByWorkflow } from './explorer/vscode/commands/filters';
import { setGroupByWorkflow } from './explorer/vscode/commands/groupByWorkflow';
import { openInCargo } from './explorer/vscode/commands/openInCargo';
import { openChildRun } from './explorer/vscode/commands/openChildRun';
import { loadMore, retry } from './explorer/vscode/commands/paging';
import { refresh } from './explorer/vscode/commands/refresh';
import { rerun } from './explorer/vscode/commands/rerun';
import { retryFailedRuns } from './explorer/vscode/commands/retryFailed';
import { FollowRetries } from './explorer/vscode/followRetries';
import { revealStartedRun } from './explorer/vscode/revealStartedRun';
import { runsViewPlaces } from './explorer/vscode/runsViewPlaces';
import { RunsTreeProvider } from './explorer/vscode/runsTreeProvider';
import { FailuresView } from './failures/vscode/failuresView';
import { showFailures, showNodeHealth } from './failures/vscode/showFailures';
import { COMMANDS, STATE_KEYS, type CommandId } from './ids';
import { FileWorkflows } from './runFile/fileWorkflows';
import { chooseWorkflow } from './runFile/vscode/chooseWorkflow';
import { publishFilesWithWorkflow } from './runFile/vscode/filesWithWorkflow';
import { newRunFile } from './runFile/vscode/newRunFile';
import { runFile } from './runFile/vscode/runFile';
import { RunFileCodeLensProvider } from './runFile/vscode/runFileCodeLens';
import { RunFileDiagnostics } from './runFile/vscode/runFileDiagnostics';
import { openRun } from './runPanel/vscode/openRun';
import { RunDocumentProvider } from './runPanel/vscode/runDocument';
import { RunPanelManager } from './runPanel/vscode/runPanelManager';
import { CommandTargets } from './runs/commandTarget';
import { FollowedRuns } from './runs/followedRuns';
import { loadedRunsOf } from './runs/runComparison';
import { Comparisons } from './runs/comparisons';
import { runUuidIn, WebAppLinks } from './runs/runLinks';
import { RunStarter } from './runs/runStarter';
import { showStartedRun } from './runs/showStartedRun';
import { StartedRuns, type StartedRunEntry } from './runs/startedRuns';
import { ReleaseNodes } from './runs/releaseNodes';
import { TraceLineages } from './runs/traceLineages';
import { retrySourceOf } from './runs/retryTargets';
import { WorkflowNames } from './runs/workflowNames';
import { errorText } from './shared/text';
import { StartedRunsView } from './startedRuns/vscode/startedRunsView';
import { copyVsCodeLink, openCommand, openLink } from './vscode/openCargo';
import { vscodePrompts } from './vscode/prompts';

/** Internals handed to the extension's own integration tests. */
export interface FeaturesForTests {
  readonly model: RunsExplorerModel;
  readonly tokens: TokenStore;
  readonly runs: FollowedRuns;
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
  /** Sign-in and sign-out, and the account in VS Code's Accounts menu. */
  readonly auth: CargoAuthProvider;
  readonly runsView: vscode.TreeView<ExplorerNode>;
}

/** What the registrations made at activation forward to. */
export interface Features extends vscode.Disposable {
  readonly commands: Readonly<Record<CommandId, (...args: never[]) => unknown>>;
  readonly runsTree: vscode.TreeDataProvider<ExplorerNode>;
  readonly codeLenses: vscode.CodeLensProvider;
  readonly runDocuments: vscode.TextDocumentContentProvider;
  readonly errorDocuments: vscode.TextDocumentContentProvider;
  readonly comparisonDocuments: vscode.TextDocumentContentProvider;
  readonly restoreRunPanel: (panel: vscode.WebviewPanel, state: unknown) => Promise<void>;
  readonly filesRenamed: (event: vscode.FileRenameEvent) => void;
  readonly settingsChanged: () => void;
  /** A link into VS Code (`vscode://cargo-runs.cargo-runs/run/<uuid>`), handed over by the URI handler. */
  readonly openLink: (uri: vscode.Uri) => Promise<void>;
  /** The sign-in box, for the authentication provider: the token Cargo accepted, or undefined. */
  readonly askForToken: () => Promise<string | undefined>;
  readonly forTests: FeaturesForTests;
}

export function compose({ context, log, tokens, auth, runsView: view }: ActivationParts): Features {
  const connection = new CargoConnection(tokens, log);
  let settings = readSettings();
  const windowFocus: Visibility = {
    get visible() {
      return vscode.window.state.focused;
    },
    onDidChange: vscode.window.onDidChangeWindowState,
  };
  const state = <T>(key: string) => ({ read: () => context.workspaceState.get(key), write: (value: T) => void context.workspaceState.update(key, value) });

  // ---- the run layer, shared by every feature ----
  const links = new WebAppLinks(() => settings.webAppBaseUrl);
  const names = new WorkflowNames(connection, (workflowUuid, error) => log.debug(`No name for workflow ${workflowUuid}: ${errorText(error, 300)}`));
  const started = new StartedRuns(connection, state<readonly StartedRunEntry[]>(STATE_KEYS.startedRuns), pollerOptions(settings), log);
  const runs = new FollowedRuns({ clients: connection, names, pollerOptions: pollerOptions(settings), log });
  const releases = new ReleaseNodes(connection);
  const lineages = new TraceLineages(connection);

  // ---- the features ----
  const model = new RunsExplorerModel(
    { pageSize: settings.pageSize, groupByWorkflow: context.workspaceState.get(STATE_KEYS.groupByWorkflow, false) },
    connection,
    names,
    started,
    lineages,
  );
  const tree = new RunsTreeProvider(view, model, pollerOptions(settings), windowFocus, log);
  const rows = new ExplorerTargets(view);
  const webviews = { html: [] as string[], messages: [] as unknown[] };
  const traffic =
    context.extensionMode === vscode.ExtensionMode.Test
      ? {
          html: (_run: string, html: string) => void webviews.html.push(html),
          posted: (_run: string, message: unknown) => void webviews.messages.push(message),
        }
      : undefined;
  // Comparisons made (the compare commands), named in the run panels of their runs.
  const comparisons = new Comparisons();
  const panels = new RunPanelManager(runs, {
    extensionUri: context.extensionUri,
    log,
    clients: connection,
    links,
    windowFocus,
    comparisons,
    releases,
    lineages,
    ...(traffic ? { traffic } : {}),
  });
  const failuresView = new FailuresView({ clients: connection, releases, log });
  // What a command acts on: a row of the Runs view or of the Failures view, else the Runs view's selection, else the active run panel.
  const targets = new CommandTargets([rows, failuresView, panels], runUuidIn);
  const signInCommand = () => auth.signIn();
  const starter = new RunStarter({
    clients: connection,
    started,
    prompts: vscodePrompts,
    log,
    show: showStartedRun({ opener: panels, revealInTree: revealStartedRun({ view, model, log }), setting: () => settings.afterStartingRun }),
    signIn: signInCommand,
    showLog: () => log.show(true),
  });
  const followRetries = new FollowRetries({ view, model, log });
  const retryDeps = {
    clients: connection,
    prompts: vscodePrompts,
    releases,
    log,
    sources: [rows, failuresView, retrySourceOf(panels)],
    created: (batches: readonly Batch[]) => {
      panels.retriesCreated(batches);
      void followRetries.created(batches);
    },
    signIn: signInCommand,
    showLog: () => log.show(true),
  };
  const documents = new RunDocumentProvider(runs);
  const fileWorkflows = new FileWorkflows(state(STATE_KEYS.fileWorkflows));
  const filesWithWorkflow = fileWorkflows.onDidChange(() => publishFilesWithWorkflow(fileWorkflows.documents()));
  const fileDiagnostics = new RunFileDiagnostics();
  const startedView = new StartedRunsView(started, panels, vscodePrompts, log);
  const codeLenses = new RunFileCodeLensProvider(names, started, fileWorkflows);
  const failures = new RunFailureDiagnostics({ started, runs, links, log, enabled: () => settings.diagnosticsEnabled });
  const emptyExpressions = new EmptyExpressionDiagnostics({ started, runs, clients: connection, releases, log, enabled: () => settings.diagnosticsEnabled });
  const runFileDeps = { clients: connection, names, fileWorkflows, diagnostics: fileDiagnostics, starter, log };
  // "Open…" and links into VS Code: only open and read, never start or cancel.
  const openDeps = {
    clients: connection,
    opener: panels,
    view: runsViewPlaces({ view, model, names, log }),
    prompts: vscodePrompts,
    addresses: () => settings,
  };
  const comparisonDocuments = new ComparisonDocuments();
  const compareDeps = { clients: connection, targets, loaded: loadedRunsOf(runs), documents: comparisonDocuments, comparisons, addresses: () => settings, log };
  const applyGrouping = (grouped: boolean) => model.setSettings({ pageSize: readSettings().pageSize, groupByWorkflow: grouped });

  // Every command has its handler: the type says so (activation registers them all).
  const commands: Record<CommandId, (...args: never[]) => unknown> = {
    [COMMANDS.signIn]: signInCommand,
    [COMMANDS.signOut]: signOut(auth),
    [COMMANDS.showLog]: () => log.show(),
    [COMMANDS.refresh]: refresh({ model, tree }),
    [COMMANDS.groupByWorkflow]: setGroupByWorkflow(context.workspaceState, applyGrouping, true),
    [COMMANDS.ungroup]: setGroupByWorkflow(context.workspaceState, applyGrouping, false),
    [COMMANDS.filterByStatus]: filterByStatus(model),
    [COMMANDS.filterByWorkflow]: filterByWorkflow(model, log),
    [COMMANDS.filterByRecord]: filterByRecord(model),
    [COMMANDS.clearFilters]: clearFilters(model),
    [COMMANDS.loadMore]: loadMore(model),
    [COMMANDS.retry]: retry(model),
    [COMMANDS.openRun]: openRun(targets, panels),
    [COMMANDS.openRunByUuid]: openCommand(openDeps),
    [COMMANDS.copyUuid]: copyUuid(targets),
    [COMMANDS.copyRecordId]: copyRecordId(targets),
    [COMMANDS.copyVsCodeLink]: copyVsCodeLink(targets, context.extension.id),
    [COMMANDS.openInCargo]: openInCargo(targets, links),
    [COMMANDS.cancelRun]: cancelRun({ clients: connection, model, rows, log }),
    [COMMANDS.cancelBatch]: cancelBatch({ clients: connection, model, rows, log }),
    [COMMANDS.rerun]: rerun({ clients: connection, targets, starter, prompts: vscodePrompts, names }),
    [COMMANDS.retryFailedRuns]: retryFailedRuns(retryDeps),
    [COMMANDS.retryFromFailedNode]: retryFailedRuns(retryDeps, true),
    // The Failures view's title: the batch it shows, whatever the Runs view has selected.
    [COMMANDS.retryShownFailures]: retryFailedRuns({
      ...retryDeps,
      sources: [{ retryTargetOf: () => undefined, selectedRetryTarget: (oneRun) => failuresView.selectedRetryTarget(oneRun) }],
    }),
    [COMMANDS.runFile]: runFile(runFileDeps),
    [COMMANDS.runFileAgainstRelease]: runFile(runFileDeps, true),
    [COMMANDS.chooseWorkflow]: chooseWorkflow(runFileDeps),
    [COMMANDS.newRunFile]: newRunFile(runFileDeps),
    [COMMANDS.showStartedRuns]: () => startedView.pick(),
    [COMMANDS.clearStartedRuns]: () => started.clear(),
    [COMMANDS.openChildRun]: openChildRun(targets, panels),
    [COMMANDS.openFailingExecution]: openFailingExecution(panels),
    [COMMANDS.copyRunError]: copyRunError(failures),
    [COMMANDS.showExecutionError]: showExecutionError(targets),
    [COMMANDS.watchRun]: watchRun({ diagnostics: failures, targets }),
    [COMMANDS.showFailures]: showFailures({ view: failuresView, targets, clients: connection, names }),
    [COMMANDS.showNodeHealth]: showNodeHealth({ view: failuresView, targets }),
    [COMMANDS.sortFailures]: () => failuresView.chooseSort(),
    [COMMANDS.copyFailuresMarkdown]: () => failuresView.copyMarkdown(),
    [COMMANDS.closeFailures]: () => failuresView.close(),
    [COMMANDS.listMoreFailedRuns]: (node?: unknown) => failuresView.listMoreRuns(node),
    [COMMANDS.compareWithLastSuccess]: compareWithLastSuccess(compareDeps),
    [COMMANDS.compareWith]: compareWith(compareDeps),
    [COMMANDS.forgetStartedRun]: (arg?: unknown) => {
      const node = rows.node(arg);
      if (node?.kind === 'run') started.remove(node.run.uuid);
    },
  };

  const disposables: vscode.Disposable[] = [
    connection,
    names,
    releases,
    lineages,
    model,
    tree,
    runs,
    panels,
    documents,
    started,
    fileDiagnostics,
    failures,
    emptyExpressions,
    failuresView,
    startedView,
    followRetries,
    codeLenses,
    filesWithWorkflow,
    comparisonDocuments,
  ];
  log.info(`Cargo Runs ${String(context.extension.packageJSON.version)} ready; API base URL ${settings.apiBaseUrl}.`);
  return {
    commands,
    runsTree: tree,
    codeLenses,
    runDocuments: documents,
    errorDocuments: new ErrorDocumentProvider(runs),
    comparisonDocuments,
    restoreRunPanel: (panel, saved) => panels.restore(panel, saved),
    openLink: openLink({ ...openDeps, extensionId: context.extension.id, log }),
    askForToken: askForToken({ connection, log }),
    filesRenamed: (event) => {
      for (const file of event.files) fileWorkflows.moved(file.oldUri.toString(), file.newUri.toString());
    },
    settingsChanged: () => {
      settings = readSettings();
      tree.updatePollerOptions(pollerOptions(settings));
      runs.updatePollerOptions(pollerOptions(settings));
      started.updatePollerOptions(pollerOptions(settings));
      failures.settingsChanged();
      emptyExpressions.settingsChanged();
      model.setSettings({ pageSize: settings.pageSize, groupByWorkflow: model.groupByWorkflow });
    },
    forTests: { model, tokens, runs, started, runsTree: tree, failures: failuresView, log, context, webviews },
    dispose: () => vscode.Disposable.from(...disposables).dispose(),
  };
}

function pollerOptions(settings: CargoSettings): PollerOptions {
  return { intervalMs: settings.autoRefreshIntervalMs, maxIntervalMs: Math.max(settings.autoRefreshIntervalMs, 60_000), backoffFactor: 1.5 };
}
