// "Retry Failed Runs…" and "Retry from Failed Node": the target from where it was invoked (a batch's row,
// the selected runs, a failure group, a run panel), then the run layer's retry (runs/retry.ts).
import type { ClientSource } from '../../../core/clientSource';
import { requireClient } from '../../../connection/vscode/requireClient';
import type { Prompts } from '../../../core/prompts';
import { retryRuns, type RetryDeps } from '../../../runs/retry';
import { batchRetry, resolveRetryTarget, type RetrySource } from '../../../runs/retryTargets';
import { noteFailure } from '../../../core/clientSource';
import type { Batch, CargoClient } from '../../../api';
import { errorText, notificationText } from '../../../shared/text';

export function retryFailedRuns(
  deps: RetryDeps & { readonly sources: readonly RetrySource[]; readonly clients: ClientSource; readonly prompts: Prompts },
  fromFailedNode = false,
) {
  return async (arg?: unknown, selection?: unknown): Promise<void> => {
    let choice = resolveRetryTarget(deps.sources, arg, selection, fromFailedNode);
    if (!choice) {
      void deps.prompts.message('info', 'Select a batch with failed runs, failed runs, or a failure group, then retry.');
      return;
    }
    if (choice.kind === 'none') {
      void deps.prompts.message('info', choice.why);
      return;
    }
    const client = await requireClient(deps.clients);
    if (!client) return;
    if (choice.kind === 'batchOf') {
      const batch = await readBatch(client, choice.batchUuid, deps);
      if (!batch) return;
      choice = batchRetry(batch);
      if (choice.kind !== 'target') {
        if (choice.kind === 'none') void deps.prompts.message('info', choice.why);
        return;
      }
    }
    await retryRuns(client, choice.target, deps, fromFailedNode ? { start: { reset: { from: 'lastNode' }, words: 'from the node that failed' } } : {});
  };
}

/** The batch of a run shown in a panel (one request), to retry its failed runs. */
async function readBatch(
  client: CargoClient,
  batchUuid: string,
  deps: { readonly clients: ClientSource; readonly prompts: Prompts },
): Promise<Batch | undefined> {
  try {
    return await deps.prompts.progress('Reading the run’s batch…', () => client.getBatch(batchUuid));
  } catch (error) {
    noteFailure(deps.clients, error);
    void deps.prompts.message('error', notificationText(`Could not read the run’s batch: ${errorText(error, 400)}`, 500));
    return undefined;
  }
}
