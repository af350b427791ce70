// Builds the simulated workspace from a seed: workflows with their node graphs and releases, ~20
// batches over the last days in every status (some live, driven by stepMs), the large batch,
// API-created runs, and the hostile and big-context fixtures. Same seed, same uuids and data; times
// are relative to start.
import { WORKFLOWS, workflowRecord, type WorkflowBlueprint } from './catalog';
import { startChildRuns } from './childRuns';
import { hostileString } from './hostile';
import { assignCauses, causesRng, planCauses } from './failures';
import { batchStateAt, plannedEnd, runStateAt, stepsOf } from './lifecycle';
import {
  insertNewestFirst,
  newSimRun,
  type FailureCause,
  type SimBatch,
  type SimNode,
  type SimRelease,
  type SimRun,
  type SimWorkflow,
  type World,
  type RunOutcome,
} from './model';
import { ApiError } from './params';
import { rngFor, uuidFor, type Rng } from './random';
import { profileFor, recordIdentity } from './records';
import type { BatchData, Fixtures } from './types';

export interface WorldOptions {
  seed: number;
  scale: number;
  stepMs: number;
  hostile: boolean;
  bigContextBytes?: number;
  now: number;
}

const SECOND = 1000;
/** Failure causes of the large batch fixture: its failed runs fall into this many (node, template) groups. */
export const LARGE_BATCH_CAUSES = 3;
/** How deep the deepContext fixture's deep_output goes: deeper than JSON.stringify can follow. */
export const DEEP_CONTEXT_LEVELS = 20_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Records in each kind's shared pool (the first 30 are well-known companies). */
export const POOL_SIZE = 150;

type BatchEnd = 'success' | 'error' | 'skipped' | 'cancelled';

interface HistoricalSpec {
  workflow: string;
  ageMs: number;
  runs: number;
  failureRate: number;
  end: BatchEnd;
  dataKind: BatchData['kind'];
}

/** Finished batches, spread over the last five days. */
const HISTORY: readonly (HistoricalSpec & { fixture?: 'large' | 'unhealthy' | 'succeeded' | 'failed' })[] = [
  { workflow: 'weeklyAbm', ageMs: 2 * DAY + 3 * HOUR, runs: -1, failureRate: 0.06, end: 'success', dataKind: 'schedule', fixture: 'large' },
  { workflow: 'weeklyAbm', ageMs: 4 * DAY + 3 * HOUR, runs: 45, failureRate: 0.1, end: 'success', dataKind: 'schedule' },
  { workflow: 'weeklyAbm', ageMs: 1 * DAY + 2 * HOUR, runs: 0, failureRate: 0, end: 'skipped', dataKind: 'schedule' },
  { workflow: 'weeklyAbm', ageMs: 3 * DAY + 5 * HOUR, runs: 12, failureRate: 0.2, end: 'error', dataKind: 'segment', fixture: 'failed' },
  { workflow: 'newSignups', ageMs: 4 * DAY + 1 * HOUR, runs: 60, failureRate: 0.05, end: 'success', dataKind: 'change' },
  { workflow: 'newSignups', ageMs: 1 * DAY + 7 * HOUR, runs: 30, failureRate: 0.45, end: 'success', dataKind: 'change', fixture: 'unhealthy' },
  { workflow: 'newSignups', ageMs: 20 * HOUR, runs: 40, failureRate: 0.1, end: 'cancelled', dataKind: 'change' },
  { workflow: 'newSignups', ageMs: 6 * HOUR, runs: 18, failureRate: 0.05, end: 'success', dataKind: 'change' },
  { workflow: 'enrichLead', ageMs: 5 * HOUR, runs: 24, failureRate: 0.2, end: 'success', dataKind: 'records', fixture: 'succeeded' },
  { workflow: 'enrichLead', ageMs: 2 * DAY, runs: 8, failureRate: 0.1, end: 'success', dataKind: 'file' },
  { workflow: 'enrichLead', ageMs: 3 * DAY + 9 * HOUR, runs: 5, failureRate: 0.3, end: 'error', dataKind: 'file' },
  { workflow: 'scoreAccount', ageMs: 1 * DAY, runs: 35, failureRate: 0.08, end: 'success', dataKind: 'recordIds' },
  { workflow: 'scoreAccount', ageMs: 4 * DAY + 2 * HOUR, runs: 3, failureRate: 0, end: 'success', dataKind: 'recordIds' },
  { workflow: 'routeToOwner', ageMs: 2 * DAY + 6 * HOUR, runs: 15, failureRate: 0.25, end: 'success', dataKind: 'records' },
  { workflow: 'routeToOwner', ageMs: 10 * HOUR, runs: 9, failureRate: 0.1, end: 'success', dataKind: 'filter' },
  { workflow: 'routeToOwner', ageMs: 4 * DAY + 20 * HOUR, runs: 10, failureRate: 0.1, end: 'cancelled', dataKind: 'records' },
];

