// The simulator API over real HTTP: listing, paging and filtering batches; the fixture batches.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../index';
import { type Json, get, arr, UUID_V4, ISO_MS, BATCH_KEYS, BATCH_STATUSES, hasKeys, assertNewestFirst, API_SIMULATOR } from './helpers';

describe('simulator API', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator(API_SIMULATOR);
  });
  after(() => sim.close());

  describe('batches', () => {
    it('lists batches newest first, every field present, no count', async () => {
      const reply = await get(sim, 'batches/list');
      assert.equal(reply.status, 200);
      const batches = arr(reply.json.batches);
      assert.ok(batches.length >= 15 && batches.length <= 50, `${batches.length} batches`);
      assert.equal('count' in reply.json, false);
      for (const batch of batches) {
        hasKeys(batch, BATCH_KEYS, 'batch');
        assert.match(String(batch.uuid), UUID_V4);
        assert.ok(BATCH_STATUSES.includes(String(batch.status)));
        assert.match(String(batch.createdAt), ISO_MS);
      }
      assertNewestFirst(batches);
      const statuses = new Set(batches.map((b) => b.status));
      for (const status of ['running', 'success', 'error', 'cancelled', 'skipped']) assert.ok(statuses.has(status), `some batch is ${status}`);
      assert.ok(batches.some((b) => b.runsStatus === 'unhealthy'));
      assert.ok(batches.some((b) => b.status === 'success' && Number(b.failedRunsCount) > 0));
    });

    it('pages with limit and offset', async () => {
      const all = arr((await get(sim, 'batches/list', 'limit=100')).json.batches);
      const first = arr((await get(sim, 'batches/list', 'limit=5')).json.batches);
      const second = arr((await get(sim, 'batches/list', 'limit=5&offset=5')).json.batches);
      assert.deepEqual(
        first.map((b) => b.uuid),
        all.slice(0, 5).map((b) => b.uuid),
      );
      assert.deepEqual(
        second.map((b) => b.uuid),
        all.slice(5, 10).map((b) => b.uuid),
      );
      for (const bad of ['limit=0', 'limit=101', 'limit=abc', 'offset=-1']) {
        const reply = await get(sim, 'batches/list', bad);
        assert.equal(reply.status, 400, bad);
        assert.equal(reply.json.reason, 'invalidParameters');
        assert.match(String(reply.json.errorMessage), new RegExp(bad.split('=')[0] as string));
      }
    });

    it('accepts key[]=v, repeated key=v and single key=v arrays', async () => {
      const statusesOf = async (query: string) => new Set(arr((await get(sim, 'batches/list', query)).json.batches).map((b) => b.status));
      const bracket = await statusesOf('statuses[]=success&statuses[]=error&limit=100');
      const repeated = await statusesOf('statuses=success&statuses=error&limit=100');
      const indexed = await statusesOf('statuses[0]=success&statuses[1]=error&limit=100');
      assert.deepEqual([...bracket].sort(), ['error', 'success']);
      assert.deepEqual(repeated, bracket);
      assert.deepEqual(indexed, bracket);
      assert.deepEqual([...(await statusesOf('statuses=error'))], ['error']);
      const tool = sim.fixtures.workflows.tool;
      const byWorkflow = arr((await get(sim, 'batches/list', `workflowUuids[]=${tool}&limit=100`)).json.batches);
      assert.ok(byWorkflow.length > 0 && byWorkflow.every((b) => b.workflowUuid === tool));
      const bad = await get(sim, 'batches/list', 'statuses[]=paused');
      assert.equal(bad.status, 400);
      assert.match(String(bad.json.errorMessage), /statuses/);
    });

    it('filters on isFinished, hasRuns, uuids and data kinds', async () => {
      const finished = arr((await get(sim, 'batches/list', 'isFinished=true&limit=100')).json.batches);
      assert.ok(finished.every((b) => ['success', 'error', 'cancelled', 'skipped'].includes(String(b.status))));
      const unfinished = arr((await get(sim, 'batches/list', 'isFinished=false&limit=100')).json.batches);
      assert.ok(unfinished.length > 0 && unfinished.every((b) => !['success', 'error', 'cancelled', 'skipped'].includes(String(b.status))));
      const withoutRuns = arr((await get(sim, 'batches/list', 'hasRuns=false&limit=100')).json.batches);
      assert.ok(withoutRuns.length > 0 && withoutRuns.every((b) => b.runsCount === 0));
      const { large, failed } = sim.fixtures.batches;
      const two = arr((await get(sim, 'batches/list', `uuids[]=${large}&uuids[]=${failed}`)).json.batches);
      assert.deepEqual(two.map((b) => b.uuid).sort(), [large, failed].sort());
      const files = arr((await get(sim, 'batches/list', 'includedDataKinds[]=file&limit=100')).json.batches);
      assert.ok(files.length > 0 && files.every((b) => (b.data as Json).kind === 'file'));
      const notFiles = arr((await get(sim, 'batches/list', 'excludedDataKinds=file&limit=100')).json.batches);
      assert.ok(notFiles.every((b) => (b.data as Json).kind !== 'file'));
      assert.equal((await get(sim, 'batches/list', 'isFinished=yes')).status, 400);
    });

    it('gets the fixture batches by uuid', async () => {
      const { large, succeeded, unhealthy, failed, running } = sim.fixtures.batches;
      const batch = async (uuid: string) => (await get(sim, `batches/${uuid}`)).json.batch as Json;
      const largeBatch = await batch(large);
      assert.equal(largeBatch.runsCount, sim.fixtures.largeBatchRunsCount);
      assert.equal(largeBatch.status, 'success');
      const ok = await batch(succeeded);
      assert.equal(ok.status, 'success');
      assert.ok(Number(ok.failedRunsCount) > 0);
      assert.ok(Number(ok.creditsUsedCount) > 0);
      assert.equal((await batch(unhealthy)).runsStatus, 'unhealthy');
      const failedBatch = await batch(failed);
      assert.equal(failedBatch.status, 'error');
      assert.equal(typeof failedBatch.errorMessage, 'string');
      assert.notEqual((await batch(running)).finishedAt, undefined);
      const missing = await get(sim, 'batches/6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f');
      assert.equal(missing.status, 404);
      assert.equal(missing.json.reason, 'batchNotFound');
    });
  });
});
