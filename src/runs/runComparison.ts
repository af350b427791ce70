// Which two runs to compare, and their whole data, for the fewest requests: the newest successful run
// of the same workflow is one runs/list (newest first, limit 1); each run is one GET /runs/{uuid}
// unless a run panel (or anything following the run) has it loaded already. So: at most 3 requests
// when neither run is loaded, 1 when both are. Spans and workflow names are not asked for: the
// comparison leaves times out, and names the runs by their records.
import type { CargoClient, Run, RunDetails } from '../api';
import type { FollowedRuns } from './followedRuns';

/** The whole runs something already has (a run panel's), by uuid: read before any is fetched. */
export interface LoadedRunSource {
  loaded(runUuid: string): RunDetails | undefined;
}

/** The runs FollowedRuns has loaded (a run panel, a run's JSON document, a watch for its failure). */
export function loadedRunsOf(runs: Pick<FollowedRuns, 'peek'>): LoadedRunSource {
  return {
    loaded: (runUuid) => {
      const state = runs.peek(runUuid)?.state;
      return state?.kind === 'loaded' ? state.run.details : undefined;
    },
  };
}

/** A run to compare: its uuid, and the run as the place the command came from has it (a row: no context). */
export interface ComparedRunRef {
  readonly runUuid: string;
  readonly run?: Run;
}

/** `baseline` on the left of the diff (the run that worked, or the one picked), `run` on the right. */
export interface RunPair {
  readonly baseline: RunDetails;
  readonly run: RunDetails;
}

export type LastSuccessComparison = { readonly kind: 'pair'; readonly pair: RunPair } | { readonly kind: 'noSuccess'; readonly run: RunDetails };

/** How many runs "Compare with…" offers to pick from (one runs/list). */
export const RECENT_RUNS_LIMIT = 25;

/** The whole run: the loaded one, else one GET /runs/{uuid}. */
export async function runDetailsOf(client: CargoClient, runUuid: string, loaded: LoadedRunSource, signal?: AbortSignal): Promise<RunDetails> {
  return loaded.loaded(runUuid) ?? client.getRun(runUuid, signal);
}

/**
 * The newest successful run of the run's workflow other than the run itself (one runs/list, newest
 * first: limit 1, or 2 when the run is itself a success and may be the newest); undefined when none.
 */
export async function lastSuccessOf(client: CargoClient, run: Pick<Run, 'uuid' | 'workflowUuid' | 'status'>, signal?: AbortSignal): Promise<Run | undefined> {
  const limit = run.status.raw === 'success' ? 2 : 1;
  const page = await client.listRuns({ workflowUuid: run.workflowUuid, statuses: ['success'], limit }, signal);
  return page.runs.find((candidate) => candidate.uuid !== run.uuid);
}

/**
 * The run and the newest successful run of its workflow, both whole. The run's workflow comes from
 * where the command came from when it can (then the list and the run's GET go together), else from
 * the run itself, fetched first.
 */
export async function withLastSuccess(client: CargoClient, ref: ComparedRunRef, loaded: LoadedRunSource, signal?: AbortSignal): Promise<LastSuccessComparison> {
  const known = loaded.loaded(ref.runUuid);
  const listed = known?.run ?? ref.run;
  const [details, success] = listed
    ? await Promise.all([known ?? client.getRun(ref.runUuid, signal), lastSuccessOf(client, listed, signal)])
    : await (async () => {
        const fetched = await client.getRun(ref.runUuid, signal);
        return [fetched, await lastSuccessOf(client, fetched.run, signal)] as const;
      })();
  if (!success) return { kind: 'noSuccess', run: details };
  return { kind: 'pair', pair: { baseline: await runDetailsOf(client, success.uuid, loaded, signal), run: details } };
}

/** The run and another, both whole (each loaded, or one GET), fetched together. */
export async function withRun(client: CargoClient, ref: ComparedRunRef, otherUuid: string, loaded: LoadedRunSource, signal?: AbortSignal): Promise<RunPair> {
  const [baseline, run] = await Promise.all([runDetailsOf(client, otherUuid, loaded, signal), runDetailsOf(client, ref.runUuid, loaded, signal)]);
  return { baseline, run };
}

/** The workflow's recent runs to pick from, newest first, the run itself left out (one runs/list). */
export async function recentRunsOf(client: CargoClient, run: Pick<Run, 'uuid' | 'workflowUuid'>, signal?: AbortSignal): Promise<Run[]> {
  const page = await client.listRuns({ workflowUuid: run.workflowUuid, limit: RECENT_RUNS_LIMIT + 1 }, signal);
  return page.runs.filter((candidate) => candidate.uuid !== run.uuid).slice(0, RECENT_RUNS_LIMIT);
}
