// A run being watched, free of VS Code: it loads the run (GET /runs/{uuid}, kept as Cargo sent it),
// its spans when the run lacks execution times, and its workflow's name; follows the run while it is
// unfinished and someone can see it (a light runs/list per tick, the whole run only when it changed);
// and says what it shows (loading, loaded, failed, a problem with live updates). The first screen
// (header, executions) does not wait for a context of megabytes: it comes from the run as the caller
// had it, as a live update's runs/list had it, or from the start of the GET's body, and the context
// follows with its download's progress. The run panel and the run's JSON document are views of it;
// they share one per run.
import { CargoAuthError, CargoRateLimitError, isCancellation, type BodyText, type CargoClient, type Run, type RunDetails } from '../api';
import type { ClientSource, Disposable } from '../core/clientSource';
import { notReadyMessage, signInHelps } from '../core/clientSource';
import { findRuns, sameRunState } from '../core/findRuns';
import { AdaptivePoller, type PollerOptions, type PollOutcome, type Timers } from '../core/poller';
import { needsSpans, RunSpans } from '../core/spans';
import type { WorkflowNames } from '../core/workflowNames';
import type { JsonSection, JsonValue, RunLocator, RunView, ValuesStatus } from '../shared/protocol';
import { errorText } from '../shared/text';
import { runHeaderView, RunValues, viewSignature, type WholeRunView } from './runView';

/** What the model logs; VS Code's LogOutputChannel is one. */
export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface LoadedRun {
  readonly details: RunDetails;
  /** The body of GET /runs/{uuid} exactly as Cargo sent it, in the pieces it arrived in. */
  readonly body: BodyText;
  /** The body's whole text as one string: joined when first asked for (megabytes are copied then), then kept. */
  readonly text: string;
  readonly view: WholeRunView;
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

/** The state of the run as GET /runs/{uuid} has it (context included); the first screen may show before it (see RunScreen). */
export type WatchedRunState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly run: LoadedRun; readonly problem: LiveProblem | undefined }
  /** The run could not be fetched; `signIn`: signing in is the way out. A header may still show (RunScreen). */
  | { readonly kind: 'failed'; readonly message: string; readonly signIn: boolean };

/** What a panel shows: the newest header and executions, with the context of the last whole fetch (null before one). */
export interface RunScreen {
  readonly view: RunView;
  /** Equal signatures: nothing new to show. */
  readonly signature: string;
  /** The context on its way, or why it could not be fetched; undefined when what is shown is all there is. */
  readonly values: ValuesStatus | undefined;
}

export interface WatchedRunOptions {
  readonly runUuid: string;
  readonly clients: ClientSource;
  readonly names: WorkflowNames;
  readonly pollerOptions: PollerOptions;
  readonly log: Log;
  /** The run's workflow when known before the run is fetched (opened from the tree): its name is looked up alongside. */
  readonly workflowUuid?: string;
  /**
   * The run as the caller has it (a list of runs: no context), or where a list has it (a restored
   * panel): the first screen shows it while the whole run is fetched.
   */
  readonly known?: Run | RunLocator;
  readonly timers?: Timers;
}

/** Failed live updates in a row before what is shown is called stale. */
export const STALE_AFTER_FAILURES = 2;
/** Progress is told in steps of at least this many bytes (and 1% of the whole): a small body tells none. */
export const PROGRESS_STEP_BYTES = 256 * 1024;
/** The run part of a body is shown early only when at least this much of the body is still to come. */
const EARLY_HEADER_REST_BYTES = 512 * 1024;
/** A body this long (a run of thousands of executions, or megabytes of context) has its view built in a task after the one that parsed it. */
const YIELD_AFTER_PARSE_CHARS = 1024 * 1024;

