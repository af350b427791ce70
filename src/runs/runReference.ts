// What "Cargo: Open Run…" makes of the text typed or pasted (or passed to the command): a run uuid, or
// exactly why not, in one line that says what it takes. VS Code-free (test/unit/badInput.test.ts).
import { unusualCharacter } from '../shared/text';
import { isUuid } from '../shared/uuid';
import { runUuidIn, runUuidInPath } from './runLinks';

/** Longer text is not a uuid or a link to a run. */
export const MAX_RUN_REFERENCE_CHARS = 2048;
const EXPECTED = 'Open Run takes a run uuid (8-4-4-4-12 hexadecimal digits) or a link to a run in Cargo.';

export type RunReference = { readonly uuid: string; readonly problem?: undefined } | { readonly uuid?: undefined; readonly problem: string };

/** Where links to runs may point: Cargo's web app and its API, as configured. */
export interface CargoAddresses {
  readonly webAppBaseUrl: string;
  readonly apiBaseUrl: string;
}

export function readRunReference(text: string, cargo: CargoAddresses): RunReference {
  const trimmed = text.trim();
  if (trimmed === '') return { problem: `Type or paste a run uuid. ${EXPECTED}` };
  const length = [...trimmed].length;
  if (length > MAX_RUN_REFERENCE_CHARS) return { problem: `This is ${length.toLocaleString('en-US')} characters long, too long for a run. ${EXPECTED}` };
  const unusual = unusualCharacter(trimmed);
  if (unusual) return { problem: `This has a control character in it (${unusual}). ${EXPECTED}` };
  if (isUuid(trimmed)) return { uuid: trimmed.toLowerCase() };
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return runInLink(trimmed, cargo);
  if (/[/\\%]/.test(trimmed)) return { problem: `This has a path in it, and is not a link to Cargo. ${EXPECTED}` };
  // Text copied from a message ("run 3f2c… failed") names its run.
  const uuid = runUuidIn(trimmed);
  return uuid ? { uuid } : { problem: `This contains no run uuid. ${EXPECTED}` };
}

function runInLink(text: string, cargo: CargoAddresses): RunReference {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `This is not a valid link. ${EXPECTED}` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: `This is a ${url.protocol} link, not a link to Cargo. ${EXPECTED}` };
  const cargoOrigins = [cargo.webAppBaseUrl, cargo.apiBaseUrl].flatMap((base) => {
    try {
      return [new URL(base).origin];
    } catch {
      return [];
    }
  });
  if (!cargoOrigins.includes(url.origin)) {
    const hosts = cargoOrigins.map((origin) => new URL(origin).host).join(' or ');
    return { problem: `This links to ${url.host}, not to Cargo (${hosts}). ${EXPECTED}` };
  }
  // The URL parser has already resolved `..` segments, encoded or not: what is left is where it points.
  const uuid = runUuidInPath(url.pathname);
  return uuid ? { uuid } : { problem: `This link to Cargo does not lead to a run (…/runs/<uuid>). ${EXPECTED}` };
}
