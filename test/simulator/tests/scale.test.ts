// Simulator start-up time, a 10,000-run batch, closing with requests in flight, and the command line.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startSimulator } from '../index';
import { type Json, type Reply, get, post, arr, sleep, assertNewestFirst, waitFor, warmUp } from './helpers';

// Warm, as they were when they ran after the other simulator tests (see warmUp).
before(() => warmUp());

describe('simulator scale and shutdown', () => {
  it('starts fast at default scale', async () => {
    // Best of two, so one garbage collection on a busy machine does not decide.
    const times: number[] = [];
    for (const seed of [11, 12]) {
      const started = performance.now();
      const sim = await startSimulator({ seed });
      times.push(performance.now() - started);
      await sim.close();
    }
    assert.ok(Math.min(...times) < 300, `ready in ${times.map((t) => t.toFixed(0)).join(' / ')} ms`);
  });

  it('serves a 10,000-run batch quickly', async () => {
    const started = performance.now();
    const sim = await startSimulator({ seed: 12, scale: 10_000 });
    const ready = performance.now() - started;
    try {
      assert.ok(ready < 2000, `ready in ${ready.toFixed(0)} ms`);
      const batch = (await get(sim, `batches/${sim.fixtures.batches.large}`)).json.batch as Json;
      assert.equal(batch.runsCount, 10_000);
      assert.equal(sim.fixtures.largeBatchRunsCount, 10_000);
      await post(sim, 'runs/list', { batchUuid: sim.fixtures.batches.large, limit: 1 });
      const times: number[] = [];
      let last: Reply | undefined;
      for (const offset of [0, 5000, 9950]) {
        const t = performance.now();
        last = await post(sim, 'runs/list', { batchUuid: sim.fixtures.batches.large, limit: 50, offset });
        times.push(performance.now() - t);
        assert.equal(arr(last.json.runs).length, 50);
        assert.equal(last.json.count, 10_000);
      }
      assert.ok(Math.max(...times) < 150, `pages took ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
      assertNewestFirst(arr(last?.json.runs));
      const t = performance.now();
      const count = await post(sim, 'runs/count', { statuses: ['error'] });
      assert.ok(Number(count.json.count) > 0);
      assert.ok(performance.now() - t < 300);
    } finally {
      await sim.close();
    }
  });

  it('closes promptly with a hanging request in flight', async () => {
    const sim = await startSimulator({ seed: 13 });
    const outcome = (spec: string) =>
      fetch(`${sim.url}/orchestration/batches/list`, { headers: { authorization: `Bearer ${sim.token}`, 'x-sim-fault': spec } }).then(
        () => 'answered',
        () => 'failed',
      );
    const hanging = outcome('hang');
    const slow = outcome('latency=60000');
    await sleep(50);
    const started = Date.now();
    await sim.close();
    assert.ok(Date.now() - started < 500, `closed in ${Date.now() - started} ms`);
    assert.equal(await hanging, 'failed');
    assert.equal(await slow, 'failed');
    await sim.close();
  });

  it('runs from the command line and stops on SIGTERM', async () => {
    const cli = join(__dirname, '..', 'cli.js');
    const child = spawn(
      process.execPath,
      [cli, '--port', '0', '--seed', '4', '--token', 't0k', '--step-ms', '300', '--fault', 'status=503;times=1;path=/plays/'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const url = await waitFor('the listening line', async () => /listening on (http:\/\/127\.0\.0\.1:\d+\/v1) \(token: t0k\)/.exec(output)?.[1], 5000);
      assert.equal(output.split('\n').filter((line) => line.startsWith('Cargo API simulator listening on')).length, 1);
      const plays = await fetch(`${url}/orchestration/plays/list`, { headers: { authorization: 'Bearer t0k' } });
      assert.equal(plays.status, 503);
      const again = await fetch(`${url}/orchestration/plays/list`, { headers: { authorization: 'Bearer t0k' } });
      assert.equal(again.status, 200);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
