// Links into VS Code (`vscode://cargo-runs.cargo-runs/run/<uuid>`, pasted in a chat or a ticket): how
// "Copy Link for VS Code" writes them, and what the extension's URI handler makes of one it is handed,
// or exactly why it refuses it. A link only names something to open: nothing in it starts, cancels or
// changes anything. VS Code-free (test/unit/runs/vscodeLinks.test.ts).
import { notificationText } from '../shared/text';
import { isUuid } from '../shared/uuid';
import { readCargoReference, OPEN_WORDING, type CargoAddresses, type CargoReference, type CargoThing } from './cargoReference';

/** Where links into VS Code lead: the editor's scheme (`vscode`, `vscode-insiders`, code-server's own) and this extension. */
export interface VsCodeLinkPlace {
  readonly uriScheme: string;
  /** `<publisher>.<name>`: VS Code hands links whose authority is an extension's id to that extension. */
  readonly extensionId: string;
}

/** The parts of a link the handler is handed (a vscode.Uri has them, decoded). */
export interface LinkParts {
  readonly authority: string;
  readonly path: string;
  readonly query: string;
}

/** Longer links are not links to something in Cargo. */
export const MAX_LINK_CHARS = 2048;

const EXPECTED =
  'A Cargo link for VS Code opens …/run/<uuid>, …/batch/<uuid> or …/workflow/<uuid> (8-4-4-4-12 hexadecimal digits), or …/open?link=<a link to Cargo>.';

/** The link that opens a run, batch or workflow in VS Code. */
export function vscodeLink(place: VsCodeLinkPlace, kind: CargoThing, uuid: string): string {
  return `${place.uriScheme}://${place.extensionId}/${kind}/${encodeURIComponent(uuid)}`;
}

/** What a link handed to the extension opens, or why it opens nothing. */
export function readVsCodeLink(link: LinkParts, extensionId: string, cargo: CargoAddresses): CargoReference {
  const length = [...link.path].length + [...link.query].length;
  if (length > MAX_LINK_CHARS) return { problem: `This link is ${length.toLocaleString('en-US')} characters long, too long for a link to Cargo. ${EXPECTED}` };
  if (link.authority.toLowerCase() !== extensionId.toLowerCase()) return { problem: `This link is for ${link.authority}, not for Cargo Runs. ${EXPECTED}` };
  const path = /^\/(run|batch|workflow)\/([^/]*)\/?$/.exec(link.path);
  if (path) {
    const kind = path[1] as CargoThing;
    const uuid = path[2] ?? '';
    return isUuid(uuid)
      ? { target: { kind, uuid: uuid.toLowerCase() } }
      : { problem: `This link names no ${kind}: what follows /${kind}/ is not a uuid. ${EXPECTED}` };
  }
  if (link.path === '/open' || link.path === '/open/') {
    const value = new URLSearchParams(link.query).getAll('link');
    if (value.length !== 1) return { problem: `This link has no link to Cargo after ?link=. ${EXPECTED}` };
    return readCargoReference(value[0] ?? '', cargo, OPEN_WORDING);
  }
  return { problem: `This link leads nowhere in Cargo Runs. ${EXPECTED}` };
}

/** The warning a refused link shows: the reason quotes the link (its host), so it is made inert for a notification. */
export function linkRefusedText(problem: string): string {
  return notificationText(`Cargo: This link was not opened. ${problem}`, 400);
}