const ERROR_BATCH_MESSAGES = [
  'Failed to fetch records from HubSpot: 401 Unauthorized (token expired)',
  'Segment query failed: column "numberofemployees" does not exist',
];

interface LiveSpec {
  workflow: string;
  /** All in steps (stepMs) relative to the simulator start. */
  created: number;
  query: number;
  runsAt: number;
  runs: number;
  firstStart: number;
  startGap: number;
  cancel?: number;
  dataKind: BatchData['kind'];
  fixture?: 'running';
}

/** Batches moving while the simulator runs; all settle within ~40 steps, the `running` one within 10. */
const LIVE: readonly LiveSpec[] = [
  { workflow: 'enrichLead', created: -5, query: -4.6, runsAt: -4, runs: 12, firstStart: -3, startGap: 3 / 11, dataKind: 'records', fixture: 'running' },
  { workflow: 'scoreAccount', created: -10, query: -9.6, runsAt: -9, runs: 40, firstStart: -8, startGap: 1, dataKind: 'recordIds' },
  { workflow: 'enrichLead', created: -0.5, query: 1, runsAt: 2, runs: 8, firstStart: 2.5, startGap: 0.5, dataKind: 'file' },
  { workflow: 'newSignups', created: -1, query: -0.8, runsAt: 2, runs: 10, firstStart: 2.5, startGap: 0.5, dataKind: 'change' },
  { workflow: 'routeToOwner', created: -1.5, query: -1, runsAt: 1.5, runs: 6, firstStart: 2, startGap: 0.4, dataKind: 'records' },
  { workflow: 'scoreAccount', created: -6, query: -5.6, runsAt: -5, runs: 20, firstStart: -4.5, startGap: 0.5, cancel: -0.4, dataKind: 'recordIds' },
];

