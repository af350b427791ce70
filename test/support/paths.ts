// Where things are, for the e2e harness, the integration runner and the demo: the repository and the
// folders the tests read and write. The repository root is found by walking up from __dirname to the
// package.json named cargo-runs, so it works from test/support/ and from every bundle esbuild makes
// (each inlines this module: out/test/e2e/, out/test/e2e/harness/, out/test/integration/).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'cargo-runs') return dir;
    if (dirname(dir) === dir) throw new Error(`No cargo-runs package.json above ${start}`);
  }
}

export const REPO_ROOT = findRepoRoot(__dirname);
export const CODE_SERVER_ENTRY = join(REPO_ROOT, '.vscode-test', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = process.env.CARGO_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const TEST_RESULTS_DIR = join(REPO_ROOT, 'test-results');
export const FIXTURE_WORKSPACE = join(REPO_ROOT, 'test', 'fixtures', 'workspace');
/** A test-only extension with its own view container and a fixed tree: the harness proves its tree helpers on it. */
export const HARNESS_EXTENSION = join(REPO_ROOT, 'test', 'fixtures', 'harness-extension');
/** The folder `npm run demo` opens (a copy of it): a short "Try this" and run files, nothing of the tests. */
export const DEMO_WORKSPACE = join(REPO_ROOT, 'demo', 'workspace');
/** The demo's companion extension (plain CommonJS): opens the demo's window on the Cargo view. */
export const DEMO_COMPANION = join(REPO_ROOT, 'demo', 'companion');
/** The demo's build of the extension (`node esbuild.mjs --demo`): the only one that shows the demo token at Sign In. */
export const DEMO_EXTENSION = join(REPO_ROOT, 'out', 'demo-extension');
