// The keys in which two runs differ, worked out here from the runs as the simulator sends them (not with
// the product's comparison): what a diff of the two runs' documents must show as changed, no more, no
// less. Keys are written as the documents write them (`nodes.<slug>.config.<path>`, shared/jsonPath).
// Left the same: the runs' own uuids, and times within each run's own span (e.g. a `{{now}}` in a config).
import type { RunDetails } from '../../src/api';
import { jsonPath } from '../../src/shared/jsonPath';

/** The keys of `a` and `b` whose values differ, or that one of them lacks. */
export function differingKeys(a: RunDetails, b: RunDetails): Set<string> {
  const left = keyValues(a);
  const right = keyValues(b);
  const keys = new Set<string>();
  for (const key of new Set([...left.keys(), ...right.keys()])) if (left.get(key) !== right.get(key)) keys.add(key);
  return keys;
}

/** The lines one of two documents has and the other not, each by its key (what precedes " = "). */
export function changedLineKeys(left: string, right: string): Set<string> {
  const a = new Set(left.split('\n'));
  const b = new Set(right.split('\n'));
  const changed = [...a].filter((line) => !b.has(line)).concat([...b].filter((line) => !a.has(line)));
  return new Set(changed.map((line) => line.slice(0, line.indexOf(' = '))));
}

function keyValues(details: RunDetails): Map<string, string> {
  const run = details.run;
  const times = [run.createdAt, run.updatedAt, run.finishedAt, ...run.executions.flatMap((e) => [e.startedAt, e.updatedAt, e.finishedAt])]
    .filter((t): t is string => typeof t === 'string')
    .map((t) => Date.parse(t));
  const [from, to] = [Math.min(...times), Math.max(...times)];
  const same = (value: unknown): unknown => {
    if (value === run.uuid) return 'this run';
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && Date.parse(value) >= from && Date.parse(value) <= to) return 'a time of this run';
    return value;
  };
  const out = new Map<string, string>();
  const put = (path: PropertyKey[], value: unknown) => {
    if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
      for (const [key, inner] of Object.entries(value)) put([...path, Array.isArray(value) ? Number(key) : key], inner);
    } else out.set(jsonPath(path), JSON.stringify(same(value)));
  };
  put(['run', 'status'], run.status.raw);
  if (run.errorMessage) put(['run', 'error'], run.errorMessage);
  const first = run.executions[0]?.nodeSlug;
  if (first !== undefined) put(['input'], details.runContext[first]);
  for (const execution of run.executions) {
    const slug = execution.nodeSlug;
    put(['nodes', slug, 'status'], execution.status.raw);
    put(['nodes', slug, 'branch'], execution.nodeChildIndex ?? null);
    if (execution.errorMessage) put(['nodes', slug, 'error'], execution.errorMessage);
  }
  for (const [slug, config] of Object.entries(details.runComputedConfigs)) put(['nodes', slug, 'config'], config);
  for (const [slug, output] of Object.entries(details.runContext)) if (slug !== first) put(['nodes', slug, 'output'], output);
  return out;
}
