// What starting a run from the JSON (or JSONC) text in the editor would send (POST /orchestration/runs),
// or exactly where and why the text cannot be sent. VS Code-free: the adapter turns problems into
// diagnostics and messages, and `input` into requests.
import { parseTree, printParseErrorCode, visit, type Node, type ParseError, type ParseOptions } from 'jsonc-parser';
import { plainText } from '../shared/text';

/** Documents (or selections) larger than this are refused: Cargo is not a file store. */
export const MAX_RUN_INPUT_CHARS = 5 * 1024 * 1024;
/** Records started at once from an array. */
export const MAX_RECORDS = 100;
/** Deeper values are refused before they are built (the parser and JSON.stringify recurse). */
export const MAX_DEPTH = 256;
/** A uuid, either case; the JSON schema (media/cargo-run.schema.json) uses the same pattern. */
export const UUID_PATTERN_SOURCE = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const UUID = new RegExp(UUID_PATTERN_SOURCE);
/** JSONC, as run files and untitled editors are read: comments and trailing commas are fine. */
export const JSONC_OPTIONS: ParseOptions = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

const MAX_SYNTAX_PROBLEMS = 100;
const MAX_ITEM_PROBLEMS = 20;
const MAX_DUPLICATE_KEY_PROBLEMS = 20;
const QUOTE_MAX = 60;
const RUN_FILE_KEYS = new Set(['workflowUuid', 'data', 'releaseUuid', '$schema']);

/** Offsets into the whole text (UTF-16 code units, as `TextDocument.positionAt` takes them). */
export interface TextSpan {
  offset: number;
  length: number;
}

export type RunInputProblemCode =
  | 'syntax'
  | 'tooLarge'
  | 'tooDeep'
  | 'empty'
  | 'notAnObject'
  | 'missingWorkflowUuid'
  | 'badWorkflowUuid'
  | 'missingData'
  | 'badData'
  | 'badReleaseUuid'
  | 'unknownProperty'
  | 'duplicateKey'
  | 'badArrayItem'
  | 'tooManyItems'
  | 'emptyArray'
  | 'selectionNotJson';

export interface RunInputProblem {
  code: RunInputProblemCode;
  /** For the user: what is wrong and what to do. Quoted document text is cut to ~60 characters. */
  message: string;
  span: TextSpan;
  severity: 'error' | 'warning';
}

export type RunInput =
  /** A run file's body; `releaseUuid` absent (or null in the file) means the deployed release. */
  | { kind: 'runFile'; workflowUuid: string; data: Record<string, unknown>; releaseUuid?: string; span: TextSpan }
  /** One record: the workflow is chosen elsewhere. */
  | { kind: 'record'; data: Record<string, unknown>; span: TextSpan }
  /** 1 to MAX_RECORDS records, one run each. */
  | { kind: 'records'; items: { data: Record<string, unknown>; span: TextSpan }[]; span: TextSpan };

export interface ReadRunInputOptions {
  /** The document is a run file (`*.cargo-run.json`): its top value must be `{ workflowUuid, data, releaseUuid? }`. */
  asRunFile: boolean;
  /** Read only this part of the text (when not empty). A selection is never read as a run file by name: see readRunInput. */
  selection?: TextSpan;
}

export interface RunInputResult {
  /** Present only when no problem is an error. */
  input?: RunInput;
  /** Sorted by offset. */
  problems: RunInputProblem[];
}

/**
 * Reads `text` (or the selected part of it) as the input of a run.
 *
 * - A run file (`asRunFile`, no selection) is `{ workflowUuid, data, releaseUuid?, $schema? }`; other
 *   keys are warned about and not sent.
 * - Otherwise (other documents, and every selection): an object is one record, an array of objects is
 *   up to MAX_RECORDS records. An object whose keys are exactly workflowUuid and data (and optionally
 *   releaseUuid, $schema), with a string workflowUuid, is read as a run file: that is the body of a run
 *   that someone pasted.
 * - Syntax errors hide every other problem (the value the parser recovered is a guess); one is
 *   reported per line, the first, since the others on that line are most often its consequences.
 * - A leading byte-order mark is accepted. Duplicate keys: the last one counts (as in JSON.parse), the
 *   earlier ones are warned about.
 * - When the only errors are `missingWorkflowUuid`, the editor can offer to pick a workflow and insert
 *   it (setWorkflowUuidEdits): see `onlyWorkflowIsMissing`.
 */
