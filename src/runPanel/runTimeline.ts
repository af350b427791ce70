// One run panel's timeline as its run goes on, free of VS Code: the run's own bars come from the run as
// the panel has it (no request of their own); the runs it started come from the trace's spans (one
// spans/list by traceUuid, through the shared cache of lineages); the totals from GET /traces/{uuid}.
// Requests, pinned in test/unit/runPanel/runTimeline.test.ts:
// - when the panel first shows the run: one spans/list (none when the cache has the lineage, or when no
//   execution of the run can have started runs: no tool or agent node, none naming a run or sub-batch), and one
//   traces/{uuid} once the run has finished (a live run's totals, once, when the panel sees it end);
// - a live update that changed nothing: none; one that changed the run: a fresh spans/list only when
//   the run has a child run the lineage does not have yet (or a tool or agent node running without one),
//   or one (at any depth) that has not finished;
// - a lineage from the cache that is behind the run (asked while it was live) is asked again, once.
import { isFinishedExecutionStatus, isFinishedRunStatus, type Execution, type Run, type Span, type Trace } from '../api';
import { noteFailure, type ClientSource, type Disposable } from '../core/clientSource';
import type { Log } from '../core/log';
import type { TraceLineage } from '../runs/traceLineage';
import type { TraceLineages } from '../runs/traceLineages';
import type { TimelineView, ToWebview } from '../shared/protocol';
import { errorText } from '../shared/text';
import { timelineView } from './timeline';

/** What the timeline reads of the panel's followed run. */
export interface TimelineRunSource {
  readonly ahead: { readonly run: Run; readonly spans: readonly Span[] } | undefined;
  readonly loaded: { readonly details: { readonly run: Run }; readonly spans: readonly Span[] } | undefined;
  onDidChange(listener: () => void): Disposable;
}

export interface RunTimelineDeps {
  readonly clients: ClientSource;
  readonly lineages: TraceLineages;
  readonly log: Log;
}

export class RunTimeline implements Disposable {
  private lineage: TraceLineage | undefined;
  private trace: Trace | undefined;
  private traceAsked = false;
  private lineageAsked = false;
  private note: string | null = null;
  private runKey: string | undefined;
  /** A lineage request under way, and whether the run changed again while it was. */
  private asking = false;
  private askAgain = false;
  private posted: string | undefined;
  private last: { run: Run; lineage: TraceLineage | undefined; trace: Trace | undefined; note: string | null; message: ToWebview } | undefined;
  private disposed = false;
  private readonly subscription: Disposable;

  constructor(
    private readonly source: TimelineRunSource,
    private readonly deps: RunTimelineDeps,
    /** The timeline has something new to show. */
    private readonly changed: () => void,
  ) {
    this.subscription = source.onDidChange(() => this.runChanged());
    this.runChanged();
  }

  private get shown(): { readonly run: Run; readonly spans: readonly Span[] } | undefined {
    const loaded = this.source.loaded;
    return this.source.ahead ?? (loaded ? { run: loaded.details.run, spans: loaded.spans } : undefined);
  }

  /** The timeline's message, unless the webview has it already. */
  unposted(): ToWebview | undefined {
    const message = this.message();
    if (!message) return undefined;
    const key = JSON.stringify(message);
    if (key === this.posted) return undefined;
    this.posted = key;
    return message;
  }

  /** The webview was reloaded: it has nothing. */
  forgetPosted(): void {
    this.posted = undefined;
  }

  /** What the timeline shows now; undefined while the run is not known. */
  get current(): TimelineView | undefined {
    const message = this.message();
    return message?.type === 'timeline' ? message.timeline : undefined;
  }

  /** Whether the timeline shows executions of `runUuid` (a child run's bar may open only such a run). */
  shows(runUuid: string): boolean {
    return this.current?.bars.some((bar) => bar.runUuid === runUuid) ?? false;
  }

  private message(): ToWebview | undefined {
    const shown = this.shown;
    if (!shown) return undefined;
    const last = this.last;
    if (last && last.run === shown.run && last.lineage === this.lineage && last.trace === this.trace && last.note === this.note) return last.message;
    const { lineage, trace, note } = this;
    const timeline = timelineView({ run: shown.run, spans: shown.spans, ...(lineage ? { lineage } : {}), ...(trace ? { trace } : {}), note });
    const message: ToWebview = { type: 'timeline', timeline };
    this.last = { run: shown.run, lineage, trace, note, message };
    return message;
  }

