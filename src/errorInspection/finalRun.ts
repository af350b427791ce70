// A run as it ended, from the shared run model: loaded if nothing holds it yet, fetched again if what
// is held predates its end (a panel may show it as it was a moment ago). VS Code-free.
import type { LoadedRun, WatchedRuns } from '../runPanel/watchedRun';

export async function finalRun(runs: WatchedRuns, runUuid: string, workflowUuid?: string): Promise<LoadedRun | undefined> {
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
    if (handle.run.loaded && !handle.run.loaded.view.finished) await handle.run.fetch();
    return handle.run.loaded;
  } finally {
    handle.dispose();
  }
}
