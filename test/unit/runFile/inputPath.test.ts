// Where the data that was run lies in its document, as a JSON path (kept with the started run).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathOfSpan } from '../../../src/runFile/inputPath';

const at = (text: string, needle: string, from = 0) => ({ offset: text.indexOf(needle, from), length: needle.length });

describe('input path', () => {
  test('an array item, a value deep in a document; a span that is not a value of its own: none', () => {
    const array = '[{ "name": "a" }, { "name": "b", "email": "x" }]';
    const second = at(array, '{ "name": "b"');
    const item = { offset: second.offset, length: array.indexOf('}', second.offset) + 1 - second.offset };
    assert.deepEqual(pathOfSpan(array, item), [1]);
    const doc = '{ "response": { "lead": { "name": "S", "phone": "1" } } }';
    const lead = at(doc, '{ "name": "S", "phone": "1" }');
    assert.deepEqual(pathOfSpan(doc, lead), ['response', 'lead']);
    assert.deepEqual(pathOfSpan(doc, { offset: lead.offset, length: 3 }), undefined, 'not a value of its own');
    assert.deepEqual(pathOfSpan(array, { offset: 0, length: array.length }), [], 'the whole document');
  });
});
