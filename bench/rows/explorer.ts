// The runs explorer's rows (issue 12): what an automatic refresh costs against what changed and what is
// loaded, paging, and showing a batch's runs. The model is VS Code-free, so it is driven here as the unit
// tests drive it, against the simulator with its clock stopped where a row needs "nothing changed".
import { CargoClient } from '../../src/api/client';
import { MAX_PAGE_SIZE } from '../../src/api';
import { WorkflowNames } from '../../src/runs/workflowNames';
import type { ExplorerFilter } from '../../src/explorer/explorerFilter';
import type { BatchNode, ExplorerNode } from '../../src/explorer/explorerNodes';
import { PresentationCache } from '../../src/explorer/presentation';
import { RunsExplorerModel } from '../../src/explorer/runsExplorerModel';
import type { Simulator } from '../../test/simulator';
import { TestClients } from '../../test/unit/support/clients';
import {
  apiRequests,
  benchSimulator,
  heapUsed,
  LATENCY_MS,
  megabytes,
  ms,
  msRange,
  nowMs,
  ratioRange,
  repeat,
  repeatEach,
  RUNS,
  stat,
  type BenchRow,
  type Stat,
} from '../harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const latency = [{ fault: { kind: 'latency' as const, ms: LATENCY_MS } }];
/** Set-up that is not measured goes without the simulated latency (the figures are taken with it). */
async function withoutLatency<T>(sim: Simulator, work: () => Promise<T>): Promise<T> {
  sim.setFaults([]);
  try {
    return await work();
  } finally {
    sim.setFaults(latency);
  }
}

function explorer(sim: Simulator, pageSize: number): RunsExplorerModel {
  const clients = new TestClients(new CargoClient({ baseUrl: sim.url, token: sim.token }));
  return new RunsExplorerModel({ pageSize, groupByWorkflow: false }, clients, new WorkflowNames(clients));
}

async function batchNodes(m: RunsExplorerModel, parent?: ExplorerNode): Promise<BatchNode[]> {
  return (await m.children(parent)).filter((n): n is BatchNode => n.kind === 'batch');
}

/** Loads the whole list under `parent` (the root when undefined), page by page. */
async function loadAll(m: RunsExplorerModel, parent: BatchNode | undefined, atMost = Infinity): Promise<ExplorerNode[]> {
  let children = await m.children(parent);
  while (children.at(-1)?.kind === 'loadMore' && children.length - 1 < atMost) {
    await m.loadMore(parent);
    children = await m.children(parent);
  }
  return children;
}

/** One automatic refresh: its requests and wall time. */
async function tick(sim: Simulator, m: RunsExplorerModel): Promise<{ requests: number; ms: number }> {
  sim.clearRequests();
  const started = nowMs();
  await m.poll(new AbortController().signal);
  return { requests: apiRequests(sim).length, ms: nowMs() - started };
}

