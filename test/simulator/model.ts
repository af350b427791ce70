// The simulator's in-memory world. Entities hold only their plan (when they were created, when
// they start, how they end); what a client sees at a given moment is derived from the plan and the
// clock in lifecycle.ts, so no timers run and a 10,000-run batch costs a few small objects per run.
import type { NodeBlueprint, WorkflowBlueprint } from './catalog';
import type { BatchData, ExecutionStatus, RunStatus, BatchStatus, BatchRunsStatus, Fixtures, ReleaseStatus } from './types';
import { uuidFor } from './random';
import type { Profile } from './records';

export interface SimNode {
  uuid: string;
  blueprint: NodeBlueprint;
  children: SimNode[];
  connectorUuid: string | null;
  toolUuid: string | null;
  agentUuid: string | null;
  position: { x: number; y: number };
}

export interface SimWorkflow {
  key: string;
  blueprint: WorkflowBlueprint;
  uuid: string;
  /** uuid of the play or tool that owns the workflow. */
  ownerUuid: string;
  /** The deployed release. */
  releaseUuid: string;
  releaseVersion: string;
  /** Newest first: the draft, the deployed release, then the archived earlier ones. */
  releases: SimRelease[];
  nodes: SimNode[];
  start: SimNode;
  createdAt: number;
  updatedAt: number;
  deployedAt: number;
  modelUuid: string;
  segmentUuid: string;
  folderUuid: string | null;
  /** Newest first. */
  batches: SimBatch[];
}

/** A version of a workflow. All releases of a workflow share its node graph. */
export interface SimRelease {
  uuid: string;
  workflow: SimWorkflow;
  status: ReleaseStatus;
  /** null for the draft. */
  version: string | null;
  /** The release this one was made from. */
  parentUuid: string | null;
  description: string | null;
  createdAt: number;
  updatedAt: number;
  deployedAt: number | null;
  /** With `hostile`: its nodes' names and expression texts are hostile strings (the hostileExpressions run's release). */
  hostile?: boolean;
}

export interface SimBatch {
  uuid: string;
  workflow: SimWorkflow;
  data: BatchData;
  userUuid: string | null;
  createdAt: number;
  /** Leaves `pending` for `preRunStatus` at this time. */
  queryAt: number;
  preRunStatus: 'syncing' | 'querying';
  /** Runs exist from this time on. */
  runsAt: number;
  /** Newest first. */
  runs: SimRun[];
  /** The release a retry (`kind: "runs"`) batch was asked to run on; others run on the workflow's deployed release. */
  releaseUuid?: string;
  skipAt?: number;
  errorAt?: number;
  errorMessage?: string;
  cancelAt?: number;
  /** Why its runs fail: a few (node, error template) pairs, most weighted first (see failures.ts). */
  causes: FailureCause[];
  /** Cached once the batch can no longer change. */
  final?: BatchState;
  /** The state last computed, for requests at the same moment (a stopped clock); dropped by a cancel. */
  seen?: { now: number; state: BatchState };
}

/** One way the runs of a batch fail: a node and one of its error templates. */
export interface FailureCause {
  slug: string;
  /** Index in the node behaviour's `errors`. */
  template: number;
  /** Its share of the batch's failed runs. */
  weight: number;
  /** Whether its runs pass its node when retried (see retries.ts); false for a persistent cause. */
  transient: boolean;
}

export type RunOutcome = 'success' | 'error' | 'skipped';

export interface SimRun {
  uuid: string;
  traceUuid: string;
  /** Key of this run's random stream. */
  key: string;
  workflow: SimWorkflow;
  batch: SimBatch | null;
  recordId: string;
  recordTitle: string;
  /** Key of the record profile (see world.profileOf). */
  recordKey: string;
  /** Data sent with POST /runs; generated records use the profile. */
  input?: Record<string, unknown>;
  /** The release it runs on (POST /runs may name any release of the workflow); default the deployed one. */
  releaseUuid?: string;
  userUuid: string | null;
  createdAt: number;
  startAt: number;
  /** Fixed execution step length (live runs); undefined = historical, varied durations. */
  stepMs?: number;
  outcome: RunOutcome;
  /** The cause a failing run of a batch was given (it fails at another cause of the batch when this node is off its path). */
  cause?: FailureCause;
  cancelAt?: number;
  hostile?: 'strings' | 'megabyte';
  bigContextBytes?: number;
  /** The big context is the start node's, there from the run's creation (a created run's `__simContextBytes`); else hubspot_get_company's once it has run. */
  bigContextAtStart?: boolean;
  /** When set, one node of the run's context is nested this many levels deep. */
  deepContextLevels?: number;
  /** A created run's `__simExecutions`: it has this many executions (its path's middle nodes over and over), in the time of its usual path. */
  executionsCount?: number;
  /** A child run: the run and the tool node whose execution started it (it shares its parent's traceUuid). */
  parent?: { run: SimRun; node: SimNode; stepIndex: number };
  /** The child runs its tool nodes started (see childRuns.ts). */
  childRuns?: SimRun[];
  /** The run this one retries (a run of a `kind: "runs"` batch). */
  retryOf?: SimRun;
  /** Lazily built execution plan (a retry's is built when it is created). */
  steps?: SimStep[];
  /** Cached once the run can no longer change. */
  final?: RunState;
  /** The state last computed, for requests at the same moment (a stopped clock); dropped by a cancel. */
  seen?: { now: number; state: RunState };
}

