import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  durationBetween,
  firstLine,
  formatCount,
  formatDuration,
  formatNumber,
  formatRelativeTime,
  formatShare,
  pluralInFull,
} from '../../../src/shared/format';

const now = Date.parse('2026-11-22T12:00:00.000Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

test('relative times read like a person would say them', () => {
  assert.equal(formatRelativeTime(ago(3_000), now), 'just now');
  assert.equal(formatRelativeTime(ago(45_000), now), '45 s ago');
  assert.equal(formatRelativeTime(ago(12 * 60_000), now), '12 min ago');
  assert.equal(formatRelativeTime(ago(2 * 3_600_000 + 5), now), '2 h ago');
  assert.equal(formatRelativeTime(ago(3 * 86_400_000), now), '3 d ago');
  assert.equal(formatRelativeTime('2026-01-05T10:00:00Z', now), '5 Jan 2026');
  assert.equal(formatRelativeTime(null, now), '');
  assert.equal(formatRelativeTime('not a date', now), '');
});

test('durations keep two units at most', () => {
  assert.equal(formatDuration(850), '850 ms');
  assert.equal(formatDuration(12_400), '12 s');
  assert.equal(formatDuration(184_000), '3 min 4 s');
  assert.equal(formatDuration(180_000), '3 min');
  assert.equal(formatDuration(2 * 3_600_000 + 5 * 60_000), '2 h 5 min');
  assert.equal(formatDuration(-1), '');
  assert.equal(durationBetween('2026-11-22T11:59:00Z', null, now), 60_000);
  assert.equal(durationBetween('2026-11-22T11:59:00Z', '2026-11-22T11:59:30Z', now), 30_000);
  assert.equal(durationBetween(null, null, now), undefined);
});

test('counts are compact', () => {
  assert.equal(formatCount(950), '950');
  assert.equal(formatCount(1234), '1.2k');
  assert.equal(formatCount(1000), '1k');
  assert.equal(formatCount(12_345), '12k');
  assert.equal(formatCount(3_400_000), '3.4M');
  assert.equal(formatCount(0.25), '0.25');
});

test('numbers in sentences are in full', () => {
  assert.equal(formatNumber(73), '73');
  assert.equal(formatNumber(1000), '1,000');
  assert.equal(formatNumber(1_234_567), '1,234,567');
  assert.equal(formatNumber(2.5), '2.5');
  assert.equal(formatNumber(Number.NaN), '');
  assert.equal(pluralInFull(1000, 'run'), '1,000 runs');
  assert.equal(pluralInFull(1, 'run'), '1 run');
});

test('firstLine cuts long and multi-line messages', () => {
  assert.equal(firstLine('HubSpot 429\nstack trace…'), 'HubSpot 429');
  assert.equal(firstLine('x'.repeat(200), 10), `${'x'.repeat(9)}…`);
  assert.equal(firstLine(null), '');
});

test('counts stay compact at every scale: k, M, B, T', () => {
  assert.equal(formatCount(999_600_000), '1B');
  assert.equal(formatCount(1_234_567_890), '1.2B');
  assert.equal(formatCount(45_000_000_000), '45B');
  assert.equal(formatCount(3.2e12), '3.2T');
  assert.equal(formatCount(1e15), '1000T');
  assert.equal(formatCount(-2_500_000), '-2.5M');
  assert.ok(formatCount(1e21).length <= 8, formatCount(1e21));
});

test('shares read as percentages, never "0%" of something nor "100%" of less than all', () => {
  assert.equal(formatShare(0), '0%');
  assert.equal(formatShare(Number.NaN), '0%');
  assert.equal(formatShare(0.0004), 'under 0.1%');
  assert.equal(formatShare(0.001), '0.1%');
  assert.equal(formatShare(0.069), '6.9%');
  assert.equal(formatShare(0.01), '1%');
  assert.equal(formatShare(0.4333), '43%');
  assert.equal(formatShare(0.9996), '99%');
  assert.equal(formatShare(1), '100%');
});
