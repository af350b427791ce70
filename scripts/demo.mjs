// `npm run demo`: the Cargo API simulator and a real VS Code (code-server) with the extension connected
// to it, for a person to try in a browser. Ctrl-C stops both. What is started is in
// test/e2e/harness/demo.ts (the e2e test of the demo starts the same); this file parses the command
// line, builds, and says where to look.
//
//   node scripts/demo.mjs [--port 8080] [--host 127.0.0.1] [--sim-port 4010] [--folder PATH] [--hostile]
//                         [--live-every 20] [--no-build]
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureCodeServer, REPO_ROOT, VSCODE_TEST_DIR } from './setup-vscode.mjs';

const USAGE = `Usage: node scripts/demo.mjs [--port 8080] [--host 127.0.0.1|0.0.0.0] [--sim-port 4010] [--folder PATH]
                            [--hostile] [--live-every SECONDS] [--no-build]
  --folder PATH       open this folder instead of a copy of demo/workspace
  --hostile           add the simulator's batch of hostile strings (markup, command links, bidi controls)
  --live-every S      start a new batch every S seconds (default 20; 0: only the six live batches of the start)`;

export function parseArgs(argv) {
  const options = { host: '127.0.0.1', port: undefined, simPort: undefined, folder: undefined, hostile: false, liveEverySeconds: undefined, build: true };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const port = () => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${flag} needs a port number`);
      return n;
    };
    if (flag === '--port') options.port = port();
    else if (flag === '--sim-port') options.simPort = port();
    else if (flag === '--host') options.host = value();
    else if (flag === '--folder') options.folder = resolve(value());
    else if (flag === '--hostile') options.hostile = true;
    else if (flag === '--live-every') {
      const text = value();
      const seconds = Number(text);
      if (text.trim() === '' || !Number.isFinite(seconds) || seconds < 0) throw new Error(`${flag} needs a number of seconds (0: none)`);
      options.liveEverySeconds = seconds;
    } else if (flag === '--no-build') options.build = false;
    else if (flag === '--help' || flag === '-h') options.help = true;
    else throw new Error(`Unknown argument ${argv[i]}\n${USAGE}`);
  }
  return options;
}

function portIsFree(port, host) {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, host, () => server.close(() => resolvePort(true)));
  });
}

function onPath(command) {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

const say = (message) => console.log(`[demo] ${message}`);

async function main() {
  const started = Date.now();
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  await ensureCodeServer();

  if (options.build) {
    // The demo's own build of the extension (out/demo-extension) and the harness that starts it.
    for (const args of [
      ['esbuild.mjs', '--demo'],
      ['esbuild.mjs', '--tests'],
    ]) {
      say(`node ${args.join(' ')}`);
      const built = spawnSync(process.execPath, args, { cwd: REPO_ROOT, stdio: 'inherit' });
      if (built.status !== 0) throw new Error(`node ${args.join(' ')} failed`);
    }
  }
  const require = createRequire(import.meta.url);
  const harness = require(join(REPO_ROOT, 'out', 'test', 'e2e', 'harness', 'index.js'));

  const simPort = options.simPort ?? ((await portIsFree(4010, '127.0.0.1')) ? 4010 : 0);
  const checkHost = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  const port = options.port ?? ((await portIsFree(8080, checkHost)) ? 8080 : undefined);
  const logDir = join(VSCODE_TEST_DIR, 'demo');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, 'code-server.log');
  writeFileSync(logFile, '');
  const demo = await harness.startDemo({
    host: options.host,
    port,
    simPort,
    folder: options.folder,
    hostile: options.hostile,
    liveEverySeconds: options.liveEverySeconds,
    onOutput: (text) => appendFileSync(logFile, text),
  });
  const { sim, server } = demo;

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping code-server and the simulator…`);
    await demo.close();
    say('stopped.');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(signal));

  const liveEvery = options.liveEverySeconds ?? harness.DEMO_LIVE_EVERY_SECONDS;
  const path = server.workbenchUrl().slice(server.origin.length);
  const lines = [
    '',
    `  Cargo Runs demo is ready (${((Date.now() - started) / 1000).toFixed(1)} s).`,
    '',
    `  code-server (VS Code 1.100) listens on ${options.host}:${server.port}. Open in a browser:`,
    `      ${server.origin}${path}`,
  ];
  if (options.host === '0.0.0.0') {
    const addresses = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal)
      .map((a) => a.address);
    for (const address of addresses) lines.push(`      http://${address}:${server.port}${path}`);
    lines.push(
      '    There is no password: anyone who reaches this port gets a VS Code with a terminal on this machine.',
      '    Webviews need a secure context (https or localhost); from another machine prefer an SSH tunnel:',
      `      ssh -L ${server.port}:127.0.0.1:${server.port} <this-box>   then open http://127.0.0.1:${server.port}${path}`,
    );
  }
  lines.push(
    '',
    `  It opens on the Cargo view, with "Try this" (${options.folder ? 'the README of your folder, if it has one' : 'demo/workspace/README.md'}) beside it.`,
    `  Click Sign In and type the token the box shows:  ${sim.token}`,
    '',
    `  Cargo API simulator: ${sim.url} (seed 1, ${liveEvery > 0 ? `a new batch every ${liveEvery} s` : 'no new batches'}, runs started`,
    `  from VS Code step every 1.5 s, hostile strings ${options.hostile ? 'on' : 'off: --hostile adds them'})`,
  );
  const code = onPath('code');
  if (code) {
    const desktop = join(server.baseDir, 'desktop-user-data');
    mkdirSync(join(desktop, 'User'), { recursive: true });
    writeFileSync(join(desktop, 'User', 'settings.json'), JSON.stringify({ 'cargo.apiBaseUrl': sim.url }, null, 2));
    lines.push(
      '',
      '  Or in your desktop VS Code, with the demo build of the extension and the same simulator:',
      `      CARGO_DEMO_TOKEN=${sim.token} code --extensionDevelopmentPath=${harness.DEMO_EXTENSION} --user-data-dir=${desktop} ${server.workspace}`,
    );
  }
  lines.push('', `  code-server log: ${logFile}`, '  Ctrl-C stops everything.', '');
  console.log(lines.join('\n'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
