// A run as it ended, from the followed runs: loaded if nothing follows it yet, fetched again if what is
// held predates its end (a panel may show it as it was a moment ago).
import type { LoadedRun } from './followedRun';
import type { FollowedRuns } from './followedRuns';

export async function finalRun(runs: FollowedRuns, runUuid: string, workflowUuid?: string): Promise<LoadedRun | undefined> {
  const handle = runs.acquire(runUuid, workflowUuid);
  try {
    if (handle.run.state.kind === 'loading') {
      await new Promise<void>((resolve) => {
        const subscription = handle.run.onDidChange(() => {
          if (handle.run.state.kind === 'loading') return;
          subscription.dispose();
          resolve();
        });
      });
    }
    if (handle.run.loaded && !handle.run.loaded.finished) await handle.run.fetch();
    return handle.run.loaded;
  } finally {
    handle.dispose();
  }
}