export function createWorld(options: WorldOptions): World {
  const { seed, now } = options;
  const world: World = {
    seed,
    stepMs: options.stepMs,
    startedAt: now,
    workspaceUuid: uuidFor(seed, 'workspace'),
    userUuid: uuidFor(seed, 'user', 'api'),
    workflows: [],
    workflowsByUuid: new Map(),
    releasesByUuid: new Map(),
    batches: [],
    batchesByUuid: new Map(),
    runs: [],
    runsByUuid: new Map(),
    createdRuns: 0,
    createdBatches: 0,
    fixtures: undefined as unknown as Fixtures, // known once everything is built, set below
  };

  const byKey = new Map<string, SimWorkflow>();
  WORKFLOWS.forEach((blueprint, i) => {
    const workflow = buildWorkflow(seed, blueprint, now - (40 - i * 5) * DAY, now);
    world.workflows.push(workflow);
    world.workflowsByUuid.set(workflow.uuid, workflow);
    for (const release of workflow.releases) world.releasesByUuid.set(release.uuid, release);
    byKey.set(blueprint.key, workflow);
  });
  // Tool nodes point at the tool that owns the called workflow.
  for (const workflow of world.workflows) {
    for (const node of workflow.nodes) {
      if (node.blueprint.toolKey) node.toolUuid = byKey.get(node.blueprint.toolKey)?.ownerUuid ?? null;
    }
  }
  const wf = (key: string) => byKey.get(key) as SimWorkflow;

  const allRuns: SimRun[] = [];
  const fixtureBatches: Partial<Record<string, SimBatch>> = {};

  HISTORY.forEach((spec, index) => {
    const rng = rngFor(seed, 'batch', index);
    const workflow = wf(spec.workflow);
    const createdAt = now - spec.ageMs - rng.int(0, 40) * MINUTE;
    const batch = newBatch(world, rng, workflow, `h${index}`, createdAt, spec.dataKind);
    batch.queryAt = createdAt + rng.int(200, 900);
    batch.runsAt = batch.queryAt + rng.int(2, 20) * SECOND;
    const count = spec.runs < 0 ? options.scale : spec.runs;
    const large = spec.fixture === 'large';
    let time = batch.runsAt;
    const outcomes = planOutcomes(rng, count, spec.failureRate, workflow.blueprint.type === 'play');
    if (spec.fixture === 'succeeded') {
      outcomes[2] = 'error';
      outcomes[3] = 'success';
    }
    // The large batch fails for exactly LARGE_BATCH_CAUSES causes (tests count the groups).
    const causes = planFailures(world, batch, `h${index}`, outcomes, large ? LARGE_BATCH_CAUSES : undefined);
    for (let i = 0; i < count; i++) {
      const recordKey = large ? `${workflow.blueprint.recordKind}/L/${i}` : `${workflow.blueprint.recordKind}/${(rng.int(0, POOL_SIZE - 1) + i) % POOL_SIZE}`;
      time += large ? 150 + (i % 7) * 40 : rng.int(300, 4000);
      const run = newRun(world, workflow, batch, `h${index}:${i}`, recordKey, batch.runsAt + i, time, outcomes[i] as RunOutcome, { cause: causes[i] });
      batch.runs.push(run);
    }
    if (spec.end === 'skipped') {
      batch.skipAt = createdAt + rng.int(300, 1200);
      batch.data = { kind: 'schedule', modelUuid: workflow.modelUuid, segmentUuid: workflow.segmentUuid, changeKinds: ['added', 'updated'], skip: true };
    } else if (spec.end === 'error') {
      batch.errorAt = Math.max(batch.runsAt, ...batch.runs.map((r) => plannedEnd(world, r))) + rng.int(2, 10) * SECOND;
      batch.errorMessage = rng.pick(ERROR_BATCH_MESSAGES);
    } else if (spec.end === 'cancelled') {
      const ends = batch.runs.map((r) => plannedEnd(world, r)).sort((a, b) => a - b);
      const cancelAt = ends[Math.floor(ends.length / 2)] ?? batch.runsAt;
      for (const run of batch.runs) if (plannedEnd(world, run) > cancelAt) run.cancelAt = cancelAt;
      batch.cancelAt = cancelAt;
    }
    if (spec.fixture) fixtureBatches[spec.fixture] = batch;
    finishBatch(world, batch, allRuns);
  });

  LIVE.forEach((spec, index) => {
    const rng = rngFor(seed, 'live', index);
    const step = options.stepMs;
    const workflow = wf(spec.workflow);
    const batch = newBatch(world, rng, workflow, `l${index}`, now + spec.created * step, spec.dataKind);
    batch.queryAt = now + spec.query * step;
    batch.runsAt = now + spec.runsAt * step;
    const outcomes = planOutcomes(rng, spec.runs, 0.12, false);
    if (spec.fixture === 'running') outcomes[1] = 'success';
    const causes = planFailures(world, batch, `l${index}`, outcomes);
    for (let i = 0; i < spec.runs; i++) {
      const recordKey = `${workflow.blueprint.recordKind}/${(index * 17 + i * 3) % POOL_SIZE}`;
      const startAt = now + (spec.firstStart + i * spec.startGap) * step;
      batch.runs.push(
        newRun(world, workflow, batch, `l${index}:${i}`, recordKey, batch.runsAt + i, startAt, outcomes[i] as RunOutcome, { stepMs: step, cause: causes[i] }),
      );
    }
    if (spec.cancel !== undefined) {
      const cancelAt = now + spec.cancel * step;
      for (const run of batch.runs) if (run.createdAt <= cancelAt && plannedEnd(world, run) > cancelAt) run.cancelAt = cancelAt;
      batch.cancelAt = cancelAt;
    }
    if (spec.fixture) fixtureBatches[spec.fixture] = batch;
    finishBatch(world, batch, allRuns);
  });

  // Runs started from the API or a tool's form, outside any batch.
  const tools = world.workflows.filter((w) => w.blueprint.type === 'tool');
  for (let i = 0; i < 14; i++) {
    const rng = rngFor(seed, 'single', i);
    const workflow = tools[i % tools.length] as SimWorkflow;
    const createdAt = now - rng.int(10, 2 * 24 * 60) * MINUTE;
    const run = newRun(
      world,
      workflow,
      null,
      `s${i}`,
      `${workflow.blueprint.recordKind}/${rng.int(0, POOL_SIZE - 1)}`,
      createdAt,
      createdAt + rng.int(100, 800),
      rng.chance(0.25) ? 'error' : 'success',
    );
    run.userUuid = world.userUuid;
    allRuns.push(run);
  }

  // Qualify lead runs started from its form: a tool node's child run, and an expression that came out empty.
  const leadRun = (name: string, poolIndex: number, ageMs: number, website?: string): SimRun => {
    const run = seededRun(world, wf('qualifyLead'), name, `person/${poolIndex}`, now - ageMs, website === undefined ? {} : { website });
    allRuns.push(run);
    startChildRuns(world, run, (child) => allRuns.push(child));
    return run;
  };
  const withChildRun = leadRun('withChildRun', 4, 3 * HOUR);
  const emptyExpression = leadRun('emptyExpression', 9, 2 * HOUR + 10 * MINUTE, '');
  const allExpressions = leadRun('allExpressions', 21, 95 * MINUTE);

  let hostileBatch: SimBatch | undefined;
  let hostileRun: SimRun | undefined;
  let deepContextRun: SimRun | undefined;
  if (options.hostile) {
    const rng = rngFor(seed, 'hostile');
    const workflow = wf('enrichLead');
    hostileBatch = newBatch(world, rng, workflow, 'hostile', now - 30 * MINUTE, 'records');
    hostileBatch.queryAt = hostileBatch.createdAt + 300;
    hostileBatch.runsAt = hostileBatch.createdAt + 2 * SECOND;
    const outcomes = Array.from({ length: 10 }, (_, i): RunOutcome => (i % 2 === 0 ? 'error' : 'success'));
    const causes = planFailures(world, hostileBatch, 'hostile', outcomes);
    for (let i = 0; i < 10; i++) {
      const run = newRun(
        world,
        workflow,
        hostileBatch,
        `hostile:${i}`,
        `person/${i + 40}`,
        hostileBatch.runsAt + i,
        hostileBatch.runsAt + i * 900,
        outcomes[i] as RunOutcome,
        { cause: causes[i] },
      );
      run.hostile = i === 0 ? 'megabyte' : 'strings';
      run.recordTitle = hostileString(i + 1);
      if (i === 3) run.recordId = 'rec/<script>?&#';
      if (i === 5) {
        run.deepContextLevels = DEEP_CONTEXT_LEVELS;
        deepContextRun = run;
      }
      hostileBatch.runs.push(run);
      hostileRun ??= run;
    }
    finishBatch(world, hostileBatch, allRuns);
  }

  let bigContextRun: SimRun | undefined;
  if (options.bigContextBytes !== undefined && options.bigContextBytes > 0) {
    const workflow = wf('scoreAccount');
    bigContextRun = newRun(world, workflow, null, 'bigContext', 'company/7', now - 50 * MINUTE, now - 50 * MINUTE + 400, 'success');
    bigContextRun.userUuid = world.userUuid;
    bigContextRun.bigContextBytes = options.bigContextBytes;
    allRuns.push(bigContextRun);
  }

  allRuns.sort((a, b) => b.createdAt - a.createdAt);
  world.runs = allRuns;
  for (const run of allRuns) world.runsByUuid.set(run.uuid, run);
  world.batches.sort((a, b) => b.createdAt - a.createdAt);
  for (const workflow of world.workflows) workflow.batches.sort((a, b) => b.createdAt - a.createdAt);

  const batchOf = (name: string) => fixtureBatches[name] as SimBatch;
  const succeeded = batchOf('succeeded');
  const running = batchOf('running');
  const byCreation = (batch: SimBatch) => [...batch.runs].sort((a, b) => a.createdAt - b.createdAt);
  const fixtures: Fixtures = {
    workflows: {
      tool: wf('enrichLead').uuid,
      play: wf('newSignups').uuid,
      ...Object.fromEntries(world.workflows.map((w) => [w.key, w.uuid])),
    },
    batches: {
      running: running.uuid,
      unhealthy: batchOf('unhealthy').uuid,
      large: batchOf('large').uuid,
      succeeded: succeeded.uuid,
      failed: batchOf('failed').uuid,
    },
    runs: {
      failed: (byCreation(succeeded)[2] as SimRun).uuid,
      running: (byCreation(running)[1] as SimRun).uuid,
      succeeded: (byCreation(succeeded)[3] as SimRun).uuid,
      withChildRun: withChildRun.uuid,
      emptyExpression: emptyExpression.uuid,
      allExpressions: allExpressions.uuid,
    },
    largeBatchRunsCount: options.scale,
  };
  if (hostileBatch && hostileRun) {
    fixtures.batches.hostile = hostileBatch.uuid;
    fixtures.runs.hostile = hostileRun.uuid;
  }
  if (deepContextRun) fixtures.runs.deepContext = deepContextRun.uuid;
  if (bigContextRun) fixtures.runs.bigContext = bigContextRun.uuid;
  world.fixtures = fixtures;

  // Settle everything already finished now, so the first requests are as fast as the later ones.
  for (const batch of world.batches) batchStateAt(world, batch, now);
  for (const run of world.runs) if (!run.batch) runStateAt(world, run, now);
  return world;
}

