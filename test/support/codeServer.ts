// Starts code-server (VS Code 1.100 as a web server, installed by scripts/setup-vscode.mjs) on loopback
// with a fresh user-data dir, extensions dir and workspace copy, our extension (and any test-only
// extensions asked for) staged into it, or our .vsix installed with --install-extension, and everything
// that would call out to the internet switched off.
import { execFile, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CODE_SERVER_ENTRY, FIXTURE_WORKSPACE, REPO_ROOT } from './paths';
import { freePort, release, removeOnExit, spawnGroup, stopGroup, waitFor } from './processes';

/** Settings that keep the workbench quiet, local and predictable for tests. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.autofetch': false,
  'git.openRepositoryInParentFolders': 'never',
  'npm.fetchOnlinePackageInfo': false,
  'json.schemaDownload.enable': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'typescript.surveys.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
};

export interface ExtensionManifest {
  name: string;
  publisher: string;
  version: string;
  main?: string;
}

export function readManifest(root = REPO_ROOT): ExtensionManifest {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as ExtensionManifest;
}

/** What of the repository makes up the built Cargo extension (what .vscodeignore lets into the VSIX). */
const PACKAGED_ENTRIES = ['package.json', 'dist', 'media', 'README.md', 'CHANGELOG.md', 'LICENSE'];

/**
 * Copies an extension into `extensionsDir` as `<publisher>.<name>-<version>`, which is how VS Code lays
 * out installed extensions, and returns that folder. `root` is the repository (default: the built Cargo
 * extension, its package.json, dist, media, README, CHANGELOG and LICENSE) or the folder of a test-only
 * extension with no build step (e.g. test/fixtures/harness-extension), which is copied whole.
 */
export function stageExtension(extensionsDir: string, root = REPO_ROOT): string {
  const folder = resolve(root);
  const manifest = readManifest(folder);
  if (manifest.main !== undefined && !existsSync(resolve(folder, manifest.main))) {
    throw new Error(`${resolve(folder, manifest.main)} is missing${folder === REPO_ROOT ? ': build first (node esbuild.mjs)' : ''}`);
  }
  const target = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  mkdirSync(target, { recursive: true });
  for (const entry of folder === REPO_ROOT ? PACKAGED_ENTRIES : readdirSync(folder)) {
    if (existsSync(join(folder, entry))) cpSync(join(folder, entry), join(target, entry), { recursive: true });
  }
  return target;
}

export interface CodeServerOptions {
  /** Folder to open as it is; default: a fresh copy of `copyOf`. */
  workspace?: string;
  /** Folder whose fresh copy is opened when `workspace` is not given; default test/fixtures/workspace. */
  copyOf?: string;
  /** User settings on top of QUIET_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Stage the built extension into the extensions dir (default true; ignored with `vsix`). */
  installExtension?: boolean;
  /**
   * A .vsix (`npm run package`) to install with code-server's `--install-extension` instead of staging
   * the repository's build: what a user installs, into an extensions dir that holds nothing else.
   */
  vsix?: string;
  /**
   * Folders of further extensions to stage beside ours (package.json + code, no build step), e.g. the
   * harness's fixture extension (HARNESS_EXTENSION); each is copied whole, see stageExtension().
   */
  extraExtensions?: string[];
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default: a free port. */
  port?: number;
  /** Extra environment for code-server and so for its extension host. */
  env?: Record<string, string>;
  /** Called with each chunk code-server prints (it is also kept, see output()). */
  onOutput?: (text: string) => void;
  /** Keep the temporary folder after close() (also with CARGO_E2E_KEEP=1). */
  keep?: boolean;
}

