// The comparisons made in this session ("Compare with Last Success", "Compare with…"), kept where both
// the compare feature and the run panels reach them: a panel of either run names the first node where
// the two differ without asking Cargo for anything, and "Show Comparison" opens the same pair again.
// Only the last few are kept (each holds two whole runs). Pure.
import type { Disposable } from '../core/clientSource';
import { isUuid } from '../shared/uuid';
import { firstDifference, type FirstDifference } from './comparisonText';
import type { RunPair } from './runComparison';

/** How many comparisons are kept (their runs with them). */
export const KEPT_COMPARISONS = 10;

export interface Comparison {
  readonly pair: RunPair;
  /** The baseline was found as the newest successful run of the workflow ("Compare with Last Success"). */
  readonly lastSuccess: boolean;
  /** Undefined when no node differs in status, branch or config. */
  readonly first: FirstDifference | undefined;
}

export class Comparisons {
  /** Oldest first. */
  private readonly kept: Comparison[] = [];
  private readonly listeners = new Set<() => void>();

  /** Keeps a comparison just made (its first difference worked out once, here) and tells the panels. */
  made(pair: RunPair, lastSuccess: boolean, first: FirstDifference | undefined = firstDifference(pair.baseline, pair.run)): Comparison {
    const comparison: Comparison = { pair, lastSuccess, first };
    const same = this.kept.findIndex((kept) => sameRuns(kept.pair, pair));
    if (same !== -1) this.kept.splice(same, 1);
    this.kept.push(comparison);
    while (this.kept.length > KEPT_COMPARISONS) this.kept.shift();
    for (const listener of [...this.listeners]) listener();
    return comparison;
  }

  /** The newest comparison the run is in (on either side), if one is kept. */
  of(runUuid: string): Comparison | undefined {
    return newestOf(this.kept, (kept) => kept.pair.baseline.run.uuid === runUuid || kept.pair.run.run.uuid === runUuid);
  }

  /** The kept comparison of exactly these two runs. */
  find(baselineUuid: string, runUuid: string): Comparison | undefined {
    return newestOf(this.kept, (kept) => kept.pair.baseline.run.uuid === baselineUuid && kept.pair.run.run.uuid === runUuid);
  }

  /** Called whenever a comparison is made. */
  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}

function newestOf(kept: readonly Comparison[], test: (comparison: Comparison) => boolean): Comparison | undefined {
  for (let i = kept.length - 1; i >= 0; i--) if (test(kept[i] as Comparison)) return kept[i];
  return undefined;
}

function sameRuns(a: RunPair, b: RunPair): boolean {
  return a.baseline.run.uuid === b.baseline.run.uuid && a.run.run.uuid === b.run.run.uuid;
}

/** What "Show Comparison" passes to the compare commands: the two runs of a comparison, by uuid. */
export interface ComparisonReference {
  readonly baselineUuid: string;
  readonly runUuid: string;
}

export function isComparisonReference(arg: unknown): arg is ComparisonReference {
  if (typeof arg !== 'object' || arg === null) return false;
  const { baselineUuid, runUuid } = arg as Record<string, unknown>;
  return isUuid(baselineUuid) && isUuid(runUuid);
}
