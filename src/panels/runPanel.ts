// The run panel: one webview per run showing its header, executions, context and computed configs.
// The HTML is a static template; run data goes in only through postMessage, as a RunView.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { enumText, isFinishedRunStatus, type Run, type RunDetails } from '../api';
import type { CargoConnection } from '../connection';
import { showRunDocument } from '../documents/runDocumentProvider';
import { cut } from '../tree/presentation';
import { parseToExtension, runUuidOfState, type JsonValue, type ToWebview } from './protocol';
import { toRunView } from './runView';

export const RUN_PANEL_VIEW_TYPE = 'cargo.runPanel';

export interface RunPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly connection: CargoConnection;
  readonly log: vscode.LogOutputChannel;
}

/** Keeps one panel per run uuid: opening a run that is already open reveals its panel. */
export class RunPanelManager implements vscode.Disposable {
  private readonly panels = new Map<string, RunPanel>();

  constructor(private readonly deps: RunPanelDeps) {}

  /** `known` (the run as listed in the tree) titles the panel until the full run has loaded. */
  show(runUuid: string, known?: Run): void {
    const open = this.panels.get(runUuid);
    if (open) {
      open.reveal();
      return;
    }
    const webviewPanel = vscode.window.createWebviewPanel(RUN_PANEL_VIEW_TYPE, titleOf(known?.recordTitle, known ? enumText(known.status) : undefined, runUuid), vscode.ViewColumn.Active, webviewOptions(this.deps.extensionUri));
    this.adopt(webviewPanel, runUuid);
  }

  /** Restores the panels of the last session (VS Code keeps them across window reloads). */
  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(RUN_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: (webviewPanel: vscode.WebviewPanel, state: unknown) => {
        const runUuid = runUuidOfState(state);
        if (!runUuid || this.panels.has(runUuid)) webviewPanel.dispose();
        else this.adopt(webviewPanel, runUuid);
        return Promise.resolve();
      },
    });
  }

  private adopt(webviewPanel: vscode.WebviewPanel, runUuid: string): void {
    this.panels.set(runUuid, new RunPanel(webviewPanel, runUuid, this.deps, () => this.panels.delete(runUuid)));
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')] };
}

class RunPanel {
  private readonly subscriptions: vscode.Disposable[] = [];
  private loading: AbortController | undefined;
  /** The run as last loaded, to answer the webview's requests for large node values. */
  private details: RunDetails | undefined;
  /** The next live update, while the run is unfinished and the panel visible. */
  private timer: ReturnType<typeof setTimeout> | undefined;
  private intervalMs = 10_000;
  private disposed = false;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly runUuid: string,
    private readonly deps: RunPanelDeps,
    private readonly onDisposed: () => void,
  ) {
    // A restored panel comes with the options of the session that saved it: set ours again.
    this.panel.webview.options = webviewOptions(deps.extensionUri);
    this.panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'cargo.svg');
    this.subscriptions.push(
      this.panel.onDidDispose(() => this.dispose()),
      // Like the tree: no polling while hidden; catching up as soon as it shows again.
      this.panel.onDidChangeViewState(() => {
        if (!this.panel.visible) this.stopPolling();
        else if (this.details && !this.isFinished() && this.timer === undefined) void this.load();
      }),
      this.panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
    );
    this.panel.webview.html = this.html();
  }

  reveal(): void {
    this.panel.reveal();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.loading?.abort();
    this.stopPolling();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.panel.dispose();
    this.onDisposed();
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseToExtension(raw);
    if (!message) {
      this.deps.log.warn('Run panel: ignored a message of unexpected shape from the webview.');
      return;
    }
    switch (message.type) {
      case 'ready':
        await this.load();
        return;
      case 'openJson':
        await showRunDocument(this.runUuid);
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        return;
      case 'loadNode': {
        const values = message.section === 'context' ? this.details?.runContext : this.details?.runComputedConfigs;
        if (values && Object.hasOwn(values, message.slug)) await this.post({ type: 'nodeLoaded', section: message.section, slug: message.slug, value: (values[message.slug] ?? null) as JsonValue });
        return;
      }
    }
  }

  /** Fetches the run and posts it; a newer load (the webview reloading) supersedes an older one. */
  private async load(): Promise<void> {
    this.stopPolling();
    this.loading?.abort();
    const controller = new AbortController();
    this.loading = controller;
    const state = await this.deps.connection.current();
    if (state.kind !== 'ready') {
      await this.post({ type: 'loadFailed', message: state.kind === 'signedOut' ? 'Sign in to Cargo to see this run.' : state.message });
      return;
    }
    this.intervalMs = state.settings.autoRefreshIntervalMs;
    try {
      const details = await state.client.getRun(this.runUuid, controller.signal);
      if (controller.signal.aborted || this.disposed) return;
      this.details = details;
      const run = toRunView(details);
      this.panel.title = titleOf(run.recordTitle, run.status, this.runUuid);
      await this.post({ type: 'runLoaded', run });
    } catch (error) {
      if (controller.signal.aborted || this.disposed) return;
      const message = error instanceof Error ? error.message : String(error);
      this.deps.log.error(`Run panel: could not load run ${this.runUuid}: ${message}`);
      // A failed live update keeps what is shown and tries again later.
      if (!this.details) await this.post({ type: 'loadFailed', message: `Could not load the run: ${message}` });
    }
    this.schedule();
  }

  private isFinished(): boolean {
    return this.details !== undefined && isFinishedRunStatus(this.details.run.status);
  }

  private schedule(): void {
    this.stopPolling();
    if (this.disposed || !this.details || this.isFinished() || !this.panel.visible) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.load();
    }, this.intervalMs);
  }

  private stopPolling(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async post(message: ToWebview): Promise<void> {
    if (!this.disposed) await this.panel.webview.postMessage(message);
  }

  /** Static: only our own URIs and a fresh nonce go in, never run data. */
  private html(): string {
    const webview = this.panel.webview;
    const nonce = makeNonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'webview', 'runPanel.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.deps.extensionUri, 'media', 'runPanel.css'));
    const csp = [
      "default-src 'none'",
      `script-src 'nonce-${nonce}'`,
      `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Cargo run</title>
</head>
<body>
<main id="root" aria-live="polite"><p class="muted">Loading the run…</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }
}

function titleOf(recordTitle: string | undefined, status: string | undefined, runUuid: string): string {
  const name = recordTitle ? cut(recordTitle, 60) : `Run ${runUuid.slice(0, 8)}`;
  return status ? `${name} · ${cut(status, 20)}` : name;
}

function makeNonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}
