// Polls that keep failing make what is shown old: one failure is noise (the poller tries again, backing
// off); STALE_AFTER_FAILURES in a row, and the view says since when it is not updated, and why. Shared by
// the Runs view's refresh, the following of runs started from VS Code and of a run on screen.
import { errorText } from '../shared/text';

/** Failed polls in a row before what is shown counts as old. */
export const STALE_AFTER_FAILURES = 2;

/** Polls keep failing: what is shown is as of `lastUpdatedAt`. */
export interface StaleProblem {
  readonly message: string;
  /** Date.now() of the last poll that worked (or of the last reset). */
  readonly lastUpdatedAt: number;
}

export class Staleness {
  private lastUpdatedAt = Date.now();
  private failures = 0;
  private current: StaleProblem | undefined;

  /** `maxMessage`: how much of the last failure's message the problem keeps. */
  constructor(private readonly maxMessage = 300) {}

  /** Failed polls since the last one that worked (or the last reset). */
  get failuresInARow(): number {
    return this.failures;
  }

  /** Set while polls keep failing; cleared by the next one that works. */
  get problem(): StaleProblem | undefined {
    return this.current;
  }

  /** A poll worked (`failure` undefined) or failed. Returns whether the problem's message changed. */
  note(failure: unknown): boolean {
    const before = this.current;
    if (failure === undefined) this.reset();
    else if (++this.failures >= STALE_AFTER_FAILURES) this.current = { message: errorText(failure, this.maxMessage), lastUpdatedAt: this.lastUpdatedAt };
    return before?.message !== this.current?.message;
  }

  /** Everything is as current as it gets (loaded afresh, or nothing followed): no problem, counted from `at`. */
  reset(at: number = Date.now()): void {
    this.lastUpdatedAt = at;
    this.failures = 0;
    this.current = undefined;
  }
}
