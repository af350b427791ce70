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
  // Times are compared within this run, not with fixed limits: these machines are shared, and a busy
  // neighbour slows a baseline as much as the code under test.

  /** Median of `work` over `runs` runs, in ms. */
  async function medianMs(runs: number, work: () => Promise<unknown>): Promise<number> {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await work();
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
  }

  it('starts fast at default scale', async () => {
    // A tenth of the default world against the default: lazy building costs about the same.
    let seed = 11;
    const start = (scale: number) => medianMs(3, async () => (await startSimulator({ seed: seed++, scale })).close());
    const tiny = await start(100);
    const full = await start(1000);
    assert.ok(full < 3 * tiny + 50, `ready in ${full.toFixed(0)} ms at scale 1000, ${tiny.toFixed(0)} ms at scale 100`);
  });

  it('serves a 10,000-run batch quickly', async () => {
    const smallStart = performance.now();
    const small = await startSimulator({ seed: 12 });
    const smallReady = performance.now() - smallStart;
    const started = performance.now();
    const sim = await startSimulator({ seed: 12, scale: 10_000 });
    const ready = performance.now() - started;
    try {
      assert.ok(ready < 15 * smallReady + 200, `ready in ${ready.toFixed(0)} ms at 10,000 runs, ${smallReady.toFixed(0)} ms at the default scale`);
      const batch = (await get(sim, `batches/${sim.fixtures.batches.large}`)).json.batch as Json;
      assert.equal(batch.runsCount, 10_000);
      assert.equal(sim.fixtures.largeBatchRunsCount, 10_000);
      await post(sim, 'runs/list', { batchUuid: sim.fixtures.batches.large, limit: 1 });
      const smallPage = await medianMs(3, () => post(small, 'runs/list', { batchUuid: small.fixtures.batches.succeeded, limit: 50 }));
      const times: number[] = [];
      let last: Reply | undefined;
      for (const offset of [0, 5000, 9950]) {
        const t = performance.now();
        last = await post(sim, 'runs/list', { batchUuid: sim.fixtures.batches.large, limit: 50, offset });
        times.push(performance.now() - t);
        assert.equal(arr(last.json.runs).length, 50);
        assert.equal(last.json.count, 10_000);
      }
      const middle = [...times].sort((a, b) => a - b)[1] as number;
      assert.ok(middle < 3 * smallPage + 20, `pages took ${times.map((t) => t.toFixed(0)).join(', ')} ms, a page of a small batch ${smallPage.toFixed(0)} ms`);
      assertNewestFirst(arr(last?.json.runs));
      const t = performance.now();
      const count = await post(sim, 'runs/count', { statuses: ['error'] });
      const counted = performance.now() - t;
      assert.ok(Number(count.json.count) > 0);
      assert.ok(counted < 10 * smallPage + 100, `counting took ${counted.toFixed(0)} ms`);
      // Metrics and the failure report go over the batch's runs once.
      const m = performance.now();
      const metrics = await post(sim, 'runs/metrics', { workflowUuid: batch.workflowUuid, batchUuid: sim.fixtures.batches.large });
      const measured = performance.now() - m;
      assert.equal(arr(metrics.json.runMetrics)[0]?.totalExecutionsCount, 10_000);
      assert.ok(measured < 10 * smallPage + 100, `runs/metrics took ${measured.toFixed(0)} ms`);
      const f = performance.now();
      const failures = sim.failures(sim.fixtures.batches.large);
      const reported = performance.now() - f;
      assert.equal(failures.groups.length, 3);
      assert.equal(failures.failedRunsCount, batch.failedRunsCount);
      assert.ok(reported < 10 * smallPage + 100, `the failure report took ${reported.toFixed(0)} ms`);
    } finally {
      await Promise.all([sim.close(), small.close()]);
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
    // Far below the 60 s the slow request would take: close() does not wait for requests in flight.
    assert.ok(Date.now() - started < 5_000, `closed in ${Date.now() - started} ms`);
    assert.equal(await hanging, 'failed');
    assert.equal(await slow, 'failed');
    await sim.close();
  });

  it('runs from the command line and stops on SIGTERM', async () => {
    const cli = join(__dirname, '..', 'cli.js');
    const child = spawn(
      process.execPath,
      [
        cli,
        ...['--port', '0', '--seed', '4', '--token', 't0k', '--step-ms', '300', '--fault', 'status=503;times=1;path=/plays/'],
        ...['--fault', 'refuse=notEnoughCredits;times=1;method=POST;path=/runs'],
      ],
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
      const fixtures = (await (await fetch(url.replace(/\/v1$/, '/__sim/fixtures'))).json()) as { workflows: { tool: string } };
      const createRun = () =>
        fetch(`${url}/orchestration/runs`, {
          method: 'POST',
          headers: { authorization: 'Bearer t0k', 'content-type': 'application/json' },
          body: JSON.stringify({ workflowUuid: fixtures.workflows.tool, data: { email: 'cli@acme.test' } }),
        });
      const refused = await createRun();
      assert.equal(refused.status, 402);
      assert.equal(((await refused.json()) as { reason: string }).reason, 'notEnoughCredits');
      assert.equal((await createRun()).status, 200);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
