// What counts on in the run panel between live updates (src/webview/ticking.ts), with the clock and the
// timers mocked: a running duration counts each second, a time's "ago" each 30 s, and an element taken
// off the page is let go (put back, it no longer counts).
import { before, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTimeWithAgo } from '../../../src/shared/format';
import type * as Ticking from '../../../src/webview/ticking';
import { FakeElement, installFakeDom } from '../support/fakeDom';

installFakeDom();

const START = Date.parse('2026-12-06T12:00:00.000Z');
let ticking: typeof Ticking;
before(async () => {
  // Mocked before the module loads: its intervals are made when it does.
  mock.timers.enable({ apis: ['setInterval', 'Date'], now: START });
  ticking = await import('../../../src/webview/ticking.js');
});

const onPage = () => {
  const element = new FakeElement('span');
  (document.body as unknown as FakeElement).append(element);
  return element;
};

describe('the run panel’s counters', () => {
  test('a running duration counts each second while it is on the page; taken off, it is let go', () => {
    const running = onPage();
    const off = onPage();
    ticking.countDuration(running as unknown as Element, new Date(START - 5_000).toISOString());
    ticking.countDuration(off as unknown as Element, new Date(START - 5_000).toISOString());
    off.remove();
    mock.timers.tick(1_000);
    assert.equal(running.textContent, '6 s');
    assert.equal(off.textContent, '', 'off the page: not counted');
    (document.body as unknown as FakeElement).append(off);
    mock.timers.tick(1_000);
    assert.equal(running.textContent, '7 s');
    assert.equal(off.textContent, '', 'let go when it was off the page');
    running.remove();
  });

  test('a time says how long ago, again each 30 s', () => {
    const created = onPage();
    const iso = new Date(Date.now() - 2 * 60_000).toISOString();
    ticking.countAge(created as unknown as Element, iso);
    mock.timers.tick(30_000);
    assert.equal(created.textContent, formatTimeWithAgo(iso));
    assert.match(created.textContent, /\(2 min ago\)$/);
    mock.timers.tick(60_000);
    assert.match(created.textContent, /\(3 min ago\)$/);
    created.remove();
  });
});
