// "Retry Failed Runs…" and "Retry from Failed Node": the target from where it was invoked (a batch's row,
// the selected runs, a failure group, a run panel), then the run layer's retry (runs/retry.ts).
import type { ClientSource } from '../../../core/clientSource';
import { requireClient } from '../../../connection/vscode/requireClient';
import type { Prompts } from '../../../core/prompts';
import { retryRuns, type RetryDeps } from '../../../runs/retry';
import { resolveRetryTarget, type RetrySource } from '../../../runs/retryTargets';

export function retryFailedRuns(
  deps: RetryDeps & { readonly sources: readonly RetrySource[]; readonly clients: ClientSource; readonly prompts: Prompts },
  fromFailedNode = false,
) {
  return async (arg?: unknown, selection?: unknown): Promise<void> => {
    const choice = resolveRetryTarget(deps.sources, arg, selection);
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
    await retryRuns(client, choice.target, deps, fromFailedNode ? { start: { reset: { from: 'lastNode' }, words: 'from the node that failed' } } : {});
  };
}
