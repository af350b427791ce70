// A body kept in the pieces it arrived in (BodyText): its length, slices, characters and comparisons
// are those of the joined text wherever the pieces are cut (surrogate pairs included), toString is the
// text, and getRunAsSent over such a body gives the same run, the same layout and exact lazy values.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { useSimulator } from '../support/simulator';
import { BodyText, BodyTextBuilder } from '../../../src/api/bodyText';
import { CargoClient } from '../../../src/api/client';
import { attachLargeValues, largeValues, RunBodyReader, withoutLargeValues } from '../../../src/api/runBody';
import { RunValues } from '../../../src/runPanel/runView';

/** A small deterministic random source. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** `text` cut into pieces of 1 to `most` UTF-16 code units (surrogate pairs cut in two when they fall so). */
function cut(text: string, most: number, next: () => number): string[] {
  const pieces: string[] = [];
  for (let at = 0; at < text.length;) {
    const size = 1 + Math.floor(next() * most);
    pieces.push(text.slice(at, at + size));
    at += size;
  }
  return pieces;
}

const SAMPLE = Array.from({ length: 400 }, (_, i) => `{"n":${i},"s":"é😀中\\"x${' '.repeat(i % 3)}"}`).join(',\n');

describe('BodyText', () => {
  test('length, slices, characters and toString are those of the joined text, wherever the pieces are cut', () => {
    const next = random(1);
    for (const most of [1, 3, 17, 250, SAMPLE.length]) {
      const body = BodyText.fromPieces(cut(SAMPLE, most, next));
      assert.equal(body.length, SAMPLE.length);
      for (let k = 0; k < 300; k++) {
        const a = Math.floor(next() * (SAMPLE.length + 1));
        const b = Math.floor(next() * (SAMPLE.length + 1));
        const [start, end] = a <= b ? [a, b] : [b, a];
        assert.equal(body.slice(start, end), SAMPLE.slice(start, end), `pieces up to ${most}: slice(${start}, ${end})`);
        assert.equal(body.charCodeAt(start), SAMPLE.charCodeAt(start));
      }
      assert.equal(body.slice(), SAMPLE);
      assert.equal(body.slice(5, 2), '');
      assert.equal(body.slice(SAMPLE.length - 3, SAMPLE.length + 10), SAMPLE.slice(-3));
      assert.ok(Number.isNaN(body.charCodeAt(SAMPLE.length)));
      const whole = body.toString();
      assert.equal(whole, SAMPLE);
      assert.equal(body.toString(), whole, 'joined once, then kept');
      assert.equal(body.slice(100, 2000), SAMPLE.slice(100, 2000), 'slices still exact once joined');
    }
  });

  test('a long slice across many pieces (left as a rope) is exact, and parses', () => {
    const value = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ i, s: `😀${i}é` })));
    const text = `{"a":${value},"b":1}`;
    const body = BodyText.fromPieces(cut(text, 5_000, random(2)));
    const slice = body.slice(5, 5 + value.length);
    assert.ok(slice.length > 64 * 1024);
    assert.equal(slice, value);
    assert.deepEqual(JSON.parse(body.slice(5, 5 + value.length)), JSON.parse(value));
  });

  test('texts compare equal however they are cut, and a change anywhere (a piece boundary, a half of a surrogate pair) is seen', () => {
    const next = random(3);
    const a = BodyText.fromPieces(cut(SAMPLE, 40, next));
    const b = BodyText.fromPieces(cut(SAMPLE, 900, next));
    assert.ok(a.equals(b) && b.equals(a) && a.equals(a));
    assert.ok(a.equals(BodyText.of(SAMPLE)));
    assert.ok(a.sameText(10, 3000, b, 10, 3000));
    const shifted = BodyText.fromPieces(cut(`zz${SAMPLE}`, 70, next));
    assert.ok(a.sameText(7, 2500, shifted, 9, 2502), 'the same text at different places');
    assert.ok(!a.sameText(7, 2500, shifted, 8, 2501));
    assert.ok(!a.sameText(0, 100, b, 0, 101), 'lengths differ');
    for (let k = 0; k < 200; k++) {
      const at = Math.floor(next() * SAMPLE.length);
      const changed = `${SAMPLE.slice(0, at)}${String.fromCharCode(SAMPLE.charCodeAt(at) ^ 1)}${SAMPLE.slice(at + 1)}`;
      const other = BodyText.fromPieces(cut(changed, 60, next));
      assert.ok(!a.equals(other), `a change at ${at}`);
      assert.ok(a.sameText(0, at, other, 0, at), 'the part before it is the same');
    }
    assert.ok(!BodyText.of('ab').equals(BodyText.of('abc')));
    assert.ok(BodyText.fromPieces([]).equals(BodyText.of('')));
  });

  test('blank is whitespace only, whatever the pieces', () => {
    assert.ok(BodyText.fromPieces([' \n', '', '\t ']).isBlank());
    assert.ok(BodyText.fromPieces([]).isBlank());
    assert.ok(!BodyText.fromPieces([' ', ' {', '}']).isBlank());
  });

  test('the builder joins small pieces into larger ones as they come; the text is theirs joined', () => {
    const builder = new BodyTextBuilder(1000);
    const pieces = cut(SAMPLE.repeat(3), 70, random(4));
    for (const piece of pieces) builder.push(piece);
    builder.push('');
    const body = builder.finish();
    assert.equal(body.toString(), pieces.join(''));
  });

  test('large values left out of the parse and attached lazily are exact across pieces', () => {
    const details = {
      run: { uuid: 'r' },
      runContext: { small: { a: 1 }, big: Array.from({ length: 3000 }, (_, i) => `😀 ${i} "q" \\ é`), after: [true, null] },
      runComputedConfigs: { big: { nested: { deep: 'x'.repeat(5000) } }, tiny: 2 },
    };
    const text = JSON.stringify(details, null, 1);
    const reader = new RunBodyReader();
    const pieces = cut(text, 333, random(5));
    for (const piece of pieces) reader.push(piece);
    const body = BodyText.fromPieces(pieces);
    const layout = reader.layout(body.length);
    assert.ok(layout);
    const large = largeValues(layout, 1000);
    assert.equal(large.length, 2);
    const parsed = JSON.parse(withoutLargeValues(body, large)) as typeof details;
    attachLargeValues(parsed, body, large);
    assert.ok(Object.getOwnPropertyDescriptor(parsed.runContext, 'big')?.get, 'not parsed yet');
    assert.deepEqual(parsed, details);
  });
});

