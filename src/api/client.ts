// CargoClient: one typed method per Cargo orchestration endpoint the extension uses. It returns
// parsed data or throws a CargoApiError (see errors.ts); the HTTP policy lives in http.ts.
import type * as z from 'zod/mini';
import type { BodyText } from './bodyText';
import { CargoRequestError } from './errors';
import { CargoHttp, type CargoRequestInfo } from './http';
import type { BodyPart } from './httpResponse';
import type { LazySchema } from './lazySchema';
import { toSchemaIssue } from './parse';
import { attachLargeValues, largeValues, RunBodyReader, withoutLargeValues, type LargeValue, type RunBodyLayout } from './runBody';
import {
  CancelRunsBodySchema,
  CreateBatchBodySchema,
  CreateRunBodySchema,
  ListBatchesParamsSchema,
  ListReleasesParamsSchema,
  ListRunsParamsSchema,
  ListSpansParamsSchema,
  ListTracesParamsSchema,
  RunMetricsParamsSchema,
  type CancelRunsBody,
  type CreateBatchBody,
  type CreateRunBody,
  type ListBatchesParams,
  type ListReleasesParams,
  type ListRunsParams,
  type ListSpansParams,
  type ListTracesParams,
  type RunMetricsParams,
} from './requests';
import { BatchesResponseSchema, BatchResponseSchema, type Batch } from './batchSchemas';
import {
  RunDetailsResponseSchema,
  RunMetricsResponseSchema,
  RunResponseSchema,
  RunSchema,
  RunsPageSchema,
  SpansPageSchema,
  type Run,
  type RunDetails,
  type RunMetric,
  type RunsPage,
  type SpansPage,
} from './runSchemas';
import { EmptyResponseSchema } from './schemaParts';
import { TraceResponseSchema, TracesPageSchema, type Trace, type TracesPage } from './traceSchemas';
import {
  PlaysResponseSchema,
  ReleaseResponseSchema,
  ReleasesResponseSchema,
  ToolsResponseSchema,
  WorkflowResponseSchema,
  WorkflowsResponseSchema,
  type Play,
  type Release,
  type Tool,
  type Workflow,
} from './workflowSchemas';

export type { CargoRequestInfo } from './http';
export type { NodeRange, RunBodyLayout } from './runBody';

/** What a caller of getRunAsSent hears while the run's body arrives (a context can be megabytes). */
export interface RunDownloadListener {
  /** The run without its context, as soon as its part of the body has arrived (when it comes before the context) and passed the schema. */
  onRun?(run: Run): void;
  /** Asked when the run's part has arrived, before it is parsed for onRun: false saves that parse (it can be megabytes of executions). */
  wantsRun?(): boolean;
  /** Bytes of the body received so far, and its size when Cargo announced it. A retry starts again from 0. */
  onProgress?(receivedBytes: number, totalBytes: number | undefined): void;
}

/** GET /runs/{uuid}: parsed, as Cargo sent it, and where each node's values lie in that text (when it could tell). */
export interface RunAsSent {
  readonly details: RunDetails;
  /** The body as Cargo sent it, in the pieces it arrived in: its length, slices and comparisons copy no more than they need. */
  readonly body: BodyText;
  /** The body's whole text as one string: joined when first asked for (megabytes are copied then), then kept. */
  readonly text: string;
  readonly layout: RunBodyLayout | undefined;
}

