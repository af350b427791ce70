// Why the runs of a batch fail. Failures cluster, as they do in Cargo: a batch's failing runs fail for a
// few causes (a node and one of its error templates), one cause for most of them, the others for fewer.
// The messages of one cause differ only in their varying parts (ids, numbers, emails, quoted values).
// The failure report (GET /__sim/failures, Simulator.failures) tells tests which runs failed how.
import { HOSTILE_STRINGS } from './hostile';
import { isVisible, runStateAt } from './lifecycle';
import type { FailureCause, RunOutcome, SimBatch, SimNode, SimWorkflow, World } from './model';
import { ApiError, invalidParameter } from './params';
import { rngFor, type Rng } from './random';
import { profileFor } from './records';
import { failurePassesOnRetry } from './retries';
import type { FailureGroup, FailureReport } from './types';
import { executionTexts, templateOf } from './views';

/** Shares of the failed runs by number of causes: groups of clearly different sizes. */
const WEIGHTS: Readonly<Record<number, readonly number[]>> = {
  1: [1],
  2: [0.7, 0.3],
  3: [0.6, 0.3, 0.1],
  4: [0.45, 0.3, 0.15, 0.1],
};

/** How many causes a batch has when not told: 2 to 4. */
const CAUSES_RANGE: readonly [number, number] = [2, 4];

/**
 * The nodes every run of the workflow goes through: from the start up to the first branch or filter
 * (included). A batch always has a cause at one of them, so every failing run has one on its path.
 */
function nodesOnEveryPath(workflow: SimWorkflow): Set<SimNode> {
  const nodes = new Set<SimNode>();
  for (let node: SimNode | undefined = workflow.start; node;) {
    nodes.add(node);
    node = node.children.length === 1 && !node.blueprint.behaviour.branch ? node.children[0] : undefined;
  }
  return nodes;
}

/** Nodes a failing run can fail at and end on: not the start, not a node with a fallback, one with errors. */
const canEndRun = (node: SimNode, workflow: SimWorkflow) =>
  node !== workflow.start && !node.blueprint.fallbackOnFailure && node.blueprint.behaviour.errors.length > 0;

/**
 * A batch's causes, most weighted first: `count` (default 2 to 4) distinct (node, template) pairs of the
 * workflow, at least one on every run's path. `rng` is the batch's own causes stream.
 */
export function planCauses(workflow: SimWorkflow, rng: Rng, count?: number): FailureCause[] {
  const pairs: { node: SimNode; template: number }[] = [];
  for (const node of workflow.nodes) {
    if (!canEndRun(node, workflow)) continue;
    node.blueprint.behaviour.errors.forEach((_, template) => pairs.push({ node, template }));
  }
  // Fisher–Yates on the batch's stream: the same batch always gets the same causes.
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [pairs[i], pairs[j]] = [pairs[j] as (typeof pairs)[number], pairs[i] as (typeof pairs)[number]];
  }
  const k = Math.min(pairs.length, count ?? rng.int(...CAUSES_RANGE), 4);
  const chosen = pairs.slice(0, k);
  const everywhere = nodesOnEveryPath(workflow);
  if (k > 0 && !chosen.some((c) => everywhere.has(c.node))) {
    const universal = pairs.find((c) => everywhere.has(c.node));
    if (universal) chosen[k - 1] = universal;
  }
  const weights = WEIGHTS[k] ?? [];
  const causes = chosen.map((c, i) => ({
    slug: c.node.blueprint.slug,
    template: c.template,
    weight: weights[i] ?? 0,
    transient: isTransient(c.node, c.template),
  }));
  // Two causes or more: at least one that passes on retry and one that does not. When all are of one
  // kind, the least weighted one counts as the other (never one the record's data causes as transient).
  const last = causes[causes.length - 1];
  if (last && causes.length >= 2 && causes.every((c) => c.transient === causes[0]?.transient)) {
    const flip = last.transient ? last : [...causes].reverse().find((c) => !isBadInput(workflow, c));
    if (flip) flip.transient = !flip.transient;
  }
  return causes;
}

/**
 * Errors that pass when the node runs again: rate limits, timeouts, a server's 5xx or overload, a locked
 * row, a model's output. The others (not found, auth, quota, invalid data, a record's bad input) fail again.
 */
const TRANSIENT_TEMPLATES: ReadonlySet<string> = new Set([
  'openAiServerError',
  'anthropicOverloaded',
  'maxSteps',
  'schemaMismatch',
  'aiScoreSchemaMismatch',
  'timeout',
  'clearbitTimeout',
  'rateLimited',
  'hubspotRateLimited',
  'expressionError',
  'unavailable',
  'rowLocked',
]);
const isTransient = (node: SimNode, template: number) => TRANSIENT_TEMPLATES.has(node.blueprint.behaviour.errors[template]?.id ?? '');
const isBadInput = (workflow: SimWorkflow, cause: FailureCause) =>
  workflow.nodes.find((n) => n.blueprint.slug === cause.slug)?.blueprint.behaviour.errors[cause.template]?.badInput !== undefined;