export function readRunInput(text: string, options: ReadRunInputOptions): RunInputResult {
  const selection = options.selection && options.selection.length > 0 ? clampSpan(options.selection, text.length) : undefined;
  const reading = new Reading(text, selection, options.asRunFile && !selection);
  const input = reading.read();
  // Stable: problems at one offset keep the order they were found in (the selection's own problem first).
  const problems = reading.problems.sort((a, b) => a.span.offset - b.span.offset);
  return problems.some((problem) => problem.severity === 'error') || !input ? { problems } : { input, problems };
}

/** Whether the only thing stopping a run is its missing (or empty) `workflowUuid`: the editor can offer to pick one. */
export function onlyWorkflowIsMissing(result: RunInputResult): boolean {
  return (
    result.problems.some((problem) => problem.code === 'missingWorkflowUuid') &&
    result.problems.every((problem) => problem.severity === 'warning' || problem.code === 'missingWorkflowUuid')
  );
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** One reading of a text: where it looks, what it found wrong. */
class Reading {
  readonly problems: RunInputProblem[] = [];
  private readonly start: number;
  private readonly end: number;

  constructor(
    private readonly text: string,
    private readonly selection: TextSpan | undefined,
    private readonly asRunFile: boolean,
  ) {
    this.start = selection ? selection.offset : 0;
    this.end = selection ? selection.offset + selection.length : text.length;
  }

  read(): RunInput | undefined {
    const size = this.end - this.start;
    if (size > MAX_RUN_INPUT_CHARS) {
      const what = this.selection ? 'The selection has' : 'This document has';
      this.error(
        'tooLarge',
        { offset: this.start, length: 0 },
        `${what} ${chars(size)} (${megabytes(size)}); a run's input can be at most 5 MB (${chars(MAX_RUN_INPUT_CHARS)}): split the records into smaller files, or select part of them.`,
      );
      return undefined;
    }
    // A byte-order mark becomes a space: offsets stay those of the text.
    let source = this.text.slice(this.start, this.end);
    if (source.charCodeAt(0) === 0xfeff) source = ` ${source.slice(1)}`;

    const errors: ParseError[] = [];
    let root: Node | undefined;
    try {
      root = parseTree(source, errors, JSONC_OPTIONS);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      // The parser recursed too deep (thousands of levels): say where the limit was passed.
      this.tooDeep(this.start + (firstTooDeepOffset(source) ?? 0));
      return undefined;
    }
    if (!root && errors.every((error) => printParseErrorCode(error.error) === 'ValueExpected')) {
      if (this.selection) this.selectionNotJson('The selection holds no JSON value');
      else this.error('empty', { offset: 0, length: 0 }, this.asRunFile ? EMPTY_RUN_FILE : EMPTY_DOCUMENT);
      return undefined;
    }
    if (errors.length > 0 || !root) {
      if (this.selection) this.selectionNotJson('The selection is not one JSON value');
      this.syntaxProblems(source, errors);
      return undefined;
    }
    if (!this.checkTree(root)) return undefined;
    return this.readValue(root);
  }

  private readValue(root: Node): RunInput | undefined {
    if (this.asRunFile) {
      if (root.type !== 'object') {
        this.error('notAnObject', span(root, this.start), `A run file is one JSON object, not ${kindOf(root)}: { "workflowUuid": "…", "data": { … } }.`);
        return undefined;
      }
      return this.readRunFile(root);
    }
    if (root.type === 'object')
      return looksLikeRunBody(root) ? this.readRunFile(root) : { kind: 'record', data: objectValue(root), span: span(root, this.start) };
    if (root.type === 'array') return this.readRecords(root);
    const where = this.selection ? 'The selection' : 'The input of a run';
    this.error(
      'notAnObject',
      span(root, this.start),
      `${where} must be a JSON object (one record) or an array of objects (up to ${MAX_RECORDS} records), not ${kindOf(root)}.`,
    );
    return undefined;
  }

  private readRunFile(root: Node): RunInput | undefined {
    const brace = { offset: this.start + root.offset, length: 1 };
    const properties = lastProperties(root);
    for (const [key, property] of properties) {
      if (RUN_FILE_KEYS.has(key)) continue;
      const keyNode = property.children?.[0];
      if (keyNode)
        this.warning(
          'unknownProperty',
          span(keyNode, this.start),
          `${name(key)} is not part of a run file and is not sent: a run file has \`workflowUuid\`, \`data\` and optionally \`releaseUuid\`. Fields of the record go inside \`data\`.`,
        );
    }

    const workflowNode = properties.get('workflowUuid')?.children?.[1];
    let workflowUuid: string | undefined;
    if (!workflowNode) {
      this.error('missingWorkflowUuid', brace, `\`workflowUuid\` is missing: add the uuid of the workflow to run, or pick one with “Choose Workflow…”.`);
    } else if (workflowNode.type !== 'string') {
      this.error(
        'badWorkflowUuid',
        span(workflowNode, this.start),
        `\`workflowUuid\` must be a string (the uuid of the workflow to run), not ${kindOf(workflowNode)}.`,
      );
    } else if (String(workflowNode.value).trim() === '') {
      this.error(
        'missingWorkflowUuid',
        span(workflowNode, this.start),
        `\`workflowUuid\` is empty: write the uuid of the workflow to run, or pick one with “Choose Workflow…”.`,
      );
    } else if (!isUuid(workflowNode.value)) {
      this.error(
        'badWorkflowUuid',
        span(workflowNode, this.start),
        `\`workflowUuid\` ${quote(workflowNode.value)} is not a uuid (8-4-4-4-12 hex digits): copy the workflow's uuid from Cargo, or pick one with “Choose Workflow…”.`,
      );
    } else {
      workflowUuid = workflowNode.value;
    }

    const dataNode = properties.get('data')?.children?.[1];
    if (!dataNode) {
      this.error('missingData', brace, '`data` is missing: add the record the workflow starts with, as an object: "data": { … }.');
    } else if (dataNode.type !== 'object') {
      const hint =
        dataNode.type === 'array'
          ? ' A run takes one record; to run several, start one run per record.'
          : dataNode.type === 'null'
            ? ' Write {} for an empty record.'
            : '';
      this.error(
        'badData',
        span(dataNode, this.start),
        `\`data\` must be an object (the record fed to the workflow's start node), not ${kindOf(dataNode)}.${hint}`,
      );
    }

    const releaseNode = properties.get('releaseUuid')?.children?.[1];
    let releaseUuid: string | undefined;
    if (releaseNode && releaseNode.type !== 'null') {
      if (isUuid(releaseNode.value)) releaseUuid = releaseNode.value;
      else {
        const found = releaseNode.type === 'string' ? `${quote(releaseNode.value)} is not a uuid` : `not ${kindOf(releaseNode)}`;
        this.error(
          'badReleaseUuid',
          span(releaseNode, this.start),
          `\`releaseUuid\` must be the uuid of a release of the workflow, ${found}: remove it (or write null) to run the deployed release.`,
        );
      }
    }

    if (!workflowUuid || dataNode?.type !== 'object') return undefined;
    return { kind: 'runFile', workflowUuid, data: objectValue(dataNode), ...(releaseUuid ? { releaseUuid } : {}), span: span(root, this.start) };
  }

  private readRecords(array: Node): RunInput | undefined {
    const elements = array.children ?? [];
    const bracket = { offset: this.start + array.offset, length: 1 };
    if (elements.length === 0) this.error('emptyArray', bracket, 'The array is empty: add the records to run, one object each.');
    if (elements.length > MAX_RECORDS)
      this.error(
        'tooManyItems',
        bracket,
        `The array has ${elements.length} records; at most ${MAX_RECORDS} can be run at once: split it, or select up to ${MAX_RECORDS} of them.`,
      );
    const bad = elements.flatMap((element, index) => (element.type === 'object' ? [] : [{ element, index }]));
    for (const [shown, { element, index }] of bad.slice(0, MAX_ITEM_PROBLEMS).entries()) {
      const more =
        shown === MAX_ITEM_PROBLEMS - 1 && bad.length > MAX_ITEM_PROBLEMS ? ` (${bad.length - MAX_ITEM_PROBLEMS} more elements are not objects either)` : '';
      this.error(
        'badArrayItem',
        span(element, this.start),
        `Element ${index + 1} of the array is ${kindOf(element)}, not an object: every element is one record, an object.${more}`,
      );
    }
    if (elements.length === 0 || elements.length > MAX_RECORDS || bad.length > 0) return undefined;
    return {
      kind: 'records',
      items: elements.map((element) => ({ data: objectValue(element), span: span(element, this.start) })),
      span: span(array, this.start),
    };
  }

  /** Depth and duplicate keys, over the whole value without recursion. False when too deep to read. */
  private checkTree(root: Node): boolean {
    const stack: [Node, number][] = [[root, 1]];
    let duplicates = 0;
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      if (node.type !== 'object' && node.type !== 'array') continue;
      if (depth > MAX_DEPTH) {
        this.tooDeep(this.start + node.offset);
        return false;
      }
      const children = node.children ?? [];
      if (node.type === 'object') {
        const seen = new Map<string, Node>();
        for (const property of children) {
          const key = property.children?.[0];
          if (!key) continue;
          const earlier = seen.get(key.value);
          if (earlier && duplicates++ < MAX_DUPLICATE_KEY_PROBLEMS)
            this.warning(
              'duplicateKey',
              span(earlier, this.start),
              `${name(key.value)} is repeated in this object; only its last value is used: remove this one, or rename it.`,
            );
          seen.set(key.value, key);
        }
      }
      for (let index = children.length - 1; index >= 0; index--) {
        const child = children[index]!;
        const value = node.type === 'object' ? child.children?.[1] : child;
        if (value) stack.push([value, depth + 1]);
      }
    }
    return true;
  }

  /**
   * One problem per line, the first: jsonc-parser reports what a mistake makes unexpected next too (an
   * unquoted key also gives "property name expected" and "value expected"), and those echoes are
   * dropped wherever they fall. What is missing at the end of the text is one problem, and only when it
   * is the first: after another error it is most often that error's consequence.
   */
  private syntaxProblems(source: string, errors: ParseError[]): void {
    const endName = this.selection ? 'end of the selection' : 'end of file';
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
          this.error(
            'syntax',
            { offset: this.end, length: 0 },
            endOfTextMessage(
              sorted.filter((e) => e.offset >= source.length),
              endName,
            ),
          );
        return;
      }
      for (; lineCountedTo < error.offset; lineCountedTo++) if (source.charCodeAt(lineCountedTo) === 10) line++;
      if (line === lastLine) continue;
      lastLine = line;
      if (reported++ >= MAX_SYNTAX_PROBLEMS) return;
      const length = Math.max(1, Math.min(error.length, source.length - error.offset));
      this.error('syntax', { offset: this.start + error.offset, length }, syntaxMessage(error, source));
    }
  }

  private selectionNotJson(what: string): void {
    this.error(
      'selectionNotJson',
      this.selection!,
      `${what}: select a whole object (from \`{\` to its \`}\`) or an array of objects, or clear the selection to use the whole document.`,
    );
  }

  private tooDeep(offset: number): void {
    this.error(
      'tooDeep',
      { offset, length: 1 },
      `This value is nested more than ${MAX_DEPTH} levels deep, deeper than a run's input may be: flatten the data.`,
    );
  }

  private error(code: RunInputProblemCode, span: TextSpan, message: string): void {
    this.problems.push({ code, message, span, severity: 'error' });
  }

  private warning(code: RunInputProblemCode, span: TextSpan, message: string): void {
    this.problems.push({ code, message, span, severity: 'warning' });
  }
}

