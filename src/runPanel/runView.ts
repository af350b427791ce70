// The run panel's data, free of VS Code: GET /runs/{uuid} (with the run's spans and its workflow's
// name) → the plain, JSON-safe view model the webview renders, and the signature that tells whether
// a live update changed anything.
import { createHash } from 'node:crypto';
import { enumText, isFinishedExecutionStatus, isFinishedRunStatus, type CargoClient, type Execution, type Run, type RunDetails, type Span } from '../api';
import { durationBetween, formatDuration } from '../shared/format';
import { fetchWorkflowNames } from '../core/workflowNames';
import type { ExecutionView, JsonValue, NodeJson, RunView } from '../shared/protocol';

export interface RunViewExtras {
  /** The name of the play or tool that owns the run's workflow; null (or absent) when unknown. */
  readonly workflowName?: string | null;
  /** The run's spans (spans/list), for the execution times the run itself lacks. */
  readonly spans?: readonly Span[];
}

export function toRunView(details: RunDetails, extras: RunViewExtras = {}, now: number = Date.now()): RunView {
  const { run } = details;
  const names = new Map<string, string>();
  for (const node of run.nodes ?? []) if (node.name) names.set(node.uuid, node.name);
  const times = executionTimes(run.executions, extras.spans ?? []);
  const executions = run.executions.map((execution, index): ExecutionView => {
    const { startedAt, finishedAt } = times[index] ?? { startedAt: null, finishedAt: null };
    return {
      nodeSlug: execution.nodeSlug,
      nodeName: names.get(execution.nodeUuid) ?? null,
      status: enumText(execution.status),
      failed: execution.status.known === 'error',
      title: execution.title ?? null,
      errorMessage: execution.errorMessage ?? null,
      credits: execution.creditsUsedCount ?? 0,
      startedAt,
      finishedAt,
      duration: durationText(startedAt, finishedAt, now),
    };
  });
  return {
    uuid: run.uuid,
    status: enumText(run.status),
    finished: isFinishedRunStatus(run.status),
    failed: run.status.known === 'error',
    recordTitle: run.recordTitle,
    recordId: run.recordId,
    workflow: run.workflowUuid,
    workflowName: extras.workflowName ?? null,
    batchUuid: run.batchUuid ?? null,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt ?? null,
    duration: durationText(run.createdAt, run.finishedAt, now),
    credits: executions.reduce((sum, execution) => sum + execution.credits, 0),
    errorMessage: run.errorMessage ?? null,
    executions,
    context: perNode(details.runContext),
    computedConfigs: perNode(details.runComputedConfigs),
  };
}

/**
 * Identifies what a view shows, apart from node values (their digests stand for them) and the
 * durations (they follow from the times and the clock): equal signatures, nothing new to show.
 */
export function viewSignature(view: RunView): string {
  const withoutValue = ({ value: _value, ...node }: NodeJson) => node;
  return JSON.stringify({
    ...view,
    duration: undefined,
    executions: view.executions.map((execution) => ({ ...execution, duration: undefined })),
    context: view.context.map(withoutValue),
    computedConfigs: view.computedConfigs.map(withoutValue),
  });
}

// ---- Execution times from spans ----------------------------------------------------------------

/** Whether the run lacks execution times that its spans have: a start, or the end of a finished execution. */
export function needsSpans(run: Run): boolean {
  return run.executions.some((execution) => !execution.startedAt || (!execution.finishedAt && isFinishedExecutionStatus(execution.status)));
}

/** Cargo's (undocumented) largest page of spans/list without a traceUuid. */
const SPANS_PAGE_LIMIT = 100;
/** Enough for any run a person reads in a panel; a runaway run does not page forever. */
const MAX_SPANS = 5_000;

/**
 * All spans of one run (spans/list, paged). They are listed newest first, so while the run goes
 * on a new span can push one already fetched onto the next page: executionIndex removes those.
 */
export async function fetchRunSpans(client: CargoClient, run: Run, signal?: AbortSignal, pageSize = SPANS_PAGE_LIMIT): Promise<Span[]> {
  const created = Date.parse(run.createdAt);
  if (!Number.isFinite(created)) return [];
  // A minute's margin for clocks: an execution cannot start before its run was created.
  const executionStartedAfter = new Date(created - 60_000).toISOString();
  const spans = new Map<number, Span>();
  for (let offset = 0; offset < MAX_SPANS; offset += pageSize) {
    const page = await client.listSpans({ runUuid: run.uuid, executionStartedAfter, limit: pageSize, offset }, signal);
    for (const span of page.spans) if (span.runUuid === run.uuid) spans.set(span.executionIndex, span);
    if (page.spans.length < pageSize || offset + pageSize >= page.count) break;
  }
  return [...spans.values()];
}

