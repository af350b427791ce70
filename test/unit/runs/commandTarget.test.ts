// What a command acts on, decided once: a row a source knows, a run's uuid or link given as the
// argument, else what is selected, in the sources' order; and where a started run shows.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Batch, Run } from '../../../src/api';
import { CommandTargets, type CommandTarget, type TargetSource } from '../../../src/runs/commandTarget';
import { runUuidIn } from '../../../src/runs/runLinks';
import type { OpenRunOptions } from '../../../src/runs/runOpener';
import { showStartedRun } from '../../../src/runs/showStartedRun';
import type { AfterStartingRun } from '../../../src/connection/settings';

const RUN = '3f2c9a1e-1b2c-4d5e-8f90-a1b2c3d4e5f6';
const run = { uuid: RUN, workflowUuid: 'w', batchUuid: 'b' } as unknown as Run;
const batch = { uuid: 'b', workflowUuid: 'w' } as unknown as Batch;

/** A source whose rows are objects with a `row` key, and whose selection is set by the test. */
function source(selected?: CommandTarget): TargetSource & { selection: CommandTarget | undefined } {
  return {
    selection: selected,
    targetOf: (arg) => (typeof arg === 'object' && arg !== null && 'row' in arg ? ((arg as { row: CommandTarget }).row ?? undefined) : undefined),
    selected() {
      return this.selection;
    },
  };
}

describe('command targets', () => {
  test('the argument first: a row of a source, or a run named by its uuid or a link', () => {
    const tree = source({ kind: 'batch', batch });
    const targets = new CommandTargets([tree], runUuidIn);
    assert.deepEqual(targets.resolve({ row: { kind: 'run', runUuid: RUN, run } }), { kind: 'run', runUuid: RUN, run });
    assert.deepEqual(targets.resolve(RUN.toUpperCase()), { kind: 'run', runUuid: RUN });
    assert.deepEqual(targets.resolve(`https://app.getcargo.io/workflows/w/runs/${RUN}`), { kind: 'run', runUuid: RUN });
  });

  test('no argument, or one that names nothing: what is selected, in the sources’ order', () => {
    const tree = source(undefined);
    const panels = source({ kind: 'run', runUuid: RUN });
    const targets = new CommandTargets([tree, panels], runUuidIn);
    assert.deepEqual(targets.resolve(), { kind: 'run', runUuid: RUN }, 'nothing selected in the tree: the active panel');
    tree.selection = { kind: 'batch', batch };
    assert.deepEqual(targets.resolve(), { kind: 'batch', batch }, 'the tree’s selection comes first');
    assert.deepEqual(targets.resolve('not a run'), { kind: 'batch', batch });
    assert.equal(targets.run(), undefined, 'a batch is no run');
    tree.selection = undefined;
    panels.selection = undefined;
    assert.equal(targets.resolve(), undefined);
  });
});

describe('where a started run shows', () => {
  function shows(setting: AfterStartingRun) {
    const opened: [string, OpenRunOptions | undefined][] = [];
    const revealed: string[] = [];
    const show = showStartedRun({
      opener: { open: (uuid, options) => void opened.push([uuid, options]) },
      revealInTree: (uuid) => Promise.resolve(void revealed.push(uuid)),
      setting: () => setting,
    });
    return { show, opened, revealed };
  }

  test('panel: its panel beside, with the run known; one of many: in the tree instead; tree; nothing', () => {
    const panel = shows('panel');
    panel.show(run, false);
    assert.deepEqual(panel.opened, [[RUN, { known: run, beside: true }]]);
    panel.show(run, true);
    assert.deepEqual(panel.revealed, [RUN], 'many runs at once do not open a panel each');
    const tree = shows('tree');
    tree.show(run, false);
    assert.deepEqual([tree.opened, tree.revealed], [[], [RUN]]);
    const nothing = shows('nothing');
    nothing.show(run, false);
    assert.deepEqual([nothing.opened, nothing.revealed], [[], []]);
  });
});
