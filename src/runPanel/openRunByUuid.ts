// "Cargo: Open Run…": a run uuid, or a link to a run in Cargo. Text that names no run of Cargo's keeps
// the box open with the reason, as Sign In does; nothing typed is lost and nothing is asked of Cargo.
// Code that has the run at hand (a notification about it) passes it too: the panel shows it at once
// while the whole run is fetched.
import * as vscode from 'vscode';
import type { Run } from '../api';
import { readSettings } from '../connection/settings';
import { askText } from '../input/askText';
import { notificationText } from '../shared/text';
import type { RunPanelManager } from './runPanelManager';
import { readRunReference } from './runReference';

export function openRunByUuid(panels: RunPanelManager) {
  return async (arg?: unknown, known?: unknown): Promise<void> => {
    const reference = (text: string) => readRunReference(text, readSettings());
    if (typeof arg === 'string') {
      // A command link or another command: no box to keep the text in, so the reason is a warning.
      const { uuid, problem } = reference(arg);
      if (uuid) panels.show(uuid, knownRun(known, uuid));
      else void vscode.window.showWarningMessage(notificationText(`Cargo: Open Run: ${problem}`, 300));
      return;
    }
    const input = await askText({
      title: 'Cargo: Open Run',
      prompt: 'A run uuid, or a link to a run in Cargo',
      placeholder: 'e.g. 3f2c9a1e-…',
      problem: (value) => reference(value).problem,
    });
    const uuid = input === undefined ? undefined : reference(input).uuid;
    if (uuid) panels.show(uuid);
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
