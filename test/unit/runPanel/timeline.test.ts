// The run panel's timeline model on hand-made runs and spans: one bar per execution in the run's order,
// child runs' executions nested under the execution that started them (any depth), times from the run
// else from its spans, a running bar open-ended, the slowest and the most expensive marked, the
// trace's totals. (The simulator's Qualify lead run: timelineSimulator.test.ts.)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TraceLineage } from '../../../src/runs/traceLineage';
import { timelineView } from '../../../src/runPanel/timeline';
import { parseToWebview } from '../../../src/shared/protocol';
import { CHILD_STEPS, lineageSpans, PARENT_STEPS, runOf, spansOf, T0, traceOf, type Step } from '../support/timelineData';

describe('timeline model', () => {
  const run = runOf('parent', PARENT_STEPS);

  test("one bar per execution in the run's order, a child run's executions under the execution that started it, at any depth", () => {
    const view = timelineView({ run, spans: [], lineage: new TraceLineage(lineageSpans()), trace: traceOf() });
    assert.deepEqual(
      view.bars.map((bar) => `${'  '.repeat(bar.depth)}${bar.runUuid}/${bar.nodeSlug}`),
      [
        'parent/start',
        'parent/enrich',
        'parent/find_contacts',
        '  child/start',
        '  child/search_contacts',
        '    grandchild/lookup',
        '  child/end',
        'parent/is_qualified',
        'parent/notify',
        'parent/end',
      ],
    );
    // The run's own bars open their execution's values; a child run's bars open that run.
    assert.deepEqual(
      view.bars.map((bar) => bar.execution),
      [0, 1, 2, null, null, null, null, 3, 4, 5],
    );
    assert.equal(view.bars[1]?.nodeName, 'Enrich company');
    assert.deepEqual(view.totals, { spans: 10, credits: 8, status: 'success' });
    assert.equal(view.note, null);
    // What the webview's check admits, unchanged.
    assert.deepEqual(parseToWebview({ type: 'timeline', timeline: view }), { type: 'timeline', timeline: view });
  });

  test('a tie marks nothing: executions that all took as long and used as many credits are none of them the slowest', () => {
    const even = PARENT_STEPS.map((step, index) => ({ slug: step.slug, start: index * 300, end: index * 300 + 300, credits: 1 }));
    const view = timelineView({ run: runOf('parent', even), spans: [] });
    assert.equal(view.bars.length, 6);
    assert.deepEqual(
      view.bars.filter((bar) => bar.slowest || bar.costliest),
      [],
    );
    // One that stands out is marked, even when it is the only one that used credits.
    const one = even.map((step, index) => (index === 2 ? { ...step, end: step.end + 50, credits: 3 } : { ...step, credits: 0 }));
    const marked = timelineView({ run: runOf('parent', one), spans: [] });
    assert.deepEqual(
      marked.bars.filter((bar) => bar.slowest && bar.costliest).map((bar) => bar.nodeSlug),
      ['find_contacts'],
    );
  });

  test('times, durations and credits; the slowest and the most expensive execution marked, once each', () => {
    const view = timelineView({ run, spans: [], lineage: new TraceLineage(lineageSpans()) });
    const enrich = view.bars[1]!;
    assert.equal(enrich.startedAt, T0 + 100);
    assert.equal(enrich.finishedAt, T0 + 1_100);
    assert.equal(enrich.duration, '1 s');
    assert.equal(enrich.credits, 2);
    assert.deepEqual(
      view.bars.filter((bar) => bar.slowest).map((bar) => bar.nodeSlug),
      ['find_contacts'],
    );
    assert.deepEqual(
      view.bars.filter((bar) => bar.costliest).map((bar) => bar.nodeSlug),
      ['search_contacts'],
    );
    assert.equal(view.totals, null, 'no totals until the trace has arrived');
  });

  test('without the lineage (not arrived, or no trace): the run’s own bars alone', () => {
    const view = timelineView({ run, spans: [], note: 'The runs this run started could not be loaded.' });
    assert.equal(view.bars.length, 6);
    assert.ok(view.bars.every((bar) => bar.depth === 0));
    assert.equal(view.note, 'The runs this run started could not be loaded.');
  });

  test("an execution lacking its times takes them from the run's spans, as the executions list does", () => {
    const bare = runOf('parent', PARENT_STEPS);
    for (const execution of bare.executions) {
      execution.startedAt = null;
      execution.finishedAt = null;
    }
    const fromPanel = timelineView({ run: bare, spans: spansOf('parent', PARENT_STEPS) });
    const fromTrace = timelineView({ run: bare, spans: [], lineage: new TraceLineage(lineageSpans()) });
    for (const view of [fromPanel, fromTrace]) {
      assert.deepEqual(
        view.bars.filter((bar) => bar.depth === 0).map((bar) => [bar.startedAt, bar.finishedAt]),
        PARENT_STEPS.map((step) => [T0 + step.start, T0 + step.end!]),
      );
    }
  });

  test('a live run: its running execution, and a running child run’s, are open-ended (drawn up to now by the webview)', () => {
    const liveSteps: Step[] = [...PARENT_STEPS.slice(0, 2), { slug: 'find_contacts', start: 1_100, nodeRunUuid: 'child' }];
    const liveChild: Step[] = [CHILD_STEPS[0]!, { slug: 'search_contacts', start: 1_200 }];
    const live = runOf('parent', liveSteps);
    const view = timelineView({
      run: live,
      spans: [],
      lineage: new TraceLineage([...spansOf('parent', liveSteps), ...spansOf('child', liveChild, { runUuid: 'parent', nodeSlug: 'find_contacts' })]),
    });
    assert.deepEqual(
      view.bars.map((bar) => [bar.nodeSlug, bar.running, bar.finishedAt === null, bar.duration === '']),
      [
        ['start', false, false, false],
        ['enrich', false, false, false],
        ['find_contacts', true, true, true],
        ['start', false, false, false],
        ['search_contacts', true, true, true],
      ],
    );
    // A running bar is never the slowest: its length is not known yet.
    assert.deepEqual(
      view.bars.filter((bar) => bar.slowest).map((bar) => bar.nodeSlug),
      ['enrich'],
    );
  });

  test('a finished run draws no bar up to now, even one whose execution never said it finished', () => {
    const steps: Step[] = [PARENT_STEPS[0]!, { slug: 'stuck', start: 100, status: 'running' }];
    const ended = runOf('parent', steps, { status: 'error' });
    const view = timelineView({ run: ended, spans: [] });
    assert.equal(view.bars[1]?.running, false);
    assert.equal(view.bars[1]?.finishedAt, null);
  });

  test('a run started by one of two executions of the same node sits under that execution only; a loop in the data is drawn once', () => {
    const steps: Step[] = [
      { slug: 'tool', start: 0, end: 100, nodeRunUuid: 'first' },
      { slug: 'tool', start: 100, end: 200, nodeRunUuid: 'second' },
    ];
    const spans = [
      ...spansOf('parent', steps),
      ...spansOf('first', [{ slug: 'inner', start: 10, end: 90 }], { runUuid: 'parent', nodeSlug: 'tool' }),
      ...spansOf('second', [{ slug: 'inner', start: 110, end: 190, nodeRunUuid: 'parent' }], { runUuid: 'parent', nodeSlug: 'tool' }),
    ];
    const view = timelineView({ run: runOf('parent', steps), spans: [], lineage: new TraceLineage(spans) });
    assert.deepEqual(
      view.bars.map((bar) => `${bar.depth}:${bar.runUuid}`),
      ['0:parent', '1:first', '0:parent', '1:second'],
    );
  });

  test('a lineage cut at its limit says so', () => {
    const view = timelineView({ run, spans: [], lineage: new TraceLineage(lineageSpans(), 12_345) });
    assert.match(view.note ?? '', /12,345 spans: only the first 10 are shown/);
  });
});
