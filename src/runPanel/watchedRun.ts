// A run being watched, free of VS Code: it loads the run (GET /runs/{uuid}, kept as Cargo sent it),
// its spans when the run lacks execution times, and its workflow's name; follows the run while it is
// unfinished and someone can see it (a light runs/list per tick, the whole run only when it changed);
// and says what it shows (loading, loaded, failed, a problem with live updates). The run panel and the run's JSON document are views of it; they share one per run.
import { CargoAuthError, CargoRateLimitError, isCancellation, type CargoClient, type RunDetails } from '../api';
import type { ClientSource, Disposable } from '../core/clientSource';
import { notReadyMessage, signInHelps } from '../core/clientSource';
import { findRuns, sameRunState } from '../core/findRuns';
import { AdaptivePoller, type PollerOptions, type PollOutcome, type Timers } from '../core/poller';
import { needsSpans, RunSpans } from '../core/spans';
import type { WorkflowNames } from '../core/workflowNames';
import type { JsonSection, JsonValue, RunView } from '../shared/protocol';
import { errorText } from '../shared/text';
import { toRunView, viewSignature } from './runView';

/** What the model logs; VS Code's LogOutputChannel is one. */
export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface LoadedRun {
  readonly details: RunDetails;
  /** The body of GET /runs/{uuid} exactly as Cargo sent it. */
  readonly text: string;
  readonly view: RunView;
  /** Equal signatures: nothing new to show. */
  readonly signature: string;
  /** Date.now() of the fetch that brought it. */
  readonly fetchedAt: number;
}

/** Why what is shown may be out of date. */
export type LiveProblem =
  /** No client any more (token refused, signed out, settings): updates stopped until that is fixed. */
  | { readonly kind: 'noClient'; readonly message: string; readonly signIn: boolean }
  /** Updates keep failing (server errors, unreachable): still trying, with back-off. */
  | { readonly kind: 'stale'; readonly message: string; readonly lastUpdatedAt: number };

export type WatchedRunState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly run: LoadedRun; readonly problem: LiveProblem | undefined }
  /** Nothing could be shown; `signIn`: signing in is the way out. */
  | { readonly kind: 'failed'; readonly message: string; readonly signIn: boolean };

export interface WatchedRunOptions {
  readonly runUuid: string;
  readonly clients: ClientSource;
  readonly names: WorkflowNames;
  readonly pollerOptions: PollerOptions;
  readonly log: Log;
  /** The run's workflow when known before the run is fetched (opened from the tree): its name is looked up alongside. */
  readonly workflowUuid?: string;
  readonly timers?: Timers;
}

/** Failed live updates in a row before what is shown is called stale. */
export const STALE_AFTER_FAILURES = 2;

export class WatchedRun implements Disposable {
  readonly runUuid: string;
  private current: WatchedRunState = { kind: 'loading' };
  private readonly listeners = new Set<() => void>();
  private readonly lifetime = new AbortController();
  private readonly poller: AdaptivePoller;
  private readonly spans = new RunSpans();
  private readonly subscriptions: Disposable[] = [];
  private pollerOptions: PollerOptions;
  private fetching: Promise<PollOutcome> | undefined;
  /** performance-free wall clock of the last fetch that ended, successful or not. */
  private lastAttemptAt = -Infinity;
  private failuresInARow = 0;
  private spansFailed = false;
  private seen = false;
  private workflowUuid: string | undefined;
  private disposed = false;

  constructor(private readonly options: WatchedRunOptions) {
    this.runUuid = options.runUuid;
    this.workflowUuid = options.workflowUuid;
    this.pollerOptions = options.pollerOptions;
    // The poll joins the run's own fetch, whose result is kept even when the poller stops meanwhile: its signal is not used.
    this.poller = new AdaptivePoller(() => this.liveUpdate(), options.pollerOptions, options.timers);
    // After a sign-in (or a new token, or new settings), a run that could not be shown or updated tries again.
    this.subscriptions.push(
      options.clients.onDidChange(() => {
        if (this.current.kind === 'failed' || (this.current.kind === 'loaded' && this.current.problem?.kind === 'noClient')) void this.fetch();
      }),
    );
  }

  get state(): WatchedRunState {
    return this.current;
  }

  /** The run as last fetched, if any. */
  get loaded(): LoadedRun | undefined {
    return this.current.kind === 'loaded' ? this.current.run : undefined;
  }

  private get label(): string {
    return `Run ${this.runUuid.slice(0, 8)}`;
  }

  /** Called whenever what the run shows changed (not on a live update that brought nothing new). */
  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Fetches the run now, or joins the fetch in flight. Never rejects. */
  fetch(): Promise<PollOutcome> {
    this.fetching ??= this.fetchAndShow().finally(() => {
      this.fetching = undefined;
      this.lastAttemptAt = Date.now();
      this.updateLive(false);
    });
    return this.fetching;
  }

