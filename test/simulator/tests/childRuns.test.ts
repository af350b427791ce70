// The simulator over real HTTP: the Qualify lead tool workflow, whose find_contacts tool node starts a
// real child run of the Find contacts workflow (seeded runs, runs created by POST /runs and by batches,
// live ones), and the expression objects of its configs beside what they produced.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../index';
import { HOSTILE_STRINGS } from '../hostile';
import { type Json, get, post, arr, waitFor, TERMINAL, RUN_KEYS, hasKeys } from './helpers';

const LONG_AGO = '2000-01-01T00:00:00.000Z';

async function runReply(sim: Simulator, uuid: string): Promise<{ run: Json; runContext: Json; runComputedConfigs: Json }> {
  const reply = await get(sim, `runs/${uuid}`);
  assert.equal(reply.status, 200, `GET runs/${uuid}`);
  return reply.json as { run: Json; runContext: Json; runComputedConfigs: Json };
}

const slugs = (run: Json) => arr(run.executions).map((e) => e.nodeSlug);
const executionOf = (run: Json, slug: string) => arr(run.executions).find((e) => e.nodeSlug === slug) as Json;
const config = (reply: { runComputedConfigs: Json }, slug: string) => reply.runComputedConfigs[slug] as Json;

describe('simulator: child runs and expressions', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ seed: 3, stepMs: 150 });
  });
  after(() => sim.close());

  it('a seeded Qualify lead run has 6 executions; its tool execution started a child run of Find contacts with 3', async () => {
    const parent = await runReply(sim, sim.fixtures.runs.withChildRun);
    assert.equal(parent.run.status, 'success');
    assert.equal(parent.run.workflowUuid, sim.fixtures.workflows.qualifyLead);
    const path = slugs(parent.run);
    assert.equal(path.length, 6);
    assert.deepEqual(path.slice(0, 4), ['start', 'enrich', 'find_contacts', 'is_qualified']);
    assert.ok(['notify_sales', 'review_lead'].includes(String(path[4])));
    assert.equal(path[5], 'end');
    const tool = executionOf(parent.run, 'find_contacts');
    assert.equal(tool.nodeKind, 'tool');
    const branch = executionOf(parent.run, 'is_qualified');
    assert.equal(branch.nodeChildIndex, path[4] === 'notify_sales' ? 0 : 1);
    assert.equal(runsComputedBranch(parent), branch.nodeChildIndex === 0, 'the branch taken is the condition computed');

    const childUuid = String(tool.nodeRunUuid);
    const child = await runReply(sim, childUuid);
    hasKeys(child.run, RUN_KEYS, 'child run');
    assert.equal(child.run.workflowUuid, sim.fixtures.workflows.findContacts);
    assert.deepEqual(slugs(child.run), ['start', 'search_contacts', 'end']);
    assert.equal(child.run.status, 'success');
    assert.equal(child.run.parentUuid, parent.run.uuid);
    assert.equal(child.run.parentNodeUuid, tool.nodeUuid);
    assert.equal(child.run.parentBatchUuid, null);
    assert.equal(child.run.traceUuid, parent.run.traceUuid);
    // The child ran inside its parent's tool execution, and was fed the tool node's computed config.
    assert.ok(String(child.run.createdAt) >= String(tool.startedAt) && String(child.run.finishedAt) <= String(tool.finishedAt));
    assert.deepEqual(child.runContext.start, config(parent, 'find_contacts'));
  });

  it("lists a child run by its parent, and every span of the trace (parent and child) by traceUuid, and a run's by runUuid", async () => {
    const parent = (await runReply(sim, sim.fixtures.runs.withChildRun)).run;
    const tool = executionOf(parent, 'find_contacts');
    const byParent = await post(sim, 'runs/list', { parentUuid: parent.uuid });
    assert.deepEqual(
      arr(byParent.json.runs).map((r) => r.uuid),
      [tool.nodeRunUuid],
    );
    const byNode = arr((await post(sim, 'runs/list', { parentNodeUuid: tool.nodeUuid })).json.runs);
    assert.ok(byNode.some((r) => r.uuid === tool.nodeRunUuid) && byNode.every((r) => r.parentNodeUuid === tool.nodeUuid));
    const traced = await post(sim, 'spans/list', { executionStartedAfter: LONG_AGO, traceUuid: parent.traceUuid, limit: 1000 });
    assert.equal(traced.status, 200);
    const spans = arr(traced.json.spans);
    assert.equal(spans.length, 9);
    assert.equal(traced.json.count, 9);
    const ofRun = (uuid: unknown) => spans.filter((s) => s.runUuid === uuid);
    assert.equal(ofRun(parent.uuid).length, 6);
    const childSpans = ofRun(tool.nodeRunUuid);
    assert.equal(childSpans.length, 3);
    for (const span of childSpans) {
      assert.equal(span.parentRunUuid, parent.uuid);
      assert.equal(span.parentNodeUuid, tool.nodeUuid);
      assert.equal(span.traceUuid, parent.traceUuid);
    }
    assert.deepEqual(childSpans.map((s) => s.executionIndex).sort(), [0, 1, 2]);
    assert.ok(
      spans.every(
        (s) => typeof s.executionStartedAt === 'string' && typeof s.executionFinishedAt === 'string' && typeof s.executionCreditsUsedCount === 'number',
      ),
    );
    const byRun = await post(sim, 'spans/list', { executionStartedAfter: LONG_AGO, runUuid: tool.nodeRunUuid });
    assert.equal(arr(byRun.json.spans).length, 3);
  });

  it('configs hold expression objects of both kinds; computed configs hold what each produced', async () => {
    const release = (await get(sim, 'releases/deployed', `workflowUuid=${sim.fixtures.workflows.qualifyLead}`)).json.release as Json;
    const enrich = arr(release.nodes).find((n) => n.slug === 'enrich') as Json;
    const enrichConfig = enrich.config as Json;
    assert.deepEqual(enrichConfig.domain, { kind: 'templateExpression', expression: '{{nodes.start.website}}', instructTo: 'none', fromRecipe: false });
    assert.equal((enrichConfig.companyName as Json).kind, 'jsExpression');

    const full = await runReply(sim, sim.fixtures.runs.allExpressions);
    assert.equal(full.run.status, 'success');
    const start = full.runContext.start as Json;
    assert.equal(config(full, 'enrich').domain, start.website);
    assert.equal(config(full, 'enrich').companyName, start.company);
    assert.equal(config(full, 'enrich').includeTech, true);
    assert.equal(config(full, 'find_contacts').email, String(start.email).toLowerCase());
    assert.equal(config(full, 'find_contacts').company, ((full.runContext.enrich as Json).company as Json).name);
    assertNoneEmpty(full);

    const empty = await runReply(sim, sim.fixtures.runs.emptyExpression);
    assert.equal(empty.run.status, 'success');
    assert.equal((empty.runContext.start as Json).website, '');
    assert.equal(config(empty, 'enrich').domain, '');
    assert.deepEqual(emptyPaths(empty), ['enrich.domain']);
    assertNoneEmpty(await runReply(sim, sim.fixtures.runs.withChildRun));
  });

  it('a run created by POST /runs with an empty website succeeds with enrich.domain empty, and starts its child run live', async () => {
    const created = await post(sim, 'runs', {
      workflowUuid: sim.fixtures.workflows.qualifyLead,
      data: { website: '', company: 'Acme', email: 'Jane@Acme.test', __simStepMs: 400 },
    });
    assert.equal(created.status, 200);
    const uuid = String((created.json.run as Json).uuid);
    // While the tool execution is pending, its child run is there and not finished (both read at one moment).
    const { child: childThen } = await toolPendingWithChild(sim, uuid, 10_000);
    assert.ok(!TERMINAL.has(String(childThen.status)), `child ${String(childThen.status)} while its parent's tool execution is pending`);
    const done = await waitFor(
      'the run finished',
      async () => {
        const reply = await runReply(sim, uuid);
        return TERMINAL.has(String(reply.run.status)) ? reply : undefined;
      },
      20_000,
    );
    assert.equal(done.run.status, 'success');
    assert.equal(slugs(done.run).length, 6);
    assert.deepEqual(emptyPaths(done), ['enrich.domain']);
    assert.equal(config(done, 'find_contacts').email, 'jane@acme.test');
    const tool = executionOf(done.run, 'find_contacts');
    const child = (await runReply(sim, String(tool.nodeRunUuid))).run;
    assert.equal(child.status, 'success');
    assert.equal(child.traceUuid, done.run.traceUuid);
    assert.ok(String(child.finishedAt) <= String(tool.finishedAt), 'the tool execution finishes after its child run');

    const filled = await post(sim, 'runs', {
      workflowUuid: sim.fixtures.workflows.qualifyLead,
      data: { website: 'acme.test', company: 'Acme', email: 'jane@acme.test', __simStepMs: 50 },
    });
    const filledUuid = String((filled.json.run as Json).uuid);
    const finished = await waitFor(
      'the second run finished',
      async () => {
        const reply = await runReply(sim, filledUuid);
        return TERMINAL.has(String(reply.run.status)) ? reply : undefined;
      },
      20_000,
    );
    assert.equal(finished.run.status, 'success');
    assert.deepEqual(emptyPaths(finished), []);
  });

  it('runs of a batch on Qualify lead start child runs whose parentBatchUuid is the batch', async () => {
    const batchUuid = sim.startBatch({ workflowUuid: sim.fixtures.workflows.qualifyLead, records: 3, failedRuns: 0, stepMs: 60 });
    const runs = await waitFor(
      'the batch finished',
      async () => {
        const batch = (await get(sim, `batches/${batchUuid}`)).json.batch as Json;
        return batch.status === 'success' ? arr((await post(sim, 'runs/list', { batchUuid })).json.runs) : undefined;
      },
      20_000,
    );
    assert.equal(runs.length, 3);
    const children = arr((await post(sim, 'runs/list', { parentBatchUuid: batchUuid })).json.runs);
    assert.equal(children.length, 3);
    for (const run of runs) {
      const tool = executionOf(run, 'find_contacts');
      const child = children.find((c) => c.uuid === tool.nodeRunUuid) as Json;
      assert.equal(child.parentUuid, run.uuid);
      assert.equal(child.parentBatchUuid, batchUuid);
      assert.equal(child.batchUuid, null);
      assert.equal(child.traceUuid, run.traceUuid);
      assert.equal(child.status, 'success');
    }
  });

  it('cancelling a run while its tool node runs cancels its child run too', async () => {
    const created = await post(sim, 'runs', {
      workflowUuid: sim.fixtures.workflows.qualifyLead,
      data: { website: 'a.test', company: 'A', email: 'a@a.test', __simStepMs: 2000 },
    });
    const uuid = String((created.json.run as Json).uuid);
    // Cancelled at a moment when its tool execution is pending and its child run not finished.
    const { tool } = await toolPendingWithChild(sim, uuid, 15_000, async (child) => {
      if (TERMINAL.has(String(child.status))) return false;
      assert.equal((await post(sim, 'runs/cancel', { workflowUuid: sim.fixtures.workflows.qualifyLead, uuids: [uuid] })).status, 200);
      return true;
    });
    const child = await waitFor(
      'the child run cancelled',
      async () => {
        const run = (await runReply(sim, String(tool.nodeRunUuid))).run;
        return TERMINAL.has(String(run.status)) ? run : undefined;
      },
      15_000,
    );
    assert.equal(child.status, 'cancelled');
  });
});

