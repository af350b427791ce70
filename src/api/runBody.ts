// The body of GET /runs/{uuid} read as it arrives: where the run ends (so that the first screen can
// show it before megabytes of context have arrived), and where each node's context and computed
// config lie in the text (so that a node whose text did not change need not be hashed again). A scan
// of JSON's structure only (strings, brackets, commas, colons): it parses no values, and the body is
// still parsed whole as before. On anything unexpected it gives up quietly, and callers do without.

import type { BodyText } from './bodyText';

/** Where a value lies in the body: text.slice(start, end), possibly with whitespace after it. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** A member of runContext or runComputedConfigs: where its value lies, and how deeply it nests. */
export interface NodeRange extends TextRange {
  /** Containers open at once inside the value: 0 for a string, number, true, false or null. */
  readonly depth: number;
}

/** Where the parts of a whole body lie. Keys as JSON.parse reads them; a repeated key keeps its last value, as with JSON.parse. */
export interface RunBodyLayout {
  readonly runContext: ReadonlyMap<string, NodeRange>;
  readonly runComputedConfigs: ReadonlyMap<string, NodeRange>;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** A run member larger than this is not kept for an early look (it would not be early). */
const MAX_RUN_TEXT = 16 * 1024 * 1024;

/** The object at one of the two depths followed: the body's own, and runContext's or runComputedConfigs'. */
interface Level {
  /** What comes next: a key, the colon after it, the value, or (after the value's first character) the comma or brace that ends it. */
  expect: 'key' | 'colon' | 'value' | 'end';
  key: string | undefined;
  /** Where the current value began. */
  start: number;
}

class NotARunBody extends Error {}

export class RunBodyReader {
  /** Characters read before the current chunk. */
  private offset = 0;
  /** Containers open. */
  private depth = 0;
  private inString = false;
  /** Backslashes in a row at the end of the last chunk, inside a string: an odd number escapes the next quote. */
  private backslashes = 0;
  /** The pieces of a key being read, and the level it belongs to. */
  private key: { parts: string[]; level: Level } | undefined;
  private readonly body: Level = newLevel();
  private node: Level = newLevel();
  /** The object at depth 2 is runContext or runComputedConfigs, whose members are followed. */
  private section: 'runContext' | 'runComputedConfigs' | undefined;
  /** Deepest nesting inside the node value under way (absolute depth). */
  private peak = 0;
  private broken = false;
  private ended = false;
  private readonly members = { runContext: new Map<string, NodeRange>(), runComputedConfigs: new Map<string, NodeRange>() };
  /** The chunks from the one the run member starts in, until it has ended. */
  private runChunks: { base: number; parts: string[]; length: number } | undefined;
  private run: { start: number; end: number | undefined } | undefined;
  private runText: string | undefined;

  /** The next piece of the body's text. Never throws. */
  push(chunk: string): void {
    if (this.broken) return;
    try {
      this.scan(chunk);
    } catch {
      // Not the body expected (or not JSON): nothing is known of it but its text.
      this.broken = true;
      this.runChunks = undefined;
    }
    const collected = this.runChunks;
    if (collected && this.run) {
      collected.parts.push(chunk);
      collected.length += chunk.length;
      if (this.run.end !== undefined) {
        this.runText = collected.parts.join('').slice(this.run.start - collected.base, this.run.end - collected.base);
        this.runChunks = undefined;
      } else if (collected.length > MAX_RUN_TEXT) this.runChunks = undefined;
    }
    this.offset += chunk.length;
  }

  /** The text of the `run` member, once, as soon as it has arrived whole. */
  takeRunText(): string | undefined {
    const text = this.runText;
    this.runText = undefined;
    return text;
  }

  /** Where each node's values lie, once the whole body (`length` characters) has been read and made sense. */
  layout(length: number): RunBodyLayout | undefined {
    if (this.broken || !this.ended || this.inString || this.offset !== length) return undefined;
    return this.members;
  }

