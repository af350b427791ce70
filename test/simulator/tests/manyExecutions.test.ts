// The simulator over real HTTP: the manyExecutions fixture (a finished run with that many executions,
// its spans by traceUuid in pages of up to 1,000), and its CLI flag.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../index';
import { join } from 'node:path';
import type { SimulatorOptions } from '../types';
import { REPO_ROOT } from '../../support/paths';
import { type Json, get, post, arr } from './helpers';

const LONG_AGO = '2000-01-01T00:00:00.000Z';

/** The CLI's parser, from its own bundle (bundled into a test, the CLI would start a simulator). */
function parseArgs(argv: string[]): SimulatorOptions {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cli = require(join(REPO_ROOT, 'out', 'test', 'simulator', 'cli.js')) as { parseArgs(argv: string[]): SimulatorOptions };
  return cli.parseArgs(argv);
}

describe('simulator: a run with many executions', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ seed: 2, manyExecutions: 1200 });
  });
  after(() => sim.close());

  it('is a finished run with that many executions, in order of time', async () => {
    const uuid = sim.fixtures.runs.manyExecutions as string;
    const reply = await get(sim, `runs/${uuid}`);
    assert.equal(reply.status, 200);
    const run = reply.json.run as Json;
    assert.equal(run.status, 'success');
    const executions = arr(run.executions);
    assert.equal(executions.length, 1200);
    assert.equal(executions[0]?.nodeSlug, 'start');
    for (let i = 1; i < executions.length; i++) assert.ok(String(executions[i - 1]?.startedAt) <= String(executions[i]?.startedAt));
  });

  it('its spans by traceUuid: 1,000 a page, then the rest, each execution once', async () => {
    const run = (await get(sim, `runs/${sim.fixtures.runs.manyExecutions as string}`)).json.run as Json;
    const body = { executionStartedAfter: LONG_AGO, traceUuid: run.traceUuid, limit: 1000 };
    const first = await post(sim, 'spans/list', body);
    assert.equal(first.status, 200);
    assert.equal(first.json.count, 1200);
    assert.equal(arr(first.json.spans).length, 1000);
    const second = await post(sim, 'spans/list', { ...body, offset: 1000 });
    assert.equal(arr(second.json.spans).length, 200);
    const indexes = [...arr(first.json.spans), ...arr(second.json.spans)].map((s) => Number(s.executionIndex)).sort((a, b) => a - b);
    assert.deepEqual(
      indexes,
      Array.from({ length: 1200 }, (_, i) => i),
    );
    assert.equal((await post(sim, 'spans/list', { ...body, limit: 1001 })).status, 400);
    const trace = (await get(sim, `traces/${String(run.traceUuid)}`)).json.trace as Json;
    assert.equal(trace.spansCount, 1200);
  });

  it('is not there unless asked', async () => {
    const plain = await startSimulator({ seed: 2 });
    try {
      assert.equal(plain.fixtures.runs.manyExecutions, undefined);
    } finally {
      await plain.close();
    }
  });

  it('CLI: --many-executions N', () => {
    assert.equal(parseArgs(['--many-executions', '1000']).manyExecutions, 1000);
    assert.equal(parseArgs(['--many-executions=50']).manyExecutions, 50);
    for (const bad of ['0', '1.5', '20001', 'many']) assert.throws(() => parseArgs(['--many-executions', bad]), /--many-executions/, bad);
  });
});
