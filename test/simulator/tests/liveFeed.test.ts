// The live feed (`liveEveryMs`, the demo's): batches keep starting while the simulator runs, so there is
// always something running; without it the world's six live batches settle within a minute.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../index';
import { type Json, get, arr, TERMINAL } from './helpers';

const MINUTE = 60_000;

/** The batches a client lists first, as the Runs view does. */
const newestBatches = async (sim: Simulator) => arr((await get(sim, 'batches/list', 'limit=50')).json.batches);
const unfinished = (batches: Json[]) => batches.filter((b) => !TERMINAL.has(String(b.status)));

describe('simulator live feed', () => {
  let fed: Simulator;
  let quiet: Simulator;
  before(async () => {
    fed = await startSimulator({ seed: 1, stepMs: 1500, liveEveryMs: 15_000 });
    quiet = await startSimulator({ seed: 1, stepMs: 1500 });
    fed.freezeTime();
    quiet.freezeTime();
  });
  after(async () => {
    await fed.close();
    await quiet.close();
  });

  it('keeps batches running for as long as the clock moves: at every 10 s of 5 minutes, some are live', async () => {
    const seen = new Set<string>();
    for (let elapsed = 0; elapsed <= 5 * MINUTE; elapsed += 10_000) {
      const live = unfinished(await newestBatches(fed));
      assert.ok(live.length > 0, `a batch is running ${elapsed / 1000} s after start`);
      for (const batch of live) seen.add(String(batch.uuid));
      fed.advanceTime(10_000);
    }
    // 5 minutes at one every 15 s: 20 new batches, each seen running.
    assert.ok(seen.size >= 20, `${seen.size} batches seen running`);
  });

  it('starts each batch through POST /batches: on the workflows in turn, with runs that step and end', async () => {
    const health = (await (await fetch(`${fed.origin}/__sim/health`)).json()) as Json;
    const started = (await newestBatches(fed)).filter((b) => Date.parse(String(b.createdAt)) > Date.parse(String(health.startedAt)));
    assert.ok(new Set(started.map((b) => b.workflowUuid)).size === 5, 'all five workflows take turns');
    assert.deepEqual(new Set(started.map((b) => (b.data as Json).kind)), new Set(['records', 'filter', 'file', 'recordIds']));
    const finished = started.filter((b) => TERMINAL.has(String(b.status)));
    assert.ok(finished.length > 10, `${finished.length} of them finished`);
    for (const batch of finished) {
      assert.equal(batch.status, 'success');
      assert.ok(Number(batch.runsCount) >= 5 && Number(batch.runsCount) <= 20, `${String(batch.runsCount)} runs`);
    }
  });

  it('after a long quiet spell, starts only the batches of the last 5 minutes', async () => {
    const before = (await newestBatches(fed)).length;
    fed.advanceTime(60 * MINUTE);
    const after = arr((await get(fed, 'batches/list', 'limit=100')).json.batches).length;
    assert.ok(after - before <= 5 * 4 + 1, `${after - before} batches started for an hour away`);
    assert.ok(unfinished(await newestBatches(fed)).length > 0);
  });

  it('without it, the live batches of the start have all finished 5 minutes later', async () => {
    assert.ok(unfinished(await newestBatches(quiet)).length > 0, 'live at the start');
    quiet.advanceTime(5 * MINUTE);
    assert.deepEqual(unfinished(await newestBatches(quiet)), []);
  });
});
