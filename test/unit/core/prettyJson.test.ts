// The JSON layout of "Open as JSON": like JSON.stringify(…, 2), without reordering or respelling, at any depth.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { prettyJson } from '../../../src/core/prettyJson';
import { cpuTimed } from '../../support/cpuTime';

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
    const { result: pretty, ms } = cpuTimed(() => prettyJson(text));
    assert.ok(ms < 200, `a 1 MB string is not read a character at a time (${Math.round(ms)} ms of CPU)`);
    assert.deepEqual(JSON.parse(pretty), JSON.parse(text));
    assert.equal(pretty, JSON.stringify(JSON.parse(text), null, 2));
  });
});
