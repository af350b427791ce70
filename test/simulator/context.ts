// runContext and runComputedConfigs of a run (GET runs/{uuid}), keyed by node slug and built on
// demand from the record profile: the start node holds the input record, agent nodes nest their
// output under `answer`, a failed node's output is null, configs have their expression objects evaluated (expressions.ts).
// A failing node's error message is written from the same inputs (nodeInputs), so the two agree.
import { workflowRecord, type NodeInputs } from './catalog';
import { resolveConfig } from './expressions';
import { hostileString, megabyteString } from './hostile';
import { stepsOf } from './lifecycle';
import type { RunState, SimRun, SimStep, World } from './model';
import { rngFor } from './random';
import { profileFor, type Profile } from './records';
import { deeplyNested } from './rawJson';

export interface RunDetails {
  runContext: Record<string, unknown>;
  runComputedConfigs: Record<string, unknown>;
}

const bigContextCache = new WeakMap<SimRun, unknown[]>();

export function runDetails(world: World, run: SimRun, state: RunState): RunDetails {
  const profile = profileFor(world.seed, run.recordKey, run.input);
  const runContext: Record<string, unknown> = {};
  const runComputedConfigs: Record<string, unknown> = {};
  for (const execution of state.executions) {
    const blueprint = execution.step.node.blueprint;
    runComputedConfigs[blueprint.slug] = resolveConfig(blueprint.config, runContext, run.startAt);
    if (execution.status === 'pending') continue;
    if (blueprint.slug === 'start') runContext.start = startRecord(world, run, profile);
    else runContext[blueprint.slug] = execution.status === 'success' ? (blueprint.behaviour.output(profile) ?? null) : null;
  }
  if (run.bigContextBytes !== undefined && run.bigContextAtStart) {
    // The input record is the run's from its creation: the start node's context holds it before the node has run.
    const start = (runContext.start ?? run.input ?? {}) as object;
    runContext.start = { ...start, associatedContacts: bigArray(run, run.bigContextBytes) };
  } else if (run.bigContextBytes !== undefined && runContext.hubspot_get_company) {
    runContext.hubspot_get_company = { ...(runContext.hubspot_get_company as object), associatedContacts: bigArray(run, run.bigContextBytes) };
  }
  if (run.hostile) {
    let counter = 0;
    const poisoned = poison(runContext, () => hostileString(counter++)) as Record<string, unknown>;
    if (run.hostile === 'megabyte') poisoned.huge_output = { text: megabyteString() };
    poisoned['<script>alert("key")</script>'] = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
    // Added after poisoning: it is spliced into the response as text (JSON.stringify cannot nest it).
    if (run.deepContextLevels !== undefined) poisoned.deep_output = deeplyNested(run.deepContextLevels);
    return { runContext: poisoned, runComputedConfigs: poison(runComputedConfigs, () => hostileString(counter++)) as Record<string, unknown> };
  }
  return { runContext, runComputedConfigs };
}

/**
 * The record the run's start node holds: the data sent, or the record's own. When the run fails for
 * something in its record (a template's `badInput`), a record the simulator makes up holds that value:
 * the record when no data was sent, a play's always (plays run on their model's records, by id).
 */
export function startRecord(world: World, run: SimRun, profile: Profile): Record<string, unknown> {
  const record = run.input ?? workflowRecord(run.workflow.blueprint, profile);
  if (run.input !== undefined && run.workflow.blueprint.type !== 'play') return record;
  const failed = run.outcome === 'skipped' ? undefined : stepsOf(world, run, profile).find((step) => step.status === 'error');
  const bad = failed?.node.blueprint.behaviour.errors[failed.errorIndex]?.badInput;
  // A retry's record is its original's: the same bad value.
  let origin = run;
  while (origin.retryOf) origin = origin.retryOf;
  return bad ? { ...record, [bad.field]: bad.value(rngFor(world.seed, 'badInput', origin.key)) } : record;
}

/** What a node had when it ran in this run: the start record and its config resolved against the context before it. */
export function nodeInputs(world: World, run: SimRun, step: SimStep, profile: Profile): NodeInputs {
  const start = startRecord(world, run, profile);
  const context: Record<string, unknown> = {};
  for (const earlier of stepsOf(world, run, profile)) {
    if (earlier.index >= step.index) break;
    const blueprint = earlier.node.blueprint;
    context[blueprint.slug] = blueprint.slug === 'start' ? start : earlier.status === 'success' ? (blueprint.behaviour.output(profile) ?? null) : null;
  }
  return { start, config: resolveConfig(step.node.blueprint.config, context, run.startAt) as Record<string, unknown> };
}

function poison(value: unknown, next: () => string): unknown {
  if (typeof value === 'string') return next();
  if (Array.isArray(value)) return value.map((v) => poison(v, next));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, next)]));
  return value;
}

/** An array whose JSON is about `bytes` long: many associated contacts, each nested a few levels. */
function bigArray(run: SimRun, bytes: number): unknown[] {
  const cached = bigContextCache.get(run);
  if (cached) return cached;
  const item = (i: number) => ({
    id: String(700000000 + i),
    email: `contact.${i}@example.com`,
    properties: { firstname: `Contact ${i}`, lastname: 'Example', lifecyclestage: i % 3 === 0 ? 'lead' : 'customer', score: i % 100 },
    history: [{ at: '2025-01-15T10:00:00.000Z', field: 'lifecyclestage', from: null, to: 'lead' }],
  });
  const itemBytes = JSON.stringify(item(123456)).length + 1;
  const items = Array.from({ length: Math.max(1, Math.round(bytes / itemBytes)) }, (_, i) => item(i));
  bigContextCache.set(run, items);
  return items;
}
