// Loading "why did this batch's runs fail": only the failed runs, page by page, and the health of each
// node in one request beside them. VS Code-free: the adapter gives it a client and shows the report.
import { CargoApiError, isCancellation, MAX_PAGE_SIZE, type CargoClient, type CargoNode, type Run, type RunMetric } from '../api';
import { batchOutcome, type BatchOutcome, type BatchState } from '../runs/batchOutcome';
import type { ReleaseNodesSource } from '../runs/releaseNodes';
import { formatCountInFull, pluralInFull } from '../shared/format';
import { errorText } from '../shared/text';
import { groupFailures, type FailureGroup, type NamedNode } from './failureGroups';

/** What the report needs of a batch (a Batch fits). */
export interface FailureBatch {
  readonly uuid: string;
  readonly workflowUuid: string;
  readonly runsCount: number;
  readonly failedRunsCount: number;
  /** Its state, for the report's header (runs/batchOutcome.ts); absent, the header judges by the counts. */
  readonly status?: BatchState['status'];
  readonly runsStatus?: BatchState['runsStatus'];
  /** The release its runs ran: its graph names their nodes. */
  readonly releaseUuid?: string | null | undefined;
}

export interface LoadFailureReportOptions {
  /** Aborting stops the loading: the report then has what was loaded, with `partial: true`. */
  signal?: AbortSignal;
  /** After each page: failed runs loaded so far, and how many there are (Cargo's count). */
  onProgress?: (loaded: number, total: number) => void;
  /** Runs per request, at most MAX_PAGE_SIZE (the default). */
  pageSize?: number;
  /** Where the release's nodes (their names) come from: the extension's one cache; by default asked of Cargo. */
  releases?: ReleaseNodesSource;
}

/** Releases read from Cargo each time (tests, or a caller without the cache). */
const UNCACHED: ReleaseNodesSource = {
  nodesOf: async (client, releaseUuid, onRequest) => {
    onRequest?.();
    return (await client.getRelease(releaseUuid)).nodes ?? [];
  },
};

/** At most this many releases are read for the names when the batch names none (its runs' releases). */
const MAX_RELEASES = 3;

/** One node's executions across the batch's runs (from Cargo's run metrics). */
export interface NodeHealth {
  readonly nodeUuid: string;
  /** From the release's graph, the loaded runs' nodes or executions; undefined when none has the node. */
  readonly nodeSlug?: string;
  /** From the release's graph, or the loaded runs' nodes, when they carry it. */
  readonly nodeName?: string;
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
  /** Cancelled and being cancelled. */
  readonly cancelled: number;
  /** Not finished: idle, pending or running. */
  readonly pending: number;
  readonly credits: number;
}

export interface FailureReport {
  readonly batchUuid: string;
  /** How the batch stands, by the one rule the Runs view's row follows too; undefined for a workflow's report. */
  readonly outcome?: BatchOutcome;
  /** The batch's runs, every status. */
  readonly totalRuns: number;
  /** Cargo's count of failed runs when the first page came (the batch's own count when none came). */
  readonly failedRuns: number;
  /** Failed runs loaded and grouped: fewer than failedRuns when the loading was stopped. */
  readonly loadedFailedRuns: number;
  readonly groups: readonly FailureGroup[];
  /** Undefined when Cargo does not serve run metrics (404), or they could not be loaded: see notes. */
  readonly nodeHealth?: readonly NodeHealth[];
  /** The loading was stopped (the signal) before every failed run was loaded. */
  readonly partial: boolean;
  /** Calls made to Cargo (the client may retry a call). */
  readonly requests: number;
  /** What the user should know about this report, as plain sentences: what is missing and why. */
  readonly notes: readonly string[];
}

/**
 * Loads the batch's failed runs (`statuses: ['error']`, newest first, MAX_PAGE_SIZE a page: at most
 * ⌈failed / 100⌉ requests, one when none failed, since the batch's count may be stale) and, beside
 * them, the batch's run metrics (one request), then groups the failures.
 *
 * Cargo's count on the first page is the total; the loading stops at a short page or when the pages
 * cover that count. A run listed twice (new failures of a live batch shift the pages) counts once.
 *
 * Aborting the signal is not an error: the report comes back with what was loaded and `partial: true`.
 * Run metrics that cannot be had (404 or 405 where Cargo, or the simulator, does not serve them; any
 * other error) leave `nodeHealth` undefined and a note; the failures still load. Any other error while
 * loading the failed runs rejects (a CargoApiError: the caller reports a refused token as usual).
 */
