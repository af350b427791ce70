// What the user has done at least once in this window, told to VS Code as context keys: the
// walkthrough's steps complete on them (`onContext:` in package.json), and VS Code keeps a step done
// once it is, so each key is set once and never cleared.
import * as vscode from 'vscode';
import type { CONTEXT_KEYS } from '../ids';

export type ReachedKey = (typeof CONTEXT_KEYS)['batchExpanded' | 'failedRunOpened' | 'fileRunStarted' | 'runFailureShown'];

const reached = new Set<ReachedKey>();

export function markReached(key: ReachedKey): void {
  if (reached.has(key)) return;
  reached.add(key);
  void vscode.commands.executeCommand('setContext', key, true);
}
