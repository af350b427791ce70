// Finding text in JSON values: which entries match a query (by key or by value), kept as a tree of
// the paths that lead to matches, so the panel can show only those and open the way to them.
// Plain data, no DOM: unit-tested in Node.
import type { JsonValue } from '../shared/protocol';

export type Key = string | number;

export interface MatchNode {
  /** This entry's own key, or its value if it is not a container, contains the query. */
  self: boolean;
  /** The entries below with a match at or under them, in the value's order. */
  readonly children: Map<Key, MatchNode>;
}

export interface MatchBudget {
  /** Matches still wanted; the walk stops at 0. */
  remaining: number;
  /** Matches found so far. */
  found: number;
}

export function newBudget(limit: number): MatchBudget {
  return { remaining: limit, found: 0 };
}

/** The text a primitive is searched as (a string's own characters, without JSON quotes). */
export function searchText(value: string | number | boolean | null): string {
  return typeof value === 'string' ? value : String(value);
}

export function entriesOf(value: JsonValue[] | { [key: string]: JsonValue }): [Key, JsonValue][] {
  return Array.isArray(value) ? value.map((item, index): [Key, JsonValue] => [index, item]) : Object.entries(value);
}

/**
 * The matches of `query` (lower case, not empty) in `value`, whose own key matched or not. Array
 * indexes are not matched as keys. Undefined when nothing matches.
 */
export function matchValue(value: JsonValue, query: string, keyMatched: boolean, budget: MatchBudget): MatchNode | undefined {
  if (budget.remaining <= 0) return undefined;
  const node: MatchNode = { self: keyMatched, children: new Map() };
  if (keyMatched) count(budget);
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of entriesOf(value)) {
      if (budget.remaining <= 0) break;
      const childMatch = matchValue(child, query, typeof key === 'string' && key.toLowerCase().includes(query), budget);
      if (childMatch) node.children.set(key, childMatch);
    }
  } else if (!keyMatched && searchText(value).toLowerCase().includes(query)) {
    node.self = true;
    count(budget);
  }
  return node.self || node.children.size > 0 ? node : undefined;
}

function count(budget: MatchBudget): void {
  budget.remaining--;
  budget.found++;
}
