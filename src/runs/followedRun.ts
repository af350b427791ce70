// A run being followed, free of VS Code: it loads the run (GET /runs/{uuid}, kept as Cargo sent it), its
// spans when the run lacks execution times, and its workflow's name; follows the run while it is
// unfinished and someone can see it (a light runs/list per tick, the whole run only when that changed);
// and says where it stands (loading, loaded, failed, a problem with live updates). A run of megabytes
// is known before its context has arrived: from the run as the caller had it, as a live update's
// runs/list had it, or from the start of the GET's body (`ahead`), while the download's progress is
// told. What the panel and the run's JSON document show is made from it, by them; they share one per run.
import { CargoAuthError, CargoRateLimitError, isCancellation, type Run, type Span } from '../api';
import type { ClientSource, Disposable } from '../core/clientSource';
import { notReadyMessage, signInHelps } from '../core/clientSource';
import type { Log } from '../core/log';
import { AdaptivePoller, type PollerOptions, type PollOutcome, type Timers } from '../core/poller';
import { Staleness } from '../core/staleness';
import type { JsonSection, JsonValue, RunLocator } from '../shared/protocol';
import { errorText } from '../shared/text';
import { findRuns, sameRunState } from './findRuns';
import { isRun, RunLoad, type LoadedRun, type RunAhead } from './runLoad';
import type { WorkflowNames } from './workflowNames';

export type { LoadedRun, RunAhead } from './runLoad';

/**
 * Who follows the run: no one (no live updates); someone out of sight (a watch for its failure: at the
 * usual interval); or a person looking at it (its panel visible in the focused window: quick updates).
 */
export type Attention = 'none' | 'followed' | 'onScreen';

/** While a person looks at a live run it is asked about this often, so that a change shows within about 2 s… */
export const ON_SCREEN_INTERVAL_MS = 1_500;
/** …until nothing has changed for this long; then the usual back-off. */
export const ON_SCREEN_STEADY_MS = 10_000;

/** Why what is shown may be out of date. */
export type LiveProblem =
  /** No client any more (token refused, signed out, settings): updates stopped until that is fixed. */
  | { readonly kind: 'noClient'; readonly message: string; readonly signIn: boolean }
  /** Updates keep failing (server errors, unreachable): still trying, with back-off. */
  | { readonly kind: 'stale'; readonly message: string; readonly lastUpdatedAt: number };

/** The state of the run as GET /runs/{uuid} has it (context included); `ahead` may know the run before it. */
export type FollowedRunState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly run: LoadedRun; readonly problem: LiveProblem | undefined }
  /** The run could not be fetched; `signIn`: signing in is the way out. The run may still be known `ahead`. */
  | { readonly kind: 'failed'; readonly message: string; readonly signIn: boolean };

export interface FollowedRunOptions {
  readonly runUuid: string;
  readonly clients: ClientSource;
  readonly names: WorkflowNames;
  readonly pollerOptions: PollerOptions;
  readonly log: Log;
  /** The run's workflow when known before the run is fetched (opened from the tree): its name is looked up alongside. */
  readonly workflowUuid?: string;
  /**
   * The run as the caller has it (a list of runs: no context), or where a list has it (a restored
   * panel): it is known `ahead` while the whole run is fetched.
   */
  readonly known?: Run | RunLocator;
  readonly timers?: Timers;
}

export class FollowedRun implements Disposable {
  readonly runUuid: string;
  private current: FollowedRunState = { kind: 'loading' };
  private readonly listeners = new Set<() => void>();
  private readonly lifetime = new AbortController();
  private readonly poller: AdaptivePoller;
  private readonly subscriptions: Disposable[] = [];
  private readonly staleness = new Staleness(500);
  private readonly load: RunLoad;
  private pollerOptions: PollerOptions;
  private fetching: Promise<PollOutcome> | undefined;
  /** Wall clock of the last fetch that ended, successful or not. */
  private lastAttemptAt = -Infinity;
  private attention: Attention = 'none';
  private disposed = false;
  /** The run the caller had, or where a list has it, for the first fetch. */
  private known: Run | RunLocator | undefined;

