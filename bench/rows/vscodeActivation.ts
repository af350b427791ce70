// Activation as VS Code reports it: code-server (VS Code 1.100) in Chromium, our extension and an
// empty one that activates on the same event, side by side in "Developer: Show Running Extensions".
// Each sample is a fresh window (a reload) where the command "Cargo: Show Log" activates both and
// nothing else (opening a JSON file would activate the built-in JSON extensions alongside, and what
// VS Code reports would be mostly their interleaving).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSession, type Session } from '../../test/e2e/harness';
import { waitFor } from '../../test/support/processes';
import { msRange, stat, type BenchRow } from '../harness';

/** Windows measured: the figures are noisy (loading interleaves with the built-in extensions'), so more than the usual five. */
const WINDOWS = 9;

const EMPTY_EXTENSION_NAME = 'Empty Extension For Timing';

function writeEmptyExtension(): string {
  const folder = join(__dirname, 'empty-vscode-extension');
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, 'package.json'),
    JSON.stringify({
      name: 'empty-for-timing',
      displayName: EMPTY_EXTENSION_NAME,
      publisher: 'cargo-runs-bench',
      version: '0.0.1',
      engines: { vscode: '^1.100.0' },
      main: './extension.js',
      activationEvents: ['onCommand:cargo.showLog'],
    }),
  );
  writeFileSync(join(folder, 'extension.js'), "require('vscode');\nexports.activate = function activate() {};\n");
  return folder;
}

/** The activation times the Running Extensions editor shows, by extension display name. */
async function runningExtensionTimes(session: Session): Promise<Map<string, number>> {
  const page = session.wb.page;
  const rows = page.locator('.runtime-extensions-editor .monaco-list-row');
  // The palette can lose the command to focus moving (the Output panel opening): ask again until the editor shows.
  await waitFor(
    'the Running Extensions editor',
    async () => {
      if ((await rows.count()) > 0) return true;
      await session.wb.runCommand('Developer: Show Running Extensions');
      return undefined;
    },
    60_000,
    2_000,
  );
  const times = new Map<string, number>();
  await waitFor(
    'the Running Extensions editor listing both extensions',
    async () => {
      const listed = await rows.evaluateAll((elements) =>
        elements.map((row) => ({ name: row.querySelector('.name')?.textContent ?? '', time: row.querySelector('.activation-time')?.textContent ?? '' })),
      );
      for (const { name, time } of listed) {
        const ms = /(\d+)\s*ms/.exec(time);
        if (ms) times.set(name.trim(), Number(ms[1]));
      }
      return times.has('Cargo Runs') && times.has(EMPTY_EXTENSION_NAME) ? true : undefined;
    },
    30_000,
  );
  return times;
}

export async function vscodeActivationRows(): Promise<BenchRow[]> {
  // Tall enough for every running extension's row: the list renders only the rows in view.
  const session = await startSession({ simulator: false, codeServer: { extraExtensions: [writeEmptyExtension()] }, viewport: { width: 1280, height: 2400 } });
  const ours: number[] = [];
  const empty: number[] = [];
  const inHost: number[] = [];
  try {
    for (let sample = 0; sample <= WINDOWS; sample++) {
      if (sample > 0) {
        await session.wb.runCommand('View: Close All Editors');
        await session.wb.reload();
      }
      await session.wb.runCommand('Cargo: Show Log');
      const times = await runningExtensionTimes(session).catch(async (error: unknown) => {
        await session.wb.screenshot('bench-running-extensions-failed');
        throw error;
      });
      if (sample === 0) continue; // the first window also warms code-server's caches
      ours.push(times.get('Cargo Runs') as number);
      // activate() as the extension itself times it, from its log (the log file of the session's first window).
      const logged = [...session.extensionLog('Cargo').matchAll(/activated in ([\d.]+) ms/g)].pop();
      if (logged) inHost.push(Number(logged[1]));
      empty.push(times.get(EMPTY_EXTENSION_NAME) as number);
    }
    await session.wb.screenshot('bench-running-extensions');
  } finally {
    await session.close();
  }
  const oursStat = stat(ours);
  const emptyStat = stat(empty);
  // Both activate on the same event in the same host: the figure that is ours is the difference in each window.
  const extra = stat(ours.map((value, i) => value - (empty[i] as number)));
  return [
    {
      what: 'Activation as VS Code reports it (Running Extensions, code-server 1.100), minus an empty extension in the same window',
      before: '91–117 ms against 53–68 ms (≈ 40–50 ms more)',
      now: `${msRange(extra)} more (${msRange(oursStat)} against ${msRange(emptyStat)}, both activated by one command); activate() timed inside the host: ${inHost.length > 0 ? msRange(stat(inHost)) : 'not logged'}`,
      // The budget is the Node figure (activation row above); this one is measured as the issue asks, not held to it.
      goal: 'measured beside an empty extension (information)',
      met: true,
      figures: { extra, ours: oursStat, empty: emptyStat, activateInHost: inHost.length > 0 ? stat(inHost) : undefined, samples: { ours, empty, inHost } },
    },
  ];
}