  /**
   * A live update: first the light question (the run as runs/list has it: status, executions, times,
   * no context), and the whole run only when that changed. A run with a context of megabytes costs a
   * small request per tick while nothing happens.
   */
  private async liveUpdate(): Promise<PollOutcome> {
    const shown = this.loaded;
    const clientState = await this.options.clients.current();
    if (!shown || clientState.kind !== 'ready' || this.fetching || this.disposed) return this.fetch();
    try {
      const [listed] = await findRuns(clientState.client, [shown.details.run], this.lifetime.signal);
      if (listed && sameRunState(listed, shown.details.run)) {
        this.lastAttemptAt = Date.now();
        this.failuresInARow = 0;
        // What is shown is current: a notice that it is old goes.
        if (this.current.kind === 'loaded' && this.current.problem?.kind === 'stale') this.set({ ...this.current, problem: undefined }, true);
        return { changed: false };
      }
    } catch (error) {
      if (this.disposed || isCancellation(error)) return { changed: false };
      // The whole fetch says what is wrong (a refused token, Cargo unreachable) the usual way.
    }
    return this.fetch();
  }

  /** The user asked (Refresh, Retry): now, from the shortest interval, and a refused token gets another chance. */
  refresh(): Promise<PollOutcome> {
    this.poller.resetInterval();
    this.options.clients.retryRejected();
    return this.fetch();
  }

  /** Someone can see the run (or no one can any more): live updates run only while someone can. */
  setSeen(seen: boolean): void {
    this.seen = seen;
    this.updateLive(true);
  }

  updatePollerOptions(options: PollerOptions): void {
    this.pollerOptions = options;
    this.poller.updateOptions(options);
  }

  /** A node's value, from the run as last fetched. */
  value(section: JsonSection, slug: string): JsonValue | undefined {
    const details = this.loaded?.details;
    const values = section === 'context' ? details?.runContext : details?.runComputedConfigs;
    return values && Object.hasOwn(values, slug) ? ((values[slug] ?? null) as JsonValue) : undefined;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.lifetime.abort();
    this.poller.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.listeners.clear();
  }

  /**
   * Live updates run while someone can see the run, it has loaded, is unfinished and has a client.
   * `catchUp`: coming back after a while away shows what happened at once, not an interval later.
   */
  private updateLive(catchUp: boolean): void {
    const state = this.current;
    const live = !this.disposed && this.seen && state.kind === 'loaded' && !state.run.view.finished && state.problem?.kind !== 'noClient';
    if (live === this.poller.isActive) return;
    this.options.log.debug(`${this.label}: live updates ${live ? 'on' : 'off'}.`);
    this.poller.setActive(live);
    if (live && catchUp && Date.now() - this.lastAttemptAt >= this.pollerOptions.intervalMs) void this.fetch();
  }

  private async fetchAndShow(): Promise<PollOutcome> {
    const clientState = await this.options.clients.current();
    if (this.disposed) return { changed: false };
    if (clientState.kind !== 'ready') return this.noClient(notReadyMessage(clientState, 'this run'), signInHelps(clientState));
    const client = clientState.client;
    const signal = this.lifetime.signal;
    try {
      const early = this.workflowUuid;
      const earlyName = early === undefined ? undefined : this.options.names.nameOf(early);
      const { details, text } = await client.getRunAsSent(this.runUuid, signal);
      this.workflowUuid = details.run.workflowUuid;
      const [, workflowName] = await Promise.all([
        this.updateSpans(client, details, signal),
        earlyName && early === details.run.workflowUuid ? earlyName : this.options.names.nameOf(details.run.workflowUuid),
      ]);
      if (this.disposed) return { changed: false };
      const view = toRunView(details, { workflowName, spans: this.spans.spans });
      return this.show({ details, text, view, signature: viewSignature(view), fetchedAt: Date.now() });
    } catch (error) {
      if (this.disposed || isCancellation(error)) return { changed: false };
      return this.failed(error);
    }
  }

  /** When the run lacks execution times, its spans have them; without them the panel shows what the run has. */
  private async updateSpans(client: CargoClient, details: RunDetails, signal: AbortSignal): Promise<void> {
    if (!needsSpans(details.run)) return;
    try {
      await this.spans.update(client, details.run, signal);
    } catch (error) {
      if (isCancellation(error)) throw error;
      const message = `${this.label}: could not fetch the run's spans; execution times the run lacks stay unknown: ${errorText(error, 300)}`;
      // Once per run at warning level: live updates would repeat it every poll.
      if (this.spansFailed) this.options.log.debug(message);
      else this.options.log.warn(message);
      this.spansFailed = true;
    }
  }

