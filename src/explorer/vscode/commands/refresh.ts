// Refresh: the view's title button (or the palette) everything, a row's only its own list.
import { isExplorerNode } from '../../target';
import type { RunsExplorerModel } from '../../runsExplorerModel';
import type { RunsTreeProvider } from '../runsTreeProvider';

export function refresh(deps: { model: RunsExplorerModel; tree: RunsTreeProvider }) {
  return async (arg?: unknown): Promise<void> => {
    if (isExplorerNode(arg)) {
      await deps.model.refreshNode(arg);
      return;
    }
    deps.tree.refresh();
  };
}
