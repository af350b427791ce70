// Opening a run's panel: "Open Run" on whatever a command was invoked on (a run's or execution's row, a
// failure's example, the selection), and "Cargo: Open Run…", which takes a run uuid or a link to a run
// in Cargo. Text that names no run of Cargo's keeps the box open with the reason, as Sign In does;
// nothing typed is lost and nothing is asked of Cargo.
import * as vscode from 'vscode';
import type { CommandTargets } from '../../runs/commandTarget';
import type { RunOpener } from '../../runs/runOpener';
import { readRunReference, type CargoAddresses } from '../../runs/runReference';
import { notificationText } from '../../shared/text';
import { askText } from '../../vscode/askText';

/** "Open Run" (a row's click and context menu): the run of the row, opened with what the row has of it. */
export function openRun(targets: CommandTargets, opener: RunOpener) {
  return (arg?: unknown): void => {
    const target = targets.run(arg);
    if (target) opener.open(target.runUuid, target.run ? { known: target.run } : {});
  };
}

/** "Cargo: Open Run…": a run uuid or link, typed, or passed as a string (a command link, another command). */
export function openRunByUuid(opener: RunOpener, addresses: () => CargoAddresses) {
  return async (arg?: unknown): Promise<void> => {
    const reference = (text: string) => readRunReference(text, addresses());
    if (typeof arg === 'string') {
      // A command link or another command: no box to keep the text in, so the reason is a warning.
      const { uuid, problem } = reference(arg);
      if (uuid) opener.open(uuid);
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
    if (uuid) opener.open(uuid);
  };
}
