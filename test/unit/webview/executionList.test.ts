// The run panel's list of executions (src/webview/executionList.ts) in a DOM that parses no HTML
// (support/fakeDom.ts): a run of 1,000 executions is drawn 100 rows per task, an execution asked for
// before its turn is drawn at once, and a live update draws again only the rows that changed.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExecutionView, RunView } from '../../../src/shared/protocol';
import { toRunView } from '../../../src/runPanel/runView';
import type * as ExecutionList from '../../../src/webview/executionList';
import { FakeElement, installFakeDom, textOf } from '../support/fakeDom';
import { hostileWorld, NOW } from '../support/world';
import { waitFor } from '../../support/processes';

installFakeDom();

let createExecutionList: typeof ExecutionList.createExecutionList;
before(async () => {
  // The counters (ticking.ts) tick from when they load: unref'd, so the test process can end.
  const setIntervalAsLoaded = globalThis.setInterval;
  globalThis.setInterval = ((handler: () => void, ms: number) => setIntervalAsLoaded(handler, ms).unref()) as unknown as typeof setInterval;
  try {
    ({ createExecutionList } = await import('../../../src/webview/executionList.js'));
  } finally {
    globalThis.setInterval = setIntervalAsLoaded;
  }
});

const base = toRunView(hostileWorld('Acme', {}, '{}', false).details, {}, NOW);

function execution(index: number, changes: Partial<ExecutionView> = {}): ExecutionView {
  const startedAt = new Date(Date.parse(base.createdAt) + index * 1000).toISOString();
  return {
    nodeSlug: `node_${index}`,
    nodeName: `Node ${index}`,
    status: 'success',
    failed: false,
    running: false,
    title: null,
    errorMessage: null,
    credits: 1,
    startedAt,
    finishedAt: new Date(Date.parse(startedAt) + 500).toISOString(),
    duration: '500 ms',
    ...changes,
  };
}

function runOf(executions: ExecutionView[], finished = true): RunView {
  return { ...base, executions, finished };
}

const rowsOf = (list: { element: HTMLElement }) => {
  const items = (list.element as unknown as FakeElement).children.find((child) => child.tagName === 'ol');
  return items?.children ?? [];
};
const drawnOf = (list: { element: HTMLElement }) => (list.element as unknown as FakeElement).children.find((child) => child.tagName === 'ol')?.dataset.drawn;

describe('the run panel’s executions', () => {
  test('a run of 1,000 executions: 100 rows at once, the rest in later tasks, every row in order', async () => {
    const list = createExecutionList({ jumpTo: () => undefined });
    list.show(runOf(Array.from({ length: 1_000 }, (_, index) => execution(index))));
    assert.equal(rowsOf(list).length, 100, 'the first task draws 100 rows');
    assert.equal((list.element as unknown as FakeElement).children[0]?.textContent, 'Executions (1,000)', 'counted as the timeline counts');
    assert.equal(drawnOf(list), undefined, 'not all drawn yet');
    await waitFor('every row drawn', () => (drawnOf(list) === '1000' ? true : undefined), 10_000, 5);
    const rows = rowsOf(list);
    assert.equal(rows.length, 1_000);
    assert.match(textOf(rows[0] as FakeElement), /^Node 0 \(node_0\) success/);
    assert.match(textOf(rows[999] as FakeElement), /^Node 999 \(node_999\) success/);
  });

  test('an execution asked for before its turn (a timeline bar clicked at once) is drawn there and then', () => {
    const jumped: string[] = [];
    const list = createExecutionList({ jumpTo: (slug) => jumped.push(slug) });
    list.show(runOf(Array.from({ length: 1_000 }, (_, index) => execution(index))));
    const jump = list.jumpOf(950) as unknown as FakeElement;
    assert.equal(jump.dataset.focusKey, 'execution:950');
    assert.equal(rowsOf(list).length, 951);
    jump.dispatch('click');
    assert.deepEqual(jumped, ['node_950']);
    assert.equal(list.jumpOf(1_000), undefined, 'no such execution');
  });

  test('a live update draws again only the executions that changed, and adds the new one; a shorter list loses its extra rows', () => {
    const list = createExecutionList({ jumpTo: () => undefined });
    const before = [
      ...Array.from({ length: 5 }, (_, index) => execution(index)),
      execution(5, { status: 'running', running: true, finishedAt: null, duration: '1 s' }),
    ];
    list.show(runOf(before, false));
    const first = [...rowsOf(list)];
    assert.equal(first.length, 6);
    assert.ok(textOf(first[5] as FakeElement).includes('running'));

    const after = [...before.slice(0, 5), execution(5), execution(6, { status: 'running', running: true, finishedAt: null, duration: '2 s' })];
    list.show(runOf(after, false));
    const second = rowsOf(list);
    assert.equal(second.length, 7);
    for (let index = 0; index < 5; index++) assert.equal(second[index], first[index], `execution ${index} kept its row`);
    assert.notEqual(second[5], first[5], 'the execution that finished is drawn again');
    assert.ok(textOf(second[5] as FakeElement).includes('success'));
    assert.equal(drawnOf(list), '7');

    list.show(runOf(after.slice(0, 2), true));
    assert.equal(rowsOf(list).length, 2);
    assert.notEqual(rowsOf(list)[0], first[0], 'the run finished: its rows are drawn again (a running row stops counting)');

    list.show(runOf([], true));
    assert.equal(rowsOf(list).length, 0);
    assert.match(textOf(list.element as unknown as FakeElement), /^Executions \(0\)No node has run yet\./);
  });
});
