// One run panel: a webview over a followed run (the run layer's FollowedRun) and its screen. It owns
// the webview's lifecycle and messages; what the run is, how it is fetched and followed, lives in the
// run layer. Run data goes to the webview only through postMessage, as a RunView.
import * as vscode from 'vscode';
import type { ClientSource } from '../../core/clientSource';
import type { Log } from '../../core/log';
import { watchSeen, type Visibility } from '../../core/seen';
import { COMMANDS, CONTEXT_KEYS } from '../../ids';
import type { RunTarget } from '../../runs/commandTarget';
import type { FollowedRunState } from '../../runs/followedRun';
import type { FollowedRunHandle } from '../../runs/followedRuns';
import type { WebAppLinks } from '../../runs/runLinks';
import type { Comparisons } from '../../runs/comparisons';
import type { OpenRunOptions } from '../../runs/runOpener';
import type { ComparisonNote, LiveStatus, ToWebview } from '../../shared/protocol';
import { comparisonNote } from '../comparisonNote';
import { parseToExtension } from '../../shared/protocol';
import { NewerRetry, newerRetryView } from '../newerRetry';
import { RunOrigin } from '../runOrigin';
import { OpeningTimes } from '../openingTimes';
import { RunScreen } from '../runScreen';
import type { TitleFacts } from '../panelTitles';
import { runPanelHtml, runPanelWebviewOptions } from './panelHtml';
import { markReached } from '../../vscode/reached';
import { showRunDocument } from './runDocument';
import { notificationText } from '../../shared/text';
import type { Batch } from '../../api';
import type { ReleaseNodesSource } from '../../runs/releaseNodes';
import type { TraceLineages } from '../../runs/traceLineages';
import { RunTimeline } from '../runTimeline';
import { PanelExpressions } from '../panelExpressions';

export interface RunPanelDeps {
  readonly extensionUri: vscode.Uri;
  readonly log: Log;
  /** For the one look-up of a newer retry of a failed run. */
  readonly clients: ClientSource;
  /** Cargo's web app, for "Open in Cargo". */
  readonly links: WebAppLinks;
  /** The window's focus, as a Visibility: live updates run only while the panel can be seen. */
  readonly windowFocus: Visibility;
  /** The comparisons made: the panel of a run in one names where the two runs first differ. */
  readonly comparisons?: Pick<Comparisons, 'of' | 'onDidChange'>;
  /** The nodes of a run's release (their configs, with the expressions the run evaluated): one request per release. */
  readonly releases?: ReleaseNodesSource;
  /** The lineages of runs (their traces' spans): the timeline and the run that started a child run. */
  readonly lineages?: TraceLineages;
  /** What the panels give their webviews, for the extension's own tests (set only in a test run). */
  readonly traffic?: WebviewTraffic;
}

/** Hears every HTML page and message given to a run panel's webview. */
export interface WebviewTraffic {
  html(runUuid: string, html: string): void;
  posted(runUuid: string, message: ToWebview): void;
}

