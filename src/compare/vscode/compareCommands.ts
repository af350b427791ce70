// The commands "Compare with Last Success" and "Compare with…" on a run (its row in the Runs view, the
// active run panel, a failure's quick fix or hover, a run's uuid or link): the target decided once,
// the client required, the rest in compareRuns.ts.
import type { ClientSource } from '../../core/clientSource';
import { noteFailure } from '../../core/clientSource';
import type { Log } from '../../core/log';
import { requireClient } from '../../connection/vscode/requireClient';
import type { CommandTargets } from '../../runs/commandTarget';
import { isComparisonReference, type Comparisons } from '../../runs/comparisons';
import type { LoadedRunSource } from '../../runs/runComparison';
import { readRunReference, type CargoAddresses } from '../../runs/runReference';
import { askText } from '../../vscode/askText';
import { vscodePrompts } from '../../vscode/prompts';
import { compareWithLastSuccess as lastSuccess, compareWithPicked, type CompareDeps } from '../compareRuns';
import type { ComparisonDocuments } from './comparisonDocuments';

export interface CompareCommandDeps {
  readonly clients: ClientSource;
  readonly targets: CommandTargets;
  readonly loaded: LoadedRunSource;
  readonly documents: ComparisonDocuments;
  /** Where a comparison made is kept (a run panel of either run names its first difference). */
  readonly comparisons: Comparisons;
  readonly addresses: () => CargoAddresses;
  readonly log: Log;
}

function compareDeps(deps: CompareCommandDeps): CompareDeps {
  return {
    prompts: vscodePrompts,
    loaded: deps.loaded,
    log: deps.log,
    show: async (pair, lastSuccess) => {
      const first = await deps.documents.show(pair);
      deps.comparisons.made(pair, lastSuccess, first);
    },
    askRunUuid: async () => {
      const reference = (text: string) => readRunReference(text, deps.addresses());
      const input = await askText({
        title: 'Cargo: Compare with…',
        prompt: 'A run uuid, or a link to a run in Cargo',
        placeholder: 'e.g. 3f2c9a1e-…',
        problem: (value) => reference(value).problem,
      });
      return input === undefined ? undefined : reference(input).uuid;
    },
    failed: (error) => noteFailure(deps.clients, error),
  };
}

function command(deps: CompareCommandDeps, compare: typeof lastSuccess) {
  return async (arg?: unknown): Promise<void> => {
    // "Show Comparison" in a run panel: the comparison made, opened again without asking Cargo.
    if (isComparisonReference(arg)) {
      const kept = deps.comparisons.find(arg.baselineUuid, arg.runUuid);
      if (kept) await deps.documents.show(kept.pair);
      return;
    }
    const target = deps.targets.run(arg);
    if (!target) return;
    const client = await requireClient(deps.clients);
    if (!client) return;
    await compare(client, { runUuid: target.runUuid, ...(target.run ? { run: target.run } : {}) }, compareDeps(deps));
  };
}

export const compareWithLastSuccess = (deps: CompareCommandDeps) => command(deps, lastSuccess);
export const compareWith = (deps: CompareCommandDeps) => command(deps, compareWithPicked);
