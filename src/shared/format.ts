// Short human-readable forms for times, durations and counts, shared by the tree and the panels.
import { sliceWhole } from './text';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "45 s ago", "12 min ago", "2 h ago", "3 d ago", then a date ("12 Mar 2026"). */
export function formatRelativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  const time = parseTime(iso);
  if (time === undefined) return '';
  const elapsed = now - time;
  if (elapsed < -MINUTE) return `in ${formatDuration(-elapsed)}`;
  if (elapsed < 10 * SECOND) return 'just now';
  if (elapsed < MINUTE) return `${Math.floor(elapsed / SECOND)} s ago`;
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)} h ago`;
  if (elapsed < 30 * DAY) return `${Math.floor(elapsed / DAY)} d ago`;
  return new Date(time).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** "850 ms", "1.5 s", "12 s", "3 min 4 s", "2 h 5 min", "3 d 4 h": two units at most, a tenth of a second only below 10 s. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < 10 * SECOND) return `${Math.floor(ms / 100) / 10} s`;
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)} s`;
  if (ms < HOUR) return joinUnits(Math.floor(ms / MINUTE), 'min', Math.floor((ms % MINUTE) / SECOND), 's');
  if (ms < DAY) return joinUnits(Math.floor(ms / HOUR), 'h', Math.floor((ms % HOUR) / MINUTE), 'min');
  return joinUnits(Math.floor(ms / DAY), 'd', Math.floor((ms % DAY) / HOUR), 'h');
}

function joinUnits(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major} ${majorUnit}` : `${major} ${majorUnit} ${minor} ${minorUnit}`;
}

/** Duration between two ISO times; while unfinished, up to now. Undefined when the start is unknown. */
export function durationBetween(startIso: string | null | undefined, endIso: string | null | undefined, now: number = Date.now()): number | undefined {
  const start = parseTime(startIso);
  if (start === undefined) return undefined;
  const end = parseTime(endIso) ?? now;
  return Math.max(0, end - start);
}

const COUNT_UNITS: readonly [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

/** "950", "1.2k", "12k", "3.4M", "1.2B", "1000T": one decimal below 10 of a unit, whole units above. */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '';
  const abs = Math.abs(value);
  if (abs < 1000) return String(Math.round(value * 100) / 100);
  if (abs >= 1e18) return value.toExponential(1);
  for (const [index, [size, unit]] of COUNT_UNITS.entries()) {
    if (abs < size) continue;
    const scaled = value / size;
    const shown = Math.abs(scaled) < 10 ? trimZero(scaled.toFixed(1)) : String(Math.round(scaled));
    // 999,600,000 rounds to "1000M": say "1B" instead, when there is a bigger unit.
    const bigger = COUNT_UNITS[index - 1];
    if (Math.abs(Number(shown)) >= 1000 && bigger) return `${trimZero((value / bigger[0]).toFixed(1))}${bigger[1]}`;
    return `${shown}${unit}`;
  }
  return String(value);
}

function trimZero(text: string): string {
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}

/**
 * A fraction as a percentage: "45%", "4.5%", "0.4%", "under 0.1%", "100%". Rounding never says "0%"
 * of a share that is not 0, nor "100%" of one that is not all.
 */
export function formatShare(fraction: number): string {
  if (!Number.isFinite(fraction) || fraction <= 0) return '0%';
  const percent = fraction * 100;
  if (percent < 0.1) return 'under 0.1%';
  if (percent >= 10) return `${fraction < 1 ? Math.min(99, Math.round(percent)) : Math.round(percent)}%`;
  return `${trimZero(percent.toFixed(1))}%`;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

/** "73", "1,000", "12,345.5": a number in full, for a sentence ("73 of 1,000 runs failed"); rows keep formatCount. */
export function formatNumber(value: number): string {
  return Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : '';
}

/** plural, the number in full: "1,000 runs", "1 run". */
export function pluralInFull(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatNumber(count)} ${count === 1 ? singular : pluralForm}`;
}

export function parseTime(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : time;
}

/** The first line of a possibly long, multi-line message, cut to a length a tree row can show. */
export function firstLine(text: string | null | undefined, maxLength = 120): string {
  if (!text) return '';
  const line = text.trim().split(/\r?\n/, 1)[0] ?? '';
  return line.length > maxLength ? `${sliceWhole(line, maxLength - 1)}…` : line;
}

/** "800 bytes", "512 KB", "12.3 MB": a download's size (1 KB = 1024 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return plural(Math.round(bytes), 'byte');
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
