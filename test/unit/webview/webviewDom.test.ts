// The run panel's webview code (src/webview), rendering hostile runs into a DOM that parses no HTML
// (support/fakeDom.ts): the header, the executions and the JSON sections show the data as text nodes
// only, in elements the code chose; keys like __proto__ are shown, not swallowed, and pollute
// nothing; JSON 20,000 deep and 100,000 wide opens, searches and shows raw without a stall or a
// RangeError.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toRunView } from '../../../src/runPanel/runView';
import type { JsonSection, JsonValue, NodeJson, RunView } from '../../../src/shared/protocol';
import type { SectionHost, SectionTree as SectionTreeType } from '../../../src/webview/jsonTree';
import type * as JsonRows from '../../../src/webview/jsonRows';
import type * as RunHeader from '../../../src/webview/runHeader';
import type * as ExecutionList from '../../../src/webview/executionList';
import type * as Dom from '../../../src/webview/dom';
import type * as Timeline from '../../../src/webview/timeline';
import { timelineView } from '../../../src/runPanel/timeline';
import { webviewText } from '../../../src/shared/text';
import { elementsOf, FakeDetails, FakeElement, FakeText, installFakeDom, textOf } from '../support/fakeDom';
import { deepJsonText, HOSTILE, prototypeIsClean, wideJsonText } from '../support/hostile';
import { STRAY_INVISIBLE } from '../support/sinks';
import { hostileWorld, NOW } from '../support/world';
import { cpuTimed } from '../../support/cpuTime';

installFakeDom();

type Webview = {
  createTimeline: typeof Timeline.createTimeline;
  renderHeader: typeof RunHeader.renderHeader;
  createExecutionList: typeof ExecutionList.createExecutionList;
  shownText: typeof Dom.shownText;
  SectionTree: typeof SectionTreeType;
  open: typeof JsonRows.open;
};
let webview: Webview;

/** The elements the webview code makes: anything else came from data. */
const TAGS = new Set(['div', 'span', 'details', 'summary', 'button', 'pre', 'p', 'mark', 'section', 'h1', 'h2', 'header', 'dl', 'dt', 'dd', 'ol', 'li']);
const ATTRIBUTES = new Set(['role', 'aria-label', 'aria-pressed', 'aria-live', 'aria-hidden', 'aria-labelledby']);
const BUDGET_MS = 1000;

function checkElements(root: FakeElement, label: string): void {
  for (const element of elementsOf(root)) {
    assert.ok(TAGS.has(element.tagName), `${label}: <${element.tagName}>`);
    for (const name of element.attributes.keys()) assert.ok(ATTRIBUTES.has(name), `${label}: attribute ${name} on <${element.tagName}>`);
  }
}

/** No text node and no tooltip holds an invisible, bidi or control character but a line break (they read as the tree's do). */
function checkNoStrayInvisible(root: FakeElement, label: string): void {
  const stray = (text: string) => STRAY_INVISIBLE.test(text.replace(/\n/g, ' '));
  for (const element of elementsOf(root)) {
    assert.ok(!stray(element.title), `${label}: a tooltip with ${JSON.stringify(element.title.slice(0, 80))}`);
    for (const node of element.childNodes) {
      if (node instanceof FakeText) assert.ok(!stray(node.data), `${label}: text ${JSON.stringify(node.data.slice(0, 80))} in <${element.tagName}>`);
    }
  }
}

const asFake = (element: unknown) => element as FakeElement;
const byClass = (root: FakeElement, name: string) => elementsOf(root).filter((element) => element.classList.contains(name));

/** A section host over the values of one run: large ones (not sent with the view) are loaded from them. */
function hostOver(values: Record<string, unknown>, copied: string[] = []): SectionHost {
  return {
    knownValue: (_section: JsonSection, node: NodeJson) => node.value,
    loadValue: (_section: JsonSection, node: NodeJson) => Promise.resolve((values[node.slug] ?? null) as JsonValue),
    copy: (text) => copied.push(text),
    stateChanged: () => undefined,
  };
}

/** Lets the section's promises (values loaded, raw view) settle: a turn of the event loop, no fixed wait. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** `work` done within the budget, in CPU time (test/support/cpuTime.ts). */
function timed<T>(label: string, work: () => T): T {
  const { result, ms } = cpuTimed(work);
  assert.ok(ms < BUDGET_MS, `${label}: took ${Math.round(ms)} ms of CPU`);
  return result;
}