/** Sets the batch's failure causes and gives one to each planned failure (see failures.ts). */
function planFailures(world: World, batch: SimBatch, batchKey: string, outcomes: RunOutcome[], count?: number): (FailureCause | undefined)[] {
  const rng = causesRng(world, batchKey);
  batch.causes = planCauses(batch.workflow, rng, count);
  return assignCauses(outcomes, batch.causes, rng);
}

function planOutcomes(rng: Rng, count: number, failureRate: number, mayBeSkipped: boolean): RunOutcome[] {
  const outcomes: RunOutcome[] = [];
  for (let i = 0; i < count; i++) {
    const roll = rng.next();
    outcomes.push(roll < failureRate ? 'error' : mayBeSkipped && roll > 0.97 ? 'skipped' : 'success');
  }
  return outcomes;
}

function buildWorkflow(seed: number, blueprint: WorkflowBlueprint, createdAt: number, now: number): SimWorkflow {
  const key = blueprint.key;
  const nodes: SimNode[] = blueprint.nodes.map((nb) => ({
    uuid: uuidFor(seed, 'node', key, nb.slug),
    blueprint: nb,
    children: [],
    connectorUuid: nb.kind === 'connector' ? uuidFor(seed, 'connector', nb.integrationSlug ?? '') : null,
    toolUuid: null,
    agentUuid: nb.kind === 'agent' ? uuidFor(seed, 'agent', nb.templateSlug ?? nb.slug) : null,
    position: { x: 0, y: 0 },
  }));
  const bySlug = new Map(nodes.map((n) => [n.blueprint.slug, n]));
  for (const node of nodes) {
    node.children = node.blueprint.children.map((slug) => {
      const child = bySlug.get(slug);
      if (!child) throw new Error(`workflow ${key}: node ${node.blueprint.slug} has unknown child ${slug}`);
      return child;
    });
  }
  const place = (node: SimNode, depth: number, column: number) => {
    node.position = { x: column * 320, y: depth * 140 };
    node.children.forEach((child, i) => place(child, depth + 1, column + i));
  };
  const start = nodes[0] as SimNode;
  place(start, 0, 0);
  const rng = rngFor(seed, 'workflow', key);
  // Deployed a day to a month after creation, but never in the future: its draft was edited since.
  const deployedAt = Math.min(createdAt + rng.int(1, 30) * DAY, now - 6 * HOUR);
  const workflow: SimWorkflow = {
    key,
    blueprint,
    uuid: uuidFor(seed, 'workflow', key),
    ownerUuid: uuidFor(seed, blueprint.type, key),
    releaseUuid: uuidFor(seed, 'release', key),
    releaseVersion: String(rng.int(3, 14)), // from 3: the two versions before it are numbered too
    releases: [],
    nodes,
    start,
    createdAt,
    updatedAt: deployedAt,
    deployedAt,
    modelUuid: uuidFor(seed, 'model', blueprint.recordKind),
    segmentUuid: uuidFor(seed, 'segment', key),
    folderUuid: blueprint.type === 'play' ? uuidFor(seed, 'folder', 'plays') : null,
    batches: [],
  };
  workflow.releases = buildReleases(seed, rng, workflow, now);
  return workflow;
}

