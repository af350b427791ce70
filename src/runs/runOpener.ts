// Opening a run where a person reads it (its panel): the one way every feature opens a run, handed to
// it by the composition root.
import type { Run } from '../api';

export interface OpenRunOptions {
  /** The run as the caller has it (a row, a notification's run): shown at once while the whole run is fetched. */
  readonly known?: Run;
  /** Beside the active editor, which keeps the focus (a run started from a file opens so). */
  readonly beside?: boolean;
  /** The index of an execution to bring into view, marked. */
  readonly execution?: number;
}

export interface RunOpener {
  /** Opens the run's panel, or reveals it when it is open. */
  open(runUuid: string, options?: OpenRunOptions): void;
}
