// VS Code-free building blocks: the JSON layout of "Open as JSON", run uuids in pasted text, and the
// "can someone see it" gate of live updates.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { prettyJson } from '../../src/core/prettyJson';
import { watchSeen, type Visibility } from '../../src/core/seen';
import { runUuidIn } from '../../src/core/webAppUrls';

describe('prettyJson', () => {
  test('lays JSON out like JSON.stringify(…, 2) would, without reordering keys or respelling numbers', () => {
    const text = '{"run":{"uuid":"a","n":[1,2.50,{"x":"a,b:{c}\\"q ]"}],"e":{},"f":[ ]},"2":1,"1":1e3}';
    const pretty = prettyJson(text);
    assert.deepEqual(JSON.parse(pretty), JSON.parse(text));
    assert.deepEqual(Object.keys(JSON.parse(pretty) as object), Object.keys(JSON.parse(text) as object));
    assert.match(pretty, /"n": \[\n {6}1,\n {6}2\.50,/, 'numbers as sent: 2.50 stays 2.50');
    assert.match(pretty, /"2": 1,\n {2}"1": 1e3\n\}$/, 'integer-like keys keep their place');
    assert.match(pretty, /"e": \{\},\n {4}"f": \[\]/, 'empty containers stay on one line');
    const plain = { a: [1, { b: null, c: true }], d: 'x' };
    assert.equal(prettyJson(JSON.stringify(plain)), JSON.stringify(plain, null, 2));
  });

  test('a value 20,000 levels deep costs no stack and stays readable', () => {
    const deep = `${'{"level":'.repeat(20_000)}"bottom"${'}'.repeat(20_000)}`;
    const pretty = prettyJson(deep);
    assert.ok(pretty.split('\n').length < 200, 'past 64 levels it stays on one line');
    assert.equal(pretty.replace(/\s/g, ''), deep);
  });
});

describe('runUuidIn', () => {
  const uuid = '3f2c9a1e-1b2c-4d5e-8f90-a1b2c3d4e5f6';
  test('finds a run uuid alone, in a Cargo URL, or in pasted text; lower case', () => {
    assert.equal(runUuidIn(uuid), uuid);
    assert.equal(runUuidIn(`  ${uuid.toUpperCase()}\n`), uuid);
    assert.equal(runUuidIn(`https://app.getcargo.io/workflows/11111111-2222-4333-8444-555555555555/runs/${uuid}?tab=1`), uuid);
    assert.equal(runUuidIn(`run ${uuid} failed`), uuid);
  });

  test('text without a run uuid gives undefined: no panel for a made-up id', () => {
    assert.equal(runUuidIn('not a run at all'), undefined);
    assert.equal(runUuidIn('https://app.getcargo.io/workflows/x/runs/------------------------------------'), undefined);
    assert.equal(runUuidIn(`${uuid}0`), undefined, 'one digit too many');
    assert.equal(runUuidIn(uuid.slice(1)), undefined, 'one digit short');
  });
});

describe('watchSeen', () => {
  class Toggle implements Visibility {
    visible: boolean;
    private readonly listeners = new Set<(value: unknown) => void>();
    constructor(visible: boolean) {
      this.visible = visible;
    }
    readonly onDidChange = (listener: (value: unknown) => void) => {
      this.listeners.add(listener);
      return { dispose: () => this.listeners.delete(listener) };
    };
    set(visible: boolean): void {
      this.visible = visible;
      for (const listener of this.listeners) listener(undefined);
    }
  }

  test('seen = visible and the window focused; told at once and on every change, not on repeats', () => {
    const view = new Toggle(true);
    const window = new Toggle(false);
    const told: boolean[] = [];
    const watcher = watchSeen(view, window, (seen) => told.push(seen));
    window.set(true);
    window.set(true);
    view.set(false);
    view.set(true);
    assert.deepEqual(told, [false, true, false, true]);
    watcher.dispose();
    window.set(false);
    assert.equal(told.length, 4, 'nothing after dispose');
  });
});
