// Reading the body of GET /runs/{uuid} as it arrives (RunBodyReader): the run member as soon as it is
// whole, and where each node's context and config lie, whatever the chunks, escapes, keys and layout;
// a body of another shape gives nothing rather than something wrong.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSimulator } from '../support/simulator';
import { RunBodyReader, type RunBodyLayout } from '../../../src/api/runBody';

/** Reads `text` in chunks of `size` characters; the run's text and the chunk index it arrived with. */
function read(text: string, size: number): { runText: string | undefined; runAfterChunk: number; layout: RunBodyLayout | undefined } {
  const reader = new RunBodyReader();
  let runText: string | undefined;
  let runAfterChunk = -1;
  for (let i = 0, chunk = 0; i < text.length; i += size, chunk++) {
    reader.push(text.slice(i, i + size));
    const taken = reader.takeRunText();
    if (taken !== undefined) {
      assert.equal(runText, undefined, 'the run text comes once');
      runText = taken;
      runAfterChunk = chunk;
    }
  }
  return { runText, runAfterChunk, layout: reader.layout(text.length) };
}

/** What the layout says each node's value is, parsed. */
function valuesOf(text: string, ranges: ReadonlyMap<string, { start: number; end: number }>): Record<string, unknown> {
  return Object.fromEntries([...ranges].map(([slug, range]) => [slug, JSON.parse(text.slice(range.start, range.end)) as unknown]));
}

function assertAgrees(text: string, size: number): void {
  const parsed = JSON.parse(text) as { run: unknown; runContext: Record<string, unknown>; runComputedConfigs: Record<string, unknown> };
  const { runText, layout } = read(text, size);
  assert.ok(runText !== undefined, `the run arrived (chunks of ${size})`);
  assert.deepEqual(JSON.parse(runText), parsed.run);
  assert.ok(layout, `the layout (chunks of ${size})`);
  assert.deepEqual(valuesOf(text, layout.runContext), { ...parsed.runContext });
  assert.deepEqual(valuesOf(text, layout.runComputedConfigs), { ...parsed.runComputedConfigs });
}

describe('run body reader', () => {
  const sim = useSimulator({ seed: 9, hostile: true, bigContextBytes: 200_000 });
  const body = async (uuid: string) => (await fetch(`${sim.url}/orchestration/runs/${uuid}`, { headers: { authorization: `Bearer ${sim.token}` } })).text();

  test('the run and every node of a real body, in chunks of any size', async () => {
    const text = await body(sim.fixtures.runs.failed);
    for (const size of [1, 2, 3, 7, 64, 1000, text.length]) assertAgrees(text, size);
  });

  test('hostile keys and strings (quotes, backslashes, markup, __proto__), and a value nested 20,000 levels', async () => {
    const hostile = sim.fixtures.runs.hostile;
    assert.ok(hostile);
    for (const size of [7, 4096]) assertAgrees(await body(hostile), size);
    const deep = sim.fixtures.runs.deepContext;
    assert.ok(deep);
    const text = await body(deep);
    const { layout } = read(text, 65_536);
    const range = layout?.runContext.get('deep_output');
    assert.ok(range, 'the deep node is found');
    assert.equal(range.depth, 20_000);
    assert.equal(text.slice(range.start, range.end), `${'{"level":'.repeat(20_000)}"bottom"${'}'.repeat(20_000)}`);
  });

  test('a big body: the run arrives with the first chunk, long before the context', async () => {
    const uuid = sim.fixtures.runs.bigContext;
    assert.ok(uuid);
    const text = await body(uuid);
    const { runText, runAfterChunk, layout } = read(text, 16_384);
    assert.ok(runText);
    assert.ok(runAfterChunk <= Math.ceil(JSON.stringify(JSON.parse(runText)).length / 16_384), `the run came with chunk ${runAfterChunk}`);
    assert.ok(layout && layout.runContext.size > 0);
    assertAgrees(text, 16_384);
  });

  test('escapes across chunk boundaries, odd keys, pretty-printed bodies, every kind of value', () => {
    const value = {
      run: { uuid: 'r', note: 'a "quoted" \\ back\\\\slash \\" end', list: [1, [2, { x: '}' }]] },
      runContext: {
        'we"ird\\key': 'x\\',
        '': null,
        n: -12.5e3,
        t: true,
        f: false,
        s: '\u2028 \ud83d\ude00 ]}',
        a: [],
        o: {},
        nested: { deep: [[['x']]] },
        __proto__slug: 1,
      },
      runComputedConfigs: {},
    };
    for (const text of [JSON.stringify(value), JSON.stringify(value, null, 2), JSON.stringify(value, null, '\t').replace(/\n/g, '\r\n')]) {
      for (const size of [1, 2, 3, 5, 8, text.length]) assertAgrees(text, size);
      const layout = read(text, 3).layout;
      assert.equal(layout?.runContext.get('nested')?.depth, 4);
      assert.equal(layout?.runContext.get('s')?.depth, 0);
      assert.equal(layout?.runContext.get('o')?.depth, 1);
    }
    // A key written twice keeps its last value, as JSON.parse does.
    const repeated = '{"run":{},"runContext":{"a":1,"a":[2]},"runComputedConfigs":{}}';
    assert.deepEqual(valuesOf(repeated, read(repeated, 4).layout?.runContext ?? new Map()), { a: [2] });
  });

  test('the run member anywhere is found when it ends; bodies of another shape give no layout', () => {
    const late = '{"runContext":{"a":1},"runComputedConfigs":{},"run":{"uuid":"x"}}';
    assert.deepEqual(JSON.parse(read(late, 5).runText ?? 'null'), { uuid: 'x' });
    for (const text of ['[1,2]', '"text"', '{"run":{}}trailing', '{"run":{}', '<html>502</html>', '{"run":{"a":1}\u0000<html>', '']) {
      assert.equal(read(text, 3).layout, undefined, JSON.stringify(text));
    }
    // A body cut off after the run still gives the run: the first screen can show while the rest is awaited.
    assert.deepEqual(JSON.parse(read('{"run":{"uuid":"x"},"runContext":{"a":', 4).runText ?? 'null'), { uuid: 'x' });
  });
});

