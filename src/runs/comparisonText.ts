// Two runs as text to compare line by line, and the first node where they differ. Each line is one
// key and its value (`nodes.clearbit_enrich.config.email = "ada@example.com"`), so a changed line in
// a diff is exactly a key whose value differs. What differs between any two runs without saying
// anything (their uuids, their times) is left out or written the same way. Pure.
import type { Execution, RunDetails } from '../api';
import { jsonPathWith } from '../shared/jsonPath';
import { jsonText } from '../shared/jsonText';
import { documentJsonLine, plainText, sliceWhole } from '../shared/text';
import { nodeLabel } from './labels';

/** What differs first at a node, in the order the node's parts are looked at. */
export type DifferenceKind = 'path' | 'status' | 'branch' | 'config' | 'missing';

export interface FirstDifference {
  /** The node in execution order where the runs part: index in the first run's executions (or the second's when the first has none there). */
  readonly index: number;
  /** "Enrich person (clearbit_enrich)", as data: each sink makes it safe. */
  readonly nodeLabel: string;
  readonly kind: DifferenceKind;
  /** The first run's side and the second's ("error", "success"; a branch's index; the other node reached). */
  readonly left: string;
  readonly right: string;
}

export interface ComparisonText {
  readonly left: string;
  readonly right: string;
  /** Undefined when the two runs take the same path with the same statuses, branches and configs. */
  readonly first: FirstDifference | undefined;
}

/** What a value equal to one of the run's own times reads as in its document. */
export const RUN_TIME = '(a time during this run)';
/** What the run's own uuid reads as in its document. */
export const RUN_UUID = '(this run)';

/** An ISO date-time, as Cargo writes them (a `{{now}}` in a config becomes one). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * The two runs as documents (the first run's on the left) and the first node where they differ, named
 * at the top of both (the same line in both, so it is not itself a change).
 */
export function comparisonText(left: RunDetails, right: RunDetails): ComparisonText {
  const leftLines = runLines(left);
  const rightLines = runLines(right);
  const first = firstDifferenceOf(left, leftLines, right, rightLines);
  const heading = [firstDifferenceLine(first), ''];
  // Invisible characters escaped once per document, not per line: a run may have a million lines.
  const document = (lines: readonly string[]) => documentJsonLine([...heading, ...lines, ''].join('\n'));
  return { left: document(leftLines.lines), right: document(rightLines.lines), first };
}

/** The top line of both documents. */
export function firstDifferenceLine(first: FirstDifference | undefined): string {
  if (!first) return 'No node differs in status, branch or config (outputs may still differ: see below).';
  return `First difference: ${plainText(first.nodeLabel, 200)}: ${differenceText(first)}`;
}

/** "status success → error": what differs at the node, from the left run (the baseline) to the right. */
export function differenceText(first: FirstDifference): string {
  const side = (text: string) => plainText(text, 100);
  switch (first.kind) {
    case 'path':
      return `the runs go on to different nodes (${side(first.left)} → ${side(first.right)})`;
    case 'missing':
      return `run in one of the runs only (${side(first.left)} → ${side(first.right)})`;
    case 'branch':
      return `branch ${side(first.left)} → ${side(first.right)}`;
    case 'status':
      return `status ${side(first.left)} → ${side(first.right)}`;
    case 'config':
      return 'computed config differs';
  }
}

/** A run as the lines of its document, and what of each node firstDifference looks at. */
interface RunLines {
  readonly lines: string[];
  /** Each executed node's computed config, as its lines. */
  readonly configs: ReadonlyMap<string, readonly string[]>;
}

/**
 * One line per key: the run's status and error, its input, then each node in execution order (its
 * status, branch taken, error, computed config and output); objects' keys sorted, values as JSON.
 */
