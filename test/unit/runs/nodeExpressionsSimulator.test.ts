// A run's expressions beside their values, against the simulator over real HTTP: the Qualify lead runs
// of the seeded world (their release's nodes hold expressions of both kinds; runComputedConfigs what each
// produced), the release asked once however many runs of it are read.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ReleaseNodes } from '../../../src/runs/releaseNodes';
import { runExpressions, runNodes } from '../../../src/runs/nodeExpressions';
import { emptyExpressionSpots } from '../../../src/errorInspection/emptyExpressions';
import { useSimulator } from '../support/simulator';

const sim = useSimulator();

async function expressionsOf(runUuid: string, releases = new ReleaseNodes({ onDidChange: () => ({ dispose: () => undefined }) })) {
  const client = sim.client();
  const details = await client.getRun(runUuid);
  return { details, found: runExpressions(details.run, details.runComputedConfigs, await runNodes(details.run, client, releases)) };
}

describe('expressions of the simulator’s Qualify lead runs', () => {
  test('emptyExpression: enrich’s domain (reading nodes.start.website) came out empty, and only it', async () => {
    const { details, found } = await expressionsOf(sim.fixtures.runs.emptyExpression);
    assert.equal(details.run.status.known, 'success');
    assert.equal(found.emptyCount, 1);
    const empty = found.nodes.flatMap((node) => node.fields.filter((field) => field.empty).map((field) => ({ node: node.label, ...field })));
    assert.deepEqual(
      empty.map((field) => [field.node, field.path, field.expression, field.value, field.references]),
      [['Enrich company (enrich)', ['domain'], '{{nodes.start.website}}', '', [['start', 'website']]]],
    );
    const file = JSON.stringify({ workflow: 'Qualify lead', data: { ...(details.runContext.start as object) } }, null, 2);
    const spots = emptyExpressionSpots(file, ['data'], found, details.run.executions[0]!.nodeSlug);
    assert.deepEqual(
      spots.map((spot) => [spot.key, spot.expressions.map((entry) => entry.node)]),
      [['website', ['Enrich company (enrich)']]],
    );
  });

  test('allExpressions: every expression produced a value; both kinds are there; the branch taken is named', async () => {
    const { found } = await expressionsOf(sim.fixtures.runs.allExpressions);
    assert.equal(found.emptyCount, 0);
    const fields = found.nodes.flatMap((node) => node.fields);
    assert.ok(fields.some((field) => field.kind === 'jsExpression') && fields.some((field) => field.kind === 'templateExpression'));
    assert.ok(
      fields.every((field) => field.unreadable.length === 0),
      JSON.stringify(fields.filter((field) => field.unreadable.length > 0)),
    );
    const branching = found.nodes.find((node) => node.slug === 'is_qualified');
    assert.ok(branching?.branch, 'the branch of is_qualified');
    assert.equal(branching.branch.count, 2);
    assert.match(branching.branch.next ?? '', /^(Notify sales \(notify_sales\)|Ask for review \(review_lead\))$/);
  });

  test('the release of the runs asked once for all of them', async () => {
    const releases = new ReleaseNodes({ onDidChange: () => ({ dispose: () => undefined }) });
    for (const run of [sim.fixtures.runs.emptyExpression, sim.fixtures.runs.allExpressions, sim.fixtures.runs.withChildRun]) await expressionsOf(run, releases);
    assert.equal(sim.requests.filter((request) => request.path.includes('/releases/')).length, 1);
  });
});
