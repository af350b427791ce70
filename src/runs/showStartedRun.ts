// Where a run just started from VS Code shows up, as the setting cargo.afterStartingRun says: its panel
// beside the editor, its row in "Started from VS Code", or nowhere (the status bar counts it).
import type { Run } from '../api';
import type { AfterStartingRun } from '../connection/settings';
import type { RunOpener } from './runOpener';

export interface ShowStartedRunDeps {
  readonly opener: RunOpener;
  /** Shows the run's row under "Started from VS Code" in the Runs view. */
  revealInTree(runUuid: string): Promise<void>;
  setting(): AfterStartingRun;
}

/** `many`: one of several runs started at once (an array of records), which show in the tree, not in a panel each. */
export function showStartedRun(deps: ShowStartedRunDeps): (run: Run, many: boolean) => void {
  return (run, many) => {
    const setting = deps.setting();
    if (setting === 'nothing') return;
    // Many runs at once: one panel each would bury the editor; the tree lists them all.
    if (setting === 'panel' && !many) deps.opener.open(run.uuid, { known: run, beside: true });
    else void deps.revealInTree(run.uuid);
  };
}
