// The run panel: one webview per run showing its header, executions, context and computed configs.
// The HTML is a static template; run data goes in only through postMessage, as a RunView. The run
// is fetched as soon as the panel opens, while the webview boots, and kept current while unfinished
// by an AdaptivePoller that runs only while someone can see the panel.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { CargoAuthError, CargoRateLimitError, enumText, isCancellation, type CargoClient, type Run, type RunDetails, type Span } from '../api';
import { runWebAppUrl } from '../explorer/commands/openInCargo';
import { readSettings } from '../connection/settings';
import type { CargoConnection } from '../connection/connection';
import { showRunDocument } from './runDocument';
import { AdaptivePoller, type PollerOptions, type PollOutcome } from '../core/poller';
import { cut, errorText } from '../explorer/presentation';
import { parseToExtension, runUuidOfState, type JsonValue, type RunView, type ToWebview } from '../shared/protocol';
import { fetchRunSpans, needsSpans, toRunView, viewSignature, WorkflowNames } from './runView';

export const RUN_PANEL_VIEW_TYPE = 'cargo.runPanel';

export interface RunPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly connection: CargoConnection;
  readonly log: vscode.LogOutputChannel;
  /** How live updates poll, as the runs explorer does; changes come through updatePollerOptions. */
  readonly pollerOptions: PollerOptions;
}

/** Keeps one panel per run uuid: opening a run that is already open reveals its panel. */
export class RunPanelManager implements vscode.Disposable {
  private readonly panels = new Map<string, RunPanel>();
  private pollerOptions: PollerOptions;
  /** Shared by the panels, so a workflow's name is looked up once. */
  private readonly workflowNames: WorkflowNames;

  constructor(private readonly deps: RunPanelDeps) {
    this.pollerOptions = deps.pollerOptions;
    this.workflowNames = new WorkflowNames((workflowUuid, error) =>
      deps.log.debug(`Run panel: no name for workflow ${workflowUuid}: ${errorText(error, 300)}`),
    );
  }

  /** `known` (the run as listed in the tree) titles the panel until the full run has loaded. */
  show(runUuid: string, known?: Run): void {
    const open = this.panels.get(runUuid);
    if (open) {
      open.reveal();
      return;
    }
    const openedAt = performance.now();
    const webviewPanel = vscode.window.createWebviewPanel(
      RUN_PANEL_VIEW_TYPE,
      titleOf(known?.recordTitle, known ? enumText(known.status) : undefined, runUuid),
      vscode.ViewColumn.Active,
      webviewOptions(this.deps.extensionUri),
    );
    this.adopt(webviewPanel, runUuid, openedAt, known?.workflowUuid);
  }

  /** Restores the panels of the last session (VS Code keeps them across window reloads). */
  registerSerializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(RUN_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: (webviewPanel: vscode.WebviewPanel, state: unknown) => {
        const openedAt = performance.now();
        const runUuid = runUuidOfState(state);
        if (!runUuid || this.panels.has(runUuid)) webviewPanel.dispose();
        else this.adopt(webviewPanel, runUuid, openedAt, undefined);
        return Promise.resolve();
      },
    });
  }

  /** Signed in, out, or to another base URL: panels that could not show their run try again. */
  connectionChanged(): void {
    for (const panel of this.panels.values()) panel.retryIfNothingShown();
  }

  /** The settings changed: open panels poll accordingly from now on. */
  updatePollerOptions(options: PollerOptions): void {
    this.pollerOptions = options;
    for (const panel of this.panels.values()) panel.updatePollerOptions(options);
  }

  private adopt(webviewPanel: vscode.WebviewPanel, runUuid: string, openedAt: number, workflowUuid: string | undefined): void {
    const panel: RunPanel = new RunPanel(webviewPanel, runUuid, this.deps, {
      openedAt,
      workflowUuid,
      pollerOptions: this.pollerOptions,
      workflowName: (client, baseUrl, uuid) => this.workflowNames.nameOf(client, baseUrl, uuid),
      onDisposed: () => {
        if (this.panels.get(runUuid) === panel) this.panels.delete(runUuid);
      },
    });
    this.panels.set(runUuid, panel);
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')] };
}

/** What a panel gets from its manager besides the shared deps. */
interface PanelContext {
  /** performance.now() when opening the panel began. */
  readonly openedAt: number;
  /** The run's workflow when known before the run is fetched (opened from the tree). */
  readonly workflowUuid: string | undefined;
  readonly pollerOptions: PollerOptions;
  /** Never rejects; null when the name is unknown. */
  readonly workflowName: (client: CargoClient, baseUrl: string, workflowUuid: string) => Promise<string | null>;
  readonly onDisposed: () => void;
}

/** The run as last fetched, and what the webview was given of it. */
interface Shown {
  readonly details: RunDetails;
  readonly view: RunView;
  readonly signature: string;
}

/** How long this opening of the panel took, until its first screen is logged. */
interface OpeningTimes {
  /** When the webview first said 'ready', in ms after opening began. */
  readyMs?: number;
  /** When the run shown first had been fetched, in ms after opening began. */
  fetchedMs?: number;
  /** The panel was hidden before the first screen: the time would include the time away. */
  hidden: boolean;
}

