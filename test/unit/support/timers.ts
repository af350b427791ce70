// Timers a test advances by hand, so it sees every delay a poller schedules and nothing runs by itself.
import assert from 'node:assert/strict';
import type { Timers } from '../../../src/core/poller';

export class ManualTimers implements Timers {
  pending: { id: number; callback: () => void; ms: number }[] = [];
  private nextId = 1;
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.push({ id, callback, ms });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((t) => t.id !== handle);
  }
  /** Runs the next scheduled callback; resolves to the delay it was scheduled with. */
  async fireNext(): Promise<number> {
    const timer = this.pending.shift();
    assert.ok(timer, 'a poll should be scheduled');
    timer.callback();
    await new Promise((resolve) => setImmediate(resolve));
    return timer.ms;
  }
}

/** Resolves once `condition` holds (checked every few ms); fails the test after `timeoutMs`. */
export async function waitUntil(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
