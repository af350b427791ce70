// The run panel's search over JSON values: which entries match, the way to them, and the budget.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { matchValue, newBudget, type MatchNode } from '../../../src/webview/jsonSearch';
import { jsonPath } from '../../../src/shared/jsonPath';
import type { JsonValue } from '../../../src/shared/protocol';

/** The paths of the entries that matched themselves, as JSON paths under `root`. */
function matchedPaths(node: MatchNode | undefined, path: (string | number)[] = ['root']): string[] {
  if (!node) return [];
  const own = node.self ? [jsonPath(path)] : [];
  return [...own, ...[...node.children].flatMap(([key, child]) => matchedPaths(child, [...path, key]))];
}

const company: JsonValue = {
  name: 'Atlas AI',
  domain: 'atlasai.co',
  employees: 8,
  public: false,
  ceo: null,
  tags: ['abm', 'Tier-2'],
  geo: { city: 'London', 'post code': 'EC1A' },
  atlasId: 'x-1',
};

describe('JSON search', () => {
  test('finds keys and values at any depth, case-insensitively, and keeps the way to them', () => {
    const match = matchValue(company, 'atlas', false, newBudget(100));
    assert.deepEqual(matchedPaths(match), ['root.name', 'root.domain', 'root.atlasId']);
    assert.equal(match?.self, false, 'the root itself did not match');
    assert.deepEqual(matchedPaths(matchValue(company, 'london', false, newBudget(100))), ['root.geo.city']);
    assert.deepEqual(matchedPaths(matchValue(company, 'post', false, newBudget(100))), ['root.geo["post code"]']);
    assert.deepEqual(matchedPaths(matchValue(company, 'tier', false, newBudget(100))), ['root.tags[1]']);
  });

  test('numbers, booleans and null match by their text; array indexes do not match as keys', () => {
    assert.deepEqual(matchedPaths(matchValue(company, '8', false, newBudget(100))), ['root.employees']);
    assert.deepEqual(matchedPaths(matchValue(company, 'false', false, newBudget(100))), ['root.public']);
    assert.deepEqual(matchedPaths(matchValue(company, 'null', false, newBudget(100))), ['root.ceo']);
    assert.deepEqual(matchedPaths(matchValue(['a', 'b'], '1', false, newBudget(100))), []);
  });

  test('a container whose key matched is a match itself; its children count only when they match too', () => {
    const match = matchValue({ geo: { city: 'Paris' } }, 'geo', false, newBudget(100));
    assert.deepEqual(matchedPaths(match), ['root.geo']);
    assert.equal(match?.children.get('geo')?.children.size, 0);
  });

  test('nothing found gives undefined; the budget stops the walk and counts what was found', () => {
    assert.equal(matchValue(company, 'nowhere', false, newBudget(100)), undefined);
    const many = Array.from({ length: 50 }, (_, i) => ({ label: `item ${i}` }));
    const budget = newBudget(10);
    const match = matchValue(many, 'item', false, budget);
    assert.equal(budget.found, 10);
    assert.equal(budget.remaining, 0);
    assert.equal(matchedPaths(match).length, 10);
  });

  test('a "__proto__" key is searched like any other key', () => {
    const value = JSON.parse('{"__proto__": {"polluted": "yes"}}') as JsonValue;
    assert.deepEqual(matchedPaths(matchValue(value, 'polluted', false, newBudget(10))), ['root.__proto__.polluted']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('JSON paths use dots for identifiers and brackets for the rest', () => {
    assert.equal(jsonPath(['runContext', 'start', 'utm', 0, 'a b', 'x"y']), 'runContext.start.utm[0]["a b"]["x\\"y"]');
  });
});
