// Installs what the real-VS-Code tests and the demo need and a fresh machine lacks: Debian's Chromium
// (and, to build code-server, libkrb5-dev and ripgrep), then code-server (= VS Code 1.100.3 as a web
// server) into .vscode-test/code-server. Each step is skipped when already done.
// As a command: `node scripts/setup-vscode.mjs [--check]` (--check only reports, installs nothing).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, readdirSync, copyFileSync, chmodSync } from 'node:fs';
import { arch } from 'node:os';
import { setInterval, clearInterval } from 'node:timers';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CODE_SERVER_VERSION = '4.100.3';
export const VSCODE_TEST_DIR = join(REPO_ROOT, '.vscode-test');
export const CODE_SERVER_DIR = join(VSCODE_TEST_DIR, 'code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = '/usr/bin/chromium';
const INSTALLED_MARKER = join(CODE_SERVER_DIR, '.installed');

// code-server 4.100.3 ships an npm-shrinkwrap.json that pins @vscode/ripgrep 1.15.11, whose postinstall
// downloads ripgrep v13.0.0-10 from GitHub unless it finds the archive in its cache folder
// ($TMPDIR/vscode-ripgrep-cache-<package version>/, see its lib/download.js). We seed that cache with a
// tar.gz of Debian's /usr/bin/rg, and point TMPDIR at a folder of ours so the path is known.
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_RELEASE = 'v13.0.0-10';
const RIPGREP_TARGETS = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };

/** Debian packages, and how to tell each is there without asking dpkg (which may not exist). */
const DEBIAN_PACKAGES = {
  chromium: { files: [CHROMIUM], why: 'the browser the e2e tests drive' },
  'libkrb5-dev': { files: ['/usr/include/gssapi/gssapi.h', '/usr/include/krb5.h'], why: "headers for code-server's kerberos module" },
  ripgrep: { files: ['/usr/bin/rg'], why: "the rg binary code-server's search uses (its own download needs GitHub)" },
};

const say = (message) => console.log(`[setup] ${message}`);

function debianPackageInstalled(name) {
  const query = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  if (query.error === undefined && query.status === 0) return query.stdout.includes('install ok installed');
  if (query.error === undefined) return false; // dpkg-query ran and does not know the package
  return DEBIAN_PACKAGES[name].files.every((file) => existsSync(file));
}

