// Opening a run's panel: "Open Run" on whatever a command was invoked on (a run's or execution's row, a
// failure's example, the selection). A uuid or link typed or pasted: src/vscode/openCargo.ts.
import type { CommandTargets } from '../../runs/commandTarget';
import type { RunOpener } from '../../runs/runOpener';

/** "Open Run" (a row's click and context menu): the run of the row, opened with what the row has of it. */
export function openRun(targets: CommandTargets, opener: RunOpener) {
  return (arg?: unknown): void => {
    const target = targets.run(arg);
    if (target) opener.open(target.runUuid, target.run ? { known: target.run } : {});
  };
}
