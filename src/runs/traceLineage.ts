// A run's whole lineage, from its trace's spans: the run, the runs its tool and agent nodes started
// (an execution's nodeRunUuid), the runs of a node's sub-batch (nodeBatchUuid), and theirs in turn.
// Cargo gives every run of a lineage the trace of the run at its root, so one spans/list by traceUuid
// (up to 1,000 spans a page) has it all. VS Code-free: the run panel's timeline and the Runs view's
// child runs are both made from it.
import { isFinishedExecutionStatus, MAX_TRACE_SPANS_PAGE, type CargoClient, type Execution, type Span } from '../api';

/** A lineage larger than this is cut (the timeline says so): a runaway loop does not page forever. */
export const MAX_TRACE_SPANS = 10_000;
/** A span cannot start before the run at the root of its trace was created; a minute's margin for clocks. */
export const TRACE_CLOCK_MARGIN_MS = 60_000;

export interface TraceSpans {
  readonly spans: readonly Span[];
  /** How many spans Cargo counts in the trace; more than `spans.length` when the lineage was cut. */
  readonly count: number;
}

/**
 * Every span of a trace started after `startedAfter` (ms): one spans/list by traceUuid, more pages
 * only past 1,000 spans. A span listed twice (a new span pushed it onto the next page) is kept once.
 */
export async function fetchTraceSpans(
  client: CargoClient,
  traceUuid: string,
  startedAfter: number,
  signal?: AbortSignal,
  pageSize = MAX_TRACE_SPANS_PAGE,
): Promise<TraceSpans> {
  const executionStartedAfter = new Date(startedAfter - TRACE_CLOCK_MARGIN_MS).toISOString();
  const spans = new Map<string, Span>();
  let count = 0;
  for (let offset = 0; offset < MAX_TRACE_SPANS; offset += pageSize) {
    const page = await client.listSpans({ traceUuid, executionStartedAfter, limit: pageSize, offset }, signal);
    count = page.count;
    for (const span of page.spans) if (!span.traceUuid || span.traceUuid === traceUuid) spans.set(spanKey(span), span);
    if (page.spans.length < pageSize || offset + pageSize >= page.count) break;
  }
  return { spans: [...spans.values()], count: Math.max(count, spans.size) };
}

function spanKey(span: Span): string {
  return `${span.runUuid}\u0000${span.executionIndex}`;
}

/** Where a run of the lineage was started from: the run and the execution (node) that started it. */
export interface RunOrigin {
  readonly runUuid: string;
  readonly nodeUuid: string;
  readonly nodeSlug: string;
  /** The starting run's record title and id, as its spans have them. */
  readonly recordTitle: string;
  readonly recordId: string;
  readonly workflowUuid: string;
}

/** What identifies the execution that may have started runs: a span or an execution of the run `runUuid`. */
export interface StartingExecution {
  readonly runUuid: string;
  readonly nodeUuid: string;
  readonly nodeRunUuid?: string | null;
  readonly nodeBatchUuid?: string | null;
}

export class TraceLineage {
  /** The spans of each run, in the order it executed them. */
  private readonly byRun = new Map<string, Span[]>();

  constructor(
    spans: readonly Span[],
    /** How many spans the trace has (more than were fetched when it was cut). */
    readonly count: number = spans.length,
  ) {
    for (const span of [...spans].sort(bySpanOrder)) {
      const run = this.byRun.get(span.runUuid);
      if (run) run.push(span);
      else this.byRun.set(span.runUuid, [span]);
    }
  }

  get spansCount(): number {
    let total = 0;
    for (const spans of this.byRun.values()) total += spans.length;
    return total;
  }

  /** Whether spans were left out (the trace has more than were fetched). */
  get cut(): boolean {
    return this.count > this.spansCount;
  }

  get runUuids(): readonly string[] {
    return [...this.byRun.keys()];
  }

  /** One run's spans in execution order (none when the trace does not have that run). */
  spansOf(runUuid: string): readonly Span[] {
    return this.byRun.get(runUuid) ?? [];
  }

