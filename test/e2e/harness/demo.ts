// What `npm run demo` starts (scripts/demo.mjs parses the command line and prints; the e2e test of the
// demo starts the same): the Cargo API simulator with a workspace that keeps working, and code-server
// on a copy of the demo workspace with the demo's build of the extension, on the Cargo view.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
import { startCodeServer, type CodeServer } from '../../support/codeServer';
import { DEMO_COMPANION, DEMO_EXTENSION, DEMO_WORKSPACE } from '../../support/paths';

export const DEMO_TOKEN = 'dev-token';
/** A new batch every this many seconds, its runs stepping every DEMO_LIVE_STEP_MS: each lasts 40–60 s, so two or three always run. */
export const DEMO_LIVE_EVERY_SECONDS = 20;
const DEMO_LIVE_STEP_MS = 4000;

export interface DemoOptions {
  /** code-server's address (default 127.0.0.1) and port (default: a free one). */
  host?: string;
  port?: number;
  /** The simulator's port (default: a free one). */
  simPort?: number;
  /** A folder of one's own to open as it is, instead of a copy of the demo workspace. */
  folder?: string;
  /** Add the simulator's hostile batch and runs (`--hostile`; default off). */
  hostile?: boolean;
  /** A new batch every this many seconds; 0 for none (default DEMO_LIVE_EVERY_SECONDS). */
  liveEverySeconds?: number;
  onOutput?: (text: string) => void;
}

export interface Demo {
  sim: Simulator;
  server: CodeServer;
  close(): Promise<void>;
}

/** The demo's simulator: seed 1, runs started from VS Code stepping every 1.5 s, a new batch every so often, hostile data only when asked. */
export function demoSimulatorOptions(options: Pick<DemoOptions, 'simPort' | 'hostile' | 'liveEverySeconds'> = {}): SimulatorOptions {
  const liveEverySeconds = options.liveEverySeconds ?? DEMO_LIVE_EVERY_SECONDS;
  return {
    port: options.simPort ?? 0,
    seed: 1,
    token: DEMO_TOKEN,
    stepMs: 1500,
    hostile: options.hostile === true,
    ...(liveEverySeconds > 0 ? { liveEveryMs: Math.round(liveEverySeconds * 1000), liveStepMs: DEMO_LIVE_STEP_MS } : {}),
  };
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  if (!existsSync(join(DEMO_EXTENSION, 'package.json'))) throw new Error(`${DEMO_EXTENSION} is missing: build it first (node esbuild.mjs --demo)`);
  const sim = await startSimulator(demoSimulatorOptions(options));
  try {
    const server = await startCodeServer({
      host: options.host,
      ...(options.port ? { port: options.port } : {}),
      ...(options.folder ? { workspace: options.folder } : { copyOf: DEMO_WORKSPACE }),
      // The workspace's "Try this" opens at start (beside the Cargo view, which the companion brings forward).
      settings: { 'cargo.apiBaseUrl': sim.url, 'workbench.startupEditor': 'readme' },
      installExtension: false,
      extraExtensions: [DEMO_EXTENSION, DEMO_COMPANION],
      // Read by the demo's build only: the Sign In box shows it where the token is typed.
      env: { CARGO_DEMO_TOKEN: sim.token },
      onOutput: options.onOutput,
    });
    return {
      sim,
      server,
      async close() {
        await server.close().catch(() => undefined);
        await sim.close().catch(() => undefined);
      },
    };
  } catch (error) {
    await sim.close();
    throw error;
  }
}
