// Compare with Last Success / Compare with…: which runs, for how many requests, and the two documents
// whose changed lines are exactly the keys in which the runs differ (worked out apart, from the runs
// as the simulator sends them), with the first node where they part named at the top.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunDetails } from '../../../src/api';
import { comparisonText, firstDifference, RUN_TIME, RUN_UUID } from '../../../src/runs/comparisonText';
import { lastSuccessOf, recentRunsOf, withLastSuccess, withRun, type LoadedRunSource } from '../../../src/runs/runComparison';
import { changedLineKeys, differingKeys } from '../../support/runDifferences';
import { useSimulator } from '../support/simulator';

const nothingLoaded: LoadedRunSource = { loaded: () => undefined };
const loadedFrom = (...runs: RunDetails[]): LoadedRunSource => ({ loaded: (uuid) => runs.find((details) => details.run.uuid === uuid) });

describe('run comparison against the simulator', () => {
  const sim = useSimulator();
  const requests = () => sim.requests.map((request) => `${request.method} ${request.path.replace(/^\/v1\/orchestration/, '')}`);

  test('Compare with Last Success, nothing loaded: the run, one runs/list (success, newest first, limit 1), the success: 3 requests', async () => {
    const client = sim.client();
    const failedUuid = sim.fixtures.runs.failed;
    const result = await withLastSuccess(client, { runUuid: failedUuid }, nothingLoaded);
    assert.equal(result.kind, 'pair');
    const { baseline, run } = result.kind === 'pair' ? result.pair : assert.fail();
    assert.deepEqual(requests(), [`GET /runs/${failedUuid}`, 'POST /runs/list', `GET /runs/${baseline.run.uuid}`]);
    const list = sim.requests[1]?.body as Record<string, unknown>;
    assert.deepEqual(list, { workflowUuid: run.run.workflowUuid, statuses: ['success'], limit: 1 });
    assert.equal(run.run.uuid, failedUuid);
    assert.equal(baseline.run.status.raw, 'success');
    assert.equal(baseline.run.workflowUuid, run.run.workflowUuid);
    // The newest success: checked against the whole list of the workflow's successes.
    sim.clearRequests();
    const all = await client.listRuns({ workflowUuid: run.run.workflowUuid, statuses: ['success'], limit: 100 });
    const newest = [...all.runs].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
    assert.equal(baseline.run.uuid, newest?.uuid);
  });

  test('the run known from its row: its GET and the list go together; both runs loaded: the list alone', async () => {
    const client = sim.client();
    const failed = await client.getRun(sim.fixtures.runs.failed);
    const success = await lastSuccessOf(client, failed.run);
    const successDetails = await client.getRun(success!.uuid);
    sim.clearRequests();
    const fromRow = await withLastSuccess(client, { runUuid: failed.run.uuid, run: failed.run }, nothingLoaded);
    assert.equal(fromRow.kind, 'pair');
    assert.equal(requests().length, 3);
    assert.deepEqual(requests().sort(), [`GET /runs/${failed.run.uuid}`, `GET /runs/${success!.uuid}`, 'POST /runs/list'].sort());
    sim.clearRequests();
    const loaded = await withLastSuccess(client, { runUuid: failed.run.uuid }, loadedFrom(failed, successDetails));
    assert.deepEqual(requests(), ['POST /runs/list'], 'both runs loaded: one request');
    assert.equal(loaded.kind === 'pair' && loaded.pair.baseline, successDetails);
    sim.clearRequests();
    const picked = await withRun(client, { runUuid: failed.run.uuid }, success!.uuid, loadedFrom(failed, successDetails));
    assert.deepEqual(requests(), [], 'Compare with… a loaded run, both loaded: no request');
    assert.equal(picked.baseline, successDetails);
  });

  test('the changed lines of the two documents are exactly the keys in which the runs differ; the first differing node is named', async () => {
    const client = sim.client();
    const result = await withLastSuccess(client, { runUuid: sim.fixtures.runs.failed }, nothingLoaded);
    const { baseline, run } = result.kind === 'pair' ? result.pair : assert.fail();
    const text = comparisonText(baseline, run);
    const expected = differingKeys(baseline, run);
    assert.ok(expected.size > 0);
    assert.deepEqual([...changedLineKeys(text.left, text.right)].sort(), [...expected].sort());
    // The first execution whose status differs, as the simulator has them.
    const index = run.run.executions.findIndex((execution, i) => execution.status.raw !== baseline.run.executions[i]?.status.raw);
    const slug = run.run.executions[index]?.nodeSlug ?? assert.fail();
    assert.deepEqual(text.first && { index: text.first.index, kind: text.first.kind }, { index, kind: 'status' });
    const heading = `First difference: ${slug}: status success → error`;
    assert.equal(text.left.split('\n')[0], heading);
    assert.equal(text.right.split('\n')[0], heading);
    // No uuid or time of either run itself is in its document.
    for (const [details, document] of [
      [baseline, text.left],
      [run, text.right],
    ] as const) {
      assert.ok(!document.includes(details.run.uuid), 'the run’s own uuid');
      assert.ok(!document.includes(details.run.createdAt), 'the run’s own creation time');
    }
  });

  test('a successful run compared with the last success: itself left out (limit 2)', async () => {
    const client = sim.client();
    const succeeded = await client.getRun(sim.fixtures.runs.succeeded);
    sim.clearRequests();
    const success = await lastSuccessOf(client, succeeded.run);
    assert.deepEqual(sim.requests[0]?.body, { workflowUuid: succeeded.run.workflowUuid, statuses: ['success'], limit: 2 });
    assert.ok(success);
    assert.notEqual(success.uuid, succeeded.run.uuid);
    const recent = await recentRunsOf(client, succeeded.run);
    assert.ok(recent.length > 0 && recent.every((other) => other.uuid !== succeeded.run.uuid && other.workflowUuid === succeeded.run.workflowUuid));
    assert.equal(sim.requests.length, 2, 'one runs/list each');
  });

  test('a workflow without a successful run: said so, after one runs/list', async () => {
    const client = sim.client();
    const failed = await client.getRun(sim.fixtures.runs.failed);
    // Every workflow of the simulator's world has successes: one it does not know has none.
    const elsewhere = { ...failed, run: { ...failed.run, workflowUuid: '0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b' } };
    sim.clearRequests();
    const result = await withLastSuccess(client, { runUuid: failed.run.uuid }, loadedFrom(elsewhere));
    assert.equal(result.kind, 'noSuccess');
    assert.deepEqual(requests(), ['POST /runs/list']);
  });
});