export interface CargoClientOptions {
  /** e.g. 'https://api.getcargo.io/v1' or 'http://127.0.0.1:4010/v1' (a trailing slash is fine). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` to baseUrl's origin only; never in errors or logs. */
  token: string;
  /** Per attempt, until the whole body has arrived. Default 15000. */
  timeoutMs?: number;
  /** Extra attempts for reads. Default 3. Creating and cancelling are never retried. */
  maxRetries?: number;
  /** First back-off delay; doubles per retry, with jitter, capped at maxRetryDelayMs. Default 500. */
  retryBaseDelayMs?: number;
  /** Default 10000. */
  maxRetryDelayMs?: number;
  /** A longer Retry-After is not waited out: the CargoRateLimitError goes to the caller. Default 60000. */
  maxRetryAfterMs?: number;
  /** Extra headers (e.g. x-cargo-origin). An Authorization header here is ignored. */
  headers?: Record<string, string>;
  /** Called after every attempt, for logging. Carries no token and no headers. */
  onRequest?: (info: CargoRequestInfo) => void;
}

const BATCHES = '/orchestration/batches';
const RUNS = '/orchestration/runs';

export class CargoClient {
  /** Protected for the tests' client of an endpoint the extension does not use (test/unit/support/recordsApi.ts). */
  protected readonly http: CargoHttp;

  constructor(options: CargoClientOptions) {
    this.http = new CargoHttp({
      baseUrl: options.baseUrl,
      token: options.token,
      timeoutMs: options.timeoutMs ?? 15_000,
      maxRetries: options.maxRetries ?? 3,
      retryBaseDelayMs: options.retryBaseDelayMs ?? 500,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 10_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
      headers: options.headers ?? {},
      ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    });
  }

  /** GET /orchestration/batches/list. Cargo returns no total count for batches. */
  async listBatches(params: ListBatchesParams = {}, signal?: AbortSignal): Promise<Batch[]> {
    const path = `${BATCHES}/list`;
    const query = toQuery(checkParams(ListBatchesParamsSchema, params, `GET ${path}`));
    return (await this.http.call({ method: 'GET', path, query, schema: BatchesResponseSchema, retryable: true }, signal)).batches;
  }

  async getBatch(uuid: string, signal?: AbortSignal): Promise<Batch> {
    const path = `${BATCHES}/${segment(uuid, 'GET', `${BATCHES}/{uuid}`)}`;
    return (await this.http.call({ method: 'GET', path, schema: BatchResponseSchema, retryable: true }, signal)).batch;
  }

  /** Starts a batch of a workflow's runs over the records `data` names. Not idempotent, so never retried automatically. */
  async createBatch(body: CreateBatchBody, signal?: AbortSignal): Promise<Batch> {
    const checked = checkParams(CreateBatchBodySchema, body, `POST ${BATCHES}`);
    return (await this.http.call({ method: 'POST', path: BATCHES, body: checked, schema: BatchResponseSchema, retryable: false }, signal)).batch;
  }

  /** Never retried. Cargo answers 4xx (reason batchAlreadyFinished) for a finished batch. */
  async cancelBatch(uuid: string, signal?: AbortSignal): Promise<void> {
    const path = `${BATCHES}/${segment(uuid, 'POST', `${BATCHES}/{uuid}/cancel`)}/cancel`;
    await this.http.call({ method: 'POST', path, schema: EmptyResponseSchema, retryable: false, emptyIsObject: true }, signal);
  }

  /** The run with its context and computed configs (keyed by node slug, not validated inside). */
  async getRun(uuid: string, signal?: AbortSignal): Promise<RunDetails> {
    const path = `${RUNS}/${segment(uuid, 'GET', `${RUNS}/{uuid}`)}`;
    return this.http.call({ method: 'GET', path, schema: RunDetailsResponseSchema, retryable: true }, signal);
  }

