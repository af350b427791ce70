// `npm run demo`: the Cargo API simulator and a real VS Code (code-server) with the extension connected
// to it, for a person to try in a browser. Ctrl-C stops both.
//
//   node scripts/demo.mjs [--port 8080] [--host 127.0.0.1] [--sim-port 4010] [--folder PATH] [--no-build]
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureCodeServer, REPO_ROOT, VSCODE_TEST_DIR } from './setup-vscode.mjs';

const USAGE = 'Usage: node scripts/demo.mjs [--port 8080] [--host 127.0.0.1|0.0.0.0] [--sim-port 4010] [--folder PATH] [--no-build]';

function parseArgs(argv) {
  const options = { host: '127.0.0.1', port: undefined, simPort: undefined, folder: undefined, build: true };
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
    else if (flag === '--no-build') options.build = false;
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`Unknown argument ${argv[i]}\n${USAGE}`);
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
  await ensureCodeServer();

  if (options.build) {
    for (const args of [['esbuild.mjs'], ['esbuild.mjs', '--tests']]) {
      say(`node ${args.join(' ')}`);
      const built = spawnSync(process.execPath, args, { cwd: REPO_ROOT, stdio: 'inherit' });
      if (built.status !== 0) throw new Error(`node ${args.join(' ')} failed`);
    }
  }
  const require = createRequire(import.meta.url);
  const harness = require(join(REPO_ROOT, 'out', 'test', 'e2e', 'harness', 'index.js'));

  const simPort = options.simPort ?? ((await portIsFree(4010, '127.0.0.1')) ? 4010 : 0);
  const sim = await harness.startSimulator({ port: simPort, seed: 1, token: 'dev-token', stepMs: 1500, hostile: true });
  say(`Cargo API simulator on ${sim.url}`);

  const checkHost = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  const port = options.port ?? ((await portIsFree(8080, checkHost)) ? 8080 : undefined);
  const logDir = join(VSCODE_TEST_DIR, 'demo');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, 'code-server.log');
  writeFileSync(logFile, '');
  const server = await harness
    .startCodeServer({
      host: options.host,
      ...(port ? { port } : {}),
      ...(options.folder ? { workspace: options.folder } : {}),
      settings: { 'cargo.apiBaseUrl': sim.url },
      onOutput: (text) => appendFileSync(logFile, text),
    })
    .catch(async (error) => {
      await sim.close();
      throw error;
    });

  // Something to run: a run file of the simulator's tool workflow (in the demo's own workspace copy only).
  const runFile = 'enrich-lead.cargo-run.json';
  if (!options.folder) {
    const body = { workflowUuid: sim.fixtures.workflows.tool, data: { name: 'Acme', domain: 'acme.com', email: 'ada@acme.com' } };
    writeFileSync(join(server.workspace, runFile), `${JSON.stringify(body, null, 2)}\n`);
  }

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping code-server and the simulator…`);
    await server.close().catch(() => undefined);
    await sim.close().catch(() => undefined);
    say('stopped.');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(signal));

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
    `  Cargo API simulator: ${sim.url} (seed 1, live runs step every 1.5 s, hostile strings on)`,
    `  In VS Code run "Cargo: Sign In" and paste the token:  ${sim.token}`,
    ...(options.folder ? [] : [`  Then open ${runFile} and click "Run in Cargo" above its first line.`]),
  );
  const code = onPath('code');
  if (code) {
    const desktop = join(server.baseDir, 'desktop-user-data');
    mkdirSync(join(desktop, 'User'), { recursive: true });
    writeFileSync(join(desktop, 'User', 'settings.json'), JSON.stringify({ 'cargo.apiBaseUrl': sim.url }, null, 2));
    lines.push(
      '',
      '  Or in your desktop VS Code, with the extension from this checkout and the same simulator:',
      `      code --extensionDevelopmentPath=${REPO_ROOT} --user-data-dir=${desktop} ${server.workspace}`,
    );
  }
  lines.push('', `  code-server log: ${logFile}`, '  Ctrl-C stops everything.', '');
  console.log(lines.join('\n'));
}

main().catch((error) => {
  console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
