// Simulator batch creation: over the API (every data kind, refusals), run to their end, cancelled,
// started from code and over /__sim/batches, the same for the same seed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../index';
import { type Json, get, post, arr, sleep, UUID_V4, ISO_MS, BATCH_KEYS, hasKeys, waitFor, TERMINAL } from './helpers';

describe('simulator batch creation', () => {
  const stepMs = 50;
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ seed: 21, stepMs });
  });
  after(() => sim.close());

  const batchOf = async (s: Simulator, uuid: unknown) => (await get(s, `batches/${String(uuid)}`)).json.batch as Json;
  /** The batch once its runs exist (they all appear one step after creation). */
  const withRuns = (s: Simulator, uuid: unknown) =>
    waitFor(
      'the batch runs to exist',
      async () => {
        const batch = await batchOf(s, uuid);
        return Number(batch.runsCount) > 0 ? batch : undefined;
      },
      20 * stepMs + 2000,
    );
  const runsOf = async (s: Simulator, batchUuid: unknown) => arr((await post(s, 'runs/list', { batchUuid, limit: 100 })).json.runs);

  it('creates a batch from inline records: pending, newest first, one run per record', async () => {
    const workflowUuid = sim.fixtures.workflows.tool;
    const records = [
      { email: 'ada@lovelace.io', company: 'Analytical Engines', __simOutcome: 'success' },
      { id: 'lead-2', email: 'grace@hopper.io', firstName: 'Grace' },
      { email: 'alan@turing.io' },
    ];
    const reply = await post(sim, 'batches', { workflowUuid, data: { kind: 'records', records } });
    assert.equal(reply.status, 200);
    const batch = reply.json.batch as Json;
    hasKeys(batch, BATCH_KEYS, 'created batch');
    assert.match(String(batch.uuid), UUID_V4);
    assert.equal(batch.workflowUuid, workflowUuid);
    assert.equal(batch.status, 'pending');
    assert.equal(batch.runsCount, 0);
    assert.equal(batch.finishedAt, null);
    assert.match(String(batch.createdAt), ISO_MS);
    assert.ok(Math.abs(Date.parse(String(batch.createdAt)) - Date.now()) < 2000, 'starts at the time of the request');
    const data = batch.data as Json;
    assert.equal(data.kind, 'records');
    assert.match(String(data.s3Filename), /records\.json$/);
    assert.equal('records' in data, false, 'stored as an s3Filename, like the real API');
    const listed = arr((await get(sim, 'batches/list', 'limit=3')).json.batches);
    assert.equal(listed[0]?.uuid, batch.uuid, 'newest first at once');
    const workflow = (await get(sim, `workflows/${workflowUuid}`)).json.workflow as Json;
    assert.equal((workflow.lastBatch as Json).uuid, batch.uuid);

    const started = await withRuns(sim, batch.uuid);
    assert.equal(started.runsCount, 3);
    const runs = await runsOf(sim, batch.uuid);
    assert.equal(runs.length, 3);
    assert.deepEqual(runs.map((r) => r.recordTitle).sort(), ['ada@lovelace.io', 'alan@turing.io', 'grace@hopper.io']);
    assert.ok(runs.every((r) => r.batchUuid === batch.uuid && r.workflowUuid === workflowUuid));
    assert.equal(runs.find((r) => r.recordTitle === 'grace@hopper.io')?.recordId, 'lead-2');
    const ada = runs.find((r) => r.recordTitle === 'ada@lovelace.io') as Json;
    const details = await waitFor(
      'the start node to run',
      async () => {
        const reply = await get(sim, `runs/${String(ada.uuid)}`);
        return (reply.json.runContext as Json).start ? reply.json : undefined;
      },
      20 * stepMs + 2000,
    );
    assert.deepEqual((details.runContext as Json).start, records[0], 'the start node holds the input record');
    const recordsListed = arr((await post(sim, 'records/list', { workflowUuid, ids: ['lead-2'] })).json.records);
    assert.equal(recordsListed[0]?.batchUuid, batch.uuid);
    const executionStartedAfter = new Date(Date.now() - 60_000).toISOString();
    const spans = await post(sim, 'spans/list', { executionStartedAfter, batchUuid: batch.uuid });
    assert.ok(Number(spans.json.count) > 0);
    assert.ok(arr(spans.json.spans).every((s) => s.batchUuid === batch.uuid));
  });

  it('creates batches from record ids, segments, filters and files', async () => {
    const { play, tool } = sim.fixtures.workflows;
    const playInfo = arr((await get(sim, 'plays/list')).json.plays).find((p) => p.workflowUuid === play) as Json;
    const modelUuid = String(playInfo.modelUuid);
    const known = arr((await post(sim, 'records/list', { workflowUuid: play, limit: 1 })).json.records)[0] as Json;

    const byIds = await post(sim, 'batches', { workflowUuid: play, data: { kind: 'recordIds', modelUuid, ids: [known.id, 'crm-404', known.id] } });
    assert.equal(byIds.status, 200);
    const idsBatch = byIds.json.batch as Json;
    assert.deepEqual(idsBatch.data, { kind: 'recordIds', modelUuid, ids: [known.id, 'crm-404'] });
    assert.equal((await withRuns(sim, idsBatch.uuid)).runsCount, 2, 'one run per distinct id');
    const idRuns = await runsOf(sim, idsBatch.uuid);
    assert.equal(idRuns.find((r) => r.recordId === known.id)?.recordTitle, known.title, 'a known record keeps its title');
    const generated = idRuns.find((r) => r.recordId === 'crm-404') as Json;
    assert.ok(typeof generated.recordTitle === 'string' && generated.recordTitle !== '', 'an unknown id gets a generated title');

    const segmentUuid = '0b5c7d1e-2f3a-4b4c-8d5e-6f7a8b9c0d1e';
    const segmentBatches = await Promise.all(
      [1, 2].map(async () => (await post(sim, 'batches', { workflowUuid: play, data: { kind: 'segment', segmentUuid } })).json.batch as Json),
    );
    const [first, second] = await Promise.all(segmentBatches.map((b) => withRuns(sim, b.uuid)));
    assert.deepEqual(first?.data, { kind: 'segment', segmentUuid });
    assert.ok(Number(first?.runsCount) >= 5 && Number(first?.runsCount) <= 20, `${String(first?.runsCount)} segment records`);
    assert.equal(second?.runsCount, first?.runsCount, 'a segment always has the same records');
    assert.equal(new Set((await runsOf(sim, first?.uuid)).map((r) => r.recordId)).size, first?.runsCount);

    const filter = { conjonction: 'and', groups: [] };
    const filtered = (await post(sim, 'batches', { workflowUuid: play, data: { kind: 'filter', modelUuid, filter, limit: 3 } })).json.batch as Json;
    assert.deepEqual(filtered.data, { kind: 'filter', modelUuid, filter, limit: 3 });
    assert.equal((await withRuns(sim, filtered.uuid)).runsCount, 3, 'limit caps a filter');

    const file = (await post(sim, 'batches', { workflowUuid: tool, data: { kind: 'file', s3Filename: 'uploads/leads.csv', mappings: { Email: 'email' } } }))
      .json.batch as Json;
    assert.deepEqual(file.data, { kind: 'file', s3Filename: 'uploads/leads.csv', mappings: { Email: 'email' } });
    const fileRuns = Number((await withRuns(sim, file.uuid)).runsCount);
    assert.ok(fileRuns >= 5 && fileRuns <= 20);
  });

  it('validates batch creation', async () => {
    const { tool, play } = sim.fixtures.workflows;
    const playModel = String((arr((await get(sim, 'plays/list')).json.plays).find((p) => p.workflowUuid === play) as Json).modelUuid);
    const playSegment = String((arr((await get(sim, 'plays/list')).json.plays).find((p) => p.workflowUuid === play) as Json).segmentUuid);
    const before = arr((await get(sim, 'batches/list', 'limit=100')).json.batches).length;
    const expect = async (body: unknown, status: number, reason: string, dataReason?: string) => {
      const reply = await post(sim, 'batches', body);
      assert.equal(reply.status, status, JSON.stringify(body));
      assert.equal(reply.json.reason, reason, JSON.stringify(body));
      assert.equal(typeof reply.json.errorMessage, 'string');
      if (dataReason) assert.deepEqual(reply.json.dataError, { reason: dataReason }, JSON.stringify(body));
    };
    const records = { kind: 'records', records: [{ email: 'a@b.io' }] };
    await expect({ data: records }, 404, 'workflowNotFound');
    await expect({ workflowUuid: '6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f', data: records }, 404, 'workflowNotFound');
    await expect({ workflowUuid: 42, data: records }, 400, 'invalidParameters');
    await expect({ workflowUuid: tool, data: records, nodes: [] }, 400, 'invalidReleaseOrCustomNodes');
    await expect({ workflowUuid: tool, data: records, releaseUuid: '6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f' }, 400, 'invalidReleaseOrCustomNodes');
    await expect({ workflowUuid: tool }, 400, 'dataError', 'invalidData');
    await expect({ workflowUuid: tool, data: [records] }, 400, 'dataError', 'invalidData');
    await expect({ workflowUuid: tool, data: { records: [] } }, 400, 'invalidDataKind');
    await expect({ workflowUuid: tool, data: { kind: 'bogus' } }, 400, 'invalidDataKind');
    await expect(
      { workflowUuid: tool, data: { kind: 'schedule', modelUuid: playModel, segmentUuid: playSegment, changeKinds: ['added'] } },
      400,
      'invalidDataKind',
    );
    await expect({ workflowUuid: play, data: records }, 400, 'invalidDataKind');
    await expect({ workflowUuid: tool, data: { kind: 'recordIds', modelUuid: playModel, ids: ['1'] } }, 400, 'invalidDataKind');
    await expect(
      { workflowUuid: play, data: { kind: 'change', changeUuid: '6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f', changeKinds: ['added'] } },
      400,
      'invalidDataKind',
    );
    await expect({ workflowUuid: tool, data: { kind: 'records', records: [] } }, 400, 'dataError', 'noRecords');
    await expect({ workflowUuid: tool, data: { kind: 'records', records: 'a,b' } }, 400, 'dataError', 'invalidData');
    await expect({ workflowUuid: tool, data: { kind: 'records', records: [{}, 'x'] } }, 400, 'dataError', 'invalidData');
    await expect({ workflowUuid: play, data: { kind: 'recordIds', modelUuid: playModel, ids: [] } }, 400, 'dataError', 'noRecords');
    await expect({ workflowUuid: play, data: { kind: 'recordIds', modelUuid: playModel, ids: [null] } }, 400, 'dataError', 'invalidData');
    await expect({ workflowUuid: play, data: { kind: 'recordIds', ids: ['1'] } }, 400, 'dataError', 'invalidData');
    await expect({ workflowUuid: play, data: { kind: 'segment' } }, 400, 'dataError', 'invalidData');
    await expect({ workflowUuid: play, data: { kind: 'segment', segmentUuid: 'not-a-segment' } }, 400, 'dataError', 'failedToGetSegment');
    await expect({ workflowUuid: play, data: { kind: 'segment', segmentUuid: playSegment } }, 400, 'dataError', 'segmentLinkedToPlay');
    await expect({ workflowUuid: play, data: { kind: 'filter', modelUuid: playModel, limit: 0 } }, 400, 'dataError', 'invalidData');
    await expect({ workflowUuid: tool, data: { kind: 'file' } }, 400, 'dataError', 'invalidData');
    await expect({ workflowUuid: tool, data: { kind: 'records', records: [{ __simError: 'notEnoughCredits' }] } }, 402, 'notEnoughCredits');
    await expect({ workflowUuid: tool, data: { kind: 'records', records: [{ __simError: 'failedToStart' }] } }, 500, 'failedToStart');
    assert.equal(arr((await get(sim, 'batches/list', 'limit=100')).json.batches).length, before, 'refused batches are not created');
  });

  it('runs a created batch to its end, counters and finishedAt following', async () => {
    const records = [
      { email: 'one@ok.io', __simOutcome: 'success' },
      { email: 'two@fail.io', __simOutcome: 'error' },
      { email: 'three@ok.io', __simOutcome: 'success' },
      { email: 'four@ok.io', __simOutcome: 'success' },
    ];
    const created = (await post(sim, 'batches', { workflowUuid: sim.fixtures.workflows.tool, data: { kind: 'records', records } })).json.batch as Json;
    assert.equal(created.status, 'pending');
    const statuses: string[] = [];
    const executed: number[] = [];
    const done = await waitFor(
      'the batch to finish',
      async () => {
        const batch = await batchOf(sim, created.uuid);
        if (statuses.at(-1) !== batch.status) statuses.push(String(batch.status));
        executed.push(Number(batch.executedRunsCount));
        return TERMINAL.has(String(batch.status)) ? batch : undefined;
      },
      40 * stepMs + 3000,
    );
    assert.ok(statuses.includes('running'), `went through ${statuses.join(' → ')}`);
    assert.equal(done.status, 'success', 'a batch with a failed run still succeeds');
    assert.equal(done.runsCount, 4);
    assert.equal(done.executedRunsCount, 4);
    assert.equal(done.failedRunsCount, 1);
    assert.equal(done.runsStatus, 'unhealthy', '1 of 4 failed, over the tool health threshold of 20%');
    assert.ok(Number(done.creditsUsedCount) > 0);
    assert.match(String(done.finishedAt), ISO_MS);
    assert.ok(String(done.finishedAt) >= String(done.createdAt) && String(done.updatedAt) >= String(done.finishedAt));
    for (let i = 1; i < executed.length; i++) assert.ok((executed[i] as number) >= (executed[i - 1] as number), 'counters never go back');
    const runs = await runsOf(sim, created.uuid);
    const byTitle = Object.fromEntries(runs.map((r) => [r.recordTitle, r]));
    assert.equal(byTitle['two@fail.io']?.status, 'error');
    assert.equal(typeof byTitle['two@fail.io']?.errorMessage, 'string');
    for (const title of ['one@ok.io', 'three@ok.io', 'four@ok.io']) assert.equal(byTitle[title]?.status, 'success', title);
    const latest = runs.reduce((max, r) => (String(r.finishedAt) > max ? String(r.finishedAt) : max), '');
    assert.equal(done.finishedAt, latest, 'finishedAt is when the last run finished');
    assert.equal(((await get(sim, `batches/${String(created.uuid)}`)).json.batch as Json).finishedAt, done.finishedAt, 'stays finished');
  });

  it('cancels a created batch', async () => {
    const created = (
      await post(sim, 'batches', { workflowUuid: sim.fixtures.workflows.tool, data: { kind: 'records', records: [{ email: 'a@x.io' }, { email: 'b@x.io' }] } })
    ).json.batch as Json;
    await withRuns(sim, created.uuid);
    assert.deepEqual((await post(sim, `batches/${String(created.uuid)}/cancel`)).json, {});
    assert.equal((await batchOf(sim, created.uuid)).status, 'cancelling');
    await sleep(stepMs + 30);
    const cancelled = await batchOf(sim, created.uuid);
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(typeof cancelled.finishedAt, 'string');
    const runs = await runsOf(sim, created.uuid);
    assert.ok(runs.every((r) => TERMINAL.has(String(r.status))) && runs.some((r) => r.status === 'cancelled'));
    assert.equal((await post(sim, `batches/${String(created.uuid)}/cancel`)).json.reason, 'batchAlreadyFinished');
  });

  it('startBatch({stepMs}) paces one batch on its own step', async () => {
    const slow = sim.startBatch({ records: 3, stepMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { json } = await get(sim, `batches/${slow}`);
    const batch = json.batch as { status: string; finishedAt: unknown };
    assert.ok(['pending', 'querying', 'syncing'].includes(batch.status), `still starting: ${batch.status}`);
    assert.equal(batch.finishedAt, null);
    assert.throws(() => sim.startBatch({ records: 1, stepMs: 0 }), /stepMs/);
  });

  it('starts batches from code with startBatch(), unlogged', async () => {
    sim.clearRequests();
    const byDefault = sim.startBatch();
    assert.match(byDefault, UUID_V4);
    const playBatch = await withRuns(sim, byDefault);
    assert.equal(playBatch.workflowUuid, sim.fixtures.workflows.play, 'the play fixture by default');
    assert.equal((playBatch.data as Json).kind, 'recordIds');
    assert.equal(playBatch.runsCount, 5);

    const records = [
      { email: 'x1@corp.io', __simOutcome: 'error' },
      { email: 'x2@corp.io', __simOutcome: 'success' },
    ];
    const toolBatch = await withRuns(sim, sim.startBatch({ records }));
    assert.equal(toolBatch.workflowUuid, sim.fixtures.workflows.tool, 'records go to the tool fixture');
    assert.equal((toolBatch.data as Json).kind, 'records');
    assert.deepEqual((await runsOf(sim, toolBatch.uuid)).map((r) => r.recordTitle).sort(), ['x1@corp.io', 'x2@corp.io']);

    const scoreAccount = sim.fixtures.workflows.scoreAccount as string;
    const counted = await withRuns(sim, sim.startBatch({ workflowUuid: scoreAccount, records: 12 }));
    assert.equal(counted.runsCount, 12);
    assert.equal((counted.data as Json).kind, 'records');
    const weeklyAbm = sim.fixtures.workflows.weeklyAbm as string;
    const ids = await withRuns(sim, sim.startBatch({ workflowUuid: weeklyAbm, records: [{ id: 'acc-1' }, { id: 'acc-2' }] }));
    assert.deepEqual((ids.data as Json).ids, ['acc-1', 'acc-2']);

    assert.throws(() => sim.startBatch({ workflowUuid: '6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f' }), { status: 404, reason: 'workflowNotFound' });
    assert.throws(() => sim.startBatch({ records: 0 }), { status: 400, reason: 'dataError', extra: { dataError: { reason: 'noRecords' } } });
    assert.throws(() => sim.startBatch({ records: -1 }), { status: 400, reason: 'invalidParameters' });
    assert.throws(() => sim.startBatch({ workflowUuid: sim.fixtures.workflows.play, records: [{ email: 'no-id@x.io' }] }), { reason: 'dataError' });
    assert.equal(sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/batches')).length, 0, 'startBatch is not an API request');

    await post(sim, 'batches', { workflowUuid: sim.fixtures.workflows.tool, data: { kind: 'records', records: [{ email: 'logged@x.io' }] } });
    const logged = sim.requests.filter((r) => r.path === '/v1/orchestration/batches');
    assert.equal(logged.length, 1, 'POST /batches is logged like any API call');
    assert.equal(logged[0]?.status, 200);
  });

  it('starts batches over HTTP with POST /__sim/batches, unlogged', async () => {
    sim.clearRequests();
    const control = (body: unknown) => fetch(`${sim.origin}/__sim/batches`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) });
    const reply = await control({ workflowUuid: sim.fixtures.workflows.tool, records: [{ email: 'remote@x.io', __simOutcome: 'success' }] });
    assert.equal(reply.status, 200);
    const json = (await reply.json()) as Json;
    assert.match(String(json.uuid), UUID_V4);
    hasKeys(json.batch, BATCH_KEYS, 'control batch');
    assert.equal((json.batch as Json).status, 'pending');
    await withRuns(sim, json.uuid);
    assert.deepEqual(
      (await runsOf(sim, json.uuid)).map((r) => r.recordTitle),
      ['remote@x.io'],
    );
    const empty = await control(undefined);
    assert.equal(empty.status, 200, 'no body: the defaults');
    assert.equal((((await empty.json()) as Json).batch as Json).workflowUuid, sim.fixtures.workflows.play);
    const missing = await control({ workflowUuid: '6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f' });
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as Json).reason, 'workflowNotFound');
    const noRecords = await control({ records: [] });
    assert.deepEqual(((await noRecords.json()) as Json).dataError, { reason: 'noRecords' });
    assert.equal((await control([1])).status, 400);
    const notJson = await fetch(`${sim.origin}/__sim/batches`, { method: 'POST', body: '{"records": ' });
    assert.equal(notJson.status, 400);
    assert.ok(sim.requests.length > 0 && sim.requests.every((r) => r.path.startsWith('/v1/orchestration/')), 'control calls are not logged, API calls are');
  });

  it('creates the same batches for the same seed', async () => {
    const [a, b] = await Promise.all([startSimulator({ seed: 22, stepMs }), startSimulator({ seed: 22, stepMs })]);
    try {
      const make = async (s: Simulator) => {
        const viaApi = (
          (
            await post(s, 'batches', {
              workflowUuid: s.fixtures.workflows.play,
              data: { kind: 'segment', segmentUuid: '0b5c7d1e-2f3a-4b4c-8d5e-6f7a8b9c0d1e' },
            })
          ).json.batch as Json
        ).uuid;
        const viaCode = s.startBatch({ records: 8 });
        await withRuns(s, viaApi);
        await withRuns(s, viaCode);
        const runs = [...(await runsOf(s, viaApi)), ...(await runsOf(s, viaCode))];
        return { viaApi, viaCode, runs: runs.map((r) => `${String(r.uuid)} ${String(r.recordId)} ${String(r.recordTitle)}`) };
      };
      const [fromA, fromB] = await Promise.all([make(a), make(b)]);
      assert.deepEqual(fromA, fromB);
      assert.equal(fromA.runs.length, new Set(fromA.runs).size);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
