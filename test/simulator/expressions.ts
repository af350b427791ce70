// Cargo's expression objects in node configs (`@cargo-ai/types` ExpressionTypes.Expression) and what
// they produce against a run's context: the values runComputedConfigs holds. The evaluator reads only
// the few shapes the catalog uses (no eval): a reference `nodes.slug…` (steps `.name`, `?.name`,
// `["name"]`, `[0]`, a final `.toLowerCase()`), `now`, a number or quoted text, `a ?? b` and one
// comparison (`>=`, `>`, `<=`, `<`, `===`, `!==`). Anything else is a simulator bug and throws.
import type { ExpressionTypes } from '@cargo-ai/types' with { 'resolution-mode': 'import' };

export type Expression = ExpressionTypes.Expression;

const expression = (kind: Expression['kind'], text: string): Expression => ({ kind, expression: text, instructTo: 'none', fromRecipe: false });
/** A templateExpression: text with `{{ … }}` placeholders. */
export const tpl = (text: string): Expression => expression('templateExpression', text);
/** A jsExpression. */
export const js = (text: string): Expression => expression('jsExpression', text);

/** Cargo's `matchIsExpression`: an object with the expression's required fields. */
export function isExpression(value: unknown): value is Expression {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    (v.kind === 'jsExpression' || v.kind === 'templateExpression') &&
    typeof v.expression === 'string' &&
    (v.instructTo === 'ai' || v.instructTo === 'none') &&
    typeof v.fromRecipe === 'boolean'
  );
}

/** What each `{{ … }}` of a template holds. */
const PLACEHOLDER = /\{\{\s*([\s\S]+?)\s*\}\}/g;
const LONE_PLACEHOLDER = /^\{\{\s*([\s\S]+?)\s*\}\}$/;

/**
 * The value an expression produces. A template that is one placeholder gives the value itself;
 * otherwise each placeholder becomes text (nothing for null or absent, JSON for an object). A
 * step on nothing gives nothing (where JavaScript would throw: the simulator does not fail nodes
 * on expressions). Nothing comes out as null, as Cargo's computed configs show it.
 */
export function evaluate(expr: Expression, context: Record<string, unknown>, now: number): unknown {
  if (expr.kind === 'jsExpression') return evaluateJs(expr.expression, context, now) ?? null;
  const lone = LONE_PLACEHOLDER.exec(expr.expression);
  if (lone) return evaluateJs(lone[1] as string, context, now) ?? null;
  return expr.expression.replace(PLACEHOLDER, (_, inner: string) => {
    const found = evaluateJs(inner, context, now);
    return found === null || found === undefined ? '' : typeof found === 'object' ? JSON.stringify(found) : String(found);
  });
}

/** A config with each expression object (at any depth) replaced by what it produced; the rest copied. */
export function resolveConfig(value: unknown, context: Record<string, unknown>, now: number): unknown {
  if (isExpression(value)) return evaluate(value, context, now);
  if (Array.isArray(value)) return value.map((v) => resolveConfig(v, context, now));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveConfig(v, context, now)]));
  return value;
}

/** A config with each expression object (at any depth) replaced by `fn` of it; the rest copied. */
export function mapExpressions(value: unknown, fn: (expression: Expression) => unknown): unknown {
  if (isExpression(value)) return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapExpressions(v, fn));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapExpressions(v, fn)]));
  return value;
}

/** Every expression object in a config, with where it is (e.g. `properties.jobtitle`, `conditions.0.expression`). */
export function expressionsIn(value: unknown, path = ''): { path: string; expression: Expression }[] {
  if (isExpression(value)) return [{ path, expression: value }];
  const join = (key: string) => (path === '' ? key : `${path}.${key}`);
  if (Array.isArray(value)) return value.flatMap((v, i) => expressionsIn(v, join(String(i))));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => expressionsIn(v, join(k)));
  return [];
}

const TOKEN = /\s*(\?\?|\?\.|>=|<=|===|!==|[.[\]()<>]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\d+(?:\.\d+)?|[A-Za-z_$][\w$]*)/y;

/** Tokens by expression text: the catalog's few texts are read over and over. */
const tokenCache = new Map<string, string[]>();

function tokenize(text: string): string[] {
  const cached = tokenCache.get(text);
  if (cached) return cached;
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const match = TOKEN.exec(text);
    if (!match) throw new Error(`Simulator expression not understood at ${TOKEN.lastIndex}: ${text}`);
    tokens.push(match[1] as string);
  }
  if (tokenCache.size < 1000) tokenCache.set(text, tokens);
  return tokens;
}

const COMPARISONS: Record<string, (a: never, b: never) => boolean> = {
  '>=': (a, b) => a >= b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '<': (a, b) => a < b,
  '===': (a, b) => a === b,
  '!==': (a, b) => a !== b,
};

/** Evaluates one of the shapes above; throws on anything else. */
export function evaluateJs(text: string, context: Record<string, unknown>, now: number): unknown {
  const tokens = tokenize(text);
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string): string => {
    const token = tokens[at++];
    if (token === undefined || (expected !== undefined && token !== expected)) throw new Error(`Simulator expression not understood: ${text}`);
    return token;
  };
  const literal = (token: string): unknown =>
    /^\d/.test(token) ? Number(token) : (JSON.parse(token.startsWith("'") ? `"${token.slice(1, -1)}"` : token) as unknown);
  const operand = (): unknown => {
    const first = take();
    if (/^["'\d]/.test(first)) return literal(first);
    if (first === 'now') return new Date(now).toISOString();
    if (first !== 'nodes') throw new Error(`Simulator expression not understood: ${text}`);
    let current: unknown = context;
    for (;;) {
      const step = peek();
      if (step === '.' || step === '?.') {
        take();
        const name = take();
        if (name === '[') {
          current = member(current, literal(take()));
          take(']');
        } else if (name === 'toLowerCase' && peek() === '(') {
          take('(');
          take(')');
          current = typeof current === 'string' ? current.toLowerCase() : undefined;
        } else {
          current = member(current, name);
        }
      } else if (step === '[') {
        take();
        current = member(current, literal(take()));
        take(']');
      } else {
        return current;
      }
    }
  };
  const comparison = (): unknown => {
    const left = operand();
    const op = peek();
    if (op === undefined || !(op in COMPARISONS)) return left;
    take();
    return (COMPARISONS[op] as (a: unknown, b: unknown) => boolean)(left, operand());
  };
  let value = comparison();
  while (peek() === '??') {
    take();
    const right = comparison();
    value ??= right;
  }
  if (at !== tokens.length) throw new Error(`Simulator expression not understood: ${text}`);
  return value;
}

function member(value: unknown, key: unknown): unknown {
  if (value === null || value === undefined || typeof value !== 'object' || !Object.hasOwn(value, String(key))) return undefined;
  return (value as Record<string, unknown>)[String(key)];
}
