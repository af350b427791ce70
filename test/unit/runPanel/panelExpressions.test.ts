// A run panel's expressions: the release's nodes asked once per panel however many live updates come
// (and not at all for a run with its own nodes), the view made from each update, posted only when it changed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CargoClient, CargoNode } from '../../../src/api';
import { CargoAuthError } from '../../../src/api/errors';
import type { ClientSource } from '../../../src/core/clientSource';
import type { LoadedRun } from '../../../src/runs/followedRun';
import type { ReleaseNodesSource } from '../../../src/runs/releaseNodes';
import { PanelExpressions, VALUE_PREVIEW_LENGTH } from '../../../src/runPanel/panelExpressions';

const template = (text: string) => ({ kind: 'templateExpression', expression: text, instructTo: 'none', fromRecipe: false });
const NODES = [
  { uuid: 'n1', slug: 'start', kind: 'native', name: 'Start', config: {} },
  { uuid: 'n2', slug: 'enrich', kind: 'connector', name: 'Enrich company', config: { domain: template('{{nodes.start.website}}') } },
] as unknown as CargoNode[];

function loaded(domain: unknown, finished: boolean, nodes: CargoNode[] | null = null): LoadedRun {
  const run = {
    releaseUuid: 'release-1',
    nodes,
    executions: [
      { nodeUuid: 'n1', nodeSlug: 'start', nodeChildIndex: null },
      { nodeUuid: 'n2', nodeSlug: 'enrich', nodeChildIndex: null },
    ],
  };
  return { details: { run, runContext: {}, runComputedConfigs: { start: {}, enrich: { domain } } }, finished } as unknown as LoadedRun;
}

function setUp(fail?: Error) {
  const asked: string[] = [];
  let changes = 0;
  let answer: () => void = () => undefined;
  const releases: ReleaseNodesSource = {
    nodesOf: (_client, releaseUuid) => {
      asked.push(releaseUuid);
      return new Promise((resolve, reject) => (answer = () => (fail ? reject(fail) : resolve(NODES))));
    },
  };
  const rejected: unknown[] = [];
  const clients = {
    current: async () => ({ kind: 'ready', client: {} as CargoClient }),
    tokenRejected: (error: unknown) => rejected.push(error),
  } as unknown as ClientSource;
  const expressions = new PanelExpressions({ clients, releases }, () => changes++);
  return { expressions, asked, answer: () => answer(), changes: () => changes, rejected };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('PanelExpressions', () => {
  test('the release asked once, after the run has arrived; live updates ask nothing more; posted only when changed', async () => {
    const { expressions, asked, answer, changes } = setUp();
    assert.equal(expressions.unposted(undefined)?.view, null, 'nothing known: null');
    assert.deepEqual(asked, [], 'nothing asked before the run arrived');
    assert.equal(expressions.unposted(loaded('', false)), undefined, 'still null while the release is on its way');
    await settle();
    answer();
    await settle();
    assert.equal(changes(), 1);
    const first = expressions.unposted(loaded('', false));
    assert.equal(first?.view?.emptyCount, 1);
    assert.equal(first?.view?.finished, false);
    assert.deepEqual(first?.view?.nodes[0]?.fields[0], {
      path: 'domain',
      kind: 'templateExpression',
      expression: '{{nodes.start.website}}',
      value: '""',
      absent: false,
      empty: true,
      reads: ['nodes.start.website'],
      unreadable: [],
    });
    assert.equal(expressions.unposted(loaded('', false)), undefined, 'the same view is not posted twice');
    for (let tick = 0; tick < 5; tick++) expressions.unposted(loaded('', tick === 4));
    assert.equal(expressions.unposted(loaded('acme.test', true))?.view?.emptyCount, 0);
    assert.deepEqual(asked, ['release-1'], 'one request for the panel');
    expressions.forgetPosted();
    assert.ok(expressions.unposted(loaded('acme.test', true)), 'a reloaded webview gets the view again');
  });

  test('a run with its own nodes: nothing asked', () => {
    const { expressions, asked } = setUp();
    assert.equal(expressions.unposted(loaded(null, true, NODES))?.view?.emptyCount, 1);
    assert.deepEqual(asked, []);
  });

  test('a long value is shown by its start', () => {
    const { expressions } = setUp();
    const value = expressions.unposted(loaded('x'.repeat(100_000), true, NODES))?.view?.nodes[0]?.fields[0]?.value;
    assert.equal(value?.length, VALUE_PREVIEW_LENGTH + 1);
  });

  test('a release that cannot be read: the panel says why, and asks no more on live updates; a refused token is noted', async () => {
    const error = new CargoAuthError('/releases/release-1', { status: 401 });
    const { expressions, asked, answer, rejected } = setUp(error);
    expressions.unposted(loaded('', false));
    await settle();
    answer();
    await settle();
    const view = expressions.unposted(loaded('', false))?.view;
    assert.match(view?.problem ?? '', /^Could not read the expressions of the run's release: Cargo rejected the API token \(HTTP 401/);
    expressions.unposted(loaded('', true));
    assert.deepEqual(asked, ['release-1']);
    assert.deepEqual(rejected, [error]);
  });
});
