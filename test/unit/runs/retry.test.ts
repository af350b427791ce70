// Retry Failed Runs (runs/retry.ts) against the simulator over real HTTP, the person's answers scripted:
// where the runs restart, one confirmation naming how many and from where, then exactly one POST
// /orchestration/batches per chunk of run uuids (the fewest), never sent again; Cargo's refusals in the
// user's words; a lost answer said as "may have started", with Look for It finding the batch.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Batch } from '../../../src/api';
import { MAX_RETRY_RUN_UUIDS } from '../../../src/api/limits';
import { newerRetryOf, retriedRunOf, retryRuns, type RetryDeps } from '../../../src/runs/retry';
import { RETRY_RUNS, retryBodies, retryConfirmation } from '../../../src/runs/retryRequests';
import { batchRetry, runsRetry } from '../../../src/runs/retryTargets';
import { ReleaseNodes } from '../../../src/runs/releaseNodes';
import { parseFaultSpec } from '../../simulator';
import { TestClients } from '../support/clients';
import { ScriptedPrompts, type Script } from '../support/prompts';
import { useSimulator } from '../support/simulator';

const BATCHES = '/v1/orchestration/batches';
const quiet = { info() {}, warn() {} };

describe('retry requests (pure)', () => {
  const target = { workflowUuid: 'wf', releaseUuid: 'rel', runs: { kind: 'batch', batchUuid: 'b1', failedCount: 73 } } as const;

  test('a whole batch: one body, its failed runs by batch and status, the original release, the reset as chosen', () => {
    assert.deepEqual(retryBodies(target, { from: 'lastNode' }), [
      {
        workflowUuid: 'wf',
        releaseUuid: 'rel',
        data: { kind: 'runs', filter: { kind: 'runs', batchUuid: 'b1', statuses: ['error'] }, reset: { from: 'lastNode' } },
      },
    ]);
  });

  test('runs by uuid: the fewest chunks of at most MAX_RETRY_RUN_UUIDS, each uuid once, in order; no release: the deployed one', () => {
    const uuids = Array.from({ length: 2 * MAX_RETRY_RUN_UUIDS + 50 }, (_, i) => `r${i}`);
    const bodies = retryBodies(
      { workflowUuid: 'wf', releaseUuid: null, runs: { kind: 'uuids', uuids: [...uuids, 'r0', 'r1'] } },
      { from: 'node', nodeUuid: 'n' },
    );
    assert.equal(bodies.length, 3);
    assert.deepEqual(
      bodies.map((body) => (body.data as unknown as { filter: { uuids: string[] } }).filter.uuids.length),
      [MAX_RETRY_RUN_UUIDS, MAX_RETRY_RUN_UUIDS, 50],
    );
    assert.deepEqual(
      bodies.flatMap((body) => (body.data as unknown as { filter: { uuids: string[] } }).filter.uuids),
      uuids,
    );
    for (const body of bodies) {
      assert.equal('releaseUuid' in body, false);
      assert.deepEqual((body.data as unknown as { reset: unknown }).reset, { from: 'node', nodeUuid: 'n' });
    }
  });

  test('the confirmation names the count, where from, credits, and the batches when split', () => {
    assert.deepEqual(retryConfirmation(73, 'from the node that failed', 1), {
      text: 'Retry 73 runs from the node that failed?',
      detail: 'This creates a new batch in Cargo and may use credits.',
    });
    assert.match(retryConfirmation(250, 'from the start', 3).detail, /^This creates 3 new batches in Cargo and may use credits\. .*in 3 batches\.$/);
  });

  test('targets: a batch without failures, runs none of which failed, runs of two workflows: none, with why', () => {
    assert.equal(batchRetry({ uuid: 'b', workflowUuid: 'w', releaseUuid: null, failedRunsCount: 0 }).kind, 'none');
    const run = (uuid: string, status: string, workflowUuid = 'w') => ({
      uuid,
      workflowUuid,
      releaseUuid: 'r',
      status: { known: status, raw: status } as never,
    });
    assert.equal(runsRetry([run('a', 'success')]).kind, 'none');
    assert.equal(runsRetry([run('a', 'error'), run('b', 'error', 'other')]).kind, 'none');
    const choice = runsRetry([run('a', 'error'), run('b', 'success'), run('c', 'error')]);
    assert.ok(choice.kind === 'target');
    assert.deepEqual(choice.target.runs, { kind: 'uuids', uuids: ['a', 'c'] }, 'only the runs that failed');
  });
});

