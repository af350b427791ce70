// Polls while there is something unfinished to watch, backing off while nothing changes (at once, or
// after a steady spell) and pausing entirely when told it is inactive (view hidden, window unfocused,
// everything finished).

export interface PollOutcome {
  /** Whether the poll saw any change; a change resets the interval to its minimum. */
  changed: boolean;
  /** The server asked us to wait (429 Retry-After). */
  retryAfterMs?: number;
}

export interface PollerOptions {
  intervalMs: number;
  maxIntervalMs: number;
  backoffFactor: number;
  /** How long polls may find nothing new before the back-off starts (default 0: at the first such poll). */
  steadyMs?: number;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class AdaptivePoller {
  private active = false;
  private disposed = false;
  private handle: unknown;
  private inFlight: AbortController | undefined;
  private currentIntervalMs: number;
  /** The time the intervals since the last change (or since polling started) add up to. */
  private quietMs = 0;

  constructor(
    private readonly poll: (signal: AbortSignal) => Promise<PollOutcome>,
    private options: PollerOptions,
    private readonly timers: Timers = realTimers,
  ) {
    this.currentIntervalMs = options.intervalMs;
  }

  get isActive(): boolean {
    return this.active;
  }

  get nextIntervalMs(): number {
    return this.currentIntervalMs;
  }

  updateOptions(options: PollerOptions): void {
    this.options = options;
    this.currentIntervalMs = options.intervalMs;
    this.quietMs = 0;
    if (this.active) this.reschedule(this.currentIntervalMs);
  }

  /** Starts (after one interval) or stops polling. Stopping cancels a poll in flight. */
  setActive(active: boolean): void {
    if (this.disposed || active === this.active) return;
    this.active = active;
    if (active) {
      this.currentIntervalMs = this.options.intervalMs;
      this.quietMs = 0;
      this.reschedule(this.currentIntervalMs);
    } else {
      this.cancel();
    }
  }

  /** Something changed outside the poller (e.g. the user refreshed): start again from the shortest interval. */
  resetInterval(): void {
    this.currentIntervalMs = this.options.intervalMs;
    this.quietMs = 0;
    if (this.active && !this.inFlight) this.reschedule(this.currentIntervalMs);
  }

  private reschedule(delayMs: number): void {
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = this.timers.setTimeout(() => void this.runOnce(), delayMs);
  }

  private async runOnce(): Promise<void> {
    this.handle = undefined;
    if (!this.active || this.disposed) return;
    const controller = new AbortController();
    this.inFlight = controller;
    let outcome: PollOutcome;
    try {
      outcome = await this.poll(controller.signal);
    } catch {
      outcome = { changed: false };
    } finally {
      if (this.inFlight === controller) this.inFlight = undefined;
    }
    if (!this.active || this.disposed || controller.signal.aborted) return;
    this.quietMs = outcome.changed ? 0 : this.quietMs + this.currentIntervalMs;
    this.currentIntervalMs =
      outcome.changed || this.quietMs < (this.options.steadyMs ?? 0)
        ? this.options.intervalMs
        : Math.min(this.options.maxIntervalMs, Math.round(this.currentIntervalMs * this.options.backoffFactor));
    this.reschedule(Math.max(this.currentIntervalMs, outcome.retryAfterMs ?? 0));
  }

  private cancel(): void {
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
    this.inFlight?.abort();
    this.inFlight = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.active = false;
    this.cancel();
  }
}
