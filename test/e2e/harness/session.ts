// One e2e session: the Cargo API simulator, code-server with the extension pointed at it, Chromium on
// the workbench. `useSession()` wires a session into a node:test file: started once before its tests,
// a screenshot after every test (test-results/<file>-<test>.png), everything stopped after.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, afterEach, before } from 'node:test';
import { CargoClient } from '../../../src/api';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
import { launchBrowser, type Browser } from '../../support/browser';
import { readManifest, startCodeServer, type CodeServer, type CodeServerOptions } from '../../support/codeServer';
import { TEST_RESULTS_DIR } from '../../support/paths';
import { waitFor } from '../../support/processes';
import { safeFileName, Workbench } from './workbench';

export interface SessionOptions {
  /** Simulator options (default: seed 1, token 'dev-token', random port); false for none. */
  simulator?: SimulatorOptions | false;
  /** Extra user settings; `cargo.apiBaseUrl` is set to the simulator's URL unless given here. */
  settings?: Record<string, unknown>;
  codeServer?: Omit<CodeServerOptions, 'settings'>;
  /** Load the workbench in the browser (default true). */
  openWorkbench?: boolean;
  viewport?: { width: number; height: number };
}

export interface Session {
  sim: Simulator | undefined;
  server: CodeServer;
  browser: Browser;
  wb: Workbench;
  /** Browser console errors and page errors seen so far. */
  consoleErrors: string[];
  /**
   * The text of a log channel of our extension as written to disk by the extension host (default:
   * 'Cargo'), '' while it has none. Reads the file, so it holds what the Output panel would show.
   */
  extensionLog(channel?: string): string;
  /** Changes user settings through VS Code (editing settings.json in an editor), keeping the others. */
  updateUserSettings(changes: Record<string, unknown>): Promise<void>;
  /** Writes code-server's output and the browser's console errors to test-results/logs/<name>.*.log. */
  saveLogs(name: string): void;
  close(): Promise<void>;
}

export async function startSession(options: SessionOptions = {}): Promise<Session> {
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((error: unknown) => console.error(`[e2e] while stopping: ${String(error)}`));
    closers.length = 0;
  };
  try {
    let sim: Simulator | undefined;
    if (options.simulator !== false) {
      sim = await startSimulator({ port: 0, seed: 1, token: 'dev-token', ...options.simulator });
      const started = sim;
      closers.push(() => started.close());
    }
    const settings: Record<string, unknown> = { ...(sim ? { 'cargo.apiBaseUrl': sim.url } : {}), ...options.settings };
    const server = await startCodeServer({ ...options.codeServer, settings });
    closers.push(() => server.close());
    const browser = await launchBrowser(options.viewport ? { viewport: options.viewport } : {});
    closers.push(() => browser.close());
    const consoleErrors: string[] = [];
    browser.page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    browser.page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
    browser.page.setDefaultTimeout(20_000);
    const manifest = readManifest();
    const wb = new Workbench(browser.page, server.workbenchUrl());
    if (options.openWorkbench !== false) await wb.open();
    return {
      sim,
      server,
      browser,
      wb,
      consoleErrors,
      async updateUserSettings(changes) {
        const file = join(server.userDataDir, 'User', 'settings.json');
        const current = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
        const wanted = { ...current, ...changes };
        await wb.writeUserSettings(wanted);
        // What VS Code saved is what was meant (the editor's own check of what it shows is not reliable).
        await waitFor(
          'the new settings on disk',
          () => (JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))) === JSON.stringify(wanted) ? true : undefined),
          10_000,
        );
      },
      extensionLog(channel = 'Cargo') {
        return readExtensionLog(server.userDataDir, `${manifest.publisher}.${manifest.name}`, channel);
      },
      saveLogs(name) {
        const dir = join(TEST_RESULTS_DIR, 'logs');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${safeFileName(name)}.code-server.log`), server.output());
        const outside = browser.outsideRequests.length > 0 ? `\nRequests to outside loopback:\n${browser.outsideRequests.join('\n')}\n` : '';
        writeFileSync(join(dir, `${safeFileName(name)}.browser.log`), consoleErrors.join('\n') + '\n' + outside);
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/**
 * Registers node:test hooks for one session per test file and returns a handle whose fields are set
 * once the `before` hook has run:
 *
 *   const s = useSession();
 *   test('shows the view', async () => { const view = await s.wb.openView('Runs'); ... });
 */
export function useSession(options: SessionOptions = {}): Session {
  const handle = {} as Session;
  const file = basename(process.argv[1] ?? 'e2e', '.js').replace(/\.test$/, '');
  before(
    async () => {
      Object.assign(handle, await startSession(options));
    },
    { timeout: 120_000 },
  );
  afterEach(
    async (t) => {
      if (!handle.wb) return;
      await handle.wb.screenshot(`${file} - ${t.name}`).catch((error: unknown) => console.error(`[e2e] screenshot failed: ${String(error)}`));
    },
    { timeout: 30_000 },
  );
  after(
    async () => {
      if (!handle.close) return;
      handle.saveLogs(file);
      await handle.close();
    },
    { timeout: 60_000 },
  );
  return handle;
}

/** The session's simulator (a file that uses it started its session with one). */
export function simulatorOf(session: Session): Simulator {
  assert.ok(session.sim, 'the session has a simulator');
  return session.sim;
}

/** A client of the session's simulator with its token: what a test arranges or checks besides the UI. */
export function simulatorClient(session: Session): CargoClient {
  const sim = simulatorOf(session);
  return new CargoClient({ baseUrl: sim.url, token: sim.token });
}

/** Signs in through the UI: "Cargo: Sign In", type the token, Enter, wait for the box to close. */
export async function signIn(wb: Workbench, token: string): Promise<void> {
  await wb.runCommand('Cargo: Sign In');
  await wb.answerInputBox(token, 'Cargo: Sign In');
  await wb.waitForInputBoxClosed();
}

/** Newest `<userData>/logs/<session>/exthost<N>/<extensionId>/<channel>.log`, or '' when there is none yet. */
function readExtensionLog(userDataDir: string, extensionId: string, channel: string): string {
  const logs = join(userDataDir, 'logs');
  if (!existsSync(logs)) return '';
  const candidates: string[] = [];
  for (const session of readdirSync(logs).sort().reverse()) {
    for (const host of readdirSync(join(logs, session))
      .filter((name) => name.startsWith('exthost'))
      .sort()
      .reverse()) {
      const file = join(logs, session, host, extensionId, `${channel}.log`);
      if (existsSync(file)) candidates.push(file);
    }
  }
  return candidates.map((file) => readFileSync(file, 'utf8')).join('');
}