describe('Retry Failed Runs against the simulator', () => {
  const sim = useSimulator({ seed: 5, stepMs: 40 }, { retryBaseDelayMs: 1, maxRetryDelayMs: 5, maxRetries: 0, timeoutMs: 2_000 });
  const posts = () => sim.requests.filter((r) => r.method === 'POST' && r.path === BATCHES);

  /** The person's answers: the restart item to pick (index), then the node (index), and whether to confirm. */
  function flow(script: Script) {
    const prompts = new ScriptedPrompts(script);
    const created: Batch[][] = [];
    const deps: RetryDeps = {
      clients: new TestClients(sim.client()),
      prompts,
      releases: new ReleaseNodes(new TestClients()),
      log: quiet,
      created: (batches) => void created.push([...batches]),
      signIn: () => Promise.resolve(),
      showLog: () => {},
    };
    return { prompts, created, deps };
  }
  const confirmFrom =
    (item: number, node?: number): Script =>
    (asked) =>
      asked.kind === 'pick' ? (asked.text.startsWith('Retry from which node') ? node : item) : asked.kind === 'message' && asked.modal ? RETRY_RUNS : undefined;

  async function toolBatchWithFailures(): Promise<Batch> {
    const batch = await sim.client().getBatch(sim.fixtures.batches.succeeded);
    assert.ok(batch.failedRunsCount > 0, 'the fixture has failed runs');
    return batch;
  }

  test('a tool batch’s failed runs, from the node that failed: one confirmation naming the count, exactly one POST with the filter and reset', async () => {
    const batch = await toolBatchWithFailures();
    const choice = batchRetry(batch);
    assert.ok(choice.kind === 'target');
    const { prompts, created, deps } = flow(confirmFrom(0));
    const outcome = await retryRuns(sim.client(), choice.target, deps);
    assert.equal(outcome?.created.length, 1, JSON.stringify(prompts.asked));
    const modal = prompts.messages.filter((m) => m.modal);
    assert.equal(modal.length, 1, 'one confirmation');
    assert.equal(modal[0]?.text, `Retry ${batch.failedRunsCount} run${batch.failedRunsCount === 1 ? '' : 's'} from the node that failed?`);
    assert.equal(posts().length, 1, 'exactly one POST');
    assert.deepEqual(posts()[0]?.body, {
      workflowUuid: batch.workflowUuid,
      ...(batch.releaseUuid ? { releaseUuid: batch.releaseUuid } : {}),
      data: { kind: 'runs', filter: { kind: 'runs', batchUuid: batch.uuid, statuses: ['error'] }, reset: { from: 'lastNode' } },
    });
    assert.equal(created.length, 1);
    const retry = created[0]?.[0];
    assert.ok(retry);
    const sentData = (posts()[0]?.body as { data: Record<string, unknown> }).data;
    assert.deepEqual({ ...retry.data, kind: retry.data?.kind.raw }, sentData, 'the new batch keeps what it retried');
    let runsCount = 0;
    for (let polls = 0; polls < 200 && runsCount < batch.failedRunsCount; polls++) {
      runsCount = (await sim.client().getBatch(retry.uuid)).runsCount;
      if (runsCount < batch.failedRunsCount) await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(runsCount, batch.failedRunsCount, 'the new batch runs the failed runs again');
    assert.equal(prompts.messages.filter((m) => !m.modal).length, 0, 'nothing else said');
  });

  test('dismissing the restart pick or the confirmation sends nothing', async () => {
    const choice = batchRetry(await toolBatchWithFailures());
    assert.ok(choice.kind === 'target');
    assert.equal(await retryRuns(sim.client(), choice.target, flow(() => undefined).deps), undefined);
    assert.equal(await retryRuns(sim.client(), choice.target, flow((asked) => (asked.kind === 'pick' ? 1 : undefined)).deps), undefined);
    assert.equal(posts().length, 0);
  });

  test('"From a node…": the release’s nodes by name (one request for them), the reset names the node picked', async () => {
    const batch = await toolBatchWithFailures();
    const choice = batchRetry(batch);
    assert.ok(choice.kind === 'target' && batch.releaseUuid);
    const { prompts, deps } = flow(confirmFrom(2, 1));
    await retryRuns(sim.client(), choice.target, deps);
    const nodes = (await sim.client().getRelease(batch.releaseUuid)).nodes ?? [];
    const pick = prompts.asked.find((asked) => asked.kind === 'pick' && asked.text.startsWith('Retry from which node'));
    assert.ok(pick?.kind === 'pick');
    assert.equal(pick.items.length, nodes.length);
    assert.equal(posts().length, 1);
    assert.deepEqual((posts()[0]?.body as { data: { reset: unknown } }).data.reset, { from: 'node', nodeUuid: nodes[1]?.uuid });
    assert.match(prompts.messages.find((m) => m.modal)?.text ?? '', /^Retry \d+ runs? from “.+”\?$/);
  });

  test('a play’s batch: Cargo refuses (invalidDataKind), said in the user’s words, no second POST', async () => {
    const batch = await sim.client().getBatch(sim.fixtures.batches.unhealthy);
    const choice = batchRetry(batch);
    assert.ok(choice.kind === 'target');
    const { prompts, created, deps } = flow(confirmFrom(0));
    const outcome = await retryRuns(sim.client(), choice.target, deps);
    assert.equal(outcome?.failure?.kind, 'refused');
    assert.equal(outcome.failure.kind === 'refused' ? outcome.failure.reason : undefined, 'invalidDataKind');
    assert.equal(posts().length, 1, 'one POST, not sent again');
    assert.equal(created.length, 0);
    const error = prompts.messages.find((m) => m.severity === 'error');
    assert.match(error?.text ?? '', /^Cargo cannot retry the runs of a play’s batch/);
  });

  test('a lost answer (502 after the batch was created): "may have started", sent once, Look for It shows the batch', async () => {
    const batch = await toolBatchWithFailures();
    const choice = batchRetry(batch);
    assert.ok(choice.kind === 'target');
    sim.addFault({ fault: parseFaultSpec('status-after=502'), method: 'POST', path: `^${BATCHES}$`, times: 1 });
    const { prompts, created, deps } = flow((asked) =>
      asked.kind === 'pick'
        ? 0
        : asked.kind === 'message'
          ? asked.modal
            ? RETRY_RUNS
            : asked.actions.includes('Look for It')
              ? 'Look for It'
              : undefined
          : undefined,
    );
    const outcome = await retryRuns(sim.client(), choice.target, deps);
    assert.equal(outcome?.failure?.kind, 'uncertain');
    assert.equal(posts().length, 1, 'never sent again');
    const warning = prompts.messages.find((m) => m.severity === 'warning' && !m.modal);
    assert.match(warning?.text ?? '', /the retry may have started\. It was not sent again/);
    const found = created[0]?.[0];
    assert.ok(found, 'Look for It found the batch');
    assert.equal(found.data?.kind.known, 'runs');
    const lists = sim.requests.filter((r) => r.path === `${BATCHES}/list`);
    assert.equal(lists.length, 1, 'one request to look for it');
  });

  test('a failed run’s newer retry: found in one request (by batch, or by uuid), the run it made of the record in one more; none for a run not retried', async () => {
    const batch = await toolBatchWithFailures();
    const failed = (await sim.client().listRuns({ batchUuid: batch.uuid, statuses: ['error'], limit: 100 })).runs;
    const [byBatch, byUuid, notRetried] = failed;
    assert.ok(byBatch && byUuid && notRetried, 'three failed runs');
    const byBatchRetry = await sim.client().createBatch({
      workflowUuid: batch.workflowUuid,
      data: { kind: 'runs', filter: { kind: 'runs', batchUuid: batch.uuid, statuses: ['error'] }, reset: { from: 'lastNode' } },
    });
    sim.clearRequests();
    assert.equal((await newerRetryOf(sim.client(), byBatch))?.uuid, byBatchRetry.uuid, 'retried with its batch’s failures');
    assert.equal(sim.requests.length, 1, 'one request');
    assert.equal(sim.requests[0]?.path, `${BATCHES}/list`);
    const byUuidRetry = await sim.client().createBatch({
      workflowUuid: batch.workflowUuid,
      data: { kind: 'runs', filter: { kind: 'runs', uuids: [byUuid.uuid] }, reset: { from: 'firstNode' } },
    });
    assert.equal((await newerRetryOf(sim.client(), byUuid))?.uuid, byUuidRetry.uuid, 'the newest retry that names it');
    assert.equal((await newerRetryOf(sim.client(), { ...notRetried, batchUuid: null }))?.uuid, undefined, 'a run no retry names');
    let made: Awaited<ReturnType<typeof retriedRunOf>>;
    for (let polls = 0; polls < 200 && !made; polls++) {
      made = await retriedRunOf(sim.client(), byUuidRetry, byUuid);
      if (!made) await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(made?.recordId, byUuid.recordId, 'the run the retry made of the same record');
    assert.equal(made?.batchUuid, byUuidRetry.uuid);
  });

  test('runs by uuid (a group, a selection): one confirmation, then the fewest POSTs of at most 100 uuids, each once', async () => {
    const runs = (await sim.client().listRuns({ workflowUuid: sim.fixtures.workflows.tool, statuses: ['error'], limit: 100 })).runs;
    const many = [...runs, ...(await sim.client().listRuns({ workflowUuid: sim.fixtures.workflows.tool, statuses: ['error'], limit: 100, offset: 100 })).runs];
    const choice = runsRetry(many);
    assert.ok(choice.kind === 'target');
    const count = new Set(many.map((run) => run.uuid)).size;
    const expected = Math.ceil(count / MAX_RETRY_RUN_UUIDS);
    sim.clearRequests();
    const { deps, created, prompts: asked } = flow(confirmFrom(0));
    await retryRuns(sim.client(), choice.target, deps);
    const modal = asked.messages.filter((m) => m.modal);
    assert.equal(modal.length, 1);
    assert.equal(posts().length, expected);
    assert.match(modal[0]?.text ?? '', new RegExp(`^Retry ${count} runs? from the node that failed\\?$`));
    if (expected > 1) assert.match(modal[0]?.detail ?? '', new RegExp(`in ${expected} batches\\.$`));
    for (const post of posts()) assert.ok((post.body as { data: { filter: { uuids: string[] } } }).data.filter.uuids.length <= MAX_RETRY_RUN_UUIDS);
    assert.equal(created[0]?.length, expected);
  });
});
