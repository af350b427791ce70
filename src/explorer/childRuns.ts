// The runs a run started, in the Runs view, free of VS Code: a tool or agent execution whose
// nodeRunUuid names a child run expands into that run's executions, read from the spans of the trace
// of the run row it is under (one spans/list through the shared cache of lineages, which every
// execution of that trace, at any depth, reads again without a request). A live child run is asked
// again once, when the run row above it changed: a refresh tick where nothing changed asks nothing here.
import { isFinishedExecutionStatus, type CargoClient, type Run } from '../api';
import { executionOfSpan, type TraceLineage } from '../runs/traceLineage';
import type { LineageRequest } from '../runs/traceLineages';
import type { ChildExecutionNode, ExplorerNode, RunNode, StartingExecutionNode } from './explorerNodes';

/** Where the view's lineages come from (the extension's one cache, src/runs/traceLineages.ts). */
export interface LineageSource {
  lineageOf(client: CargoClient, request: LineageRequest): Promise<TraceLineage>;
}

/** What an execution row's expansion has: the lineage it was read from and the run row's data then, or why it could not be had. */
interface Expansion {
  loaded?: { readonly lineage: TraceLineage; readonly run: Run };
  error?: unknown;
}

export interface ChildRunsContext {
  client(): CargoClient | undefined;
  fire(node: ExplorerNode | undefined): void;
  /** Hears each request made to Cargo for a lineage (request counts in tests). */
  onRequest?: () => void;
}

export class ChildRuns {
  private readonly expansions = new Map<string, Expansion>();
  /** After Refresh, each trace is asked afresh once (not answered from the cache); those asked since. */
  private refreshedTraces: Set<string> | undefined;
  /** Per trace, the run row's data it was last asked afresh for: the other rows of that trace read that answer. */
  private readonly askedFreshFor = new Map<string, Run>();

  constructor(
    private readonly lineages: LineageSource | undefined,
    private readonly context: ChildRunsContext,
  ) {}

  /** Whether an execution row expands into the executions of a run it started. */
  isExpandable(node: StartingExecutionNode): boolean {
    return this.lineages !== undefined && childRunOf(node) !== undefined && runRowOf(node).run.traceUuid !== undefined;
  }

  /** The child run's executions, from the trace's lineage (one request when the trace is not known yet). */
  async children(node: StartingExecutionNode): Promise<ExplorerNode[]> {
    const client = this.context.client();
    const childRun = childRunOf(node);
    const row = runRowOf(node);
    const traceUuid = row.run.traceUuid;
    if (!client || !this.lineages || !childRun || !traceUuid) return [];
    const expansion = this.expansions.get(node.id) ?? {};
    this.expansions.set(node.id, expansion);
    // A failed load stays failed until the user asks again (Retry, Refresh): no silent retries.
    if (expansion.error !== undefined) return [{ kind: 'error', id: `error:${node.id}`, parent: node, error: expansion.error }];
    const loaded = expansion.loaded;
    // The run row changed since (a refresh tick saw it) and the child run had not finished: asked again, once.
    const changed = !!loaded && loaded.run !== row.run && !runFinished(loaded.lineage, childRun);
    if (!loaded || changed) {
      const fresh = (changed && this.askedFreshFor.get(traceUuid) !== row.run) || (this.refreshedTraces !== undefined && !this.refreshedTraces.has(traceUuid));
      this.refreshedTraces?.add(traceUuid);
      if (changed) this.askedFreshFor.set(traceUuid, row.run);
      try {
        const lineage = await this.lineages.lineageOf(client, {
          traceUuid,
          // The row's run was created before any run it started: their spans all started after.
          startedAfter: Date.parse(row.run.createdAt),
          fresh,
          ...(this.context.onRequest ? { onRequest: this.context.onRequest } : {}),
        });
        expansion.loaded = { lineage, run: row.run };
      } catch (error) {
        expansion.error = error;
        return [{ kind: 'error', id: `error:${node.id}`, parent: node, error }];
      }
    }
    return childExecutionNodes(node, childRun, (expansion.loaded as NonNullable<Expansion['loaded']>).lineage);
  }

  /** Retry after an error: the row is shown again, and asks again. */
  retry(node: StartingExecutionNode): void {
    this.expansions.delete(node.id);
    this.context.fire(node);
  }

  /** Everything shown afresh (sign-in, another filter): read again, from the cache where it has the trace. */
  reset(): void {
    this.expansions.clear();
    this.askedFreshFor.clear();
  }

  /** Refresh: everything fetched afresh, each trace asked of Cargo again once. */
  refresh(): void {
    this.refreshedTraces = new Set();
    this.reset();
  }
}

/** The run an execution started, when it names one that is not its own or an ancestor's (a loop in hostile data). */
function childRunOf(node: StartingExecutionNode): string | undefined {
  const started = node.execution.nodeRunUuid;
  if (!started) return undefined;
  for (let at: ExplorerNode | undefined = node; at; at = at.parent) {
    if (at.kind === 'childExecution' && at.runUuid === started) return undefined;
    if (at.kind === 'run' && at.run.uuid === started) return undefined;
  }
  return started;
}

/** The run row an execution row is under, however deep. */
export function runRowOf(node: StartingExecutionNode): RunNode {
  let at: StartingExecutionNode = node;
  while (at.kind === 'childExecution') at = at.parent;
  return at.parent;
}

/** A run whose last execution finished and failed, or led nowhere: between two nodes it has none unfinished, yet goes on. */
function runFinished(lineage: TraceLineage, runUuid: string): boolean {
  const last = lineage.spansOf(runUuid).at(-1);
  if (!last || !(last.executionFinishedAt || isFinishedExecutionStatus(last.executionStatus))) return false;
  return last.executionStatus.known === 'error' || !last.nodeNextUuid;
}

function childExecutionNodes(parent: StartingExecutionNode, runUuid: string, lineage: TraceLineage): ExplorerNode[] {
  const spans = lineage.spansOf(runUuid);
  if (spans.length === 0) {
    const text = lineage.cut ? 'Its executions are past the spans the trace gave' : 'No executions yet';
    return [{ kind: 'message', id: `message:${parent.id}`, parent, text }];
  }
  return spans.map((span): ChildExecutionNode => ({
    kind: 'childExecution',
    id: `${parent.id}>${runUuid}:${span.executionIndex}`,
    parent,
    runUuid,
    execution: executionOfSpan(span),
    index: span.executionIndex,
    nodeName: undefined,
  }));
}
