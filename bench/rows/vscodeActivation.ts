// Activation as VS Code reports it: code-server (VS Code 1.100) in Chromium, our extension and an empty
// one activated on the same events (Cargo's; code-server fires onLanguage:jsonc at every window start,
// so both activate in the window's start-up burst), side by side in "Developer: Startup Performance"
// (its table "Extension Activation Stats": Load Code, the require, and Call Activate, the activate()
// call; "Running Extensions" shows their sum). Each sample is a fresh window (a reload).
import { startSession, type Session } from '../../test/e2e/harness';
import { waitFor } from '../../test/support/processes';
import { msRange, stat, type BenchRow } from '../harness';
import { writeEmptyExtension } from './emptyExtensions';

/** Windows measured: the figures are noisy (loading interleaves with the built-in extensions'), so more than the usual five. */
const WINDOWS = 9;

const CARGO_ID = 'cargo-runs.cargo-runs';
const EMPTY_ID = 'cargo-runs-bench.empty-for-timing';

interface Activation {
  /** Load Code: reading and compiling the extension's main file (the require). */
  requireMs: number;
  /** Call Activate: the activate() call. */
  activateMs: number;
  event: string;
}

/** The rows of "Extension Activation Stats" in VS Code's startup performance report, by extension id. */
function activationStats(report: string): Map<string, Activation> {
  const stats = new Map<string, Activation>();
  // | id | eager | load code | call activate | finish activate | event | by |
  for (const match of report.matchAll(/^\|\s*([\w.-]+)\s*\|\s*(?:true|false)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*\d+\s*\|\s*([^|]*?)\s*\|/gm)) {
    stats.set(match[1] as string, { requireMs: Number(match[2]), activateMs: Number(match[3]), event: (match[4] as string).trim() });
  }
  return stats;
}

/** Opens "Developer: Startup Performance" and reads it whole (select all, copy), until it lists both extensions. */
async function startupReport(session: Session): Promise<Map<string, Activation>> {
  const page = session.wb.page;
  return waitFor(
    'both extensions in the startup performance report',
    async () => {
      await session.wb.runCommand('View: Close All Editors');
      await session.wb.runCommand('Developer: Startup Performance');
      const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
      await editor.waitFor({ state: 'visible', timeout: 10_000 });
      await editor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Control+C');
      const stats = activationStats(await page.evaluate(() => navigator.clipboard.readText()));
      return stats.has(CARGO_ID) && stats.has(EMPTY_ID) ? stats : undefined;
    },
    60_000,
    1_000,
  );
}

export async function vscodeActivationRows(): Promise<BenchRow[]> {
  const session = await startSession({ simulator: false, codeServer: { extraExtensions: [writeEmptyExtension()] } });
  const ours: Activation[] = [];
  const empty: Activation[] = [];
  try {
    for (let sample = 0; sample <= WINDOWS; sample++) {
      if (sample > 0) {
        await session.wb.runCommand('View: Close All Editors');
        await session.wb.reload();
      }
      const stats = await startupReport(session).catch(async (error: unknown) => {
        await session.wb.screenshot('bench-startup-performance-failed');
        throw error;
      });
      if (sample === 0) continue; // the first window also warms code-server's caches
      ours.push(stats.get(CARGO_ID) as Activation);
      empty.push(stats.get(EMPTY_ID) as Activation);
    }
    await session.wb.screenshot('bench-startup-performance');
  } finally {
    await session.close();
  }
  const total = (a: Activation) => a.requireMs + a.activateMs;
  const figures = {
    ours: { require: stat(ours.map((a) => a.requireMs)), activate: stat(ours.map((a) => a.activateMs)), total: stat(ours.map(total)) },
    empty: { require: stat(empty.map((a) => a.requireMs)), activate: stat(empty.map((a) => a.activateMs)), total: stat(empty.map(total)) },
    // Both activate on the same event in the same window: the figure that is ours is the difference in each window.
    extra: {
      total: stat(ours.map((a, i) => total(a) - total(empty[i] as Activation))),
      require: stat(ours.map((a, i) => a.requireMs - (empty[i] as Activation).requireMs)),
      activate: stat(ours.map((a, i) => a.activateMs - (empty[i] as Activation).activateMs)),
    },
    events: { ours: [...new Set(ours.map((a) => a.event))], empty: [...new Set(empty.map((a) => a.event))] },
    samples: { ours, empty },
  };
  return [
    {
      what: 'Activation as VS Code reports it (Startup Performance, code-server 1.100) at window start, beside an empty extension activated on the same events',
      before: '91–117 ms against 53–68 ms (≈ 40–50 ms more); the empty extension was activated later, by a command',
      now: `${msRange(figures.ours.total)}: require ${msRange(figures.ours.require)} + activate() ${msRange(figures.ours.activate)}; the empty extension ${msRange(figures.empty.total)} (require ${msRange(figures.empty.require)} + activate() ${msRange(figures.empty.activate)}); ours − empty in each window ${msRange(figures.extra.total)} (require ${msRange(figures.extra.require)}, activate() ${msRange(figures.extra.activate)}); activated by ${figures.events.ours.join(', ')}`,
      // The budget is the Node figure (activation row above); this one is measured as the issue asks, not held to it.
      goal: 'measured beside an empty extension activated on the same events (information)',
      met: true,
      figures,
    },
  ];
}
