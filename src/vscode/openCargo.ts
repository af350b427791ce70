// "Cargo: Open Run, Batch or Workflow…" (cargo.openRunByUuid: the id it had when it opened runs only,
// kept for keybindings and command links) and links into VS Code (the URI handler): both read what is
// named (src/runs/cargoReference.ts, vscodeLinks.ts) and open it (src/runs/openCargo.ts). Text that
// names nothing of Cargo's keeps the box open with the reason; a link that names nothing is refused
// with a warning, and nothing is asked of Cargo.
import * as vscode from 'vscode';
import { readCargoReference, type CargoAddresses } from '../runs/cargoReference';
import { openCargoTarget, type OpenCargoDeps } from '../runs/openCargo';
import type { CommandTargets } from '../runs/commandTarget';
import { linkRefusedText, readVsCodeLink, vscodeLink } from '../runs/vscodeLinks';
import { notificationText } from '../shared/text';
import { askText } from './askText';

export interface OpenCommandDeps extends OpenCargoDeps {
  readonly addresses: () => CargoAddresses;
}

/** The command: a uuid or link typed in its box, or passed as a string (a command link, another command). */
export function openCommand(deps: OpenCommandDeps) {
  return async (arg?: unknown): Promise<void> => {
    if (typeof arg === 'string') {
      // Passed along, a bare uuid is a run, as it always was for this command (the run file's lens, command links).
      const { target, problem } = readCargoReference(arg, deps.addresses());
      if (target) await openCargoTarget(target.kind === 'any' ? { ...target, kind: 'run' } : target, deps);
      // No box to keep the text in, so the reason is a warning.
      else void vscode.window.showWarningMessage(notificationText(`Cargo: Open: ${problem}`, 300));
      return;
    }
    const reference = (text: string) => readCargoReference(text, deps.addresses());
    const input = await askText({
      title: 'Cargo: Open Run, Batch or Workflow',
      prompt: 'A run, batch or workflow uuid, or a link to one in Cargo',
      placeholder: 'e.g. 3f2c9a1e-… or https://app.getcargo.io/workflows/…/batches/…',
      problem: (value) => reference(value).problem,
    });
    const target = input === undefined ? undefined : reference(input).target;
    if (target) await openCargoTarget(target, deps);
  };
}

/** The URI handler's work: `vscode://<publisher>.<name>/run/<uuid>` and the like (src/runs/vscodeLinks.ts). */
export function openLink(deps: OpenCommandDeps & { readonly extensionId: string; readonly log: vscode.LogOutputChannel }) {
  return async (uri: vscode.Uri): Promise<void> => {
    const { target, problem } = readVsCodeLink(uri, deps.extensionId, deps.addresses());
    if (!target) {
      const text = linkRefusedText(problem);
      deps.log.info(text);
      void vscode.window.showWarningMessage(text);
      return;
    }
    await openCargoTarget(target, deps);
  };
}

/**
 * "Copy Link for VS Code" on a batch or run (a row, the selection, the run panel): the link that opens
 * it in VS Code, with this editor's scheme (code-server's and Insiders' are not `vscode`).
 */
export function copyVsCodeLink(targets: CommandTargets, extensionId: string) {
  return async (arg?: unknown): Promise<void> => {
    const target = targets.resolve(arg);
    const [kind, uuid] =
      target?.kind === 'batch' ? (['batch', target.batch.uuid] as const) : target?.kind === 'run' ? (['run', target.runUuid] as const) : [undefined, undefined];
    if (!kind) return;
    await vscode.env.clipboard.writeText(vscodeLink({ uriScheme: vscode.env.uriScheme, extensionId }, kind, uuid));
    vscode.window.setStatusBarMessage(`Copied a link that opens this ${kind} in VS Code`, 3000);
  };
}
