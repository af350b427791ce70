// Starting runs against the simulator over real HTTP: each body is sent exactly once (never retried,
// whatever the client's retry settings), refusals read in the user's words, a lost answer is
// "may or may not have started" and the run can be found again; many records go one at a time and
// stop where the rest would fail too.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { useSimulator } from '../support/simulator';
import { CargoClient, type CargoClientOptions } from '../../../src/api/client';
import { findRunsStartedSince, refusalMessage, startRun, startRuns, summarizeMany, type RunRequest } from '../../../src/runs/runCreation';
import { CargoApiError } from '../../../src/api/errors';

describe('starting runs', () => {
  const sim = useSimulator({ seed: 11, stepMs: 100 });
  // Retries on: a create must still go out once.
  const client = (options: Partial<CargoClientOptions> = {}) => sim.client({ retryBaseDelayMs: 1, maxRetryDelayMs: 5, maxRetries: 3, ...options });
  const posts = () => sim.requests.filter((r) => r.method === 'POST' && /\/orchestration\/runs$/.test(r.path));
  const tool = () => sim.fixtures.workflows.tool;
  /** Runs started on their own (not by a batch of the simulated world) since `since`. */
  const startedSince = async (since: number) =>
    (await client().listRuns({ createdAfter: new Date(since - 1000).toISOString(), limit: 100 })).runs.filter((run) => !run.batchUuid);

  test('a run that starts: one POST, the run as Cargo created it', async () => {
    const outcome = await startRun(client(), { workflowUuid: tool(), data: { name: 'Acme', domain: 'acme.com' } });
    assert.equal(outcome.kind, 'started');
    assert.ok(outcome.kind === 'started' && outcome.run.workflowUuid === tool());
    assert.equal(posts().length, 1);
  });

  test('refusals name their cause in the user’s words, and nothing is created', async (t) => {
    const cases: { what: string; body: Record<string, unknown>; reason: string; says: RegExp }[] = [
      {
        what: 'no credits',
        body: { workflowUuid: tool(), data: { name: 'x', __simError: 'notEnoughCredits' } },
        reason: 'notEnoughCredits',
        says: /^Not enough credits/,
      },
      {
        what: 'concurrency',
        body: { workflowUuid: tool(), data: { name: 'x', __simError: 'concurrencyLimitReached' } },
        reason: 'concurrencyLimitReached',
        says: /Too many runs are going at once/,
      },
      {
        what: 'a play',
        body: { workflowUuid: sim.fixtures.workflows.play, data: { name: 'x' } },
        reason: 'playNotCompatible',
        says: /plays run on segments, not single records/,
      },
      {
        what: 'unknown workflow',
        body: { workflowUuid: '00000000-0000-4000-8000-000000000000', data: { name: 'x' } },
        reason: 'workflowNotFound',
        says: /no workflow with this uuid/,
      },
      {
        what: 'foreign release',
        body: { workflowUuid: tool(), data: { name: 'x' }, releaseUuid: '00000000-0000-4000-8000-000000000001' },
        reason: 'invalidReleaseOrCustomNodes',
        says: /Run Against Release/,
      },
    ];
    for (const c of cases) {
      await t.test(c.what, async () => {
        sim.clearRequests();
        const since = Date.now();
        const before = (await startedSince(since)).length;
        const outcome = await startRun(client(), c.body as never);
        assert.equal(outcome.kind, 'refused');
        assert.ok(outcome.kind === 'refused');
        assert.equal(outcome.reason, c.reason);
        assert.match(outcome.message, c.says);
        assert.match(outcome.detail, new RegExp(c.reason), 'Cargo’s reason is kept for the log');
        assert.equal(posts().length, 1, 'sent once, not retried');
        assert.equal((await startedSince(since)).length, before, 'nothing created');
      });
    }
  });

  test('Cargo’s message is kept when it refuses the data', () => {
    const error = new CargoApiError('POST /orchestration/runs', 'x', { status: 400, reason: 'invalidData', serverMessage: 'email must be a string' });
    assert.equal(refusalMessage(error), 'Cargo refused the data: the workflow’s start node cannot take it: email must be a string');
  });

  test('no answer in time: may or may not have started, sent once, and the run can be found', async () => {
    sim.setFaults([{ fault: { kind: 'latency', ms: 600 }, method: 'POST', path: '^/v1/orchestration/runs$', times: 1 }]);
    const sentBefore = Date.now();
    const outcome = await startRun(client({ timeoutMs: 150 }), { workflowUuid: tool(), data: { name: 'Slow Co' } });
    assert.equal(outcome.kind, 'uncertain');
    assert.ok(outcome.kind === 'uncertain');
    assert.match(outcome.message, /may or may not have started/);
    assert.ok(outcome.sentAt >= sentBefore);
    assert.equal(posts().length, 1, 'never sent a second time');
  });

  test('a connection reset mid-request and a gateway 502 are uncertain; a refused connection is not', async () => {
    sim.setFaults([{ fault: { kind: 'reset' }, method: 'POST', path: '^/v1/orchestration/runs$', times: 1 }]);
    assert.equal((await startRun(client(), { workflowUuid: tool(), data: { name: 'a' } })).kind, 'uncertain');
    sim.setFaults([{ fault: { kind: 'status', status: 502, emptyBody: true }, method: 'POST', path: '^/v1/orchestration/runs$', times: 1 }]);
    assert.equal((await startRun(client(), { workflowUuid: tool(), data: { name: 'b' } })).kind, 'uncertain');
    assert.equal(posts().length, 2, 'each sent once');

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = new CargoClient({ baseUrl: `http://127.0.0.1:${port}/v1`, token: 't', maxRetries: 3, retryBaseDelayMs: 1 });
    const outcome = await startRun(unreachable, { workflowUuid: tool(), data: { name: 'c' } });
    assert.equal(outcome.kind, 'refused', 'nothing reached Cargo, so nothing started');
    assert.ok(outcome.kind === 'refused' && /not started/.test(outcome.message));
  });

  test('"Look for it" lists the runs of the workflow created since just before the request, newest first', async () => {
    const sentAt = Date.now();
    const started = await startRun(client(), { workflowUuid: tool(), data: { name: 'Found Co' } });
    assert.ok(started.kind === 'started');
    sim.clearRequests();
    const found = await findRunsStartedSince(client(), tool(), sentAt);
    assert.equal(found[0]?.uuid, started.run.uuid);
    assert.equal(sim.requests.length, 1, 'one request');
  });

  test('many records: one POST each, in order; a refusal the rest would meet too stops them', async () => {
    const requests: RunRequest[] = ['one', 'two', 'three'].map((name, i) => ({ body: { workflowUuid: tool(), data: { name } }, label: `item ${i + 1}` }));
    const all = await startRuns(client(), requests);
    assert.deepEqual(
      all.map((r) => r.outcome?.kind),
      ['started', 'started', 'started'],
    );
    assert.equal(posts().length, 3);
    assert.equal(summarizeMany(all).text, 'Started 3 of 3 runs.');

    sim.clearRequests();
    const second = requests.map((r, i) => (i === 1 ? { ...r, body: { ...r.body, data: { name: 'two', __simError: 'notEnoughCredits' } } } : r));
    const stopped = await startRuns(client(), second);
    assert.deepEqual(
      stopped.map((r) => r.outcome?.kind),
      ['started', 'refused', undefined],
    );
    assert.equal(posts().length, 2, 'the third was not sent');
    const summary = summarizeMany(stopped);
    assert.equal(summary.text, 'Started 1 of 3 runs. Cargo refused 1 (Not enough credits). 1 not sent.');
    assert.match(summary.lines[1] ?? '', /^item 2: refused: Not enough credits/);
    assert.equal(summary.lines[2], 'item 3: not sent');
  });

  test('many records: Cargo unreachable stops the rest, and the summary says it was not reached, not that it refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = new CargoClient({ baseUrl: `http://127.0.0.1:${port}/v1`, token: 't', maxRetries: 0 });
    const requests: RunRequest[] = ['a', 'b', 'c'].map((name, i) => ({ body: { workflowUuid: tool(), data: { name } }, label: `item ${i + 1}` }));
    const results = await startRuns(unreachable, requests);
    assert.deepEqual(
      results.map((r) => r.outcome?.kind),
      ['refused', undefined, undefined],
      'the next would not reach Cargo either: not sent',
    );
    const summary = summarizeMany(results);
    assert.deepEqual([summary.refused, summary.unreachable, summary.notSent], [0, 1, 2]);
    assert.equal(
      summary.text,
      'Started 0 of 3 runs. 1 not started: Could not reach Cargo (ECONNREFUSED). Check the network connection and the setting cargo.apiBaseUrl. 2 not sent.',
    );
  });

  test('many records: a lost answer stops the rest (each is sent at most once); a stop between requests is honoured', async () => {
    const requests: RunRequest[] = ['a', 'b', 'c'].map((name, i) => ({ body: { workflowUuid: tool(), data: { name } }, label: `item ${i + 1}` }));
    let done = 0;
    const results = await startRuns(client({ timeoutMs: 150 }), requests, {
      onProgress: (n) => {
        done = n;
        if (n === 1) sim.setFaults([{ fault: { kind: 'latency', ms: 600 }, method: 'POST', path: '^/v1/orchestration/runs$', times: 1 }]);
      },
    });
    assert.deepEqual(
      results.map((r) => r.outcome?.kind),
      ['started', 'uncertain', undefined],
    );
    assert.equal(done, 2);
    assert.equal(posts().length, 2);
    assert.match(summarizeMany(results).text, /1 may or may not have started\. 1 not sent\./);

    sim.clearFaults();
    sim.clearRequests();
    let asked = 0;
    const halted = await startRuns(client(), requests, { shouldStop: () => ++asked > 1 });
    assert.deepEqual(
      halted.map((r) => r.outcome?.kind),
      ['started', undefined, undefined],
    );
    assert.equal(posts().length, 1);
  });
});
