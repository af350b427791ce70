// "Open Child Run" (an execution row's inline action and context menu): the panel of the run a tool or
// agent execution started, through the one way to open a run.
import type { CommandTargets } from '../../../runs/commandTarget';
import type { RunOpener } from '../../../runs/runOpener';

export function openChildRun(targets: CommandTargets, opener: RunOpener) {
  return (arg?: unknown): void => {
    const childRun = targets.run(arg)?.execution?.execution.nodeRunUuid;
    if (childRun) opener.open(childRun);
  };
}