const bareHeaders = (sim: Simulator) => ({ authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' });
const signedMegabytes = (bytes: number) => `${bytes >= 0 ? '+' : ''}${megabytes(bytes)}`;
const requestsText = (s: Stat) => (s.min === s.max ? `${s.median}` : `${s.median} (${s.min}–${s.max})`);

/** Batches of the tick rows start this far apart, so that each one's changes stand alone in time. */
const APART_MS = 5_000;

/**
 * A world where nothing moves (the clock stopped): `n` batches of 2 runs on hour-long steps, started
 * APART_MS apart, every one expanded in a model that lists them at its root. The clock stands where each
 * runs its first run and none has started its second; moving it on by k × APART_MS starts the second
 * run of the next k batches, and changes nothing else (as test/unit/explorerRefresh.test.ts does).
 */
async function expandedBatches(n: number, filter?: ExplorerFilter): Promise<{ sim: Simulator; m: RunsExplorerModel; batches: BatchNode[] }> {
  const sim = await benchSimulator();
  // The seeded live batches settle; then time stands still.
  sim.advanceTime(2 * HOUR);
  sim.freezeTime();
  const uuids: string[] = [];
  for (let i = 0; i < n; i++) {
    uuids.push(sim.startBatch({ workflowUuid: sim.fixtures.workflows.tool, records: 2, stepMs: HOUR }));
    sim.advanceTime(APART_MS);
  }
  // Runs exist a step (1 h) after their batch, the first starts at 1.5 h, the second at 2 h (pending 1.5 s before).
  sim.advanceTime(2 * HOUR - 2_500 - n * APART_MS);
  const m = explorer(sim, 100);
  if (filter) m.setFilter(filter);
  const batches = await withoutLatency(sim, async () => {
    const shown = await batchNodes(m);
    const ours = uuids.map((uuid) => shown.find((b) => b.batch.uuid === uuid)).filter((b): b is BatchNode => b !== undefined);
    for (const batch of ours) {
      m.setExpanded(batch, true);
      await m.children(batch);
    }
    return ours;
  });
  if (batches.length !== n) throw new Error(`expected ${n} batches at the root, found ${batches.length}`);
  return { sim, m, batches };
}

async function ticksRows(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const n of [1, 10, 50]) {
    const { sim, m } = await expandedBatches(n);
    try {
      const figures = await repeatEach(() => tick(sim, m));
      rows.push({
        what: `Requests per refresh tick, ${n} unfinished batch${n === 1 ? '' : 'es'} expanded, nothing changed`,
        before: `${n + 1}`,
        now: `${requestsText(figures.requests)} · ${msRange(figures.ms)}`,
        goal: '1',
        met: figures.requests.max === 1,
        figures: { n, requests: figures.requests, ms: figures.ms },
      });
    } finally {
      m.dispose();
      await sim.close();
    }
  }
  // k of 50 batches change (their second run starts); the next k each measurement.
  for (const k of [1, 5]) {
    const { sim, m, batches } = await expandedBatches(50);
    let next = 0;
    try {
      await tick(sim, m);
      const figures = await repeatEach(async () => {
        const before = batches.map((b) => b.batch);
        sim.advanceTime(k * APART_MS);
        const measured = await tick(sim, m);
        const updated = batches.filter((b, i) => b.batch !== before[i]).map((b) => batches.indexOf(b));
        const expected = Array.from({ length: k }, (_, i) => next + i);
        if (updated.join() !== expected.join()) throw new Error(`batches ${expected.join(', ')} changed, ${updated.join(', ')} were updated`);
        next += k;
        return measured;
      });
      rows.push({
        what: `Requests per refresh tick, 50 batches expanded, ${k} changed`,
        before: '51',
        now: `${requestsText(figures.requests)} · ${msRange(figures.ms)}`,
        goal: `≤ ${1 + k}`,
        met: figures.requests.max <= 1 + k,
        figures: { n: 50, k, requests: figures.requests, ms: figures.ms },
      });
    } finally {
      m.dispose();
      await sim.close();
    }
  }
  rows.push(await watchedListsWarnings());
  return rows;
}

/**
 * 10,000 batches (one run each) and a batch of 10,000 runs, all loaded; nothing moves. Batches are
 * created a second apart, so that the newest change stands alone in time.
 */
async function bigWorld(): Promise<{ sim: Simulator; bigBatch: string }> {
  const sim = await benchSimulator();
  sim.advanceTime(2 * HOUR);
  sim.freezeTime();
  const bigBatch = sim.startBatch({ records: 10_000, stepMs: DAY });
  sim.advanceTime(MINUTE);
  for (let i = 0; i < 10_000; i++) {
    sim.startBatch({ records: 1, stepMs: DAY });
    sim.advanceTime(1_000);
  }
  // Every batch has its runs (runsAt is a step after creation); none has started one yet.
  sim.advanceTime(DAY + 10 * MINUTE);
  return { sim, bigBatch };
}

async function loadBigWorld(sim: Simulator, bigBatch: string, pageSize: number): Promise<RunsExplorerModel> {
  const m = explorer(sim, pageSize);
  await withoutLatency(sim, async () => {
    // The batch of 10,000 runs is older than the 10,000 others: the 10,001st.
    const roots = await loadAll(m, undefined, 10_001);
    const big = roots.find((n): n is BatchNode => n.kind === 'batch' && n.batch.uuid === bigBatch);
    if (!big) throw new Error('the batch of 10,000 runs is listed');
    m.setExpanded(big, true);
    await loadAll(m, big);
  });
  return m;
}

async function bigWorldRows(): Promise<BenchRow[]> {
  const { sim, bigBatch } = await bigWorld();
  try {
    const m = await loadBigWorld(sim, bigBatch, MAX_PAGE_SIZE);
    const poll = await repeatEach(() => tick(sim, m));
    // Heap after a poll where nothing changed, against before it (the model holds everything loaded):
    // after a full collection (what stays), and right after it (what it allocated: copies the collector
    // must clear), beyond what the same question asked with bare fetch allocates (the request itself,
    // and the simulator answering it in this process).
    const question = sim.requests.at(-1) as { body: unknown };
    const growth = await repeatEach(async () => {
      let before = heapUsed();
      await m.poll(new AbortController().signal);
      const allocated = process.memoryUsage().heapUsed - before;
      const retained = heapUsed() - before;
      before = heapUsed();
      JSON.parse(
        await (await fetch(`${sim.url}/orchestration/runs/list`, { method: 'POST', headers: bareHeaders(sim), body: JSON.stringify(question.body) })).text(),
      );
      const bare = process.memoryUsage().heapUsed - before;
      return { retained, allocated, bare, beyondBare: allocated - bare };
    });
    const rows: BenchRow[] = [
      {
        what: 'One refresh with 10,000 batches and 10,000 runs loaded, nothing changed',
        before: '200 requests · 2.3–2.5 s',
        now: `${requestsText(poll.requests)} request${poll.requests.median === 1 ? '' : 's'} · ${msRange(poll.ms)}`,
        goal: '1 request',
        met: poll.requests.max === 1,
        figures: { requests: poll.requests, ms: poll.ms },
      },
      {
        what: 'Heap after a refresh where nothing changed (10,000 batches and 10,000 runs loaded)',
        before: '+11 MB',
        now: `${signedMegabytes(growth.retained.median)} after a collection; right after ${signedMegabytes(growth.allocated.median)}, ${signedMegabytes(growth.beyondBare.median)} beyond the bare request (${signedMegabytes(growth.beyondBare.min)} to ${signedMegabytes(growth.beyondBare.max)})`,
        goal: '< 1 MB (after a collection, and right after beyond the bare request)',
        met: growth.retained.median < 1024 * 1024 && growth.beyondBare.median < 1024 * 1024,
        figures: growth,
      },
    ];
    m.dispose();
    rows.splice(2, 0, await loadMoreRow(sim));
    return rows;
  } finally {
    await sim.close();
  }
}

/** What the tree does after a page arrives: the root's children, and each child's row (getTreeItem, through the tree's cache). */
async function treeRows(m: RunsExplorerModel, rows: PresentationCache): Promise<ExplorerNode[]> {
  const children = await m.children();
  for (const child of children) rows.present(child);
  return children;
}

/** "Load more" on the root: the 200th page against the first, within one run (pages of 50). */
async function loadMoreRow(sim: Simulator): Promise<BenchRow> {
  const figures = await repeatEach(async () => {
    const m = explorer(sim, 50);
    const rows = new PresentationCache();
    let started = nowMs();
    await treeRows(m, rows);
    const first = nowMs() - started;
    await withoutLatency(sim, async () => {
      for (let page = 2; page < 200; page++) {
        await m.loadMore(undefined);
        await treeRows(m, rows);
      }
    });
    started = nowMs();
    await m.loadMore(undefined);
    const roots = await treeRows(m, rows);
    const last = nowMs() - started;
    if (roots.filter((n) => n.kind === 'batch').length !== 200 * 50) throw new Error('200 pages of 50 batches at the root');
    m.dispose();
    return { first, last, ratio: last / first };
  });
  return {
    what: '"Load more" on the root: page 200 against page 1 (the request, the children and their rows)',
    before: '12–19×',
    now: `${ratioRange(figures.ratio)} · ${ms(figures.first.median)} → ${ms(figures.last.median)}`,
    goal: '≤ 2×',
    met: figures.ratio.median <= 2,
    figures,
  };
}

/**
 * 12 expanded unfinished batches filtered by a record query, all changing in one tick: 12 lists reloaded
 * on the poll's one AbortSignal (more than it takes listeners before Node warns, unless each load removes
 * its own).
 */
async function watchedListsWarnings(): Promise<BenchRow> {
  const lists = 12;
  const { sim, m, batches } = await expandedBatches(lists, { runStatuses: [], recordQuery: 'no such record' });
  let warnings = 0;
  const onWarning = (warning: Error) => {
    if (warning.name === 'MaxListenersExceededWarning') warnings++;
  };
  process.on('warning', onWarning);
  const polls: number[] = [];
  try {
    await tick(sim, m);
    sim.advanceTime(lists * APART_MS);
    const reloads = (await tick(sim, m)).requests;
    for (let i = 0; i < RUNS; i++) polls.push((await tick(sim, m)).requests);
    // Warnings are emitted on the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    if (batches.length !== lists) throw new Error(`${lists} lists`);
    return {
      what: `MaxListenersExceededWarning with ${lists} watched lists (all ${lists} reloaded in one tick, then ticks where nothing changed)`,
      before: '1 per poll (fixed before this issue)',
      now: `${warnings}`,
      goal: '0',
      met: warnings === 0,
      figures: { warnings, requestsOfTheTickThatReloadedThem: reloads, requestsPerQuietTick: stat(polls) },
    };
  } finally {
    process.off('warning', onWarning);
    m.dispose();
    await sim.close();
  }
}

/** Requests to show every run of a batch of N with its executions: ours against one list + one GET per run. */
async function showBatchRows(): Promise<BenchRow[]> {
  const sim = await benchSimulator();
  const rows: BenchRow[] = [];
  try {
    const sizes = [10, 1_000, 10_000];
    const uuids = new Map(sizes.map((n) => [n, sim.startBatch({ records: n, stepMs: 200 })]));
    // A minute on, every run exists and has finished (a batch's runs exist a step after it).
    sim.advanceTime(MINUTE);
    for (const n of sizes) {
      const uuid = uuids.get(n) as string;
      const counts = await repeat(() =>
        withoutLatency(sim, async () => {
          const m = explorer(sim, MAX_PAGE_SIZE);
          const batch = (await batchNodes(m)).find((b) => b.batch.uuid === uuid);
          if (!batch) throw new Error(`the batch of ${n} runs is listed`);
          sim.clearRequests();
          const children = await loadAll(m, batch);
          const requests = apiRequests(sim).length;
          const runs = children.filter((c) => c.kind === 'run');
          if (runs.length !== n) throw new Error(`${n} runs shown, not ${runs.length}`);
          if (runs.some((r) => r.kind === 'run' && !Array.isArray(r.run.executions))) throw new Error('runs come with their executions');
          m.dispose();
          return requests;
        }),
      );
      const goal = Math.ceil(n / MAX_PAGE_SIZE);
      rows.push({
        what: `Requests to show a batch of ${n.toLocaleString('en-US')} runs with their executions (naive: the list, then GET each run)`,
        before: `naive ${(1 + n).toLocaleString('en-US')}`,
        now: requestsText(counts),
        goal: `≤ ${goal} (one per page of ${MAX_PAGE_SIZE})`,
        met: counts.max <= goal,
        figures: { n, requests: counts, naive: 1 + n },
      });
    }
    rows.push(await firstPageRow(sim, uuids.get(10_000) as string));
    rows.push(await heapRow(sim, uuids.get(10_000) as string));
  } finally {
    await sim.close();
  }
  return rows;
}

/** The first page of the 10,000-run batch through the model, against fetch + JSON.parse of the same request. */
async function firstPageRow(sim: Simulator, uuid: string): Promise<BenchRow> {
  const pageSize = 50;
  const body = JSON.stringify({ batchUuid: uuid, limit: pageSize, offset: 0 });
  const figures = await repeatEach(async () => {
    const m = explorer(sim, pageSize);
    const batch = await withoutLatency(sim, async () => (await batchNodes(m)).find((b) => b.batch.uuid === uuid));
    if (!batch) throw new Error('the batch of 10,000 runs is listed');
    let started = nowMs();
    const children = await m.children(batch);
    const ours = nowMs() - started;
    if (children.filter((c) => c.kind === 'run').length !== pageSize) throw new Error('a page of runs');
    started = nowMs();
    const response = await fetch(`${sim.url}/orchestration/runs/list`, {
      method: 'POST',
      headers: bareHeaders(sim),
      body,
    });
    const parsed = JSON.parse(await response.text()) as { runs: unknown[] };
    const bare = nowMs() - started;
    if (parsed.runs.length !== pageSize) throw new Error('a bare page of runs');
    m.dispose();
    return { ours, bare, ratio: ours / bare };
  });
  return {
    what: 'First page of a 10,000-run batch: the model against bare fetch + JSON.parse',
    before: '—',
    now: `${ratioRange(figures.ratio)} · ${ms(figures.ours.median)} vs ${ms(figures.bare.median)}`,
    goal: '≤ 1.25×',
    met: figures.ratio.median <= 1.25,
    figures,
  };
}

/** Heap with the 10,000 runs of a batch loaded, against with its first page; per run, against holding JSON.parse of the same pages. */
async function heapRow(sim: Simulator, uuid: string): Promise<BenchRow> {
  const figures = await repeatEach(() =>
    withoutLatency(sim, async () => {
      const m = explorer(sim, MAX_PAGE_SIZE);
      const batch = (await batchNodes(m)).find((b) => b.batch.uuid === uuid) as BatchNode;
      const empty = heapUsed();
      await m.children(batch);
      const firstPage = heapUsed() - empty;
      await loadAll(m, batch);
      const all = heapUsed() - empty;
      m.dispose();
      // The same 100 pages, as JSON.parse makes them: what holding the data costs at least.
      const before = heapUsed();
      const pages: unknown[] = [];
      for (let offset = 0; offset < 10_000; offset += MAX_PAGE_SIZE) {
        const response = await fetch(`${sim.url}/orchestration/runs/list`, {
          method: 'POST',
          headers: bareHeaders(sim),
          body: JSON.stringify({ batchUuid: uuid, limit: MAX_PAGE_SIZE, offset }),
        });
        pages.push(JSON.parse(await response.text()));
      }
      const parsed = heapUsed() - before;
      if (pages.length !== 100) throw new Error('100 pages');
      return { firstPage, all, parsed, ratio: all / parsed };
    }),
  );
  return {
    what: 'Heap: 10,000 runs loaded against the first page (and against JSON.parse of the same pages)',
    before: '—',
    now: `${megabytes(figures.firstPage.median)} → ${megabytes(figures.all.median)} (${(figures.all.median / 10_000 / 1024).toFixed(1)} KB a run; JSON.parse ${megabytes(figures.parsed.median)}, ${ratioRange(figures.ratio)})`,
    goal: 'grows with what is loaded, ≤ 1.5× JSON.parse',
    met: figures.ratio.median <= 1.5,
    figures,
  };
}

/** A part of the group, its time on stderr (the group must stay within its share of `npm run bench`). */
async function part(name: string, measure: () => Promise<BenchRow[]>): Promise<BenchRow[]> {
  const started = Date.now();
  const rows = await measure();
  process.stderr.write(`bench: explorer: ${name} took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return rows;
}

export async function explorerRows(): Promise<BenchRow[]> {
  return [...(await part('refresh ticks', ticksRows)), ...(await part('10,000 loaded', bigWorldRows)), ...(await part('showing a batch', showBatchRows))];
}
