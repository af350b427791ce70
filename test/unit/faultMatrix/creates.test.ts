// Creating anything in Cargo (a run, a batch) is not idempotent, so what an error answer means is one
// rule (classifyCreateFailure): every 5xx, whatever its body, is "may or may not have started", never
// "not started", whether Cargo failed before creating it or after (the case: the run existed,
// and trying again would have started it twice); only a 4xx, Cargo's refusal, is "not started". Each
// cell: one POST in the request log, the words, and what was created (which "Look for It" finds).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CargoApiError } from '../../../src/api/errors';
import { classifyCreateFailure, findRunsStartedSince, startRun, type CreateFailure, type StartOutcome } from '../../../src/runs/runCreation';
import { parseFaultSpec } from '../../simulator';
import { useSimulator } from '../support/simulator';

const API = '/v1/orchestration';
const STATUSES = [500, 502, 503, 504] as const;
/** Before: Cargo (or a gateway) answers without creating it. After: it is created, then the answer is an error. */
const WHEN = [
  { name: 'before it is created', spec: (status: number) => `status=${status}`, created: 0 },
  { name: 'after it is created', spec: (status: number) => `status-after=${status}`, created: 1 },
] as const;

describe('creating a run or a batch, answered 5xx with a Cargo-shaped body', () => {
  const sim = useSimulator({ seed: 4, stepMs: 60_000 }, { maxRetries: 3, retryBaseDelayMs: 1 });
  const posts = (path: string) => sim.requests.filter((r) => r.method === 'POST' && r.path === path);

  const CREATES = [
    {
      name: 'create run',
      path: `${API}/runs`,
      /** How many runs of the tool workflow there are (the runs/list count). */
      count: async () => (await sim.client().listRuns({ workflowUuid: sim.fixtures.workflows.tool, limit: 1 })).count,
      create: async (): Promise<StartOutcome> =>
        startRun(sim.client(), { workflowUuid: sim.fixtures.workflows.tool, data: { email: 'jane@acme.com', __simStepMs: 60_000 } }),
    },
    {
      name: 'create batch',
      path: `${API}/batches`,
      count: async () => (await sim.client().listBatches({ workflowUuids: [sim.fixtures.workflows.tool], limit: 100 })).length,
      create: async (): Promise<CreateFailure | { kind: 'started' }> => {
        const sentAt = Date.now();
        try {
          await sim.client().createBatch({ workflowUuid: sim.fixtures.workflows.tool, data: { kind: 'records', records: [{ email: 'jane@acme.com' }] } });
          return { kind: 'started' };
        } catch (error) {
          return classifyCreateFailure(error, sentAt, 'batch');
        }
      },
    },
  ];

  for (const create of CREATES) {
    for (const when of WHEN) {
      for (const status of STATUSES) {
        test(`${create.name}, ${status} ${when.name}: may or may not have started, sent once`, async () => {
          const before = await create.count();
          sim.clearRequests();
          sim.addFault({ fault: parseFaultSpec(when.spec(status)), method: 'POST', path: `^${create.path}$`, times: 1 });
          const outcome = await create.create();
          assert.equal(outcome.kind, 'uncertain', JSON.stringify(outcome));
          assert.ok(outcome.kind === 'uncertain');
          assert.match(outcome.message, new RegExp(`HTTP ${status}.*may or may not have started\\.$`));
          assert.doesNotMatch(outcome.message, /not started|[Tt]ry again/);
          assert.equal(posts(create.path).length, 1, 'the request log shows one POST: never sent again');
          assert.equal((await create.count()) - before, when.created, 'created once, or not at all');
        });
      }
    }
  }

  test('the issue’s case: Cargo created the run, then answered 502 {"reason": "badGateway"}: Look for It finds the run', async () => {
    sim.addFault({ fault: parseFaultSpec('status-after=502'), method: 'POST', path: `^${API}/runs$`, times: 1 });
    const outcome = await startRun(sim.client(), { workflowUuid: sim.fixtures.workflows.tool, data: { email: 'found@acme.com', __simStepMs: 60_000 } });
    assert.ok(outcome.kind === 'uncertain', JSON.stringify(outcome));
    assert.equal(outcome.message, 'Cargo answered HTTP 502 (Upstream service timed out): the run may or may not have started.');
    assert.match(outcome.detail, /badGateway/, 'Cargo’s reason is kept for the log');
    const found = await findRunsStartedSince(sim.client(), sim.fixtures.workflows.tool, outcome.sentAt);
    assert.ok(
      found.some((run) => run.recordTitle === 'found@acme.com'),
      `the run that was created is among those Look for It lists: ${found.map((run) => run.recordTitle).join(', ')}`,
    );
  });

  test('a 4xx with Cargo’s reason says nothing was created: not started, and nothing was', async () => {
    const before = await CREATES[0]!.count();
    sim.addFault({ fault: parseFaultSpec('refuse=notEnoughCredits'), method: 'POST', path: `^${API}/runs$`, times: 1 });
    const outcome = await CREATES[0]!.create();
    assert.ok(outcome.kind === 'refused', JSON.stringify(outcome));
    assert.equal(outcome.reason, 'notEnoughCredits');
    assert.equal(posts(`${API}/runs`).length, 1);
    assert.equal(await CREATES[0]!.count(), before, 'nothing created');
  });

  test('a batch Cargo refuses: the same words for a batch', () => {
    const refused = classifyCreateFailure(new CargoApiError('POST /orchestration/batches', 'x', { status: 409, reason: 'somethingNew' }), 0, 'batch');
    assert.ok(refused.kind === 'refused');
    assert.match(refused.message, /^The batch was not started: /);
  });
});