describe('getRunAsSent, read as it arrives', () => {
  const sim = useSimulator({ seed: 9, bigContextBytes: 3_000_000 }, { retryBaseDelayMs: 1, maxRetryDelayMs: 5 });
  const client = () => sim.client();

  test('the run is heard before the body has arrived, progress counts up to the announced size, and the layout matches the parsed values', async () => {
    const uuid = sim.fixtures.runs.bigContext;
    assert.ok(uuid);
    const events: ({ kind: 'run'; uuid: string } | { kind: 'progress'; received: number; total: number | undefined })[] = [];
    const sent = await client().getRunAsSent(uuid, undefined, {
      onRun: (run) => events.push({ kind: 'run', uuid: run.uuid }),
      onProgress: (received, total) => events.push({ kind: 'progress', received, total }),
    });
    const runAt = events.findIndex((event) => event.kind === 'run');
    const progress = events.filter((event) => event.kind === 'progress');
    assert.deepEqual(events[runAt], { kind: 'run', uuid });
    assert.ok(runAt < events.length - 1 && progress.length > 2, `the run came with piece ${runAt} of ${progress.length}`);
    const bytes = Buffer.byteLength(sent.text);
    assert.ok(progress.every((event, i) => event.total === bytes && (i === 0 || event.received >= (progress[i - 1]?.received ?? 0))));
    assert.equal(progress.at(-1)?.received, bytes);
    assert.ok(sent.layout);
    assert.deepEqual([...sent.layout.runContext.keys()].sort(), Object.keys(sent.details.runContext).sort());
    for (const [slug, range] of sent.layout.runComputedConfigs)
      assert.deepEqual(JSON.parse(sent.text.slice(range.start, range.end)), sent.details.runComputedConfigs[slug]);
  });

  test('wantsRun false: the run part is not parsed early (onRun never called), asked once when it has arrived', async () => {
    const uuid = sim.fixtures.runs.bigContext;
    assert.ok(uuid);
    let asked = 0;
    let heard = 0;
    const sent = await client().getRunAsSent(uuid, undefined, {
      wantsRun: () => {
        asked++;
        return false;
      },
      onRun: () => heard++,
    });
    assert.equal(asked, 1);
    assert.equal(heard, 0);
    assert.equal(sent.details.run.uuid, uuid, 'the whole run still arrives');
  });

  test('a body cut off halfway is read again from the start; a body that is not JSON fails as before', async () => {
    const uuid = sim.fixtures.runs.succeeded;
    sim.addFault({ fault: { kind: 'truncated' }, method: 'GET', path: `/runs/${uuid}`, times: 1 });
    const received: number[] = [];
    let runs = 0;
    const sent = await client().getRunAsSent(uuid, undefined, { onRun: () => runs++, onProgress: (bytes) => received.push(bytes) });
    const whole = await (await fetch(`${sim.url}/orchestration/runs/${uuid}`, { headers: { authorization: `Bearer ${sim.token}` } })).text();
    assert.deepEqual(JSON.parse(sent.text), JSON.parse(whole));
    assert.equal(received.at(-1), Buffer.byteLength(sent.text));
    assert.ok(runs >= 1);
    assert.ok(sent.layout);
    sim.addFault({ fault: { kind: 'malformedJson' }, method: 'GET', path: `/runs/${uuid}`, times: 1 });
    await assert.rejects(client().getRunAsSent(uuid), (error: Error) => error.name === 'CargoSchemaError');
  });
});
