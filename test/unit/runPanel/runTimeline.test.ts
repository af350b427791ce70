// A run panel's timeline as its run goes on, and the requests it costs (pinned): opening a finished
// run's timeline asks one spans/list by traceUuid and one traces/{uuid}; a live update that changed
// nothing asks nothing; one that changed the run asks the lineage again only when a child run is new or
// has not finished; the trace's totals once per panel. (Against the simulator: timelineSimulator.test.ts.)
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CargoClient, ListSpansParams, Run, Span, SpansPage, Trace } from '../../../src/api';
import type { Log } from '../../../src/core/log';
import { TraceLineages } from '../../../src/runs/traceLineages';
import { RunTimeline, type TimelineRunSource } from '../../../src/runPanel/runTimeline';
import type { TimelineView } from '../../../src/shared/protocol';
import { TestClients } from '../support/clients';
import { CHILD_STEPS, GRANDCHILD_STEPS, lineageSpans, PARENT_STEPS, runOf, spansOf, TRACE, traceOf, type Step } from '../support/timelineData';

const quiet: Log = { debug() {}, info() {}, warn() {}, error() {} };

/** A Cargo that answers spans/list and traces/{uuid} from what the test sets, counting each request. */
class FakeCargo {
  spans: Span[] = [];
  trace: Trace = traceOf();
  readonly asked: string[] = [];
  failSpans = false;

  readonly client = {
    listSpans: (params: ListSpansParams): Promise<SpansPage> => {
      this.asked.push(`spans/list traceUuid=${params.traceUuid ?? ''} runUuid=${params.runUuid ?? ''}`);
      if (this.failSpans) return Promise.reject(new Error('Cargo answered 500'));
      const page = this.spans.slice(params.offset ?? 0, (params.offset ?? 0) + (params.limit ?? 100));
      return Promise.resolve({ spans: page, count: this.spans.length } as SpansPage);
    },
    getTrace: (uuid: string): Promise<Trace> => {
      this.asked.push(`traces/${uuid}`);
      return Promise.resolve(this.trace);
    },
  } as unknown as CargoClient;
}

/** The panel's followed run, as the test moves it on. */
class FakeRun implements TimelineRunSource {
  private listeners = new Set<() => void>();
  loaded: TimelineRunSource['loaded'];
  readonly ahead = undefined;

  constructor(run?: Run) {
    if (run) this.loaded = { details: { run }, spans: [] };
  }

  set(run: Run): void {
    this.loaded = { details: { run }, spans: [] };
    for (const listener of this.listeners) listener();
  }

  /** A live tick that brought nothing new: the same run, fetched again. */
  tick(): void {
    const run = this.loaded!.details.run;
    this.set(structuredClone(run));
  }