  /**
   * The runs an execution started, in the order they started: the run its nodeRunUuid names, the runs
   * whose spans name that run and node as their parent, and the runs of its sub-batch.
   */
  childRunsOf(execution: StartingExecution): string[] {
    const children: string[] = [];
    for (const [runUuid, spans] of this.byRun) {
      if (runUuid === execution.runUuid) continue;
      const first = spans[0];
      const named = runUuid === execution.nodeRunUuid;
      const parented = first?.parentRunUuid === execution.runUuid && first.parentNodeUuid === execution.nodeUuid;
      const inSubBatch = !!execution.nodeBatchUuid && first?.batchUuid === execution.nodeBatchUuid;
      if (named || parented || inSubBatch) children.push(runUuid);
    }
    return children.sort((a, b) => startOf(this.spansOf(a)) - startOf(this.spansOf(b)));
  }

  /** The run and node that started `runUuid`, when that run is in the trace. */
  originOf(runUuid: string): RunOrigin | undefined {
    for (const [parentUuid, spans] of this.byRun) {
      if (parentUuid === runUuid) continue;
      const starter = spans.find((span) => span.nodeRunUuid === runUuid);
      if (starter) return originFrom(starter);
    }
    const first = this.spansOf(runUuid)[0];
    if (!first?.parentRunUuid || !first.parentNodeUuid) return undefined;
    const starter = this.spansOf(first.parentRunUuid).find((span) => span.nodeUuid === first.parentNodeUuid);
    return starter ? originFrom(starter) : undefined;
  }

  /** Whether every span of the lineage has finished (a live lineage is asked again when its run changes). */
  get finished(): boolean {
    for (const spans of this.byRun.values()) if (spans.some((span) => !isFinishedSpan(span))) return false;
    return true;
  }
}

function originFrom(span: Span): RunOrigin {
  return {
    runUuid: span.runUuid,
    nodeUuid: span.nodeUuid,
    nodeSlug: span.nodeSlug,
    recordTitle: span.recordTitle,
    recordId: span.recordId,
    workflowUuid: span.workflowUuid,
  };
}

function bySpanOrder(a: Span, b: Span): number {
  return a.executionIndex - b.executionIndex || Date.parse(a.executionStartedAt) - Date.parse(b.executionStartedAt);
}

function startOf(spans: readonly Span[]): number {
  const start = Date.parse(spans[0]?.executionStartedAt ?? '');
  return Number.isFinite(start) ? start : Infinity;
}

function isFinishedSpan(span: Span): boolean {
  return !!span.executionFinishedAt || isFinishedExecutionStatus(span.executionStatus);
}

/** A span as the execution of its run it records (what the Runs view and the panel show of a run's executions). */
export function executionOfSpan(span: Span): Execution {
  return {
    nodeUuid: span.nodeUuid,
    nodeSlug: span.nodeSlug,
    nodeKind: span.nodeKind,
    status: span.executionStatus,
    nodeBatchUuid: span.nodeBatchUuid ?? null,
    nodeRunUuid: span.nodeRunUuid ?? null,
    nodeMessageUuid: span.nodeMessageUuid ?? null,
    nodeChildIndex: span.nodeChildIndex ?? null,
    nextNodeUuid: span.nodeNextUuid ?? null,
    errorMessage: span.executionErrorMessage ?? null,
    title: span.executionTitle ?? null,
    iconUrl: span.executionIconUrl ?? null,
    creditsUsedCount: span.executionCreditsUsedCount ?? 0,
    startedAt: span.executionStartedAt,
    updatedAt: span.executionUpdatedAt ?? null,
    finishedAt: span.executionFinishedAt ?? null,
    ...(span.nodeWaitUntilFinished === undefined ? {} : { nodeWaitUntilFinished: span.nodeWaitUntilFinished }),
    ...(span.nodeActionSlug === undefined ? {} : { nodeActionSlug: span.nodeActionSlug }),
    nodeConnectorUuid: span.nodeConnectorUuid ?? null,
    nodeIntegrationSlug: span.nodeIntegrationSlug ?? null,
    nodeToolUuid: span.nodeToolUuid ?? null,
    nodeAgentUuid: span.nodeAgentUuid ?? null,
    nodeReleaseUuid: span.nodeReleaseUuid ?? null,
  };
}
