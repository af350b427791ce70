// The flows of "Compare with Last Success" and "Compare with…" against the simulator: what is asked, what
// is told, how many requests, what the diff editor is handed; and the title and rows that name runs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Run } from '../../../src/api';
import { compareWithLastSuccess, compareWithPicked, type CompareDeps } from '../../../src/compare/compareRuns';
import { comparisonTitle, runPickRows } from '../../../src/compare/presentation';
import type { RunPair } from '../../../src/runs/runComparison';
import { ScriptedPrompts, type Script } from '../support/prompts';
import { useSimulator } from '../support/simulator';

const silentLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

function deps(script: Script = () => undefined, typed?: string) {
  const shown: RunPair[] = [];
  const prompts = new ScriptedPrompts(script);
  const failures: unknown[] = [];
  const d: CompareDeps = {
    prompts,
    loaded: { loaded: () => undefined },
    log: silentLog,
    show: (pair) => {
      shown.push(pair);
      return Promise.resolve();
    },
    askRunUuid: () => Promise.resolve(typed),
    failed: (error) => failures.push(error),
  };
  return { d, shown, prompts, failures };
}

describe('compare commands against the simulator', () => {
  const sim = useSimulator();
  const requests = () => sim.requests.map((request) => `${request.method} ${request.path.replace(/^\/v1\/orchestration/, '')}`);

  test('Compare with Last Success on a failed run: the diff editor gets the newest success and the run, in 3 requests', async () => {
    const { d, shown, prompts } = deps();
    const outcome = await compareWithLastSuccess(sim.client(), { runUuid: sim.fixtures.runs.failed }, d);
    assert.equal(outcome, 'shown');
    assert.equal(shown.length, 1);
    assert.equal(shown[0]?.run.run.uuid, sim.fixtures.runs.failed);
    assert.equal(shown[0]?.baseline.run.status.raw, 'success');
    assert.equal(requests().length, 3);
    assert.deepEqual(prompts.messages, []);
  });

  test('Compare with…: the workflow’s recent runs (one runs/list), the run picked compared; the run fetched once', async () => {
    const { d, shown, prompts } = deps((asked) => (asked.kind === 'pick' ? 0 : undefined));
    const outcome = await compareWithPicked(sim.client(), { runUuid: sim.fixtures.runs.failed }, d);
    assert.equal(outcome, 'shown');
    const pick = prompts.asked.find((asked) => asked.kind === 'pick');
    assert.ok(pick && pick.kind === 'pick' && pick.items.length > 1);
    assert.equal(pick.items.at(-1)?.label, 'Another Run…');
    assert.deepEqual(
      requests().map((r) => r.replace(/[0-9a-f-]{36}/, '<uuid>')),
      ['GET /runs/<uuid>', 'POST /runs/list', 'GET /runs/<uuid>'],
      'the run, its workflow’s recent runs, the run picked',
    );
    assert.equal(shown[0]?.run.run.uuid, sim.fixtures.runs.failed);
    assert.notEqual(shown[0]?.baseline.run.uuid, sim.fixtures.runs.failed);
  });

  test('Compare with… another run typed: that run; the box closed: nothing more asked of Cargo', async () => {
    const typed = sim.fixtures.runs.succeeded;
    const lastRow = (asked: { kind: string; items?: readonly unknown[] }) => (asked.kind === 'pick' ? (asked.items?.length ?? 1) - 1 : undefined);
    const chosen = deps(lastRow, typed);
    assert.equal(await compareWithPicked(sim.client(), { runUuid: sim.fixtures.runs.failed }, chosen.d), 'shown');
    assert.equal(chosen.shown[0]?.baseline.run.uuid, typed);
    sim.clearRequests();
    const closed = deps(lastRow, undefined);
    assert.equal(await compareWithPicked(sim.client(), { runUuid: sim.fixtures.runs.failed }, closed.d), 'dismissed');
    assert.equal(requests().length, 2, 'the run and the list, nothing after the box closed');
    assert.deepEqual(closed.shown, []);
  });

  test('a failure is said once, in words, and handed on (a refused token stops the connection)', async () => {
    sim.addFault({ fault: { kind: 'status', status: 401 }, path: '/runs/' });
    const { d, shown, prompts, failures } = deps();
    const outcome = await compareWithLastSuccess(sim.client(), { runUuid: sim.fixtures.runs.failed }, d);
    assert.equal(outcome, 'failed');
    assert.deepEqual(shown, []);
    assert.equal(failures.length, 1);
    assert.equal(prompts.messages.length, 1);
    assert.match(prompts.messages[0]?.text ?? '', /^Could not compare the runs: /);
  });
});

describe('what names the runs compared', () => {
  const run = (recordTitle: string, status: string, createdAt: string, extra: Partial<Record<string, unknown>> = {}) =>
    ({ uuid: 'u', recordTitle, recordId: 'rec-1', status: { known: status, raw: status }, createdAt, errorMessage: null, ...extra }) as unknown as Run;
  const now = Date.parse('2026-12-02T12:00:00.000Z');

  test('the diff editor’s title: both runs by record, status and age; a record without a visible title by its id', () => {
    assert.equal(
      comparisonTitle(run('Atlas AI', 'success', '2026-12-02T10:00:00.000Z'), run('Atlas AI', 'error', '2026-12-02T11:55:00.000Z'), now),
      'Atlas AI (success, 2 h ago) ↔ Atlas AI (error, 5 min ago)',
    );
    assert.equal(
      comparisonTitle(run('\u200b', 'success', '2026-12-02T10:00:00.000Z'), run('', 'error', '2026-12-02T11:55:00.000Z'), now),
      'rec-1 (success, 2 h ago) ↔ rec-1 (error, 5 min ago)',
    );
  });

  test('Compare with…: a row per run (record, status and age, its error), then Another Run…', () => {
    const rows = runPickRows([run('Atlas AI', 'error', '2026-12-02T11:55:00.000Z', { uuid: 'a', errorMessage: 'Timeout' })], now);
    assert.deepEqual(rows[0], { label: 'Atlas AI', description: 'error · 5 min ago', detail: 'Timeout', runUuid: 'a' });
    assert.equal(rows[1]?.runUuid, undefined);
  });
});
