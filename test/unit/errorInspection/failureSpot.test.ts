// Where a failed run's failure belongs in the file it was started from: the key the error names (the
// longest, as a whole word), else what was sent; nothing once that is gone from the text.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { locateFailure } from '../../../src/errorInspection/failureSpot';

const at = (text: string, needle: string, from = 0) => ({ offset: text.indexOf(needle, from), length: needle.length });

describe('failure spot', () => {
  test('a run file: the data key the error names, the longest one, as a whole word; else the "data" key', () => {
    const text = '{\n  "workflowUuid": "x", // comment\n  "data": {\n    "email": "a@b.co",\n    "emailVerified": true,\n    "domain": "b.co",\n  },\n}\n';
    assert.deepEqual(locateFailure(text, ['data'], 'Property "emailVerified" must be a string'), { span: at(text, '"emailVerified"'), key: 'emailVerified' });
    assert.deepEqual(locateFailure(text, ['data'], 'Invalid EMAIL address'), { span: at(text, '"email"'), key: 'email' });
    assert.deepEqual(locateFailure(text, ['data'], 'subdomain is not allowed'), { span: at(text, '"data"'), key: undefined }, 'not inside another word');
    assert.deepEqual(locateFailure(text, ['data'], 'Timeout after 30000 ms'), { span: at(text, '"data"'), key: undefined });
  });
  test('a record file, an array item, a selection: the key, else the object run; gone from the text: nothing', () => {
    const record = '{ "name": "Acme", "domain": "acme.io" }';
    assert.deepEqual(locateFailure(record, [], "Apollo API responded 422: domain is invalid ('acme.io')"), { span: at(record, '"domain"'), key: 'domain' });
    assert.deepEqual(locateFailure(record, [], 'Timeout'), { span: { offset: 0, length: record.length }, key: undefined });
    const array = '[{ "name": "a" }, { "name": "b", "email": "x" }]';
    assert.deepEqual(locateFailure(array, [1], 'email bounced'), { span: at(array, '"email"'), key: 'email' });
    assert.equal(locateFailure('{ "other": 1 }', ['data'], 'x'), undefined);
  });
});