describe('run comparison of hostile runs', () => {
  const hostileSim = useSimulator({ seed: 5, hostile: true });

  test('a run nested 20,000 levels deep compares without a stack overflow, its deepest part on one line', async () => {
    const deep = hostileSim.fixtures.runs.deepContext;
    if (!deep) return assert.fail('the simulator has a deep run');
    const client = hostileSim.client();
    const details = await client.getRun(deep);
    const text = comparisonText(details, details);
    assert.equal(text.first, undefined);
    assert.equal(text.left, text.right);
    assert.ok(text.left.split('\n').length < 10_000);
  });
});

describe('what the documents leave out, and the first difference', () => {
  const details = (
    uuid: string,
    createdAt: string,
    executions: { slug: string; status: string; branch?: number }[],
    configs: Record<string, unknown>,
  ): RunDetails =>
    ({
      run: {
        uuid,
        workflowUuid: 'w',
        recordId: 'r',
        recordTitle: 't',
        status: { known: 'success', raw: 'success' },
        errorMessage: null,
        createdAt,
        updatedAt: new Date(Date.parse(createdAt) + 60_000).toISOString(),
        finishedAt: new Date(Date.parse(createdAt) + 60_000).toISOString(),
        nodes: [{ uuid: 'n-b', slug: 'b', name: 'Branch on size' }],
        executions: executions.map((e) => ({
          nodeUuid: `n-${e.slug}`,
          nodeSlug: e.slug,
          status: { known: e.status, raw: e.status },
          nodeChildIndex: e.branch ?? null,
          errorMessage: null,
        })),
      },
      runContext: { a: { id: uuid } },
      runComputedConfigs: configs,
    }) as unknown as RunDetails;

  test('the run’s own uuid and times read the same in both documents; a time outside the run stays', () => {
    const one = details('11111111-1111-4111-8111-111111111111', '2026-12-01T10:00:00.000Z', [{ slug: 'a', status: 'success' }], {
      a: { at: '2026-12-01T10:00:30.000Z', birthday: '1990-01-01T00:00:00.000Z' },
    });
    const two = details('22222222-2222-4222-8222-222222222222', '2026-12-02T10:00:00.000Z', [{ slug: 'a', status: 'success' }], {
      a: { at: '2026-12-02T10:00:30.000Z', birthday: '1990-01-01T00:00:00.000Z' },
    });
    const text = comparisonText(one, two);
    assert.equal(text.left, text.right);
    assert.ok(text.left.includes(`nodes.a.config.at = ${JSON.stringify(RUN_TIME)}`));
    assert.ok(text.left.includes(`input.id = ${JSON.stringify(RUN_UUID)}`));
    assert.ok(text.left.includes('nodes.a.config.birthday = "1990-01-01T00:00:00.000Z"'));
    assert.equal(text.first, undefined);
  });

  test('the first difference: a branch, a config, another node reached, a node run in one only — each named by its label', () => {
    const run = (executions: { slug: string; status: string; branch?: number }[], configs: Record<string, unknown> = {}) =>
      details('11111111-1111-4111-8111-111111111111', '2026-12-01T10:00:00.000Z', executions, configs);
    const base = [
      { slug: 'a', status: 'success', branch: 0 },
      { slug: 'b', status: 'success', branch: 0 },
    ];
    assert.deepEqual(firstDifference(run(base), run([base[0]!, { slug: 'b', status: 'success', branch: 1 }])), {
      index: 1,
      nodeLabel: 'Branch on size (b)',
      kind: 'branch',
      left: '0',
      right: '1',
    });
    assert.equal(firstDifference(run(base, { b: { size: 1 } }), run(base, { b: { size: 2 } }))?.kind, 'config');
    assert.equal(firstDifference(run(base, { b: { size: 1 } }), run(base, { b: { size: 1 } })), undefined);
    assert.deepEqual(firstDifference(run(base), run([base[0]!, { slug: 'c', status: 'success' }]))?.kind, 'path');
    assert.deepEqual(firstDifference(run(base), run([base[0]!])), {
      index: 1,
      nodeLabel: 'Branch on size (b)',
      kind: 'missing',
      left: 'run',
      right: 'not run',
    });
  });

  test('invisible characters and line separators in data show as escapes; keys and values stay one line each', () => {
    const hostile = details('11111111-1111-4111-8111-111111111111', '2026-12-01T10:00:00.000Z', [{ slug: 'a', status: 'success' }], {
      a: { 'key\u202Eevil\nline': 'value\u2028next\u200bzero\u0007bell' },
    });
    const text = comparisonText(hostile, hostile).left;
    assert.ok(text.includes('nodes.a.config["key\\u202Eevil\\nline"] = "value\\u2028next\\u200Bzero\\u0007bell"'), text);
    // eslint-disable-next-line no-control-regex -- the bell must not be left in the document
    assert.doesNotMatch(text, /[\u2028\u2029\u200b\u202e\u0007]/);
  });
});