/** The header shown ahead of the whole run: from the caller, a live update, or the start of the GET's body. */
interface ShownHeader {
  readonly view: RunView;
  /** The fetch it belongs to. */
  readonly round: number;
}

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
  /** The run the caller had, or where a list has it, for the first fetch's first screen. */
  private known: Run | RunLocator | undefined;
  /** Each fetch's number; a header or progress of an older one is dropped. */
  private round = 0;
  /** The number of the last fetch whose whole run is shown. */
  private landed = 0;
  /** A header newer than the whole run shown (or shown before any). */
  private header: ShownHeader | undefined;
  /** How much of the run's body has arrived, while a large one arrives. */
  private download: { readonly receivedBytes: number; readonly totalBytes: number | undefined } | undefined;
  /** Why the context could not be fetched, while a header shows without it. */
  private valuesFailure: { readonly message: string; readonly signIn: boolean } | undefined;
  private cachedScreen: RunScreen | undefined;
  private readonly values = new RunValues();

  constructor(private readonly options: WatchedRunOptions) {
    this.runUuid = options.runUuid;
    this.workflowUuid = options.workflowUuid ?? options.known?.workflowUuid;
    this.known = options.known && isRun(options.known) && options.known.uuid !== options.runUuid ? undefined : options.known;
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

  /**
   * What a panel shows, if anything yet: the header and executions as soon as they are known, from the
   * newest source, and the context and computed configs of the last whole fetch, or how far their
   * download is, or why it failed.
   */
  get screen(): RunScreen | undefined {
    if (this.cachedScreen) return this.cachedScreen;
    const loaded = this.loaded;
    const header = this.header;
    if (!loaded && !header) return undefined;
    const view: RunView = header
      ? { ...header.view, context: loaded?.view.context ?? null, computedConfigs: loaded?.view.computedConfigs ?? null }
      : (loaded as LoadedRun).view;
    const download = this.download;
    const values: ValuesStatus | undefined = download
      ? { kind: 'loading', receivedBytes: download.receivedBytes, totalBytes: download.totalBytes ?? null }
      : this.valuesFailure
        ? { kind: 'failed', ...this.valuesFailure }
        : loaded
          ? undefined
          : { kind: 'loading', receivedBytes: 0, totalBytes: null };
    this.cachedScreen = { view, signature: header ? viewSignature(view) : (loaded as LoadedRun).signature, values };
    return this.cachedScreen;
  }

  private get label(): string {
    return `Run ${this.runUuid.slice(0, 8)}`;
  }

  /** Called whenever what the run shows changed (not on a live update that brought nothing new). */
  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Fetches the run now, or joins the fetch in flight. Never rejects. `listed`: the run as runs/list
   * has it now, shown while the whole run arrives.
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
        this.failuresInARow = 0;
        // What is shown is current: a notice that it is old goes.
        if (this.current.kind === 'loaded' && this.current.problem?.kind === 'stale') this.set({ ...this.current, problem: undefined }, true);
        return { changed: false };
      }
      // Changed: its header and executions show now, its context when it has arrived.
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

  private async fetchAndShow(listed: Run | undefined): Promise<PollOutcome> {
    const clientState = await this.options.clients.current();
    if (this.disposed) return { changed: false };
    if (clientState.kind !== 'ready') return this.noClient(notReadyMessage(clientState, 'this run'), signInHelps(clientState));
    const client = clientState.client;
    const signal = this.lifetime.signal;
    const round = ++this.round;
    if (this.valuesFailure) {
      // Trying again: the reason goes, "Loading…" takes its place.
      this.valuesFailure = undefined;
      this.notify();
    }
    // The first screen from what is at hand: the caller's run (or where a list has it) the first time, a live update's after.
    const hint = listed ?? this.known;
    this.known = undefined;
    const headers: Promise<void>[] = !hint ? [] : isRun(hint) ? [this.showHeader(client, hint, round, signal)] : [this.showListed(client, hint, round, signal)];
    /** Bytes of the body still to come (Infinity while its size is unknown). */
    let rest = Infinity;
    try {
      // The first screen's own questions (the workflow's name, spans), if it has any, are answered
      // before the run with its context is asked for: a server busy building megabytes for that one
      // would otherwise answer them after it. One round trip more for the context, none for the first screen.
      await Promise.all(headers);
      const early = this.workflowUuid;
      const earlyName = early === undefined ? undefined : this.options.names.nameOf(early);
      const sent = await client.getRunAsSent(this.runUuid, signal, {
        onProgress: (receivedBytes, totalBytes) => {
          rest = totalBytes === undefined ? Infinity : totalBytes - receivedBytes;
          this.progress(round, receivedBytes, totalBytes);
        },
        // Nothing shown yet, and much of the body still to come: the run shows now (else it is not even parsed early).
        wantsRun: () => headers.length === 0 && !this.screen && rest >= EARLY_HEADER_REST_BYTES,
        onRun: (run) => {
          if (headers.length === 0 && !this.screen && rest >= EARLY_HEADER_REST_BYTES) headers.push(this.showHeader(client, run, round, signal));
        },
      });
      const { details, body } = sent;
      // A large run was parsed in the task that ends here: its view is built in the next one.
      if (body.length >= YIELD_AFTER_PARSE_CHARS) await new Promise((resolve) => setTimeout(resolve, 0));
      if (this.disposed) return { changed: false };
      this.workflowUuid = details.run.workflowUuid;
      // The header's spans are the ones this run needs too: asked once, not twice at the same time.
      await Promise.all(headers);
      const [, workflowName] = await Promise.all([
        this.updateSpans(client, details, signal),
        earlyName && early === details.run.workflowUuid ? earlyName : this.options.names.nameOf(details.run.workflowUuid),
      ]);
      if (this.disposed) return { changed: false };
      const view: WholeRunView = { ...runHeaderView(details.run, { workflowName, spans: this.spans.spans }), ...this.values.update(sent) };
      this.landed = round;
      return this.show({
        details,
        body,
        get text() {
          return body.toString();
        },
        view,
        signature: viewSignature(view),
        fetchedAt: Date.now(),
      });
    } catch (error) {
      if (this.disposed || isCancellation(error)) return { changed: false };
      // A header on its way shows first; the failure is then its context's.
      await Promise.all(headers);
      return this.disposed ? { changed: false } : this.failed(error);
    }
  }

  /** Shows `run`'s header and executions (with its spans' times and its workflow's name) unless the whole run of this fetch is there first. */
  private async showHeader(client: CargoClient, run: Run, round: number, signal: AbortSignal): Promise<void> {
    let workflowName: string | null;
    try {
      [, workflowName] = await Promise.all([this.updateSpans(client, { run }, signal), this.options.names.nameOf(run.workflowUuid)]);
    } catch {
      // Cancelled: the fetch itself says so.
      return;
    }
    // A newer fetch is under way, or the whole run of this one got there first: either is newer.
    if (this.disposed || round !== this.round || this.landed === round) return;
    this.header = { view: runHeaderView(run, { workflowName, spans: this.spans.spans }), round };
    this.notify();
  }

  /** The run as a list has it (one light request), shown as the first screen; nothing when it is not there. */
  private async showListed(client: CargoClient, locator: RunLocator, round: number, signal: AbortSignal): Promise<void> {
    let listed: Run | undefined;
    try {
      const { createdAt, workflowUuid, recordId } = locator;
      [listed] = await findRuns(client, [{ uuid: this.runUuid, createdAt }], signal, { workflowUuid, recordId });
    } catch {
      // The whole fetch, which follows, says what is wrong.
      return;
    }
    if (listed) await this.showHeader(client, listed, round, signal);
  }

  /** How much of the body has arrived, told in steps (a small body tells nothing). */
  private progress(round: number, receivedBytes: number, totalBytes: number | undefined): void {
    if (round !== this.round || this.disposed || receivedBytes < PROGRESS_STEP_BYTES) return;
    const step = Math.max(PROGRESS_STEP_BYTES, (totalBytes ?? 0) / 100);
    const told = this.download;
    if (told && receivedBytes - told.receivedBytes < step && receivedBytes !== totalBytes) return;
    this.download = { receivedBytes, totalBytes };
    this.notify();
  }

  /** When the run lacks execution times, its spans have them; without them the panel shows what the run has. */
  private async updateSpans(client: CargoClient, details: Pick<RunDetails, 'run'>, signal: AbortSignal): Promise<void> {
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
    // What showed ahead of the whole run (a header, progress) gives way to it.
    const hadMore = this.header !== undefined || this.download !== undefined || this.valuesFailure !== undefined;
    this.header = undefined;
    this.download = undefined;
    this.valuesFailure = undefined;
    this.failuresInARow = 0;
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
    const hadDownload = this.download !== undefined;
    this.download = undefined;
    if (state.kind !== 'loaded') {
      this.options.log.error(`${this.label}: could not load the run: ${message}`);
      // A header on screen stays; what could not be fetched is its context.
      if (this.header) this.valuesFailure = { message: `Could not load the context and computed configs: ${message}`, signIn: false };
      this.set({ kind: 'failed', message: `Could not load the run: ${message}`, signIn: false }, true);
      return { changed: false, retryAfterMs };
    }
    this.failuresInARow++;
    this.options.log.warn(`${this.label}: live update failed (${this.failuresInARow} in a row): ${message}`);
    // A failure or two is noise (the poller retries with back-off); more, and what is shown is old.
    if (this.failuresInARow >= STALE_AFTER_FAILURES) {
      const problem: LiveProblem = { kind: 'stale', message, lastUpdatedAt: state.run.fetchedAt };
      this.set({ ...state, problem }, state.problem?.kind !== 'stale' || state.problem.message !== message || hadDownload);
    } else if (hadDownload) this.notify();
    return { changed: false, retryAfterMs };
  }

  /** No client: a run on screen keeps showing, marked; otherwise the reason takes its place (below a header that shows). */
  private noClient(message: string, signIn: boolean): PollOutcome {
    const state = this.current;
    const hadDownload = this.download !== undefined;
    this.download = undefined;
    if (state.kind === 'loaded') {
      const problem: LiveProblem = { kind: 'noClient', message, signIn };
      this.set({ ...state, problem }, state.problem?.kind !== 'noClient' || state.problem.message !== message || hadDownload);
    } else {
      const changed = this.valuesFailure?.message !== message;
      if (this.header) this.valuesFailure = { message, signIn };
      this.set({ kind: 'failed', message, signIn }, state.kind !== 'failed' || state.message !== message || changed);
    }
    return { changed: false };
  }

  private set(state: WatchedRunState, notify: boolean): void {
    this.current = state;
    this.cachedScreen = undefined;
    if (notify) this.notify();
  }

  private notify(): void {
    this.cachedScreen = undefined;
    for (const listener of [...this.listeners]) listener();
  }
}

/** A run as a list has it, rather than where a list has it. */
function isRun(known: Run | RunLocator): known is Run {
  return 'executions' in known && Array.isArray(known.executions);
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

  constructor(private readonly options: Omit<WatchedRunOptions, 'runUuid' | 'workflowUuid' | 'known'>) {
    this.pollerOptions = options.pollerOptions;
  }

  /**
   * Watches a run (the first watcher loads it); `workflowUuid` when known, to look its name up early;
   * `known`: the run as the caller has it (from a list: no context), or where a list has it, for the first screen.
   */
  acquire(runUuid: string, workflowUuid?: string, known?: Run | RunLocator): WatchedRunHandle {
    let entry = this.runs.get(runUuid);
    if (!entry) {
      const run = new WatchedRun({
        ...this.options,
        pollerOptions: this.pollerOptions,
        runUuid,
        ...(workflowUuid ? { workflowUuid } : {}),
        ...(known ? { known } : {}),
      });
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
