// `npm run bench`: measures every row (see bench/rows/), prints the table and writes
// bench/results.json. Not part of `npm test`: these are figures, not pass/fail timings.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { LATENCY_MS, RUNS, type BenchRow } from './harness';
import { rowGroups } from './rows';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const started = Date.now();
  const rows: BenchRow[] = [];
  for (const [name, measure] of rowGroups) {
    if (only.length > 0 && !only.includes(name)) continue;
    const groupStarted = Date.now();
    process.stderr.write(`bench: ${name}…\n`);
    rows.push(...(await measure()));
    process.stderr.write(`bench: ${name} took ${((Date.now() - groupStarted) / 1000).toFixed(1)} s\n`);
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(markdownTable(rows));
  console.log(
    `\n${rows.filter((r) => r.met).length} of ${rows.length} goals met · ${RUNS}+ runs per figure · ${LATENCY_MS} ms simulated latency · ${seconds.toFixed(0)} s`,
  );
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: (await import('node:os')).cpus().length,
    latencyMs: LATENCY_MS,
    seconds,
    rows,
  };
  const file = join(__dirname, '..', '..', 'bench', 'results.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Wrote ${file}`);
  if (rows.some((r) => !r.met)) process.exitCode = 1;
}

function markdownTable(rows: readonly BenchRow[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const lines = ['| What | Before | Now | Goal | Met |', '|---|---|---|---|---|'];
  for (const row of rows) lines.push(`| ${cell(row.what)} | ${cell(row.before)} | ${cell(row.now)} | ${cell(row.goal)} | ${row.met ? 'yes' : '**no**'} |`);
  return lines.join('\n');
}

// A row's simulator may run in a worker thread of this same bundle (bench/simulatorWorker.ts): the benchmark runs in the main thread only.
if (isMainThread)
  void main().then(
    () => process.exit(),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
