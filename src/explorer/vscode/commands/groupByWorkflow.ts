// Group by Workflow and its way back: remembered for the workspace.
import type * as vscode from 'vscode';
import { STATE_KEYS } from '../../../ids';

/** Toggles the explorer between batches (newest first) and batches grouped under their workflow. */
export function setGroupByWorkflow(state: vscode.Memento, apply: (grouped: boolean) => void, grouped: boolean) {
  return async (): Promise<void> => {
    await state.update(STATE_KEYS.groupByWorkflow, grouped);
    apply(grouped);
  };
}