/** The draft (edited since the last deploy), the deployed release, and the two versions before it (archived). */
function buildReleases(seed: number, rng: Rng, workflow: SimWorkflow, now: number): SimRelease[] {
  const { key, blueprint } = workflow;
  const version = Number(workflow.releaseVersion);
  const release = (fields: Omit<SimRelease, 'workflow'>): SimRelease => ({ workflow, ...fields });
  const deployedCreatedAt = workflow.deployedAt - HOUR;
  // The two earlier versions were made a quarter and half way between the workflow's creation and the deploy.
  const olderAt = (i: number) => workflow.createdAt + Math.round(((deployedCreatedAt - workflow.createdAt) * (i + 1)) / 4);
  const older = [version - 2, version - 1].map((v, i) =>
    release({
      uuid: uuidFor(seed, 'release', key, `v${v}`),
      status: 'archived',
      version: String(v),
      parentUuid: i === 0 ? null : uuidFor(seed, 'release', key, `v${v - 1}`),
      description: `v${v}: ${blueprint.name}, ${i === 0 ? 'first version' : 'prompt and retries tuned'}`,
      createdAt: olderAt(i),
      // Archived when the next version was deployed.
      updatedAt: i === 0 ? olderAt(1) + 20 * MINUTE : workflow.deployedAt,
      deployedAt: olderAt(i) + 20 * MINUTE,
    }),
  );
  const deployed = release({
    uuid: workflow.releaseUuid,
    status: 'deployed',
    version: workflow.releaseVersion,
    parentUuid: (older[1] as SimRelease).uuid,
    description: `v${workflow.releaseVersion}: ${blueprint.description}`,
    createdAt: deployedCreatedAt,
    updatedAt: workflow.deployedAt,
    deployedAt: workflow.deployedAt,
  });
  const draftCreatedAt = workflow.deployedAt + MINUTE;
  const draft = release({
    uuid: uuidFor(seed, 'release', key, 'draft'),
    status: 'draft',
    version: null,
    parentUuid: deployed.uuid,
    description: null,
    createdAt: draftCreatedAt,
    updatedAt: Math.max(draftCreatedAt, now - rng.int(1, 5) * HOUR),
    deployedAt: null,
  });
  return [draft, deployed, ...older.reverse()];
}

