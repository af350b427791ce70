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
 * indexes are not matched as keys. Undefined when nothing matches. Walked without recursion: a value
 * nested thousands of levels deep would overflow the stack.
 */
export function matchValue(value: JsonValue, query: string, keyMatched: boolean, budget: MatchBudget): MatchNode | undefined {
  if (budget.remaining <= 0) return undefined;
  const root = visit(value, query, keyMatched, budget, undefined);
  const stack: Visit[] = [root];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Visit;
    if (top.entries && top.next < top.entries.length && budget.remaining > 0) {
      const [key, child] = top.entries[top.next++] as [Key, JsonValue];
      stack.push(visit(child, query, typeof key === 'string' && key.toLowerCase().includes(query), budget, key));
      continue;
    }
    stack.pop();
    // Done with this entry: kept under its parent if it or something under it matched.
    const parent = stack[stack.length - 1];
    if (parent && (top.node.self || top.node.children.size > 0)) parent.node.children.set(top.key as Key, top.node);
  }
  return root.node.self || root.node.children.size > 0 ? root.node : undefined;
}

/** An entry being walked: its match so far, and its entries still to walk (containers). */
interface Visit {
  readonly node: MatchNode;
  readonly key: Key | undefined;
  readonly entries: [Key, JsonValue][] | undefined;
  next: number;
}

/** Opens an entry: its key's match, and a primitive's own match, counted in the order a depth-first walk meets them. */
function visit(value: JsonValue, query: string, keyMatched: boolean, budget: MatchBudget, key: Key | undefined): Visit {
  const node: MatchNode = { self: keyMatched, children: new Map() };
  if (keyMatched) count(budget);
  if (value !== null && typeof value === 'object') return { node, key, entries: entriesOf(value), next: 0 };
  if (!keyMatched && searchText(value).toLowerCase().includes(query)) {
    node.self = true;
    count(budget);
  }
  return { node, key, entries: undefined, next: 0 };
}

function count(budget: MatchBudget): void {
  budget.remaining--;
  budget.found++;
}
