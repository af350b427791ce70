// The runs started from VS Code, free of VS Code: kept per workspace (newest first, the last 50),
// their latest state, and following the unfinished ones until they finish. Following costs one
// POST /runs/list per tick however many runs are followed (the window from the oldest to the newest
// unfinished run), never one request per run, and nothing is asked once nothing is unfinished.
import { CargoAuthError, CargoRateLimitError, isCancellation, isFinishedRunStatus, type CargoClient, type Run } from '../api';
import { noteFailure, type ClientSource, type Disposable } from '../core/clientSource';
import type { Log as FullLog } from '../core/log';
import { AdaptivePoller, type PollerOptions, type PollOutcome, type Timers } from '../core/poller';
import { Staleness, type StaleProblem } from '../core/staleness';
import { errorText } from '../shared/text';
import { findRuns, sameRunState } from './findRuns';

export interface StartedRunEntry {
  readonly uuid: string;
  readonly workflowUuid: string;
  /** ISO time Cargo gave the run. */
  readonly createdAt: string;
  /** What it was started from, e.g. "lead.cargo-run.json" or "records.json, item 2". */
  readonly source: string;
  /** The document it was started from, for its CodeLens ("last run: …"). */
  readonly documentUri?: string;
  /** Shared by the runs of one array of records, whose ends are announced together. */
  readonly launch?: string;
  /** Where in the document the data that was sent is (a JSON path: [] the whole document, ['data'], [2]). */
  readonly inputPath?: readonly (string | number)[];
}

/** Where the entries are kept (the workspace state, in the extension). */
export interface EntryStore {
  read(): unknown;
  write(entries: readonly StartedRunEntry[]): void;
}

export interface StartedRun {
  readonly entry: StartedRunEntry;
  /** The run as last seen; undefined until loaded, or when Cargo did not list it. */
  readonly run: Run | undefined;
}

/** What following them logs. */
export type Log = Pick<FullLog, 'debug' | 'warn'>;

export const MAX_STARTED_RUNS = 50;
/** Following keeps failing: what the status bar counts is as of `lastUpdatedAt`. */
export type FollowProblem = StaleProblem;

export class StartedRuns implements Disposable {
  private entries: StartedRunEntry[];
  private readonly runs = new Map<string, Run>();
  /** Started in this window: the status bar counts them and their end is announced. */
  private readonly startedHere = new Set<string>();
  private loaded: Promise<void> | undefined;
  private loadError: unknown;
  private readonly poller: AdaptivePoller;
  private readonly changeListeners = new Set<() => void>();
  private readonly finishListeners = new Set<(run: StartedRun) => void>();
  private readonly subscription: Disposable;
  private disposed = false;
  private readonly staleness = new Staleness();

  constructor(
    private readonly clients: ClientSource,
    private readonly store: EntryStore,
    pollerOptions: PollerOptions,
    private readonly log: Log,
    timers?: Timers,
  ) {
    this.entries = readEntries(store.read());
    this.poller = new AdaptivePoller((signal) => this.poll(signal), pollerOptions, timers);
    this.subscription = clients.onDidChange(() => {
      this.loaded = undefined;
      this.loadError = undefined;
      this.updateFollowing();
      this.fireChange();
    });
  }

  /** Newest first. */
  get list(): readonly StartedRun[] {
    return this.entries.map((entry) => ({ entry, run: this.runs.get(entry.uuid) }));
  }

  /** Started in this window and not finished (as last seen). */
  get going(): readonly StartedRun[] {
    return this.list.filter(({ entry, run }) => this.startedHere.has(entry.uuid) && !isFinished(run));
  }

  /** The runs of one launch (an array of records), as last seen. */
  launched(launch: string): readonly StartedRun[] {
    return this.list.filter(({ entry }) => entry.launch === launch);
  }

  /** The newest run started from a document. */
  lastFrom(documentUri: string): StartedRun | undefined {
    const entry = this.entries.find((e) => e.documentUri === documentUri);
    return entry ? { entry, run: this.runs.get(entry.uuid) } : undefined;
  }

  /** Set when loading the list failed; cleared by the next load that works. */
  get error(): unknown {
    return this.loadError;
  }

  get isFollowing(): boolean {
    return this.poller.isActive;
  }

  /** Set while following keeps failing (Cargo unreachable, answering errors); it goes once a poll works. */
  get followProblem(): FollowProblem | undefined {
    return this.staleness.problem;
  }

  onDidChange(listener: () => void): Disposable {
    this.changeListeners.add(listener);
    return { dispose: () => this.changeListeners.delete(listener) };
  }

  /** A run started in this window finished. */
  onDidFinish(listener: (run: StartedRun) => void): Disposable {
    this.finishListeners.add(listener);
    return { dispose: () => this.finishListeners.delete(listener) };
  }

  /** A run Cargo just started (or one found after a lost answer): listed first and followed to its end. */
  add(run: Run, source: string, options: { documentUri?: string; launch?: string; inputPath?: readonly (string | number)[] } = {}): void {
    const entry: StartedRunEntry = { uuid: run.uuid, workflowUuid: run.workflowUuid, createdAt: run.createdAt, source, ...options };
    this.entries = [entry, ...this.entries.filter((e) => e.uuid !== run.uuid)].slice(0, MAX_STARTED_RUNS);
    for (const uuid of [...this.runs.keys()]) if (!this.entries.some((e) => e.uuid === uuid)) this.runs.delete(uuid);
    this.runs.set(run.uuid, run);
    this.startedHere.add(run.uuid);
    this.store.write(this.entries);
    this.poller.resetInterval();
    this.updateFollowing();
    this.fireChange();
  }

