// A run's expressions beside their values, on hand-made data shaped as the contract of issue 23 says
// (release nodes with expression objects at any depth, runComputedConfigs with what each produced).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CargoClient, CargoNode, Run } from '../../../src/api';
import { expressionsIn, isEmptyValue, nodesSourceOf, runExpressions, runNodes } from '../../../src/runs/nodeExpressions';
import type { ReleaseNodesSource } from '../../../src/runs/releaseNodes';

const expression = (kind: 'jsExpression' | 'templateExpression', text: string) => ({ kind, expression: text, instructTo: 'none', fromRecipe: false });

const node = (uuid: string, slug: string, name: string | null, config: Record<string, unknown>, childrenUuids: (string | null)[] = []): CargoNode =>
  ({ uuid, slug, name, kind: 'native', config, childrenUuids }) as unknown as CargoNode;

const NODES: CargoNode[] = [
  node('n-start', 'start', 'Start', {}, ['n-enrich']),
  node(
    'n-enrich',
    'enrich',
    'Enrich company',
    {
      domain: expression('templateExpression', '{{nodes.start.website}}'),
      company: expression('jsExpression', 'nodes.start.company.trim()'),
      retries: 3,
      headers: [{ name: 'X-From', value: expression('templateExpression', 'Lead {{ nodes.start.email }}') }],
    },
    ['n-branch'],
  ),
  node('n-branch', 'is_qualified', 'Is qualified?', { condition: expression('jsExpression', 'nodes.enrich.employees >= 50') }, ['n-notify', null]),
  node('n-notify', 'notify', 'Notify sales', { text: expression('templateExpression', 'Hot: {{nodes.start.company}}') }),
  node('n-never', 'never_ran', null, { text: expression('jsExpression', 'nodes.start.company') }),
];

const execution = (nodeUuid: string, nodeSlug: string, nodeChildIndex: number | null = null) => ({ nodeUuid, nodeSlug, nodeChildIndex });
const RUN = {
  executions: [execution('n-start', 'start'), execution('n-enrich', 'enrich'), execution('n-branch', 'is_qualified', 0), execution('n-notify', 'notify')],
} as unknown as Run;

const COMPUTED = {
  start: {},
  enrich: { domain: '', company: 'Acme', retries: 3, headers: [{ name: 'X-From', value: 'Lead ada@acme.test' }] },
  is_qualified: { condition: true },
  notify: { text: 'Hot: Acme' },
};