  private runChanged(): void {
    const run = this.shown?.run;
    if (!run?.traceUuid || this.disposed) return;
    const key = runKey(run);
    if (key === this.runKey) return;
    this.runKey = key;
    // A run none of whose executions can start runs is its own whole lineage: nothing to ask.
    if (run.executions.some(mayStartRuns)) {
      if (!this.lineageAsked) void this.askLineage(run.traceUuid, false);
      else if (!this.lineage || isBehind(this.lineage, run)) void this.askLineage(run.traceUuid, true);
    }
    if (!this.traceAsked && isFinishedRunStatus(run.status)) void this.askTrace(run.traceUuid);
  }

  private async askLineage(traceUuid: string, fresh: boolean): Promise<void> {
    this.lineageAsked = true;
    if (this.asking) {
      this.askAgain = true;
      return;
    }
    this.asking = true;
    try {
      const state = await this.deps.clients.current();
      const run = this.shown?.run;
      if (state.kind !== 'ready' || !run) return;
      const startedAfter = Date.parse(run.createdAt);
      try {
        let asked = false;
        const lineage = await this.deps.lineages.lineageOf(state.client, { traceUuid, startedAfter, fresh, onRequest: () => (asked = true) });
        if (this.disposed) return;
        this.lineage = lineage;
        this.note = null;
        // A lineage the cache kept from when the run was live: asked again once, for what the run has now.
        if (!asked && isBehind(lineage, this.shown?.run ?? run)) this.askAgain = true;
      } catch (error) {
        noteFailure(this.deps.clients, error);
        this.deps.log.warn(`Run panel timeline: the runs run ${run.uuid} started could not be fetched: ${errorText(error)}`);
        this.note = `The runs this run started could not be loaded (${errorText(error)}); they are asked again when the run changes.`;
      }
      this.changed();
    } finally {
      this.asking = false;
      const again = this.askAgain && !this.disposed;
      this.askAgain = false;
      if (again) void this.askLineage(traceUuid, true);
    }
  }

  private async askTrace(traceUuid: string): Promise<void> {
    this.traceAsked = true;
    const state = await this.deps.clients.current();
    if (state.kind !== 'ready') return;
    try {
      this.trace = await state.client.getTrace(traceUuid);
    } catch (error) {
      // The totals are left out; the bars say what they can.
      noteFailure(this.deps.clients, error);
      this.deps.log.warn(`Run panel timeline: the totals of trace ${traceUuid} could not be fetched: ${errorText(error)}`);
      return;
    }
    if (!this.disposed) this.changed();
  }

  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
  }
}

/** Whether an execution can have started runs: it names one or a sub-batch, or it is a tool or agent node's. */
function mayStartRuns(execution: Execution): boolean {
  return !!execution.nodeRunUuid || !!execution.nodeBatchUuid || execution.nodeKind.known === 'tool' || execution.nodeKind.known === 'agent';
}

/** What of a run can change its timeline's lineage: its status and its executions' states and the runs they started. */
function runKey(run: Run): string {
  return JSON.stringify([
    run.status,
    run.executions.map((execution) => [execution.status, execution.nodeRunUuid, execution.nodeBatchUuid, execution.finishedAt]),
  ]);
}

/**
 * Whether the lineage is behind the run: an execution of the run names a child run the lineage lacks,
 * or a run the run started (at any depth) has not finished in it.
 */
export function isBehind(lineage: TraceLineage, run: Run): boolean {
  const known = new Set(lineage.runUuids);
  if (run.executions.some((execution) => execution.nodeRunUuid && !known.has(execution.nodeRunUuid))) return true;
  // A tool or agent node still running whose run the lineage does not have yet (not named by the execution yet).
  const starting = (execution: Execution) =>
    mayStartRuns(execution) && !isFinishedExecutionStatus(execution.status) && lineage.childRunsOf({ runUuid: run.uuid, ...execution }).length === 0;
  if (run.executions.some(starting)) return true;
  const descendants = [...run.executions.flatMap((execution) => lineage.childRunsOf({ runUuid: run.uuid, ...execution }))];
  const seen = new Set<string>([run.uuid]);
  while (descendants.length > 0) {
    const child = descendants.pop()!;
    if (seen.has(child)) continue;
    seen.add(child);
    const spans = lineage.spansOf(child);
    if (spans.some((span) => !span.executionFinishedAt && !isFinishedExecutionStatus(span.executionStatus))) return true;
    for (const span of spans) descendants.push(...lineage.childRunsOf(span));
  }
  return false;
}