export async function loadFailureReport(client: CargoClient, batch: FailureBatch, options: LoadFailureReportOptions = {}): Promise<FailureReport> {
  const asked = options.pageSize ?? MAX_PAGE_SIZE;
  const pageSize = Number.isFinite(asked) ? Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(asked))) : MAX_PAGE_SIZE;
  const outer = options.signal;
  // Our own controller, so that a failed page also stops the run metrics request beside it.
  const controller = new AbortController();
  const abort = () => controller.abort();
  outer?.addEventListener('abort', abort, { once: true });
  if (outer?.aborted) controller.abort();
  const { signal } = controller;

  const runs = new Map<string, Run>();
  let total: number | undefined;
  let requests = 0;
  let partial = false;
  try {
    if (signal.aborted)
      return report(batch, { runs: [], failedRuns: batch.failedRunsCount, partial: true, requests: 0, notes: [stoppedNote(0, batch.failedRunsCount)] });

    requests++;
    const metrics = client.runMetrics({ workflowUuid: batch.workflowUuid, batchUuid: batch.uuid }, signal).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const releases = options.releases ?? UNCACHED;
    const countRequest = () => void requests++;
    const nodesOf = (releaseUuid: string) => releaseNodes(releases, client, releaseUuid, signal, countRequest);
    // The batch's release is read beside the first page; without one, the release of its runs after them.
    const batchNodes = batch.releaseUuid ? nodesOf(batch.releaseUuid) : undefined;

    try {
      for (let offset = 0; ; offset += pageSize) {
        if (signal.aborted) {
          partial = true;
          break;
        }
        requests++;
        const page = await client.listRuns({ batchUuid: batch.uuid, statuses: ['error'], limit: pageSize, offset }, signal);
        total ??= page.count;
        for (const run of page.runs) runs.set(run.uuid, run);
        options.onProgress?.(runs.size, total);
        if (page.runs.length < pageSize || offset + pageSize >= total) break;
      }
    } catch (error) {
      if (!isCancellation(error) || !signal.aborted) throw error;
      partial = true;
    }

    const failedRuns = total ?? batch.failedRunsCount;
    const notes = partial ? [stoppedNote(runs.size, failedRuns)] : [];
    const loaded = [...runs.values()];
    const runReleases = [...new Set(loaded.map((run) => run.releaseUuid).filter((uuid): uuid is string => !!uuid))].slice(0, MAX_RELEASES);
    const graph = batchNodes ? await batchNodes : (await Promise.all(runReleases.map(nodesOf))).flat();
    const outcome = await metrics;
    let nodeHealth: NodeHealth[] | undefined;
    if (outcome.ok) nodeHealth = nodeHealthOf(outcome.value, loaded, graph);
    else notes.push(metricsNote(outcome.error));
    return report(batch, { runs: loaded, graph, failedRuns, partial, requests, notes, ...(nodeHealth ? { nodeHealth } : {}) });
  } finally {
    outer?.removeEventListener('abort', abort);
    controller.abort();
  }
}

/**
 * The release's nodes, [] when they cannot be had (a node is then named by what the runs say of it) or
 * the loading is stopped (the release's request, shared with others, goes on).
 */