  /**
   * getRun, with the body as Cargo sent it (for "Open as JSON"), read as it arrives: `listener` hears
   * the run before its context has arrived, and how much of the body has.
   */
  async getRunAsSent(uuid: string, signal?: AbortSignal, listener: RunDownloadListener = {}): Promise<RunAsSent> {
    const path = `${RUNS}/${segment(uuid, 'GET', `${RUNS}/{uuid}`)}`;
    let reader = new RunBodyReader();
    let attempt = 0;
    const onBody = (part: BodyPart) => {
      if (part.attempt !== attempt) {
        attempt = part.attempt;
        reader = new RunBodyReader();
      }
      reader.push(part.text);
      listener.onProgress?.(part.receivedBytes, part.totalBytes);
      const runText = reader.takeRunText();
      const run = runText === undefined || !listener.onRun || listener.wantsRun?.() === false ? undefined : earlyRun(runText);
      if (run) listener.onRun?.(run);
    };
    // Large node values are left out of the parse of the body and parsed when first read (see LAZY_VALUE_CHARS).
    let large: LargeValue[] = [];
    const decode = (body: BodyText): unknown => {
      const layout = reader.layout(body.length);
      large = layout ? largeValues(layout) : [];
      return JSON.parse(withoutLargeValues(body, large));
    };
    const { data, body } = await this.http.callWithText({ method: 'GET', path, schema: RunDetailsResponseSchema, retryable: true, onBody, decode }, signal);
    attachLargeValues(data, body, large);
    return {
      details: data,
      body,
      get text() {
        return body.toString();
      },
      layout: reader.layout(body.length),
    };
  }

  /** Starts a run of a tool's workflow. Not idempotent, so never retried automatically. */
  async createRun(body: CreateRunBody, signal?: AbortSignal): Promise<Run> {
    const checked = checkParams(CreateRunBodySchema, body, `POST ${RUNS}`);
    return (await this.http.call({ method: 'POST', path: RUNS, body: checked, schema: RunResponseSchema, retryable: false }, signal)).run;
  }

  /** POST, but a read: retried like the GETs. `count` is the total matching, not the page size. */
  async listRuns(params: ListRunsParams, signal?: AbortSignal): Promise<RunsPage> {
    const path = `${RUNS}/list`;
    const body = checkParams(ListRunsParamsSchema, params, `POST ${path}`);
    return this.http.call({ method: 'POST', path, body, schema: RunsPageSchema, retryable: true }, signal);
  }

  /**
   * Per-node execution counts (success, error, skipped, …) and credits of a workflow's runs, narrowed
   * by release, batch or creation time. POST, but a read: retried like the GETs. A Cargo (or
   * simulator) without the endpoint answers 404: a CargoNotFoundError.
   */
  async runMetrics(params: RunMetricsParams, signal?: AbortSignal): Promise<RunMetric[]> {
    const path = `${RUNS}/metrics`;
    const body = checkParams(RunMetricsParamsSchema, params, `POST ${path}`);
    return (await this.http.call({ method: 'POST', path, body, schema: RunMetricsResponseSchema, retryable: true }, signal)).runMetrics;
  }

  /** Cancels runs of one workflow by uuid. Never retried. */
  async cancelRuns(body: CancelRunsBody, signal?: AbortSignal): Promise<void> {
    const path = `${RUNS}/cancel`;
    const checked = checkParams(CancelRunsBodySchema, body, `POST ${path}`);
    await this.http.call({ method: 'POST', path, body: checked, schema: EmptyResponseSchema, retryable: false, emptyIsObject: true }, signal);
  }

  /** `executionStartedAfter` is required by Cargo. */
  async listSpans(params: ListSpansParams, signal?: AbortSignal): Promise<SpansPage> {
    const path = '/orchestration/spans/list';
    const body = checkParams(ListSpansParamsSchema, params, `POST ${path}`);
    return this.http.call({ method: 'POST', path, body, schema: SpansPageSchema, retryable: true }, signal);
  }

  /** A trace's totals (spans, credits, status), aggregated by Cargo from its spans. */
  async getTrace(uuid: string, signal?: AbortSignal): Promise<Trace> {
    const path = `/orchestration/traces/${segment(uuid, 'GET', '/orchestration/traces/{uuid}')}`;
    return (await this.http.call({ method: 'GET', path, schema: TraceResponseSchema, retryable: true }, signal)).trace;
  }

