// Click on the Cargo icon → the first batch rows, in code-server (VS Code 1.100) in Chromium, beside an
// empty tree view (a test-only extension whose rows are made in memory) clicked in the same window, and
// one bare request to the simulator (the one the view's first page makes, fetch + JSON.parse, from this
// process; and from a fresh process, as an extension host's first request is). Each sample is a fresh
// window (a reload, signed in), where both extensions were activated by the window's start (the same
// activation events) and neither view has been shown: the click pays what a person's first click pays,
// loading the features among it (read from the log). Which icon is clicked first alternates.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signIn, startSession, Workbench, type Session } from '../../test/e2e/harness';
import { waitFor } from '../../test/support/processes';
import { LATENCY_MS, ms, msRange, stat, type BenchRow } from '../harness';
import {
  EMPTY_TREE_ACTIVATIONS_ENV,
  EMPTY_TREE_CONTAINER,
  EMPTY_TREE_ROW,
  EMPTY_TREE_TITLE,
  emptyTreeActivations,
  writeEmptyTreeExtension,
} from './emptyExtensions';

/** Windows measured after the first (which warms code-server's caches). */
const WINDOWS = 9;

interface ClickTiming {
  /** The first mousedown on the icon. */
  clickedAt?: number;
  rowAt?: number;
}

/**
 * Clicks a container's activity-bar icon and returns the milliseconds from the click (its mousedown, in
 * the page) to the first row whose text has `rowText` in the container's view (the DOM mutation that
 * added it). A click the workbench lets pass (right after a window starts it may still be restoring its
 * side bar) is made again; the time is from the first. The container must not be showing before.
 */
async function clickToFirstRow(session: Session, containerTitle: string, containerId: string, rowText: string): Promise<number> {
  const page = session.wb.page;
  const icon = session.wb.activityBarItem(containerTitle);
  const container = session.wb.viewContainer(containerId);
  await icon.waitFor({ timeout: 30_000 });
  await page.evaluate(
    ({ containerTitle, containerId, rowText }) => {
      const timing: ClickTiming = {};
      (window as unknown as { __firstRow?: ClickTiming }).__firstRow = timing;
      const item = [...document.querySelectorAll('.part.activitybar li.action-item > a.action-label')].find((a) =>
        (a.getAttribute('aria-label') ?? '').startsWith(containerTitle),
      );
      item?.parentElement?.addEventListener('mousedown', () => (timing.clickedAt ??= performance.now()), { capture: true });
      const shown = () =>
        [...(document.getElementById(`workbench.view.extension.${containerId}`)?.querySelectorAll('.monaco-list-row') ?? [])].some((row) =>
          (row.textContent ?? '').includes(rowText),
        );
      const observer = new MutationObserver(() => {
        if (timing.clickedAt === undefined || !shown()) return;
        timing.rowAt = performance.now();
        observer.disconnect();
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    },
    { containerTitle, containerId, rowText },
  );
  let clickedAt = Date.now();
  await icon.click();
  try {
    return await waitFor(
      `the first row of ${containerTitle}`,
      async () => {
        const timing = await page.evaluate(() => (window as unknown as { __firstRow?: ClickTiming }).__firstRow);
        if (timing?.clickedAt !== undefined && timing.rowAt !== undefined) return timing.rowAt - timing.clickedAt;
        if (Date.now() - clickedAt > 3_000 && !(await container.isVisible())) {
          clickedAt = Date.now();
          await icon.click();
        }
        return undefined;
      },
      30_000,
      50,
    );
  } catch (error) {
    await session.wb.screenshot(`bench-first-rows-${containerId}-failed`);
    throw error;
  }
}

/** One request as the Runs view's first page asks it (GET batches/list, a page of 50), with fetch + JSON.parse. */
async function bareRequest(session: Session): Promise<number> {
  const sim = session.sim;
  if (!sim) throw new Error('no simulator');
  const started = performance.now();
  const response = await fetch(`${sim.url}/orchestration/batches/list?limit=50&offset=0`, { headers: { authorization: `Bearer ${sim.token}` } });
  const parsed = JSON.parse(await response.text()) as { batches?: unknown[] };
  const elapsed = performance.now() - started;
  if (!Array.isArray(parsed.batches) || parsed.batches.length === 0) throw new Error('the bare request lists batches');
  return elapsed;
}

/**
 * The same request from a fresh Node process, timed from the fetch call: what an extension host's first
 * request pays (Node loads its fetch on first use) that the warm one above does not.
 */
function coldRequest(session: Session): Promise<number> {
  const sim = session.sim;
  if (!sim) throw new Error('no simulator');
  const script = `const t = performance.now(); fetch(${JSON.stringify(`${sim.url}/orchestration/batches/list?limit=50&offset=0`)}, { headers: { authorization: ${JSON.stringify(`Bearer ${sim.token}`)} } }).then((r) => r.text()).then((text) => { JSON.parse(text); console.log(performance.now() - t); });`;
  return new Promise<number>((resolve, reject) => {
    execFile(process.execPath, ['-e', script], (error, stdout) => (error ? reject(error) : resolve(Number(stdout.trim()))));
  });
}

/** The Cargo log of the window's extension host (the newest: code-server numbers them exthost1, exthost2, … in one session). */
function currentCargoLog(session: Session): string {
  const logs = join(session.server.userDataDir, 'logs');
  const sessions = existsSync(logs) ? readdirSync(logs).sort() : [];
  const newest = sessions.at(-1);
  if (newest === undefined) return '';
  const hosts = readdirSync(join(logs, newest))
    .map((name) => /^exthost(\d+)$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]));
  const file = hosts.length > 0 ? join(logs, newest, (hosts.at(-1) as RegExpExecArray)[0], 'cargo-runs.cargo-runs', 'Cargo.log') : '';
  return file !== '' && existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** "features loaded in N ms" in this window's Cargo log: what loading the features cost at the click. */
const featuresLoad = (session: Session) => {
  const match = /features loaded in (\d+) ms/.exec(currentCargoLog(session));
  return match ? Number(match[1]) : undefined;
};

/** Count of "activated in" lines in the Cargo log: one more after each window start. */
const activations = (session: Session) => [...session.extensionLog('Cargo').matchAll(/ activated in /g)].length;

/** Waits until the page has had an idle period (the window's start-up burst has passed in the renderer). */
async function idle(session: Session): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await session.wb.page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 5_000 })));
  }
}

