// "Nothing is asked any more", asserted in a window a few poll intervals long instead of a fixed long
// sleep: first the requests in flight are let end (none for a moment), then the window is watched, and
// it ends early at the first request, which is what the test reports.
import type { RequestLogEntry, Simulator } from '../../simulator';
import { sleep } from '../../support/processes';

export interface QuietWindow {
  /** How long nothing may be asked: a few of the longest poll interval that could still be running. */
  windowMs: number;
  /** How long without a request counts as "the requests in flight have ended" (default 1 s). */
  settleMs?: number;
  /** Gives up settling after this long and watches the window from there (default 30 s). */
  settleTimeoutMs?: number;
}

/** The requests `matching` that the simulator got in the quiet window ([] when it was quiet). */
export async function requestsInQuietWindow(sim: Simulator, matching: (request: RequestLogEntry) => boolean, window: QuietWindow): Promise<string[]> {
  const settleMs = window.settleMs ?? 1_000;
  const settleUntil = Date.now() + (window.settleTimeoutMs ?? 30_000);
  const last = () => sim.requests.filter(matching).at(-1)?.time ?? 0;
  while (Date.now() - last() < settleMs && Date.now() < settleUntil) await sleep(100);
  const from = Date.now();
  const seen = () => sim.requests.filter((request) => request.time >= from && matching(request));
  while (Date.now() - from < window.windowMs && seen().length === 0) await sleep(100);
  return seen().map((request) => `${request.method} ${request.path}`);
}