before(async () => {
  // The counters (ticking.ts) tick every second from when they load: unref'd, so the test process can end.
  const setIntervalAsLoaded = globalThis.setInterval;
  globalThis.setInterval = ((handler: () => void, ms: number) => setIntervalAsLoaded(handler, ms).unref()) as unknown as typeof setInterval;
  try {
    const [{ renderHeader }, { createExecutionList }, { SectionTree }, { open }, { shownText }, { createTimeline }] = await Promise.all([
      import('../../../src/webview/runHeader.js'),
      import('../../../src/webview/executionList.js'),
      import('../../../src/webview/jsonTree.js'),
      import('../../../src/webview/jsonRows.js'),
      import('../../../src/webview/dom.js'),
      import('../../../src/webview/timeline.js'),
    ]);
    webview = { renderHeader, createExecutionList, SectionTree, open, shownText, createTimeline };
  } finally {
    globalThis.setInterval = setIntervalAsLoaded;
  }
});

describe('the run panel webview renders hostile data as text', () => {
  for (const input of HOSTILE) {
    test(input.name, async () => {
      const world = hostileWorld(input.text, input.json, input.jsonText, false);
      const view: RunView = toRunView(world.details, { workflowName: world.name, spans: world.spans }, NOW);
      const header = timed(`${input.name}: header`, () => webview.renderHeader(view, { post: () => undefined }));
      const list = webview.createExecutionList({ jumpTo: () => undefined });
      timed(`${input.name}: executions`, () => list.show(view));
      const executions = list.element;
      checkElements(asFake(header), `${input.name}: header`);
      checkElements(asFake(executions), `${input.name}: executions`);
      const title = byClass(asFake(header), 'title-row')[0]?.children[0];
      assert.equal(title?.textContent, webview.shownText(view.recordTitle || view.recordId), 'the title is the record title, as text');
      if (input.text.length <= 20_000 && input.text.trim()) {
        // As the webview's sink shows text: its lines and white space, invisible and bidi characters as spaces.
        const shown = webviewText(input.text);
        assert.ok(textOf(asFake(header)).includes(shown), `${input.name}: the header shows the data`);
        assert.ok(textOf(asFake(executions)).includes(shown), `${input.name}: the executions show the data`);
      }
      checkNoStrayInvisible(asFake(header), `${input.name}: header`);
      checkNoStrayInvisible(asFake(executions), `${input.name}: executions`);

      // The timeline: node names and slugs, statuses and hovers as text.
      const timeline = webview.createTimeline({ post: () => undefined, reveal: () => undefined });
      timed(`${input.name}: timeline`, () => timeline.show(timelineView({ run: world.run, spans: world.spans })));
      checkElements(asFake(timeline.element), `${input.name}: timeline`);
      checkNoStrayInvisible(asFake(timeline.element), `${input.name}: timeline`);
      if (input.text.length <= 20_000 && input.text.trim())
        assert.ok(textOf(asFake(timeline.element)).includes(webviewText(input.text)), `${input.name}: the timeline shows the data`);

      const section = new webview.SectionTree('context', 'Context', hostOver(world.details.runContext));
      const failed = new Set(view.executions.filter((execution) => execution.failed).map((execution) => execution.nodeSlug));
      timed(`${input.name}: context`, () => section.setNodes(view.context ?? [], failed, []));
      const root = asFake(section.element);
      // Opens the node rows, and the rows under them, two levels.
      for (let level = 0; level < 3; level++) {
        const closed = elementsOf(root).filter((element): element is FakeDetails => element instanceof FakeDetails && !element.open);
        timed(`${input.name}: opening ${closed.length} rows`, () => closed.forEach((details) => webview.open(details as unknown as HTMLDetailsElement)));
        await settle();
      }
      checkElements(root, `${input.name}: context`);
      checkNoStrayInvisible(root, `${input.name}: context`);
      const keys = byClass(root, 'json-key').map((key) => key.textContent);
      const slugs = byClass(root, 'node-slug').map((slug) => slug.textContent);
      assert.ok(slugs.includes(webviewText(Object.keys(world.details.runContext)[0] as string)), `${input.name}: the node's slug is shown as text`);
      if (input.name === '__proto__ and constructor keys') {
        assert.ok(keys.includes('__proto__') && keys.includes('constructor') && keys.includes('<b>key</b>'), `keys shown: ${keys.join(', ')}`);
      }

      const query = input.text.slice(0, 20).trim().toLowerCase() || 'bottom';
      await timed(`${input.name}: search`, () => section.setQuery(query));
      timed(`${input.name}: raw`, () => section.setRaw(true));
      await settle();
      checkElements(root, `${input.name}: context, searched, raw`);
      assert.ok(prototypeIsClean(), `${input.name}: Object.prototype was polluted`);
    });
  }
});

