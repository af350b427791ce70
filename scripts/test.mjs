// `npm test`: typecheck, lint, build, unit tests, then the real-VS-Code set-up (Debian packages and
// code-server, installed when missing), integration tests and e2e tests. Every phase runs even when an
// earlier independent one failed; a phase that needs a failed one is reported as not run. Ends with a
// summary line per phase and `total: N passed, N failed`; exits non-zero if anything failed.
//
//   node scripts/test.mjs                 all phases
//   node scripts/test.mjs unit e2e        only these (build is added when a test phase needs it)
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout } from 'node:timers';
import { ensureRealVsCode, REPO_ROOT } from './setup-vscode.mjs';

const PHASES = ['typecheck', 'lint', 'build', 'unit', 'setup', 'integration', 'e2e'];
const NEEDS = { unit: ['build'], integration: ['build', 'setup'], e2e: ['build', 'setup'] };

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
for (const name of requested) {
  if (!PHASES.includes(name)) {
    console.error(`Unknown phase ${name}; phases: ${PHASES.join(', ')}`);
    process.exit(2);
  }
}
const selected = new Set(requested.length > 0 ? requested : PHASES);
for (const name of [...selected]) for (const need of NEEDS[name] ?? []) selected.add(need);

const node = process.execPath;
const bin = (path) => join(REPO_ROOT, 'node_modules', path);
const useColor = process.stdout.isTTY === true;
const stripAnsi = (text) => text.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex

let current; // the running child, for signals
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    interrupted = true;
    // Children in our process group got a terminal's Ctrl-C already; a SIGTERM from CI they did not.
    if (current && signal !== 'SIGINT') current.kill(signal);
    if (!current) process.exit(130);
  });
}

/** Runs a command with its output shown live and kept for parsing. */
function run(command, args, { env, timeoutMs } = {}) {
  return new Promise((resolve) => {
    console.log(`$ ${[command === node ? 'node' : command, ...args.map((a) => (a.startsWith(REPO_ROOT) ? relative(REPO_ROOT, a) : a))].join(' ')}`);
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...(useColor ? { FORCE_COLOR: '1' } : {}), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    current = child;
    let output = '';
    const timer =
      timeoutMs &&
      setTimeout(() => {
        const message = `\n!! ${args.join(' ')} still running after ${timeoutMs / 60_000} min: stopping it\n`;
        output += message;
        console.error(message);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }, timeoutMs);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', (error) => {
      output += String(error);
      console.error(String(error));
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      current = undefined;
      resolve({ code: code ?? (signal ? 128 : 1), output: stripAnsi(output) });
    });
  });
}

/** Counts from node:test's spec reporter summary (ℹ pass N / ℹ fail N / ℹ cancelled N). */
function nodeTestCounts(output) {
  const count = (label) => Number(new RegExp(`^ℹ ${label} (\\d+)$`, 'm').exec(output)?.[1] ?? 0);
  return { passed: count('pass'), failed: count('fail') + count('cancelled'), skipped: count('skipped') + count('todo') };
}

/** Counts from our own closing line `N passed, N failed`. */
function closingLineCounts(output) {
  const all = [...output.matchAll(/^(\d+) passed, (\d+) failed$/gm)];
  const last = all[all.length - 1];
  return last ? { passed: Number(last[1]), failed: Number(last[2]), skipped: 0 } : undefined;
}

const results = [];
const outcome = (name) => results.find((r) => r.name === name);
const started = Date.now();

async function phase(name, title, body) {
  if (!selected.has(name) || interrupted) return;
  const missing = (NEEDS[name] ?? []).filter((need) => outcome(need)?.status !== 'passed');
  if (missing.length > 0) {
    results.push({ name, status: 'not run', detail: `needs ${missing.join(', ')}`, seconds: 0 });
    console.log(`\n━━ ${title}: not run (${missing.join(', ')} failed)`);
    return;
  }
  console.log(`\n━━ ${title}`);
  const t0 = Date.now();
  let result;
  try {
    result = await body();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    result = { ok: false, detail: 'error' };
  }
  const seconds = (Date.now() - t0) / 1000;
  const status = interrupted ? 'interrupted' : result.ok ? 'passed' : 'failed';
  results.push({ name, status, detail: result.detail ?? '', counts: result.counts, seconds });
  console.log(`━━ ${title}: ${status}${result.detail ? ` — ${result.detail}` : ''} (${seconds.toFixed(1)} s)`);
}

