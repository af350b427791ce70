// `npm test`: typecheck, lint, build, unit tests, then the real-VS-Code set-up (Debian packages and
// code-server, installed when missing), integration tests and e2e tests. Every phase runs even when an
// earlier independent one failed; a phase that needs a failed one is reported as not run. Ends with a
// summary line per phase and `total: N passed, N failed`; exits non-zero if anything failed.
//
//   node scripts/test.mjs                 all phases
//   node scripts/test.mjs unit e2e        only these (build is added when a test phase needs it)
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout } from 'node:timers';
import { ensureRealVsCode, REPO_ROOT } from './setup-vscode.mjs';

const PHASES = ['typecheck', 'lint', 'build', 'unit', 'setup', 'integration', 'e2e'];
const NEEDS = { unit: ['build'], integration: ['build', 'setup'], e2e: ['build', 'setup'] };
/**
 * e2e files at once: one per core, at most 4. A file keeps about a core busy while its workbench starts
 * and much less while it waits; on 2 cores (2026-12-06) the phase took 529 s two at a time, 521 s three
 * at a time (the cores were full: 78 % and 88 % busy) and 790–860 s one at a time.
 */
const E2E_CONCURRENCY = Math.min(4, availableParallelism());
/** The e2e files that take longest, longest first (measured 2026-12-06, 3 at a time on 2 cores). */
const E2E_LONGEST = ['runPanelLive', 'runFile', 'runsExplorer', 'runPanelData', 'runPanel', 'errorInspection', 'cargo'];

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

const running = new Set(); // the running children, for signals
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    interrupted = true;
    // Children in our process group got a terminal's Ctrl-C already; a SIGTERM from CI they did not.
    if (signal !== 'SIGINT') for (const child of running) child.kill(signal);
    if (running.size === 0) process.exit(130);
  });
}

/** Runs a command with its output shown live and kept for parsing. */
function run(command, args, { env, timeoutMs, quiet = false } = {}) {
  return new Promise((resolve) => {
    console.log(`$ ${[command === node ? 'node' : command, ...args.map((a) => (a.startsWith(REPO_ROOT) ? relative(REPO_ROOT, a) : a))].join(' ')}`);
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...(useColor ? { FORCE_COLOR: '1' } : {}), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
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
      if (!quiet) process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      if (!quiet) process.stderr.write(chunk);
    });
    child.on('error', (error) => {
      output += String(error);
      console.error(String(error));
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      running.delete(child);
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
  // The longest first, so none of them starts last: those measured long (E2E_LONGEST), then by the size
  // of their source (a bundle's size is mostly the code it imports).
  const sourceSize = (file) => statSync(join(REPO_ROOT, 'test', 'e2e', file.replace(/\.js$/, '.ts'))).size;
  const rank = (file) => {
    const index = E2E_LONGEST.indexOf(file.replace(/\.test\.js$/, ''));
    return index === -1 ? E2E_LONGEST.length : index;
  };
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.test.js'))
        .sort((a, b) => rank(a) - rank(b) || sourceSize(b) - sourceSize(a) || a.localeCompare(b))
    : [];
  if (files.length === 0) return { ok: false, detail: 'no e2e test files in out/test/e2e' };
  const concurrency = Math.max(1, Number(process.env.E2E_CONCURRENCY) || E2E_CONCURRENCY);
  console.log(`${files.length} files, ${concurrency} at a time: ${files.join(', ')}`);
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const times = [];
  let failedCode = 0;
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined && !interrupted; file = queue.shift()) {
      const t0 = Date.now();
      const { code, output } = await run(node, ['--test', '--test-reporter=spec', join('out', 'test', 'e2e', file)], {
        timeoutMs: 20 * 60_000,
        quiet: concurrency > 1,
      });
      const seconds = Math.round((Date.now() - t0) / 1000);
      times.push(`${file.replace(/\.test\.js$/, '')} ${seconds} s`);
      if (concurrency > 1) console.log(`\n── ${file} (${seconds} s)\n${output.trimEnd()}`);
      const fileCounts = nodeTestCounts(output);
      for (const key of Object.keys(counts)) counts[key] += fileCounts[key];
      if (code !== 0) failedCode = code;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  console.log(`\nfiles in the order they ended: ${times.join(', ')}`);
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  const result = countedResult(failedCode, counts);
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