const UNCHANGED: PollOutcome = { changed: false };

class RunPanel {
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Cancels what is in flight when the panel closes. */
  private readonly lifetime = new AbortController();
  private readonly poller: AdaptivePoller;
  private pollerOptions: PollerOptions;
  /** The fetch in flight: everyone who wants the run now joins it, so it is never fetched twice at once. */
  private fetching: Promise<PollOutcome> | undefined;
  /** performance.now() when the last fetch ended. */
  private fetchedAt = -Infinity;
  private shown: Shown | undefined;
  /** Why the run could not be loaded, while nothing is shown. */
  private failure: { readonly message: string; readonly signedOut: boolean } | undefined;
  private workflowUuid: string | undefined;
  /** The last spans fetched: if fetching them fails later, their times still stand. */
  private spans: Span[] | undefined;
  private spansFailed = false;
  /** The webview has said 'ready': what is posted from now on arrives. */
  private webviewReady = false;
  /** The signature of the view the webview has, so an unchanged view is not posted again. */
  private postedSignature: string | undefined;
  private opening: OpeningTimes | undefined;
  private disposed = false;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly runUuid: string,
    private readonly deps: RunPanelDeps,
    private readonly context: PanelContext,
  ) {
    this.workflowUuid = context.workflowUuid;
    this.pollerOptions = context.pollerOptions;
    this.opening = { hidden: !panel.visible };
    // The poll joins the panel's own fetch, whose result is kept even when the poller stops meanwhile: its signal is not used.
    this.poller = new AdaptivePoller(() => this.refresh(), context.pollerOptions);
    // A restored panel comes with the options of the session that saved it: set ours again.
    this.panel.webview.options = webviewOptions(deps.extensionUri);
    this.panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'cargo.svg');
    this.subscriptions.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.onDidChangeViewState(() => {
        if (!this.panel.visible && this.opening) this.opening.hidden = true;
        this.updateLive(true);
      }),
      vscode.window.onDidChangeWindowState(() => this.updateLive(true)),
      this.panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      { dispose: () => this.poller.dispose() },
    );
    this.panel.webview.html = this.html();
    // Fetch while the webview boots; whichever is first waits for the other (postLatest).
    void this.refresh();
  }

  private get label(): string {
    return `Run panel ${this.runUuid.slice(0, 8)}`;
  }

  reveal(): void {
    this.panel.reveal();
  }

  updatePollerOptions(options: PollerOptions): void {
    this.pollerOptions = options;
    this.poller.updateOptions(options);
  }

  retryIfNothingShown(): void {
    if (!this.shown && this.failure) void this.refresh();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.lifetime.abort();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.panel.dispose();
    this.context.onDisposed();
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseToExtension(raw);
    if (!message) {
      this.deps.log.warn('Run panel: ignored a message of unexpected shape from the webview.');
      return;
    }
    switch (message.type) {
      case 'ready': {
        if (this.opening) this.opening.readyMs ??= performance.now() - this.context.openedAt;
        // Ready again: the webview was reloaded (shown again after being hidden) and shows nothing yet.
        const reloaded = this.webviewReady;
        this.webviewReady = true;
        this.postedSignature = undefined;
        // A reload of a panel that could not load the run tries again.
        if (reloaded && !this.shown && !this.fetching) void this.refresh();
        else await this.postLatest();
        return;
      }
      case 'rendered':
        this.logFirstScreen();
        return;
      case 'openJson':
        await showRunDocument(this.runUuid);
        return;
      case 'refresh':
        this.poller.resetInterval();
        await this.refresh();
        return;
      case 'openInCargo': {
        const workflowUuid = this.shown?.details.run.workflowUuid;
        if (workflowUuid) await vscode.env.openExternal(vscode.Uri.parse(runWebAppUrl(readSettings().webAppBaseUrl, workflowUuid, this.runUuid)));
        return;
      }
      case 'signIn':
        // Signing in changes the token, and the manager's connectionChanged() loads the run then.
        await vscode.commands.executeCommand('cargo.signIn');
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        return;
      case 'loadNode': {
        const details = this.shown?.details;
        const values = message.section === 'context' ? details?.runContext : details?.runComputedConfigs;
        if (values && Object.hasOwn(values, message.slug))
          await this.post({ type: 'nodeLoaded', section: message.section, slug: message.slug, value: (values[message.slug] ?? null) as JsonValue });
        return;
      }
    }
  }

  /** The first time the webview has drawn a run: how long opening the panel took, from its creation. */
  private logFirstScreen(): void {
    const opening = this.opening;
    if (!opening || this.postedSignature === undefined) return;
    this.opening = undefined;
    if (opening.hidden) {
      this.deps.log.debug(`${this.label}: first screen drawn after the panel had been hidden; not timed.`);
      return;
    }
    const ms = (value: number | undefined) => (value === undefined ? '?' : String(Math.round(value)));
    this.deps.log.info(
      `${this.label}: first screen in ${ms(performance.now() - this.context.openedAt)} ms (webview ready at ${ms(opening.readyMs)} ms, run fetched at ${ms(opening.fetchedMs)} ms)`,
    );
  }

  /**
   * Live updates run only while they can be seen: the panel visible, the window focused, the run
   * unfinished. `catchUp`: coming back after a while away shows what happened at once, not an
   * interval later (unless the last fetch is more recent than that).
   */
  private updateLive(catchUp: boolean): void {
    const live = !this.disposed && this.panel.visible && vscode.window.state.focused && this.shown !== undefined && !this.shown.view.finished;
    if (live === this.poller.isActive) return;
    this.deps.log.debug(`${this.label}: live updates ${live ? 'on' : 'off'}.`);
    this.poller.setActive(live);
    if (live && catchUp && performance.now() - this.fetchedAt >= this.pollerOptions.intervalMs) void this.refresh();
  }

  /** Fetches the run and shows it, or joins the fetch in flight. Never rejects. */
  private refresh(): Promise<PollOutcome> {
    this.fetching ??= this.fetchAndShow().finally(() => {
      this.fetching = undefined;
      this.fetchedAt = performance.now();
      this.updateLive(false);
    });
    return this.fetching;
  }

  private async fetchAndShow(): Promise<PollOutcome> {
    try {
      const state = await this.deps.connection.current();
      if (this.disposed) return UNCHANGED;
      if (state.kind !== 'ready')
        return await this.failed(state.kind === 'signedOut' ? 'Sign in to Cargo to see this run.' : state.message, undefined, state.kind === 'signedOut');
      const { details, view } = await this.load(state.client, state.settings.apiBaseUrl);
      if (this.disposed) return UNCHANGED;
      return await this.show(details, view);
    } catch (error) {
      if (this.disposed || isCancellation(error)) return UNCHANGED;
      return await this.failed(`Could not load the run: ${errorText(error, 500)}`, error);
    }
  }

  /** The run, its spans when it lacks execution times, and its workflow's name, as a view. */
  private async load(client: CargoClient, baseUrl: string): Promise<{ details: RunDetails; view: RunView }> {
    const signal = this.lifetime.signal;
    // Known before the run (opened from the tree, or fetched before): looked up alongside it.
    const early = this.workflowUuid;
    const earlyName = early === undefined ? undefined : this.context.workflowName(client, baseUrl, early);
    const details = await client.getRun(this.runUuid, signal);
    const { workflowUuid } = details.run;
    this.workflowUuid = workflowUuid;
    const [spans, workflowName] = await Promise.all([
      this.spansOf(client, details.run, signal),
      earlyName && early === workflowUuid ? earlyName : this.context.workflowName(client, baseUrl, workflowUuid),
    ]);
    return { details, view: toRunView(details, { workflowName, spans }) };
  }

  /** When the run lacks execution times, its spans have them. Without them the panel shows what the run has. */
  private async spansOf(client: CargoClient, run: Run, signal: AbortSignal): Promise<Span[] | undefined> {
    if (!needsSpans(run)) return undefined;
    try {
      this.spans = await fetchRunSpans(client, run, signal);
    } catch (error) {
      if (isCancellation(error)) throw error;
      const message = `${this.label}: could not fetch the run's spans; execution times the run lacks stay unknown: ${errorText(error, 300)}`;
      // Once per panel at warning level: live updates would repeat it every poll.
      if (this.spansFailed) this.deps.log.debug(message);
      else this.deps.log.warn(message);
      this.spansFailed = true;
    }
    return this.spans;
  }

  private async show(details: RunDetails, view: RunView): Promise<PollOutcome> {
    const signature = viewSignature(view);
    const changed = signature !== this.shown?.signature;
    this.shown = { details, view, signature };
    this.failure = undefined;
    if (this.opening) this.opening.fetchedMs ??= performance.now() - this.context.openedAt;
    if (changed) this.panel.title = titleOf(view.recordTitle, view.status, this.runUuid);
    await this.postLatest();
    return { changed };
  }

  /**
   * A failed first load shows why; a failed live update keeps what is shown (the poller backs off).
   * Without an error there is no client (signed out, bad settings): the panel says so, nothing to log.
   */
  private async failed(message: string, error?: unknown, signedOut = error instanceof CargoAuthError): Promise<PollOutcome> {
    if (error !== undefined) {
      if (this.shown) this.deps.log.warn(`${this.label}: live update failed: ${message}`);
      else this.deps.log.error(`Run panel: could not load run ${this.runUuid}: ${message}`);
    }
    if (!this.shown) {
      this.failure = { message, signedOut };
      await this.postLatest();
    }
    return { changed: false, retryAfterMs: error instanceof CargoRateLimitError ? error.retryAfterMs : undefined };
  }

  /** Gives the webview, once ready, the latest run (unless it has it already) or why there is none. */
  private async postLatest(): Promise<void> {
    if (!this.webviewReady) return;
    if (this.shown) {
      if (this.shown.signature === this.postedSignature) return;
      this.postedSignature = this.shown.signature;
      await this.post({ type: 'runLoaded', run: this.shown.view });
    } else if (this.failure !== undefined) {
      await this.post({ type: 'loadFailed', ...this.failure });
    }
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
  return randomBytes(18)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '');
}
