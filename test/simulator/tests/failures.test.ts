// How the runs of a batch fail, over real HTTP: for a few causes (a node and an error template), with
// messages that differ in their varying parts only; GET /__sim/failures and sim.failures() report them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type FailureReport, type Simulator } from '../index';
import { placeholdersOf, VARYING, WORKFLOWS } from '../catalog';
import { HOSTILE_STRINGS } from '../hostile';
import { type Json, get, arr, allRuns, waitFor, TERMINAL, API_SIMULATOR } from './helpers';

const MISSING_BATCH = '6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f';

/** The parts a message of one cause may vary in, replaced: uuids, email addresses, 'quoted values', numbers. */
const normalized = (message: string) =>
  message
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/[^\s'"(]+@[^\s'")]+/g, '<email>')
    .replace(/'[^']*'/g, '<quoted>')
    .replace(/\d+/g, '<n>');

describe('simulator API: failures', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator(API_SIMULATOR);
  });
  after(() => sim.close());

  it("the large batch's failed runs fall into exactly 3 causes, of clearly different sizes, as /__sim/failures reports", async () => {
    const batchUuid = sim.fixtures.batches.large;
    const reply = await fetch(`${sim.origin}/__sim/failures?batchUuid=${batchUuid}`);
    assert.equal(reply.status, 200);
    const report = (await reply.json()) as FailureReport;
    assert.deepEqual(report, sim.failures(batchUuid));
    const batch = (await get(sim, `batches/${batchUuid}`)).json.batch as Json;
    assert.equal(report.failedRunsCount, batch.failedRunsCount);
    assert.equal(report.groups.length, 3);
    assert.equal(
      report.groups.reduce((n, g) => n + g.count, 0),
      report.failedRunsCount,
    );
    const [a, b, c] = report.groups.map((g) => g.count) as [number, number, number];
    assert.ok(a > b && b > c && c > 0, `sizes ${a}, ${b}, ${c}`);

    // The failed runs themselves: each in its group, failing at the group's node with a message of its template.
    const failed = await allRuns(sim, { batchUuid, statuses: ['error'] });
    assert.equal(failed.length, report.failedRunsCount);
    const groupOf = new Map(report.groups.flatMap((g) => g.runUuids.map((uuid) => [uuid, g])));
    const messages = new Map(report.groups.map((g) => [g, [] as string[]]));
    for (const run of failed) {
      const group = groupOf.get(String(run.uuid));
      assert.ok(group, 'every failed run is in a group');
      const last = arr(run.executions).at(-1) as Json;
      assert.equal(last.nodeSlug, group.nodeSlug);
      assert.equal(last.nodeUuid, group.nodeUuid);
      assert.equal(last.status, 'error');
      assert.equal(run.errorMessage, last.errorMessage);
      assert.match(String(run.errorMessage), new RegExp(group.matcher));
      messages.get(group)?.push(String(run.errorMessage));
    }
    assert.deepEqual(
      report.groups.map((g) => g.runUuids),
      report.groups.map((g) => failed.filter((r) => g.runUuids.includes(String(r.uuid))).map((r) => r.uuid)),
      'newest first, as runs/list lists them',
    );
    // One cause, one message once its varying parts are set aside; the parts themselves vary.
    for (const [group, texts] of messages) {
      assert.equal(group.sample, texts[0]);
      assert.equal(new Set(texts.map(normalized)).size, 1, `${group.nodeSlug}/${group.templateId}: ${texts.slice(0, 3).join(' | ')}`);
      assert.ok(new Set(texts).size > 1, `the messages of ${group.nodeSlug}/${group.templateId} differ in their numbers`);
      assert.ok(new Set(texts).size >= texts.length / 2, `${new Set(texts).size} distinct of ${texts.length}`);
    }
    assert.equal(new Set(report.groups.map((g) => `${g.nodeSlug} ${normalized(g.sample)}`)).size, 3, 'three distinct causes');
  });

  it('every error template varies in a number, a uuid, an email or a quoted value', () => {
    for (const workflow of WORKFLOWS) {
      for (const node of workflow.nodes) {
        const ids = node.behaviour.errors.map((t) => t.id);
        assert.equal(new Set(ids).size, ids.length, `${workflow.key}/${node.slug}: template ids are unique`);
        for (const template of node.behaviour.errors) {
          const placeholders = placeholdersOf(template.pattern);
          assert.ok(placeholders.length > 0, `${template.pattern} has a varying part`);
          for (const name of placeholders) assert.ok(name in VARYING, `${template.pattern}: {${name}}`);
        }
      }
    }
  });

  it('other batches fail for a few causes; hostile runs keep their hostile messages', async () => {
    const batches = arr((await get(sim, 'batches/list', 'limit=100')).json.batches);
    for (const batch of batches) {
      const report = sim.failures(String(batch.uuid));
      const causes = report.groups.length;
      if (batch.uuid === sim.fixtures.batches.hostile) {
        assert.ok(report.groups.every((g) => g.templateId.startsWith('hostile:')));
        const megabyte = report.groups.find((g) => g.templateId === 'hostile:megabyte');
        assert.ok(megabyte && megabyte.sample.length <= 200 && megabyte.count === 1);
        for (const group of report.groups.filter((g) => g !== megabyte)) assert.ok(HOSTILE_STRINGS.includes(group.sample), group.sample);
        const run = (await get(sim, `runs/${megabyte.runUuids[0]}`)).json.run as Json;
        assert.ok(String(run.errorMessage).length >= 1024 * 1024);
        assert.match(String(run.errorMessage), new RegExp(megabyte.matcher));
      } else {
        assert.ok(causes <= 4, `${causes} causes in batch ${String(batch.uuid)}`);
        assert.ok(causes <= report.failedRunsCount);
      }
      if (TERMINAL.has(String(batch.status))) assert.equal(report.failedRunsCount, batch.failedRunsCount);
    }
    const missing = await fetch(`${sim.origin}/__sim/failures?batchUuid=${MISSING_BATCH}`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as Json).reason, 'batchNotFound');
    assert.equal((await fetch(`${sim.origin}/__sim/failures`)).status, 400);
    assert.throws(
      () => sim.failures(MISSING_BATCH),
      (error: Error & { reason?: string }) => error.reason === 'batchNotFound',
    );
  });

  it('records with __simFailAt fail together: one cause per node, or the template __simFailWith names', async () => {
    const records = [
      ...[1, 2, 3].map((i) => ({ email: `nocompany${i}@fail.io`, __simFailAt: 'clearbit_enrich', __simFailWith: 'noCompany' })),
      ...[1, 2].map((i) => ({ email: `hubspot${i}@fail.io`, __simFailAt: 'hubspot_get_company' })),
      { email: 'fine@acme.io', __simOutcome: 'success' },
    ];
    const batchUuid = sim.startBatch({ records, stepMs: 50 });
    await waitFor(
      'the batch finished',
      async () => (TERMINAL.has(String(((await get(sim, `batches/${batchUuid}`)).json.batch as Json).status)) ? true : undefined),
      10_000,
    );
    const report = sim.failures(batchUuid);
    assert.deepEqual(
      report.groups.map((g) => [g.nodeSlug, g.count]),
      [
        ['clearbit_enrich', 3],
        ['hubspot_get_company', 2],
      ],
    );
    assert.equal(report.groups[0]?.templateId, 'noCompany');
    assert.match(report.groups[0]?.sample ?? '', /^Clearbit: no company found for domain '[^']+'$/);
  });
});