interface Times {
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/**
 * Each execution's times: its own, else its span's. An execution's span has the same nodeUuid (and
 * the same nodeChildIndex when both have one); a node executed several times pairs its executions
 * with its spans in order, by executionIndex. Every execution takes its span, even one that needs
 * nothing from it, so the later executions of a node pair with the right spans.
 */
function executionTimes(executions: readonly Execution[], spans: readonly Span[]): Times[] {
  const unpaired = [...spans].sort((a, b) => a.executionIndex - b.executionIndex);
  return executions.map((execution) => {
    const at = unpaired.findIndex(
      (span) =>
        span.nodeUuid === execution.nodeUuid &&
        (execution.nodeChildIndex == null || span.nodeChildIndex == null || span.nodeChildIndex === execution.nodeChildIndex),
    );
    const span = at < 0 ? undefined : unpaired.splice(at, 1)[0];
    return {
      startedAt: execution.startedAt || span?.executionStartedAt || null,
      finishedAt: execution.finishedAt || span?.executionFinishedAt || null,
    };
  });
}

function durationText(start: string | null | undefined, end: string | null | undefined, now: number): string {
  const ms = durationBetween(start, end, now);
  return ms === undefined ? '' : formatDuration(ms);
}

// ---- Context and computed configs --------------------------------------------------------------

/**
 * Values up to this length (as JSON) go with the first message; larger ones only when the node is
 * expanded, so a context of megabytes does not delay the first screen.
 */
export const INLINE_NODE_LIMIT = 64 * 1024;

/** The response was parsed from JSON, so its values are JSON values (undefined cannot occur). */
function perNode(record: Record<string, unknown>): NodeJson[] {
  return Object.entries(record).map(([slug, raw]) => {
    const value = (raw ?? null) as JsonValue;
    const text = JSON.stringify(value);
    const node = { slug, size: text.length, digest: digestOf(text) };
    return text.length <= INLINE_NODE_LIMIT ? { ...node, value } : node;
  });
}

/** Short and stable; tells values apart, nothing more (not a security measure). */
function digestOf(text: string): string {
  return createHash('sha1').update(text).digest('base64url').slice(0, 16);
}

// ---- Workflow names ----------------------------------------------------------------------------

/**
 * Names of workflows, for a manager's lifetime. Workflows have no name of their own: a workflow is
 * named after the play or tool that owns it, so the names come from plays/list and tools/list
 * (fetched once per API base URL, while they answer). Each workflow's answer is kept, a failure or
 * a workflow no play or tool owns included, so live updates do not ask again.
 */
export class WorkflowNames {
  private readonly byWorkflow = new Map<string, Promise<string | null>>();
  private readonly owners = new Map<string, Promise<ReadonlyMap<string, string>>>();

  /** `onFailure` hears why a name could not be looked up (the lookup itself answers null). */
  constructor(private readonly onFailure: (workflowUuid: string, error: unknown) => void = () => {}) {}

  /** Never rejects. No AbortSignal: the answer is shared by every panel of this base URL. */
  nameOf(client: CargoClient, baseUrl: string, workflowUuid: string): Promise<string | null> {
    const key = `${baseUrl}\n${workflowUuid}`;
    let name = this.byWorkflow.get(key);
    if (!name) {
      name = this.ownersOf(client, baseUrl).then(
        (owners) => owners.get(workflowUuid) ?? null,
        (error: unknown) => {
          this.onFailure(workflowUuid, error);
          return null;
        },
      );
      this.byWorkflow.set(key, name);
    }
    return name;
  }

  private ownersOf(client: CargoClient, baseUrl: string): Promise<ReadonlyMap<string, string>> {
    let owners = this.owners.get(baseUrl);
    if (!owners) {
      owners = fetchWorkflowNames(client);
      this.owners.set(baseUrl, owners);
      // A failure is not kept here: the next workflow asked about tries again.
      owners.catch(() => this.owners.delete(baseUrl));
    }
    return owners;
  }
}
