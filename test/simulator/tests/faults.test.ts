// Simulator faults on demand (x-sim-fault header, rules in code and over HTTP) and the request log.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, parseFaultSpec, parseFaultRule, type Simulator } from '../index';
import { HOSTILE_STRINGS } from '../hostile';
import { type Json, type CallOptions, get, post, arr, sleep, RUN_STATUSES, BATCH_STATUSES, apiRunsSince, waitFor, runsTitled } from './helpers';

describe('simulator faults', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ seed: 5, stepMs: 200 });
  });
  after(() => sim.close());
  const fault = (spec: string): CallOptions => ({ headers: { 'x-sim-fault': spec } });

  it('parses fault specs and rules', () => {
    assert.deepEqual(parseFaultSpec('latency=500'), { kind: 'latency', ms: 500 });
    assert.deepEqual(parseFaultSpec('status=429;retry-after=2'), { kind: 'status', status: 429, retryAfterSeconds: 2 });
    assert.deepEqual(parseFaultSpec('status=500;empty'), { kind: 'status', status: 500, emptyBody: true });
    assert.deepEqual(parseFaultSpec('malformed'), { kind: 'malformedJson' });
    assert.deepEqual(parseFaultSpec('drift=nulls'), { kind: 'drift', drift: 'nulls' });
    assert.deepEqual(parseFaultSpec('refuse=playNotCompatible'), { kind: 'refuse', reason: 'playNotCompatible' });
    assert.deepEqual(parseFaultSpec('hang-after'), { kind: 'hangAfterHandling' });
    assert.deepEqual(parseFaultSpec('reset-after'), { kind: 'resetAfterHandling' });
    assert.deepEqual(parseFaultSpec('status-after=502'), { kind: 'statusAfterHandling', status: 502 });
    assert.deepEqual(parseFaultSpec('statusAfterHandling=500'), { kind: 'statusAfterHandling', status: 500 });
    assert.deepEqual(parseFaultRule('status=503;times=2;method=post;path=/runs/list'), {
      fault: { kind: 'status', status: 503 },
      times: 2,
      method: 'POST',
      path: '/runs/list',
    });
    for (const bad of [
      '',
      'slow',
      'latency=abc',
      'status=99',
      'drift=sideways',
      'hang;x=1',
      'refuse',
      'refuse=later',
      'refuse=invalidData;x=1',
      'hang-after;x=1',
      'status-after',
      'status-after=302',
      'status-after=600',
      'status-after=502;retry-after=2',
    ])
      assert.throws(() => parseFaultSpec(bad), Error, bad);
  });

  it('applies latency, status, empty and retry-after from the header', async () => {
    let started = Date.now();
    assert.equal((await get(sim, 'workflows/list', undefined, fault('latency=150'))).status, 200);
    assert.ok(Date.now() - started >= 140);
    const unavailable = await get(sim, 'workflows/list', undefined, fault('status=503'));
    assert.equal(unavailable.status, 503);
    assert.equal(typeof unavailable.json.errorMessage, 'string');
    assert.equal(typeof unavailable.json.reason, 'string');
    const limited = await get(sim, 'workflows/list', undefined, fault('status=429;retry-after=2'));
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '2');
    const empty = await get(sim, 'workflows/list', undefined, fault('status=500;empty'));
    assert.equal(empty.status, 500);
    assert.equal(empty.text, '');
    const bad = await get(sim, 'workflows/list', undefined, fault('status=nope'));
    assert.equal(bad.status, 400);
    assert.equal(bad.json.reason, 'invalidSimFault');
    started = Date.now();
    await assert.rejects(get(sim, 'workflows/list', undefined, { ...fault('hang'), signal: AbortSignal.timeout(200) }));
    assert.ok(Date.now() - started < 2000);
  });

  it('breaks the body: malformed, truncated, reset', async () => {
    const malformed = await get(sim, 'batches/list', undefined, fault('malformed'));
    assert.equal(malformed.status, 200);
    assert.throws(() => JSON.parse(malformed.text));
    await assert.rejects(async () => {
      const response = await fetch(`${sim.url}/orchestration/batches/list`, { headers: { authorization: `Bearer ${sim.token}`, 'x-sim-fault': 'truncated' } });
      assert.equal(response.status, 200);
      await response.text();
    });
    await assert.rejects(get(sim, 'batches/list', undefined, fault('reset')));
  });

  it('sends a body slowly, in pieces, as over a slow network: slow=KB_PER_SECOND', async () => {
    assert.deepEqual(parseFaultSpec('slow=500'), { kind: 'slow', kbPerSecond: 500 });
    assert.throws(() => parseFaultSpec('slow=0'), /above 0/);
    assert.throws(() => parseFaultSpec('slow'), /whole number/);
    const path = `/v1/orchestration/runs/${sim.fixtures.runs.failed}`;
    const whole = await (await fetch(`${sim.origin}${path}`, { headers: { authorization: `Bearer ${sim.token}` } })).text();
    sim.clearRequests();
    // About a tenth of the body a tenth of a second: ten pieces or so, over about a second.
    const kbPerSecond = Math.max(1, Math.round(Buffer.byteLength(whole) / 1024));
    const started = Date.now();
    const response = await fetch(`${sim.origin}${path}`, { headers: { authorization: `Bearer ${sim.token}`, 'x-sim-fault': `slow=${kbPerSecond}` } });
    assert.equal(response.headers.get('content-length'), String(Buffer.byteLength(whole)), 'the whole size is announced');
    const reader = response.body?.getReader();
    assert.ok(reader);
    const pieces: Uint8Array[] = [];
    for (let read = await reader.read(); !read.done; read = await reader.read()) pieces.push(read.value);
    assert.ok(pieces.length >= 5, `${pieces.length} pieces`);
    assert.ok(Date.now() - started >= 500, 'spread over time');
    assert.equal(Buffer.concat(pieces).toString(), whole);
    assert.equal(sim.requests[0]?.fault, `slow=${kbPerSecond}`);
    assert.equal(sim.requests[0]?.bytes, Buffer.byteLength(whole));
  });

  it('drifts the JSON four ways', async () => {
    const path = `runs/${sim.fixtures.runs.failed}`;
    const unknownEnum = (await get(sim, path, undefined, fault('drift=unknownEnum'))).json.run as Json;
    assert.ok(!RUN_STATUSES.includes(String(unknownEnum.status)));
    assert.ok(
      arr(unknownEnum.executions).every(
        (e) => !['pending', 'success', 'error'].includes(String(e.status)) && !['native', 'connector', 'tool', 'agent'].includes(String(e.nodeKind)),
      ),
    );
    const batches = arr((await get(sim, 'batches/list', undefined, fault('drift=unknownEnum'))).json.batches);
    assert.ok(batches.every((b) => !BATCH_STATUSES.includes(String(b.status))));
    const missing = arr((await get(sim, 'batches/list', undefined, fault('drift=missingField'))).json.batches);
    assert.equal('uuid' in (missing[0] as Json), false);
    assert.equal('status' in (missing[0] as Json), false);
    assert.equal('uuid' in (missing[1] as Json), true);
    const extra = (await get(sim, path, undefined, fault('drift=extraFields'))).json;
    assert.ok('simUnknownField' in extra && 'simUnknownField' in (extra.run as Json) && 'simUnknownField' in (arr((extra.run as Json).executions)[0] as Json));
    const nulls = (await get(sim, path, undefined, fault('drift=nulls'))).json.run as Json;
    for (const field of ['userUuid', 'releaseUuid', 'batchUuid', 'errorMessage', 'finishedAt', 'deletedAt']) assert.equal(nulls[field], null, field);
    assert.equal(typeof nulls.uuid, 'string');
    assert.ok(arr(nulls.executions).every((e) => e.title === null && e.startedAt === null && e.finishedAt === null));
  });

  it('answers a proxy’s HTML error page instead of JSON: html=CODE, before handling anything', async () => {
    assert.deepEqual(parseFaultSpec('html=502'), { kind: 'html', status: 502 });
    for (const bad of ['html', 'html=99', 'html=600', 'html=502;x=1']) assert.throws(() => parseFaultSpec(bad), Error, bad);
    sim.clearRequests();
    const page = await get(sim, 'batches/list', undefined, fault('html=502'));
    assert.equal(page.status, 502);
    assert.equal(page.headers.get('content-type'), 'text/html');
    assert.match(page.text, /^<html>[\s\S]*<h1>502 Bad Gateway<\/h1>[\s\S]*nginx[\s\S]*<\/html>\s*$/);
    assert.throws(() => JSON.parse(page.text));
    assert.deepEqual([sim.requests[0]?.status, sim.requests[0]?.fault, sim.requests[0]?.bytes], [502, 'html=502', Buffer.byteLength(page.text)]);
    const ok = await get(sim, 'workflows/list', undefined, fault('html=200'));
    assert.equal(ok.status, 200);
    assert.match(ok.text, /<h1>200 OK<\/h1>/);
    const title = `html-${Date.now()}`;
    const created = await post(sim, 'runs', { workflowUuid: sim.fixtures.workflows.tool, data: { email: 'a@b.c', title } }, fault('html=503'));
    assert.equal(created.status, 503);
    assert.equal(await runsTitled(sim, title), 0, 'nothing was created');
  });

  it('answers an empty 200: status=200;empty before handling, empty after handling it', async () => {
    assert.deepEqual(parseFaultSpec('empty'), { kind: 'empty' });
    assert.throws(() => parseFaultSpec('empty;x=1'), Error);
    for (const spec of ['status=200;empty', 'empty']) {
      const reply = await get(sim, 'batches/list', undefined, fault(spec));
      assert.equal(reply.status, 200, spec);
      assert.equal(reply.text, '', spec);
      assert.equal(reply.headers.get('content-length'), '0', spec);
    }
    const before = `before-${Date.now()}`;
    assert.equal((await post(sim, 'runs', { workflowUuid: sim.fixtures.workflows.tool, data: { title: before } }, fault('status=200;empty'))).text, '');
    assert.equal(await runsTitled(sim, before), 0, 'status=200;empty answers before handling');
    const handled = `handled-${Date.now()}`;
    const reply = await post(sim, 'runs', { workflowUuid: sim.fixtures.workflows.tool, data: { title: handled } }, fault('empty'));
    assert.deepEqual([reply.status, reply.text], [200, '']);
    assert.equal(sim.requests.at(-1)?.fault, 'empty');
    assert.equal(await runsTitled(sim, handled), 1, 'empty handles the request, then answers nothing');
  });

  it('gives one field of the main object the wrong type: drift=wrongType', async () => {
    assert.deepEqual(parseFaultSpec('drift=wrongType'), { kind: 'drift', drift: 'wrongType' });
    const wrong = (path: string, body?: Json) =>
      body === undefined ? get(sim, path, undefined, fault('drift=wrongType')) : post(sim, path, body, fault('drift=wrongType'));
    const batches = arr((await wrong('batches/list')).json.batches);
    assert.equal(typeof batches[0]?.runsCount, 'string', 'a number became a string');
    assert.equal(typeof batches[1]?.runsCount, 'number', 'only the first item');
    const run = (await wrong(`runs/${sim.fixtures.runs.failed}`)).json;
    assert.equal((run.run as Json).uuid, 12345, 'a run has no required number: its uuid becomes one');
    assert.equal(typeof arr((await wrong('runs/list', { limit: 2 })).json.runs)[0]?.uuid, 'number');
    const metrics = arr((await wrong('runs/metrics', { workflowUuid: sim.fixtures.workflows.play })).json.runMetrics);
    assert.equal(typeof metrics[0]?.successExecutionsCount, 'string');
    const spans = await wrong('spans/list', { runUuid: sim.fixtures.runs.failed, executionStartedAfter: '2000-01-01T00:00:00.000Z' });
    assert.equal(typeof arr(spans.json.spans)[0]?.executionIndex, 'string');
    assert.equal(typeof arr((await wrong('workflows/list')).json.workflows)[0]?.uuid, 'number');
    assert.equal(typeof (await wrong('runs/count', {})).json.count, 'string', 'a count response: its count');
  });

  it('makes any answer hostile', async () => {
    const reply = await get(sim, `runs/${sim.fixtures.runs.failed}`, undefined, fault('hostile'));
    const run = reply.json.run as Json;
    assert.ok(HOSTILE_STRINGS.includes(String(run.recordTitle)));
    assert.ok(HOSTILE_STRINGS.includes(String(run.errorMessage)));
    assert.ok(Object.values(reply.json.runContext as Json).some((v) => JSON.stringify(v).includes('<') || v === null));
    const start = (reply.json.runContext as Json).start as Json;
    assert.ok(
      Object.values(start)
        .filter((v) => typeof v === 'string')
        .every((v) => HOSTILE_STRINGS.includes(v as string)),
    );
  });

  it('applies rules for the next N matching requests only', async () => {
    sim.clearFaults();
    sim.addFault({ fault: { kind: 'status', status: 503 }, path: '/runs/list', times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(sim, 'runs/list', { limit: 1 })).status);
    assert.deepEqual(statuses, [503, 503, 200]);
    assert.equal((await get(sim, 'workflows/list')).status, 200);
    sim.setFaults([{ fault: { kind: 'status', status: 502 }, path: '^/v1/orchestration/runs/[0-9a-f-]+$', method: 'GET' }]);
    assert.equal((await get(sim, `runs/${sim.fixtures.runs.failed}`)).status, 502);
    assert.equal((await post(sim, 'runs/list', { limit: 1 })).status, 200, 'regex and method restrict the rule');
    sim.setFaults([{ fault: { kind: 'latency', ms: 120 } }, { fault: { kind: 'status', status: 504 }, times: 1 }]);
    const started = Date.now();
    assert.equal((await get(sim, 'plays/list')).status, 504, 'latency composes with another fault');
    assert.ok(Date.now() - started >= 110);
    sim.clearFaults();
    assert.equal((await get(sim, 'plays/list')).status, 200);
    for (const spec of ['drift=nulls', 'hostile', 'malformed', 'truncated', 'reset', 'hang', 'hang-after', 'reset-after']) {
      sim.setFaults([parseFaultRule(`${spec};times=1`)]);
      const first = get(sim, 'tools/list', undefined, { signal: AbortSignal.timeout(300) }).then(
        (r) => JSON.stringify(r.json),
        () => 'failed',
      );
      assert.notEqual(await first, JSON.stringify((await get(sim, 'tools/list')).json), `${spec} applied once by rule`);
      assert.equal((await get(sim, 'tools/list')).status, 200, `${spec} retired`);
    }
    sim.clearFaults();
  });

  it('refuses run creation on demand, as POST /runs would, creating nothing', async () => {
    sim.clearFaults();
    const { tool } = sim.fixtures.workflows;
    const data = { email: 'refused@acme.test' };
    const since = new Date().toISOString();
    const statuses = {
      notEnoughCredits: 402,
      concurrencyLimitReached: 429,
      failedToStart: 500,
      invalidData: 400,
      workflowNotFound: 404,
      playNotCompatible: 400,
    };
    for (const [reason, status] of Object.entries(statuses)) {
      const reply = await post(sim, 'runs', { workflowUuid: tool, data }, fault(`refuse=${reason}`));
      assert.equal(reply.status, status, reason);
      assert.deepEqual(Object.keys(reply.json).sort(), ['errorMessage', 'reason']);
      assert.equal(reply.json.reason, reason);
      assert.equal(typeof reply.json.errorMessage, 'string');
      assert.equal(reply.headers.get('retry-after'), null, 'no Retry-After, like the real refusal');
    }
    for (const reason of ['notEnoughCredits', 'concurrencyLimitReached', 'failedToStart']) {
      const real = await post(sim, 'runs', { workflowUuid: tool, data: { ...data, __simError: reason } });
      const simulated = await post(sim, 'runs', { workflowUuid: tool, data }, fault(`refuse=${reason}`));
      assert.deepEqual([simulated.status, simulated.json], [real.status, real.json], reason);
    }
    const play = await post(sim, 'runs', { workflowUuid: sim.fixtures.workflows.play, data });
    assert.deepEqual((await post(sim, 'runs', { workflowUuid: sim.fixtures.workflows.play, data }, fault('refuse=playNotCompatible'))).json, play.json);
    const notFound = await post(sim, 'runs', { workflowUuid: tool, data }, fault('refuse=workflowNotFound'));
    assert.ok(String(notFound.json.errorMessage).includes(tool));
    assert.deepEqual(await apiRunsSince(sim, since), [], 'nothing was created');

    sim.clearRequests();
    sim.addFault(parseFaultRule('refuse=concurrencyLimitReached;times=1;method=POST;path=/runs'));
    assert.equal((await post(sim, 'runs/list', { limit: 1 })).status, 200, 'other requests pass a refusal by');
    assert.equal((await get(sim, 'workflows/list', undefined, fault('refuse=failedToStart'))).status, 200, 'also in the header');
    assert.equal((await post(sim, 'runs', { workflowUuid: tool, data })).status, 429);
    const created = await post(sim, 'runs', { workflowUuid: tool, data });
    assert.equal(created.status, 200, 'the rule retired after one refusal');
    assert.deepEqual(
      sim.requests.map((r) => [r.method, r.path, r.status, r.fault]),
      [
        ['POST', '/v1/orchestration/runs/list', 200, undefined],
        ['GET', '/v1/orchestration/workflows/list', 200, undefined],
        ['POST', '/v1/orchestration/runs', 429, 'refuse=concurrencyLimitReached'],
        ['POST', '/v1/orchestration/runs', 200, undefined],
      ],
    );
    assert.deepEqual(
      (await apiRunsSince(sim, since)).map((r) => r.uuid),
      [(created.json.run as Json).uuid],
    );

    const control = (method: string, body: unknown) => fetch(`${sim.origin}/__sim/faults`, { method, body: JSON.stringify(body) });
    assert.equal((await control('PUT', ['refuse=failedToStart;times=1;method=POST'])).status, 200);
    assert.equal((await control('POST', { fault: { kind: 'refuse', reason: 'invalidData' }, path: '^/v1/orchestration/runs$', times: 1 })).status, 200);
    const listed = (await (await fetch(`${sim.origin}/__sim/faults`)).json()) as { faults: Json[] };
    assert.deepEqual(
      listed.faults.map((f) => f.fault),
      [
        { kind: 'refuse', reason: 'failedToStart' },
        { kind: 'refuse', reason: 'invalidData' },
      ],
    );
    assert.equal((await post(sim, 'runs', { workflowUuid: tool, data })).status, 500);
    assert.equal((await post(sim, 'runs', { workflowUuid: tool, data })).json.reason, 'invalidData');
    assert.equal((await post(sim, 'runs', { workflowUuid: tool, data })).status, 200);
    assert.equal((await control('PUT', ['refuse=later'])).status, 400);
    assert.equal((await control('POST', { fault: { kind: 'refuse', reason: 'later' } })).status, 400);
    assert.equal((await apiRunsSince(sim, since)).length, 2);
    sim.clearFaults();
  });

  it('handles a run creation but loses its answer: hang-after', async () => {
    sim.clearFaults();
    sim.clearRequests();
    const since = new Date().toISOString();
    const data = { email: 'lost-answer@acme.test' };
    const client = new AbortController();
    let answered = false;
    const lost = post(sim, 'runs', { workflowUuid: sim.fixtures.workflows.tool, data }, { ...fault('hang-after'), signal: client.signal }).finally(
      () => (answered = true),
    );
    const [run] = await waitFor(
      'the run of the lost answer',
      async () => {
        const runs = await apiRunsSince(sim, since);
        return runs.length > 0 ? runs : undefined;
      },
      5000,
    );
    assert.equal(run?.recordTitle, data.email);
    assert.equal((await get(sim, `runs/${String(run?.uuid)}`)).status, 200);
    assert.deepEqual(
      sim.requests.filter((r) => r.path === '/v1/orchestration/runs').map((r) => [r.method, r.status, r.fault]),
      [['POST', 200, 'hang-after']],
      'one request, logged with the status of the answer it never got',
    );
    assert.equal(answered, false, 'no answer while the run exists');
    client.abort();
    await assert.rejects(lost, { name: 'AbortError' });
    assert.equal((await apiRunsSince(sim, since)).length, 1);
  });

  it('handles a run creation, then resets the connection: reset-after, also as a rule', async () => {
    const since = new Date().toISOString();
    const body = { workflowUuid: sim.fixtures.workflows.tool, data: { email: 'reset-answer@acme.test' } };
    await assert.rejects(post(sim, 'runs', body, fault('reset-after')));
    sim.addFault(parseFaultRule('reset-after;times=1;method=POST;path=^/v1/orchestration/runs$'));
    assert.equal((await post(sim, 'runs/list', { limit: 1 })).status, 200);
    await assert.rejects(post(sim, 'runs', body));
    assert.equal((await post(sim, 'runs', body)).status, 200, 'the rule retired');
    assert.equal((await apiRunsSince(sim, since)).length, 3, 'every request created its run');
    const log = sim.requests.filter((r) => r.path === '/v1/orchestration/runs' && r.time >= Date.parse(since));
    assert.deepEqual(
      log.map((r) => [r.status, r.fault]),
      [
        [200, 'reset-after'],
        [200, 'reset-after'],
        [200, undefined],
      ],
    );
  });

  it('handles a run creation, then answers an error: status-after', async () => {
    sim.clearFaults();
    sim.clearRequests();
    const since = new Date().toISOString();
    const data = { email: 'status-after@acme.test' };
    const reply = await post(sim, 'runs', { workflowUuid: sim.fixtures.workflows.tool, data }, fault('status-after=502'));
    assert.equal(reply.status, 502);
    assert.match(reply.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(reply.json, { errorMessage: 'Upstream service timed out', reason: 'badGateway' });
    assert.deepEqual(
      (await apiRunsSince(sim, since)).map((r) => r.recordTitle),
      [data.email],
      'the run was created: runs/list has it',
    );
    assert.deepEqual(
      sim.requests.filter((r) => r.method === 'POST' && r.path === '/v1/orchestration/runs').map((r) => [r.status, r.fault]),
      [[502, 'status-after=502']],
      'one POST, logged with the error it was answered',
    );
  });

  it('handles a batch creation, then answers an error: status-after as a rule, with a fitting body per status', async () => {
    sim.clearFaults();
    sim.clearRequests();
    const newestBatch = async () => arr((await get(sim, 'batches/list', 'limit=1')).json.batches)[0];
    const before = await newestBatch();
    const workflowUuid = sim.fixtures.workflows.tool;
    sim.addFault(parseFaultRule('statusAfterHandling=503;times=1;method=POST;path=^/v1/orchestration/batches$'));
    const reply = await post(sim, 'batches', { workflowUuid, data: { kind: 'records', records: [{ email: 'batch-after@acme.test' }] } });
    assert.equal(reply.status, 503);
    assert.deepEqual(Object.keys(reply.json).sort(), ['errorMessage', 'reason']);
    assert.equal(reply.json.reason, 'serviceUnavailable');
    assert.equal(typeof reply.json.errorMessage, 'string');
    const newest = await newestBatch();
    assert.notEqual(newest?.uuid, before?.uuid, 'the batch was created: batches/list has it first');
    assert.equal(newest?.workflowUuid, workflowUuid);
    assert.deepEqual(
      sim.requests.filter((r) => r.method === 'POST' && r.path === '/v1/orchestration/batches').map((r) => [r.status, r.fault]),
      [[503, 'status-after=503']],
    );
    const other = await get(sim, 'workflows/list', undefined, fault('status-after=418'));
    assert.equal(other.status, 418);
    assert.deepEqual(Object.keys(other.json).sort(), ['errorMessage', 'reason']);
    assert.equal(other.json.reason, 'simulatedFault');
    assert.ok(String(other.json.errorMessage).includes('status-after=418'));
    sim.clearFaults();
  });

  it('is controlled over HTTP too', async () => {
    const put = await fetch(`${sim.origin}/__sim/faults`, {
      method: 'PUT',
      body: JSON.stringify(['status=503;times=1', { fault: { kind: 'status', status: 500 }, path: '/plays/', times: 1 }]),
    });
    assert.equal(put.status, 200);
    assert.equal((await get(sim, 'workflows/list')).status, 503);
    assert.equal((await get(sim, 'plays/list')).status, 500);
    assert.equal((await get(sim, 'plays/list')).status, 200);
    const badPut = await fetch(`${sim.origin}/__sim/faults`, { method: 'PUT', body: JSON.stringify(['status=bad']) });
    assert.equal(badPut.status, 400);
    await fetch(`${sim.origin}/__sim/faults`, { method: 'POST', body: JSON.stringify('status=418') });
    assert.equal((await get(sim, 'workflows/list')).status, 418);
    assert.equal((await fetch(`${sim.origin}/__sim/faults`, { method: 'DELETE' })).status, 200);
    assert.equal((await get(sim, 'workflows/list')).status, 200);
    const fixtures = await (await fetch(`${sim.origin}/__sim/fixtures`)).json();
    assert.deepEqual(fixtures, sim.fixtures);
    const health = (await (await fetch(`${sim.origin}/__sim/health`)).json()) as Json;
    assert.equal(health.ok, true);
    await fetch(`${sim.origin}/__sim/requests`, { method: 'DELETE' });
    await get(sim, 'workflows/list');
    const log = (await (await fetch(`${sim.origin}/__sim/requests`)).json()) as { requests: Json[] };
    assert.equal(log.requests.length, 1);
    assert.equal(log.requests[0]?.path, '/v1/orchestration/workflows/list');
  });

  it('logs API requests as they arrive', async () => {
    sim.clearRequests();
    await get(sim, 'batches/list', 'statuses[]=running&statuses[]=success&isFinished=false&limit=5');
    await post(sim, 'runs/list', { batchUuid: sim.fixtures.batches.large, limit: 3 }, fault('status=503'));
    await fetch(`${sim.origin}/__sim/health`);
    const hanging = get(sim, 'tools/list', undefined, { ...fault('hang'), signal: AbortSignal.timeout(150) }).catch(() => undefined);
    await sleep(50);
    assert.equal(sim.requests.length, 3, 'control calls are not logged; hanging ones are, as they arrive');
    const [list, runs, hang] = sim.requests;
    assert.equal(list?.method, 'GET');
    assert.equal(list?.path, '/v1/orchestration/batches/list');
    assert.deepEqual(list?.query, { statuses: ['running', 'success'], isFinished: 'false', limit: '5' });
    assert.equal(list?.status, 200);
    assert.equal(list?.fault, undefined);
    assert.ok(Math.abs((list?.time ?? 0) - Date.now()) < 5000);
    assert.deepEqual(runs?.body, { batchUuid: sim.fixtures.batches.large, limit: 3 });
    assert.equal(runs?.status, 503);
    assert.equal(runs?.fault, 'status=503');
    assert.equal(hang?.status, 0);
    assert.equal(hang?.fault, 'hang');
    await hanging;
  });
});

