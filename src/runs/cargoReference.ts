// What a text names in Cargo, for "Cargo: Open…" (a run, batch or workflow) and "Open Run" boxes (a run
// only): a uuid, or a link to one in Cargo's web app or API; or exactly why not, in one line that says
// what the box takes. Nothing here asks Cargo anything. VS Code-free (test/unit/badInput.test.ts).
import { unusualCharacter } from '../shared/text';
import { isUuid, uuidAfter, uuidIn } from '../shared/uuid';

/** Longer text is not a uuid or a link to something in Cargo. */
export const MAX_REFERENCE_CHARS = 2048;

/** What a uuid or link can name. */
export type CargoThing = 'run' | 'batch' | 'workflow';

/**
 * What a text names: a run, batch or workflow; `any` for a bare uuid, which could be any of the three
 * (Cargo's uuids do not say what they are). A link to a batch or run also names its workflow when the
 * link does (the web app's …/workflows/<w>/batches/<b>).
 */
export interface CargoTarget {
  readonly kind: CargoThing | 'any';
  readonly uuid: string;
  readonly workflowUuid?: string;
}

export type CargoReference = { readonly target: CargoTarget; readonly problem?: undefined } | { readonly target?: undefined; readonly problem: string };

/** Where links may point: Cargo's web app and its API, as configured. */
export interface CargoAddresses {
  readonly webAppBaseUrl: string;
  readonly apiBaseUrl: string;
}

/** How one box says what it takes, and what it takes. */
export interface ReferenceWording {
  /** The sentence every refusal ends with. */
  readonly expected: string;
  /** What to type, e.g. "a run uuid". */
  readonly typeThis: string;
  /** What a too long text is too long for, e.g. "a run". */
  readonly tooLongFor: string;
  /** What text without a link lacks, e.g. "run uuid". */
  readonly missing: string;
  /** What a link to Cargo must lead to, e.g. "a run (…/runs/<uuid>)". */
  readonly leadsTo: string;
  /** The things the box opens. */
  readonly things: readonly CargoThing[];
}

/** "Cargo: Open…" (and a link into VS Code's `?link=`): a run, batch or workflow. */
export const OPEN_WORDING: ReferenceWording = {
  expected: 'Open takes a run, batch or workflow uuid (8-4-4-4-12 hexadecimal digits) or a link to one in Cargo.',
  typeThis: 'a uuid or a link to Cargo',
  tooLongFor: 'a uuid or a link',
  missing: 'uuid',
  leadsTo: 'a run, batch or workflow (…/runs/<uuid>, …/batches/<uuid> or …/workflows/<uuid>)',
  things: ['run', 'batch', 'workflow'],
};

/** The segment of a link's path before each thing's uuid, most specific first (a run's link names its workflow too). */
const SEGMENTS: readonly (readonly [CargoThing, string])[] = [
  ['run', 'runs'],
  ['batch', 'batches'],
  ['workflow', 'workflows'],
];

export function readCargoReference(text: string, cargo: CargoAddresses, wording: ReferenceWording = OPEN_WORDING): CargoReference {
  const { expected } = wording;
  const trimmed = text.trim();
  if (trimmed === '') return { problem: `Type or paste ${wording.typeThis}. ${expected}` };
  const length = [...trimmed].length;
  if (length > MAX_REFERENCE_CHARS)
    return { problem: `This is ${length.toLocaleString('en-US')} characters long, too long for ${wording.tooLongFor}. ${expected}` };
  const unusual = unusualCharacter(trimmed);
  if (unusual) return { problem: `This has a control character in it (${unusual}). ${expected}` };
  const only = wording.things.length === 1 ? wording.things[0] : undefined;
  if (isUuid(trimmed)) return { target: { kind: only ?? 'any', uuid: trimmed.toLowerCase() } };
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) return targetInLink(trimmed, cargo, wording);
  if (/[/\\%]/.test(trimmed)) return { problem: `This has a path in it, and is not a link to Cargo. ${expected}` };
  // Text copied from a message ("run 3f2c… failed") names its uuid.
  const uuid = uuidIn(trimmed);
  return uuid ? { target: { kind: only ?? 'any', uuid } } : { problem: `This contains no ${wording.missing}. ${expected}` };
}

function targetInLink(text: string, cargo: CargoAddresses, wording: ReferenceWording): CargoReference {
  const { expected } = wording;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: `This is not a valid link. ${expected}` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { problem: `This is a ${url.protocol} link, not a link to Cargo. ${expected}` };
  const cargoOrigins = [cargo.webAppBaseUrl, cargo.apiBaseUrl].flatMap((base) => {
    try {
      return [new URL(base).origin];
    } catch {
      return [];
    }
  });
  if (!cargoOrigins.includes(url.origin)) {
    const hosts = cargoOrigins.map((origin) => new URL(origin).host).join(' or ');
    return { problem: `This links to ${url.host}, not to Cargo (${hosts}). ${expected}` };
  }
  // The URL parser has already resolved `..` segments, encoded or not: what is left is where it points.
  const target = targetInPath(url.pathname, wording.things);
  return target ? { target } : { problem: `This link to Cargo does not lead to ${wording.leadsTo}. ${expected}` };
}

/** The most specific thing a link's path leads to (…/runs/<uuid>, nothing glued to the uuid), lower case. */
function targetInPath(path: string, things: readonly CargoThing[]): CargoTarget | undefined {
  const workflowUuid = uuidAfter(path, 'workflows', true);
  for (const [kind, segment] of SEGMENTS) {
    const uuid = uuidAfter(path, segment, true);
    if (!uuid) continue;
    if (!things.includes(kind)) return undefined;
    return kind === 'workflow' || !workflowUuid ? { kind, uuid } : { kind, uuid, workflowUuid };
  }
  return undefined;
}