  private scan(chunk: string): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (this.inString) {
        // To the next quote: it ends the string unless an odd number of backslashes come before it.
        const quote = chunk.indexOf('"', i);
        if (quote < 0) {
          let trailing = 0;
          while (trailing < n - i && chunk.charCodeAt(n - 1 - trailing) === BACKSLASH) trailing++;
          this.backslashes = trailing === n - i ? this.backslashes + trailing : trailing;
          this.key?.parts.push(chunk.slice(i));
          return;
        }
        let before = 0;
        while (quote - before > i && chunk.charCodeAt(quote - before - 1) === BACKSLASH) before++;
        if (quote - before === i) before += this.backslashes;
        this.backslashes = 0;
        this.key?.parts.push(chunk.slice(i, quote + 1));
        i = quote + 1;
        if (before % 2 === 1) continue;
        this.inString = false;
        if (this.key) this.endKey(this.key);
        continue;
      }
      const c = chunk.charCodeAt(i);
      const at = this.offset + i;
      i++;
      if (isSpace(c)) continue;
      if (this.ended) throw new NotARunBody();
      const level = this.depth === 1 ? this.body : this.depth === 2 && this.section ? this.node : undefined;
      if (level) {
        if (level.expect === 'key') {
          if (c === QUOTE) {
            this.inString = true;
            this.key = { parts: [], level };
          } else if (c === CLOSE_OBJECT && level.key === undefined) this.close();
          else throw new NotARunBody();
          continue;
        }
        if (level.expect === 'colon') {
          if (c !== COLON) throw new NotARunBody();
          level.expect = 'value';
          continue;
        }
        if (level.expect === 'value') {
          level.start = at;
          level.expect = 'end';
          if (level === this.body) {
            const key = level.key;
            this.section = c === OPEN_OBJECT && (key === 'runContext' || key === 'runComputedConfigs') ? key : undefined;
            if (this.section) this.node = newLevel();
            if (key === 'run' && !this.run) {
              this.run = { start: at, end: undefined };
              this.runChunks = { base: this.offset, parts: [], length: 0 };
            }
          } else this.peak = this.depth;
          // The value's first character is read below, like any other.
        } else if (c === COMMA || c === CLOSE_OBJECT) {
          // expect === 'end': the comma or brace after the value.
          this.record(level, at);
          level.expect = 'key';
          level.key = undefined;
          if (c === CLOSE_OBJECT) this.close();
          continue;
        } else if (c === CLOSE_ARRAY) throw new NotARunBody();
      }
      if (c === QUOTE) this.inString = true;
      else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (this.depth === 0 && c !== OPEN_OBJECT) throw new NotARunBody();
        this.depth++;
        if (this.depth > this.peak) this.peak = this.depth;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) this.close();
      // Anything else is part of a number or a literal, or a comma or colon inside a value.
    }
  }

  private close(): void {
    if (this.depth <= 0) throw new NotARunBody();
    this.depth--;
    if (this.depth === 0) this.ended = true;
    if (this.depth === 1) this.section = undefined;
  }

  private endKey(key: { parts: string[]; level: Level }): void {
    this.key = undefined;
    // The parts end with the closing quote.
    key.level.key = JSON.parse(`"${key.parts.join('')}`) as string;
    key.level.expect = 'colon';
  }

  /** The member under way at `level` ends at `end`, the comma or brace after it. */
  private record(level: Level, end: number): void {
    const key = level.key;
    if (key === undefined) return;
    if (level === this.body) {
      if (key === 'run' && this.run?.end === undefined && this.run?.start === level.start) this.run.end = end;
      return;
    }
    if (this.section) this.members[this.section].set(key, { start: level.start, end, depth: Math.max(0, this.peak - 2) });
  }
}

function newLevel(): Level {
  return { expect: 'key', key: undefined, start: 0 };
}

/**
 * Node values at least this long are parsed when first read rather than with the body: JSON.parse of a
 * 50 MB context holds the extension host for a second or more, and the panel shows such a value only
 * when it is opened (the header, the executions and the other nodes need none of it).
 */
export const LAZY_VALUE_CHARS = 1024 * 1024;

type Section = keyof RunBodyLayout;

/** A node value left out of the body's parse, and where it lies. */
export interface LargeValue {
  readonly section: Section;
  readonly key: string;
  readonly range: NodeRange;
}

export function largeValues(layout: RunBodyLayout, minChars = LAZY_VALUE_CHARS): LargeValue[] {
  const found: LargeValue[] = [];
  for (const section of ['runContext', 'runComputedConfigs'] as const) {
    for (const [key, range] of layout[section]) if (range.end - range.start >= minChars) found.push({ section, key, range });
  }
  return found.sort((a, b) => a.range.start - b.range.start);
}

/** The body's text with each large value replaced by null: what is parsed at once. Only that much is copied, not the large values. */
export function withoutLargeValues(body: BodyText, large: readonly LargeValue[]): string {
  if (large.length === 0) return body.toString();
  const pieces: string[] = [];
  let at = 0;
  for (const { range } of large) {
    pieces.push(body.slice(at, range.start), 'null');
    at = range.end;
  }
  pieces.push(body.slice(at));
  return pieces.join('');
}

/**
 * Puts the large values back into the parsed body, each parsed from its text the first time it is read
 * (then kept as a plain value). Reading every value (Object.entries, JSON.stringify) parses them all.
 */
export function attachLargeValues(details: Record<Section, Record<string, unknown>>, body: BodyText, large: readonly LargeValue[]): void {
  for (const { section, key, range } of large) {
    const record = details[section];
    if (typeof record !== 'object' || record === null || record[key] !== null) continue;
    const settle = (value: unknown) => {
      Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
      return value;
    };
    Object.defineProperty(record, key, {
      enumerable: true,
      configurable: true,
      get: () => settle(JSON.parse(body.slice(range.start, range.end))),
      set: settle,
    });
  }
}
