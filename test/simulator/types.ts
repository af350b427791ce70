// The simulator's public contract (options, faults, fixtures) and the wire shapes it serves.
// Wire shapes are Cargo's own published types with Date turned into the ISO string sent over HTTP,
// so a drift between the simulator and the real API's types shows up as a type error here.
import type { OrchestrationTypes as OT } from '@cargo-ai/types' with { 'resolution-mode': 'import' };

export interface SimulatorOptions {
  /** 0 = random free port (default 0). */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 1. */
  seed?: number;
  /** Default 'dev-token'. */
  token?: string;
  /** Runs in the largest batch (default 1000). */
  scale?: number;
  /** Wall-clock ms per execution step of live runs (default 1500). */
  stepMs?: number;
  /**
   * When set, a new batch starts every this many ms of the simulator's clock (on the workflows in turn,
   * 6 to 14 records), so that something is always running (the demo). Default: off.
   */
  liveEveryMs?: number;
  /** Wall-clock ms per execution step of the runs of those batches (default `stepMs`). */
  liveStepMs?: number;
  /** Add a batch and runs full of hostile strings (default false). */
  hostile?: boolean;
  /** When set, one run ("bigContext" fixture) has a runContext of about this many bytes of JSON. */
  bigContextBytes?: number;
  /** Process-wide fault rules from the start. */
  faults?: FaultRule[];
}

export interface Simulator {
  /** API base URL, e.g. 'http://127.0.0.1:PORT/v1'. */
  url: string;
  /** 'http://127.0.0.1:PORT' */
  origin: string;
  port: number;
  token: string;
  /** Live array, appended as requests arrive (excludes /__sim control calls). */
  requests: RequestLogEntry[];
  fixtures: Fixtures;
  setFaults(rules: FaultRule[]): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  clearRequests(): void;
  /**
   * Creates a batch now, through the same code as POST /v1/orchestration/batches (not logged), and
   * returns its uuid. Throws the API's error (with `status`, `reason`) when the batch is refused.
   */
  startBatch(options?: StartBatchOptions): string;
  /**
   * The failed runs (status `error` now) of a batch, grouped by failing node and error template: what
   * `GET /__sim/failures?batchUuid=` answers. Throws the API's error for an unknown batch (404 `batchNotFound`).
   */
  failures(batchUuid: string): FailureReport;
  /**
   * Stops the simulated clock: every request (and startBatch) sees this moment, so nothing changes
   * until the clock moves (tests that count the requests of a world where nothing happens).
   */
  freezeTime(): void;
  /** Moves the clock on by `ms`, stopped or not: what would have happened in that time has happened. */
  advanceTime(ms: number): void;
  /** Lets a stopped clock run again, on from the moment it shows. */
  resumeTime(): void;
  /**
   * Stops listening, as a server that went down: open and hanging connections are destroyed and new
   * ones are refused (ECONNREFUSED) until `start()`. The world, faults and request log are kept.
   */
  stop(): Promise<void>;
  /** Listens again on the same port after `stop()`, with the world as it was (its clock ran on). */
  start(): Promise<void>;
  /** Whether it is listening (false between `stop()` and `start()`, and after `close()`). */
  readonly listening: boolean;
  /** Closes the server and destroys open or hanging sockets, for good. */
  close(): Promise<void>;
}

/** The failed runs of a batch by cause (see Simulator.failures). */
export interface FailureReport {
  batchUuid: string;
  /** Runs of the batch in status `error` now: the sum of the groups' counts. */
  failedRunsCount: number;
  /** Largest first, then by node slug and template id. */
  groups: FailureGroup[];
}

/** One cause of a batch's failures: the failing node and the error template its messages follow. */
export interface FailureGroup {
  nodeSlug: string;
  nodeUuid: string;
  /** The template's id, unique within the node (e.g. 'rateLimited'); for hostile runs `hostile:<n>` or `hostile:megabyte`. */
  templateId: string;
  /** The message with its varying parts as `{placeholders}`; for a hostile run, its message (first 200 characters). */
  pattern: string;
  /** A RegExp source (`new RegExp(matcher)`) that each of the group's messages matches: the pattern with `(.+?)` for its placeholders. */
  matcher: string;
  /** Failed runs that failed this way. */
  count: number;
  /** Their uuids, newest first (as runs/list lists them). */
  runUuids: string[];
  /** The error message of the newest of them (first 200 characters). */
  sample: string;
  /**
   * Whether the cause is transient: its runs pass its node when retried from it or from before it (a
   * `kind: "runs"` batch); false when it is persistent and they fail there again (see test/README.md, "Retries").
   */
  transient: boolean;
}

export interface StartBatchOptions {
  /** Default: the `tool` fixture when `records` is an array, else the `play` fixture. */
  workflowUuid?: string;
  /**
   * How many records (default 5), or the records themselves. A tool gets a `records` batch (the
   * records given, or generated ones); a play a `recordIds` batch on its model (the records' `id`s,
   * or records of the simulated pool).
   */
  records?: number | Record<string, unknown>[];
  /**
   * A tool's generated records only (`records` a number): exactly this many of its runs fail, spread
   * evenly over the batch (`__simOutcome` in each record), the others succeed. Default: chance (about 15%).
   */
  failedRuns?: number;
  /** This batch's step instead of the simulator's (e.g. to keep it live while a test acts on it). */
  stepMs?: number;
}

export interface RequestLogEntry {
  method: string;
  /** Without the query, e.g. '/v1/orchestration/runs/list'. */
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  /** Date.now() when the request arrived. */
  time: number;
  /**
   * 0 until answered, and for requests that never get a response (hang, reset). With hang-after and
   * reset-after, the status of the answer that was never sent.
   */
  status: number;
  /** Bytes of the response body sent (0 until answered, and when none was). */
  bytes: number;
  /** The fault applied, in header syntax (e.g. 'status=503'). */
  fault?: string;
}

