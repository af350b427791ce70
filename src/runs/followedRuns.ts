// One FollowedRun per run uuid, shared by everything that shows it (a panel, the run's JSON document,
// a watch for its failure), and let go when the last of them does.
import type { Disposable } from '../core/clientSource';
import type { PollerOptions } from '../core/poller';
import type { Run } from '../api';
import type { RunLocator } from '../shared/protocol';
import { FollowedRun, type Attention, type FollowedRunOptions } from './followedRun';

/** A follower of a run: it says whether it follows the run now, and lets go when it closes. */
export interface FollowedRunHandle extends Disposable {
  readonly run: FollowedRun;
  /** Follows the run out of sight (a watch for its failure), or stops: live updates at the usual interval. */
  setSeen(seen: boolean): void;
  /** A person looks at the run (its panel is visible in the focused window), or stops: quick live updates. */
  setOnScreen(onScreen: boolean): void;
}

const ATTENTION_ORDER: readonly Attention[] = ['none', 'followed', 'onScreen'];

export class FollowedRuns implements Disposable {
  private readonly runs = new Map<string, { run: FollowedRun; seenBy: Map<object, Attention> }>();
  private pollerOptions: PollerOptions;

  constructor(private readonly options: Omit<FollowedRunOptions, 'runUuid' | 'workflowUuid' | 'known'>) {
    this.pollerOptions = options.pollerOptions;
  }

  /**
   * Follows a run (the first follower loads it); `workflowUuid` when known, to look its name up early;
   * `known`: the run as the caller has it (from a list: no context), or where a list has it, known ahead.
   */
  acquire(runUuid: string, workflowUuid?: string, known?: Run | RunLocator): FollowedRunHandle {
    let entry = this.runs.get(runUuid);
    if (!entry) {
      const run = new FollowedRun({
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
    const followed = entry;
    const token = {};
    followed.seenBy.set(token, 'none');
    // The run is followed as closely as its closest follower follows it.
    const update = () =>
      followed.run.setAttention(ATTENTION_ORDER[Math.max(0, ...[...followed.seenBy.values()].map((a) => ATTENTION_ORDER.indexOf(a)))] ?? 'none');
    const attend = (attention: Attention) => {
      if (!followed.seenBy.has(token)) return;
      followed.seenBy.set(token, attention);
      update();
    };
    return {
      run: followed.run,
      setSeen: (seen) => attend(seen ? 'followed' : 'none'),
      setOnScreen: (onScreen) => attend(onScreen ? 'onScreen' : 'none'),
      dispose: () => {
        if (!followed.seenBy.delete(token)) return;
        if (followed.seenBy.size > 0) return update();
        followed.run.dispose();
        if (this.runs.get(runUuid) === followed) this.runs.delete(runUuid);
      },
    };
  }

  /** The run if something follows it now. */
  peek(runUuid: string): FollowedRun | undefined {
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
