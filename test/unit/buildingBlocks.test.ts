// VS Code-free building blocks: the JSON layout of "Open as JSON", run uuids in pasted text, and the
// "can someone see it" gate of live updates.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { prettyJson } from '../../src/core/prettyJson';
import { watchSeen, type Visibility } from '../../src/core/seen';
import { runUuidIn } from '../../src/runs/runLinks';
import { jsonText, jsonTextWithoutRecursion } from '../../src/shared/jsonText';
import { deepJsonText } from './support/hostile';

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

  test('strings are skipped in one search, escaped quotes and backslashes included', () => {
    const text = JSON.stringify({ a: 'x'.repeat(1_000_000), b: 'say \\"hi\\" \\\\', c: ['\\\\"', '{[,:]}'] });
    const started = performance.now();
    const pretty = prettyJson(text);
    assert.ok(performance.now() - started < 200, 'a 1 MB string is not read a character at a time');
    assert.deepEqual(JSON.parse(pretty), JSON.parse(text));
    assert.equal(pretty, JSON.stringify(JSON.parse(text), null, 2));
  });
});

describe('jsonText', () => {
  const samples: unknown[] = [
    1,
    'a "quoted" \\ string',
    null,
    true,
    [],
    {},
    [1, [2, {}], { a: [] }],
    { a: 1, b: { c: [1, 'x', null, true] }, skipped: undefined, f: () => 1, d: new Date(0) },
    [undefined, Number.NaN, -0, Infinity],
    JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{}},"2":1,"1":2}'),
  ];

  test('writes what JSON.stringify writes, with and without indentation, with or without recursion', () => {
    for (const value of samples) {
      for (const indent of ['', '  ']) {
        assert.equal(jsonText(value, indent), JSON.stringify(value, null, indent));
        assert.equal(jsonTextWithoutRecursion(value, indent), JSON.stringify(value, null, indent), JSON.stringify(value));
      }
    }
    assert.equal(jsonText(undefined), 'null');
    assert.ok(!('polluted' in {}));
  });

  test('a value 20,000 levels deep: no RangeError, indentation stops at 64 levels, read back the same', () => {
    const text = deepJsonText(20_000);
    const value: unknown = JSON.parse(text);
    assert.throws(() => JSON.stringify(value), RangeError, 'JSON.stringify cannot');
    const started = performance.now();
    const shown = jsonText(value, '  ');
    assert.ok(performance.now() - started < 1000);
    assert.equal(shown.replace(/\s/g, ''), text);
    assert.ok(shown.split('\n').length < 200);
    assert.equal(jsonText(value), text);
  });

  test('maxLength: only the start of a huge value is written', () => {
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`key${i}`, i]));
    const start = jsonTextWithoutRecursion(wide, '  ', 100);
    assert.ok(start.length >= 100 && start.length < 130, `${start.length}`);
    assert.ok(JSON.stringify(wide, null, 2).startsWith(start));
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
