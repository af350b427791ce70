// A text read as JSON(C) with jsonc-parser, in words for people: its syntax errors, nesting and repeated keys explained; its nodes as plain values and quoted.
import { parseTree, printParseErrorCode, visit, type Node, type ParseError, type ParseOptions } from 'jsonc-parser';
import { plainText } from '../shared/text';

/** JSONC, as run files and untitled editors are read: comments and trailing commas are fine. */
export const JSONC_OPTIONS: ParseOptions = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };
/** Deeper values are refused before they are built (the parser and JSON.stringify recurse). */
export const MAX_DEPTH = 256;

const MAX_SYNTAX_PROBLEMS = 100;
const MAX_DUPLICATE_KEY_PROBLEMS = 20;
const QUOTE_MAX = 60;

/** What is wrong with the text as JSON; the span is relative to the text read. */
export interface JsonProblem {
  code: 'syntax' | 'tooDeep' | 'duplicateKey';
  message: string;
  span: { offset: number; length: number };
  severity: 'error' | 'warning';
}

export type JsonReading =
  /** A value; the problems are warnings (repeated keys). */
  | { kind: 'value'; root: Node; problems: JsonProblem[] }
  /** No value: nothing but blanks and comments. */
  | { kind: 'empty'; problems: JsonProblem[] }
  /** Syntax errors, one per line: the value the parser recovered is a guess. */
  | { kind: 'syntax'; problems: JsonProblem[] }
  /** Nested deeper than MAX_DEPTH (after the repeated keys found before it). */
  | { kind: 'tooDeep'; problems: JsonProblem[] };

/** Reads `source` as JSONC; `endName` is what its end is called in messages ("end of file"). */
export function readJson(source: string, endName: string): JsonReading {
  const errors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(source, errors, JSONC_OPTIONS);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // The parser recursed too deep (thousands of levels): say where the limit was passed.
    return { kind: 'tooDeep', problems: [tooDeep(firstTooDeepOffset(source) ?? 0)] };
  }
  if (!root && errors.every((error) => printParseErrorCode(error.error) === 'ValueExpected')) return { kind: 'empty', problems: [] };
  if (errors.length > 0 || !root) return { kind: 'syntax', problems: syntaxProblems(source, errors, endName) };
  return checkTree(root);
}

/** Depth and duplicate keys, over the whole value without recursion. */
function checkTree(root: Node): JsonReading {
  const problems: JsonProblem[] = [];
  const stack: [Node, number][] = [[root, 1]];
  let duplicates = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node.type !== 'object' && node.type !== 'array') continue;
    if (depth > MAX_DEPTH) {
      problems.push(tooDeep(node.offset));
      return { kind: 'tooDeep', problems };
    }
    const children = node.children ?? [];
    if (node.type === 'object') {
      const seen = new Map<string, Node>();
      for (const property of children) {
        const key = property.children?.[0];
        if (!key) continue;
        const earlier = seen.get(key.value);
        if (earlier && duplicates++ < MAX_DUPLICATE_KEY_PROBLEMS)
          problems.push({
            code: 'duplicateKey',
            message: `${name(key.value)} is repeated in this object; only its last value is used: remove this one, or rename it.`,
            span: { offset: earlier.offset, length: earlier.length },
            severity: 'warning',
          });
        seen.set(key.value, key);
      }
    }
    for (let index = children.length - 1; index >= 0; index--) {
      const child = children[index]!;
      const value = node.type === 'object' ? child.children?.[1] : child;
      if (value) stack.push([value, depth + 1]);
    }
  }
  return { kind: 'value', root, problems };
}

function tooDeep(offset: number): JsonProblem {
  return {
    code: 'tooDeep',
    message: `This value is nested more than ${MAX_DEPTH} levels deep, deeper than a run's input may be: flatten the data.`,
    span: { offset, length: 1 },
    severity: 'error',
  };
}

/**
 * One problem per line, the first: jsonc-parser reports what a mistake makes unexpected next too (an
 * unquoted key also gives "property name expected" and "value expected"), and those echoes are
 * dropped wherever they fall. What is missing at the end of the text is one problem, and only when it
 * is the first: after another error it is most often that error's consequence.
 */