  /** Forget one run (it stays in Cargo). */
  remove(uuid: string): void {
    this.entries = this.entries.filter((e) => e.uuid !== uuid);
    this.runs.delete(uuid);
    this.startedHere.delete(uuid);
    this.store.write(this.entries);
    this.updateFollowing();
    this.fireChange();
  }

  clear(): void {
    this.entries = [];
    this.runs.clear();
    this.startedHere.clear();
    this.store.write(this.entries);
    this.updateFollowing();
    this.fireChange();
  }

  /** The latest state of every listed run, once (for the tree); later calls join or reuse it. */
  ensureLoaded(): Promise<void> {
    // Runs known already are current: the unfinished ones are being followed.
    this.loaded ??= this.load(this.entries.filter((e) => !this.runs.has(e.uuid)));
    return this.loaded;
  }

  /** Everything fetched afresh (Refresh). */
  refresh(): Promise<void> {
    this.loaded = this.load(this.entries.filter((e) => !isFinished(this.runs.get(e.uuid))));
    this.poller.resetInterval();
    return this.loaded;
  }

  updatePollerOptions(options: PollerOptions): void {
    this.poller.updateOptions(options);
  }

  dispose(): void {
    this.disposed = true;
    this.poller.dispose();
    this.subscription.dispose();
    this.changeListeners.clear();
    this.finishListeners.clear();
  }

  private async load(wanted: readonly StartedRunEntry[]): Promise<void> {
    if (wanted.length === 0) return;
    try {
      const client = await this.client();
      if (!client) return;
      this.update(await findRuns(client, wanted));
      this.loadError = undefined;
    } catch (error) {
      if (isCancellation(error)) return;
      noteFailure(this.clients, error);
      this.loadError = error;
      this.loaded = undefined;
      this.log.warn(`Could not load the runs started from VS Code: ${errorText(error, 300)}`);
      this.fireChange();
    }
  }

  private async poll(signal: AbortSignal): Promise<PollOutcome> {
    const wanted = this.entries.filter((e) => this.runs.has(e.uuid) && !isFinished(this.runs.get(e.uuid)));
    if (wanted.length === 0) return { changed: false };
    const client = await this.client();
    if (!client || signal.aborted) return { changed: false };
    try {
      const changed = this.update(await findRuns(client, wanted, signal));
      this.noteFollowing(undefined);
      return { changed };
    } catch (error) {
      if (isCancellation(error) || signal.aborted) return { changed: false };
      if (error instanceof CargoAuthError) {
        this.clients.tokenRejected(error);
        return { changed: false };
      }
      this.log.warn(`Following the runs started from VS Code: ${errorText(error, 300)}`);
      this.noteFollowing(error);
      return error instanceof CargoRateLimitError && error.retryAfterMs !== undefined
        ? { changed: false, retryAfterMs: error.retryAfterMs }
        : { changed: false };
    }
  }

  /** A poll worked (no error) or failed: repeated failures make a problem to show, a poll that works ends it. */
  private noteFollowing(error: unknown): void {
    if (this.staleness.note(error)) this.fireChange();
  }

  private async client(): Promise<CargoClient | undefined> {
    const state = await this.clients.current();
    return state.kind === 'ready' ? state.client : undefined;
  }

  /** Takes the runs in; announces those started here that have just finished. Returns whether anything changed. */
  private update(runs: readonly Run[]): boolean {
    if (this.disposed) return false;
    const finished: StartedRun[] = [];
    let changed = false;
    for (const run of runs) {
      const entry = this.entries.find((e) => e.uuid === run.uuid);
      if (!entry) continue;
      const before = this.runs.get(run.uuid);
      if (before && sameRunState(before, run)) continue;
      changed = true;
      this.runs.set(run.uuid, run);
      if (isFinished(run) && !isFinished(before) && this.startedHere.has(run.uuid)) finished.push({ entry, run });
    }
    this.updateFollowing();
    if (changed) this.fireChange();
    for (const run of finished) for (const listener of [...this.finishListeners]) listener(run);
    return changed;
  }

  private updateFollowing(): void {
    const unfinished = !this.disposed && this.entries.some((e) => this.runs.has(e.uuid) && !isFinished(this.runs.get(e.uuid)));
    if (unfinished !== this.poller.isActive) {
      this.log.debug(`Runs started from VS Code: following ${unfinished ? 'on' : 'off'}.`);
      // Nothing followed has nothing out of date: a notice from before goes.
      this.staleness.reset();
    }
    this.poller.setActive(unfinished);
  }

  private fireChange(): void {
    for (const listener of [...this.changeListeners]) listener();
  }
}

function isFinished(run: Run | undefined): boolean {
  return run !== undefined && isFinishedRunStatus(run.status);
}

function readEntries(value: unknown): StartedRunEntry[] {
  if (!Array.isArray(value)) return [];
  const entries: StartedRunEntry[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const { uuid, workflowUuid, createdAt, source, documentUri, launch, inputPath } = item as Record<string, unknown>;
    if (typeof uuid !== 'string' || typeof workflowUuid !== 'string' || typeof createdAt !== 'string') continue;
    entries.push({
      uuid,
      workflowUuid,
      createdAt,
      source: typeof source === 'string' ? source : '',
      ...(typeof documentUri === 'string' ? { documentUri } : {}),
      ...(typeof launch === 'string' ? { launch } : {}),
      ...(Array.isArray(inputPath) && inputPath.every((part) => typeof part === 'string' || typeof part === 'number') ? { inputPath } : {}),
    });
  }
  return entries.slice(0, MAX_STARTED_RUNS);
}
