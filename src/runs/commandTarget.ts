// What a command acts on, decided once from where it was invoked (a row of a view, a run panel, an
// argument such as a run's uuid or link, or what is selected): a workflow, a batch, or a run (maybe one
// of its executions). Commands read it; none of them looks at tree nodes or panels itself.
import type { Batch, Execution, Run } from '../api';

export interface RunTarget {
  readonly kind: 'run';
  readonly runUuid: string;
  /** The run as the place it came from has it (a row, a panel), when it has it. */
  readonly run?: Run;
  /** The batch it belongs to, when the place it came from has it (its row under the batch). */
  readonly batch?: Batch;
  /** One of its executions: the command came from that execution's row. */
  readonly execution?: { readonly index: number; readonly execution: Execution };
}

export type CommandTarget =
  { readonly kind: 'workflow'; readonly workflowUuid: string; readonly name: string } | { readonly kind: 'batch'; readonly batch: Batch } | RunTarget;

/** Where commands find their target: a view's rows, the run panels. */
export interface TargetSource {
  /** The target of an argument this source made (one of its rows); undefined when the argument is not one. */
  targetOf(arg: unknown): CommandTarget | undefined;
  /** What is selected or active in it, for a command run without an argument (the palette, a keybinding, a title button). */
  selected(): CommandTarget | undefined;
}

/**
 * The one place a command's target is decided: the argument, when a source knows it (a row) or it names
 * a run (a uuid or a link, e.g. from a hover's command link); otherwise what is selected, in the
 * sources' order (the Runs view's selection, then the active run panel).
 */
export class CommandTargets {
  constructor(
    private readonly sources: readonly TargetSource[],
    private readonly runUuidIn: (text: string) => string | undefined,
  ) {}

  resolve(arg?: unknown): CommandTarget | undefined {
    if (arg !== undefined && arg !== null) {
      for (const source of this.sources) {
        const target = source.targetOf(arg);
        if (target) return target;
      }
      const runUuid = typeof arg === 'string' ? this.runUuidIn(arg) : undefined;
      if (runUuid) return { kind: 'run', runUuid };
    }
    for (const source of this.sources) {
      const target = source.selected();
      if (target) return target;
    }
    return undefined;
  }

  /** A run: the target's, or the run of the execution it is. */
  run(arg?: unknown): RunTarget | undefined {
    const target = this.resolve(arg);
    return target?.kind === 'run' ? target : undefined;
  }
}
