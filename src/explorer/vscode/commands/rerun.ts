// "Re-run with the Same Data" on a run (its row, or the selection): started like every run started from
// VS Code (the run layer's rerun and RunStarter).
import type { ClientSource } from '../../../core/clientSource';
import { requireClient } from '../../../connection/vscode/requireClient';
import type { CommandTargets } from '../../../runs/commandTarget';
import { rerun as rerunRun, type RerunDeps } from '../../../runs/rerun';

export function rerun(deps: RerunDeps & { readonly targets: CommandTargets; readonly clients: ClientSource }) {
  return async (arg?: unknown): Promise<void> => {
    const target = deps.targets.run(arg);
    if (!target) return;
    const client = await requireClient(deps.clients);
    if (!client) return;
    await rerunRun(client, target.run ?? { uuid: target.runUuid }, deps);
  };
}
