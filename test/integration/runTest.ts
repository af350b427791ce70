// Runs the integration suite (test/integration/suite, mocha inside a real extension host) through one
// of two paths, and says which:
//   electron     @vscode/test-electron with desktop VS Code: when VSCODE_EXECUTABLE is set, a VS Code
//                download is cached in .vscode-test/, or CARGO_VSCODE_DOWNLOAD=1 says downloads work;
//   code-server  otherwise: code-server (VS Code 1.100 server) with the workbench opened in Chromium
//                and `extensionDevelopmentPath`/`extensionTestsPath` passed as the workbench's
//                `?payload=` (code-server's command line does not take them); results come back
//                through a JSON file the suite writes (CARGO_TEST_RESULTS).
// Force one with CARGO_INTEGRATION_PATH=electron|code-server. Exits non-zero when a test failed or
// no path could run. Closing line: `N passed, N failed`.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { startSimulator, type Simulator } from '../simulator';
import { launchBrowser } from '../support/browser';
import { QUIET_SETTINGS, startCodeServer } from '../support/codeServer';
import { CODE_SERVER_ENTRY, FIXTURE_WORKSPACE, REPO_ROOT, TEST_RESULTS_DIR } from '../support/paths';
import { freePort, removeOnExit, sleep, spawnGroup, stopGroup } from '../support/processes';
import type { IntegrationResults } from './suite/index';

const SUITE = join(__dirname, 'suite', 'index.js');
const CACHE = join(REPO_ROOT, '.vscode-test');
const say = (message: string) => console.log(`[integration] ${message}`);

type Path = 'electron' | 'code-server';

function cachedVsCode(): string | undefined {
  if (!existsSync(CACHE)) return undefined;
  return readdirSync(CACHE).find((name) => name.startsWith('vscode-'));
}

function choosePath(): { path: Path; why: string } {
  const forced = process.env.CARGO_INTEGRATION_PATH;
  if (forced === 'electron' || forced === 'code-server') return { path: forced, why: `CARGO_INTEGRATION_PATH=${forced}` };
  if (forced) throw new Error(`CARGO_INTEGRATION_PATH must be electron or code-server, not ${forced}`);
  if (process.env.VSCODE_EXECUTABLE) return { path: 'electron', why: `VSCODE_EXECUTABLE=${process.env.VSCODE_EXECUTABLE}` };
  const cached = cachedVsCode();
  if (cached) return { path: 'electron', why: `a VS Code download is cached in .vscode-test/${cached}` };
  if (process.env.CARGO_VSCODE_DOWNLOAD === '1') return { path: 'electron', why: 'CARGO_VSCODE_DOWNLOAD=1 (VS Code will be downloaded)' };
  return {
    path: 'code-server',
    why: 'no VS Code executable (VSCODE_EXECUTABLE unset, none cached in .vscode-test/, CARGO_VSCODE_DOWNLOAD unset: downloading is not tried without internet)',
  };
}

function readResults(file: string): IntegrationResults | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as IntegrationResults;
  } catch {
    return undefined;
  }
}

function userSettings(sim: Simulator): Record<string, unknown> {
  return { ...QUIET_SETTINGS, 'cargo.apiBaseUrl': sim.url };
}

/**
 * The token of both simulators: recognisable, and new every run, so the secrets suite can look for it
 * everywhere the extension writes or shows something (test/integration/suite/secrets.test.ts).
 */
const CANARY_TOKEN = `cargo-secret-CANARY-${randomBytes(12).toString('hex')}`;
/** Runs in the big simulator's large batch (the resource-bounds suite lists and pages it). */
const BIG_BATCH_RUNS = 100_000;

/**
 * A second simulator, in a process of its own, whose large batch has BIG_BATCH_RUNS runs: building that
 * world takes seconds, so it starts while VS Code does, and the main simulator stays small for the rest.
 */
async function startBigSimulator(): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const port = await freePort();
  const cli = join(__dirname, '..', 'simulator', 'cli.js');
  const child = spawnGroup(process.execPath, [cli, '--port', String(port), '--seed', '2', '--token', CANARY_TOKEN, '--scale', String(BIG_BATCH_RUNS)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Known now, ready later: the suite that needs it waits for its /__sim/health.
  return { url: `http://127.0.0.1:${port}/v1`, child, output: () => output };
}

function suiteEnv(sim: Simulator, resultsFile: string, bigSimulatorUrl: string): Record<string, string> {
  return {
    CARGO_TEST_RESULTS: resultsFile,
    CARGO_SIMULATOR_URL: sim.url,
    CARGO_SIMULATOR_TOKEN: sim.token,
    CARGO_BIG_SIMULATOR_URL: bigSimulatorUrl,
    CARGO_BIG_BATCH_RUNS: String(BIG_BATCH_RUNS),
    ...(process.env.CARGO_INTEGRATION_GREP ? { CARGO_INTEGRATION_GREP: process.env.CARGO_INTEGRATION_GREP } : {}),
  };
}

async function runElectron(sim: Simulator, resultsFile: string, scratch: string, bigSimulatorUrl: string): Promise<IntegrationResults | undefined> {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    // Desktop VS Code needs a display: run ourselves again under a virtual one.
    if (process.env.CARGO_UNDER_XVFB !== '1' && spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' }).error === undefined) {
      say('no DISPLAY: running again under xvfb-run');
      const again = spawnSync('xvfb-run', ['-a', process.execPath, ...process.argv.slice(1)], {
        stdio: 'inherit',
        env: { ...process.env, CARGO_UNDER_XVFB: '1', CARGO_INTEGRATION_PATH: 'electron' },
      });
      process.exit(again.status ?? 1);
    }
    throw new Error('Desktop VS Code needs a display: set DISPLAY, or install xvfb (apt-get install -y xvfb) so this can use xvfb-run.');
  }
  const userDataDir = join(scratch, 'user-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(userSettings(sim), null, 2));
  const workspace = join(scratch, 'workspace');
  mkdirSync(workspace, { recursive: true });
  for (const entry of readdirSync(FIXTURE_WORKSPACE)) writeFileSync(join(workspace, entry), readFileSync(join(FIXTURE_WORKSPACE, entry)));
  try {
    await runTests({
      ...(process.env.VSCODE_EXECUTABLE ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE } : { cachePath: CACHE }),
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: SUITE,
      extensionTestsEnv: suiteEnv(sim, resultsFile, bigSimulatorUrl),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        join(scratch, 'extensions'),
      ],
    });
  } catch (error) {
    const results = readResults(resultsFile);
    if (results?.done) return results; // failed tests: reported from the results
    throw new Error(`VS Code did not run the suite: ${(error as Error).message}`);
  }
  return readResults(resultsFile);
}

