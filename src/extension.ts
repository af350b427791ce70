// What VS Code loads at activation: registrations only. Commands, the runs view, CodeLenses, the run
// panel's serializer and the document providers are registered here as stand-ins; the first call
// that needs one loads the rest (src/features.ts, the composition root, bundled as dist/features.js),
// so opening a window costs what registering costs.
import * as vscode from 'vscode';
import { ForwardingCodeLensProvider, ForwardingContentProvider, ForwardingTreeDataProvider } from './vscode/forwarding';
import { CargoAuthProvider } from './connection/vscode/authProvider';
import { onSettingsChanged, readSettings } from './connection/vscode/settings';
import { TokenStore } from './connection/vscode/tokenStore';
import type { ExplorerNode } from './explorer/explorerNodes';
import type { Features, FeaturesForTests } from './features';
import { COMMANDS, CONTEXT_KEYS, SCHEMES, STATE_KEYS, VIEWS, WEBVIEWS } from './ids';
import { hasStoredWorkflow, storedWorkflowDocuments } from './runFile/fileWorkflows';
import { isRunFileName } from './runFile/runFileName';
import { publishFilesWithWorkflow } from './runFile/vscode/filesWithWorkflow';

/** What activate() returns: nothing, except to the extension's own integration tests. */
export interface CargoRunsTestApi {
  readonly forTests?: { features(): FeaturesForTests };
}

export function activate(context: vscode.ExtensionContext): CargoRunsTestApi {
  const activateStartedAt = performance.now();
  const log = vscode.window.createOutputChannel('Cargo', { log: true });
  const tokens = new TokenStore(context.secrets, () => readSettings().apiBaseUrl);
  // The signed-in state is read now (the Accounts menu and the first request need it), not on first use.
  void tokens.refreshContext();
  // Asking for a token (the sign-in box) is the features'; the Accounts menu and sign-out are not.
  const auth = new CargoAuthProvider({ tokens, apiBaseUrl: () => readSettings().apiBaseUrl, askForToken: () => features().askForToken(), log });
  let loaded: Features | undefined;
  const runsTree = new ForwardingTreeDataProvider<ExplorerNode>(() => features().runsTree);
  const runsView = vscode.window.createTreeView(VIEWS.runs, { treeDataProvider: runsTree, showCollapseAll: true, canSelectMany: true });
  const codeLenses = new ForwardingCodeLensProvider(
    () => features().codeLenses,
    (document) => isRunFileName(document.uri.path) || hasStoredWorkflow(context.workspaceState.get(STATE_KEYS.fileWorkflows), document.uri.toString()),
  );

  /** The features, loaded on first need: a command, the view's rows, a run file's lenses, a restored panel. */
  function features(): Features {
    if (loaded) return loaded;
    const startedAt = performance.now();
    // A separate bundle (esbuild.mjs), so activation does not read or compile it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use, from its own bundle (a dynamic import() would not load CommonJS by this path)
    const { compose } = require('./features') as typeof import('./features');
    loaded = compose({ context, log, tokens, auth, runsView });
    context.subscriptions.push(loaded);
    codeLenses.attach(loaded.codeLenses);
    log.info(`Cargo Runs ${String(context.extension.packageJSON.version)}: features loaded in ${(performance.now() - startedAt).toFixed(0)} ms.`);
    return loaded;
  }

  let { apiBaseUrl, requestTimeoutMs } = readSettings();
  context.subscriptions.push(
    log,
    tokens,
    auth,
    runsTree,
    runsView,
    codeLenses,
    vscode.languages.registerCodeLensProvider([{ language: 'json' }, { language: 'jsonc' }], codeLenses),
    vscode.window.registerWebviewPanelSerializer(WEBVIEWS.runPanel, { deserializeWebviewPanel: (panel, state) => features().restoreRunPanel(panel, state) }),
    // Links into VS Code (vscode://cargo-runs.cargo-runs/run/<uuid>): read and opened by the features.
    vscode.window.registerUriHandler({ handleUri: (uri) => features().openLink(uri) }),
    registerContentProvider(SCHEMES.runDocument, () => features().runDocuments),
    registerContentProvider(SCHEMES.errorDocument, () => features().errorDocuments),
    registerContentProvider(SCHEMES.comparison, () => features().comparisonDocuments),
    vscode.workspace.onDidRenameFiles((event) => {
      // Only remembered workflows follow a renamed file: nothing to do unless some are stored.
      if (loaded || context.workspaceState.get(STATE_KEYS.fileWorkflows) !== undefined) features().filesRenamed(event);
    }),
    onSettingsChanged(() => {
      loaded?.settingsChanged();
      const previous = { apiBaseUrl, requestTimeoutMs };
      ({ apiBaseUrl, requestTimeoutMs } = readSettings());
      // The token is kept per base URL, and clients carry the timeout: either change renews the connection.
      if (previous.apiBaseUrl !== apiBaseUrl || previous.requestTimeoutMs !== requestTimeoutMs) void tokens.baseUrlChanged();
    }),
    ...Object.values(COMMANDS).map((id) => vscode.commands.registerCommand(id, (...args: never[]) => features().commands[id](...args))),
  );

  publishFilesWithWorkflow(storedWorkflowDocuments(context.workspaceState.get(STATE_KEYS.fileWorkflows)));
  void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.groupByWorkflow, context.workspaceState.get(STATE_KEYS.groupByWorkflow, false));
  // Runs started from VS Code before a reload are followed again (status bar, notifications, problems).
  const started = context.workspaceState.get<unknown[]>(STATE_KEYS.startedRuns);
  if (Array.isArray(started) && started.length > 0) {
    setTimeout(() => {
      try {
        features();
      } catch (error) {
        log.error(`Cargo Runs could not load: ${String(error)}`);
      }
    }, 0);
  }
  log.info(
    `Cargo Runs ${String(context.extension.packageJSON.version)} activated in ${(performance.now() - activateStartedAt).toFixed(1)} ms; API base URL ${apiBaseUrl}.`,
  );
  // Internals (the token store among them) are handed out only to our own test runs, never to other extensions.
  return context.extensionMode === vscode.ExtensionMode.Test ? { forTests: { features: () => features().forTests } } : {};
}

function registerContentProvider(scheme: string, load: () => vscode.TextDocumentContentProvider): vscode.Disposable {
  const provider = new ForwardingContentProvider(load);
  return vscode.Disposable.from(provider, vscode.workspace.registerTextDocumentContentProvider(scheme, provider));
}

export function deactivate(): void {}