describe('getRunAsSent over a body whose characters are cut between chunks', () => {
  const sim = useSimulator({ seed: 11 });
  let server: Server;
  let url = '';
  let body = '';
  let expected: { runContext: Record<string, unknown>; runComputedConfigs: Record<string, unknown> } & Record<string, unknown>;
  const uuid = 'emoji-run';

  before(async () => {
    const sent = await sim.client().getRunAsSent(sim.fixtures.runs.succeeded ?? '');
    expected = JSON.parse(sent.text) as typeof expected;
    // Mostly 4-byte and 2-byte UTF-8: chunk boundaries fall inside characters, surrogate pairs included.
    expected.runContext.emoji = Array.from({ length: 250_000 }, (_, i) => `😀é${i % 10}中`).join('');
    expected.runContext.list = Array.from({ length: 60_000 }, (_, i) => ({ i, s: '🎉' }));
    body = JSON.stringify(expected);
    server = createServer((_request, response) => {
      const bytes = Buffer.from(body);
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
      // Odd-sized writes, each after the previous was taken: the reader sees many chunks.
      const write = (at: number): void => {
        if (at >= bytes.length) {
          response.end();
          return;
        }
        const end = Math.min(bytes.length, at + 65_537);
        if (response.write(bytes.subarray(at, end))) setImmediate(() => write(end));
        else response.once('drain', () => write(end));
      };
      write(0);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test('the text is the body exactly, slices across pieces are exact, large values parse lazily and exactly, unchanged nodes are told by their text', async () => {
    const client = new CargoClient({ baseUrl: url, token: 'dev-token' });
    let chunks = 0;
    const sent = await client.getRunAsSent(uuid, undefined, { onProgress: () => chunks++ });
    assert.ok(chunks > 5, `${chunks} chunks`);
    assert.equal(sent.body.length, body.length);
    const next = random(6);
    for (let k = 0; k < 200; k++) {
      const start = Math.floor(next() * body.length);
      // Most short (within a piece or across one boundary), some of megabytes (across several pieces).
      const end = Math.min(body.length, start + Math.floor(next() * (k % 10 === 0 ? 3 * 1024 * 1024 : 4096)));
      assert.equal(sent.body.slice(start, end), body.slice(start, end));
    }
    assert.ok(sent.layout);
    const lazy = Object.keys(sent.details.runContext).filter((slug) => Object.getOwnPropertyDescriptor(sent.details.runContext, slug)?.get);
    assert.deepEqual(lazy.sort(), ['emoji', 'list']);
    assert.deepEqual(sent.details.runContext, expected.runContext);
    assert.deepEqual(sent.details.runComputedConfigs, expected.runComputedConfigs);
    assert.equal(sent.text, body);

    const values = new RunValues();
    const first = values.update(await client.getRunAsSent(uuid));
    const again = values.update(await client.getRunAsSent(uuid));
    first.context.forEach((node, i) => assert.equal(again.context[i], node, `${node.slug}: the same entry`));
    const emoji = first.context.find((node) => node.slug === 'emoji');
    assert.equal(emoji?.size, JSON.stringify(expected.runContext.emoji).length);
    // The same length, one character different: a new digest.
    const changed = body.replace('😀é0中', '😀é1中');
    const reader = new RunBodyReader();
    reader.push(changed);
    const third = values.update({ details: sent.details, body: BodyText.of(changed), layout: reader.layout(changed.length) });
    for (const node of third.context) {
      const before = again.context.find((candidate) => candidate.slug === node.slug);
      if (node.slug === 'emoji') assert.notEqual(node.digest, before?.digest);
      else assert.equal(node, before, node.slug);
    }
  });
});
