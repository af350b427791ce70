import type * as vscode from 'vscode';

export const GROUP_BY_WORKFLOW_KEY = 'cargo.groupByWorkflow';

/** Toggles the explorer between batches (newest first) and batches grouped under their workflow. */
export function setGroupByWorkflow(state: vscode.Memento, apply: (grouped: boolean) => void, grouped: boolean) {
  return async (): Promise<void> => {
    await state.update(GROUP_BY_WORKFLOW_KEY, grouped);
    apply(grouped);
  };
}