async function runCodeServer(sim: Simulator, resultsFile: string, bigSimulatorUrl: string): Promise<IntegrationResults | undefined> {
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error('code-server is not installed: run node scripts/setup-vscode.mjs (npm test does this)');
  const server = await startCodeServer({
    installExtension: false, // loaded from the repository as the development extension instead
    settings: userSettings(sim),
    env: suiteEnv(sim, resultsFile, bigSimulatorUrl),
  });
  const browser = await launchBrowser().catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  try {
    const url = server.workbenchUrl([
      ['extensionDevelopmentPath', server.remoteUri(REPO_ROOT)],
      ['extensionTestsPath', server.remoteUri(SUITE)],
    ]);
    say(`code-server ${server.origin}; workbench opened in Chromium with extensionDevelopmentPath=${REPO_ROOT} extensionTestsPath=${SUITE}`);
    await browser.page.goto(url);
    // The resource-bounds and secrets suites take a minute or two of their own on 2 cores.
    const deadline = Date.now() + 360_000;
    let exitSeen: number | undefined;
    for (;;) {
      const results = readResults(resultsFile);
      if (results?.done) {
        mkdirSync(TEST_RESULTS_DIR, { recursive: true });
        await browser.page.screenshot({ path: join(TEST_RESULTS_DIR, 'integration-code-server.png') }).catch(() => undefined);
        return results;
      }
      // The extension host exits when the suite is done; a few seconds after, any result is final.
      const exit = /Extension Host Process exited with code: (\d+)/.exec(server.output());
      if (exit && exitSeen === undefined) exitSeen = Date.now();
      if (exitSeen !== undefined && Date.now() - exitSeen > 3_000) {
        throw new Error(
          `The extension host exited (code ${exit?.[1]}) without finishing the suite.\n--- code-server output ---\n${server.output().slice(-4000)}`,
        );
      }
      if (Date.now() > deadline) throw new Error(`The suite did not finish within 360 s.\n--- code-server output ---\n${server.output().slice(-4000)}`);
      await sleep(250);
    }
  } finally {
    mkdirSync(join(TEST_RESULTS_DIR, 'logs'), { recursive: true });
    writeFileSync(join(TEST_RESULTS_DIR, 'logs', 'integration.code-server.log'), server.output());
    await browser.close();
    await server.close();
  }
}

function report(results: IntegrationResults): void {
  for (const test of results.tests) {
    const mark = test.state === 'passed' ? '✔' : test.state === 'failed' ? '✖' : '-';
    console.log(`  ${mark} ${test.title}${test.state === 'passed' ? ` (${Math.round(test.durationMs)} ms)` : ''}`);
    if (test.error) console.log(test.error.replace(/^/gm, '      '));
  }
  if (results.error) console.log(`  suite error: ${results.error}`);
}

async function main(): Promise<number> {
  const started = Date.now();
  const { path, why } = choosePath();
  say(`path: ${path} (${why})`);
  const scratch = mkdtempSync(join(tmpdir(), 'cargo-integration-'));
  removeOnExit(scratch);
  const resultsFile = join(scratch, 'results.json');
  const big = await startBigSimulator();
  const sim = await startSimulator({ port: 0, seed: 1, token: CANARY_TOKEN });
  let results: IntegrationResults | undefined;
  let failure: string | undefined;
  try {
    say(`simulators: ${sim.url}; ${big.url} (a batch of ${BIG_BATCH_RUNS.toLocaleString('en-US')} runs, starting)`);
    results = path === 'electron' ? await runElectron(sim, resultsFile, scratch, big.url) : await runCodeServer(sim, resultsFile, big.url);
  } catch (error) {
    failure = (error as Error).message;
  } finally {
    if (big.child.exitCode !== null) say(`the big simulator had exited (${big.child.exitCode}): ${big.output().slice(-2000)}`);
    await stopGroup(big.child);
    await sim.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  if (results) report(results);
  const passed = results?.passed ?? 0;
  const failed = (results?.failed ?? 0) + (failure || !results?.done || results.error ? 1 : 0);
  if (failure) console.error(`[integration] ${path} path failed: ${failure}`);
  else if (!results?.done) console.error('[integration] the suite did not report results');
  if (passed + failed === 0) console.error('[integration] no test ran');
  say(`${path}: ${passed} passed, ${results?.failed ?? 0} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