function countedResult(code, counts, label = '') {
  if (!counts) return { ok: false, detail: 'no test results reported' };
  const ok = code === 0 && counts.failed === 0 && counts.passed > 0;
  const detail = `${label}${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}${counts.passed === 0 ? ' (no test ran)' : ''}`;
  return { ok, detail, counts };
}

await phase('typecheck', 'Typecheck (tsc --noEmit: extension, webview, tests)', async () => {
  // Three programs: the extension host's code (no DOM), the webview's (DOM only), the tests.
  const failed = [];
  for (const project of ['.', 'src/webview', 'test']) {
    const { code } = await run(node, [bin('typescript/bin/tsc'), '--noEmit', '-p', project]);
    if (code !== 0) failed.push(project);
  }
  return { ok: failed.length === 0, detail: failed.length === 0 ? 'no type errors' : `type errors in ${failed.join(', ')}` };
});

await phase('lint', 'Lint (eslint ., prettier --check .)', async () => {
  const eslint = await run(node, [bin('eslint/bin/eslint.js'), '.']);
  const prettier = await run(node, [bin('prettier/bin/prettier.cjs'), '--check', '.']);
  const problems = [eslint.code !== 0 ? 'eslint found problems' : '', prettier.code !== 0 ? 'files not formatted (npm run format)' : ''].filter(Boolean);
  return { ok: problems.length === 0, detail: problems.length === 0 ? 'no problems' : problems.join('; ') };
});

await phase('build', 'Build (esbuild: extension, then tests)', async () => {
  rmSync(join(REPO_ROOT, 'out', 'test'), { recursive: true, force: true }); // no stale test bundles
  const extension = await run(node, ['esbuild.mjs', '--production']);
  if (extension.code !== 0) return { ok: false, detail: 'extension build failed' };
  const tests = await run(node, ['esbuild.mjs', '--tests']);
  if (tests.code !== 0) return { ok: false, detail: 'test build failed' };
  return { ok: true, detail: 'dist/extension.js and out/' };
});

await phase('unit', 'Unit tests (node --test out/test/unit/ out/test/simulator/tests/)', async () => {
  const { code, output } = await run(node, ['--test', '--test-reporter=spec', 'out/test/unit/', 'out/test/simulator/tests/']);
  return countedResult(code, nodeTestCounts(output));
});

await phase('setup', 'Real VS Code set-up (Debian packages, code-server)', async () => {
  rmSync(join(REPO_ROOT, 'test-results'), { recursive: true, force: true }); // screenshots and logs of this run only
  await ensureRealVsCode();
  return { ok: true, detail: 'chromium and code-server ready' };
});

await phase('integration', 'Integration tests (extension host)', async () => {
  const { code, output } = await run(node, ['out/test/integration/runTest.js'], { timeoutMs: 8 * 60_000 });
  const path = /^\[integration\] path: ([\w-]+)/m.exec(output)?.[1];
  return countedResult(code, closingLineCounts(output), path ? `${path}: ` : '');
});

await phase('e2e', 'e2e tests (code-server in Chromium)', async () => {
  const dir = join(REPO_ROOT, 'out', 'test', 'e2e');
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.test.js'))
        .sort()
        .map((f) => join('out', 'test', 'e2e', f))
    : [];
  if (files.length === 0) return { ok: false, detail: 'no e2e test files in out/test/e2e' };
  const { code, output } = await run(node, ['--test', '--test-reporter=spec', '--test-concurrency=1', ...files], { timeoutMs: 30 * 60_000 });
  const counts = nodeTestCounts(output);
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  const result = countedResult(code, counts);
  if (result.ok) result.detail += '; screenshots in test-results/';
  return result;
});

// ------------------------------------------------------------------ summary
console.log('\n━━ Summary');
for (const r of results) console.log(`  ${r.name.padEnd(12)} ${r.status.padEnd(11)} ${r.detail}${r.seconds ? ` (${r.seconds.toFixed(1)} s)` : ''}`);
const testsPassed = results.reduce((sum, r) => sum + (r.counts?.passed ?? 0), 0);
// A phase that failed without failed tests (typecheck, lint, build, setup, not run, crash) counts as one failure.
const failures = results.reduce((sum, r) => sum + (r.status === 'passed' ? 0 : Math.max(r.counts?.failed ?? 0, 1)), 0);
const allPassed = results.length > 0 && failures === 0;
console.log(`  ${'time'.padEnd(12)} ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`total: ${testsPassed} passed, ${failures} failed`);
process.exit(interrupted ? 130 : allPassed ? 0 : 1);
