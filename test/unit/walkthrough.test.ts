// The walkthrough as the manifest declares it: every step completes by itself on a signal the
// extension (or VS Code) really gives, shows a picture that ships in media/, and has a button that
// runs a command that exists.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { COMMANDS, CONTEXT_KEYS, VIEWS } from '../../src/ids';
import { REPO_ROOT } from '../support/paths';

interface Step {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly media: { readonly svg?: string; readonly image?: string; readonly markdown?: string; readonly altText?: string };
  readonly completionEvents?: readonly string[];
}
interface Manifest {
  readonly contributes: {
    readonly walkthroughs: readonly { readonly id: string; readonly title: string; readonly steps: readonly Step[] }[];
    readonly commands: readonly { readonly command: string }[];
  };
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const [walkthrough] = manifest.contributes.walkthroughs;
const steps = walkthrough?.steps ?? [];
/** VS Code's own commands a step's button may run. */
const BUILT_IN_COMMANDS = new Set(['workbench.actions.view.problems']);

function commandLinks(description: string): string[] {
  return [...description.matchAll(/\]\(command:([^)?]+)/g)].map((match) => match[1] ?? '');
}

describe('walkthrough (package.json contributes.walkthroughs)', () => {
  test('one walkthrough of the first minutes: sign in, browse a batch, open a failed run, run a file, see a failure in Problems', () => {
    assert.equal(manifest.contributes.walkthroughs.length, 1);
    assert.deepEqual(
      steps.map((step) => step.id),
      ['signIn', 'browseBatch', 'openFailedRun', 'runFile', 'seeFailure'],
    );
  });

  test('every step completes on an event the extension or VS Code gives: a context key we set, or a command we contribute', () => {
    const contextKeys = new Set<string>(Object.values(CONTEXT_KEYS));
    const commands = new Set<string>(Object.values(COMMANDS));
    for (const step of steps) {
      assert.ok(step.completionEvents && step.completionEvents.length > 0, `${step.id} has completion events`);
      for (const event of step.completionEvents) {
        const [kind, ...rest] = event.split(':');
        const target = rest.join(':');
        if (kind === 'onContext') assert.ok(contextKeys.has(target), `${step.id}: ${target} is one of CONTEXT_KEYS`);
        else if (kind === 'onCommand') assert.ok(commands.has(target), `${step.id}: ${target} is one of COMMANDS`);
        else assert.fail(`${step.id}: ${event} is neither onContext nor onCommand`);
      }
    }
  });

  test('every context key set only for the walkthrough completes a step', () => {
    const events = steps.flatMap((step) => step.completionEvents ?? []);
    for (const key of [CONTEXT_KEYS.batchExpanded, CONTEXT_KEYS.failedRunOpened, CONTEXT_KEYS.fileRunStarted, CONTEXT_KEYS.runFailureShown]) {
      assert.ok(events.includes(`onContext:${key}`), `${key} completes a step`);
    }
  });

  test('every step has a picture in media/walkthrough/ that exists, is a small SVG with no script, and a text for it', () => {
    for (const step of steps) {
      const path = step.media.svg;
      assert.ok(path, `${step.id} has an svg`);
      assert.match(path, /^media\/walkthrough\/[\w-]+\.svg$/, `${step.id}: in media/walkthrough/ (which ships)`);
      const file = join(REPO_ROOT, path);
      assert.ok(existsSync(file), `${path} exists`);
      assert.ok(statSync(file).size < 4096, `${path} is small`);
      const svg = readFileSync(file, 'utf8');
      assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.doesNotMatch(svg, /<script|on\w+=/i, `${path} has no script`);
      assert.ok((step.media.altText ?? '').length > 10, `${step.id} has an alt text`);
    }
  });

  test('every step has a button: a command link, alone on its line, to a command that exists', () => {
    const contributed = new Set(manifest.contributes.commands.map((command) => command.command));
    const viewFocus = new Set(Object.values(VIEWS).map((view) => `${view}.focus`));
    for (const step of steps) {
      const links = commandLinks(step.description);
      assert.ok(links.length > 0, `${step.id} has a command link`);
      for (const command of links) {
        assert.ok(contributed.has(command) || viewFocus.has(command) || BUILT_IN_COMMANDS.has(command), `${step.id}: ${command} exists`);
      }
      // VS Code draws a link alone on its line as a button.
      assert.ok(
        step.description.split('\n').some((line) => /^\[[^\]]+\]\(command:[^)]+\)$/.test(line)),
        `${step.id}: a link alone on its line`,
      );
    }
  });
});
