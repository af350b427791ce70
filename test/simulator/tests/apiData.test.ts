// The simulator API over real HTTP: hostile data, a big run context, the same data for the same seed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../index';
import { HOSTILE_STRINGS } from '../hostile';
import { type Json, get, post, arr, API_SIMULATOR } from './helpers';

describe('simulator API', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator(API_SIMULATOR);
  });
  after(() => sim.close());

  describe('data', () => {
    it('has hostile data when asked', async () => {
      const hostileBatch = sim.fixtures.batches.hostile as string;
      const runs = arr((await post(sim, 'runs/list', { batchUuid: hostileBatch })).json.runs);
      assert.ok(runs.length > 0);
      assert.ok(runs.every((r) => HOSTILE_STRINGS.includes(String(r.recordTitle))));
      const reply = await get(sim, `runs/${sim.fixtures.runs.hostile}`);
      const run = reply.json.run as Json;
      assert.ok(arr(run.executions).some((e) => HOSTILE_STRINGS.includes(String(e.title))));
      assert.ok(String(run.errorMessage).length >= 1024 * 1024, 'one error message is a megabyte');
      assert.ok(reply.text.includes('<script>alert(1)</script>'));
      const context = reply.json.runContext as Json;
      assert.ok(Object.values(context.start as Json).some((v) => HOSTILE_STRINGS.includes(String(v))));
      const pollution = Object.values(context).find((v) => v && typeof v === 'object' && Object.prototype.hasOwnProperty.call(v, '__proto__'));
      assert.ok(pollution, 'a context object has an own "__proto__" key');
      assert.equal(({} as Json).polluted, undefined);
    });

    it('has a big-context run of about the asked size', async () => {
      const reply = await get(sim, `runs/${sim.fixtures.runs.bigContext}`);
      const size = JSON.stringify(reply.json.runContext).length;
      assert.ok(size > 300_000 * 0.9 && size < 300_000 * 1.3, `runContext is ${size} bytes`);
    });

    it('gives the same uuids for the same seed and others for another seed', async () => {
      const [a, b, c] = await Promise.all([startSimulator({ seed: 42 }), startSimulator({ seed: 42 }), startSimulator({ seed: 43 })]);
      try {
        assert.deepEqual(a.fixtures, b.fixtures);
        assert.notEqual(a.fixtures.batches.large, c.fixtures.batches.large);
        const uuids = async (s: Simulator) =>
          arr((await post(s, 'runs/list', { batchUuid: s.fixtures.batches.large, limit: 100, offset: 300 })).json.runs).map(
            (r) => `${r.uuid} ${r.recordTitle} ${r.status}`,
          );
        assert.deepEqual(await uuids(a), await uuids(b));
        const created = async (s: Simulator) =>
          ((await post(s, 'runs', { workflowUuid: s.fixtures.workflows.tool, data: { email: 'x@y.z' } })).json.run as Json).uuid;
        assert.equal(await created(a), await created(b));
      } finally {
        await Promise.all([a.close(), b.close(), c.close()]);
      }
    });
  });
});
