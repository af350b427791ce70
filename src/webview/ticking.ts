// What counts on in the run panel between live updates, which may be a minute apart: the duration of
// what is still running (each second) and how long ago the run's times were (each 30 s). An element
// counts while it is on the page; one taken off (drawn again) is let go at the next tick.
import { durationBetween, formatDuration, formatTimeWithAgo } from '../shared/format';

/** Elements that say a duration, with when it started (ISO). */
const durations = new Map<Element, string>();
/** Elements that say a time with how long ago ("6 Dec 2026, 14:03 (2 min ago)"), with the time (ISO). */
const ages = new Map<Element, string>();

/** `element` says how long it has been since `since`, every second while it is on the page. */
export function countDuration(element: Element, since: string): void {
  durations.set(element, since);
}

/** `element` says `iso` with how long ago, kept current while it is on the page. */
export function countAge(element: Element, iso: string): void {
  ages.set(element, iso);
}

setInterval(
  () =>
    tick(durations, (since) => {
      const ms = durationBetween(since, null);
      return ms === undefined ? undefined : formatDuration(ms);
    }),
  1000,
);
setInterval(() => tick(ages, (iso) => formatTimeWithAgo(iso) || undefined), 30_000);

function tick(counted: Map<Element, string>, text: (iso: string) => string | undefined): void {
  for (const [element, iso] of counted) {
    if (!element.isConnected) counted.delete(element);
    else element.textContent = text(iso) ?? element.textContent;
  }
}
