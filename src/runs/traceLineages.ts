// The lineages of the traces someone looks at, shared by the run panels and the Runs view: a finished
// lineage is asked of Cargo once (one spans/list) and kept; a live one is asked again only when the
// caller says its run changed. Bounded; dropped when the connection changes.
import type { CargoClient } from '../api';
import type { ClientSource, Disposable } from '../core/clientSource';
import { SharedPromise } from '../core/sharedPromise';
import { fetchTraceSpans, TraceLineage } from './traceLineage';

/** Traces kept (the most recently asked for). */
const MAX_TRACES = 50;

export interface LineageRequest {
  readonly traceUuid: string;
  /** When the run at the root of the trace was created, or earlier (ms): its spans started after. */
  readonly startedAfter: number;
  /** Ask Cargo again even if a lineage is known (a live run changed): the one request of that change. */
  readonly fresh?: boolean;
  /** Hears each request made to Cargo (request counts in tests, logs). */
  readonly onRequest?: () => void;
}

/** A lineage asked of Cargo, and from when its spans were asked for. */
interface KnownLineage {
  readonly lineage: SharedPromise<TraceLineage>;
  startedAfter: number;
}

export class TraceLineages implements Disposable {
  private readonly traces = new Map<string, KnownLineage>();
  private readonly subscription: Disposable;

  constructor(clients: Pick<ClientSource, 'onDidChange'>) {
    // Another token or base URL may see other traces, or none.
    this.subscription = clients.onDidChange(() => this.traces.clear());
  }

  /**
   * No AbortSignal: the answer is shared by whoever asks next. Rejects when Cargo cannot be asked (the
   * next call asks again). A lineage asked from a later moment (a child run's panel asks from the child's
   * creation) lacks the spans before it: asked from an earlier one (the parent's), it is asked again.
   */
  lineageOf(client: CargoClient, request: LineageRequest): Promise<TraceLineage> {
    let entry = this.traces.get(request.traceUuid);
    if (entry && (request.fresh || request.startedAfter < entry.startedAfter)) {
      entry.lineage.drop();
      entry.startedAfter = Math.min(entry.startedAfter, request.startedAfter);
    }
    entry ??= { lineage: new SharedPromise(), startedAfter: request.startedAfter };
    // Most recently used last: the first key is the one to forget.
    this.traces.delete(request.traceUuid);
    this.traces.set(request.traceUuid, entry);
    while (this.traces.size > MAX_TRACES) this.traces.delete(this.traces.keys().next().value as string);
    const startedAfter = entry.startedAfter;
    return entry.lineage.get(async () => {
      request.onRequest?.();
      const { spans, count } = await fetchTraceSpans(client, request.traceUuid, startedAfter);
      return new TraceLineage(spans, count);
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.traces.clear();
  }
}