function runLines(details: RunDetails): RunLines {
  const own = ownValues(details);
  const lines: string[] = [];
  const configs = new Map<string, string[]>();
  const line = (path: string, value: unknown) => lines.push(keyLine(path, own(value)));
  line('run.status', details.run.status.raw);
  if (details.run.errorMessage) line('run.error', details.run.errorMessage);
  const slugs = executedSlugs(details.run.executions);
  const inputSlug = slugs[0];
  if (inputSlug !== undefined) flatten('input', details.runContext[inputSlug], line);
  const executions = new Map<string, Execution>();
  for (const execution of details.run.executions) if (!executions.has(execution.nodeSlug)) executions.set(execution.nodeSlug, execution);
  // Nodes the context or configs name that no execution does come last, so that nothing is hidden.
  const others = [...new Set([...Object.keys(details.runContext), ...Object.keys(details.runComputedConfigs)])].filter((slug) => !executions.has(slug)).sort();
  for (const slug of [...slugs, ...others]) {
    const node = pathWith('nodes', slug);
    const execution = executions.get(slug);
    if (execution) {
      line(`${node}.status`, execution.status.raw);
      line(`${node}.branch`, execution.nodeChildIndex ?? null);
      if (execution.errorMessage) line(`${node}.error`, execution.errorMessage);
    }
    if (Object.hasOwn(details.runComputedConfigs, slug)) {
      const from = lines.length;
      flatten(`${node}.config`, details.runComputedConfigs[slug], line);
      configs.set(slug, lines.slice(from));
    }
    // The first node's output is the run's input, written once above.
    if (slug !== inputSlug && Object.hasOwn(details.runContext, slug)) flatten(`${node}.output`, details.runContext[slug], line);
  }
  return { lines, configs };
}

/**
 * Where two runs part, node by node in execution order: a different node reached, then a different
 * status, branch or computed config. Outputs follow from these (or from the outside world), so they
 * are shown but not looked at here.
 */
export function firstDifference(left: RunDetails, right: RunDetails): FirstDifference | undefined {
  return firstDifferenceOf(left, runLines(left), right, runLines(right));
}

function firstDifferenceOf(left: RunDetails, leftLines: RunLines, right: RunDetails, rightLines: RunLines): FirstDifference | undefined {
  const a = left.run.executions;
  const b = right.run.executions;
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const x = a[index];
    const y = b[index];
    const label = labelOf(x ? left : right, (x ?? y) as Execution);
    const at = (kind: DifferenceKind, l: string, r: string): FirstDifference => ({ index, nodeLabel: label, kind, left: l, right: r });
    if (!x || !y) return at('missing', x ? 'run' : 'not run', y ? 'run' : 'not run');
    if (x.nodeSlug !== y.nodeSlug) return at('path', labelOf(left, x), labelOf(right, y));
    if (x.status.raw !== y.status.raw) return at('status', x.status.raw, y.status.raw);
    if ((x.nodeChildIndex ?? null) !== (y.nodeChildIndex ?? null)) return at('branch', String(x.nodeChildIndex ?? 'none'), String(y.nodeChildIndex ?? 'none'));
    if (!sameLines(leftLines.configs.get(x.nodeSlug) ?? [], rightLines.configs.get(y.nodeSlug) ?? [])) return at('config', '', '');
  }
  return undefined;
}

/** Longer values are cut in the documents, with their length and a checksum of the whole: two that differ anywhere still read differently. */
const MAX_VALUE_CHARS = 10_000;

/** `key = value`: the value as JSON on one line (any depth). Its invisible characters are escaped with the whole document's. */
function keyLine(path: string, value: unknown): string {
  const json = value !== null && typeof value === 'object' ? jsonText(value) : (JSON.stringify(value) ?? 'null');
  if (json.length <= MAX_VALUE_CHARS) return `${path} = ${json}`;
  return `${path} = ${sliceWhole(json, MAX_VALUE_CHARS)}… (${json.length.toLocaleString('en-US')} characters, checksum ${checksum(json)})`;
}