  onDidChange(listener: () => void) {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}

/** Waits until the timeline has said something new, and gives its view. */
function setUp(cargo: FakeCargo, run: FakeRun) {
  const lineages = new TraceLineages(new TestClients());
  let changes = 0;
  const timeline = new RunTimeline(run, { clients: new TestClients(cargo.client), lineages, log: quiet }, () => changes++);
  const settled = async (): Promise<TimelineView> => {
    // Every request the timeline makes is answered at once: a few turns of the event loop settle it.
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    const view = timeline.current;
    assert.ok(view, 'the timeline has a view');
    return view;
  };
  return { timeline, lineages, settled, changes: () => changes };
}

const shape = (view: TimelineView) => view.bars.map((bar) => `${bar.depth}:${bar.nodeSlug}${bar.running ? '*' : ''}`);

describe('run timeline: requests', () => {
  test("opening a finished run's timeline: one spans/list by traceUuid and one traces/{uuid}, then nothing", async () => {
    const cargo = new FakeCargo();
    cargo.spans = lineageSpans();
    const run = new FakeRun(runOf('parent', PARENT_STEPS));
    const { settled, timeline } = setUp(cargo, run);
    const view = await settled();
    assert.deepEqual(cargo.asked, [`spans/list traceUuid=${TRACE} runUuid=`, `traces/${TRACE}`]);
    assert.equal(view.bars.length, 10);
    assert.deepEqual(view.totals, { spans: 10, credits: 8, status: 'success' });
    // Posted once: what the webview has is not posted again; ticks of a finished run ask nothing.
    assert.equal(timeline.unposted()?.type, 'timeline');
    assert.equal(timeline.unposted(), undefined);
    run.tick();
    run.tick();
    await settled();
    assert.equal(cargo.asked.length, 2);
    assert.equal(timeline.unposted(), undefined);
    // A reloaded webview is given the timeline again, with no request.
    timeline.forgetPosted();
    assert.equal(timeline.unposted()?.type, 'timeline');
    assert.equal(cargo.asked.length, 2);
  });

  test('a live run: ticks that changed nothing ask nothing; a change asks the lineage only while a child run is new or unfinished; the totals once, at its end', async () => {
    const cargo = new FakeCargo();
    // The tool node is running, its child run started: no child yet in the run's executions' eyes beyond its nodeRunUuid.
    const parentLive: Step[] = [...PARENT_STEPS.slice(0, 2), { slug: 'find_contacts', start: 1_100, nodeRunUuid: 'child' }];
    const childLive: Step[] = [CHILD_STEPS[0]!, { slug: 'search_contacts', start: 1_200 }];
    cargo.spans = [...spansOf('parent', parentLive), ...spansOf('child', childLive, { runUuid: 'parent', nodeSlug: 'find_contacts' })];
    const run = new FakeRun(runOf('parent', parentLive));
    const { settled } = setUp(cargo, run);
    let view = await settled();
    assert.deepEqual(cargo.asked, [`spans/list traceUuid=${TRACE} runUuid=`], 'one spans/list on opening; no totals while the run goes on');
    assert.deepEqual(shape(view), ['0:start', '0:enrich', '0:find_contacts*', '1:start', '1:search_contacts*']);

    // Ticks where nothing changed: no request of the timeline's.
    run.tick();
    run.tick();
    await settled();
    assert.equal(cargo.asked.length, 1);

    // The run changed while its child run is unfinished: the lineage is asked again, once.
    const parentLater: Step[] = [...PARENT_STEPS.slice(0, 3), { slug: 'is_qualified', start: 4_100 }];
    cargo.spans = [...spansOf('parent', parentLater), ...lineageSpans().filter((span) => span.runUuid !== 'parent')];
    run.set(runOf('parent', parentLater));
    view = await settled();
    assert.equal(cargo.asked.length, 2);
    assert.equal(cargo.asked[1], `spans/list traceUuid=${TRACE} runUuid=`);
    assert.deepEqual(shape(view).slice(2, 8), ['0:find_contacts', '1:start', '1:search_contacts', '2:lookup', '1:end', '0:is_qualified*']);

    // The run changed again, but every child run has finished and no new one appeared: nothing asked.
    run.set(runOf('parent', [...PARENT_STEPS.slice(0, 4), { slug: 'notify', start: 4_200 }]));
    view = await settled();
    assert.equal(cargo.asked.length, 2);
    assert.equal(view.bars.at(-1)?.nodeSlug, 'notify');

    // The run ended: its totals, once.
    run.set(runOf('parent', PARENT_STEPS));
    view = await settled();
    assert.deepEqual(cargo.asked.slice(2), [`traces/${TRACE}`]);
    assert.deepEqual(view.totals, { spans: 10, credits: 8, status: 'success' });
    run.tick();
    await settled();
    assert.equal(cargo.asked.length, 3);
  });

  test('a run none of whose executions can start runs asks no lineage; a child run that appears is asked for; a run without a traceUuid asks nothing', async () => {
    const cargo = new FakeCargo();
    const before: Step[] = PARENT_STEPS.slice(0, 2);
    cargo.spans = spansOf('parent', before);
    const run = new FakeRun(runOf('parent', before, { status: 'running' }));
    const { settled } = setUp(cargo, run);
    assert.equal((await settled()).bars.length, 2);
    assert.equal(cargo.asked.length, 0, 'no tool or agent node, none naming a run: the run is its own lineage');
    // The change that adds an execution without a child run: nothing asked.
    run.set(runOf('parent', PARENT_STEPS.slice(0, 2).concat({ slug: 'is_qualified', start: 4_100 }), { status: 'running' }));
    await settled();
    assert.equal(cargo.asked.length, 0);
    // The change whose execution names a run: asked for.
    cargo.spans = lineageSpans(CHILD_STEPS, GRANDCHILD_STEPS);
    run.set(runOf('parent', PARENT_STEPS.slice(0, 3), { status: 'running' }));
    const view = await settled();
    assert.deepEqual(cargo.asked, [`spans/list traceUuid=${TRACE} runUuid=`]);
    assert.ok(view.bars.some((bar) => bar.runUuid === 'child'));
    // The run ended: its totals, and no lineage (every child run had finished).
    run.set(runOf('parent', PARENT_STEPS));
    await settled();
    assert.deepEqual(cargo.asked.slice(1), [`traces/${TRACE}`]);

    const untraced = new FakeCargo();
    const { settled: settledUntraced } = setUp(untraced, new FakeRun(runOf('parent', PARENT_STEPS, { traceUuid: undefined })));
    const alone = await settledUntraced();
    assert.equal(untraced.asked.length, 0);
    assert.equal(alone.bars.length, 6);
  });

  test('a lineage the shared cache kept from when the run was live is asked again once; a finished one is not asked at all', async () => {
    const cargo = new FakeCargo();
    const parentLive: Step[] = [...PARENT_STEPS.slice(0, 2), { slug: 'find_contacts', start: 1_100, nodeRunUuid: 'child' }];
    cargo.spans = [...spansOf('parent', parentLive), ...spansOf('child', [{ slug: 'start', start: 1_150 }], { runUuid: 'parent', nodeSlug: 'find_contacts' })];
    const lineages = new TraceLineages(new TestClients());
    const clients = new TestClients(cargo.client);
    await lineages.lineageOf(cargo.client, { traceUuid: TRACE, startedAfter: 0 });
    assert.equal(cargo.asked.length, 1);
    cargo.spans = lineageSpans();
    const run = new FakeRun(runOf('parent', PARENT_STEPS));
    const timeline = new RunTimeline(run, { clients, lineages, log: quiet }, () => {});
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(cargo.asked.slice(1).sort(), [`spans/list traceUuid=${TRACE} runUuid=`, `traces/${TRACE}`]);
    const message = timeline.unposted();
    assert.equal(message?.type === 'timeline' && message.timeline.bars.length, 10);

    // Another panel of the same finished run: the cache has it, finished; only its totals are asked.
    const second = new RunTimeline(new FakeRun(runOf('parent', PARENT_STEPS)), { clients, lineages, log: quiet }, () => {});
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(cargo.asked.slice(3), [`traces/${TRACE}`]);
    const secondMessage = second.unposted();
    assert.equal(secondMessage?.type === 'timeline' && secondMessage.timeline.bars.length, 10);
  });

  test('a lineage that could not be fetched: the run’s own bars and why, asked again at the next change', async () => {
    const cargo = new FakeCargo();
    cargo.failSpans = true;
    const run = new FakeRun(runOf('parent', PARENT_STEPS.slice(0, 3), { status: 'running' }));
    const { settled } = setUp(cargo, run);
    let view = await settled();
    assert.equal(view.bars.length, 3);
    assert.match(view.note ?? '', /could not be loaded \(Cargo answered 500\)/);
    cargo.failSpans = false;
    cargo.spans = lineageSpans();
    run.set(runOf('parent', PARENT_STEPS.slice(0, 4), { status: 'running' }));
    view = await settled();
    assert.equal(cargo.asked.length, 2);
    assert.equal(view.note, null);
    assert.equal(view.bars.length, 8);
  });

  test('a child run bar may open only a run the timeline shows', async () => {
    const cargo = new FakeCargo();
    cargo.spans = lineageSpans();
    const { settled, timeline } = setUp(cargo, new FakeRun(runOf('parent', PARENT_STEPS)));
    await settled();
    assert.equal(timeline.shows('child'), true);
    assert.equal(timeline.shows('grandchild'), true);
    assert.equal(timeline.shows('someone-else'), false);
  });
});
