// Two runs as text to compare line by line, and the first node where they differ. Each line is one
// key and its value (`nodes.clearbit_enrich.config.email = "ada@example.com"`), so a changed line in
// a diff is exactly a key whose value differs. What differs between any two runs without saying
// anything (their uuids, their times) is left out or written the same way. Pure.
import type { Execution, RunDetails } from '../api';
import { jsonPath } from '../shared/jsonPath';
import { jsonText } from '../shared/jsonText';
import { documentJsonLine, plainText } from '../shared/text';
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
  const leftKeys = runKeys(left);
  const rightKeys = runKeys(right);
  const first = firstDifference(left, right);
  const heading = [firstDifferenceLine(first), ''];
  return { left: [...heading, ...leftKeys, ''].join('\n'), right: [...heading, ...rightKeys, ''].join('\n'), first };
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

/**
 * One line per key: the run's status and error, its input, then each node in execution order (its
 * status, branch taken, error, computed config and output); objects' keys sorted, values as JSON.
 */
export function runKeys(details: RunDetails): string[] {
  const own = ownValues(details);
  const lines: string[] = [];
  const line = (path: readonly PropertyKey[], value: unknown) => lines.push(keyLine(path, own(value)));
  line(['run', 'status'], details.run.status.raw);
  if (details.run.errorMessage) line(['run', 'error'], details.run.errorMessage);
  const slugs = executedSlugs(details.run.executions);
  const inputSlug = slugs[0];
  if (inputSlug !== undefined) flatten(['input'], details.runContext[inputSlug], line);
  const executions = new Map<string, Execution>();
  for (const execution of details.run.executions) if (!executions.has(execution.nodeSlug)) executions.set(execution.nodeSlug, execution);
  // Nodes the context or configs name that no execution does come last, so that nothing is hidden.
  const others = [...new Set([...Object.keys(details.runContext), ...Object.keys(details.runComputedConfigs)])].filter((slug) => !executions.has(slug)).sort();
  for (const slug of [...slugs, ...others]) {
    const execution = executions.get(slug);
    if (execution) {
      line(['nodes', slug, 'status'], execution.status.raw);
      line(['nodes', slug, 'branch'], execution.nodeChildIndex ?? null);
      if (execution.errorMessage) line(['nodes', slug, 'error'], execution.errorMessage);
    }
    if (Object.hasOwn(details.runComputedConfigs, slug)) flatten(['nodes', slug, 'config'], details.runComputedConfigs[slug], line);
    // The first node's output is the run's input, written once above.
    if (slug !== inputSlug && Object.hasOwn(details.runContext, slug)) flatten(['nodes', slug, 'output'], details.runContext[slug], line);
  }
  return lines;
}

/**
 * Where two runs part, node by node in execution order: a different node reached, then a different
 * status, branch or computed config. Outputs follow from these (or from the outside world), so they
 * are shown but not looked at here.
 */
export function firstDifference(left: RunDetails, right: RunDetails): FirstDifference | undefined {
  const a = left.run.executions;
  const b = right.run.executions;
  const ownA = ownValues(left);
  const ownB = ownValues(right);
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const x = a[index];
    const y = b[index];
    const label = labelOf(x ? left : right, (x ?? y) as Execution);
    const at = (kind: DifferenceKind, l: string, r: string): FirstDifference => ({ index, nodeLabel: label, kind, left: l, right: r });
    if (!x || !y) return at('missing', x ? 'run' : 'not run', y ? 'run' : 'not run');
    if (x.nodeSlug !== y.nodeSlug) return at('path', labelOf(left, x), labelOf(right, y));
    if (x.status.raw !== y.status.raw) return at('status', x.status.raw, y.status.raw);
    if ((x.nodeChildIndex ?? null) !== (y.nodeChildIndex ?? null)) return at('branch', String(x.nodeChildIndex ?? 'none'), String(y.nodeChildIndex ?? 'none'));
    if (!sameKeys(flatLines(left.runComputedConfigs[x.nodeSlug], ownA), flatLines(right.runComputedConfigs[y.nodeSlug], ownB))) return at('config', '', '');
  }
  return undefined;
}

/** `key = value`: the key as a path, the value as JSON on one line (any depth), invisible characters escaped. */
function keyLine(path: readonly PropertyKey[], value: unknown): string {
  return documentJsonLine(`${jsonPath(path)} = ${jsonText(value)}`);
}

function labelOf(details: RunDetails, execution: Execution): string {
  const node = details.run.nodes?.find((candidate) => candidate.uuid === execution.nodeUuid);
  return nodeLabel({ name: node?.name, slug: execution.nodeSlug });
}

function executedSlugs(executions: readonly Execution[]): string[] {
  return [...new Set(executions.map((execution) => execution.nodeSlug))];
}

function flatLines(value: unknown, own: (value: unknown) => unknown): string[] {
  const lines: string[] = [];
  flatten([], value, (path, leaf) => lines.push(keyLine(path, own(leaf))));
  return lines;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
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
    if (ISO_TIME.test(value)) {
      const at = Date.parse(value);
      if (at >= start && at <= end) return RUN_TIME;
    }
    return value;
  };
}

/** Deeper than this, what is left of a value is one line of JSON: a path thousands of keys long helps no one. */
const MAX_FLAT_DEPTH = 64;

interface Step {
  readonly parent: Step | undefined;
  readonly key: PropertyKey;
  readonly depth: number;
}

/**
 * Every leaf of `value` with its path, objects' keys sorted (Cargo's order may change between runs),
 * empty objects and arrays as leaves. Without recursion, and paths shared by their leaves: a value may
 * be nested thousands of levels deep.
 */
function flatten(root: readonly PropertyKey[], value: unknown, leaf: (path: readonly PropertyKey[], value: unknown) => void): void {
  const pathOf = (step: Step | undefined): PropertyKey[] => {
    const keys: PropertyKey[] = [];
    for (let at = step; at; at = at.parent) keys.push(at.key);
    return [...root, ...keys.reverse()];
  };
  const stack: { step: Step | undefined; value: unknown }[] = [{ step: undefined, value }];
  while (stack.length > 0) {
    const { step, value: item } = stack.pop() as { step: Step | undefined; value: unknown };
    const depth = step?.depth ?? 0;
    if (item === null || typeof item !== 'object' || depth >= MAX_FLAT_DEPTH) {
      leaf(pathOf(step), item);
      continue;
    }
    const entries: [PropertyKey, unknown][] = Array.isArray(item)
      ? item.map((v, i): [number, unknown] => [i, v])
      : Object.keys(item)
          .sort()
          .map((key): [string, unknown] => [key, (item as Record<string, unknown>)[key]]);
    if (entries.length === 0) leaf(pathOf(step), item);
    // Pushed last first, so that they come out in order.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, v] = entries[i] as [PropertyKey, unknown];
      stack.push({ step: { parent: step, key, depth: depth + 1 }, value: v });
    }
  }
}
