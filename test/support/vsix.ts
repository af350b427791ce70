// The .vsix a user installs, made as they would make it: `npm run package` (vsce, offline), written to
// `outFile` instead of cargo-runs-<version>.vsix in the repository. Rebuilds dist/ (vsce runs the
// production build first).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO_ROOT } from './paths';

export async function packageVsix(outFile: string): Promise<string> {
  const running = promisify(execFile)('npm', ['run', 'package', '--', '--out', outFile], { cwd: REPO_ROOT, timeout: 120_000 });
  // Nothing to read: a prompt (vsce asks when a repository or licence is missing) ends it, not waits.
  running.child.stdin?.end();
  const { stdout } = await running;
  if (!/DONE\s+Packaged:/.test(stdout)) throw new Error(`npm run package did not say it packaged:\n${stdout.slice(-2000)}`);
  return outFile;
}