describe('numbers in the header', () => {
  test('credits of 1e15, and a sum of fractional credits, read as numbers', () => {
    const world = hostileWorld('Acme', {}, '{}', false);
    const view = toRunView(world.details, {}, NOW);
    for (const [credits, shown] of [
      [1e15, '1,000,000,000,000,000'],
      [0.1 + 0.2, '0.3'],
      [100_000, '100,000'],
    ] as const) {
      const header = webview.renderHeader({ ...view, credits }, { post: () => undefined });
      const fields = elementsOf(asFake(header)).filter((element) => element.tagName === 'dd');
      assert.ok(
        fields.some((field) => field.textContent === shown),
        `${credits} → ${fields.map((field) => field.textContent).join(' | ')}`,
      );
    }
  });
});

describe('JSON the extension would not send, sent anyway: the webview copes on its own', () => {
  function sectionWith(value: unknown, copied: string[] = []): { section: SectionTreeType; root: FakeElement } {
    const section = new webview.SectionTree('context', 'Context', hostOver({ node: value }, copied));
    section.setNodes([{ slug: 'node', size: 1, digest: 'd', value: value as JsonValue }], new Set(), []);
    return { section, root: asFake(section.element) };
  }

  test('20,000 levels deep: opens level by level, searches to the bottom, shows raw, copies', async () => {
    const value: unknown = JSON.parse(deepJsonText(20_000));
    const copied: string[] = [];
    const { section, root } = sectionWith(value, copied);
    let row = byClass(root, 'node-json')[0] as FakeDetails;
    for (let level = 0; level < 50; level++) {
      webview.open(row as unknown as HTMLDetailsElement);
      const next = elementsOf(row).find((element): element is FakeDetails => element instanceof FakeDetails && element !== row && !element.open);
      assert.ok(next, `level ${level} has a row to open`);
      row = next;
    }
    const outcome = await timed('search 20,000 deep', () => section.setQuery('bottom'));
    assert.equal(outcome?.found, 1, 'the search reaches the bottom (it recursed before: a RangeError)');
    const searched = byClass(root, 'filtered')[0] as FakeElement;
    const opened = elementsOf(searched).filter((element) => element instanceof FakeDetails && element.open).length;
    assert.ok(opened >= 100 && opened <= 102, `the way to the match is open 100 levels deep, no deeper (${opened} rows open)`);
    timed('raw 20,000 deep', () => section.setRaw(true));
    await settle();
    const raw = byClass(root, 'raw-json')[0];
    assert.ok(raw && textOf(raw).includes('"bottom"'), 'the raw view shows the value');
    const copyValue = elementsOf(root).find((element) => element.tagName === 'button' && element.textContent === 'Copy value');
    copyValue?.dispatch('click');
    await settle();
    assert.equal(copied[0]?.replace(/\s/g, ''), deepJsonText(20_000), 'Copy value copies the whole value');
  });

  test('100,000 keys wide, with __proto__ and constructor among them: a chunk at a time, searchable, nothing polluted', async () => {
    const value: unknown = JSON.parse(wideJsonText(100_000));
    const { section, root } = sectionWith(value);
    const row = byClass(root, 'node-json')[0] as FakeDetails;
    timed('open 100,000 keys', () => webview.open(row as unknown as HTMLDetailsElement));
    const keys = byClass(root, 'json-key').map((key) => key.textContent);
    assert.equal(keys.length, 200, 'the first chunk only');
    assert.deepEqual(keys.slice(0, 3), ['__proto__', 'constructor', 'toString']);
    assert.ok(elementsOf(root).some((element) => element.tagName === 'button' && /Show 200 more \(99,800 not shown\)/.test(element.textContent)));
    const outcome = await timed('search 100,000 keys', () => section.setQuery('key99999'));
    assert.equal(outcome?.found, 1);
    assert.ok(prototypeIsClean());
  });
});

describe('times in the header', () => {
  test("the run panel says when as the Runs view's hovers do: local time with how long ago", () => {
    const world = hostileWorld('Acme', {}, '{}', false);
    const view = toRunView(world.details, {}, NOW);
    const createdAt = new Date(Date.now() - 2 * 60_000 - 5_000).toISOString();
    const finishedAt = new Date(Date.now() - 60_000 - 5_000).toISOString();
    const header = webview.renderHeader({ ...view, createdAt, finishedAt, finished: true }, { post: () => undefined });
    const fields = elementsOf(asFake(header)).filter((element) => element.tagName === 'dd' || element.tagName === 'dt');
    const valueOf = (name: string) => fields[fields.findIndex((field) => field.tagName === 'dt' && field.textContent === name) + 1]?.textContent;
    assert.match(valueOf('Created') ?? '', /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d \(2 min ago\)$/);
    assert.match(valueOf('Finished') ?? '', /^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d \(1 min ago\)$/);
  });
});
