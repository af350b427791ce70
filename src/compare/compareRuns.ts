// "Compare with Last Success" and "Compare with…" on a run, free of VS Code: which runs (the run layer's
// runComparison), what the person is asked and told, and the pair handed to the diff editor. A
// failure is said in one notification, in words; nothing is retried beyond what the client retries.
import type { CargoClient, Run } from '../api';
import { isCancellation } from '../api';
import type { Log } from '../core/log';
import type { Prompts } from '../core/prompts';
import { recentRunsOf, runDetailsOf, withLastSuccess, withRun, type ComparedRunRef, type LoadedRunSource, type RunPair } from '../runs/runComparison';
import { errorText, notificationText } from '../shared/text';
import { noSuccessText, runPickRows } from './presentation';

export interface CompareDeps {
  readonly prompts: Prompts;
  readonly loaded: LoadedRunSource;
  readonly log: Log;
  /** Opens the diff editor of the pair; `lastSuccess`: the baseline is the workflow's newest successful run. */
  readonly show: (pair: RunPair, lastSuccess: boolean) => Promise<void>;
  /** Asks for a run uuid or link ("Another Run…"): the run's uuid, or undefined when the box was closed. */
  readonly askRunUuid: () => Promise<string | undefined>;
  /** A call failed (a refused token stops the connection's other users). */
  readonly failed?: (error: unknown) => void;
}

export type CompareOutcome = 'shown' | 'noSuccess' | 'dismissed' | 'failed';

/** The run and the newest successful run of its workflow, side by side (at most 3 requests, 1 when both are loaded). */
export async function compareWithLastSuccess(client: CargoClient, ref: ComparedRunRef, deps: CompareDeps): Promise<CompareOutcome> {
  return attempt(deps, async (signal) => {
    const result = await withLastSuccess(client, ref, deps.loaded, signal);
    if (result.kind === 'noSuccess') {
      await deps.prompts.message('info', noSuccessText(result.run.run));
      return 'noSuccess';
    }
    await deps.show(result.pair, true);
    return 'shown';
  });
}

/** The run and one the person picks: a recent run of its workflow (one runs/list), or any run by uuid or link. */
export async function compareWithPicked(client: CargoClient, ref: ComparedRunRef, deps: CompareDeps): Promise<CompareOutcome> {
  // The run's workflow: from where the command came, else the run itself (kept for the comparison).
  let run: Run | undefined = ref.run ?? deps.loaded.loaded(ref.runUuid)?.run;
  let fetched: Awaited<ReturnType<typeof runDetailsOf>> | undefined;
  let recent: Run[] = [];
  const listed = await attempt(deps, async (signal) => {
    if (!run) {
      fetched = await client.getRun(ref.runUuid, signal);
      run = fetched.run;
    }
    recent = await recentRunsOf(client, run, signal);
    return 'shown';
  });
  if (listed !== 'shown' || !run) return listed;
  const rows = runPickRows(recent);
  const picked = await deps.prompts.pick(rows, { title: 'Compare with…', placeHolder: 'A recent run of the same workflow, or another run by uuid or link' });
  if (!picked) return 'dismissed';
  const otherUuid = picked.runUuid ?? (await deps.askRunUuid());
  if (!otherUuid) return 'dismissed';
  const known = fetched;
  const loaded: LoadedRunSource = { loaded: (uuid) => deps.loaded.loaded(uuid) ?? (uuid === known?.run.uuid ? known : undefined) };
  return attempt(deps, async (signal) => {
    await deps.show(await withRun(client, ref, otherUuid, loaded, signal), false);
    return 'shown';
  });
}

async function attempt(deps: CompareDeps, work: (signal: AbortSignal) => Promise<CompareOutcome>): Promise<CompareOutcome> {
  try {
    return await deps.prompts.progress('Cargo: comparing runs…', (progress) => work(progress.signal), { cancellable: true });
  } catch (error) {
    if (isCancellation(error)) return 'dismissed';
    deps.failed?.(error);
    deps.log.warn(`Comparing runs failed: ${errorText(error, 500)}`);
    await deps.prompts.message('error', notificationText(`Could not compare the runs: ${errorText(error, 300)}`, 400));
    return 'failed';
  }
}