function canRun(command, args) {
  const result = spawnSync(command, args, { stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

/**
 * Installs the missing Debian packages among `names` with apt-get when we are root or have passwordless
 * sudo; otherwise throws with the exact command a person must run.
 */
export function ensureDebianPackages(names, { check = false } = {}) {
  const missing = names.filter((name) => !debianPackageInstalled(name));
  if (missing.length === 0) {
    say(`Debian packages present: ${names.join(', ')}`);
    return;
  }
  const reasons = missing.map((name) => `${name} (${DEBIAN_PACKAGES[name].why})`).join(', ');
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (check) throw new Error(`Missing Debian packages: ${reasons}. Install them with: sudo sh -c '${command}'`);
  let sudo;
  if (process.getuid?.() === 0) sudo = [];
  else if (canRun('sudo', ['-n', 'true'])) sudo = ['sudo', '-n'];
  else {
    throw new Error(
      `Missing Debian packages: ${reasons}.\nThis user cannot install them (not root, no passwordless sudo). Run:\n  sudo sh -c '${command}'\nthen run this again.`,
    );
  }
  if (!canRun('apt-get', ['--version'])) {
    throw new Error(`Missing packages ${missing.join(', ')} and no apt-get here: install their equivalents (${reasons}) by hand.`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => {
    const [command0, ...rest] = [...sudo, ...args];
    say(`$ ${[command0, ...rest].join(' ')}`);
    const result = spawnSync(command0, rest, { stdio: 'inherit', env });
    if (result.status !== 0) throw new Error(`'${[command0, ...rest].join(' ')}' failed (exit ${result.status ?? result.signal}). Run it by hand to see why.`);
  };
  say(`Installing missing Debian packages: ${reasons}`);
  run(['apt-get', 'update']);
  run(['apt-get', 'install', '-y', ...missing]);
  const still = missing.filter((name) => !debianPackageInstalled(name));
  if (still.length > 0) throw new Error(`apt-get finished but ${still.join(', ')} still missing`);
}

export function codeServerInstalled() {
  if (!existsSync(INSTALLED_MARKER) || !existsSync(CODE_SERVER_ENTRY)) return false;
  try {
    return JSON.parse(readFileSync(INSTALLED_MARKER, 'utf8')).version === CODE_SERVER_VERSION;
  } catch {
    return false;
  }
}

function seedRipgrepCache(tmpDir) {
  const target = RIPGREP_TARGETS[arch()];
  if (!target) throw new Error(`No known ripgrep build for ${arch()}; code-server's install would try to download one.`);
  const cacheDir = join(tmpDir, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const archive = join(cacheDir, `ripgrep-${RIPGREP_RELEASE}-${target}.tar.gz`);
  mkdirSync(cacheDir, { recursive: true });
  const staging = join(tmpDir, 'rg-staging');
  mkdirSync(staging, { recursive: true });
  copyFileSync('/usr/bin/rg', join(staging, 'rg'));
  chmodSync(join(staging, 'rg'), 0o755);
  const tar = spawnSync('tar', ['czf', archive, '-C', staging, 'rg'], { stdio: 'inherit' });
  if (tar.status !== 0) throw new Error('Could not pack /usr/bin/rg for the ripgrep cache');
  return archive;
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Installs code-server into .vscode-test/code-server unless a complete install of the pinned version is there. */
export async function ensureCodeServer({ check = false } = {}) {
  if (codeServerInstalled()) {
    say(`code-server ${CODE_SERVER_VERSION} present in ${relative(REPO_ROOT, CODE_SERVER_DIR)}`);
    return CODE_SERVER_ENTRY;
  }
  if (check) throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${CODE_SERVER_DIR}; run node scripts/setup-vscode.mjs`);
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor !== 20) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} (VS Code 1.100, this project's engine) installs and runs only on Node 20; this is Node ${process.versions.node}.`,
    );
  }
  ensureDebianPackages(['libkrb5-dev', 'ripgrep']);

  // Install into a side folder and rename at the end, so an interrupted install never looks complete.
  mkdirSync(VSCODE_TEST_DIR, { recursive: true });
  const partial = join(VSCODE_TEST_DIR, `code-server.partial-${process.pid}`);
  const tmpDir = join(VSCODE_TEST_DIR, `tmp-${process.pid}`);
  const logFile = join(VSCODE_TEST_DIR, 'code-server-install.log');
  for (const name of readdirSync(VSCODE_TEST_DIR)) {
    const owner = /^code-server\.partial-(\d+)$/.exec(name)?.[1];
    if (owner && !processAlive(Number(owner))) rmSync(join(VSCODE_TEST_DIR, name), { recursive: true, force: true }); // left by an interrupted install
  }
  mkdirSync(partial, { recursive: true });
  const archive = seedRipgrepCache(tmpDir);

  const env = {
    ...process.env,
    TMPDIR: tmpDir,
    npm_config_unsafe_perm: 'true', // its postinstall refuses to run as root without it
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`, which would wait for a yes
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  const args = ['install', '--prefix', partial, '--no-save', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`];
  say(`Installing code-server ${CODE_SERVER_VERSION} (about 1-2 min, ~300 MB) into ${relative(REPO_ROOT, CODE_SERVER_DIR)}`);
  say(`  ripgrep cache seeded from /usr/bin/rg: ${relative(REPO_ROOT, archive)}`);
  say(`  npm ${args.join(' ')}   (log: ${relative(REPO_ROOT, logFile)})`);
  const started = Date.now();
  const log = createWriteStream(logFile);
  const exitCode = await new Promise((resolve) => {
    const child = spawn('npm', args, { cwd: VSCODE_TEST_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let last = '';
    const remember = (chunk) => {
      log.write(chunk);
      const lines = chunk
        .toString()
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      if (lines.length > 0) last = lines[lines.length - 1];
    };
    child.stdout.on('data', remember);
    child.stderr.on('data', remember);
    const progress = setInterval(() => say(`  … ${Math.round((Date.now() - started) / 1000)} s: ${last.slice(0, 110)}`), 15_000);
    const stop = () => child.kill('SIGTERM');
    process.once('SIGINT', stop);
    child.on('error', (error) => {
      log.write(String(error));
      resolve(-1);
    });
    child.on('close', (code) => {
      clearInterval(progress);
      process.removeListener('SIGINT', stop);
      resolve(code ?? -1);
    });
  });
  await new Promise((resolve) => log.end(resolve));
  const installed = join(partial, 'node_modules', 'code-server');
  const rg = join(installed, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  if (exitCode !== 0 || !existsSync(join(installed, 'out', 'node', 'entry.js')) || !existsSync(rg)) {
    rmSync(partial, { recursive: true, force: true });
    rmSync(tmpDir, { recursive: true, force: true });
    throw new Error(
      `Installing code-server failed (npm exit ${exitCode}). Last lines of ${logFile}:\n${tail(logFile)}\n` +
        'It needs: Node 20, the Debian packages libkrb5-dev and ripgrep, g++/make/python3 with Node headers (node-gyp), and the npm registry.',
    );
  }
  writeFileSync(join(partial, '.installed'), JSON.stringify({ version: CODE_SERVER_VERSION, installedAt: new Date().toISOString() }) + '\n');
  rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  renameSync(partial, CODE_SERVER_DIR);
  rmSync(tmpDir, { recursive: true, force: true });
  say(`code-server ${CODE_SERVER_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return CODE_SERVER_ENTRY;
}

/** Everything the e2e tests, the code-server integration path and the demo need. */
export async function ensureRealVsCode(options = {}) {
  ensureDebianPackages(['chromium'], options);
  return ensureCodeServer(options);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check');
  ensureRealVsCode({ check }).then(
    (entry) => say(`ready: node ${relative(REPO_ROOT, entry)}; browser ${CHROMIUM}`),
    (error) => {
      console.error(`[setup] ${error.message}`);
      process.exit(1);
    },
  );
}