/**
 * Gives each failing run of a batch (outcome 'error', in creation order) one of the batch's causes:
 * every cause gets at least one run when there are enough, the rest go by weight (largest remainder),
 * and the order is shuffled on the batch's stream. Returns the cause of each outcome (undefined for
 * the others).
 */
export function assignCauses(outcomes: readonly RunOutcome[], causes: readonly FailureCause[], rng: Rng): (FailureCause | undefined)[] {
  const failing = outcomes.reduce((n, o) => n + (o === 'error' ? 1 : 0), 0);
  const slots: FailureCause[] = [];
  if (causes.length > 0) {
    const base = failing >= causes.length ? 1 : 0;
    const rest = failing - base * causes.length;
    const exact = causes.map((c) => rest * c.weight);
    const counts = exact.map((x) => base + Math.floor(x));
    let left = failing - counts.reduce((a, b) => a + b, 0);
    const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
    for (let j = 0; left > 0; j = (j + 1) % byRemainder.length, left--) {
      const i = (byRemainder[j] as { i: number }).i;
      counts[i] = (counts[i] as number) + 1;
    }
    counts.forEach((n, i) => {
      for (let j = 0; j < n; j++) slots.push(causes[i] as FailureCause);
    });
    for (let i = slots.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [slots[i], slots[j]] = [slots[j] as FailureCause, slots[i] as FailureCause];
    }
  }
  let next = 0;
  return outcomes.map((o) => (o === 'error' ? slots[next++] : undefined));
}

/** The causes stream of a batch: a stream of its own, so that drawing causes shifts none of its other draws. */
export const causesRng = (world: World, batchKey: string): Rng => rngFor(world.seed, 'causes', batchKey);

// ---- GET /__sim/failures and Simulator.failures() ----------------------------------------------

const CLIP = 200;
const clip = (text: string) => (text.length > CLIP ? `${text.slice(0, CLIP - 1)}…` : text);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A RegExp source every message of the group matches, whole: the pattern with `(.+?)` for its placeholders. */
function matcherOf(pattern: string): string {
  return `^${pattern
    .split(/(\{\w+\})/)
    .map((part, i) => (i % 2 === 1 ? '(.+?)' : escapeRegExp(part)))
    .join('')}$`;
}

/** A hostile message matches itself (a 1 MiB one by its beginning). */
const hostileMatcher = (message: string) => (message.length > CLIP ? `^${escapeRegExp(message.slice(0, CLIP))}` : `^${escapeRegExp(message)}$`);

/** The batch's failed runs now, grouped by (failing node, error template). */
export function failureReport(world: World, batch: SimBatch, now: number): FailureReport {
  const groups = new Map<string, FailureGroup>();
  let failedRunsCount = 0;
  for (const run of batch.runs) {
    if (!isVisible(run, now)) continue;
    const state = runStateAt(world, run, now);
    const last = state.executions[state.executions.length - 1];
    if (state.status !== 'error' || !state.errorStep || !last) continue;
    failedRunsCount++;
    const step = state.errorStep;
    const message = executionTexts(world, run, last, profileFor(world.seed, run.recordKey, run.input)).errorMessage ?? '';
    const template = templateOf(step);
    const hostile = run.hostile === 'megabyte' ? 'hostile:megabyte' : run.hostile ? `hostile:${HOSTILE_STRINGS.indexOf(message)}` : undefined;
    const templateId = hostile ?? template?.id ?? 'unknown';
    const key = `${step.node.blueprint.slug}\u0000${templateId}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        nodeSlug: step.node.blueprint.slug,
        nodeUuid: step.node.uuid,
        templateId,
        pattern: hostile ? clip(message) : (template?.pattern ?? ''),
        matcher: hostile ? hostileMatcher(message) : matcherOf(template?.pattern ?? ''),
        count: 0,
        runUuids: [],
        sample: clip(message),
        transient: true,
      };
      groups.set(key, group);
    }
    group.transient &&= failurePassesOnRetry(run, step);
    group.count++;
    group.runUuids.push(run.uuid);
  }
  const sorted = [...groups.values()].sort((a, b) => b.count - a.count || a.nodeSlug.localeCompare(b.nodeSlug) || a.templateId.localeCompare(b.templateId));
  return { batchUuid: batch.uuid, failedRunsCount, groups: sorted };
}

/** The batch a failure report is asked for; 400 without a uuid, 404 `batchNotFound` for an unknown one. */
export function failureReportFor(world: World, batchUuid: unknown, now: number): FailureReport {
  if (typeof batchUuid !== 'string' || batchUuid === '') throw invalidParameter('batchUuid', 'required');
  const batch = world.batchesByUuid.get(batchUuid.toLowerCase());
  if (!batch) throw new ApiError(404, 'batchNotFound', `Batch ${batchUuid} not found`);
  return failureReport(world, batch, now);
}
