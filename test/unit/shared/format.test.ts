import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  durationBetween,
  firstLine,
  formatCount,
  formatCountInFull,
  formatDuration,
  formatLocalTime,
  formatRelativeTime,
  formatShare,
  formatTimeWithAgo,
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
  assert.equal(formatRelativeTime('2026-01-05T10:00:00Z', now), '10 mo ago');
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
  assert.equal(formatCountInFull(73), '73');
  assert.equal(formatCountInFull(1000), '1,000');
  assert.equal(formatCountInFull(1_234_567), '1,234,567');
  assert.equal(formatCountInFull(2.5), '2.5');
  assert.equal(formatCountInFull(Number.NaN), '');
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

test('rows and pickers say when in one style at every age: never "29 d ago" beside "3 Nov 2026"', () => {
  const day = 86_400_000;
  assert.equal(formatRelativeTime(ago(29 * day), now), '29 d ago');
  assert.equal(formatRelativeTime(ago(40 * day), now), '1 mo ago');
  assert.equal(formatRelativeTime(ago(364 * day), now), '12 mo ago');
  assert.equal(formatRelativeTime(ago(800 * day), now), '2 y ago');
  for (const days of [1, 29, 30, 31, 100, 365, 3000]) assert.match(formatRelativeTime(ago(days * day), now), / ago$/, `${days} days`);
});

test('hovers and the run panel say when in local time, with how long ago: "6 Dec 2026, 14:03 (2 min ago)"', () => {
  const zone = process.env.TZ;
  try {
    // Half an hour off UTC: a time shown in UTC, or a zone's whole hours, would show.
    process.env.TZ = 'Asia/Kolkata';
    const iso = '2026-12-06T08:33:10.000Z';
    assert.equal(formatLocalTime(iso), '6 Dec 2026, 14:03');
    assert.equal(formatTimeWithAgo(iso, Date.parse(iso) + 2 * 60_000), '6 Dec 2026, 14:03 (2 min ago)');
    process.env.TZ = 'America/New_York';
    assert.equal(formatLocalTime('2026-01-01T03:00:00.000Z'), '31 Dec 2025, 22:00');
  } finally {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  }
  assert.equal(formatTimeWithAgo(null), '');
  assert.equal(formatTimeWithAgo('not a date'), '');
});

test('numbers in sentences are written in full; abbreviations are for compact row descriptions', () => {
  assert.equal(formatCountInFull(1000), '1,000');
  assert.equal(formatCountInFull(73), '73');
  assert.equal(formatCountInFull(1_234_567), '1,234,567');
  assert.equal(formatCountInFull(0.1 + 0.2), '0.3');
  assert.equal(pluralInFull(1000, 'run'), '1,000 runs');
  assert.equal(pluralInFull(1, 'run'), '1 run');
  assert.equal(formatCount(1000), '1k');
});
