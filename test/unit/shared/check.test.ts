// The checker the run panel's messages are declared with (src/shared/check.ts): what each check accepts and refuses.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { array, boolean, either, isRecord, literal, nullable, number, object, optional, refine, string, union, unchecked } from '../../../src/shared/check';

/** Each value of `accepted` passes, each of `refused` does not. */
function sorts(check: (value: unknown) => boolean, accepted: readonly unknown[], refused: readonly unknown[]): void {
  for (const value of accepted) assert.equal(check(value), true, `accepts ${inspect(value)}`);
  for (const value of refused) assert.equal(check(value), false, `refuses ${inspect(value)}`);
}

describe('check', () => {
  test('scalars: strings, finite numbers, booleans, plain objects', () => {
    sorts(string, ['', 'x'], [undefined, null, 1, new String('x'), ['x']]);
    sorts(number, [0, -0, -1.5, Number.MAX_VALUE], [NaN, Infinity, -Infinity, '1', 1n, null, undefined]);
    sorts(boolean, [true, false], [0, 'true', null, undefined]);
    sorts(isRecord, [{}, { a: 1 }, Object.create(null)], [null, [], 'x', 1, undefined]);
  });

  test('literal, either, nullable, optional, refine', () => {
    sorts(literal('context', 'configs'), ['context', 'configs'], ['Context', '', null, undefined, ['context']]);
    sorts(either(string, number), ['a', 0], [NaN, null, true, undefined]);
    sorts(nullable(string), [null, 'x'], [undefined, 1]);
    sorts(optional(string), [undefined, 'x'], [null, 1]);
    sorts(
      refine(number, (index) => Number.isSafeInteger(index) && index >= 0),
      [0, 7, Number.MAX_SAFE_INTEGER],
      [-1, 1.5, 2 ** 53, NaN, '1'],
    );
    sorts(unchecked<unknown>(), [undefined, null, NaN, { deep: [1] }], []);
  });

  test('array: every item passes; holes are skipped as Array.prototype.every skips them', () => {
    // eslint-disable-next-line no-sparse-arrays
    sorts(array(string), [[], ['a', 'b'], [, 'a']], [['a', 1], [undefined], 'ab', { 0: 'a', length: 1 }, null]);
  });

  test('object: declared fields checked, other keys ignored; a required field must be there even when its check takes anything', () => {
    const node = object({ slug: string, value: unchecked<unknown>(), problem: optional(string) });
    sorts(
      node,
      [
        { slug: 's', value: 1 },
        { slug: 's', value: undefined },
        { slug: 's', value: null, problem: 'p', extra: [] },
      ],
      [{ slug: 's' }, { value: 1 }, { slug: 's', value: 1, problem: null }, [], null],
    );
    const received = { slug: 's', value: { big: true }, extra: '<b>' };
    const read = node.parse(received);
    assert.deepEqual(read, { slug: 's', value: { big: true } }, 'the declared fields, nothing else');
    assert.equal(read?.value, received.value, 'field values are the received ones, not copies');
    assert.equal('problem' in (read ?? {}), false, 'an absent optional field stays absent');
    assert.equal(node.parse({ slug: 1, value: 1 }), undefined);
  });

  test('union: the tag names the variant, whose fields are checked; an unknown or inherited tag is refused', () => {
    const status = union('kind', { loading: { receivedBytes: number }, failed: { message: string }, idle: {} });
    sorts(
      status,
      [
        { kind: 'loading', receivedBytes: 1 },
        { kind: 'failed', message: 'm' },
        { kind: 'idle', other: 1 },
      ],
      [
        { kind: 'loading', message: 'm' },
        { kind: 'failed', receivedBytes: 1 },
        { kind: 'other' },
        { kind: 'toString' },
        { kind: '__proto__' },
        { receivedBytes: 1 },
        'idle',
        null,
      ],
    );
    assert.deepEqual(status.parse({ kind: 'idle', url: 'https://elsewhere.example' }), { kind: 'idle' });
    assert.deepEqual(status.parse({ kind: 'failed', message: 'm', signIn: true }), { kind: 'failed', message: 'm' });
    assert.equal(status.parse({ kind: 'failed' }), undefined);
  });

  test('checks nest: arrays of objects, nullable unions', () => {
    const run = object({ executions: array(object({ credits: number })), status: nullable(union('type', { ok: {} })) });
    sorts(
      run,
      [
        { executions: [], status: null },
        { executions: [{ credits: 1 }], status: { type: 'ok' } },
      ],
      [{ executions: [{ credits: NaN }], status: null }, { executions: [{ credits: 1 }], status: { type: 'no' } }, { executions: [{ credits: 1 }] }],
    );
  });
});
