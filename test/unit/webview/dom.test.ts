// The webview's local times: made with formatters made once, they read exactly as Date's own
// toLocaleString() and toLocaleTimeString() (the header, the executions and the timeline used those).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { localDateTime, localTime, localTimeOfDay } from '../../../src/webview/dom';

describe('webview local times', () => {
  const moments = [Date.UTC(2026, 11, 6, 19, 31, 52), Date.UTC(2026, 0, 1, 0, 0, 0), Date.UTC(1999, 11, 31, 23, 59, 59, 999)];

  test("a date and time reads as Date's toLocaleString(), a time of day as its toLocaleTimeString()", () => {
    for (const moment of moments) {
      assert.equal(localDateTime(moment), new Date(moment).toLocaleString());
      assert.equal(localTimeOfDay(moment), new Date(moment).toLocaleTimeString());
      assert.equal(localTime(new Date(moment).toISOString()), new Date(moment).toLocaleString());
    }
  });

  test('a moment that is not one reads "Invalid Date", as Date says it, instead of throwing; an ISO text that is not a date is shown as it came', () => {
    assert.equal(localDateTime(Number.NaN), String(new Date(Number.NaN)));
    assert.equal(localTimeOfDay(Number.POSITIVE_INFINITY), 'Invalid Date');
    assert.equal(localTime('not a date'), 'not a date');
    assert.equal(localTime(null), '');
  });
});
