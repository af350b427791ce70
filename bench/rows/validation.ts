// Issue 12, validation and schema construction: what validating a page costs next to its JSON.parse,
// what the client costs next to a bare fetch of the same request (with the benchmark's latency, and
// without it, which is the honest CPU comparison), and what loading the API module costs.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../test/simulator';
import { CargoClient } from '../../src/api/client';
import type { LazySchema } from '../../src/api/lazySchema';
import { parseBody } from '../../src/api/parse';
import { BatchesResponseSchema } from '../../src/api/batchSchemas';
import { RunsPageSchema } from '../../src/api/runSchemas';
import { benchSimulator, ms, msRange, nowMs, ratioRange, repeatEach, RUNS, stat, type BenchRow, type Stat } from '../harness';
import type * as z from 'zod/mini';

const ROOT = join(__dirname, '..', '..');

export async function validationRows(): Promise<BenchRow[]> {
  const sim = await benchSimulator();
  // The same world without the latency: the client and bare fetch then differ only in CPU.
  const direct = await startSimulator({ port: 0, seed: 12 });
  try {
    const runsBody = { batchUuid: sim.fixtures.batches.large, limit: 100 };
    const runsText = await request(sim, '/orchestration/runs/list', runsBody);
    const batchesText = await request(sim, '/orchestration/batches/list?limit=100');
    // The requests first: a connection left idle longer than the server's keep-alive (5 s) can be
    // reset as fetch reuses it, which the client would retry and the bare fetch would not.
    const withLatency = await clientRatio(sim, 8);
    const withoutLatency = await clientRatio(direct, 30);
    const runs = await validationRatio(RunsPageSchema, runsText, 'POST /orchestration/runs/list');
    const batches = await validationRatio(BatchesResponseSchema, batchesText, 'GET /orchestration/batches/list');
    const load = await moduleLoad();
    const pageOf = (text: string, list: string) =>
      `${(JSON.parse(text) as Record<string, unknown[]>)[list]?.length} ${list}, ${(text.length / 1024).toFixed(0)} KB`;
    const validationGoal = 1.5;
    const clientGoal = 1.2;
    return [
      ratioRow(
        `Validating a page of runs (${pageOf(runsText, 'runs')}, with executions): JSON.parse + validation vs JSON.parse`,
        '3.5–4.8×',
        runs.ratio,
        validationGoal,
        { ...runs, bytes: runsText.length },
      ),
      ratioRow(
        `Validating a page of batches (${pageOf(batchesText, 'batches')}): JSON.parse + validation vs JSON.parse`,
        '3.0× (measured here before the change, same method)',
        batches.ratio,
        validationGoal,
        { ...batches, bytes: batchesText.length },
      ),
      ratioRow(
        'Client end to end, CPU only (no latency): listRuns page of 100 vs fetch + text() + JSON.parse',
        '1.4–1.56×',
        withoutLatency.ratio,
        clientGoal,
        withoutLatency,
        `${ms(withoutLatency.client.median)} vs ${ms(withoutLatency.fetch.median)}`,
      ),
      ratioRow(
        'Client end to end, 50 ms latency (dominates both): listRuns page of 100 vs fetch + text() + JSON.parse',
        '1.4–1.56×',
        withLatency.ratio,
        clientGoal,
        withLatency,
        `${ms(withLatency.client.median)} vs ${ms(withLatency.fetch.median)}`,
      ),
      {
        what: 'Schema construction at module load (the API module bundled and minified like the extension, required with fetch loaded)',
        before: '~20 ms (every schema built at require; the require took 20 ms, 18–28)',
        now: `${load.builtAtLoad} of ${load.schemas} schemas built: 0 ms; the require takes ${msRange(load.loadMs)}; building all of them (${ms(load.buildAllMs.median)}) now happens per endpoint, on first use`,
        goal: '~0 ms',
        met: load.builtAtLoad === 0,
        figures: load,
      },
    ];
  } finally {
    await Promise.all([sim.close(), direct.close()]);
  }
}

/** A row held to a ratio: met when the median is within `goal`. */
function ratioRow(what: string, before: string, ratio: Stat, goal: number, figures: Record<string, unknown>, detail?: string): BenchRow {
  return { what, before, now: detail ? `${ratioRange(ratio)}; ${detail}` : ratioRange(ratio), goal: `≤ ${goal}×`, met: ratio.median <= goal, figures };
}

