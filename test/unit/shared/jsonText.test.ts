// JSON written for people (hovers, Show Error), at any depth and size.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonText, jsonTextWithoutRecursion } from '../../../src/shared/jsonText';
import { deepJsonText } from '../support/hostile';
import { cpuTimed } from '../../support/cpuTime';

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
    const { result: shown, ms } = cpuTimed(() => jsonText(value, '  '));
    assert.ok(ms < 1000, `${Math.round(ms)} ms of CPU`);
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
