// Whether a failed run shown in a panel was retried in a newer batch, free of VS Code: asked of Cargo
// once per panel (one batches/list, when the run is first seen failed, not on each update), or learnt
// for free when a retry is started from VS Code; and the run the retry made of the same record, asked
// only when the person opens it.
import { isFinishedRunStatus, type Batch, type Run } from '../api';
import { noteFailure, type ClientSource } from '../core/clientSource';
import type { Log } from '../core/log';
import { newerRetryOf, retriedRunOf, retriesRun } from '../runs/retry';
import type { NewerRetryView } from '../shared/protocol';
import { errorText } from '../shared/text';

type ShownRun = Pick<Run, 'uuid' | 'workflowUuid' | 'batchUuid' | 'status' | 'createdAt' | 'recordId'>;

/** Only a finished failed run is looked up: a retry from VS Code takes only the failed runs. */
export function mayHaveRetry(run: Pick<Run, 'status'>): boolean {
  return isFinishedRunStatus(run.status) && run.status.known === 'error';
}

/** What the panel's notice shows of a retry: its batch and when it was created (the webview says "how long ago"). */
export function newerRetryView(retry: Batch | undefined): NewerRetryView | null {
  return retry ? { batchUuid: retry.uuid, createdAt: retry.createdAt } : null;
}

/** What opening the retry found: its run of the record, or the batch alone (the run not created yet, or not found). */
export type RetriedRun =
  { readonly kind: 'run'; readonly run: Run } | { readonly kind: 'notFound'; readonly retry: Batch } | { readonly kind: 'failed'; readonly message: string };

export class NewerRetry {
  private run: ShownRun | undefined;
  private asked = false;
  private found: Batch | undefined;

  constructor(
    private readonly deps: { readonly clients: ClientSource; readonly log: Pick<Log, 'debug'> },
    /** The newer retry became known. */
    private readonly changed: () => void,
  ) {}

  get retry(): Batch | undefined {
    return this.found;
  }

  /** The run as the panel now has it: the first time it is seen failed, its retries are asked for (once). */
  seen(run: ShownRun): void {
    this.run = run;
    if (this.asked || !mayHaveRetry(run)) return;
    this.asked = true;
    void this.lookUp(run);
  }

  /** Retries just started from VS Code: one of them that takes this run is the newer retry, with no request. */
  created(batches: readonly Batch[]): void {
    const run = this.run;
    if (!run || !mayHaveRetry(run)) return;
    const retry = batches.find((batch) => retriesRun(batch, run));
    if (retry && retry.uuid !== this.found?.uuid) this.show(retry);
  }

  /** The run the retry made of this run's record (one runs/list). */
  async retriedRun(): Promise<RetriedRun | undefined> {
    const { run, found } = this;
    if (!run || !found) return undefined;
    const state = await this.deps.clients.current();
    if (state.kind !== 'ready') return { kind: 'failed', message: 'Sign in to Cargo to open the retry.' };
    try {
      const made = await retriedRunOf(state.client, found, run);
      return made ? { kind: 'run', run: made } : { kind: 'notFound', retry: found };
    } catch (error) {
      noteFailure(this.deps.clients, error);
      return { kind: 'failed', message: `Could not find the retried run: ${errorText(error, 400)}` };
    }
  }

  private async lookUp(run: ShownRun): Promise<void> {
    const state = await this.deps.clients.current();
    // Asked again once there is a client (the run is fetched again then).
    if (state.kind !== 'ready') return void (this.asked = false);
    try {
      const retry = await newerRetryOf(state.client, run);
      // A retry started from VS Code meanwhile is at least as new.
      if (retry && !this.found) this.show(retry);
    } catch (error) {
      // The notice is a hint: without it the panel shows the run as before.
      noteFailure(this.deps.clients, error);
      this.deps.log.debug(`Could not look for a retry of run ${run.uuid}: ${String(error)}`);
    }
  }

  private show(retry: Batch): void {
    this.found = retry;
    this.changed();
  }
}
