// "Cargo: Open Run…": a run uuid, or a Cargo URL that contains one. Text without a run uuid keeps
// the box open with the reason, as Sign In does; nothing typed is lost. Code that has the run at hand
// (a notification about it) passes it too: the panel shows it at once while the whole run is fetched.
import * as vscode from 'vscode';
import type { Run } from '../api';
import { runUuidIn } from '../core/webAppUrls';
import type { RunPanelManager } from './runPanelManager';

export function openRunByUuid(panels: RunPanelManager) {
  return async (arg?: unknown, known?: unknown): Promise<void> => {
    if (typeof arg === 'string') {
      const uuid = runUuidIn(arg);
      if (uuid) panels.show(uuid, knownRun(known, uuid));
      else void vscode.window.showWarningMessage('Cargo: Open Run was given no run uuid.');
      return;
    }
    const input = await vscode.window.showInputBox({
      title: 'Cargo: Open Run',
      prompt: 'A run uuid, or a Cargo URL of a run',
      placeHolder: 'e.g. 3f2c9a1e-…',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() === '' || runUuidIn(value) ? undefined : 'This contains no run uuid (8-4-4-4-12 hexadecimal digits).'),
    });
    const uuid = input === undefined ? undefined : runUuidIn(input);
    if (uuid) panels.show(uuid, knownRun(input === undefined ? undefined : known, uuid));
  };
}

/**
 * The run passed along with its uuid, if it has the shape the client gives runs. Commands can be run
 * with any arguments (command links): anything else is ignored, and the panel waits for the run.
 */
export function knownRun(value: unknown, uuid: string): Run | undefined {
  const isObject = (candidate: unknown): candidate is Record<string, unknown> =>
    typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate);
  const isStatus = (candidate: unknown) => isObject(candidate) && typeof candidate.raw === 'string' && typeof candidate.known === 'string';
  if (!isObject(value) || value.uuid !== uuid || !isStatus(value.status) || !Array.isArray(value.executions)) return undefined;
  const strings = [value.workflowUuid, value.recordId, value.recordTitle, value.createdAt, value.updatedAt];
  if (!strings.every((field) => typeof field === 'string')) return undefined;
  if (value.nodes != null && !(Array.isArray(value.nodes) && value.nodes.every(isObject))) return undefined;
  const executionsOk = value.executions.every(
    (execution) => isObject(execution) && isStatus(execution.status) && typeof execution.nodeSlug === 'string' && typeof execution.nodeUuid === 'string',
  );
  return executionsOk ? (value as unknown as Run) : undefined;
}