function syntaxProblems(source: string, errors: ParseError[], endName: string): JsonProblem[] {
  const problems: JsonProblem[] = [];
  const syntax = (offset: number, length: number, message: string) => problems.push({ code: 'syntax', message, span: { offset, length }, severity: 'error' });
  const sorted = [...errors].sort((a, b) => a.offset - b.offset);
  let line = 0;
  let lineCountedTo = 0;
  let lastLine = -1;
  let reported = 0;
  let previous: string | undefined;
  for (const error of sorted) {
    const name = printParseErrorCode(error.error);
    const echo =
      (previous === 'InvalidSymbol' || previous === 'PropertyNameExpected' || previous === 'CommaExpected') &&
      (name === 'ValueExpected' || name === 'PropertyNameExpected');
    previous = name;
    if (echo) continue;
    if (error.offset >= source.length) {
      if (reported === 0)
        syntax(
          source.length,
          0,
          endOfTextMessage(
            sorted.filter((e) => e.offset >= source.length),
            endName,
          ),
        );
      return problems;
    }
    for (; lineCountedTo < error.offset; lineCountedTo++) if (source.charCodeAt(lineCountedTo) === 10) line++;
    if (line === lastLine) continue;
    lastLine = line;
    if (reported++ >= MAX_SYNTAX_PROBLEMS) return problems;
    const length = Math.max(1, Math.min(error.length, source.length - error.offset));
    syntax(error.offset, length, syntaxMessage(error, source));
  }
  return problems;
}

/** The properties of an object by key; for a repeated key, the last one (as JSON.parse reads it). */
export function lastProperties(object: Node): Map<string, Node> {
  const properties = new Map<string, Node>();
  for (const property of object.children ?? []) {
    const key = property.children?.[0];
    if (key && typeof key.value === 'string') properties.set(key.value, property);
  }
  return properties;
}

/**
 * The value of an object node as a plain object. Not jsonc-parser's getNodeValue, whose objects have
 * no prototype (a fetch client may not recognise them as JSON); a "__proto__" key stays a key.
 */
export function objectValue(node: Node): Record<string, unknown> {
  return nodeValue(node) as Record<string, unknown>;
}

function nodeValue(node: Node): unknown {
  if (node.type === 'array') return (node.children ?? []).map(nodeValue);
  if (node.type !== 'object') return node.value;
  const object: Record<string, unknown> = {};
  for (const property of node.children ?? []) {
    const [key, value] = property.children ?? [];
    if (!key || !value) continue;
    const name = String(key.value);
    if (name === '__proto__') Object.defineProperty(object, name, { value: nodeValue(value), enumerable: true, writable: true, configurable: true });
    else object[name] = nodeValue(value);
  }
  return object;
}

/** Where the nesting first goes deeper than MAX_DEPTH; the walk stops there, before the stack runs out. */
function firstTooDeepOffset(source: string): number | undefined {
  let depth = 0;
  let found: number | undefined;
  const enter = (offset: number) => {
    if (++depth > MAX_DEPTH) {
      found = offset;
      throw new StopWalk();
    }
  };
  const leave = () => void depth--;
  try {
    visit(source, { onObjectBegin: enter, onArrayBegin: enter, onObjectEnd: leave, onArrayEnd: leave }, JSONC_OPTIONS);
  } catch (error) {
    if (!(error instanceof StopWalk)) throw error;
  }
  return found;
}

class StopWalk extends Error {}

function syntaxMessage(error: ParseError, source: string): string {
  const token = source.substr(error.offset, error.length);
  switch (printParseErrorCode(error.error)) {
    case 'InvalidSymbol':
      // Text that is not JSON from its first character (a link, a path, a word) has no property names to quote.
      if (source.slice(0, error.offset).trim() === '' && !token.startsWith("'")) {
        return `${code(token)} is not JSON: the text must be a JSON object { … } (or an array of objects), as in { "workflowUuid": "…", "data": { … } }.`;
      }
      return invalidSymbolMessage(token, source.slice(error.offset + error.length, error.offset + error.length + 200));
    case 'InvalidNumberFormat':
      return `${code(token)} is not a valid number: JSON numbers look like 42, -1.5 or 2e3.`;
    case 'PropertyNameExpected':
      return 'Expected a property name in double quotes, such as "name".';
    case 'ValueExpected':
      return 'Expected a value: an object, an array, a "string", a number, true, false or null.';
    case 'ColonExpected':
      return 'Expected a colon “:” after the property name.';
    case 'CommaExpected':
      if (token === ']') return 'Expected a closing brace “}” (or a comma) here: “]” closes an array, not an object.';
      if (token === '}') return 'Expected a closing bracket “]” (or a comma) here: “}” closes an object, not an array.';
      if (token === ':') return "Unexpected “:” in an array: is the array's closing bracket “]” missing before this property?";
      return 'Expected a comma “,” before this.';
    case 'CloseBraceExpected':
      return 'Expected a comma “,” or a closing brace “}” here.';
    case 'CloseBracketExpected':
      return 'Expected a comma “,” or a closing bracket “]” here.';
    case 'EndOfFileExpected':
      return 'Unexpected text after the end of the JSON value: remove it, or put the values in an array [ … ] to run several records.';
    case 'InvalidCommentToken':
      return 'A comment is not allowed here.';
    case 'UnexpectedEndOfComment':
      return 'A block comment is not closed: end it with “*/”.';
    case 'UnexpectedEndOfString':
      return 'A string is not closed: end it with a double quote “"” on the same line (write a line break inside a string as \\n).';
    case 'UnexpectedEndOfNumber':
      return `${code(token)} is an incomplete number: add its digits, as in 1.5 or 2e3.`;
    case 'InvalidUnicode':
      return 'This string has an invalid unicode escape: “\\u” is followed by 4 hex digits, as in \\u00e9.';
    case 'InvalidEscapeCharacter':
      return 'This string has an invalid escape: a backslash starts \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX only (write \\\\ for a backslash).';
    case 'InvalidCharacter':
      return 'This string contains a raw control character (a tab or a line break): write it as \\t or \\n.';
    default:
      return 'This is not valid JSON.';
  }
}