async function releaseNodes(
  releases: ReleaseNodesSource,
  client: CargoClient,
  releaseUuid: string,
  signal: AbortSignal,
  onRequest: () => void,
): Promise<readonly CargoNode[]> {
  if (signal.aborted) return [];
  let stop: () => void = () => {};
  const stopped = new Promise<readonly CargoNode[]>((resolve) => {
    stop = () => resolve([]);
    signal.addEventListener('abort', stop, { once: true });
  });
  try {
    return await Promise.race([releases.nodesOf(client, releaseUuid, onRequest).catch((): readonly CargoNode[] => []), stopped]);
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

/**
 * Node health from Cargo's run metrics, most failed first (then by slug or uuid). Slugs and names come
 * from the release's graph first, then the runs' nodes, then (slugs only) their executions.
 */
export function nodeHealthOf(metrics: readonly RunMetric[], runs: readonly Run[], graph: readonly NamedNode[] = []): NodeHealth[] {
  const nodes: NamedNode[] = [...graph];
  for (const run of runs) {
    nodes.push(...(run.nodes ?? []));
    for (const execution of run.executions) nodes.push({ uuid: execution.nodeUuid, slug: execution.nodeSlug });
  }
  return nodeHealthOfNodes(metrics, nodes);
}

/** Node health, the nodes' slugs and names from a graph (a release's nodes, or what runs carry); the first name of a node wins. */
export function nodeHealthOfNodes(metrics: readonly RunMetric[], nodes: readonly NamedNode[]): NodeHealth[] {
  const slugs = new Map<string, string>();
  const names = new Map<string, string>();
  for (const node of nodes) {
    if (!slugs.has(node.uuid)) slugs.set(node.uuid, node.slug);
    if (node.name && !names.has(node.uuid)) names.set(node.uuid, node.name);
  }
  const count = (value: number | undefined) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  return metrics
    .map((metric): NodeHealth => {
      const nodeSlug = slugs.get(metric.nodeUuid);
      const nodeName = names.get(metric.nodeUuid);
      return {
        nodeUuid: metric.nodeUuid,
        ...(nodeSlug !== undefined ? { nodeSlug } : {}),
        ...(nodeName !== undefined ? { nodeName } : {}),
        succeeded: count(metric.successExecutionsCount),
        failed: count(metric.errorExecutionsCount),
        skipped: count(metric.skippedExecutionsCount),
        cancelled: count(metric.cancelledExecutionsCount) + count(metric.cancellingExecutionsCount),
        pending: count(metric.idleExecutionsCount) + count(metric.pendingExecutionsCount) + count(metric.runningExecutionsCount),
        credits: count(metric.creditsUsedCount),
      };
    })
    .sort((a, b) => b.failed - a.failed || (a.nodeSlug ?? a.nodeUuid).localeCompare(b.nodeSlug ?? b.nodeUuid, 'en'));
}

/**
 * Node health of every run of a workflow, as a report with no failure groups: one run metrics request,
 * and the workflow for its deployed release's nodes (their names).
 */
export async function loadWorkflowHealth(client: CargoClient, workflowUuid: string, signal?: AbortSignal): Promise<FailureReport> {
  const [metrics, workflow] = await Promise.all([client.runMetrics({ workflowUuid }, signal), client.getWorkflow(workflowUuid, signal)]);
  const nodeHealth = nodeHealthOfNodes(metrics, workflow.deployedRelease?.nodes ?? []);
  const start = metrics.find((metric) => metric.nodeUuid === workflow.deployedRelease?.nodes?.[0]?.uuid) ?? metrics[0];
  const failedRuns = nodeHealth.reduce((sum, node) => sum + node.failed, 0);
  return {
    batchUuid: '',
    totalRuns: start?.totalExecutionsCount ?? 0,
    failedRuns,
    loadedFailedRuns: failedRuns,
    groups: [],
    nodeHealth,
    partial: false,
    requests: 2,
    notes: ['Every run of the workflow, counted node by node. Show Failures on one of its batches groups its failures by cause.'],
  };
}

function report(
  batch: FailureBatch,
  loaded: {
    runs: readonly Run[];
    graph?: readonly NamedNode[];
    failedRuns: number;
    partial: boolean;
    requests: number;
    notes: string[];
    nodeHealth?: NodeHealth[];
  },
): FailureReport {
  const { status, runsStatus } = batch;
  return {
    batchUuid: batch.uuid,
    ...(status ? { outcome: batchOutcome({ status, runsStatus: runsStatus ?? null, failedRunsCount: loaded.failedRuns }) } : {}),
    totalRuns: batch.runsCount,
    failedRuns: loaded.failedRuns,
    loadedFailedRuns: loaded.runs.length,
    groups: groupFailures(loaded.runs, { totalRuns: batch.runsCount, ...(loaded.graph ? { nodes: loaded.graph } : {}) }),
    ...(loaded.nodeHealth ? { nodeHealth: loaded.nodeHealth } : {}),
    partial: loaded.partial,
    requests: loaded.requests,
    notes: loaded.notes,
  };
}

function stoppedNote(loaded: number, failed: number): string {
  return `Loading was stopped: ${formatCountInFull(loaded)} of ${pluralInFull(failed, 'failed run')} loaded.`;
}

/**
 * 404 where the endpoint does not exist; 405 where a GET route matches its path (the simulator's
 * `GET runs/:uuid` takes `runs/metrics` for a run's uuid); 501 where a server says so.
 */
const NOT_SERVED = new Set([404, 405, 501]);

function metricsNote(error: unknown): string {
  if (error instanceof CargoApiError && error.status !== undefined && NOT_SERVED.has(error.status)) {
    return `Node health is not shown: this Cargo does not serve run metrics (HTTP ${error.status}).`;
  }
  if (isCancellation(error)) return 'Node health is not shown: its loading was stopped.';
  return `Node health is not shown: ${errorText(error, 300)}`;
}
