// Hostile data × every surface that shows run data: each hostile input (support/hostile.ts) goes in
// every string field of a Cargo world (support/world.ts), and every surface (support/surfaces.ts) is
// built from it with the product's presentation code. Each cell: no exception, built in under a
// second, every part inert for its sink and bounded where the sink is one line, no element, link or
// icon that the same surface built from benign data lacks, and the data still readable as text.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HOSTILE, prototypeIsClean, type HostileInput } from './support/hostile';
import { checkShown, folded, loadMarkdown, visibleText, type Shown } from './support/sinks';
import { SURFACES, type Surface } from './support/surfaces';
import { hostileWorld, type World } from './support/world';
import { cpuTimed } from '../support/cpuTime';

/** Inputs this long go in every text field only: every string, statuses and times too, adds nothing but time. */
const LARGE = 100_000;

/** A cell may take this long to build (the issue: no extension-host stall over 1 s). */
const BUDGET_MS = 1000;

/** The same text with every visible character an "x": same length, same lines, same emptiness. */
const benign = (text: string): string =>
  // A long text's start and end are enough: every sink reads only a start, and a first line may begin near the end.
  text.length > LARGE
    ? benign(`${text.slice(0, 10_000)}${text.slice(-10_000)}`)
    : text.replace(/[^\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g, 'x'); // eslint-disable-line no-control-regex

const MODES = [
  { name: 'in every text field', everyString: false },
  { name: 'in every string, statuses and times too', everyString: true },
] as const;

/** The first characters a reader should find somewhere on the surface. */
function needle(input: HostileInput): string {
  return Array.from(folded(input.text.slice(0, 100)))
    .slice(0, 12)
    .join('');
}

describe('hostile data on every surface', () => {
  before(loadMarkdown);

  for (const mode of MODES) {
    describe(mode.name, () => {
      for (const input of HOSTILE.filter((candidate) => !mode.everyString || candidate.text.length <= LARGE)) {
        test(input.name, () => {
          const world = hostileWorld(input.text, input.json, input.jsonText, mode.everyString);
          const reference = hostileWorld(benign(input.text), { x: 'x' }, '{"x":"x"}', mode.everyString);
          const problems: string[] = [];
          for (const surface of SURFACES) {
            try {
              checkCell(surface, world, reference, input);
            } catch (error) {
              problems.push(error instanceof Error ? error.message.slice(0, 1500) : String(error));
            }
          }
          assert.deepEqual(problems, [], problems.join('\n\n'));
          assert.ok(prototypeIsClean(), `${input.name}: Object.prototype was polluted`);
        });
      }
    });
  }

  test('the table covers every surface and every hostile input', () => {
    assert.ok(SURFACES.length >= 15, `${SURFACES.length} surfaces`);
    assert.ok(HOSTILE.length >= 35, `${HOSTILE.length} hostile inputs`);
  });
});

function checkCell(surface: Surface, world: World, reference: World, input: HostileInput): void {
  const label = `${surface.name} ← ${input.name}`;
  let parts: Shown[];
  let ms: number;
  try {
    ({ result: parts, ms } = cpuTimed(() => surface.build(world)));
  } catch (error) {
    assert.fail(`${label}: threw ${error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : String(error)}`);
  }
  // A document is as large as the data (a run with 1 MB in each of its ~40 strings is a 40 MB
  // document): laying it out may take 1 s per 20 million characters. Every other part is bounded.
  const documentLength = parts.reduce((sum, part) => sum + (part.sink === 'document' || part.sink === 'jsonLines' ? part.text.length : 0), 0);
  const budget = BUDGET_MS * Math.max(1, documentLength / 20_000_000);
  assert.ok(ms < budget, `${label}: took ${Math.round(ms)} ms of CPU (budget ${Math.round(budget)} ms)`);
  surface.verify?.(world);
  const expected = surface.build(reference);
  // A surface may show nothing of some worlds (no failure: no problem, no hover), as it shows nothing of the benign one.
  assert.ok(parts.length > 0 || expected.length === 0, `${label}: shows nothing`);
  parts.forEach((part, i) => checkShown(part, expected[i]?.part === part.part ? expected[i] : undefined, label));
  for (const part of parts) if (part.part.endsWith('label')) assert.notEqual(folded(part.text), '', `${label} → ${part.part}: an empty label`);
  const wanted = needle(input);
  if (wanted && !parts.every((part) => part.sink === 'document')) {
    const seen = parts.filter((part) => part.sink !== 'document').map(visibleText);
    assert.ok(
      seen.some((text) => text.includes(wanted)),
      `${label}: the data is not readable anywhere (looked for ${JSON.stringify(wanted)} in ${JSON.stringify(seen.slice(0, 4)).slice(0, 600)})`,
    );
  }
}