  private show(run: LoadedRun): PollOutcome {
    const before = this.current;
    const changed = before.kind !== 'loaded' || before.run.signature !== run.signature;
    const hadProblem = before.kind === 'loaded' && before.problem !== undefined;
    this.failuresInARow = 0;
    this.set({ kind: 'loaded', run, problem: undefined }, changed || hadProblem);
    return { changed };
  }

  private failed(error: unknown): PollOutcome {
    const retryAfterMs = error instanceof CargoRateLimitError ? error.retryAfterMs : undefined;
    if (error instanceof CargoAuthError) {
      this.options.log.warn(`${this.label}: Cargo refused the API token: ${errorText(error, 300)}`);
      this.options.clients.tokenRejected(error);
      return this.noClient(notReadyMessage({ kind: 'rejected', message: error.message }, 'this run'), true);
    }
    const message = errorText(error, 500);
    const state = this.current;
    if (state.kind !== 'loaded') {
      this.options.log.error(`${this.label}: could not load the run: ${message}`);
      this.set({ kind: 'failed', message: `Could not load the run: ${message}`, signIn: false }, true);
      return { changed: false, retryAfterMs };
    }
    this.failuresInARow++;
    this.options.log.warn(`${this.label}: live update failed (${this.failuresInARow} in a row): ${message}`);
    // A failure or two is noise (the poller retries with back-off); more, and what is shown is old.
    if (this.failuresInARow >= STALE_AFTER_FAILURES) {
      const problem: LiveProblem = { kind: 'stale', message, lastUpdatedAt: state.run.fetchedAt };
      this.set({ ...state, problem }, state.problem?.kind !== 'stale' || state.problem.message !== message);
    }
    return { changed: false, retryAfterMs };
  }

  /** No client: a run on screen keeps showing, marked; otherwise the reason takes its place. */
  private noClient(message: string, signIn: boolean): PollOutcome {
    const state = this.current;
    if (state.kind === 'loaded') {
      const problem: LiveProblem = { kind: 'noClient', message, signIn };
      this.set({ ...state, problem }, state.problem?.kind !== 'noClient' || state.problem.message !== message);
    } else {
      this.set({ kind: 'failed', message, signIn }, state.kind !== 'failed' || state.message !== message);
    }
    return { changed: false };
  }

  private set(state: WatchedRunState, notify: boolean): void {
    this.current = state;
    if (!notify) return;
    for (const listener of [...this.listeners]) listener();
  }
}

/** A watcher of a run: it says whether it can be seen, and lets go when it closes. */
export interface WatchedRunHandle extends Disposable {
  readonly run: WatchedRun;
  setSeen(seen: boolean): void;
}

/** One WatchedRun per run uuid, shared by everything that shows it, disposed when the last one lets go. */
export class WatchedRuns implements Disposable {
  private readonly runs = new Map<string, { run: WatchedRun; seenBy: Map<object, boolean> }>();
  private pollerOptions: PollerOptions;

  constructor(private readonly options: Omit<WatchedRunOptions, 'runUuid' | 'workflowUuid'>) {
    this.pollerOptions = options.pollerOptions;
  }

  /** Watches a run (the first watcher loads it); `workflowUuid` when known, to look its name up early. */
  acquire(runUuid: string, workflowUuid?: string): WatchedRunHandle {
    let entry = this.runs.get(runUuid);
    if (!entry) {
      const run = new WatchedRun({ ...this.options, pollerOptions: this.pollerOptions, runUuid, ...(workflowUuid ? { workflowUuid } : {}) });
      entry = { run, seenBy: new Map() };
      this.runs.set(runUuid, entry);
      void run.fetch();
    }
    const watched = entry;
    const token = {};
    watched.seenBy.set(token, false);
    const update = () => watched.run.setSeen([...watched.seenBy.values()].some(Boolean));
    return {
      run: watched.run,
      setSeen: (seen) => {
        if (!watched.seenBy.has(token)) return;
        watched.seenBy.set(token, seen);
        update();
      },
      dispose: () => {
        if (!watched.seenBy.delete(token)) return;
        if (watched.seenBy.size > 0) return update();
        watched.run.dispose();
        if (this.runs.get(runUuid) === watched) this.runs.delete(runUuid);
      },
    };
  }

  /** The run if something watches it now. */
  peek(runUuid: string): WatchedRun | undefined {
    return this.runs.get(runUuid)?.run;
  }

  updatePollerOptions(options: PollerOptions): void {
    this.pollerOptions = options;
    for (const { run } of this.runs.values()) run.updatePollerOptions(options);
  }

  dispose(): void {
    for (const { run } of this.runs.values()) run.dispose();
    this.runs.clear();
  }
}
