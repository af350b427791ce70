// One run's loads, one after another: each fetches the whole run (GET /runs/{uuid}, as Cargo sent it)
// with its spans and its workflow's name, and knows the run ahead of it when it can (the caller's
// copy, where a list has it, or the start of the body), with the download's progress. A later load
// makes an earlier one's news old: what it knows ahead, or how far it got, is dropped.
import { isCancellation, isFinishedRunStatus, type BodyText, type CargoClient, type Run, type RunBodyLayout, type RunDetails, type Span } from '../api';
import type { Log } from '../core/log';
import type { RunLocator } from '../shared/protocol';
import { errorText } from '../shared/text';
import { findRuns } from './findRuns';
import { needsSpans, RunSpans } from './spans';
import type { WorkflowNames } from './workflowNames';

/** The whole run as one load brought it. */
export interface LoadedRun {
  readonly details: RunDetails;
  /** The body of GET /runs/{uuid} exactly as Cargo sent it, in the pieces it arrived in. */
  readonly body: BodyText;
  /** The body's whole text as one string: joined when first asked for (megabytes are copied then), then kept. */
  readonly text: string;
  /** Where each node's values lie in the body, when the client could tell. */
  readonly layout: RunBodyLayout | undefined;
  /** The run's spans, for the execution times it lacks (none when it lacks none). */
  readonly spans: readonly Span[];
  /** The name of the play or tool that owns the run's workflow; null when unknown. */
  readonly workflowName: string | null;
  readonly finished: boolean;
  /** Date.now() of the load. */
  readonly fetchedAt: number;
}

/** The run known ahead of its whole load: without its context, with its spans and its workflow's name. */
export interface RunAhead {
  readonly run: Run;
  readonly spans: readonly Span[];
  readonly workflowName: string | null;
}

/** Progress is told in steps of at least this many bytes (and 1% of the whole): a small body tells none. */
export const PROGRESS_STEP_BYTES = 256 * 1024;
/** The run part of a body is known ahead only when at least this much of the body is still to come. */
const EARLY_RUN_REST_BYTES = 512 * 1024;
/** A body this long (a run of thousands of executions, or megabytes of context) is handed on in a task after the one that parsed it. */
const YIELD_AFTER_PARSE_CHARS = 1024 * 1024;

/** A run as a list has it, rather than where a list has it. */
export function isRun(known: Run | RunLocator): known is Run {
  return 'executions' in known && Array.isArray(known.executions);
}

export interface RunLoadOptions {
  readonly runUuid: string;
  readonly names: WorkflowNames;
  readonly log: Log;
  /** How the log names the run. */
  readonly label: string;
  /** The run's workflow when known before any load: its name is looked up alongside. */
  readonly workflowUuid: string | undefined;
  /** What is known ahead, the progress or the context's failure changed. */
  changed(): void;
  /** The run is no longer followed: nothing more is told. */
  gone(): boolean;
  /** A whole load has been shown (nothing is known ahead of a first one any more). */
  loadedOnce(): boolean;
}

export class RunLoad {
  private readonly spans = new RunSpans();
  private spansFailed = false;
  private workflowUuid: string | undefined;
  /** Each load's number; what an older one knows ahead, or how far it got, is dropped. */
  private round = 0;
  /** The number of the last load that came back whole. */
  private landed = 0;
  private aheadOf: { readonly ahead: RunAhead; readonly round: number } | undefined;
  private downloaded: { readonly receivedBytes: number; readonly totalBytes: number | undefined } | undefined;
  private contextFailedWith: { readonly message: string; readonly signIn: boolean } | undefined;

  constructor(private readonly options: RunLoadOptions) {
    this.workflowUuid = options.workflowUuid;
  }

  get ahead(): RunAhead | undefined {
    return this.aheadOf?.ahead;
  }

  get download(): { readonly receivedBytes: number; readonly totalBytes: number | undefined } | undefined {
    return this.downloaded;
  }

  get contextFailure(): { readonly message: string; readonly signIn: boolean } | undefined {
    return this.contextFailedWith;
  }

