// What every benchmark row shares: repeated measurement (median with min–max), the simulator on
// loopback with added latency, request counting and heap readings. Figures, not pass/fail timings:
// the machines are shared and noisy, so a row compares within one run and reports medians.
import { startSimulator, type Simulator } from '../test/simulator';
import type { SimulatorOptions } from '../test/simulator/types';

/** Added to every simulated response, as a real network would. */
export const LATENCY_MS = 50;
/** Each figure is the median of at least this many runs. */
export const RUNS = 5;

export interface Stat {
  median: number;
  min: number;
  max: number;
  /** How many measurements. */
  n: number;
}

export interface BenchRow {
  /** The row of the table (or a new one). */
  what: string;
  /** The figure measured before the change, as the issue reported it. */
  before: string;
  /** Today's figure, formatted for the table. */
  now: string;
  /** The budget this row is held to. */
  goal: string;
  /** Whether `now` meets `goal`. */
  met: boolean;
  /** The raw figures (medians, min–max, counts) for results.json. */
  figures: Record<string, unknown>;
}

export function stat(values: number[]): Stat {
  if (values.length === 0) throw new Error('No measurements.');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, n: sorted.length };
}

/** Runs `measure` `runs` times (after `warmup` unmeasured runs) and summarises what it returns. */
export async function repeat(measure: () => Promise<number> | number, runs = RUNS, warmup = 1): Promise<Stat> {
  for (let i = 0; i < warmup; i++) await measure();
  const values: number[] = [];
  for (let i = 0; i < runs; i++) values.push(await measure());
  return stat(values);
}

/** Several figures measured together in each run (e.g. ours and the baseline's, for a ratio within one run). */
export async function repeatEach<K extends string>(measure: () => Promise<Record<K, number>>, runs = RUNS, warmup = 1): Promise<Record<K, Stat>> {
  for (let i = 0; i < warmup; i++) await measure();
  const values = new Map<K, number[]>();
  for (let i = 0; i < runs; i++) {
    for (const [key, value] of Object.entries(await measure()) as [K, number][]) values.set(key, [...(values.get(key) ?? []), value]);
  }
  return Object.fromEntries([...values].map(([key, list]) => [key, stat(list)])) as Record<K, Stat>;
}

export function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : value >= 10 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
}

/** "12 ms (10–15)": a median with its range. */
export function msRange(s: Stat): string {
  return `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})`;
}

export function ratioRange(s: Stat): string {
  return `${s.median.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)})`;
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function nowMs(): number {
  return performance.now();
}

/** Heap in use after a full collection (needs node --expose-gc, which `npm run bench` passes). */
export function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run the benchmark with node --expose-gc (npm run bench does).');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** A simulator on 127.0.0.1 with the benchmark's latency; closed by the caller. */
export function benchSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ port: 0, seed: 12, ...options, faults: [{ fault: { kind: 'latency', ms: LATENCY_MS } }, ...(options.faults ?? [])] });
}

/** Requests to the API (not the simulator's own control endpoints) since the log was last cleared. */
export function apiRequests(sim: Simulator): { method: string; path: string }[] {
  return sim.requests.filter((r) => r.path.startsWith('/v1/'));
}