export async function firstRowsRows(): Promise<BenchRow[]> {
  const emptyTree = writeEmptyTreeExtension();
  const session = await startSession({
    simulator: { faults: [{ fault: { kind: 'latency', ms: LATENCY_MS } }] },
    codeServer: { extraExtensions: [emptyTree.folder], env: { [EMPTY_TREE_ACTIVATIONS_ENV]: emptyTree.activations } },
  });
  const cargo: number[] = [];
  const empty: number[] = [];
  const bare: number[] = [];
  const cold: number[] = [];
  const features: number[] = [];
  try {
    await signIn(session.wb, session.sim?.token ?? '');
    // A window that shows a view of the two before the click, or has loaded the features already, does not
    // count: another is measured.
    let skipped = 0;
    let windows = 0;
    for (let sample = 0; sample <= WINDOWS;) {
      // Each window opens a folder of its own (a copy of the first), whose side bar starts on the Explorer:
      // VS Code restores what a folder's window last showed, and saves that only now and then, so a reload
      // of the same folder may bring back a view of the two.
      const folder = join(session.server.baseDir, `workspace-${windows++}`);
      cpSync(session.server.workspace, folder, { recursive: true });
      const before = { cargo: activations(session), empty: emptyTreeActivations(emptyTree.activations) };
      await new Workbench(session.wb.page, `${session.server.origin}/?folder=${encodeURI(folder)}`).open();
      await waitFor(
        'both extensions activated in the new window',
        () => (activations(session) > before.cargo && emptyTreeActivations(emptyTree.activations) > before.empty ? true : undefined),
        60_000,
      );
      await idle(session);
      const restored = (await session.wb.viewContainer('cargo').isVisible()) || (await session.wb.viewContainer(EMPTY_TREE_CONTAINER).isVisible());
      if (restored || featuresLoad(session) !== undefined) {
        if (++skipped > WINDOWS) throw new Error('too many windows showed a view of the two before the click');
        process.stderr.write(`bench: first rows: a window showed a view of the two before the click; another is measured\n`);
        continue;
      }
      const cargoFirst = sample % 2 === 0;
      let ours = 0;
      let theirs = 0;
      if (cargoFirst) ours = await clickToFirstRow(session, 'Cargo', 'cargo', ' · ');
      theirs = await clickToFirstRow(session, EMPTY_TREE_TITLE, EMPTY_TREE_CONTAINER, EMPTY_TREE_ROW);
      if (!cargoFirst) ours = await clickToFirstRow(session, 'Cargo', 'cargo', ' · ');
      const request = await bareRequest(session);
      const coldOne = await coldRequest(session);
      // The log reaches its file a moment after it is written.
      const loaded = await waitFor("the features' load in the Cargo log", () => featuresLoad(session), 10_000);
      process.stderr.write(
        `bench: first rows: window ${sample}: Cargo ${ms(ours)} (features ${ms(loaded)}), empty tree ${ms(theirs)}, bare request ${ms(request)} (cold ${ms(coldOne)})\n`,
      );
      sample++;
      if (sample === 1) continue; // the first window also warms code-server's caches
      cargo.push(ours);
      empty.push(theirs);
      bare.push(request);
      cold.push(coldOne);
      features.push(loaded);
    }
    await session.wb.screenshot('bench-first-rows');
  } finally {
    await session.close();
  }
  const cargoStat = stat(cargo);
  const emptyStat = stat(empty);
  const bareStat = stat(bare);
  const coldStat = stat(cold);
  const featuresStat = stat(features);
  const budget = emptyStat.median + 1.5 * bareStat.median;
  return [
    {
      what: 'Click on the Cargo icon → first rows (code-server 1.100, signed in, a fresh window), beside an empty tree view and one bare request',
      before: '623 ms (457–979) against 134 ms for an empty tree view (5.1×)',
      now: `${msRange(cargoStat)}, of which loading the features ${msRange(featuresStat)}; an empty tree view ${msRange(emptyStat)}; one bare request ${msRange(bareStat)} (from a fresh process ${msRange(coldStat)})`,
      goal: `≤ the empty view + 1.5 × the bare request (${ms(budget)})`,
      met: cargoStat.median <= budget,
      figures: {
        cargo: cargoStat,
        featuresLoad: featuresStat,
        empty: emptyStat,
        bareRequest: bareStat,
        coldRequest: coldStat,
        budgetMs: budget,
        samples: { cargo, features, empty, bare, cold },
      },
    },
  ];
}