export const releaseUuidOf = (run: SimRun): string => run.releaseUuid ?? run.workflow.releaseUuid;

/** The branch a record takes after `node` (its index in the node's children); null where the run stops (an end, a filter). */
export function childIndexOf(node: SimNode, profile: Profile): number | null {
  const childIndex = node.children.length > 0 ? (node.blueprint.behaviour.branch?.(profile) ?? 0) : null;
  return childIndex === -1 ? null : childIndex;
}

/** A run of the simulated world: its uuids follow from the world's seed and the run's key. */
export function newSimRun(seed: number, fields: Omit<SimRun, 'uuid' | 'traceUuid'>): SimRun {
  return { uuid: uuidFor(seed, 'run', fields.key), traceUuid: fields.parent?.run.traceUuid ?? uuidFor(seed, 'trace', fields.key), ...fields };
}

export interface SimStep {
  index: number;
  node: SimNode;
  start: number;
  end: number;
  status: 'success' | 'error';
  /** Index in the node's children of the branch taken; null when the run stops here. */
  childIndex: number | null;
  next: SimNode | null;
  credits: number;
  /** Index in the node behaviour's `errors` of the template its error message follows (when it fails). */
  errorIndex: number;
  /** A retry's execution kept from the run it retries (not run again, no credits): the run whose message it shows. */
  keptFrom?: SimRun;
  /** A kept execution that was in flight when the run it retries was cancelled ("Run cancelled"). */
  keptCancelled?: boolean;
}

export interface ExecutionState {
  step: SimStep;
  status: ExecutionStatus;
  finishedAt: number | null;
  /** Set when the run was cancelled while this execution was in flight. */
  cancelled: boolean;
}

export interface RunState {
  status: RunStatus;
  executions: ExecutionState[];
  creditsUsed: number;
  updatedAt: number;
  finishedAt: number | null;
  errorStep: SimStep | null;
}

export interface BatchState {
  status: BatchStatus;
  runsStatus: BatchRunsStatus | null;
  runsCount: number;
  executedRunsCount: number;
  failedRunsCount: number;
  creditsUsedCount: number;
  updatedAt: number;
  finishedAt: number | null;
  errorMessage: string | null;
}

export interface World {
  seed: number;
  stepMs: number;
  startedAt: number;
  workspaceUuid: string;
  /** The token's user (runs created through the API). */
  userUuid: string;
  workflows: SimWorkflow[];
  workflowsByUuid: Map<string, SimWorkflow>;
  releasesByUuid: Map<string, SimRelease>;
  /** Newest first. */
  batches: SimBatch[];
  batchesByUuid: Map<string, SimBatch>;
  /** Newest first (by createdAt; runs created in the future stay hidden until then). */
  runs: SimRun[];
  runsByUuid: Map<string, SimRun>;
  /** How many runs POST /runs has created (keys their random streams). */
  createdRuns: number;
  /** How many batches POST /batches has created (keys their uuids and random streams). */
  createdBatches: number;
  fixtures: Fixtures;
}

export const FINISHED_RUN_STATUSES: ReadonlySet<RunStatus> = new Set(['success', 'error', 'cancelled', 'skipped']);
export const FINISHED_BATCH_STATUSES: ReadonlySet<BatchStatus> = new Set(['success', 'error', 'cancelled', 'skipped']);

/** Inserts runs that share one createdAt into a newest-first list, as the newest of their time. */
export function insertBlockNewestFirst(list: SimRun[], block: SimRun[]): void {
  const first = block[0];
  if (!first) return;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as SimRun).createdAt > first.createdAt) lo = mid + 1;
    else hi = mid;
  }
  // A small block in one splice (many batches of a few runs: no copy of the whole list each); a large
  // one without spreading it, as a batch may hold more runs than a call takes arguments.
  if (block.length <= 1000) {
    list.splice(lo, 0, ...block);
    return;
  }
  const tail = list.splice(lo);
  for (const run of block) list.push(run);
  for (const run of tail) list.push(run);
}

/** Inserts many items into a newest-first list in one pass (among equal times a newcomer counts as newest). */
export function mergeNewestFirst<T extends { createdAt: number }>(list: T[], items: T[]): void {
  if (items.length === 0) return;
  const incoming = [...items].sort((a, b) => b.createdAt - a.createdAt);
  const merged: T[] = [];
  let i = 0;
  for (const item of list) {
    while (i < incoming.length && (incoming[i] as T).createdAt >= item.createdAt) merged.push(incoming[i++] as T);
    merged.push(item);
  }
  while (i < incoming.length) merged.push(incoming[i++] as T);
  list.length = 0;
  for (const item of merged) list.push(item);
}

/** Insert keeping newest-first order; among equal times the newcomer counts as newest. */
export function insertNewestFirst<T extends { createdAt: number }>(list: T[], item: T): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as T).createdAt > item.createdAt) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}