  constructor(private readonly options: FollowedRunOptions) {
    this.runUuid = options.runUuid;
    this.known = options.known && isRun(options.known) && options.known.uuid !== options.runUuid ? undefined : options.known;
    this.pollerOptions = options.pollerOptions;
    this.load = new RunLoad({
      runUuid: options.runUuid,
      names: options.names,
      log: options.log,
      label: this.label,
      workflowUuid: options.workflowUuid ?? options.known?.workflowUuid,
      changed: () => this.notify(),
      gone: () => this.disposed,
      loadedOnce: () => this.loaded !== undefined,
    });
    // The poll joins the run's own fetch, whose result is kept even when the poller stops meanwhile: its signal is not used.
    this.poller = new AdaptivePoller(() => this.liveUpdate(), options.pollerOptions, options.timers);
    // After a sign-in (or a new token, or new settings), a run that could not be shown or updated tries again.
    this.subscriptions.push(
      options.clients.onDidChange(() => {
        if (this.current.kind === 'failed' || (this.current.kind === 'loaded' && this.current.problem?.kind === 'noClient')) void this.fetch();
      }),
    );
  }

  get state(): FollowedRunState {
    return this.current;
  }

  /** The run as last fetched whole, if it has been. */
  get loaded(): LoadedRun | undefined {
    return this.current.kind === 'loaded' ? this.current.run : undefined;
  }

  /** The run known ahead of a whole fetch still on its way (or that failed), newer than what is loaded. */
  get ahead(): RunAhead | undefined {
    return this.load.ahead;
  }

  /** How much of the run's body has arrived, while a large one arrives. */
  get download(): { readonly receivedBytes: number; readonly totalBytes: number | undefined } | undefined {
    return this.load.download;
  }

  /** Why the context could not be fetched, while the run is known ahead of it. */
  get contextFailure(): { readonly message: string; readonly signIn: boolean } | undefined {
    return this.load.contextFailure;
  }

  private get label(): string {
    return `Run ${this.runUuid.slice(0, 8)}`;
  }