async function request(sim: Simulator, path: string, body?: unknown): Promise<string> {
  const send = () =>
    fetch(`${sim.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  // Once more should a kept-alive connection be reset as it is reused (see validationRows).
  const response = await send().catch(send);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.text();
}

/**
 * JSON.parse + the client's validation (parseBody) against JSON.parse alone, in alternating blocks of
 * a few ms (one call of a small page is too short to time), after a collection. A run's figures are
 * medians over its pairs of neighbouring blocks: on a busy machine a block now and then loses the
 * CPU, and the median leaves those out instead of averaging them in.
 */
async function validationRatio<S extends z.ZodMiniType>(schema: LazySchema<S>, text: string, endpoint: string) {
  const again = () => JSON.parse(text) as unknown;
  const perBlock = Math.max(2, Math.ceil(400_000 / text.length));
  const blocks = 31;
  const measured = await repeatEach(() => {
    (globalThis as { gc?: () => void }).gc?.();
    const parse: number[] = [];
    const validate: number[] = [];
    const ratios: number[] = [];
    for (let block = 0; block < blocks; block++) {
      let started = nowMs();
      for (let i = 0; i < perBlock; i++) JSON.parse(text);
      parse.push((nowMs() - started) / perBlock);
      started = nowMs();
      for (let i = 0; i < perBlock; i++) parseBody(schema, JSON.parse(text), again, endpoint);
      validate.push((nowMs() - started) / perBlock);
      ratios.push((validate.at(-1) as number) / (parse.at(-1) as number));
    }
    return Promise.resolve({ parseMs: stat(parse).median, parseAndValidateMs: stat(validate).median, ratio: stat(ratios).median });
  }, RUNS + 2);
  return { ratio: measured.ratio, parseMs: measured.parseMs, parseAndValidateMs: measured.parseAndValidateMs, blocks, callsPerBlock: perBlock };
}

/**
 * CargoClient.listRuns against the same request by bare fetch + text() + JSON.parse, in pairs, each
 * side first in every other pair; a run's figures are medians over its pairs.
 */
async function clientRatio(sim: Simulator, pairs: number): Promise<{ ratio: Stat; client: Stat; fetch: Stat; pairsPerRun: number }> {
  const client = new CargoClient({ baseUrl: sim.url, token: sim.token });
  const params = { batchUuid: sim.fixtures.batches.large, limit: 100 };
  const viaFetch = async () => {
    const started = nowMs();
    JSON.parse(await request(sim, '/orchestration/runs/list', params));
    return nowMs() - started;
  };
  const viaClient = async () => {
    const started = nowMs();
    await client.listRuns(params);
    return nowMs() - started;
  };
  const measured = await repeatEach(async () => {
    const fetchMs: number[] = [];
    const clientMs: number[] = [];
    const ratios: number[] = [];
    for (let pair = 0; pair < pairs; pair++) {
      if (pair % 2 === 0) fetchMs.push(await viaFetch());
      clientMs.push(await viaClient());
      if (pair % 2 === 1) fetchMs.push(await viaFetch());
      ratios.push((clientMs.at(-1) as number) / (fetchMs.at(-1) as number));
    }
    return { ratio: stat(ratios).median, client: stat(clientMs).median, fetch: stat(fetchMs).median };
  });
  return { ...measured, pairsPerRun: pairs };
}

/** The API module bundled and minified like the extension, required in fresh Node processes. */
async function moduleLoad(): Promise<{ loadMs: Stat; buildAllMs: Stat; schemas: number; builtAtLoad: number }> {
  const bundle = join(ROOT, 'out', 'bench', 'apiModuleLoad.js');
  const options = {
    entryPoints: [join(ROOT, 'bench', 'apiModuleLoad.ts')],
    outfile: bundle,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // As esbuild.mjs resolves for the extension (see shared/bundling.md).
    mainFields: ['module', 'main'],
    conditions: ['browser'],
    logLevel: 'warning',
  };
  // esbuild's API in a child Node: bundled into this benchmark, esbuild could not find its binary.
  execFileSync(process.execPath, ['-e', `require('esbuild').buildSync(${JSON.stringify(options)})`], { cwd: ROOT, stdio: 'inherit' });
  let schemas = 0;
  let builtAtLoad = 0;
  const measured = await repeatEach(() => {
    const result = JSON.parse(execFileSync(process.execPath, [bundle], { encoding: 'utf8' })) as {
      loadMs: number;
      schemas: number;
      builtAtLoad: number;
      buildAllMs: number;
    };
    schemas = result.schemas;
    builtAtLoad = Math.max(builtAtLoad, result.builtAtLoad);
    return Promise.resolve({ loadMs: result.loadMs, buildAllMs: result.buildAllMs });
  }, RUNS + 2);
  return { ...measured, schemas, builtAtLoad };
}