export type DriftKind = 'unknownEnum' | 'missingField' | 'extraFields' | 'nulls' | 'wrongType';
/** Why POST /runs refuses a run (or POST /batches a batch): what a `refuse` fault answers. */
export type RefusalReason = 'notEnoughCredits' | 'concurrencyLimitReached' | 'failedToStart' | 'invalidData' | 'workflowNotFound' | 'playNotCompatible';

export type Fault =
  | { kind: 'latency'; ms: number }
  | { kind: 'hang' }
  /** The request is handled (a POST /runs creates its run), then its answer is never sent (`hang-after`)... */
  | { kind: 'hangAfterHandling' }
  /** ...or the connection is reset instead (`reset-after`)... */
  | { kind: 'resetAfterHandling' }
  /** ...or it is answered with this error status (400–599) and Cargo's `{errorMessage, reason}`, as when something after the creation fails (`status-after`). */
  | { kind: 'statusAfterHandling'; status: number }
  | { kind: 'status'; status: number; retryAfterSeconds?: number; emptyBody?: boolean }
  /** That status with an HTML page (`text/html`), as a proxy or load balancer sends instead of Cargo's JSON; before handling. */
  | { kind: 'html'; status: number }
  /** The request is handled as usual, then answered 200 with an empty body (no content-type). */
  | { kind: 'empty' }
  | { kind: 'malformedJson' }
  | { kind: 'truncated' }
  /** The body is sent at about this many KB (1024 bytes) per second, in pieces, as over a slow network. */
  | { kind: 'slow'; kbPerSecond: number }
  | { kind: 'reset' }
  | { kind: 'drift'; drift: DriftKind }
  /** Only POST /runs and POST /batches: answered as if the run (batch) were refused for `reason`, without creating it. */
  | { kind: 'refuse'; reason: RefusalReason }
  | { kind: 'hostile' };

export interface FaultRule {
  fault: Fault;
  method?: string;
  /** Substring of the path, or a RegExp source if it starts with '^'. */
  path?: string;
  /** Apply to the next N matching requests, then retire. Default unlimited. */
  times?: number;
}

export interface Fixtures {
  workflows: { tool: string; play: string; [name: string]: string };
  batches: { running: string; unhealthy: string; large: string; succeeded: string; failed: string; hostile?: string };
  /** `deepContext` (with `hostile`): a hostile run whose context has a node nested 20,000 levels deep. */
  /**
   * `withChildRun`, `emptyExpression`, `allExpressions`: finished successful Qualify lead runs (6 executions; their
   * find_contacts execution's child run has 3); in `emptyExpression` the input's `website` is "" so that
   * `runComputedConfigs.enrich.domain` is "", in the others every expression produced a value.
   * `manyExecutions` (with the option): a finished run with that many executions.
   */
  runs: {
    failed: string;
    running: string;
    succeeded: string;
    withChildRun: string;
    emptyExpression: string;
    allExpressions: string;
    hostile?: string;
    bigContext?: string;
    deepContext?: string;
    manyExecutions?: string;
  };
  largeBatchRunsCount: number;
}

/** Cargo's type as it travels in JSON: dates become ISO strings. Distributes over unions. */
export type Wire<T> = T extends Date ? string : T extends (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

export type BatchStatus = OT.BatchStatus;
export type BatchRunsStatus = OT.BatchRunsStatus;
export type RunStatus = OT.RunStatus;
export type RecordStatus = OT.RecordStatus;
export type ExecutionStatus = OT.ExecutionStatus;
export type NodeKind = OT.Node['kind'];
export type ExecutionsFilter = OT.ExecutionsFilter;
export type BatchData = Wire<OT.BatchData>;

export type WireBatch = Wire<OT.Batch>;
export type WireRun = Wire<OT.Run>;
export type WireExecution = Wire<OT.Execution>;
export type WireRecord = Wire<OT.Record>;
export type WireSpan = Wire<OT.Span>;
export type WireNode = Wire<OT.Node>;
export type WireWorkflowNode = Wire<OT.WorkflowNode>;
export type WireWorkflow = Wire<OT.Workflow>;
export type WireReleaseFormField = Wire<OT.ReleaseFormField>;
export type WirePlay = Wire<OT.Play>;
export type WireTool = Wire<OT.Tool>;
export type WireRelease = Wire<OT.Release>;
export type WireRunMetric = Wire<OT.RunMetric>;
export type WireRecordMetric = Wire<OT.RecordMetric>;
export type ReleaseStatus = OT.ReleaseStatus;

export const BATCH_STATUSES: readonly BatchStatus[] = ['pending', 'syncing', 'skipped', 'querying', 'running', 'success', 'cancelling', 'error', 'cancelled'];
export const RUN_STATUSES: readonly RunStatus[] = ['idle', 'pending', 'running', 'success', 'error', 'cancelling', 'cancelled', 'skipped'];
export const RECORD_STATUSES: readonly RecordStatus[] = ['pending', 'running', 'success', 'error', 'cancelled', 'cancelling'];
export const EXECUTION_STATUSES: readonly ExecutionStatus[] = ['pending', 'success', 'error'];
export const RELEASE_STATUSES: readonly ReleaseStatus[] = ['draft', 'deployed', 'archived'];
export const NODE_KINDS: readonly NodeKind[] = ['native', 'connector', 'tool', 'agent'];
export const BATCH_DATA_KINDS: readonly BatchData['kind'][] = [
  'segment',
  'change',
  'filter',
  'recordIds',
  'watchedRecords',
  'records',
  'file',
  'runs',
  'group',
  'schedule',
  'form',
];