/** FNV-1a over the UTF-16 code units, as 8 hexadecimal digits: enough to tell two long values apart at a glance. */
function checksum(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

function labelOf(details: RunDetails, execution: Execution): string {
  const node = details.run.nodes?.find((candidate) => candidate.uuid === execution.nodeUuid);
  return nodeLabel({ name: node?.name, slug: execution.nodeSlug });
}

function executedSlugs(executions: readonly Execution[]): string[] {
  return [...new Set(executions.map((execution) => execution.nodeSlug))];
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

/**
 * The run's own uuid and times (its creation, its end, its executions' starts and ends, and any time in
 * between, as a `{{now}}` in a config resolves to) written the same way in every run: two runs always
 * differ there, which says nothing about why one failed.
 */
function ownValues(details: RunDetails): (value: unknown) => unknown {
  const run = details.run;
  const start = Date.parse(run.createdAt);
  const end = Math.max(
    ...[run.finishedAt, run.updatedAt, ...run.executions.flatMap((e) => [e.finishedAt, e.updatedAt])].map((t) => (t ? Date.parse(t) : -Infinity)),
  );
  return (value) => {
    if (typeof value !== 'string') return value;
    if (value === run.uuid) return RUN_UUID;
    if (value.length <= 40 && ISO_TIME.test(value)) {
      const at = Date.parse(value);
      if (at >= start && at <= end) return RUN_TIME;
    }
    return value;
  };
}

/** Longer keys (and slugs) are cut in the documents' paths: every line under a key repeats it. */
const MAX_KEY_CHARS = 200;

/** `path` one key deeper, a key of more than MAX_KEY_CHARS cut with "…" (two such keys alike that far read the same). */
function pathWith(path: string, key: PropertyKey): string {
  return jsonPathWith(path, typeof key === 'string' && key.length > MAX_KEY_CHARS ? `${sliceWhole(key, MAX_KEY_CHARS)}…` : key);
}

/** A value of more leaves than this (a list of thousands of contacts) shows its first ones, then one line for the rest. */
const MAX_LINES_PER_VALUE = 5_000;

/** Deeper than this, what is left of a value is one line of JSON: a path thousands of keys long helps no one. */
const MAX_FLAT_DEPTH = 64;

/**
 * Every leaf of `value` with its path (written from `root` a key at a time), objects' keys sorted
 * (Cargo's order may change between runs), empty objects and arrays as leaves. Without recursion: a
 * value may be nested thousands of levels deep.
 */
function flatten(root: string, value: unknown, leaf: (path: string, value: unknown) => void): void {
  // One frame per open object or array (not one per key: an object may have 100,000 keys).
  const frames: { readonly path: string; readonly item: object; readonly keys: readonly PropertyKey[]; next: number }[] = [];
  const visit = (path: string, item: unknown) => {
    if (item === null || typeof item !== 'object' || frames.length >= MAX_FLAT_DEPTH) return leaf(path, item);
    // Too many keys to be read one a line: the value on one line (cut, with a checksum of the whole), unsorted.
    const size = Array.isArray(item) ? item.length : Object.keys(item).length;
    if (size === 0 || size > MAX_LINES_PER_VALUE) return leaf(path, item);
    const keys: PropertyKey[] = Array.isArray(item) ? item.map((_, i) => i) : Object.keys(item).sort();
    frames.push({ path, item, keys, next: 0 });
  };
  visit(root, value);
  let leaves = 0;
  while (frames.length > 0) {
    if (++leaves > MAX_LINES_PER_VALUE) {
      // The rest in one line: what is shown of a huge value is its start, and whether it differs at all.
      const json = jsonText(value);
      return leaf(`${root} (the rest, after ${MAX_LINES_PER_VALUE.toLocaleString('en-US')} lines)`, {
        [`${json.length.toLocaleString('en-US')} characters of JSON in all, checksum`]: checksum(json),
      });
    }
    const frame = frames[frames.length - 1] as (typeof frames)[number];
    if (frame.next === frame.keys.length) {
      frames.pop();
      continue;
    }
    const key = frame.keys[frame.next++] as PropertyKey;
    visit(pathWith(frame.path, key), (frame.item as Record<PropertyKey, unknown>)[key]);
  }
}