const EMPTY_RUN_FILE = 'The run file is empty: write { "workflowUuid": "…", "data": { … } }, or create one with “Cargo: New Run File”.';
const EMPTY_DOCUMENT = 'The document is empty: write the record to run as a JSON object, or several records as an array of objects.';

function looksLikeRunBody(object: Node): boolean {
  const properties = lastProperties(object);
  return (
    [...properties.keys()].every((key) => RUN_FILE_KEYS.has(key)) && properties.has('data') && properties.get('workflowUuid')?.children?.[1]?.type === 'string'
  );
}

/** The properties of an object by key; for a repeated key, the last one (as JSON.parse reads it). */
function lastProperties(object: Node): Map<string, Node> {
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
function objectValue(node: Node): Record<string, unknown> {
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
      return 'Expected a colon `:` after the property name.';
    case 'CommaExpected':
      if (token === ']') return 'Expected a closing brace `}` (or a comma) here: `]` closes an array, not an object.';
      if (token === '}') return 'Expected a closing bracket `]` (or a comma) here: `}` closes an object, not an array.';
      if (token === ':') return "Unexpected `:` in an array: is the array's closing bracket `]` missing before this property?";
      return 'Expected a comma `,` before this.';
    case 'CloseBraceExpected':
      return 'Expected a comma `,` or a closing brace `}` here.';
    case 'CloseBracketExpected':
      return 'Expected a comma `,` or a closing bracket `]` here.';
    case 'EndOfFileExpected':
      return 'Unexpected text after the end of the JSON value: remove it, or put the values in an array [ … ] to run several records.';
    case 'InvalidCommentToken':
      return 'A comment is not allowed here.';
    case 'UnexpectedEndOfComment':
      return 'A block comment is not closed: end it with `*/`.';
    case 'UnexpectedEndOfString':
      return 'A string is not closed: end it with a double quote `"` on the same line (write a line break inside a string as \\n).';
    case 'UnexpectedEndOfNumber':
      return `${code(token)} is an incomplete number: add its digits, as in 1.5 or 2e3.`;
    case 'InvalidUnicode':
      return 'This string has an invalid unicode escape: `\\u` is followed by 4 hex digits, as in \\u00e9.';
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
    closers.length === 1 ? `a closing ${closers === '}' ? 'brace `}`' : 'bracket `]`'} is missing` : `the closing \`${closers}\` are missing`;
  const first = others[0];
  if (!first) return `Unexpected ${endName}: ${closers ? missingClosers : 'the JSON value is not complete'}.`;
  const what =
    first === 'ColonExpected'
      ? 'a colon `:` and a value are missing'
      : first === 'ValueExpected'
        ? 'a value is missing'
        : first === 'PropertyNameExpected'
          ? 'a property is missing'
          : first === 'UnexpectedEndOfComment'
            ? 'a block comment is not closed (`*/`)'
            : 'the JSON value is not complete';
  return `Unexpected ${endName}: ${what}${closers ? `, and ${missingClosers}` : ''}.`;
}

function span(node: Node, base: number): TextSpan {
  return { offset: base + node.offset, length: node.length };
}

function clampSpan(selection: TextSpan, textLength: number): TextSpan | undefined {
  const offset = Math.max(0, Math.min(selection.offset, textLength));
  const end = Math.max(offset, Math.min(selection.offset + selection.length, textLength));
  return end > offset ? { offset, length: end - offset } : undefined;
}

function kindOf(node: Node): string {
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
function quote(value: unknown): string {
  return plainText(JSON.stringify(value) ?? String(value), QUOTE_MAX);
}

/** A key: `name` when it reads as one, else as a JSON string. */
function name(key: string): string {
  return /^[\w$.-]{1,60}$/.test(key) ? `\`${key}\`` : `\`${quote(key)}\``;
}

/** Document text shown as code, cut. */
function code(text: string): string {
  const shown = plainText(text, QUOTE_MAX).trim();
  // A control character alone shows as nothing: name it instead.
  return shown === '' && text !== '' ? `U+${(text.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}` : `\`${shown}\``;
}

function chars(count: number): string {
  return `${count.toLocaleString('en-US')} characters`;
}

function megabytes(count: number): string {
  return `${(count / (1024 * 1024)).toFixed(1)} MB`;
}