export interface CodeServer {
  /** e.g. http://127.0.0.1:PORT */
  origin: string;
  host: string;
  port: number;
  workspace: string;
  baseDir: string;
  userDataDir: string;
  extensionsDir: string;
  /** The workbench URL for the workspace; `payload` entries become VS Code's `?payload=` query. */
  workbenchUrl(payload?: [string, string][]): string;
  /** A vscode-remote:// URI for a path on this machine, as the workbench and extension host see it. */
  remoteUri(path: string): string;
  /** Everything code-server printed so far. */
  output(): string;
  close(): Promise<void>;
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  if (!existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(`code-server is not installed at ${CODE_SERVER_ENTRY}. Run: node scripts/setup-vscode.mjs`);
  }
  const host = options.host ?? '127.0.0.1';
  const baseDir = mkdtempSync(join(tmpdir(), 'cargo-vscode-'));
  const keep = options.keep === true || process.env.CARGO_E2E_KEEP === '1';
  if (!keep) removeOnExit(baseDir);
  const userDataDir = join(baseDir, 'user-data');
  const extensionsDir = join(baseDir, 'extensions');
  const xdgDir = join(baseDir, 'xdg');
  for (const dir of [join(userDataDir, 'User'), extensionsDir, xdgDir]) mkdirSync(dir, { recursive: true });
  let workspace = options.workspace;
  if (workspace === undefined) {
    workspace = join(baseDir, 'workspace');
    cpSync(options.copyOf ?? FIXTURE_WORKSPACE, workspace, { recursive: true });
  }
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2));
  if (options.vsix === undefined && options.installExtension !== false) stageExtension(extensionsDir);
  for (const folder of options.extraExtensions ?? []) stageExtension(extensionsDir, folder);
  const configFile = join(baseDir, 'code-server.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    // code-server writes its config and logs under XDG folders; keep them in our temporary folder.
    XDG_DATA_HOME: xdgDir,
    XDG_CONFIG_HOME: xdgDir,
    // No extension gallery: code-server would query open-vsx.org, which is unreachable here.
    EXTENSIONS_GALLERY: '{}',
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;

  let output = '';
  if (options.vsix !== undefined) {
    const args = [CODE_SERVER_ENTRY, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', resolve(options.vsix)];
    try {
      const installed = await promisify(execFile)(process.execPath, args, { env, timeout: 120_000 });
      output += installed.stdout + installed.stderr;
    } catch (error) {
      rmSync(baseDir, { recursive: true, force: true });
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      throw new Error(`code-server --install-extension ${options.vsix} failed: ${(error as Error).message}\n${(stdout + stderr).slice(-4000)}`);
    }
  }
  const tryStart = async (port: number): Promise<ChildProcess> => {
    const child = spawnGroup(
      process.execPath,
      [
        CODE_SERVER_ENTRY,
        '--config',
        configFile,
        '--auth',
        'none',
        '--bind-addr',
        `${host}:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
        '--user-data-dir',
        userDataDir,
        '--extensions-dir',
        extensionsDir,
        workspace as string,
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const collect = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      options.onOutput?.(text);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    let exited = false;
    child.once('exit', () => (exited = true));
    try {
      await waitFor(
        `code-server to listen on ${host}:${port}`,
        async () => {
          if (exited) throw new Error('code-server exited');
          const response = await fetch(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/healthz`);
          return response.ok ? true : undefined;
        },
        30_000,
        150,
      );
    } catch (error) {
      await stopGroup(child);
      throw error;
    }
    return child;
  };

  let child: ChildProcess | undefined;
  let port = options.port ?? 0;
  for (let attempt = 1; child === undefined; attempt++) {
    if (options.port === undefined) port = await freePort(host === '0.0.0.0' ? '127.0.0.1' : host);
    try {
      child = await tryStart(port);
    } catch (error) {
      const inUse = output.includes('EADDRINUSE');
      if (!(inUse && options.port === undefined && attempt < 3)) {
        rmSync(baseDir, { recursive: true, force: true });
        throw new Error(`${(error as Error).message}\n--- code-server output ---\n${output.slice(-4000)}`);
      }
    }
  }

  const origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const authority = `${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const running = child;
  return {
    origin,
    host,
    port,
    workspace,
    baseDir,
    userDataDir,
    extensionsDir,
    workbenchUrl(payload) {
      let url = `${origin}/?folder=${encodeURIComponent(workspace as string).replace(/%2F/g, '/')}`;
      if (payload && payload.length > 0) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return url;
    },
    remoteUri(path) {
      return `vscode-remote://${authority}${path.startsWith('/') ? '' : '/'}${path}`;
    },
    output: () => output,
    async close() {
      await stopGroup(running);
      if (!keep) {
        rmSync(baseDir, { recursive: true, force: true });
        release(baseDir);
      }
    },
  };
}
