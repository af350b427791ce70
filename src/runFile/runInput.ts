// What starting a run from the JSON (or JSONC) text in the editor would send (POST /orchestration/runs),
// or exactly where and why the text cannot be sent. VS Code-free: the adapter turns problems into
// diagnostics and messages, and `input` into requests.
import type { Node } from 'jsonc-parser';
import { isUuid } from '../shared/uuid';
import { kindOf, lastProperties, name, objectValue, quote, readJson } from './jsonText';

export { JSONC_OPTIONS, MAX_DEPTH } from './jsonText';

/** Documents (or selections) larger than this are refused: Cargo is not a file store. */
export const MAX_RUN_INPUT_CHARS = 5 * 1024 * 1024;
/** Records started at once from an array. */
export const MAX_RECORDS = 100;
const MAX_ITEM_PROBLEMS = 20;
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

    const json = readJson(source, this.selection ? 'end of the selection' : 'end of file');
    if (json.kind === 'empty') {
      if (this.selection) this.selectionNotJson('The selection holds no JSON value');
      else this.error('empty', { offset: 0, length: 0 }, this.asRunFile ? EMPTY_RUN_FILE : EMPTY_DOCUMENT);
      return undefined;
    }
    if (json.kind === 'syntax' && this.selection) this.selectionNotJson('The selection is not one JSON value');
    for (const problem of json.problems) this.problems.push({ ...problem, span: { offset: this.start + problem.span.offset, length: problem.span.length } });
    return json.kind === 'value' ? this.readValue(json.root) : undefined;
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
          `${name(key)} is not part of a run file and is not sent: a run file has "workflowUuid", "data" and optionally "releaseUuid". Fields of the record go inside "data".`,
        );
    }

    const workflowNode = properties.get('workflowUuid')?.children?.[1];
    let workflowUuid: string | undefined;
    if (!workflowNode) {
      this.error('missingWorkflowUuid', brace, `"workflowUuid" is missing: add the uuid of the workflow to run, or pick one with “Choose Workflow…”.`);
    } else if (workflowNode.type !== 'string') {
      this.error(
        'badWorkflowUuid',
        span(workflowNode, this.start),
        `"workflowUuid" must be a string (the uuid of the workflow to run), not ${kindOf(workflowNode)}.`,
      );
    } else if (String(workflowNode.value).trim() === '') {
      this.error(
        'missingWorkflowUuid',
        span(workflowNode, this.start),
        `"workflowUuid" is empty: write the uuid of the workflow to run, or pick one with “Choose Workflow…”.`,
      );
    } else if (!isUuid(workflowNode.value)) {
      this.error(
        'badWorkflowUuid',
        span(workflowNode, this.start),
        `"workflowUuid" ${quote(workflowNode.value)} is not a uuid (8-4-4-4-12 hex digits): copy the workflow's uuid from Cargo, or pick one with “Choose Workflow…”.`,
      );
    } else {
      workflowUuid = workflowNode.value;
    }

    const dataNode = properties.get('data')?.children?.[1];
    if (!dataNode) {
      this.error('missingData', brace, '"data" is missing: add the record the workflow starts with, as an object: "data": { … }.');
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
        `"data" must be an object (the record fed to the workflow's start node), not ${kindOf(dataNode)}.${hint}`,
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
          `"releaseUuid" must be the uuid of a release of the workflow, ${found}: remove it (or write null) to run the deployed release.`,
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

  private selectionNotJson(what: string): void {
    this.error(
      'selectionNotJson',
      this.selection!,
      `${what}: select a whole object (from “{” to its “}”) or an array of objects, or clear the selection to use the whole document.`,
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

function span(node: Node, base: number): TextSpan {
  return { offset: base + node.offset, length: node.length };
}

function clampSpan(selection: TextSpan, textLength: number): TextSpan | undefined {
  const offset = Math.max(0, Math.min(selection.offset, textLength));
  const end = Math.max(offset, Math.min(selection.offset + selection.length, textLength));
  return end > offset ? { offset, length: end - offset } : undefined;
}

function chars(count: number): string {
  return `${count.toLocaleString('en-US')} characters`;
}

function megabytes(count: number): string {
  return `${(count / (1024 * 1024)).toFixed(1)} MB`;
}
