// "Open in Cargo": the workflow, batch or run a command was invoked on, in Cargo's web app.
import * as vscode from 'vscode';
import type { CommandTarget, CommandTargets } from '../../../runs/commandTarget';
import type { WebAppLinks } from '../../../runs/runLinks';

export function openInCargo(targets: CommandTargets, links: WebAppLinks) {
  return async (arg?: unknown): Promise<void> => {
    const url = webAppUrl(links, targets.resolve(arg));
    if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
  };
}

function webAppUrl(links: WebAppLinks, target: CommandTarget | undefined): string | undefined {
  switch (target?.kind) {
    case 'workflow':
      return links.workflow(target.workflowUuid);
    case 'batch':
      return links.batch(target.batch.workflowUuid, target.batch.uuid);
    case 'run':
      // A run's page is under its workflow: known when the run is.
      return target.run ? links.run(target.run.workflowUuid, target.runUuid) : undefined;
    default:
      return undefined;
  }
}