/**
 * Waits for a moment when the run's find_contacts execution is pending, reading the run and its child
 * run (and doing `atThatMoment`, which may refuse the moment) with the simulator's clock stopped.
 */
async function toolPendingWithChild(
  sim: Simulator,
  uuid: string,
  timeoutMs: number,
  atThatMoment: (child: Json) => Promise<boolean> = () => Promise.resolve(true),
): Promise<{ tool: Json; child: Json }> {
  return waitFor(
    'the tool execution pending',
    async () => {
      sim.freezeTime();
      try {
        const tool = executionOf((await runReply(sim, uuid)).run, 'find_contacts');
        if (tool?.status !== 'pending') return undefined;
        const child = (await runReply(sim, String(tool.nodeRunUuid))).run;
        return (await atThatMoment(child)) ? { tool, child } : undefined;
      } finally {
        sim.resumeTime();
      }
    },
    timeoutMs,
  );
}

/** The paths of computed config values of the run's nodes that came out empty (null, absent, "", [], {}), for the fields that hold expressions. */
function emptyPaths(reply: { run: Json; runComputedConfigs: Json }): string[] {
  const paths: string[] = [];
  for (const [slug, value] of Object.entries(reply.runComputedConfigs)) {
    for (const [field, produced] of Object.entries(value as Json)) {
      const empty = produced === null || produced === undefined || produced === '' || (typeof produced === 'object' && Object.keys(produced).length === 0);
      if (empty) paths.push(`${slug}.${field}`);
    }
  }
  return paths.sort();
}

