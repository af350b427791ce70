import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdaptivePoller, type PollOutcome } from '../../../src/core/poller';
import { ManualTimers } from '../support/timers';

const options = { intervalMs: 10_000, maxIntervalMs: 60_000, backoffFactor: 2 };

test('backs off while nothing changes and resets on a change', async () => {
  const timers = new ManualTimers();
  const outcomes: PollOutcome[] = [{ changed: false }, { changed: false }, { changed: true }, { changed: false }];
  let polls = 0;
  const poller = new AdaptivePoller(async () => outcomes[polls++] ?? { changed: false }, options, timers);
  poller.setActive(true);
  const delays = [];
  for (let i = 0; i < 5; i++) delays.push(await timers.fireNext());
  assert.deepEqual(delays, [10_000, 20_000, 40_000, 10_000, 20_000]);
  assert.equal(polls, 5);
  poller.dispose();
});

test('caps the interval and honours Retry-After', async () => {
  const timers = new ManualTimers();
  const poller = new AdaptivePoller(async () => ({ changed: false, retryAfterMs: 90_000 }), options, timers);
  poller.setActive(true);
  await timers.fireNext();
  assert.equal(timers.pending[0]?.ms, 90_000);
  poller.dispose();
  assert.equal(timers.pending.length, 0);
});

test('inactive pollers schedule nothing and abort a poll in flight', async () => {
  const timers = new ManualTimers();
  let aborted = false;
  const poller = new AdaptivePoller(
    (signal) =>
      new Promise<PollOutcome>((resolve) => {
        signal.addEventListener('abort', () => {
          aborted = true;
          resolve({ changed: false });
        });
      }),
    options,
    timers,
  );
  poller.setActive(true);
  await timers.fireNext();
  poller.setActive(false);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(aborted, true);
  assert.equal(timers.pending.length, 0);
});

test('a failing poll counts as no change and polling goes on', async () => {
  const timers = new ManualTimers();
  const poller = new AdaptivePoller(
    async () => {
      throw new Error('boom');
    },
    options,
    timers,
  );
  poller.setActive(true);
  await timers.fireNext();
  assert.equal(timers.pending[0]?.ms, 20_000);
  poller.dispose();
});

test('with a steady spell, polls that find nothing keep the shortest interval that long, then back off; a change starts the spell again', async () => {
  const timers = new ManualTimers();
  const changedAt = new Set([8]);
  let polls = 0;
  const poller = new AdaptivePoller(async () => ({ changed: changedAt.has(++polls) }), { ...options, intervalMs: 1_500, steadyMs: 10_000 }, timers);
  poller.setActive(true);
  const delays = [];
  for (let i = 0; i < 12; i++) delays.push(await timers.fireNext());
  // 6 quiet polls add up to 9 s (under 10 s), the 7th to 10.5 s: from then on, ×2 per poll; the 8th found a change.
  assert.deepEqual(delays, [1_500, 1_500, 1_500, 1_500, 1_500, 1_500, 1_500, 3_000, 1_500, 1_500, 1_500, 1_500]);
  assert.equal(timers.pending[0]?.ms, 1_500);
  poller.dispose();
});