describe('simulator restarts', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ seed: 5, stepMs: 200, scale: 50 });
  });
  after(() => sim.close());

  it('stops listening (connection refused), then starts again on the same port with its world', async () => {
    const runsBefore = (await post(sim, 'runs/count', {})).json.count;
    const created = await post(sim, 'runs', { workflowUuid: sim.fixtures.workflows.tool, data: { title: 'kept across a restart' } });
    const uuid = String((created.json.run as Json).uuid);
    sim.addFault(parseFaultRule('status=418;path=/plays/list'));
    const hanging = get(sim, 'tools/list', undefined, { headers: { 'x-sim-fault': 'hang' } }).then(
      () => 'answered',
      () => 'dropped',
    );
    await waitFor('the hanging request to arrive', () => Promise.resolve(sim.requests.some((r) => r.fault === 'hang') || undefined), 2000);
    await sim.stop();
    assert.equal(sim.listening, false);
    assert.equal(await hanging, 'dropped', 'open connections are dropped');
    const refused = await fetch(`${sim.url}/orchestration/workflows/list`).then(
      () => undefined,
      (error: unknown) => (error as { cause?: { code?: string } }).cause?.code,
    );
    assert.equal(refused, 'ECONNREFUSED');
    await sim.stop(); // twice is fine
    await sim.start();
    assert.equal(sim.listening, true);
    assert.equal((await get(sim, `runs/${uuid}`)).status, 200, 'the world is kept');
    // Batches of this world still bring their runs into being as time passes, so the whole count only grows;
    // the run made here, by its title, is the exact check.
    assert.equal((await post(sim, 'runs/count', { recordTitle: 'kept across a restart' })).json.count, 1);
    assert.ok(Number((await post(sim, 'runs/count', {})).json.count) >= Number(runsBefore) + 1, 'no run lost');
    assert.equal((await get(sim, 'plays/list')).status, 418, 'faults are kept');
    sim.clearFaults();
    await sim.start(); // started already: nothing to do
    assert.equal((await get(sim, 'plays/list')).status, 200);
  });

  it('restarts on request: POST /__sim/restart answers, is down for downMs, then back', async () => {
    for (const body of [{ downMs: -1 }, { downMs: 'soon' }, [1]]) {
      const bad = await fetch(`${sim.origin}/__sim/restart`, { method: 'POST', body: JSON.stringify(body) });
      assert.equal(bad.status, 400, JSON.stringify(body));
    }
    const reply = await fetch(`${sim.origin}/__sim/restart`, { method: 'POST', body: JSON.stringify({ downMs: 300 }) });
    assert.deepEqual([reply.status, await reply.json()], [200, { downMs: 300 }]);
    await waitFor('the simulator to go down', () => Promise.resolve(sim.listening ? undefined : true), 2000);
    await assert.rejects(fetch(`${sim.url}/orchestration/workflows/list`, { headers: { authorization: `Bearer ${sim.token}` } }));
    await waitFor('the simulator to come back', () => Promise.resolve(sim.listening || undefined), 3000);
    assert.equal((await get(sim, 'workflows/list')).status, 200);
  });

  it('cannot start again once closed', async () => {
    const other = await startSimulator({ seed: 5, scale: 10 });
    await other.close();
    await assert.rejects(other.start(), /closed/);
  });
});
