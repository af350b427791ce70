// The .vsix a user installs, made as they would make it: `npm run package` (vsce, offline), written to
// `outFile` instead of cargo-runs-<version>.vsix. It runs in a copy of the project (its node_modules
// linked, not copied) because vsce runs the production build first, which empties and rewrites dist/:
// in the repository that would pull the bundle from under an e2e session staging it at the same time.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './paths';

/** What the build and vsce do not read: they are made, installed or written by the build and the tests. */
const NOT_COPIED = new Set(['.git', 'node_modules', 'dist', 'out', '.vscode-test', 'test-results']);

export async function packageVsix(outFile: string): Promise<string> {
  const project = mkdtempSync(join(tmpdir(), 'cargo-package-'));
  try {
    cpSync(REPO_ROOT, project, {
      recursive: true,
      filter: (path) => {
        const top = relative(REPO_ROOT, path).split(sep)[0] ?? '';
        return !NOT_COPIED.has(top) && !top.endsWith('.vsix');
      },
    });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
    const running = promisify(execFile)('npm', ['run', 'package', '--', '--out', outFile], { cwd: project, timeout: 120_000 });
    // Nothing to read: a prompt (vsce asks when a repository or licence is missing) ends it, not waits.
    running.child.stdin?.end();
    const { stdout } = await running;
    if (!/DONE\s+Packaged:/.test(stdout)) throw new Error(`npm run package did not say it packaged:\n${stdout.slice(-2000)}`);
    return outFile;
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}
