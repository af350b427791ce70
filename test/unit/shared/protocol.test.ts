// The run panel's view model and message checks, against runs from the simulator over real HTTP.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSimulator } from '../support/simulator';
import { INLINE_NODE_LIMIT, runHeaderView, toRunView } from '../../../src/runPanel/runView';
import {
  MAX_COPY_LENGTH,
  panelState,
  parsePanelState,
  parseToExtension,
  parseToWebview,
  runLocatorOfState,
  runUuidOfState,
} from '../../../src/shared/protocol';

describe('run panel protocol', () => {
  const sim = useSimulator({ seed: 1, hostile: true, bigContextBytes: 1_000_000 });
  const client = () => sim.client();

  test('a failed run becomes a RunView that survives JSON and passes the webview check', async () => {
    const view = toRunView(await client().getRun(sim.fixtures.runs.failed));
    assert.equal(view.status, 'error');
    assert.ok(view.failed);
    assert.ok(view.executions.some((execution) => execution.failed && execution.errorMessage));
    assert.ok(view.context.length > 0 && view.context.every((node) => node.value !== undefined));
    const message = JSON.parse(JSON.stringify({ type: 'runLoaded', run: view })) as unknown;
    assert.deepEqual(parseToWebview(message), message);
  });

  test('large node values are left out of the first message, with their size', async () => {
    const uuid = sim.fixtures.runs.bigContext;
    assert.ok(uuid);
    const view = toRunView(await client().getRun(uuid));
    const large = view.context.filter((node) => node.value === undefined);
    assert.ok(large.length > 0);
    assert.ok(large.every((node) => node.size > INLINE_NODE_LIMIT));
    assert.ok(parseToWebview({ type: 'runLoaded', run: view }));
  });

  test('a view without node digests or without workflowName is refused by the webview', async () => {
    const view = toRunView(await client().getRun(sim.fixtures.runs.succeeded), { workflowName: 'Enrich leads' });
    assert.ok(parseToWebview({ type: 'runLoaded', run: view }));
    const { workflowName: _workflowName, ...unnamed } = view;
    assert.equal(parseToWebview({ type: 'runLoaded', run: unnamed }), undefined);
    const undigested = { ...view, context: view.context.map(({ digest: _digest, ...node }) => node) };
    assert.ok(view.context.length > 0);
    assert.equal(parseToWebview({ type: 'runLoaded', run: undigested }), undefined);
  });

  test('a header before its context (context and configs null), and the status of their download, pass the webview check; wrong ones do not', async () => {
    const details = await client().getRun(sim.fixtures.runs.failed);
    const header = runHeaderView(details.run, { workflowName: 'Enrich leads' });
    assert.equal(header.context, null);
    assert.equal(header.computedConfigs, null);
    assert.deepEqual(header.executions, toRunView(details, { workflowName: 'Enrich leads' }).executions, 'the same executions as the whole run');
    const message = JSON.parse(JSON.stringify({ type: 'runLoaded', run: header })) as unknown;
    assert.deepEqual(parseToWebview(message), message);
    for (const status of [
      null,
      { kind: 'loading', receivedBytes: 12 * 1024 * 1024, totalBytes: 50 * 1024 * 1024 },
      { kind: 'loading', receivedBytes: 0, totalBytes: null },
      { kind: 'failed', message: 'Could not load the context and computed configs: HTTP 500.', signIn: false },
    ]) {
      assert.deepEqual(parseToWebview({ type: 'valuesStatus', status }), { type: 'valuesStatus', status });
    }
    for (const status of [
      { kind: 'loading', receivedBytes: '1' },
      { kind: 'loading', receivedBytes: 1 },
      { kind: 'failed', message: 'x' },
      { kind: 'other' },
      'loading',
    ]) {
      assert.equal(parseToWebview({ type: 'valuesStatus', status }), undefined, JSON.stringify(status));
    }
    assert.equal(parseToWebview({ type: 'runLoaded', run: { ...header, context: undefined } }), undefined);
    assert.deepEqual(parseToExtension({ type: 'valuesRendered' }), { type: 'valuesRendered' });
  });

  test('messages of the wrong shape are refused on both sides', () => {
    assert.equal(parseToExtension({ type: 'copy', text: 42 }), undefined);
    assert.equal(parseToExtension({ type: 'loadNode', section: 'elsewhere', slug: 'x' }), undefined);
    assert.equal(parseToExtension('ready'), undefined);
    assert.deepEqual(parseToExtension({ type: 'ready', extra: 1 }), { type: 'ready' });
    assert.deepEqual(parseToExtension({ type: 'rendered' }), { type: 'rendered' });
    assert.equal(parseToWebview({ type: 'runLoaded', run: { uuid: 'x' } }), undefined);
    assert.equal(parseToWebview({ type: 'loadFailed' }), undefined);
    assert.equal(parseToWebview({ type: 'loadFailed', message: 'x' }), undefined);
    assert.deepEqual(parseToWebview({ type: 'loadFailed', message: 'Sign in', signedOut: true }), { type: 'loadFailed', message: 'Sign in', signedOut: true });
    const stale = { kind: 'stale', message: 'HTTP 503', signIn: false, lastUpdatedAt: '2026-12-02T03:00:00.000Z' };
    assert.deepEqual(parseToWebview({ type: 'liveStatus', problem: stale }), { type: 'liveStatus', problem: stale });
    assert.deepEqual(parseToWebview({ type: 'liveStatus', problem: null }), { type: 'liveStatus', problem: null });
    assert.equal(parseToWebview({ type: 'liveStatus', problem: { ...stale, kind: 'other' } }), undefined);
    assert.equal(parseToWebview({ type: 'liveStatus', problem: { ...stale, signIn: 'yes' } }), undefined);
    assert.equal(parseToWebview({ type: 'liveStatus' }), undefined);
    assert.equal(parsePanelState({ scrollY: 0 }), undefined);
    assert.deepEqual(
      parsePanelState({
        runUuid: 'r',
        scrollY: 12,
        open: [
          { section: 'context', slug: 's', keys: ['a', 0] },
          { section: 'x', slug: 's', keys: [] },
        ],
        raw: ['configs', 'other'],
      }),
      {
        runUuid: 'r',
        scrollY: 12,
        open: [{ section: 'context', slug: 's', keys: ['a', 0] }],
        query: '',
        raw: ['configs'],
      },
    );
    for (const type of ['refresh', 'openInCargo', 'signIn'] as const) assert.deepEqual(parseToExtension({ type, url: 'https://elsewhere.example' }), { type });
    const locator = { createdAt: '2026-12-02T03:00:00.000Z', workflowUuid: 'w', recordId: 'company/7' };
    assert.deepEqual(parsePanelState({ runUuid: 'r', scrollY: 0, locator })?.locator, locator);
    assert.equal(parsePanelState({ runUuid: 'r', scrollY: 0, locator: { ...locator, recordId: 7 } })?.locator, undefined);
    const uuid = '3f2c9a1e-0000-4000-8000-000000000000';
    assert.deepEqual(runLocatorOfState({ runUuid: uuid, scrollY: 0, locator: { ...locator, extra: '<b>' } }), locator);
    assert.equal(runLocatorOfState({ runUuid: uuid, scrollY: 0 }), undefined, 'a state saved before there were locators');
    assert.equal(runLocatorOfState({ runUuid: 'not-a-uuid', locator }), undefined);
    assert.equal(runUuidOfState({ runUuid: 'not-a-uuid' }), undefined);
    assert.equal(runUuidOfState({ runUuid: '3F2C9A1E-0000-4000-8000-000000000000', scrollY: 0 }), '3f2c9a1e-0000-4000-8000-000000000000');
  });

  test('the limits each side checks: copy length, execution index, finite numbers; JSON values are taken as they are; nothing large is copied', async () => {
    assert.ok(parseToExtension({ type: 'copy', text: 'x'.repeat(MAX_COPY_LENGTH) }));
    assert.equal(parseToExtension({ type: 'copy', text: 'x'.repeat(MAX_COPY_LENGTH + 1) }), undefined);
    assert.deepEqual(parseToWebview({ type: 'revealExecution', index: 0, extra: 1 }), { type: 'revealExecution', index: 0 });
    for (const index of [-1, 1.5, 2 ** 53, NaN, '3', null]) assert.equal(parseToWebview({ type: 'revealExecution', index }), undefined, String(index));
    const nodeLoaded = { type: 'nodeLoaded', section: 'context', slug: 's' };
    assert.equal(parseToWebview(nodeLoaded), undefined, 'a node without its value');
    for (const value of [undefined, NaN, { deep: [() => 1] }]) assert.deepEqual(parseToWebview({ ...nodeLoaded, value }), { ...nodeLoaded, value });
    const view = toRunView(await client().getRun(sim.fixtures.runs.failed));
    const message = parseToWebview({ type: 'runLoaded', run: view });
    assert.equal(message?.type === 'runLoaded' && message.run, view, 'the run as received, not a copy of its executions');
    for (const credits of [NaN, Infinity]) assert.equal(parseToWebview({ type: 'runLoaded', run: { ...view, credits } }), undefined);
    const execution = { ...view.executions[0], credits: Infinity };
    assert.equal(parseToWebview({ type: 'runLoaded', run: { ...view, executions: [execution] } }), undefined);
    for (const state of [
      { runUuid: 'r', scrollY: 0, open: 'x', raw: [1], query: 2, locator: null },
      { runUuid: 'r', scrollY: 1, open: [null, {}] },
    ]) {
      assert.ok(panelState(parsePanelState(state)), 'what is usable of a state is a state');
    }
  });

  test('the newer retry of a run: its batch and time, or null; the webview asks only to open it', () => {
    const retry = { batchUuid: 'b', createdAt: '2026-12-06T14:00:00.000Z' };
    assert.deepEqual(parseToWebview({ type: 'newerRetry', retry, html: '<b>' }), { type: 'newerRetry', retry });
    assert.deepEqual(parseToWebview({ type: 'newerRetry', retry: null }), { type: 'newerRetry', retry: null });
    assert.equal(parseToWebview({ type: 'newerRetry', retry: { batchUuid: 7, createdAt: 'x' } }), undefined);
    assert.equal(parseToWebview({ type: 'newerRetry' }), undefined);
    assert.deepEqual(parseToExtension({ type: 'openRetry', runUuid: 'elsewhere' }), { type: 'openRetry' });
  });
});