  /** `startedAfter` is required by Cargo. */
  async listTraces(params: ListTracesParams, signal?: AbortSignal): Promise<TracesPage> {
    const path = '/orchestration/traces/list';
    const body = checkParams(ListTracesParamsSchema, params, `POST ${path}`);
    return this.http.call({ method: 'POST', path, body, schema: TracesPageSchema, retryable: true }, signal);
  }

  async listWorkflows(signal?: AbortSignal): Promise<Workflow[]> {
    const path = '/orchestration/workflows/list';
    return (await this.http.call({ method: 'GET', path, schema: WorkflowsResponseSchema, retryable: true }, signal)).workflows;
  }

  async getWorkflow(uuid: string, signal?: AbortSignal): Promise<Workflow> {
    const path = `/orchestration/workflows/${segment(uuid, 'GET', '/orchestration/workflows/{uuid}')}`;
    return (await this.http.call({ method: 'GET', path, schema: WorkflowResponseSchema, retryable: true }, signal)).workflow;
  }

  /** A workflow's releases (draft, deployed, archived), newest first. */
  async listReleases(params: ListReleasesParams, signal?: AbortSignal): Promise<Release[]> {
    const path = '/orchestration/releases/list';
    const query = toQuery(checkParams(ListReleasesParamsSchema, params, `GET ${path}`));
    return (await this.http.call({ method: 'GET', path, query, schema: ReleasesResponseSchema, retryable: true }, signal)).releases;
  }

  /** One release, with its graph (the names of its nodes). */
  async getRelease(uuid: string, signal?: AbortSignal): Promise<Release> {
    const path = `/orchestration/releases/${segment(uuid, 'GET', '/orchestration/releases/{uuid}')}`;
    return (await this.http.call({ method: 'GET', path, schema: ReleaseResponseSchema, retryable: true }, signal)).release;
  }

  /** The plays, whose names label their workflows. */
  async listPlays(signal?: AbortSignal): Promise<Play[]> {
    const path = '/orchestration/plays/list';
    return (await this.http.call({ method: 'GET', path, schema: PlaysResponseSchema, retryable: true }, signal)).plays;
  }

  /** The tools, whose names label their workflows. */
  async listTools(signal?: AbortSignal): Promise<Tool[]> {
    const path = '/orchestration/tools/list';
    return (await this.http.call({ method: 'GET', path, schema: ToolsResponseSchema, retryable: true }, signal)).tools;
  }
}

/** The run part of a body still arriving, if it is JSON of a run; otherwise nothing (the whole body says what is wrong). */
function earlyRun(text: string): Run | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = RunSchema.schema.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/** Validates what the caller asked to send; a bad call fails here, before any request. */
export function checkParams<S extends z.ZodMiniType>(schema: LazySchema<S>, params: unknown, endpoint: string): z.output<S> {
  const result = schema.schema.safeParse(params);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 3).map((issue) => {
    const { path, problem } = toSchemaIssue(issue, params);
    return path ? `${path}: ${problem}` : problem;
  });
  throw new CargoRequestError(endpoint, {}, `Invalid parameters for ${endpoint}: ${problems.join('; ')}`);
}

/** A uuid as a path segment; anything that could change the path ('', '..', '/') is refused. */
function segment(uuid: string, method: string, route: string): string {
  if (typeof uuid !== 'string' || !/^[A-Za-z0-9_-]{1,100}$/.test(uuid)) {
    throw new CargoRequestError(`${method} ${route}`, {}, `Invalid parameters for ${method} ${route}: not a uuid.`);
  }
  return uuid;
}

/** The official client's (axios-style) query: `key[]=a&key[]=b`, booleans as true/false, no nulls. */
export function toQuery(params: Record<string, unknown>): string {
  const parts: string[] = [];
  const enc = encodeURIComponent;
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) parts.push(`${enc(key)}[]=${enc(String(item))}`);
    else parts.push(`${enc(key)}=${enc(String(value))}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}