  /**
   * Loads the whole run; `hint`: the run as a list has it (or where a list has it), known ahead while
   * the rest arrives. Rejects when the run cannot be loaded, once what was known ahead has been told.
   */
  async fetch(client: CargoClient, hint: Run | RunLocator | undefined, signal: AbortSignal): Promise<LoadedRun> {
    const round = ++this.round;
    if (this.contextFailedWith) {
      // Trying again: the reason goes, "Loading…" takes its place.
      this.contextFailedWith = undefined;
      this.options.changed();
    }
    const aheads: Promise<void>[] = !hint
      ? []
      : 'executions' in hint
        ? [this.tellAhead(client, hint, round, signal)]
        : [this.tellListed(client, hint, round, signal)];
    /** Bytes of the body still to come (Infinity while its size is unknown). */
    let rest = Infinity;
    const early = () => aheads.length === 0 && !this.options.loadedOnce() && !this.aheadOf && rest >= EARLY_RUN_REST_BYTES;
    try {
      // What is known ahead asks its own questions (the workflow's name, spans) before the run with its
      // context is asked for: a server busy building megabytes for that one would otherwise answer them
      // after it. One round trip more for the context, none for what is known ahead.
      await Promise.all(aheads);
      const earlyWorkflow = this.workflowUuid;
      const earlyName = earlyWorkflow === undefined ? undefined : this.options.names.nameOf(earlyWorkflow);
      const sent = await client.getRunAsSent(this.options.runUuid, signal, {
        onProgress: (receivedBytes, totalBytes) => {
          rest = totalBytes === undefined ? Infinity : totalBytes - receivedBytes;
          this.progress(round, receivedBytes, totalBytes);
        },
        // Nothing known yet, and much of the body still to come: the run is known now (else it is not even parsed early).
        wantsRun: early,
        onRun: (run) => {
          if (early()) aheads.push(this.tellAhead(client, run, round, signal));
        },
      });
      const { details, body } = sent;
      // A large run was parsed in the task that ends here: what is made of it is made in the next one.
      if (body.length >= YIELD_AFTER_PARSE_CHARS) await new Promise((resolve) => setTimeout(resolve, 0));
      this.workflowUuid = details.run.workflowUuid;
      // The spans known ahead are the ones this run needs too: asked once, not twice at the same time.
      await Promise.all(aheads);
      const [, workflowName] = await Promise.all([
        this.updateSpans(client, details.run, signal),
        earlyName && earlyWorkflow === details.run.workflowUuid ? earlyName : this.options.names.nameOf(details.run.workflowUuid),
      ]);
      this.landed = round;
      return {
        details,
        body,
        get text() {
          return body.toString();
        },
        layout: sent.layout,
        spans: this.spans.spans,
        workflowName,
        finished: isFinishedRunStatus(details.run.status),
        fetchedAt: Date.now(),
      };
    } catch (error) {
      // What is known ahead on its way is told first; the failure is then its context's.
      if (!isCancellation(error)) await Promise.all(aheads);
      throw error;
    }
  }

  /** A whole load is shown: what was told ahead of it goes. Whether anything was. */
  settle(): boolean {
    const had = this.aheadOf !== undefined || this.downloaded !== undefined || this.contextFailedWith !== undefined;
    this.aheadOf = undefined;
    this.downloaded = undefined;
    this.contextFailedWith = undefined;
    return had;
  }

  /** The load failed or stopped: its progress goes. Whether there was any. */
  stopDownload(): boolean {
    const had = this.downloaded !== undefined;
    this.downloaded = undefined;
    return had;
  }

  /** The whole run could not be loaded: while it is known ahead, this is why its context is missing. Whether the reason changed. */
  contextFailed(message: string, signIn: boolean): boolean {
    const changed = this.contextFailedWith?.message !== message;
    if (this.aheadOf) this.contextFailedWith = { message, signIn };
    return changed;
  }

  /** Knows `run` ahead (with its spans' times and its workflow's name) unless the whole run of this load is there first. */
  private async tellAhead(client: CargoClient, run: Run, round: number, signal: AbortSignal): Promise<void> {
    let workflowName: string | null;
    try {
      [, workflowName] = await Promise.all([this.updateSpans(client, run, signal), this.options.names.nameOf(run.workflowUuid)]);
    } catch {
      // Cancelled: the load itself says so.
      return;
    }
    // A newer load is under way, or the whole run of this one got there first: either is newer.
    if (this.options.gone() || round !== this.round || this.landed === round) return;
    this.aheadOf = { ahead: { run, spans: this.spans.spans, workflowName }, round };
    this.options.changed();
  }

  /** The run as a list has it (one light request), known ahead; nothing when it is not there. */
  private async tellListed(client: CargoClient, locator: RunLocator, round: number, signal: AbortSignal): Promise<void> {
    let listed: Run | undefined;
    try {
      const { createdAt, workflowUuid, recordId } = locator;
      [listed] = await findRuns(client, [{ uuid: this.options.runUuid, createdAt }], signal, { workflowUuid, recordId });
    } catch {
      // The whole load, which follows, says what is wrong.
      return;
    }
    if (listed) await this.tellAhead(client, listed, round, signal);
  }

  /** How much of the body has arrived, told in steps (a small body tells nothing). */
  private progress(round: number, receivedBytes: number, totalBytes: number | undefined): void {
    if (round !== this.round || this.options.gone() || receivedBytes < PROGRESS_STEP_BYTES) return;
    const step = Math.max(PROGRESS_STEP_BYTES, (totalBytes ?? 0) / 100);
    const told = this.downloaded;
    if (told && receivedBytes - told.receivedBytes < step && receivedBytes !== totalBytes) return;
    this.downloaded = { receivedBytes, totalBytes };
    this.options.changed();
  }

  /** When the run lacks execution times, its spans have them; without them what the run has is shown. */
  private async updateSpans(client: CargoClient, run: Run, signal: AbortSignal): Promise<void> {
    if (!needsSpans(run)) return;
    try {
      await this.spans.update(client, run, signal);
    } catch (error) {
      if (isCancellation(error)) throw error;
      const message = `${this.options.label}: could not fetch the run's spans; execution times the run lacks stay unknown: ${errorText(error, 300)}`;
      // Once per run at warning level: live updates would repeat it every poll.
      if (this.spansFailed) this.options.log.debug(message);
      else this.options.log.warn(message);
      this.spansFailed = true;
    }
  }
}