describe('runExpressions', () => {
  test('each executed node: its fields with expressions, what each produced, the empty ones, the branch taken', () => {
    const result = runExpressions(RUN, COMPUTED, NODES);
    assert.equal(result.emptyCount, 1);
    assert.deepEqual(
      result.nodes.map((entry) => ({
        slug: entry.slug,
        label: entry.label,
        fields: entry.fields.map((f) => [f.path, f.value, f.empty]),
        branch: entry.branch,
      })),
      [
        {
          slug: 'enrich',
          label: 'Enrich company (enrich)',
          fields: [
            [['domain'], '', true],
            [['company'], 'Acme', false],
            [['headers', 0, 'value'], 'Lead ada@acme.test', false],
          ],
          branch: undefined,
        },
        {
          slug: 'is_qualified',
          label: 'Is qualified? (is_qualified)',
          fields: [[['condition'], true, false]],
          branch: { index: 0, count: 2, next: 'Notify sales (notify)' },
        },
        { slug: 'notify', label: 'Notify sales (notify)', fields: [[['text'], 'Hot: Acme', false]], branch: undefined },
      ],
    );
    const domain = result.nodes[0]!.fields[0]!;
    assert.deepEqual(domain, {
      path: ['domain'],
      kind: 'templateExpression',
      expression: '{{nodes.start.website}}',
      value: '',
      empty: true,
      references: [['start', 'website']],
      unreadable: [],
    });
  });

  test('absent, null, [] and {} come out empty; false, 0 and " " do not', () => {
    for (const value of [undefined, null, '', [], {}]) assert.equal(isEmptyValue(value), true, JSON.stringify(value));
    for (const value of [false, 0, ' ', [null], { a: null }, 'x']) assert.equal(isEmptyValue(value), false, JSON.stringify(value));
    const computed = { ...COMPUTED, enrich: { company: null, headers: [] } };
    const fields = runExpressions(RUN, computed, NODES).nodes[0]!.fields;
    assert.deepEqual(
      fields.map((f) => [f.path, f.value, f.empty]),
      [
        [['domain'], undefined, true],
        [['company'], null, true],
        [['headers', 0, 'value'], undefined, true],
      ],
    );
  });

  test('a branch into the end of the run, a branch to an unknown node, an index out of range', () => {
    const branchTo = (index: number) =>
      runExpressions({ executions: [execution('n-branch', 'is_qualified', index)] } as unknown as Run, { is_qualified: { condition: false } }, NODES).nodes[0]!
        .branch;
    assert.deepEqual(branchTo(1), { index: 1, count: 2, next: undefined });
    assert.deepEqual(branchTo(5), { index: 5, count: 2, next: undefined });
  });

  test('a node with one way on did not branch, whatever index its execution carries', () => {
    const run = { executions: [execution('n-enrich', 'enrich', 0), execution('n-branch', 'is_qualified', 1)] } as unknown as Run;
    assert.deepEqual(
      runExpressions(run, COMPUTED, NODES).nodes.map((entry) => [entry.slug, entry.branch]),
      [
        ['enrich', undefined],
        ['is_qualified', { index: 1, count: 2, next: undefined }],
      ],
    );
  });

  test('a node that did not run, or has no computed config, shows no expression; nodes are matched by uuid, else by slug', () => {
    const result = runExpressions(
      { executions: [execution('other-uuid', 'notify'), execution('n-enrich', 'enrich')] } as unknown as Run,
      { notify: { text: 'x' } },
      NODES,
    );
    assert.deepEqual(
      result.nodes.map((entry) => entry.slug),
      ['notify'],
    );
    assert.equal(result.emptyCount, 0);
  });

  test('no nodes known (the release could not be read): nothing shown', () => {
    assert.deepEqual(runExpressions(RUN, COMPUTED, []), { nodes: [], emptyCount: 0 });
  });
});

describe('expressionsIn', () => {
  test('expression objects at any depth, in the config order; look-alikes are values', () => {
    const config = {
      a: expression('jsExpression', 'nodes.x.y'),
      b: [1, [expression('templateExpression', '{{nodes.x.z}}')]],
      c: { kind: 'jsExpression', expression: 'not one: no instructTo', fromRecipe: false },
      d: { nested: { deeper: expression('jsExpression', 'nodes.q.r') } },
    };
    assert.deepEqual(
      expressionsIn(config).map((found) => [found.path, found.expression.expression]),
      [
        [['a'], 'nodes.x.y'],
        [['b', 1, 0], '{{nodes.x.z}}'],
        [['d', 'nested', 'deeper'], 'nodes.q.r'],
      ],
    );
  });

  test('a config nested thousands of levels deep: no stack overflow, the expressions near the top found', () => {
    let deep: unknown = expression('jsExpression', 'nodes.too.deep');
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const found = expressionsIn({ top: expression('jsExpression', 'nodes.top.x'), deep });
    assert.deepEqual(
      found.map((f) => f.expression.expression),
      ['nodes.top.x'],
    );
  });
});

describe('runNodes', () => {
  const client = {} as CargoClient;
  const asked: string[] = [];
  const releases: ReleaseNodesSource = {
    nodesOf: async (_client, releaseUuid) => {
      asked.push(releaseUuid);
      return NODES;
    },
  };

  test('a run with custom nodes: its own, nothing asked', async () => {
    const run = { nodes: [NODES[1]!], releaseUuid: 'r1' } as unknown as Run;
    assert.deepEqual(await runNodes(run, client, releases), [NODES[1]]);
    assert.equal(nodesSourceOf(run), undefined);
    assert.deepEqual(asked, []);
  });

  test("a run of a release: the release's nodes", async () => {
    const run = { nodes: null, releaseUuid: 'r1' } as unknown as Run;
    assert.equal(await runNodes(run, client, releases), NODES);
    assert.equal(nodesSourceOf(run), 'r1');
    assert.deepEqual(asked, ['r1']);
  });

  test('neither: no nodes', async () => {
    assert.deepEqual(await runNodes({ nodes: [], releaseUuid: null } as unknown as Run, client, releases), []);
  });
});