function invalidSymbolMessage(token: string, after: string): string {
  if (token.startsWith("'")) return `${code(token)}: strings and property names are written in double quotes, not single quotes.`;
  if (/^[A-Za-z_$][\w$]*$/.test(token)) {
    if (/^\s*:/.test(after)) return `Property names are written in double quotes: "${plainText(token, QUOTE_MAX)}".`;
    const lower = token.toLowerCase();
    if (lower === 'true' || lower === 'false' || lower === 'null') return `${code(token)} is not JSON: write ${lower}, in lower case.`;
    if (token === 'undefined' || token === 'NaN' || token === 'Infinity') return `${code(token)} is not a JSON value: write null, or a number.`;
    return `${code(token)} is not a JSON value: text is written in double quotes ("${plainText(token, QUOTE_MAX)}"); the other values are numbers, true, false, null, objects and arrays.`;
  }
  return `Unexpected ${code(token)}: this is not valid JSON (text is written in double quotes; a run's data is a JSON object { … }).`;
}

/** One message for what is missing at the end of the text (jsonc-parser reports each missing piece). */
function endOfTextMessage(errors: ParseError[], endName: string): string {
  const names = errors.map((error) => printParseErrorCode(error.error));
  const closers = names.map((name) => (name === 'CloseBraceExpected' ? '}' : name === 'CloseBracketExpected' ? ']' : '')).join('');
  // With a closer missing, "expected a property name / a value" is most often a trailing comma (allowed) or the user typing.
  const others = names.filter(
    (name) => name !== 'CloseBraceExpected' && name !== 'CloseBracketExpected' && !(closers && (name === 'PropertyNameExpected' || name === 'ValueExpected')),
  );
  const missingClosers =
    closers.length === 1 ? `a closing ${closers === '}' ? 'brace “}”' : 'bracket “]”'} is missing` : `the closing “${closers}” are missing`;
  const first = others[0];
  if (!first) return `Unexpected ${endName}: ${closers ? missingClosers : 'the JSON value is not complete'}.`;
  const what =
    first === 'ColonExpected'
      ? 'a colon “:” and a value are missing'
      : first === 'ValueExpected'
        ? 'a value is missing'
        : first === 'PropertyNameExpected'
          ? 'a property is missing'
          : first === 'UnexpectedEndOfComment'
            ? 'a block comment is not closed (“*/”)'
            : 'the JSON value is not complete';
  return `Unexpected ${endName}: ${what}${closers ? `, and ${missingClosers}` : ''}.`;
}

export function kindOf(node: Node): string {
  switch (node.type) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return `a string (${quote(node.value)})`;
    case 'number':
      return `a number (${plainText(String(node.value), QUOTE_MAX)})`;
    case 'boolean':
      return String(node.value);
    default:
      return 'null';
  }
}

/** A string value as JSON, on one line, cut. */
export function quote(value: unknown): string {
  return plainText(JSON.stringify(value) ?? String(value), QUOTE_MAX);
}

/** A key, as the document writes it: a JSON string, cut. Messages are plain text: no Markdown backticks. */
export function name(key: string): string {
  return quote(key);
}

/** Document text quoted in a message, cut. Messages are plain text: no Markdown backticks. */
function code(text: string): string {
  const shown = plainText(text, QUOTE_MAX).trim();
  // A control character alone shows as nothing: name it instead.
  return shown === '' && text !== '' ? `U+${(text.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}` : `“${shown}”`;
}
