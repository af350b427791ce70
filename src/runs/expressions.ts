// Cargo's expressions, as a node's config holds them: what is one (Cargo's matchIsExpression), and
// which values of the run each one reads (`nodes.<slug>.<path…>`). A reader of references only, not an
// evaluator: what it cannot read with certainty (a computed key, `nodes` on its own, an unclosed
// placeholder) is reported as unreadable, in the expression's own words, never guessed.
import { isRecord } from '../shared/check';
import { jsonPath } from '../shared/jsonPath';

export type ExpressionKind = 'jsExpression' | 'templateExpression';

/** An expression object of a node's config (`ExpressionTypes.Expression` of @cargo-ai/types). */
export interface Expression {
  readonly kind: ExpressionKind;
  readonly expression: string;
}

/**
 * Cargo's matchIsExpression: an object with `kind` (jsExpression | templateExpression), `expression`
 * (at least one character), `instructTo` (ai | none) and `fromRecipe` (a boolean; when true, a `recipe`
 * with uuid, version and variables). Other fields may be there.
 */
export function isExpression(value: unknown): value is Expression {
  if (!isRecord(value)) return false;
  const { kind, expression, instructTo, fromRecipe, recipe } = value;
  if (kind !== 'jsExpression' && kind !== 'templateExpression') return false;
  if (typeof expression !== 'string' || expression.length === 0) return false;
  if (instructTo !== 'ai' && instructTo !== 'none') return false;
  if (typeof fromRecipe !== 'boolean') return false;
  if (!fromRecipe) return true;
  return isRecord(recipe) && typeof recipe.uuid === 'string' && typeof recipe.version === 'number' && isRecord(recipe.variables);
}

/** A value of the run an expression reads: the node's slug, then the keys and indexes under it. */
export type ReferencePath = readonly [slug: string, ...keys: (string | number)[]];

export interface ExpressionReferences {
  /** In the order they appear, each once. */
  readonly references: readonly ReferencePath[];
  /** The parts that name `nodes` in a way this reader cannot follow, as written. */
  readonly unreadable: readonly string[];
}

/** What an expression of either kind reads of the run. */
export function expressionReferences(expression: Expression): ExpressionReferences {
  const found = new Found();
  if (expression.kind === 'templateExpression') readTemplate(expression.expression, found);
  else readScript(expression.expression, 0, expression.expression.length, found, 0);
  return { references: found.references, unreadable: found.unreadable };
}

/** `nodes.start.website`, `nodes["a b"][0]`: a reference as JavaScript would write it. */
export function referenceText(path: ReferencePath): string {
  return jsonPath(['nodes', ...path]);
}

class Found {
  readonly references: ReferencePath[] = [];
  readonly unreadable: string[] = [];
  private readonly seen = new Set<string>();

  reference(path: ReferencePath): void {
    const key = JSON.stringify(path);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.references.push(path);
  }

  cannotRead(text: string): void {
    const shown = text.trim();
    if (shown && !this.unreadable.includes(shown)) this.unreadable.push(shown);
  }
}

/** `{{ … }}` placeholders hold JavaScript; the text around them is read as it is. */
function readTemplate(text: string, found: Found): void {
  let at = 0;
  for (;;) {
    const open = text.indexOf('{{', at);
    if (open < 0) return;
    const close = text.indexOf('}}', open + 2);
    if (close < 0) {
      // An unclosed placeholder: what it would read is unknown.
      if (/\bnodes\b/.test(text.slice(open))) found.cannotRead(text.slice(open));
      return;
    }
    readScript(text, open + 2, close, found, 0);
    at = close + 2;
  }
}

const IDENTIFIER_START = /[A-Za-z_$]/;
const IDENTIFIER_PART = /[\w$]/;

/** Template literals nested deeper than this are not read: what they hold is reported as unreadable. */
const MAX_NESTING = 16;

/** Reads the references in text[start, end) as JavaScript: strings and comments skipped, `nodes` chains followed. */
function readScript(text: string, start: number, end: number, found: Found, depth: number): void {
  if (depth > MAX_NESTING) {
    if (/\bnodes\b/.test(text.slice(start, end))) found.cannotRead(text.slice(start, Math.min(end, start + 200)));
    return;
  }
  let at = start;
  while (at < end) {
    const char = text[at]!;
    if (char === '"' || char === "'") {
      at = stringEnd(text, at, end);
    } else if (char === '`') {
      at = templateLiteralEnd(text, at, end, found, depth);
    } else if (char === '/' && text[at + 1] === '/') {
      const lineEnd = text.indexOf('\n', at);
      at = lineEnd < 0 || lineEnd > end ? end : lineEnd;
    } else if (char === '/' && text[at + 1] === '*') {
      const close = text.indexOf('*/', at + 2);
      at = close < 0 || close > end ? end : close + 2;
    } else if (IDENTIFIER_START.test(char)) {
      let wordEnd = at + 1;
      while (wordEnd < end && IDENTIFIER_PART.test(text[wordEnd]!)) wordEnd++;
      const word = text.slice(at, wordEnd);
      at = word === 'nodes' && !isPropertyName(text, start, at) ? readChain(text, wordEnd, end, found) : wordEnd;
    } else if (/\d/.test(char)) {
      // A number (or 1e5, 0x1f): its letters are not identifiers.
      while (at < end && /[\w.]/.test(text[at]!)) at++;
    } else at++;
  }
}

