// What an "Open Run" box makes of the text typed or pasted: a run uuid, or exactly why not, in one line
// that says what it takes (cargoReference.ts judges it, as it does for "Cargo: Open…"). VS Code-free
// (test/unit/badInput.test.ts).
import { MAX_REFERENCE_CHARS, readCargoReference, type CargoAddresses, type ReferenceWording } from './cargoReference';

export type { CargoAddresses } from './cargoReference';

/** Longer text is not a uuid or a link to a run. */
export const MAX_RUN_REFERENCE_CHARS = MAX_REFERENCE_CHARS;

const RUN_WORDING: ReferenceWording = {
  expected: 'Open Run takes a run uuid (8-4-4-4-12 hexadecimal digits) or a link to a run in Cargo.',
  typeThis: 'a run uuid',
  tooLongFor: 'a run',
  missing: 'run uuid',
  leadsTo: 'a run (…/runs/<uuid>)',
  things: ['run'],
};

export type RunReference = { readonly uuid: string; readonly problem?: undefined } | { readonly uuid?: undefined; readonly problem: string };

export function readRunReference(text: string, cargo: CargoAddresses): RunReference {
  const { target, problem } = readCargoReference(text, cargo, RUN_WORDING);
  return target ? { uuid: target.uuid } : { problem };
}
