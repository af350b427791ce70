// Budgets for work done by this process are measured in its CPU time, not on the wall clock: these
// machines are shared, and while a neighbour holds the core the wall clock counts its time as ours.
// A budget is about our own work (a stall is work the host does instead of answering), so a slow
// algorithm still fails it, while a busy machine no longer does. The process's time includes V8's
// helper threads (garbage collection), a little more than the work itself: a budget errs on the safe side.

/** This process's CPU time so far (user + system), in milliseconds. */
export function processCpuMs(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/** Milliseconds of this process's CPU time that `work` took, with its result. */
export function cpuTimed<T>(work: () => T): { result: T; ms: number } {
  const before = processCpuMs();
  const result = work();
  return { result, ms: processCpuMs() - before };
}
