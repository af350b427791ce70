// Execution times from a run's spans (spans/list), for runs whose executions lack them. Spans are
// fetched incrementally: once a span has finished it never changes, so a live run asks only for the
// executions started since the last fetch (and those that had not finished then).
import { isFinishedExecutionStatus, MAX_PAGE_SIZE, type CargoClient, type Execution, type Run, type Span } from '../api';

/** Whether the run lacks execution times that its spans have: a start, or the end of a finished execution. */
export function needsSpans(run: Run): boolean {
  return run.executions.some(lacksTimes);
}

function lacksTimes(execution: Execution): boolean {
  return !execution.startedAt || (!execution.finishedAt && isFinishedExecutionStatus(execution.status));
}

/** Enough for any run a person reads in a panel; a runaway run does not page forever. */
const MAX_SPANS = 5_000;
/** An execution cannot start before its run was created; a minute's margin for clocks. */
const CLOCK_MARGIN_MS = 60_000;

/**
 * The spans of one run that started at or after `startedAfter` (default: the run's creation), paged.
 * They are listed newest first, so while the run goes on a new span can push one already fetched
 * onto the next page: executionIndex removes those.
 */
export async function fetchRunSpans(client: CargoClient, run: Run, signal?: AbortSignal, pageSize = MAX_PAGE_SIZE, startedAfter?: number): Promise<Span[]> {
  const created = Date.parse(run.createdAt);
  if (!Number.isFinite(created)) return [];
  const executionStartedAfter = new Date(startedAfter ?? created - CLOCK_MARGIN_MS).toISOString();
  const spans = new Map<number, Span>();
  for (let offset = 0; offset < MAX_SPANS; offset += pageSize) {
    const page = await client.listSpans({ runUuid: run.uuid, executionStartedAfter, limit: pageSize, offset }, signal);
    for (const span of page.spans) if (span.runUuid === run.uuid) spans.set(span.executionIndex, span);
    if (page.spans.length < pageSize || offset + pageSize >= page.count) break;
  }
  return [...spans.values()];
}

/** The spans of one run, kept between fetches and completed incrementally. */
export class RunSpans {
  private readonly byIndex = new Map<number, Span>();

  constructor(private readonly pageSize = MAX_PAGE_SIZE) {}

  get spans(): readonly Span[] {
    return [...this.byIndex.values()];
  }

  /**
   * Fetches what `run` lacks and is not known yet: nothing when the run needs no spans or every
   * execution that lacks times has a finished span; otherwise the spans started since the earliest
   * unfinished one known (or since the latest known, or since the run began). Resolves to whether
   * anything new arrived.
   */
  async update(client: CargoClient, run: Run, signal?: AbortSignal): Promise<boolean> {
    const from = this.fetchFrom(run);
    if (from === undefined) return false;
    const fetched = await fetchRunSpans(client, run, signal, this.pageSize, from);
    let changed = false;
    for (const span of fetched) {
      const known = this.byIndex.get(span.executionIndex);
      if (known && known.executionFinishedAt === span.executionFinishedAt && known.executionStartedAt === span.executionStartedAt) continue;
      this.byIndex.set(span.executionIndex, span);
      changed = true;
    }
    return changed;
  }

  /** Where the next fetch starts (ms), or undefined when nothing needs fetching. */
  private fetchFrom(run: Run): number | undefined {
    const created = Date.parse(run.createdAt);
    if (!Number.isFinite(created)) return undefined;
    const paired = pairSpans(run.executions, this.spans);
    const missing = run.executions.map((execution, index) => lacksTimes(execution) && !covers(paired[index], execution));
    if (!missing.some(Boolean)) return undefined;
    // An execution without a span before one that has its span: a gap the incremental fetch cannot see.
    const lastPaired = paired.reduce((last, span, index) => (span ? index : last), -1);
    if (missing.some((gap, index) => gap && index < lastPaired && paired[index] === undefined)) return created - CLOCK_MARGIN_MS;
    const starts = this.spans.map((span) => Date.parse(span.executionStartedAt)).filter(Number.isFinite);
    const unfinished = this.spans.filter((span) => !span.executionFinishedAt).map((span) => Date.parse(span.executionStartedAt));
    // One ms earlier: whether Cargo's "after" includes the boundary or not, that span comes again.
    if (unfinished.length > 0) return Math.min(...unfinished) - 1;
    if (starts.length > 0) return Math.max(...starts) - 1;
    return created - CLOCK_MARGIN_MS;
  }
}

/** Whether a span gives the execution what it lacks. */
function covers(span: Span | undefined, execution: Execution): boolean {
  if (!span) return false;
  return !isFinishedExecutionStatus(execution.status) || !!span.executionFinishedAt;
}

export interface ExecutionTimes {
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

/**
 * Each execution's times: its own, else its span's. An execution's span has the same nodeUuid (and
 * the same nodeChildIndex when both have one); a node executed several times pairs its executions
 * with its spans in order, by executionIndex. Every execution takes its span, even one that needs
 * nothing from it, so the later executions of a node pair with the right spans.
 */
export function executionTimes(executions: readonly Execution[], spans: readonly Span[]): ExecutionTimes[] {
  const paired = pairSpans(executions, spans);
  return executions.map((execution, index) => {
    const span = paired[index];
    return {
      startedAt: execution.startedAt || span?.executionStartedAt || null,
      finishedAt: execution.finishedAt || span?.executionFinishedAt || null,
    };
  });
}

function pairSpans(executions: readonly Execution[], spans: readonly Span[]): (Span | undefined)[] {
  const unpaired = [...spans].sort((a, b) => a.executionIndex - b.executionIndex);
  return executions.map((execution) => {
    const at = unpaired.findIndex(
      (span) =>
        span.nodeUuid === execution.nodeUuid &&
        (execution.nodeChildIndex == null || span.nodeChildIndex == null || span.nodeChildIndex === execution.nodeChildIndex),
    );
    return at < 0 ? undefined : unpaired.splice(at, 1)[0];
  });
}
