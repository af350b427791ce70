// The simulator API over real HTTP: listing, filtering and counting runs; a run with its context; run
// creation refused.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../index';
import {
  type Json,
  get,
  post,
  arr,
  RUN_KEYS,
  EXECUTION_KEYS,
  RUN_STATUSES,
  hasKeys,
  assertNewestFirst,
  TERMINAL,
  API_SIMULATOR,
  runsTitled,
  apiRunsSince,
} from './helpers';

describe('simulator API', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator(API_SIMULATOR);
  });
  after(() => sim.close());

  describe('runs', () => {
    it('lists runs with count, newest first, paged', async () => {
      // Live batches keep creating runs: page over a fixed window so the pages line up.
      const createdBefore = new Date().toISOString();
      const reply = await post(sim, 'runs/list', { createdBefore, limit: 20 });
      assert.equal(reply.status, 200);
      const runs = arr(reply.json.runs);
      assert.equal(runs.length, 20);
      assert.ok(Number(reply.json.count) > 1000, 'count is the total, not the page');
      for (const run of runs) {
        hasKeys(run, RUN_KEYS, 'run');
        assert.ok(RUN_STATUSES.includes(String(run.status)));
        for (const execution of arr(run.executions)) hasKeys(execution, EXECUTION_KEYS, 'execution');
      }
      assertNewestFirst(runs);
      const next = arr((await post(sim, 'runs/list', { createdBefore, limit: 20, offset: 20 })).json.runs);
      assert.equal(next.length, 20);
      assert.equal(new Set([...runs, ...next].map((r) => r.uuid)).size, 40);
      const defaults = await post(sim, 'runs/list');
      assert.equal(arr(defaults.json.runs).length, 50);
      for (const limit of [0, 101]) {
        const bad = await post(sim, 'runs/list', { limit });
        assert.equal(bad.status, 400);
        assert.equal(bad.json.reason, 'invalidParameters');
        assert.match(String(bad.json.errorMessage), /limit/);
      }
    });

    it('filters runs and counts the same way', async () => {
      const batchUuid = sim.fixtures.batches.succeeded;
      const batch = (await get(sim, `batches/${batchUuid}`)).json.batch as Json;
      const inBatch = await post(sim, 'runs/list', { batchUuid, limit: 100 });
      assert.equal(inBatch.json.count, batch.runsCount);
      assert.ok(arr(inBatch.json.runs).every((r) => r.batchUuid === batchUuid));
      const failed = await post(sim, 'runs/list', { batchUuid, statuses: ['error'] });
      assert.equal(failed.json.count, batch.failedRunsCount);
      assert.ok(arr(failed.json.runs).every((r) => r.status === 'error' && typeof r.errorMessage === 'string'));
      const counted = await post(sim, 'runs/count', { batchUuid, statuses: ['error'] });
      assert.deepEqual(counted.json, { count: batch.failedRunsCount });
      const someRun = arr(inBatch.json.runs)[0] as Json;
      const byId = arr((await post(sim, 'runs/list', { recordId: someRun.recordId })).json.runs);
      assert.ok(byId.some((r) => r.uuid === someRun.uuid) && byId.every((r) => r.recordId === someRun.recordId));
      const needle = String(someRun.recordTitle).slice(1, 6).toUpperCase();
      const byTitle = arr((await post(sim, 'runs/list', { recordTitle: needle, limit: 100 })).json.runs);
      assert.ok(byTitle.every((r) => String(r.recordTitle).toUpperCase().includes(needle)));
      const finished = arr((await post(sim, 'runs/list', { isFinished: false, limit: 100 })).json.runs);
      assert.ok(finished.every((r) => !TERMINAL.has(String(r.status))));
      const since = new Date(Date.now() - 3_600_000).toISOString();
      const recent = arr((await post(sim, 'runs/list', { createdAfter: since, limit: 100 })).json.runs);
      assert.ok(recent.length > 0 && recent.every((r) => String(r.createdAt) >= since));
      assert.equal((await post(sim, 'runs/list', { createdAfter: 'yesterday' })).status, 400);
      assert.equal((await post(sim, 'runs/list', { statuses: ['paused'] })).status, 400);
      const executionsFilter = {
        conjonction: 'and',
        groups: [{ conjonction: 'and', conditions: [{ kind: 'node', nodeSlug: 'clearbit_enrich', status: 'error' }] }],
      };
      const clearbitFailures = arr((await post(sim, 'runs/list', { workflowUuid: sim.fixtures.workflows.tool, executionsFilter, limit: 100 })).json.runs);
      assert.ok(clearbitFailures.every((r) => arr(r.executions).some((e) => e.nodeSlug === 'clearbit_enrich' && e.status === 'error')));
    });

    it('lists and counts runs created by POST /runs by workflow and creation time', async () => {
      const { tool, scoreAccount } = sim.fixtures.workflows;
      const since = new Date().toISOString();
      const mine = (await post(sim, 'runs', { workflowUuid: tool, data: { email: 'listed@acme.test' } })).json.run as Json;
      const other = (await post(sim, 'runs', { workflowUuid: scoreAccount, data: { name: 'Listed Corp' } })).json.run as Json;
      // Bounded on both sides: live batches keep adding runs of this workflow.
      const filter = { workflowUuid: tool, createdAfter: since, createdBefore: new Date().toISOString() };
      const listed = await post(sim, 'runs/list', { ...filter, limit: 100 });
      assert.equal(listed.status, 200);
      const runs = arr(listed.json.runs);
      const found = runs.find((r) => r.uuid === mine.uuid);
      assert.equal(found?.recordTitle, 'listed@acme.test');
      assert.equal(found?.batchUuid, null);
      assert.ok(runs.every((r) => r.workflowUuid === tool && String(r.createdAt) >= since));
      assert.ok(!runs.some((r) => r.uuid === other.uuid), 'not the run of another workflow');
      assert.deepEqual((await post(sim, 'runs/count', filter)).json, { count: listed.json.count });
      const uuidsCreatedAfter = async (createdAfter: string, extra: Json = {}) =>
        arr((await post(sim, 'runs/list', { workflowUuid: tool, createdAfter, limit: 100, ...extra })).json.runs).map((r) => r.uuid);
      assert.ok((await uuidsCreatedAfter(String(mine.createdAt))).includes(mine.uuid), 'createdAfter is inclusive');
      assert.ok(!(await uuidsCreatedAfter(new Date(Date.parse(String(mine.createdAt)) + 1).toISOString())).includes(mine.uuid));
      assert.ok((await uuidsCreatedAfter(since, { userUuid: mine.userUuid })).includes(mine.uuid));
      assert.ok(!(await uuidsCreatedAfter(since, { batchUuid: sim.fixtures.batches.running })).includes(mine.uuid));
      const justBefore = new Date(Date.parse(String(mine.createdAt)) - 1).toISOString();
      const before = arr((await post(sim, 'runs/list', { workflowUuid: tool, createdBefore: justBefore, limit: 100 })).json.runs);
      assert.ok(!before.some((r) => r.uuid === mine.uuid));
      const records = arr((await post(sim, 'records/list', { ...filter, limit: 100 })).json.records);
      assert.ok(records.some((r) => r.runUuid === mine.uuid));
    });

    it('gets a run with its context and computed configs', async () => {
      const reply = await get(sim, `runs/${sim.fixtures.runs.failed}`);
      assert.equal(reply.status, 200);
      const run = reply.json.run as Json;
      hasKeys(run, RUN_KEYS, 'run');
      assert.equal(run.status, 'error');
      assert.equal(typeof run.errorMessage, 'string');
      const executions = arr(run.executions);
      const failedExecution = executions[executions.length - 1] as Json;
      assert.equal(failedExecution.status, 'error');
      assert.equal(failedExecution.errorMessage, run.errorMessage);
      const context = reply.json.runContext as Json;
      const configs = reply.json.runComputedConfigs as Json;
      assert.equal(typeof (context.start as Json).email, 'string', 'the start node holds the input record');
      assert.equal(context[String(failedExecution.nodeSlug)], null, 'a failed node has no output');
      for (const execution of executions) assert.ok(String(execution.nodeSlug) in configs);
      const succeeded = await get(sim, `runs/${sim.fixtures.runs.succeeded}`);
      const answer = (succeeded.json.runContext as Json).ai_summarize as Json;
      assert.equal(typeof (answer.answer as Json).summary, 'string', 'agent output nests under answer');
      assert.equal((succeeded.json.run as Json).finishedAt !== null, true);
      const missing = await get(sim, 'runs/6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f');
      assert.equal(missing.status, 404);
      assert.equal(missing.json.reason, 'runNotFound');
    });

    it('validates run creation', async () => {
      const { tool, play } = sim.fixtures.workflows;
      const expect = async (body: unknown, status: number, reason: string) => {
        const reply = await post(sim, 'runs', body);
        assert.equal(reply.status, status, JSON.stringify(body));
        assert.equal(reply.json.reason, reason);
      };
      await expect({ data: {} }, 404, 'workflowNotFound');
      await expect({ workflowUuid: '6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f', data: {} }, 404, 'workflowNotFound');
      await expect({ workflowUuid: play, data: {} }, 400, 'playNotCompatible');
      await expect({ workflowUuid: tool }, 400, 'invalidData');
      await expect({ workflowUuid: tool, data: [1] }, 400, 'invalidData');
      await expect({ workflowUuid: tool, data: 'x' }, 400, 'invalidData');
      await expect({ workflowUuid: tool, data: null }, 400, 'invalidData');
      await expect({ workflowUuid: tool, data: { __simError: 'notEnoughCredits' } }, 402, 'notEnoughCredits');
      await expect({ workflowUuid: tool, data: { __simError: 'concurrencyLimitReached' } }, 429, 'concurrencyLimitReached');
    });

    it('refuses data the start node cannot take, creating nothing', async () => {
      const { tool } = sim.fixtures.workflows;
      const since = new Date().toISOString();
      const empty = await post(sim, 'runs', { workflowUuid: tool, data: {} });
      assert.equal(empty.status, 400);
      assert.deepEqual(empty.json, { errorMessage: 'The start node needs at least one field in data', reason: 'invalidData' });
      for (const value of [true, null, 'x', { nested: 1 }]) {
        const invalid = await post(sim, 'runs', { workflowUuid: tool, data: { email: 'ok@acme.com', __simInvalid: value } });
        assert.equal(invalid.status, 400);
        assert.equal(invalid.json.reason, 'invalidData');
        assert.match(String(invalid.json.errorMessage), /data\.__simInvalid/);
      }
      assert.deepEqual(await apiRunsSince(sim, since), [], 'nothing was created');
      const created = await post(sim, 'runs', { workflowUuid: tool, data: { email: 'ok@acme.com' } });
      assert.equal(created.status, 200);
      assert.deepEqual(
        (await apiRunsSince(sim, since)).map((r) => r.uuid),
        [(created.json.run as Json).uuid],
      );
    });

    it('creates runs on any release of the workflow, and refuses releases of others', async () => {
      const { tool, scoreAccount } = sim.fixtures.workflows;
      const releases = arr((await get(sim, 'releases/list', `workflowUuid=${tool}`)).json.releases);
      assert.deepEqual(
        releases.map((r) => r.status),
        ['draft', 'deployed', 'archived', 'archived'],
      );
      const deployedUuid = String(releases[1]?.uuid);
      const plain = (await post(sim, 'runs', { workflowUuid: tool, data: { email: 'plain@acme.com' } })).json.run as Json;
      assert.equal(plain.releaseUuid, deployedUuid, 'the deployed release by default');
      for (const release of releases) {
        const reply = await post(sim, 'runs', {
          workflowUuid: tool,
          releaseUuid: String(release.uuid).toUpperCase(),
          data: { email: `${String(release.status)}@acme.com` },
        });
        assert.equal(reply.status, 200, String(release.status));
        const run = reply.json.run as Json;
        assert.equal(run.releaseUuid, release.uuid);
        assert.equal(((await get(sim, `runs/${String(run.uuid)}`)).json.run as Json).releaseUuid, release.uuid);
        const listed = await post(sim, 'runs/list', { workflowUuid: tool, releaseUuid: release.uuid, recordTitle: `${String(release.status)}@acme.com` });
        assert.ok(
          arr(listed.json.runs).some((r) => r.uuid === run.uuid),
          'runs/list filters on the release the run ran on',
        );
        const records = await post(sim, 'records/list', { workflowUuid: tool, ids: [run.recordId] });
        assert.equal(arr(records.json.records)[0]?.releaseUuid, release.uuid);
      }
      const draftUuid = String(releases[0]?.uuid);
      const onDraft = arr((await post(sim, 'runs/list', { workflowUuid: tool, releaseUuid: draftUuid, limit: 100 })).json.runs);
      assert.ok(onDraft.length > 0 && onDraft.every((r) => r.releaseUuid === draftUuid && r.batchUuid === null));

      const otherRelease = ((await get(sim, 'releases/draft', `workflowUuid=${scoreAccount}`)).json.release as Json).uuid;
      const data = { email: 'refused-release@acme.test' };
      for (const releaseUuid of [otherRelease, '6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f', 'draft', 42]) {
        const reply = await post(sim, 'runs', { workflowUuid: tool, releaseUuid, data });
        assert.equal(reply.status, 400, String(releaseUuid));
        assert.equal(reply.json.reason, 'invalidReleaseOrCustomNodes');
      }
      assert.equal(await runsTitled(sim, data.email), 0, 'refused runs are not created');
      assert.equal((await post(sim, 'runs', { workflowUuid: tool, releaseUuid: deployedUuid, data })).status, 200);
      assert.equal(await runsTitled(sim, data.email), 1);
    });
  });
});

describe('POST /runs: hostile runs on demand', () => {
  it('__simHostile makes the run’s error messages hostile, as in the hostile batch', async () => {
    const sim = await startSimulator({ port: 0, seed: 21, token: 'dev-token', stepMs: 50 });
    try {
      const call = async (method: string, path: string, body?: unknown) =>
        (await (
          await fetch(`${sim.url}/orchestration/${path}`, {
            method,
            headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
            ...(body ? { body: JSON.stringify(body) } : {}),
          })
        ).json()) as { run: { uuid: string; status: string; executions: { status: string; errorMessage: string | null }[] } };
      const { run } = await call('POST', 'runs', {
        workflowUuid: sim.fixtures.workflows.tool,
        data: { name: 'Evil', __simHostile: 'strings', __simFailAt: 'clearbit_enrich', __simStepMs: 50 },
      });
      let current = run;
      for (let i = 0; i < 200 && current.status !== 'error'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        current = (await call('GET', `runs/${run.uuid}`)).run;
      }
      const failed = current.executions.find((e) => e.status === 'error');
      assert.ok(failed?.errorMessage);
      assert.doesNotMatch(failed.errorMessage, /no company|Clearbit/, 'not the usual message');
    } finally {
      await sim.close();
    }
  });
});
