// A run's expressions beside the values they produced: each node's config (the run's own nodes when it
// was started with custom nodes, else its release's, one request per release) holds expression objects
// at any depth, and the run's computed config of that node holds, at the same place, what each produced.
// Also the branch each branching node took. VS Code-free: the run panel and the run-file diagnostics show it.
import type { CargoClient, CargoNode, Run } from '../api';
import { isRecord } from '../shared/check';
import { expressionReferences, isExpression, type ExpressionKind, type ReferencePath } from './expressions';
import { nodeLabel } from './labels';
import type { ReleaseNodesSource } from './releaseNodes';

export type ConfigPath = readonly (string | number)[];

export interface FieldExpression {
  /** Where the expression is in the node's config (and its value in the computed config). */
  readonly path: ConfigPath;
  readonly kind: ExpressionKind;
  readonly expression: string;
  /** What it produced; undefined when the computed config has nothing there. */
  readonly value: unknown;
  /** Null, absent, "", [] or {}. */
  readonly empty: boolean;
  /** The values of the run it reads. */
  readonly references: readonly ReferencePath[];
  /** What it reads that could not be made out, as written. */
  readonly unreadable: readonly string[];
}

export interface BranchTaken {
  /** The index of the branch taken among the node's children (execution nodeChildIndex). */
  readonly index: number;
  /** How many branches the node has (0 when its children are unknown). */
  readonly count: number;
  /** The node the branch leads to, labelled; undefined when the branch ends the run or its node is unknown. */
  readonly next: string | undefined;
}

export interface NodeExpressions {
  readonly slug: string;
  /** "Enrich company (enrich)". */
  readonly label: string;
  /** Its configured fields that hold expressions, in the config's order. */
  readonly fields: readonly FieldExpression[];
  /** The branch taken, for a node that branched (the last time it ran). */
  readonly branch: BranchTaken | undefined;
}

export interface RunExpressions {
  /** The nodes that ran and hold expressions or branched, in the order they first ran. */
  readonly nodes: readonly NodeExpressions[];
  /** How many expressions came out empty. */
  readonly emptyCount: number;
}

/** The nodes whose configs the run ran with: its own (custom nodes) when it has them, else its release's (one request per release, cached). */
export async function runNodes(run: Pick<Run, 'nodes' | 'releaseUuid'>, client: CargoClient, releases: ReleaseNodesSource): Promise<readonly CargoNode[]> {
  if (run.nodes && run.nodes.length > 0) return run.nodes;
  if (!run.releaseUuid) return [];
  return releases.nodesOf(client, run.releaseUuid);
}

/** The release a run's nodes come from, or undefined when the run has its own nodes (or names no release): the key of a cached answer. */
export function nodesSourceOf(run: Pick<Run, 'nodes' | 'releaseUuid'>): string | undefined {
  return run.nodes && run.nodes.length > 0 ? undefined : (run.releaseUuid ?? undefined);
}

/** Each executed node's expressions beside what they produced (`computedConfigs`: runComputedConfigs), and its branch. */
export function runExpressions(run: Pick<Run, 'executions'>, computedConfigs: Readonly<Record<string, unknown>>, nodes: readonly CargoNode[]): RunExpressions {
  const byUuid = new Map(nodes.map((node) => [node.uuid, node]));
  const bySlug = new Map(nodes.map((node) => [node.slug, node]));
  const branches = new Map<string, BranchTaken>();
  const order: CargoNode[] = [];
  for (const execution of run.executions) {
    const node = byUuid.get(execution.nodeUuid) ?? bySlug.get(execution.nodeSlug);
    if (!node) continue;
    if (!order.includes(node)) order.push(node);
    const index = execution.nodeChildIndex;
    const children = node.childrenUuids ?? [];
    // A node with one way on did not branch, whatever index its execution carries.
    if (typeof index === 'number' && Number.isSafeInteger(index) && index >= 0 && children.length !== 1) {
      const childUuid = children[index];
      const child = childUuid ? byUuid.get(childUuid) : undefined;
      branches.set(node.slug, { index, count: children.length, next: child ? nodeLabel(child) : undefined });
    }
  }
  let emptyCount = 0;
  const shown: NodeExpressions[] = [];
  for (const node of order) {
    const ran = Object.hasOwn(computedConfigs, node.slug);
    const fields = ran ? expressionsIn(node.config).map(({ path, expression }) => field(path, expression, computedConfigs[node.slug])) : [];
    emptyCount += fields.filter((entry) => entry.empty).length;
    const branch = branches.get(node.slug);
    if (fields.length > 0 || branch) shown.push({ slug: node.slug, label: nodeLabel(node), fields, branch });
  }
  return { nodes: shown, emptyCount };
}

function field(path: ConfigPath, expression: { kind: ExpressionKind; expression: string }, computed: unknown): FieldExpression {
  const value = valueAt(computed, path);
  return { path, kind: expression.kind, expression: expression.expression, value, empty: isEmptyValue(value), ...expressionReferences(expression) };
}

/** Null, absent, "", [] or {}: what "came out empty" means. */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}

/** Deeper than this in a config, expressions are not looked for (a config is a form's fields, a few levels). */
const MAX_CONFIG_DEPTH = 64;

/** The expression objects in a config, at any depth (object property or array item), with where they are; in the config's order. */
export function expressionsIn(config: unknown): { path: ConfigPath; expression: { kind: ExpressionKind; expression: string } }[] {
  const found: { path: ConfigPath; expression: { kind: ExpressionKind; expression: string } }[] = [];
  // Without recursion: a config from Cargo may nest deeply.
  const stack: { value: unknown; path: ConfigPath }[] = [{ value: config, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (isExpression(value)) {
      if (path.length > 0) found.push({ path, expression: { kind: value.kind, expression: value.expression } });
      continue;
    }
    if (path.length >= MAX_CONFIG_DEPTH) continue;
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, i) => [i, item]) : isRecord(value) ? Object.entries(value) : [];
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: [...path, entries[i]![0]] });
  }
  return found;
}

/** The value at `path` under `root`; undefined when any step is missing. */
function valueAt(root: unknown, path: ConfigPath): unknown {
  let value = root;
  for (const key of path) {
    if (typeof key === 'number' ? !Array.isArray(value) : !isRecord(value) || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}