/** `x.nodes`, `x?.nodes`: a property of something else, not the run's nodes. */
function isPropertyName(text: string, start: number, at: number): boolean {
  let before = at - 1;
  while (before >= start && /\s/.test(text[before]!)) before--;
  return before >= start && text[before] === '.' && !(before - 1 >= start && text[before - 1] === '.');
}

/** Where a quoted string starting at `at` ends (after its closing quote), or `end` when it does not close. */
function stringEnd(text: string, at: number, end: number): number {
  const quote = text[at];
  for (let i = at + 1; i < end; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i + 1;
  }
  return end;
}

/** A template literal: its `${ … }` parts are JavaScript (read), the rest text. */
function templateLiteralEnd(text: string, at: number, end: number, found: Found, depth: number): number {
  for (let i = at + 1; i < end; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '`') return i + 1;
    else if (text[i] === '$' && text[i + 1] === '{') {
      const close = closingOf('{', '}', text, i + 2, end);
      readScript(text, i + 2, close, found, depth + 1);
      i = close;
    }
  }
  return end;
}

/**
 * The `close` that closes an `open` whose content starts at `from` (nested pairs and strings inside
 * skipped), or `end` when none does: the `}` of a `${`, the `]` of a bracket.
 */
function closingOf(open: string, close: string, text: string, from: number, end: number): number {
  let depth = 0;
  for (let i = from; i < end; i++) {
    const char = text[i];
    if (char === '"' || char === "'") i = stringEnd(text, i, end) - 1;
    else if (char === open) depth++;
    else if (char === close) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return end;
}

/**
 * After `nodes` (at `at`): its steps `.name`, `?.name`, `["name"]`, `['name']`, `[0]`, `?.[…]`, up to the
 * first that is not one. A step followed by `(` is a method call on the value, not part of it. The
 * first step is the node's slug; without one (a computed key, `nodes` alone), the chain is unreadable.
 */
function readChain(text: string, at: number, end: number, found: Found): number {
  const chainStart = at - 'nodes'.length;
  const keys: (string | number)[] = [];
  let keysEnd = at;
  let unreadable = false;
  for (;;) {
    let next = skipSpace(text, at, end);
    const optional = text.startsWith('?.', next) && !/\d/.test(text[next + 2] ?? '');
    if (optional) next = skipSpace(text, next + 2, end);
    if (text[next] === '.' || (optional && IDENTIFIER_START.test(text[next] ?? ''))) {
      const nameStart = skipSpace(text, text[next] === '.' ? next + 1 : next, end);
      let nameEnd = nameStart;
      while (nameEnd < end && IDENTIFIER_PART.test(text[nameEnd]!)) nameEnd++;
      if (nameEnd === nameStart || !IDENTIFIER_START.test(text[nameStart]!)) break;
      if (text[skipSpace(text, nameEnd, end)] === '(') break;
      keys.push(text.slice(nameStart, nameEnd));
      at = keysEnd = nameEnd;
    } else if (text[next] === '[') {
      const key = bracketKey(text, next + 1, end);
      if (!key) {
        unreadable = true;
        at = keysEnd = bracketEnd(text, next + 1, end);
        break;
      }
      keys.push(key.key);
      at = keysEnd = key.end;
    } else break;
  }
  if (unreadable || keys.length === 0 || typeof keys[0] !== 'string') {
    found.cannotRead(text.slice(chainStart, keysEnd));
    return keysEnd;
  }
  found.reference(keys as unknown as ReferencePath);
  return keysEnd;
}

/** A literal key `"name"`, `'name'` or `12` between brackets (from after `[`), and where its `]` ends; undefined for any other key. */
function bracketKey(text: string, from: number, end: number): { key: string | number; end: number } | undefined {
  const start = skipSpace(text, from, end);
  const quote = text[start];
  let key: string | number;
  let after: number;
  if (quote === '"' || quote === "'") {
    after = stringEnd(text, start, end);
    if (text[after - 1] !== quote || after - 1 === start) return undefined;
    const decoded = decodeString(text.slice(start + 1, after - 1));
    if (decoded === undefined) return undefined;
    key = decoded;
  } else {
    const digits = /^\d+/.exec(text.slice(start, end));
    if (!digits) return undefined;
    key = Number(digits[0]);
    after = start + digits[0].length;
  }
  const close = skipSpace(text, after, end);
  return text[close] === ']' ? { key, end: close + 1 } : undefined;
}

/** The string a quoted JavaScript string's content stands for, when its escapes are JSON's (else undefined). */
function decodeString(content: string): string | undefined {
  try {
    const json = content.replace(/\\'/g, "'").replace(/(?<!\\)((?:\\\\)*)"/g, '$1\\"');
    const value: unknown = JSON.parse(`"${json}"`);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** After the `]` of a bracket whose key is not a literal (brackets and strings inside skipped), or `end`. */
function bracketEnd(text: string, from: number, end: number): number {
  const close = closingOf('[', ']', text, from, end);
  return close < end ? close + 1 : end;
}

function skipSpace(text: string, at: number, end: number): number {
  while (at < end && /\s/.test(text[at]!)) at++;
  return at;
}
