// The run panel's data against the simulator over real HTTP: execution times from spans, node
// digests, the signature that decides whether a live update changed anything, and workflow names.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSimulator } from '../support/simulator';
import { type CargoClientOptions } from '../../../src/api/client';
import { BodyText, known, type Run, type RunDetails, type Span } from '../../../src/api';
import { fetchRunSpans, needsSpans } from '../../../src/runs/spans';
import { WorkflowNames } from '../../../src/runs/workflowNames';
import { RunValues, toRunView, viewSignature } from '../../../src/runPanel/runView';
import { RunBodyReader } from '../../../src/api/runBody';
import type { NodeJson } from '../../../src/shared/protocol';
import { TestClients } from '../support/clients';
import { parseToWebview } from '../../../src/shared/protocol';

describe('run view', () => {
  const sim = useSimulator({ seed: 3, stepMs: 100, bigContextBytes: 300_000 });
  const client = (options: Partial<CargoClientOptions> = {}) => sim.client({ retryBaseDelayMs: 1, ...options });
  const requestsTo = (pathPart: string) => sim.requests.filter((request) => request.path.includes(pathPart));

  /** The run as Cargo sends it when executions lack their times. */
  function withoutTimes(details: RunDetails): RunDetails {
    const copy = structuredClone(details);
    for (const execution of copy.run.executions) {
      execution.startedAt = null;
      delete execution.finishedAt;
    }
    return copy;
  }

  describe('execution times from spans', () => {
    test('a run whose executions lack their times takes them from its spans, and its durations from those', async () => {
      const uuid = sim.fixtures.runs.succeeded;
      const details = await client().getRun(uuid);
      assert.ok(details.run.executions.length > 1);
      assert.equal(needsSpans(details.run), false);
      // drift=nulls: Cargo's own nulls on this one answer (startedAt, finishedAt, nodeChildIndex…).
      const bare = await client({ headers: { 'x-sim-fault': 'drift=nulls' } }).getRun(uuid);
      assert.ok(bare.run.executions.every((execution) => execution.startedAt === null && execution.finishedAt === null));
      assert.ok(needsSpans(bare.run));

      const spans = await fetchRunSpans(client(), bare.run);
      assert.equal(spans.length, details.run.executions.length);
      const now = Date.now();
      const expected = toRunView(details, {}, now);
      const view = toRunView(bare, { spans }, now);
      assert.deepEqual(
        view.executions.map(({ startedAt, finishedAt, duration }) => ({ startedAt, finishedAt, duration })),
        expected.executions.map(({ startedAt, finishedAt, duration }) => ({ startedAt, finishedAt, duration })),
      );
      assert.ok(view.executions.every((execution) => execution.startedAt && execution.finishedAt && execution.duration !== ''));
      // Without spans the same run has no times to show.
      assert.ok(toRunView(bare, {}, now).executions.every((execution) => execution.startedAt === null && execution.duration === ''));
    });

    test("the run's own times win over its spans'", async () => {
      const details = await client().getRun(sim.fixtures.runs.failed);
      const spans = await fetchRunSpans(client(), details.run);
      const hourLater = (iso: string | null | undefined) => (iso ? new Date(Date.parse(iso) + 3_600_000).toISOString() : iso);
      const shifted = spans.map((span) => ({
        ...span,
        executionStartedAt: hourLater(span.executionStartedAt) ?? '',
        executionFinishedAt: hourLater(span.executionFinishedAt),
      }));
      const now = Date.now();
      assert.deepEqual(toRunView(details, { spans: shifted }, now).executions, toRunView(details, {}, now).executions);
      // Only the missing half comes from the span: a start of its own keeps it, the end is the span's.
      const halfBare = structuredClone(details);
      const first = halfBare.run.executions[0];
      assert.ok(first?.finishedAt);
      first.finishedAt = null;
      const [execution] = toRunView(halfBare, { spans: shifted }, now).executions;
      assert.equal(execution?.startedAt, details.run.executions[0]?.startedAt);
      assert.equal(execution?.finishedAt, hourLater(details.run.executions[0]?.finishedAt));
    });

    test('a node executed several times pairs its executions with its spans by executionIndex', async () => {
      const details = await client().getRun(sim.fixtures.runs.succeeded);
      const [span] = (await fetchRunSpans(client(), details.run)).filter((s) => s.executionIndex === 0);
      const [execution] = withoutTimes(details).run.executions;
      assert.ok(span && execution);
      // The same node three times; its spans arrive newest first, as spans/list sends them.
      const at = (minutes: number) => new Date(Date.parse(span.executionStartedAt) + minutes * 60_000).toISOString();
      const repeated: RunDetails = { ...details, run: { ...details.run, executions: [execution, execution, execution] } };
      const spans: Span[] = [2, 1, 0].map((index) => ({
        ...span,
        executionIndex: index,
        executionStartedAt: at(index * 10),
        executionFinishedAt: at(index * 10 + 1),
      }));
      const view = toRunView(repeated, { spans });
      assert.deepEqual(
        view.executions.map((e) => [e.startedAt, e.finishedAt, e.duration]),
        [0, 1, 2].map((index) => [at(index * 10), at(index * 10 + 1), '1 min']),
      );
      // A span of another branch of the node (nodeChildIndex) is not this execution's.
      const branched: RunDetails = { ...details, run: { ...details.run, executions: [{ ...execution, nodeChildIndex: 0 }] } };
      assert.equal(toRunView(branched, { spans: [{ ...span, nodeChildIndex: 1 }] }).executions[0]?.startedAt, null);
      assert.equal(toRunView(branched, { spans: [{ ...span, nodeChildIndex: null }] }).executions[0]?.startedAt, span.executionStartedAt);
    });

    test("fetchRunSpans pages through all of a run's spans, and only that run's", async () => {
      const details = await client().getRun(sim.fixtures.runs.succeeded);
      const all = await fetchRunSpans(client(), details.run);
      sim.clearRequests();
      const paged = await fetchRunSpans(client(), details.run, undefined, 2);
      const byIndex = (spans: Span[]) => [...spans].sort((a, b) => a.executionIndex - b.executionIndex);
      assert.deepEqual(byIndex(paged), byIndex(all));
      assert.ok(all.every((span) => span.runUuid === details.run.uuid));
      const requests = requestsTo('/spans/list');
      assert.equal(requests.length, Math.ceil(all.length / 2));
      const body = requests[0]?.body as { runUuid?: string; executionStartedAfter?: string; limit?: number };
      assert.equal(body.runUuid, details.run.uuid);
      assert.equal(body.executionStartedAfter, new Date(Date.parse(details.run.createdAt) - 60_000).toISOString());
      assert.equal(body.limit, 2);
    });
  });

  describe('node digests and the view signature', () => {
    test('the same value has the same digest; a changed value another; the view still passes the webview check', async () => {
      const uuid = sim.fixtures.runs.failed;
      const [first, second] = [toRunView(await client().getRun(uuid)), toRunView(await client().getRun(uuid))];
      assert.ok(first.context.length > 1);
      assert.deepEqual(
        first.context.map((node) => node.digest),
        second.context.map((node) => node.digest),
      );
      assert.ok(first.context.every((node) => /^[A-Za-z0-9_-]{16}$/.test(node.digest)));

      const details = await client().getRun(uuid);
      const [slug] = Object.keys(details.runContext);
      assert.ok(slug);
      const changed = toRunView({ ...details, runContext: { ...details.runContext, [slug]: { changed: true } } });
      const digests = (view: typeof first) => new Map(view.context.map((node) => [node.slug, node.digest]));
      assert.notEqual(digests(changed).get(slug), digests(first).get(slug));
      for (const node of first.context) if (node.slug !== slug) assert.equal(digests(changed).get(node.slug), node.digest);

      const named = toRunView(details, { workflowName: 'Enrich leads' });
      assert.equal(named.workflowName, 'Enrich leads');
      assert.equal(first.workflowName, null);
      const message = JSON.parse(JSON.stringify({ type: 'runLoaded', run: named })) as unknown;
      assert.deepEqual(parseToWebview(message), message);
    });

    test('a large value left out of the view still has a digest, and the signature stands for it', async () => {
      const uuid = sim.fixtures.runs.bigContext;
      assert.ok(uuid);
      const details = await client().getRun(uuid);
      const view = toRunView(details);
      const large = view.context.find((node) => node.value === undefined);
      assert.ok(large);
      assert.match(large.digest, /^[A-Za-z0-9_-]{16}$/);
      assert.ok(viewSignature(view).length < 100_000, 'the signature carries digests, not values');
      const changed = toRunView({ ...details, runContext: { ...details.runContext, [large.slug]: 'replaced' } });
      assert.notEqual(viewSignature(changed), viewSignature(view));
    });

    test('the signature ignores the clock, and sees a change of status, times or values', async () => {
      // The succeeded run as it was before it finished: its duration runs up to now.
      const details = structuredClone(await client().getRun(sim.fixtures.runs.succeeded));
      details.run.finishedAt = null;
      details.run.status = known('running');
      const now = Date.now();
      const view = toRunView(details, {}, now);
      const later = toRunView(details, {}, now + 60_000);
      assert.notEqual(later.duration, view.duration, 'a running run’s duration follows the clock');
      assert.equal(viewSignature(later), viewSignature(view));
      assert.equal(viewSignature(toRunView(details, { workflowName: null }, now)), viewSignature(view));
      assert.notEqual(viewSignature(toRunView(details, { workflowName: 'Named' }, now)), viewSignature(view));
      assert.notEqual(viewSignature(toRunView({ ...details, runComputedConfigs: { ...details.runComputedConfigs, extra: 1 } }, {}, now)), viewSignature(view));
      const stripped = withoutTimes(details);
      assert.notEqual(viewSignature(toRunView(stripped, {}, now)), viewSignature(view));
    });

    test('a live run changes its signature as it goes on; a finished one does not', async () => {
      const batch = sim.startBatch({ workflowUuid: sim.fixtures.workflows.tool, records: 1, stepMs: 150 });
      let run: Run | undefined;
      // The batch's runs appear a step after it was created.
      for (let i = 0; i < 50 && !run; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        run = (await client().listRuns({ batchUuid: batch })).runs[0];
      }
      assert.ok(run);
      const signatures: string[] = [];
      let finished = false;
      for (let i = 0; i < 100 && !finished; i++) {
        const view = toRunView(await client().getRun(run.uuid));
        if (signatures.at(-1) !== viewSignature(view)) signatures.push(viewSignature(view));
        finished = view.finished;
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      assert.ok(finished, 'the run finished');
      assert.ok(signatures.length > 2, `the signature changed ${signatures.length - 1} times`);
      const settled = viewSignature(toRunView(await client().getRun(run.uuid)));
      assert.equal(settled, signatures.at(-1));
    });
  });

  describe('values across fetches (RunValues)', () => {
    test('a node whose text is unchanged keeps its entry; a changed or new one gets a new digest; the values are those of toRunView', async () => {
      const uuid = sim.fixtures.runs.bigContext;
      assert.ok(uuid);
      const values = new RunValues();
      const first = values.update(await client().getRunAsSent(uuid));
      const again = values.update(await client().getRunAsSent(uuid));
      assert.ok(first.context.length > 1);
      first.context.forEach((node, i) => assert.equal(again.context[i], node, `${node.slug}: the same entry`));
      first.computedConfigs.forEach((node, i) => assert.equal(again.computedConfigs[i], node));
      // Sizes and inline values as toRunView has them; digests differ within the run only when the values do.
      const whole = toRunView(await client().getRun(uuid));
      const shape = (nodes: readonly NodeJson[]) => nodes.map(({ slug, size, value }) => ({ slug, size, value }));
      assert.deepEqual(shape(first.context), shape(whole.context));
      assert.deepEqual(shape(first.computedConfigs), shape(whole.computedConfigs));
      assert.equal(new Set(first.context.map((node) => node.digest)).size, first.context.length);

      // One node changes, one appears: only they get new digests.
      const sent = await client().getRunAsSent(uuid);
      const [changedSlug] = Object.keys(sent.details.runContext);
      assert.ok(changedSlug);
      const body = JSON.parse(sent.text) as { runContext: Record<string, unknown> };
      body.runContext[changedSlug] = { changed: true };
      body.runContext.added = [1, 2, 3];
      const text = JSON.stringify(body);
      const reader = new RunBodyReader();
      reader.push(text);
      const changed = values.update({
        details: { ...sent.details, runContext: body.runContext },
        body: BodyText.of(text),
        layout: reader.layout(text.length),
      });
      for (const node of changed.context) {
        const before = first.context.find((candidate) => candidate.slug === node.slug);
        if (node.slug === changedSlug || node.slug === 'added') assert.notEqual(node.digest, before?.digest, node.slug);
        else assert.equal(node, before, node.slug);
      }
      assert.deepEqual(changed.context.find((node) => node.slug === 'added')?.value, [1, 2, 3]);
    });

    test('a body without a layout is read as toRunView reads it; a node nested too deeply to show says so', async () => {
      const sent = await client().getRunAsSent(sim.fixtures.runs.failed);
      const values = new RunValues();
      assert.deepEqual(values.update({ ...sent, layout: undefined }).context, toRunView(sent.details).context);
      const deep = `${'{"level":'.repeat(20_000)}"bottom"${'}'.repeat(20_000)}`;
      const text = sent.text.replace('"runContext":{', `"runContext":{"deep_output":${deep},`);
      const reader = new RunBodyReader();
      reader.push(text);
      const details = { ...sent.details, runContext: { deep_output: JSON.parse(deep) as unknown, ...sent.details.runContext } };
      const node = values
        .update({ details, body: BodyText.of(text), layout: reader.layout(text.length) })
        .context.find((entry) => entry.slug === 'deep_output');
      assert.match(node?.problem ?? '', /too deeply/);
      assert.equal(node?.value, undefined);
    });
  });

  describe('unusual runs', () => {
    test('a node nested too deeply to render says so in its place; the rest of the run shows', async () => {
      const details = await client().getRun(sim.fixtures.runs.failed);
      const deep = JSON.parse(`${'{"level":'.repeat(20_000)}"bottom"${'}'.repeat(20_000)}`) as unknown;
      const withDeep: RunDetails = { ...details, runContext: { ...details.runContext, deep_output: deep } };
      const view = toRunView(withDeep);
      assert.equal(view.executions.length, details.run.executions.length, 'the executions show');
      assert.equal(view.recordTitle, details.run.recordTitle, 'the header shows');
      const node = view.context.find((entry) => entry.slug === 'deep_output');
      assert.ok(node, 'the deep node is listed');
      assert.equal(node.value, undefined);
      assert.match(node.problem ?? '', /too deep/);
      const others = view.context.filter((entry) => entry.slug !== 'deep_output');
      assert.deepEqual(
        others.map((entry) => entry.slug),
        Object.keys(details.runContext),
      );
      assert.ok(others.every((entry) => entry.problem === undefined));
      const message = JSON.parse(JSON.stringify({ type: 'runLoaded', run: view })) as unknown;
      assert.deepEqual(parseToWebview(message), message, 'the webview accepts it');
    });

    test('a finished run without finishedAt is finished, time unknown: its duration does not count on', async () => {
      const details = structuredClone(await client().getRun(sim.fixtures.runs.failed));
      details.run.finishedAt = null;
      const now = Date.now();
      const view = toRunView(details, {}, now);
      assert.equal(view.finished, true);
      assert.equal(view.duration, '');
      assert.equal(viewSignature(toRunView(details, {}, now + 3_600_000)), viewSignature(view));
      assert.equal(toRunView(details, {}, now + 3_600_000).duration, '');
    });
  });

  describe('workflow names', () => {
    test('a workflow is named after the tool or play that owns it, looked up once per connection', async () => {
      const { tool, play } = sim.fixtures.workflows;
      const tools = await client().listTools();
      const plays = await client().listPlays();
      sim.clearRequests();
      const clients = new TestClients(client());
      const names = new WorkflowNames(clients);
      const [toolName, playName] = await Promise.all([names.nameOf(tool), names.nameOf(play)]);
      assert.equal(toolName, tools.find((t) => t.workflowUuid === tool)?.name);
      assert.equal(playName, plays.find((p) => p.workflowUuid === play)?.name);
      assert.equal(await names.nameOf(tool), toolName);
      assert.equal(requestsTo('/plays/list').length, 1);
      assert.equal(requestsTo('/tools/list').length, 1);
      // A workflow no play or tool owns has no name, and is not asked about again.
      assert.equal(await names.nameOf('00000000-0000-4000-8000-000000000000'), null);
      assert.equal(await names.nameOf('00000000-0000-4000-8000-000000000000'), null);
      assert.equal(requestsTo('/tools/list').length, 1);
      // Another connection (a sign-in) asks again: the names may differ there.
      clients.signIn(client());
      assert.equal(await names.nameOf(tool), toolName);
      assert.equal(requestsTo('/tools/list').length, 2);
      names.dispose();
    });

    test('a failed lookup answers null, says why, and is kept for that workflow only', async () => {
      const { tool, play } = sim.fixtures.workflows;
      sim.addFault({ fault: { kind: 'status', status: 500 }, path: '/tools/list', times: 1 });
      const failures: string[] = [];
      const names = new WorkflowNames(new TestClients(client({ maxRetries: 0 })), (workflowUuid) => failures.push(workflowUuid));
      assert.equal(await names.nameOf(tool), null);
      assert.deepEqual(failures, [tool]);
      assert.equal(await names.nameOf(tool), null, 'kept: not asked again on every poll');
      assert.equal(requestsTo('/tools/list').length, 1);
      // Another workflow asks again, and gets its name.
      assert.equal(typeof (await names.nameOf(play)), 'string');
      assert.equal(requestsTo('/tools/list').length, 2);
      names.dispose();
    });
  });
});