function newBatch(world: World, rng: Rng, workflow: SimWorkflow, key: string, createdAt: number, dataKind: BatchData['kind']): SimBatch {
  const uuid = uuidFor(world.seed, 'batch', key);
  const batch: SimBatch = {
    uuid,
    workflow,
    data: batchData(rng, workflow, uuid, dataKind),
    userUuid: workflow.blueprint.type === 'play' ? null : world.userUuid,
    createdAt,
    queryAt: createdAt,
    preRunStatus: dataKind === 'segment' || dataKind === 'change' || dataKind === 'schedule' ? 'syncing' : 'querying',
    runsAt: createdAt,
    runs: [],
    causes: [],
  };
  return batch;
}

function batchData(rng: Rng, workflow: SimWorkflow, batchUuid: string, kind: BatchData['kind']): BatchData {
  switch (kind) {
    case 'segment':
      return { kind, segmentUuid: workflow.segmentUuid };
    case 'change':
      return { kind, changeUuid: rng.uuid(), changeKinds: ['added'], segmentUuid: workflow.segmentUuid };
    case 'schedule':
      return { kind, modelUuid: workflow.modelUuid, segmentUuid: workflow.segmentUuid, changeKinds: ['added', 'updated'], changeUuid: rng.uuid() };
    case 'file':
      return { kind, s3Filename: `uploads/${batchUuid}/leads.csv`, mappings: { Email: 'email', Company: 'company' } };
    case 'recordIds':
      return { kind, modelUuid: workflow.modelUuid, ids: [] };
    case 'filter':
      return { kind, modelUuid: workflow.modelUuid, limit: 100 };
    default:
      return { kind: 'records', s3Filename: `batches/${batchUuid}/records.json` };
  }
}

