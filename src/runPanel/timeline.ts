// The run panel's timeline, free of VS Code: one bar per execution on a shared time axis, the run's own
// executions in the order the run has them (their times from the run, else from its spans, as the
// executions list has them), and under each execution that started runs (a tool or agent node's
// nodeRunUuid, a node's sub-batch) those runs' executions from the trace's spans, at any depth; the
// slowest and the most expensive marked; the trace's totals.
import { enumText, isFinishedExecutionStatus, isFinishedRunStatus, type Execution, type Run, type Span, type Trace } from '../api';
import { executionTimes } from '../runs/spans';
import { executionOfSpan, type TraceLineage } from '../runs/traceLineage';
import { formatDuration, parseTime } from '../shared/format';
import type { TimelineBar, TimelineView } from '../shared/protocol';

export interface TimelineSources {
  /** The run as the panel shows it. */
  readonly run: Run;
  /** The run's own spans as the panel has them (for the times its executions lack). */
  readonly spans: readonly Span[];
  /** The trace's spans: the runs the run started; undefined until they have arrived. */
  readonly lineage?: TraceLineage;
  readonly trace?: Trace;
  /** What the timeline lacks and why. */
  readonly note?: string | null;
}

type Bar = { -readonly [K in keyof TimelineBar]: TimelineBar[K] };

export function timelineView({ run, spans, lineage, trace, note = null }: TimelineSources): TimelineView {
  const bars: Bar[] = [];
  const names = new Map<string, string>();
  for (const node of run.nodes ?? []) if (node.name) names.set(node.uuid, node.name);
  const lineageSpans = lineage?.spansOf(run.uuid) ?? [];
  const runFinished = isFinishedRunStatus(run.status);
  const placed = new Set<string>([run.uuid]);
  const times = executionTimes(run.executions, mergedSpans(spans, lineageSpans));
  const own = run.executions.map((execution, index) => ({ execution, times: times[index], index }));
  addRun(bars, { runUuid: run.uuid, executions: own, depth: 0, runFinished, names, lineage, placed });
  markExtremes(bars);
  return {
    bars,
    totals: trace ? { spans: trace.spansCount, credits: trace.creditsUsedCount, status: enumText(trace.status) } : null,
    note:
      note ??
      (lineage?.cut
        ? `The trace has ${lineage.count.toLocaleString('en-US')} spans: only the first ${lineage.spansCount.toLocaleString('en-US')} are shown.`
        : null),
  };
}

interface RunPart {
  readonly runUuid: string;
  readonly executions: readonly { execution: Execution; times: { startedAt: string | null; finishedAt: string | null } | undefined; index: number | null }[];
  readonly depth: number;
  /** Whether the run has ended: then none of its executions is drawn up to now. */
  readonly runFinished: boolean;
  readonly names: ReadonlyMap<string, string>;
  readonly lineage: TraceLineage | undefined;
  /** The runs already drawn: each once, and a loop in the data cannot recurse forever. */
  readonly placed: Set<string>;
}

function addRun(bars: Bar[], part: RunPart): void {
  const { runUuid, depth, lineage, placed } = part;
  // A run started by one execution of a node that ran several times belongs to the execution that names it.
  const named = new Set(part.executions.map(({ execution }) => execution.nodeRunUuid).filter((uuid): uuid is string => !!uuid));
  for (const { execution, times, index } of part.executions) {
    bars.push(barOf(execution, times, { runUuid, depth, index, runFinished: part.runFinished, name: part.names.get(execution.nodeUuid) ?? null }));
    if (!lineage) continue;
    const children = lineage
      .childRunsOf({ runUuid, nodeUuid: execution.nodeUuid, nodeRunUuid: execution.nodeRunUuid, nodeBatchUuid: execution.nodeBatchUuid })
      .filter((child) => !placed.has(child) && (child === execution.nodeRunUuid || !named.has(child)));
    for (const child of children) {
      placed.add(child);
      const childSpans = lineage.spansOf(child);
      const executions = childSpans.map((span) => ({
        execution: executionOfSpan(span),
        times: { startedAt: span.executionStartedAt, finishedAt: span.executionFinishedAt ?? null },
        index: null,
      }));
      addRun(bars, { ...part, runUuid: child, executions, depth: depth + 1, runFinished: false });
    }
  }
}

function barOf(
  execution: Execution,
  times: { startedAt: string | null; finishedAt: string | null } | undefined,
  where: { runUuid: string; depth: number; index: number | null; runFinished: boolean; name: string | null },
): Bar {
  const startedAt = parseTime(times?.startedAt) ?? null;
  const finishedAt = parseTime(times?.finishedAt) ?? null;
  const finished = isFinishedExecutionStatus(execution.status) || finishedAt !== null;
  const running = !where.runFinished && !finished;
  return {
    depth: where.depth,
    runUuid: where.runUuid,
    execution: where.index,
    nodeSlug: execution.nodeSlug,
    nodeName: where.name,
    status: enumText(execution.status),
    failed: execution.status.known === 'error',
    running,
    startedAt,
    finishedAt,
    duration: startedAt !== null && finishedAt !== null ? formatDuration(Math.max(0, finishedAt - startedAt)) : '',
    credits: execution.creditsUsedCount ?? 0,
    slowest: false,
    costliest: false,
  };
}

/**
 * The slowest of the executions that have a start and an end, and the one that used the most credits:
 * each only when it stands out (more than every other; a tie, or a single candidate, marks nothing).
 */
function markExtremes(bars: Bar[]): void {
  const timed = bars.filter((bar) => bar.startedAt !== null && bar.finishedAt !== null);
  const slowest = standsOut(timed, (bar) => bar.finishedAt! - bar.startedAt!);
  const costliest = standsOut(bars, (bar) => bar.credits);
  if (slowest) slowest.slowest = true;
  if (costliest && costliest.credits > 0) costliest.costliest = true;
}

/** The one bar whose measure is above every other's, if there is one and something to compare it with. */
function standsOut(bars: readonly Bar[], measure: (bar: Bar) => number): Bar | undefined {
  let top: Bar | undefined;
  let topValue = -Infinity;
  let tied = false;
  for (const bar of bars) {
    const value = measure(bar);
    if (value > topValue) [top, topValue, tied] = [bar, value, false];
    else if (value === topValue) tied = true;
  }
  return top && !tied && bars.length > 1 ? top : undefined;
}

/** The run's spans as the panel has them and as the trace has them, one per execution (the trace's copy is the newer). */
function mergedSpans(own: readonly Span[], fromTrace: readonly Span[]): readonly Span[] {
  if (fromTrace.length === 0) return own;
  if (own.length === 0) return fromTrace;
  const byIndex = new Map<number, Span>();
  for (const span of own) byIndex.set(span.executionIndex, span);
  for (const span of fromTrace) byIndex.set(span.executionIndex, span);
  return [...byIndex.values()];
}
