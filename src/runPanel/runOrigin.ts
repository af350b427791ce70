// Which run and node started the run a panel shows (a tool or agent node's child run), free of VS
// Code: the run says its parent run and node (parentUuid, parentNodeUuid); the parent's record title,
// the node's slug and its execution come from the trace's lineage (one spans/list by traceUuid, through
// the shared cache: the panel's timeline reads the same answer). Asked once per panel; without it the
// panel still says the run was started by another run, and goes there.
import type { Run } from '../api';
import { noteFailure, type ClientSource } from '../core/clientSource';
import type { Log } from '../core/log';
import { nodeLabel, runRecordLabel } from '../runs/labels';
import type { TraceLineage } from '../runs/traceLineage';
import type { TraceLineages } from '../runs/traceLineages';
import type { OpenRunOptions } from '../runs/runOpener';
import type { RunOriginView, ToWebview } from '../shared/protocol';
import { errorText } from '../shared/text';

type ShownRun = Pick<Run, 'uuid' | 'parentUuid' | 'parentNodeUuid' | 'traceUuid' | 'createdAt'>;

/** Where "Started by …" goes back to: the parent run, and its execution that started this run when known. */
const NONE = JSON.stringify(null);

export interface OriginTarget {
  readonly runUuid: string;
  readonly execution?: number;
}

export class RunOrigin {
  private asked = false;
  private found: { readonly view: RunOriginView; readonly target: OriginTarget } | undefined;
  /** What the webview has been given (JSON), so that nothing is posted twice; a new webview shows no origin. */
  private posted = NONE;

  constructor(
    private readonly deps: {
      readonly clients: ClientSource;
      readonly lineages?: Pick<TraceLineages, 'lineageOf'> | undefined;
      readonly log: Pick<Log, 'debug'>;
    },
    /** What the panel shows of the origin changed. */
    private readonly changed: () => void,
  ) {}

  /** Null: the run was not started by another run (or is not known yet). */
  get view(): RunOriginView | null {
    return this.found?.view ?? null;
  }

  get target(): OriginTarget | undefined {
    return this.found?.target;
  }

  /** The message that gives the webview what it does not show yet; undefined when it has it. */
  unposted(): ToWebview | undefined {
    const key = JSON.stringify(this.view);
    if (key === this.posted) return undefined;
    this.posted = key;
    return { type: 'runOrigin', origin: this.view };
  }

  /** The webview was loaded again: it shows nothing yet. */
  forgetPosted(): void {
    this.posted = NONE;
  }

  /** "Started by …": the run that started this one, in its panel, at the execution that started it. */
  open(opener: { open(runUuid: string, options: OpenRunOptions): void }): void {
    const target = this.found?.target;
    if (target) opener.open(target.runUuid, target.execution === undefined ? {} : { execution: target.execution });
  }

  /** The run as the panel has it: the first time it names a parent run, its origin is looked up (once). */
  seen(run: ShownRun): void {
    if (this.asked || !run.parentUuid) return;
    this.asked = true;
    // Said at once from the run itself; named once the lineage has answered.
    this.show({ recordTitle: null, node: null }, { runUuid: run.parentUuid });
    void this.lookUp(run, run.parentUuid);
  }

  private async lookUp(run: ShownRun, parentUuid: string): Promise<void> {
    const { lineages } = this.deps;
    if (!lineages || !run.traceUuid) return;
    const state = await this.deps.clients.current();
    // Asked again once there is a client (the run is fetched again then).
    if (state.kind !== 'ready') return void (this.asked = false);
    try {
      // The node that started this run began just before it was created (the lineage's clock margin covers it).
      const lineage = await lineages.lineageOf(state.client, { traceUuid: run.traceUuid, startedAfter: Date.parse(run.createdAt) });
      const origin = originIn(lineage, run, parentUuid);
      if (origin) this.show(origin.view, origin.target);
    } catch (error) {
      // A hint: without its names the line still says another run started this one, and goes there.
      noteFailure(this.deps.clients, error);
      this.deps.log.debug(`Could not look up the run that started run ${run.uuid}: ${errorText(error, 300)}`);
    }
  }

  private show(view: RunOriginView, target: OriginTarget): void {
    this.found = { view, target };
    this.changed();
  }
}

/** The parent run's record and the node that started `run`, with that node's execution, from the lineage. */
export function originIn(lineage: TraceLineage, run: ShownRun, parentUuid: string): { view: RunOriginView; target: OriginTarget } | undefined {
  const origin = lineage.originOf(run.uuid);
  // The run's own word on its parent stands: a lineage that says otherwise is not about this start.
  if (!origin || origin.runUuid !== parentUuid) return undefined;
  const spans = lineage.spansOf(parentUuid);
  const starter = spans.find((span) => span.nodeRunUuid === run.uuid) ?? spans.find((span) => span.nodeUuid === origin.nodeUuid);
  return {
    view: { recordTitle: runRecordLabel(origin), node: nodeLabel({ slug: origin.nodeSlug }) },
    target: { runUuid: parentUuid, ...(starter ? { execution: starter.executionIndex } : {}) },
  };
}