  /** Called whenever what is known of the run changed (not on a live update that brought nothing new). */
  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Fetches the run now, or joins the fetch in flight. Never rejects. `listed`: the run as runs/list
   * has it now, known ahead while the whole run arrives.
   */
  fetch(listed?: Run): Promise<PollOutcome> {
    this.fetching ??= this.fetchAndShow(listed).finally(() => {
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
      const run = shown.details.run;
      // Narrowed to its workflow and record: other runs created at the same moment are not downloaded every tick.
      const [listed] = await findRuns(clientState.client, [run], this.lifetime.signal, { workflowUuid: run.workflowUuid, recordId: run.recordId });
      if (listed && sameRunState(listed, shown.details.run)) {
        this.lastAttemptAt = Date.now();
        // What is shown is current: a notice that it is old goes.
        this.staleness.note(undefined);
        if (this.current.kind === 'loaded' && this.current.problem?.kind === 'stale') this.set({ ...this.current, problem: undefined }, true);
        return { changed: false };
      }
      // Changed: it is known ahead now, its context when it has arrived.
      if (listed) return await this.fetch(listed);
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

  /** Who follows the run now: live updates run only while someone does, quickly while a person looks at it. */
  setAttention(attention: Attention): void {
    const quick = (attention === 'onScreen') !== (this.attention === 'onScreen');
    this.attention = attention;
    if (quick) this.poller.updateOptions(this.liveOptions);
    this.updateLive(true);
  }

  updatePollerOptions(options: PollerOptions): void {
    this.pollerOptions = options;
    this.poller.updateOptions(this.liveOptions);
  }

  /** The poller's options for who follows the run: quicker than the settings' while a person looks. */
  private get liveOptions(): PollerOptions {
    if (this.attention !== 'onScreen') return this.pollerOptions;
    return { ...this.pollerOptions, intervalMs: Math.min(this.pollerOptions.intervalMs, ON_SCREEN_INTERVAL_MS), steadyMs: ON_SCREEN_STEADY_MS };
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
   * Live updates run while someone follows the run, it has loaded, is unfinished and has a client.
   * `catchUp`: coming back after a while away shows what happened at once, not an interval later.
   */
  private updateLive(catchUp: boolean): void {
    const state = this.current;
    const live = !this.disposed && this.attention !== 'none' && state.kind === 'loaded' && !state.run.finished && state.problem?.kind !== 'noClient';
    if (live === this.poller.isActive) return;
    this.options.log.debug(`${this.label}: live updates ${live ? 'on' : 'off'}.`);
    this.poller.setActive(live);
    if (live && catchUp && Date.now() - this.lastAttemptAt >= this.liveOptions.intervalMs) void this.fetch();
  }

  private async fetchAndShow(listed: Run | undefined): Promise<PollOutcome> {
    const clientState = await this.options.clients.current();
    if (this.disposed) return { changed: false };
    if (clientState.kind !== 'ready') return this.noClient(notReadyMessage(clientState, 'this run'), signInHelps(clientState));
    // Known ahead from what is at hand: the caller's run (or where a list has it) the first time, a live update's after.
    const hint = listed ?? this.known;
    this.known = undefined;
    try {
      const loaded = await this.load.fetch(clientState.client, hint, this.lifetime.signal);
      return this.disposed ? { changed: false } : this.show(loaded);
    } catch (error) {
      if (this.disposed || isCancellation(error)) return { changed: false };
      return this.failed(error);
    }
  }

  private show(run: LoadedRun): PollOutcome {
    const before = this.current;
    const changed = before.kind !== 'loaded' || !sameLoadedRun(before.run, run);
    const hadProblem = before.kind === 'loaded' && before.problem !== undefined;
    // What showed ahead of the whole run (the run, progress, a failure of its context) gives way to it.
    const hadMore = this.load.settle();
    this.staleness.reset(run.fetchedAt);
    this.set({ kind: 'loaded', run, problem: undefined }, changed || hadProblem || hadMore);
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
    // A download that failed shows no progress any more.
    const hadDownload = this.load.stopDownload();
    if (state.kind !== 'loaded') {
      this.options.log.error(`${this.label}: could not load the run: ${message}`);
      // A run known ahead stays; what could not be fetched is its context.
      this.load.contextFailed(`Could not load the context and computed configs: ${message}`, false);
      this.set({ kind: 'failed', message: `Could not load the run: ${message}`, signIn: false }, true);
      return { changed: false, retryAfterMs };
    }
    const newMessage = this.staleness.note(error);
    this.options.log.warn(`${this.label}: live update failed (${this.staleness.failuresInARow} in a row): ${message}`);
    // A failure or two is noise (the poller retries with back-off); more, and what is shown is old.
    const stale = this.staleness.problem;
    if (stale) {
      const problem: LiveProblem = { kind: 'stale', message: stale.message, lastUpdatedAt: stale.lastUpdatedAt };
      this.set({ ...state, problem }, state.problem?.kind !== 'stale' || newMessage || hadDownload);
    } else if (hadDownload) this.notify();
    return { changed: false, retryAfterMs };
  }

  /** No client: a run on screen keeps showing, marked; otherwise the reason takes its place (below a run known ahead). */
  private noClient(message: string, signIn: boolean): PollOutcome {
    const state = this.current;
    const hadDownload = this.load.stopDownload();
    if (state.kind === 'loaded') {
      const problem: LiveProblem = { kind: 'noClient', message, signIn };
      this.set({ ...state, problem }, state.problem?.kind !== 'noClient' || state.problem.message !== message || hadDownload);
    } else {
      const changed = this.load.contextFailed(message, signIn);
      this.set({ kind: 'failed', message, signIn }, state.kind !== 'failed' || state.message !== message || changed);
    }
    return { changed: false };
  }

  private set(state: FollowedRunState, notify: boolean): void {
    this.current = state;
    if (notify) this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** Whether two fetches brought the same: the same text from Cargo, and the same spans and name beside it. */
function sameLoadedRun(a: LoadedRun, b: LoadedRun): boolean {
  return a.workflowName === b.workflowName && sameSpans(a.spans, b.spans) && (a.body === b.body || a.body.equals(b.body));
}

function sameSpans(a: readonly Span[], b: readonly Span[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (span, i) =>
        span.executionIndex === b[i]?.executionIndex &&
        span.executionStartedAt === b[i]?.executionStartedAt &&
        span.executionFinishedAt === b[i]?.executionFinishedAt,
    )
  );
}
