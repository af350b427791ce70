// The rows that stand for a list: "Load more…" and an error's Retry.
import type { ExplorerNode } from '../../explorerNodes';
import type { RunsExplorerModel } from '../../runsExplorerModel';

/** The "Load more…" row: fetches the next page of its list. */
export function loadMore(model: RunsExplorerModel) {
  return async (node?: ExplorerNode): Promise<void> => {
    if (node?.kind !== 'loadMore') return;
    await model.loadMore(node.parent);
  };
}

/** The error row's Retry. */
export function retry(model: RunsExplorerModel) {
  return async (node?: ExplorerNode): Promise<void> => {
    await model.retry(node?.kind === 'error' ? node.parent : undefined);
  };
}
