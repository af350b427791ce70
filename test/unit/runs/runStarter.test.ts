// Starting runs where a person asked for them (RunStarter), and Re-run through it, against the
// simulator over real HTTP with the person's answers scripted (ScriptedPrompts): one POST per run; a
// started run kept among the runs started from VS Code, shown, counted and announced; refusals in the
// same words whoever starts; a lost answer never sent again, with "Look for It".
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Run } from '../../../src/api';
import { isFinishedRunStatus } from '../../../src/api';
import { parseFaultSpec } from '../../simulator';
import { refusalMessage } from '../../../src/runs/runCreation';
import { rerun, rerunSource, START_RUN } from '../../../src/runs/rerun';
import { RunStarter } from '../../../src/runs/runStarter';
import { startData } from '../../../src/runs/startData';
import { StartedRuns, type StartedRun, type StartedRunEntry } from '../../../src/runs/startedRuns';
import { WorkflowNames } from '../../../src/runs/workflowNames';
import { TestClients } from '../support/clients';
import { ScriptedPrompts, type Script } from '../support/prompts';
import { useSimulator } from '../support/simulator';
import { waitUntil } from '../support/timers';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const RUNS = '/v1/orchestration/runs';

describe('starting runs (RunStarter) and Re-run', () => {
  const sim = useSimulator({ seed: 17, stepMs: 40 }, { retryBaseDelayMs: 1, maxRetryDelayMs: 5, maxRetries: 0, timeoutMs: 2_000 });
  const posts = () => sim.requests.filter((r) => r.method === 'POST' && r.path === RUNS);

  const made: StartedRuns[] = [];
  // A test that fails midway leaves nothing following runs (its poller would keep the process alive).
  afterEach(() => {
    for (const started of made.splice(0)) started.dispose();
  });

  /** A starter as the extension builds it, its person's answers scripted; what it shows and asks, recorded. */
  function starter(script: Script) {
    const clients = new TestClients(sim.client());
    let entries: readonly StartedRunEntry[] = [];
    const started = new StartedRuns(
      clients,
      { read: () => entries, write: (value) => void (entries = value) },
      { intervalMs: 30, maxIntervalMs: 60, backoffFactor: 1.5 },
      quiet,
    );
    made.push(started);
    const prompts = new ScriptedPrompts(script);
    const shown: { run: Run; many: boolean }[] = [];
    let signIns = 0;
    let logShown = 0;
    const runStarter = new RunStarter({
      clients,
      started,
      prompts,
      log: quiet,
      show: (run, many) => void shown.push({ run, many }),
      signIn: () => Promise.resolve(signIns++),
      showLog: () => void logShown++,
    });
    const deps = { clients, starter: runStarter, prompts, names: new WorkflowNames(clients) };
    return { clients, started, prompts, shown, runStarter, deps, signIns: () => signIns, logShown: () => logShown };
  }

  /** The failed fixture run, as its row in the Runs view has it. */
  const failedRun = async () => (await sim.client().getRun(sim.fixtures.runs.failed)).run;
  const confirm: Script = (asked) => (asked.kind === 'message' && asked.modal ? START_RUN : undefined);

  test('Re-run asks first, then sends one POST with the same data and release; the run is kept, shown, counted and announced when it ends', async () => {
    const original = await failedRun();
    const s = starter(confirm);
    const finished: StartedRun[] = [];
    s.started.onDidFinish((run) => finished.push(run));
    sim.clearRequests();
    const outcome = await rerun(sim.client(), original, s.deps);
    assert.ok(outcome?.kind === 'started', JSON.stringify(outcome));
    const question = s.prompts.messages[0];
    assert.ok(question?.modal, 'asked first, in a dialog');
    assert.match(question.text, /^Start a new run of ".+" with the same data\?$/);
    assert.equal(posts().length, 1, 'one POST');
    const details = await sim.client().getRun(original.uuid);
    assert.deepEqual((posts()[0]?.body as { data: unknown }).data, startData(details), 'the record the run started from');
    assert.equal((posts()[0]?.body as { workflowUuid: string }).workflowUuid, original.workflowUuid);
    // Kept and followed like every run started from VS Code.
    const [kept] = s.started.list;
    assert.equal(kept?.entry.uuid, outcome.run.uuid);
    assert.equal(kept?.entry.source, rerunSource(original.uuid));
    assert.deepEqual(
      s.started.going.map((run) => run.entry.uuid),
      [outcome.run.uuid],
      'counted as going (the status bar)',
    );
    assert.deepEqual(
      s.shown.map(({ run, many }) => [run.uuid, many]),
      [[outcome.run.uuid, false]],
      'shown as cargo.afterStartingRun says',
    );
    await waitUntil('its end announced', () => finished.length > 0, 20_000);
    assert.equal(finished[0]?.entry.uuid, outcome.run.uuid);
    assert.ok(finished[0]?.run && isFinishedRunStatus(finished[0].run.status));
  });

  test('Re-run declined: nothing is sent', async () => {
    const s = starter(() => undefined);
    sim.clearRequests();
    assert.equal(await rerun(sim.client(), await failedRun(), s.deps), undefined);
    assert.equal(posts().length, 0);
    assert.equal(s.started.list.length, 0);
  });

  for (const lost of [
    { name: 'the connection reset after Cargo created it', spec: 'reset-after' },
    { name: 'Cargo created it, then answered 502 with its JSON ({"reason": "badGateway"})', spec: 'status-after=502' },
  ]) {
    test(`Re-run’s lost answer (${lost.name}) offers Look for It: never sent again, and the run found is kept and shown`, async () => {
      const original = await failedRun();
      const s = starter((asked) => {
        if (asked.kind === 'message' && asked.modal) return START_RUN;
        if (asked.kind === 'message' && asked.actions.includes('Look for It')) return 'Look for It';
        if (asked.kind === 'pick') return 0;
        return undefined;
      });
      sim.clearRequests();
      sim.addFault({ fault: parseFaultSpec(lost.spec), method: 'POST', path: `^${RUNS}$`, times: 1 });
      const outcome = await rerun(sim.client(), original, s.deps);
      assert.equal(outcome?.kind, 'uncertain');
      assert.equal(posts().length, 1, 'sent once, never again');
      const lostMessage = s.prompts.messages.find((message) => message.actions.includes('Look for It'));
      assert.ok(lostMessage, `Look for It is offered: ${JSON.stringify(s.prompts.messages)}`);
      assert.equal(lostMessage.severity, 'warning');
      assert.match(
        lostMessage.text,
        /may or may not have started\. It was not sent again, so that it cannot start twice\. Look for it among the runs of ".+" started since\?$/,
      );
      const pick = s.prompts.asked.find((asked) => asked.kind === 'pick');
      assert.ok(pick?.kind === 'pick' && pick.items.length > 0, 'the runs created since are offered');
      const [kept] = s.started.list;
      assert.ok(kept, 'the run picked is kept among the started runs');
      assert.equal(s.shown.length, 1, 'and shown');
      assert.equal(posts().length, 1, 'looking sent nothing');
    });
  }

  test('refusals: Re-run and Run in Cargo say the same words, and keep nothing', async () => {
    const s = starter(confirm);
    sim.addFault({ fault: parseFaultSpec('refuse=notEnoughCredits'), method: 'POST', path: `^${RUNS}$`, times: 2 });
    const rerunOutcome = await rerun(sim.client(), await failedRun(), s.deps);
    assert.ok(rerunOutcome?.kind === 'refused');
    const fromFile = await s.runStarter.startOne({
      client: sim.client(),
      body: { workflowUuid: sim.fixtures.workflows.tool, data: { name: 'From a file' } },
      workflowName: 'Enrich',
      source: 'lead.cargo-run.json',
    });
    assert.ok(fromFile.kind === 'refused');
    const [fromRerun, fromRunFile] = s.prompts.messages.filter((message) => message.severity === 'error');
    assert.equal(fromRerun?.text, refusalMessage(rerunOutcome.error));
    assert.equal(fromRerun?.text, fromRunFile?.text, 'the same words');
    assert.match(fromRerun?.text ?? '', /^Not enough credits/);
    assert.deepEqual(fromRerun?.actions, ['Show Log']);
    assert.equal(s.started.list.length, 0, 'nothing kept');
  });

  test('a refused token: Sign In Again signs in, and every model hears the token was refused', async () => {
    const s = starter((asked) => (asked.kind === 'message' && asked.actions.includes('Sign In Again') ? 'Sign In Again' : undefined));
    sim.addFault({ fault: parseFaultSpec('status=401'), method: 'POST', path: `^${RUNS}$`, times: 1 });
    const outcome = await s.runStarter.startOne({
      client: sim.client(),
      body: { workflowUuid: sim.fixtures.workflows.tool, data: { name: 'x' } },
      workflowName: 'Enrich',
      source: 'x.json',
    });
    assert.ok(outcome.kind === 'refused' && outcome.signIn);
    assert.equal(s.signIns(), 1);
    assert.equal(s.clients.rejections, 1);
  });

  test('the caller’s ways out of a refusal are offered with it (Run in Cargo’s Choose Workflow…)', async () => {
    let chosen = 0;
    const s = starter((asked) => (asked.kind === 'message' && asked.actions.includes('Choose Workflow…') ? 'Choose Workflow…' : undefined));
    await s.runStarter.startOne(
      { client: sim.client(), body: { workflowUuid: sim.fixtures.workflows.play, data: { name: 'x' } }, workflowName: 'A play', source: 'x.json' },
      (refused) => (refused.reason === 'playNotCompatible' ? [{ title: 'Choose Workflow…', run: () => Promise.resolve(chosen++) }] : []),
    );
    assert.deepEqual(s.prompts.messages[0]?.actions, ['Choose Workflow…', 'Show Log']);
    assert.equal(chosen, 1);
  });

  test('many records: one POST each, kept newest first with their launch, the first shown in the tree; a lost answer stops the rest and offers Look for It', async () => {
    const s = starter((asked) => (asked.kind === 'message' && asked.actions.includes('Look for It') ? 'Look for It' : asked.kind === 'pick' ? 0 : undefined));
    const items = ['a', 'b', 'c'].map((name, i) => ({
      body: { workflowUuid: sim.fixtures.workflows.tool, data: { name } },
      label: `records.json, item ${i + 1}`,
      inputPath: [i],
    }));
    const many = { client: sim.client(), workflowName: 'Enrich', source: 'records.json', documentUri: 'file:///w/records.json', items };
    sim.clearRequests();
    await s.runStarter.startMany(many);
    assert.equal(posts().length, 3, 'one POST each');
    const kept = s.started.list.map(({ entry }) => entry);
    assert.deepEqual(
      kept.map((entry) => [entry.source, entry.inputPath]),
      items.map((item) => [item.label, item.inputPath]),
      'the first item on top, each with where its data lies',
    );
    assert.equal(new Set(kept.map((entry) => entry.launch)).size, 1, 'one launch: their ends are announced together');
    assert.deepEqual(
      s.shown.map(({ run, many: several }) => [run.uuid, several]),
      [[kept[0]?.uuid, true]],
      'the first shown, as one of many (in the tree)',
    );
    assert.equal(s.prompts.messages.at(-1)?.text, 'Started 3 of 3 runs.');

    s.started.clear();
    sim.clearRequests();
    sim.addFault({ fault: parseFaultSpec('status-after=503'), method: 'POST', path: `^${RUNS}$`, times: 1 });
    // The first answer is lost: the rest is not sent (each is sent at most once).
    await s.runStarter.startMany(many);
    assert.equal(posts().length, 1);
    const summary = [...s.prompts.messages].reverse().find((message) => message.actions.includes('Show Details'));
    assert.match(summary?.text ?? '', /^Started 0 of 3 runs\. 1 may or may not have started\. 2 not sent\.$/);
    assert.equal(s.started.list.length, 1, 'the run found by Look for It is kept');
  });
});