export class RunPanel implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The webview has said 'ready': what is posted from now on arrives. */
  private webviewReady = false;
  /** What the webview has, so that nothing is posted twice. */
  private posted: { signature?: string; failure?: string; status?: string; values?: string; withValues?: boolean; retry?: string; comparison?: string } = {};
  /** The comparison the panel names, as posted ("Show Comparison" opens it again). */
  private comparison: ComparisonNote | undefined;
  private readonly opening: OpeningTimes;
  /** An execution to bring into view once the webview shows the run. */
  private pendingReveal: number | undefined;
  private disposed = false;
  private readonly screen: RunScreen;
  private readonly newerRetry: NewerRetry;
  private readonly timeline: RunTimeline | undefined;
  private readonly origin: RunOrigin;
  private readonly expressions: PanelExpressions;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly watched: FollowedRunHandle,
    private readonly deps: RunPanelDeps,
    openedAt: number,
    /** What the title is made of until the run shows (the run as the tree had it); none: a restored panel keeps its title until then. */
    private readonly knownFacts: TitleFacts | undefined,
    private readonly manager: { titleChanged(): void; disposed(): void; open(runUuid: string, options: OpenRunOptions): void },
  ) {
    this.opening = new OpeningTimes(openedAt, panel.visible, this.label, deps.log);
    this.screen = new RunScreen(watched.run);
    this.newerRetry = new NewerRetry(deps, () => void this.postLatest(this.watched.run.state));
    if (deps.lineages) this.timeline = new RunTimeline(watched.run, { ...deps, lineages: deps.lineages }, () => void this.postLatest(this.watched.run.state));
    this.origin = new RunOrigin(deps, () => void this.postLatest(this.watched.run.state));
    this.expressions = new PanelExpressions(deps, () => void this.postLatest(this.watched.run.state));
    // A restored panel comes with the options of the session that saved it: set ours again.
    panel.webview.options = runPanelWebviewOptions(deps.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'cargo.svg');
    const panelVisibility: Visibility = {
      get visible() {
        return panel.visible;
      },
      onDidChange: panel.onDidChangeViewState,
    };
    this.subscriptions.push(
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.opening.panelHidden();
      }),
      watchSeen(panelVisibility, deps.windowFocus, (seen) => watched.setOnScreen(seen)),
      watched.run.onDidChange(() => this.showState()),
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      ...(deps.comparisons ? [deps.comparisons.onDidChange(() => void this.postComparison())] : []),
    );
    panel.webview.html = runPanelHtml(panel.webview, deps.extensionUri);
    deps.traffic?.html(watched.run.runUuid, panel.webview.html);
    this.showState();
  }

  get runUuid(): string {
    return this.watched.run.runUuid;
  }

  /** What a command run from the panel acts on: its run, as the panel knows it (the newest copy). */
  get target(): RunTarget {
    const run = this.watched.run.ahead?.run ?? this.watched.run.loaded?.details.run;
    return { kind: 'run', runUuid: this.runUuid, ...(run ? { run } : {}) };
  }

  private get label(): string {
    return `Run panel ${this.runUuid.slice(0, 8)}`;
  }

  /** What the panel's title is made of: the run as shown, else as it was known when the panel opened. */
  get titleFacts(): TitleFacts | undefined {
    const view = this.screen.current?.view;
    return view ? { runUuid: this.runUuid, recordTitle: view.recordTitle, status: view.status, createdAt: view.createdAt } : this.knownFacts;
  }

  /** The tab's title (the manager's: it tells apart panels of the same record). */
  set title(title: string) {
    if (this.panel.title !== title) this.panel.title = title;
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** The panel is the active editor. */
  get active(): boolean {
    return this.panel.active;
  }

  /** Retries just started from VS Code: one that takes this panel's run is said at once, with no request. */
  retriesCreated(batches: readonly Batch[]): void {
    this.newerRetry.created(batches);
  }

  /** Brings the execution at `index` into view, marked, once the run is shown. */
  revealExecution(index: number): void {
    this.pendingReveal = index;
    void this.postLatest(this.watched.run.state);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const subscription of this.subscriptions) subscription.dispose();
    this.timeline?.dispose();
    this.watched.dispose();
    this.panel.dispose();
    this.manager.disposed();
  }

  private showState(): void {
    const state = this.watched.run.state;
    // The run as loaded (a live run may fail while its panel is open), else as the panel was opened with.
    const status = state.kind === 'loaded' ? state.run.details.run.status : this.target.run?.status;
    if (status?.known === 'error') markReached(CONTEXT_KEYS.failedRunOpened);
    const run = this.target.run;
    if (run) this.newerRetry.seen(run);
    if (run) this.origin.seen(run);
    const screen = this.screen.current;
    if (screen) {
      this.manager.titleChanged();
      this.opening.runFetched();
    }
    void this.postLatest(this.watched.run.state);
  }

  /**
   * Gives the webview, once ready, the latest of the run (unless it has it already): its header and
   * executions as soon as they are known, its context and computed configs or how far they are, or
   * why there is nothing to show.
   */
  private async postLatest(state: FollowedRunState): Promise<void> {
    if (!this.webviewReady) return;
    const screen = this.screen.current;
    if (screen) {
      if (screen.signature !== this.posted.signature) {
        this.posted.signature = screen.signature;
        this.posted.withValues ||= screen.view.context !== null;
        await this.post({ type: 'runLoaded', run: screen.view });
      }
      const valuesKey = JSON.stringify(screen.values ?? null);
      if (valuesKey !== this.posted.values) {
        this.posted.values = valuesKey;
        await this.post({ type: 'valuesStatus', status: screen.values ?? null });
      }
      const problem = state.kind === 'loaded' ? state.problem : undefined;
      const status: LiveStatus | null =
        problem && state.kind === 'loaded'
          ? {
              kind: problem.kind,
              message: problem.message,
              signIn: problem.kind === 'noClient' && problem.signIn,
              lastUpdatedAt: new Date(problem.kind === 'stale' ? problem.lastUpdatedAt : state.run.fetchedAt).toISOString(),
            }
          : null;
      const key = JSON.stringify(status);
      if (key !== this.posted.status) {
        this.posted.status = key;
        await this.post({ type: 'liveStatus', problem: status });
      }
      const retry = newerRetryView(this.newerRetry.retry);
      const retryKey = JSON.stringify(retry);
      if (retryKey !== this.posted.retry) {
        this.posted.retry = retryKey;
        await this.post({ type: 'newerRetry', retry });
      }
      const timeline = this.timeline?.unposted();
      if (timeline) await this.post(timeline);
      const origin = this.origin.unposted();
      if (origin) await this.post(origin);
      const expressions = this.expressions.unposted(this.watched.run.loaded);
      if (expressions) await this.post(expressions);
      if (this.pendingReveal !== undefined) {
        const index = this.pendingReveal;
        this.pendingReveal = undefined;
        await this.post({ type: 'revealExecution', index });
      }
    } else if (state.kind === 'failed') {
      const key = JSON.stringify(state);
      if (key !== this.posted.failure) {
        this.posted.failure = key;
        await this.post({ type: 'loadFailed', message: state.message, signedOut: state.signIn });
      }
    }
  }

  /** The newest comparison the run is in (made elsewhere: nothing is fetched for it), unless the webview has it. */
  private async postComparison(): Promise<void> {
    if (!this.webviewReady) return;
    const kept = this.deps.comparisons?.of(this.runUuid);
    this.comparison = kept ? comparisonNote(kept, this.runUuid) : undefined;
    const key = JSON.stringify(this.comparison ?? null);
    if (key === this.posted.comparison) return;
    this.posted.comparison = key;
    await this.post({ type: 'comparison', note: this.comparison ?? null });
  }

  private async post(message: ToWebview): Promise<void> {
    if (this.disposed) return;
    this.deps.traffic?.posted(this.runUuid, message);
    await this.panel.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseToExtension(raw);
    if (!message) {
      this.deps.log.warn('Run panel: ignored a message of unexpected shape from the webview.');
      return;
    }
    const run = this.watched.run;
    switch (message.type) {
      case 'ready': {
        this.opening.webviewReady();
        // Ready again: the webview was reloaded (shown again after being hidden) and shows nothing yet.
        const reloaded = this.webviewReady;
        this.webviewReady = true;
        this.posted = {};
        this.timeline?.forgetPosted();
        this.origin.forgetPosted();
        this.expressions.forgetPosted();
        // A reload of a panel that could not load the run tries again.
        if (reloaded && run.state.kind === 'failed') await run.fetch();
        await this.postLatest(run.state);
        await this.postComparison();
        return;
      }
      case 'rendered':
        if (this.posted.signature !== undefined) this.opening.firstScreen(this.posted.withValues === true);
        return;
      case 'valuesRendered':
        this.opening.valuesDrawn();
        return;
      case 'openJson':
        await showRunDocument(this.runUuid);
        return;
      case 'refresh':
        await run.refresh();
        return;
      case 'openInCargo': {
        // The header may show before the whole run has arrived: its workflow is known from it.
        const workflowUuid = this.screen.current?.view.workflow;
        if (workflowUuid) await vscode.env.openExternal(vscode.Uri.parse(this.deps.links.run(workflowUuid, this.runUuid)));
        return;
      }
      case 'signIn':
        // A new token changes the connection, and the run fetches itself again then.
        await vscode.commands.executeCommand(COMMANDS.signIn);
        return;
      case 'runCommand':
        // The command a menu of the panel runs, with the panel as what it acts on (CommandTargets asks the manager).
        await vscode.commands.executeCommand(COMMANDS[message.command], this);
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        return;
      case 'openRetry':
        await this.openRetry();
        return;
      case 'openOrigin':
        return this.origin.open(this.manager);
      case 'showComparison':
        // The two runs by uuid: the compare commands open the comparison kept, without fetching.
        if (this.comparison)
          await vscode.commands.executeCommand(COMMANDS.compareWith, { baselineUuid: this.comparison.baselineUuid, runUuid: this.comparison.runUuid });
        return;
      case 'openChildRun':
        if (this.timeline?.shows(message.runUuid)) this.manager.open(message.runUuid, {});
        return;
      case 'loadNode': {
        const value = run.value(message.section, message.slug);
        if (value !== undefined) await this.post({ type: 'nodeLoaded', section: message.section, slug: message.slug, value });
        return;
      }
    }
  }

  /** The run the newer retry made of this run's record, in its panel; or why it cannot be opened. */
  private async openRetry(): Promise<void> {
    const found = await this.newerRetry.retriedRun();
    if (!found) return;
    if (found.kind === 'run') return this.manager.open(found.run.uuid, { known: found.run });
    if (found.kind === 'failed') return void vscode.window.showWarningMessage(notificationText(found.message, 500));
    // Cargo has not made this record's run yet: the retry batch itself, in the Runs view, as Open… shows a batch.
    await vscode.commands.executeCommand(COMMANDS.openRunByUuid, this.deps.links.batch(found.retry.workflowUuid, found.retry.uuid));
  }
}
