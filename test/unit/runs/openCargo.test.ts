// "Open…" and links into VS Code, once they know what was named, against the simulator over real HTTP:
// what opens (a run's panel, a batch in the Runs view, a workflow's runs) and exactly what it costs
// (the simulator's request log). A bare uuid is looked up batch first, then workflow, then opened as a
// run by its panel: 1, 2 and 3 requests; a link that says what it names costs nothing more.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Batch } from '../../../src/api';
import { openCargoTarget, type RunsViewPlaces } from '../../../src/runs/openCargo';
import type { CargoTarget } from '../../../src/runs/cargoReference';
import { TestClients } from '../support/clients';
import { ScriptedPrompts } from '../support/prompts';
import { useSimulator } from '../support/simulator';

describe('openCargoTarget', () => {
  const sim = useSimulator({ seed: 3 });
  const client = () => sim.client({ maxRetries: 0 });

  /** A Runs view and a run opener that record what they were asked to show. */
  function places(loadedBatches: readonly string[] = []) {
    const shown: string[] = [];
    const view: RunsViewPlaces = {
      hasBatch: (uuid) => loadedBatches.includes(uuid),
      revealBatch: (uuid: string, batch?: Batch) => {
        shown.push(`batch ${uuid}${batch ? ` (fetched, of workflow ${batch.workflowUuid})` : ''}`);
        return Promise.resolve();
      },
      showWorkflow: (uuid) => {
        shown.push(`workflow ${uuid}`);
        return Promise.resolve();
      },
    };
    const opener = { open: (uuid: string) => void shown.push(`run ${uuid}`) };
    return { shown, view, opener };
  }

  async function open(target: CargoTarget, loadedBatches: readonly string[] = [], clients = new TestClients(client())) {
    const { shown, view, opener } = places(loadedBatches);
    const prompts = new ScriptedPrompts();
    const before = sim.requests.length;
    await openCargoTarget(target, { clients, opener, view, prompts });
    const requests = sim.requests.slice(before).map((r) => `${r.method} ${r.path.replace(/^.*\/orchestration\//, '')} ${r.status}`);
    return { shown, requests, messages: prompts.messages.map((m) => `${m.severity}: ${m.text}`) };
  }

  async function someBatch(): Promise<Batch> {
    const batch = (await client().listBatches({ limit: 1, hasRuns: true }))[0];
    assert.ok(batch, 'the simulator has a batch');
    return batch;
  }
  async function someRun(): Promise<string> {
    const run = (await client().listRuns({ limit: 1 })).runs[0];
    assert.ok(run, 'the simulator has a run');
    return run.uuid;
  }
  const NOWHERE = '99999999-9999-4999-8999-999999999999';

  test('a bare uuid of a batch: 1 request, then shown in the Runs view with what Cargo said of it', async () => {
    const batch = await someBatch();
    const { shown, requests, messages } = await open({ kind: 'any', uuid: batch.uuid });
    assert.deepEqual(requests, [`GET batches/${batch.uuid} 200`]);
    assert.deepEqual(shown, [`batch ${batch.uuid} (fetched, of workflow ${batch.workflowUuid})`]);
    assert.deepEqual(messages, []);
  });

  test('a bare uuid of a workflow: 2 requests (the batch not found, the workflow), then its runs shown', async () => {
    const workflow = sim.fixtures.workflows.tool;
    const { shown, requests } = await open({ kind: 'any', uuid: workflow });
    assert.deepEqual(requests, [`GET batches/${workflow} 404`, `GET workflows/${workflow} 200`]);
    assert.deepEqual(shown, [`workflow ${workflow}`]);
  });

  test('a bare uuid of a run: two small "not found", then its panel, whose one request is the run (not asked twice)', async () => {
    const run = await someRun();
    const { shown, requests } = await open({ kind: 'any', uuid: run });
    assert.deepEqual(requests, [`GET batches/${run} 404`, `GET workflows/${run} 404`]);
    assert.deepEqual(shown, [`run ${run}`]);
  });

  test('a bare uuid of a batch the view has loaded: revealed where it is, no request', async () => {
    const batch = await someBatch();
    const { shown, requests } = await open({ kind: 'any', uuid: batch.uuid }, [batch.uuid]);
    assert.deepEqual(requests, []);
    assert.deepEqual(shown, [`batch ${batch.uuid}`]);
  });

  test('links that say what they name: a run and a workflow cost no request here; a batch not loaded one', async () => {
    const run = await someRun();
    const batch = await someBatch();
    const workflow = sim.fixtures.workflows.tool;
    assert.deepEqual(await open({ kind: 'run', uuid: run }), { shown: [`run ${run}`], requests: [], messages: [] });
    assert.deepEqual(await open({ kind: 'workflow', uuid: workflow }), { shown: [`workflow ${workflow}`], requests: [], messages: [] });
    assert.deepEqual(await open({ kind: 'batch', uuid: batch.uuid }, [batch.uuid]), { shown: [`batch ${batch.uuid}`], requests: [], messages: [] });
    const fetched = await open({ kind: 'batch', uuid: batch.uuid });
    assert.deepEqual(fetched.requests, [`GET batches/${batch.uuid} 200`]);
  });

  test('a batch Cargo does not have: one request, and a warning that names it; nothing shown', async () => {
    const { shown, requests, messages } = await open({ kind: 'batch', uuid: NOWHERE });
    assert.deepEqual(requests, [`GET batches/${NOWHERE} 404`]);
    assert.deepEqual(shown, []);
    assert.deepEqual(messages, [`warning: Cargo: Open: Cargo has no batch ${NOWHERE} (or this account cannot see it).`]);
  });

  test('signed out: a batch says so; a bare uuid opens as a run, whose panel offers Sign In; nothing is asked', async () => {
    const signedOut = new TestClients();
    assert.deepEqual(await open({ kind: 'batch', uuid: NOWHERE }, [], signedOut), {
      shown: [],
      requests: [],
      messages: ['warning: Cargo: Open: Sign in to Cargo first.'],
    });
    assert.deepEqual(await open({ kind: 'any', uuid: NOWHERE }, [], signedOut), { shown: [`run ${NOWHERE}`], requests: [], messages: [] });
  });

  test('a lookup that fails otherwise (a server error) stops there with the reason: no run panel guessed', async () => {
    sim.setFaults([{ fault: { kind: 'status', status: 500 }, path: '/batches/' }]);
    const { shown, messages } = await open({ kind: 'any', uuid: NOWHERE });
    assert.deepEqual(shown, []);
    assert.equal(messages.length, 1);
    assert.match(messages[0] ?? '', /^error: Cargo: Open: could not look up 99999999-9999-4999-8999-999999999999: /);
  });
});
