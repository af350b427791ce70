// A child run's panel says which run and node started it (src/runPanel/runOrigin.ts), on hand-made
// spans: at once from the run's own parentUuid, named from the trace's lineage (one spans/list, shared
// through the cache with whatever else reads the trace: the timeline), posted to the webview once, and
// "Started by …" opens the parent run at the execution that started the child.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CargoClient, ListSpansParams, SpansPage } from '../../../src/api';
import { RunOrigin } from '../../../src/runPanel/runOrigin';
import type { OpenRunOptions } from '../../../src/runs/runOpener';
import { TraceLineages } from '../../../src/runs/traceLineages';
import { TestClients } from '../support/clients';
import { at, handSpan, TRACE } from '../support/handSpans';
import { waitUntil } from '../support/timers';

const span = (runUuid: string, executionIndex: number, fields: Record<string, unknown> = {}) =>
  handSpan(runUuid, executionIndex, { recordTitle: runUuid === 'parent' ? 'Acme Corp' : 'Jane Doe', ...fields });

const SPANS = [
  span('parent', 0),
  span('parent', 1, { nodeSlug: 'enrich' }),
  span('parent', 2, { nodeUuid: 'tool-node', nodeSlug: 'find_contacts', nodeKind: 'tool', nodeRunUuid: 'child' }),
  span('child', 0, { parentRunUuid: 'parent', parentNodeUuid: 'tool-node', executionStartedAt: at(3.1) }),
];

const childRun = { uuid: 'child', parentUuid: 'parent', parentNodeUuid: 'tool-node', traceUuid: TRACE, createdAt: at(3) };

function world(fail = false) {
  const calls: ListSpansParams[] = [];
  const client = {
    listSpans: async (params: ListSpansParams): Promise<SpansPage> => {
      calls.push(params);
      if (fail) throw new Error('Cargo did not answer');
      return { spans: SPANS, count: SPANS.length };
    },
  } as unknown as CargoClient;
  const clients = new TestClients(client);
  const lineages = new TraceLineages(clients);
  let changes = 0;
  const origin = new RunOrigin({ clients, lineages, log: { debug: () => undefined } }, () => changes++);
  const opened: [string, OpenRunOptions][] = [];
  const opener = { open: (runUuid: string, options: OpenRunOptions) => void opened.push([runUuid, options]) };
  return { client, calls, lineages, origin, opened, opener, changes: () => changes };
}

describe('a child run panel: the run and node that started it', () => {
  test('"Started by Acme Corp · find_contacts", from one spans/list; it goes back to the parent run at that execution', async () => {
    const { calls, origin, opened, opener, changes } = world();
    origin.seen(childRun);
    assert.deepEqual(origin.view, { recordTitle: null, node: null }, 'said at once from the run itself');
    await waitUntil('the lineage names the origin', () => origin.view?.recordTitle !== null);
    assert.deepEqual(origin.view, { recordTitle: 'Acme Corp', node: 'find_contacts' });
    assert.equal(changes(), 2);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.traceUuid, TRACE);
    origin.seen(childRun);
    origin.seen({ ...childRun });
    assert.equal(calls.length, 1, 'asked once per panel');
    origin.open(opener);
    assert.deepEqual(opened, [['parent', { execution: 2 }]]);
  });

  test('posted to the webview once, and again to a webview loaded again', async () => {
    const { origin } = world();
    assert.equal(origin.unposted(), undefined, 'no origin: nothing to post');
    origin.seen(childRun);
    await waitUntil('named', () => origin.view?.node !== null);
    assert.deepEqual(origin.unposted(), { type: 'runOrigin', origin: { recordTitle: 'Acme Corp', node: 'find_contacts' } });
    assert.equal(origin.unposted(), undefined);
    origin.forgetPosted();
    assert.equal(origin.unposted()?.type, 'runOrigin');
  });

  test('the timeline reading the same trace costs no second request', async () => {
    const { client, calls, lineages, origin } = world();
    origin.seen(childRun);
    await lineages.lineageOf(client, { traceUuid: TRACE, startedAfter: Date.parse(childRun.createdAt) });
    await waitUntil('named', () => origin.view?.node !== null);
    assert.equal(calls.length, 1);
  });

  test('a run no run started says nothing and asks nothing', () => {
    const { calls, origin } = world();
    origin.seen({ ...childRun, parentUuid: null });
    assert.equal(origin.view, null);
    assert.equal(calls.length, 0);
  });

  test('when the lineage cannot be had, it still says another run started it, and opens that run', async () => {
    const { calls, origin, opened, opener } = world(true);
    origin.seen(childRun);
    await waitUntil('asked', () => calls.length === 1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(origin.view, { recordTitle: null, node: null });
    origin.open(opener);
    assert.deepEqual(opened, [['parent', {}]]);
  });
});