describe('long values', () => {
  test('a value longer than a screen is cut, with its length and a checksum of the whole: two that differ past the cut still differ', () => {
    const long = (tail: string) =>
      ({
        run: {
          uuid: 'u',
          workflowUuid: 'w',
          recordId: 'r',
          recordTitle: 't',
          status: { known: 'success', raw: 'success' },
          errorMessage: null,
          createdAt: '2026-12-01T10:00:00.000Z',
          updatedAt: '2026-12-01T10:01:00.000Z',
          executions: [{ nodeUuid: 'n', nodeSlug: 'a', status: { known: 'success', raw: 'success' }, nodeChildIndex: null, errorMessage: null }],
        },
        runContext: {},
        runComputedConfigs: { a: { text: `${'x'.repeat(50_000)}${tail}` } },
      }) as unknown as RunDetails;
    const text = comparisonText(long('1'), long('2'));
    const line = (document: string) => document.split('\n').find((l) => l.startsWith('nodes.a.config.text = ')) ?? '';
    assert.ok(line(text.left).length < 10_100);
    assert.match(line(text.left), /… \(50,003 characters, checksum [0-9a-f]{8}\)$/);
    assert.notEqual(line(text.left), line(text.right));
    assert.equal(text.first?.kind, 'config');
  });
});