function assertNoneEmpty(reply: { run: Json; runComputedConfigs: Json }): void {
  assert.deepEqual(emptyPaths(reply), []);
  assert.ok(Object.keys(reply.runComputedConfigs).length >= 6);
}

function runsComputedBranch(reply: { runComputedConfigs: Json }): boolean {
  const conditions = (reply.runComputedConfigs.is_qualified as Json).conditions as Json[];
  return (conditions[0] as Json).expression === true;
}

describe('simulator: hostile Qualify lead run', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ seed: 4, hostile: true });
  });
  after(() => sim.close());

  it('runs on a release whose node names and expression texts are hostile strings; its child run is hostile too', async () => {
    const uuid = sim.fixtures.runs.hostileExpressions as string;
    const reply = await runReply(sim, uuid);
    assert.equal(reply.run.status, 'success');
    assert.ok(HOSTILE_STRINGS.includes(String(reply.run.recordTitle)));
    const release = (await get(sim, `releases/${String(reply.run.releaseUuid)}`)).json.release as Json;
    assert.equal(release.workflowUuid, sim.fixtures.workflows.qualifyLead);
    const nodes = arr(release.nodes);
    assert.ok(nodes.every((n) => HOSTILE_STRINGS.includes(String(n.name))));
    const expressions = nodes.flatMap((n) => JSON.stringify(n.config).match(/"expression":"(?:[^"\\]|\\.)*"/g) ?? []);
    assert.ok(expressions.length >= 8, `${expressions.length} expressions`);
    const texts = nodes.flatMap((n) => collectExpressions(n.config));
    assert.ok(
      texts.every(
        (e) =>
          (e.kind === 'jsExpression' || e.kind === 'templateExpression') &&
          HOSTILE_STRINGS.some((h) => String(e.expression).includes(h) || String(e.expression).includes(JSON.stringify(h))),
      ),
    );
    assert.ok(texts.some((e) => String(e.expression).includes('<script>')));
    // The workflow's deployed release stays as it was.
    const deployed = (await get(sim, 'releases/deployed', `workflowUuid=${sim.fixtures.workflows.qualifyLead}`)).json.release as Json;
    assert.equal((arr(deployed.nodes).find((n) => n.slug === 'enrich') as Json).name, 'Enrich company');
    const tool = executionOf(reply.run, 'find_contacts');
    const child = await runReply(sim, String(tool.nodeRunUuid));
    assert.ok(arr(child.run.executions).some((e) => HOSTILE_STRINGS.includes(String(e.title))));
  });
});

function collectExpressions(value: unknown): Json[] {
  if (Array.isArray(value)) return value.flatMap(collectExpressions);
  if (!value || typeof value !== 'object') return [];
  const object = value as Json;
  if (typeof object.kind === 'string' && typeof object.expression === 'string') return [object];
  return Object.values(object).flatMap(collectExpressions);
}