function newRun(
  world: World,
  workflow: SimWorkflow,
  batch: SimBatch | null,
  key: string,
  recordKey: string,
  createdAt: number,
  startAt: number,
  outcome: RunOutcome,
  plan: { stepMs?: number; cause?: FailureCause } = {},
): SimRun {
  const profile = profileFor(world.seed, recordKey);
  const identity = recordIdentity(workflow.blueprint.recordKind, profile);
  const run = newSimRun(world.seed, {
    key,
    workflow,
    batch,
    recordId: identity.id,
    recordTitle: identity.title,
    recordKey,
    userUuid: batch?.userUuid ?? null,
    createdAt,
    startAt,
    stepMs: plan.stepMs,
    outcome,
    cause: plan.cause,
  });
  stepsOf(world, run, profile); // now, while the profile is at hand
  return run;
}

/** A successful run outside any batch, started from the workflow's form with a pool record's data (`changes` on top). */
function seededRun(world: World, workflow: SimWorkflow, key: string, recordKey: string, createdAt: number, changes: Record<string, unknown>): SimRun {
  const input = { ...workflowRecord(workflow.blueprint, profileFor(world.seed, recordKey)), ...changes };
  const identity = identityOfInput(world, workflow, recordKey, input);
  const run = newSimRun(world.seed, {
    key,
    workflow,
    batch: null,
    recordId: identity.id,
    recordTitle: identity.title,
    recordKey,
    input,
    userUuid: world.userUuid,
    createdAt,
    startAt: createdAt + 400,
    outcome: 'success',
  });
  stepsOf(world, run);
  return run;
}

function finishBatch(world: World, batch: SimBatch, allRuns: SimRun[]): void {
  if (batch.data.kind === 'recordIds') batch.data.ids = batch.runs.slice(0, 20).map((r) => r.recordId);
  batch.runs.sort((a, b) => b.createdAt - a.createdAt);
  allRuns.push(...batch.runs);
  world.batches.push(batch);
  world.batchesByUuid.set(batch.uuid, batch);
  batch.workflow.batches.push(batch);
}

