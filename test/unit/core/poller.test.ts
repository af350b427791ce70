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