/** The workflow a create-run or create-batch body names; 404 `workflowNotFound` otherwise. */
export function findWorkflow(world: World, uuid: string | undefined): SimWorkflow {
  const workflow = uuid === undefined ? undefined : world.workflowsByUuid.get(uuid);
  if (!workflow) throw new ApiError(404, 'workflowNotFound', uuid === undefined ? 'workflowUuid is required' : `Workflow ${uuid} not found`);
  return workflow;
}

/** `__simOutcome: 'success' | 'error'` in a record sent to POST /runs or /batches forces the run's outcome. */
export function forcedOutcome(input: Record<string, unknown>): RunOutcome | undefined {
  const forced = input.__simOutcome;
  return forced === 'success' || forced === 'error' ? forced : undefined;
}

/** Record id and title of a run fed `input`: from its id/title-like fields, else the profile's. */
export function identityOfInput(world: World, workflow: SimWorkflow, recordKey: string, input: Record<string, unknown>): { id: string; title: string } {
  const fallback = recordIdentity(workflow.blueprint.recordKind, profileFor(world.seed, recordKey, input));
  const text = (key: string) => (typeof input[key] === 'string' && input[key] !== '' ? (input[key] as string) : undefined);
  return {
    id: typeof input.id === 'number' ? String(input.id) : (text('id') ?? text('recordId') ?? fallback.id),
    title: text('title') ?? text('name') ?? text('email') ?? text('domain') ?? fallback.title,
  };
}

export interface CreateRunOptions {
  releaseUuid?: string;
  /** This run's step instead of the simulator's. */
  stepMs?: number;
  /** The run's context is about this many bytes from its creation on (at its start node). */
  contextBytes?: number;
  /** The run has this many executions (see SimRun.executionsCount). */
  executions?: number;
}

/** Creates a run for POST /runs. */
export function createRun(world: World, workflow: SimWorkflow, input: Record<string, unknown>, now: number, options: CreateRunOptions = {}): SimRun {
  const n = world.createdRuns++;
  const stepMs = options.stepMs ?? world.stepMs;
  const rng = rngFor(world.seed, 'created', n);
  const chance: RunOutcome = rng.chance(0.8) || workflow.blueprint.succeedsUnlessForced ? 'success' : 'error';
  const outcome: RunOutcome = forcedOutcome(input) ?? chance;
  const recordKey = `created/${n}`;
  const identity = identityOfInput(world, workflow, recordKey, input);
  const run: SimRun = {
    uuid: uuidFor(world.seed, 'run', `created:${n}`),
    traceUuid: uuidFor(world.seed, 'trace', `created:${n}`),
    key: `created:${n}`,
    workflow,
    batch: null,
    recordId: identity.id,
    recordTitle: identity.title,
    recordKey,
    input,
    releaseUuid: options.releaseUuid,
    userUuid: world.userUuid,
    createdAt: now,
    // Half a step later; a run with a long step of its own starts as soon as the others.
    startAt: now + Math.round(Math.min(world.stepMs, stepMs) / 2),
    stepMs,
    outcome,
  };
  // `__simHostile: 'strings' | 'megabyte'`: the run's titles and error messages are hostile, as in the hostile batch.
  if (input.__simHostile === 'strings' || input.__simHostile === 'megabyte') run.hostile = input.__simHostile;
  if (options.executions !== undefined) run.executionsCount = options.executions;
  if (options.contextBytes !== undefined) {
    run.bigContextBytes = options.contextBytes;
    run.bigContextAtStart = true;
  }
  addRun(world, run);
  startChildRuns(world, run, (child) => addRun(world, child));
  return run;
}

/** Adds a run created after the world was built to its lists. */
export function addRun(world: World, run: SimRun): void {
  insertNewestFirst(world.runs, run);
  world.runsByUuid.set(run.uuid, run);
}
