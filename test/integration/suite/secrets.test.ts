// The API token never leaves secret storage and the Authorization header. The runner gives the
// simulators a recognisable token made for this run (cargo-secret-CANARY-<random>); this suite signs in
// with it, sets the log to Trace, drives every feature (the Runs view with an error and Retry, run
// panels, a run file that fails, its diagnostics, Show Error, the run's JSON, Show Failures) and then
// looks for the token in everything the extension wrote or showed: its log files, the settings, its
// workspace and global state, the run panels' HTML and every message posted to them, notifications,
// error messages of the run models, tree items (Runs and Failures views), diagnostics and open
// documents. Zero hits. Planting the token in each place the search reads, at the end, proves the
// search would have seen it.
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { ExplorerNode } from '../../../src/explorer/explorerNodes';
import { signedInSuite } from './signedIn';
import { waitFor, waitForAsync } from './waitFor';

type Surfaces = Map<string, string[]>;

/** Every file below `dir`, as text. */
function filesBelow(dir: string): { path: string; text: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, String(name)))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

/** A tree item as text: everything it could show. */
function itemText(item: vscode.TreeItem): string {
  const text = (value: unknown) =>
    value instanceof vscode.MarkdownString
      ? value.value
      : typeof value === 'object' && value && 'label' in value
        ? String((value as { label: unknown }).label)
        : String(value ?? '');
  return [text(item.label), text(item.description), text(item.tooltip), item.id, item.contextValue, JSON.stringify(item.command?.arguments ?? [])].join(' | ');
}

suite('Secrets: the API token is nowhere the extension writes or shows', function () {
  this.timeout(180_000);
  const cargo = signedInSuite();
  const dir = mkdtempSync(join(tmpdir(), 'cargo-secrets-'));
  const notifications: string[] = [];
  const originals = new Map<string, unknown>();
  const treeItems: string[] = [];
  /** What the models said went wrong (the view's error, a refused token, a run that could not load). */
  const errorMessages: string[] = [];
  const simulator = async <T>(path: string) => (await (await fetch(`${new URL(cargo.url).origin}${path}`)).json()) as T;
  const setFaults = (rules: unknown[]) => fetch(`${new URL(cargo.url).origin}/__sim/faults`, { method: 'PUT', body: JSON.stringify(rules) });
  const canary = () => cargo.token;
  /** The token as it could appear: itself, in base64 (a Basic header), URL-encoded. */
  const forms = () => [canary(), Buffer.from(canary()).toString('base64'), encodeURIComponent(canary())];

  /** Whatever the extension wrote to its log is on disk once a line logged after it is. */
  async function flushedLogs(): Promise<{ path: string; text: string }[]> {
    const marker = `secrets-suite flush ${Math.random().toString(36).slice(2)}`;
    cargo.api.log.info(marker);
    const logs = await waitForAsync(async () => {
      const files = filesBelow(dirname(cargo.api.context.logUri.fsPath));
      return files.some((file) => file.text.includes(marker)) ? files : undefined;
    }, 20_000);
    assert.ok(logs, `the extension's log reaches ${cargo.api.context.logUri.fsPath}`);
    return logs;
  }

  async function collect(): Promise<Surfaces> {
    const surfaces: Surfaces = new Map();
    const add = (surface: string, text: string) => surfaces.set(surface, [...(surfaces.get(surface) ?? []), text]);
    for (const file of await flushedLogs()) add('log files', `${file.path}\n${file.text}`);
    const { context } = cargo.api;
    const userSettings = join(context.globalStorageUri.fsPath, '..', '..', 'settings.json');
    add('settings', readFileSync(userSettings, 'utf8'));
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const file = join(folder.uri.fsPath, '.vscode', 'settings.json');
      if (existsSync(file)) add('settings', readFileSync(file, 'utf8'));
    }
    add('settings', JSON.stringify(vscode.workspace.getConfiguration('cargo').inspect('apiBaseUrl')));
    add('settings', JSON.stringify(vscode.workspace.getConfiguration('cargo')));
    for (const key of context.workspaceState.keys()) add('workspace state', `${key} ${JSON.stringify(context.workspaceState.get(key))}`);
    for (const key of context.globalState.keys()) add('global state', `${key} ${JSON.stringify(context.globalState.get(key))}`);
    add('global state', `keys: ${context.globalState.keys().join(', ')}`);
    for (const html of cargo.api.webviews.html) add('webview HTML', html);
    for (const message of cargo.api.webviews.messages) add('webview messages', JSON.stringify(message));
    for (const text of notifications) add('notifications', text);
    for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
      for (const d of diagnostics) {
        const code = typeof d.code === 'object' ? `${String(d.code.value)} ${d.code.target.toString()}` : String(d.code ?? '');
        add(
          'diagnostics',
          `${uri.toString()} ${d.message} ${d.source ?? ''} ${code} ${JSON.stringify(d.relatedInformation?.map((r) => [r.location.uri.toString(), r.message]) ?? [])}`,
        );
      }
    }
    for (const document of vscode.workspace.textDocuments) add('documents', `${document.uri.toString()}\n${document.getText()}`);
    for (const text of treeItems) add('tree items', text);
    for (const text of errorMessages) add('error messages', text);
    return surfaces;
  }

  const hitsIn = (surfaces: Surfaces) =>
    [...surfaces].flatMap(([surface, texts]) =>
      texts
        .filter((text) => forms().some((form) => text.includes(form)))
        .map((text) => `${surface}: …${text.slice(Math.max(0, text.indexOf(canary()) - 120), text.indexOf(canary()) + 40)}…`),
    );

  /** Asks the tree for the children of `node` and records every item it would show. */
  async function visit(provider: vscode.TreeDataProvider<ExplorerNode>, node?: ExplorerNode): Promise<ExplorerNode[]> {
    const children = (await provider.getChildren(node)) ?? [];
    for (const child of children) treeItems.push(itemText(await provider.getTreeItem(child)));
    return children;
  }

  suiteSetup(() => {
    // Notifications: the suite shares the extension's `vscode` API object, so what it shows passes here.
    const window = vscode.window as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const name of ['showInformationMessage', 'showWarningMessage', 'showErrorMessage']) {
      const original = window[name] as (...args: unknown[]) => unknown;
      originals.set(name, original);
      window[name] = (...args: unknown[]) => {
        notifications.push(
          JSON.stringify(
            args.map((arg) => (typeof arg === 'string' ? arg : typeof arg === 'object' && arg && 'title' in arg ? (arg as { title: string }).title : arg)),
          ),
        );
        // A modal confirmation the suite drives through (Re-run's "Start Run") is answered here, as a person would.
        const modal = typeof args[1] === 'object' && args[1] !== null && (args[1] as vscode.MessageOptions).modal === true;
        if (modal && args.includes('Start Run')) return Promise.resolve('Start Run');
        return original.apply(vscode.window, args);
      };
    }
  });
  suiteTeardown(() => {
    const window = vscode.window as unknown as Record<string, unknown>;
    for (const [name, original] of originals) window[name] = original;
  });
  suiteTeardown(async () => {
    await setFaults([]);
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'info');
  });

  test('the token is recognisable, the simulators take it, and the log is at Trace', async () => {
    assert.match(canary(), /^cargo-secret-CANARY-[0-9a-f]{24}$/);
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
    const trace = await waitFor(() => (cargo.api.log.logLevel === vscode.LogLevel.Trace ? true : undefined), 10_000);
    assert.ok(trace, `the Cargo log at Trace (it is at ${vscode.LogLevel[cargo.api.log.logLevel]})`);
  });

  test('every feature, driven: the Runs view (an error and Retry), panels, a failing run file, its diagnostics, Show Error, the JSON, Show Failures', async () => {
    const fixtures = await simulator<{
      workflows: { tool: string };
      batches: { failed: string; succeeded: string };
      runs: { failed: string; succeeded: string };
    }>('/__sim/fixtures');
    const tree = cargo.api.runsTree;

    // Sign-in's check, as the box makes it: one request with the token, which Cargo takes.
    const checked = await fetch(`${cargo.url}/orchestration/batches/list?limit=1`, { headers: { authorization: `Bearer ${canary()}` } });
    assert.equal(checked.status, 200);

    // The Runs view failing (the view says why), then Retry.
    await setFaults(['status=500;path=/batches/list']);
    cargo.api.model.refreshAll();
    await visit(tree);
    const failed = await waitFor(() => (cargo.api.model.rootState.kind === 'error' ? cargo.api.model.rootState : undefined), 30_000);
    assert.ok(failed, 'the view says the list failed');
    errorMessages.push(JSON.stringify(failed), String((failed as { error?: unknown }).error));
    await setFaults([]);
    await vscode.commands.executeCommand('cargo.retry');
    const roots = await waitForAsync(async () => {
      const found = await visit(tree);
      return found.some((node) => node.kind === 'batch') ? found : undefined;
    }, 30_000);
    assert.ok(roots, 'batches after Retry');

    // Batches, their runs, the runs' executions, with every item's text.
    for (const batch of roots.filter((node) => node.kind === 'batch').slice(0, 4)) {
      for (const run of (await visit(tree, batch)).filter((node) => node.kind === 'run').slice(0, 5)) await visit(tree, run);
    }

    // Run panels, one of a failed run; its JSON; Show Error of its failed execution.
    for (const uuid of [fixtures.runs.failed, fixtures.runs.succeeded]) {
      await vscode.commands.executeCommand('cargo.openRunByUuid', uuid);
      const shown = await waitFor(
        () =>
          cargo.api.webviews.messages.some(
            (m) => (m as { type?: string; run?: { uuid?: string } }).type === 'runLoaded' && (m as { run: { uuid: string } }).run.uuid === uuid,
          ) || undefined,
        30_000,
      );
      assert.ok(shown, 'the panel was given the run');
    }
    await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'cargo-run', path: `/${fixtures.runs.failed}.json` }));
    const sent = (await (
      await fetch(`${cargo.url}/orchestration/runs/${fixtures.runs.failed}`, { headers: { authorization: `Bearer ${canary()}` } })
    ).json()) as {
      run: { executions: { nodeSlug: string; status: string }[] };
    };
    const index = sent.run.executions.findIndex((e) => e.status === 'error');
    await vscode.workspace.openTextDocument(
      vscode.Uri.from({ scheme: 'cargo-error', path: `/${fixtures.runs.failed}/${index}/${sent.run.executions[index]?.nodeSlug}.txt` }),
    );

    // A run started from a file, which fails: its notification and its diagnostic on the file.
    const path = join(dir, 'lead.cargo-run.json');
    writeFileSync(
      path,
      JSON.stringify({ workflowUuid: fixtures.workflows.tool, data: { email: 'secret-suite@acme.test', __simOutcome: 'error', __simStepMs: 50 } }, null, 2),
    );
    const uri = vscode.Uri.file(path);
    await vscode.window.showTextDocument(uri);
    void vscode.commands.executeCommand('cargo.runFile', uri);
    const diagnostic = await waitFor(() => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'Cargo'), 60_000);
    assert.ok(diagnostic, 'the failure of the run is on the file');
    const started = cargo.api.started.list[0];
    assert.ok(started, 'the run is among the started runs');
    const group = (await visit(tree)).find((node) => node.kind === 'started');
    assert.ok(group, 'Started from VS Code');
    await visit(tree, group);
    const startedNode = cargo.api.model.startedRunNode(started.entry.uuid);
    assert.ok(startedNode);
    await visit(tree, startedNode);

    // Re-run with the same data (confirmed): a new run of the same record.
    const createsBefore = (await simulator<{ requests: { method: string; path: string }[] }>('/__sim/requests')).requests.filter(
      (r) => r.method === 'POST' && r.path === '/v1/orchestration/runs',
    ).length;
    // Started like every run from VS Code: kept among the started runs (its end announced later), its panel opened.
    await vscode.commands.executeCommand('cargo.rerun', startedNode);
    const rerun = cargo.api.started.list.find((run) => run.entry.source.startsWith('a re-run of run') && run.entry.uuid !== started.entry.uuid);
    assert.ok(rerun, 'the re-run started, and is among the runs started from VS Code');
    const createsAfter = (await simulator<{ requests: { method: string; path: string }[] }>('/__sim/requests')).requests.filter(
      (r) => r.method === 'POST' && r.path === '/v1/orchestration/runs',
    ).length;
    assert.equal(createsAfter, createsBefore + 1, 'one POST /runs');

    // Show Failures of a batch with failed runs: the Failures view's groups and examples.
    const failedBatch = roots.find((node) => node.kind === 'batch' && node.batch.uuid === fixtures.batches.succeeded);
    assert.ok(failedBatch, 'a batch with failed runs is listed');
    void vscode.commands.executeCommand('cargo.showFailures', failedBatch);
    const groups = await waitForAsync(async () => {
      const found = (await cargo.api.failures.getChildren()) ?? [];
      return found.length > 0 ? found : undefined;
    }, 30_000);
    assert.ok(groups, 'the Failures view has groups');
    for (const group of groups) {
      treeItems.push(itemText(await cargo.api.failures.getTreeItem(group)));
      for (const child of (await cargo.api.failures.getChildren(group)) ?? []) treeItems.push(itemText(await cargo.api.failures.getTreeItem(child)));
    }

    // A refused token: what the view says about it, then Retry.
    await setFaults(['status=401;path=/batches/list;times=1']);
    cargo.api.model.refreshAll();
    await visit(tree);
    const rejected = await waitFor(() => (cargo.api.model.rootState.kind === 'rejected' ? cargo.api.model.rootState : undefined), 30_000);
    assert.ok(rejected, 'the view says Cargo refused the token');
    errorMessages.push(JSON.stringify(rejected));
    await vscode.commands.executeCommand('cargo.refresh'); // the welcome's Retry
    const back = await waitForAsync(async () => ((await visit(tree)).some((node) => node.kind === 'batch') ? true : undefined), 30_000);
    assert.ok(back, 'batches again after Retry');
    // Sign out (its notification), and in again with the same token.
    await vscode.commands.executeCommand('cargo.signOut');
    assert.equal(await cargo.api.tokens.get(), undefined, 'signed out');
    await cargo.api.tokens.set(canary());
    for (const uuid of [fixtures.runs.failed, fixtures.runs.succeeded]) {
      const state = cargo.api.runs.peek(uuid)?.state;
      if (state) errorMessages.push(JSON.stringify(state.kind === 'failed' ? state : { kind: state.kind }));
    }
  });

  test('zero hits in every surface; each surface was read and had something in it', async function () {
    const surfaces = await collect();
    const expectations: [string, RegExp][] = [
      ['log files', /Cargo Runs .* ready; API base URL/],
      ['log files', /\[trace\]|\[debug\] (GET|POST) \//],
      ['settings', /cargo\.apiBaseUrl/],
      ['workspace state', /./],
      ['webview HTML', /Content-Security-Policy/],
      ['webview messages', /"type":"runLoaded"/],
      ['notifications', /failed/i],
      ['notifications', /Signed out of Cargo/],
      ['notifications', /Start a new run of .* with the same data\?/],
      ['diagnostics', /Cargo/],
      ['documents', /^cargo-run:/m],
      ['documents', /^cargo-error:/m],
      ['tree items', /./],
      ['error messages', /"kind":"error"/],
      ['error messages', /"kind":"rejected"/],
    ];
    for (const [surface, pattern] of expectations) {
      assert.ok(
        (surfaces.get(surface) ?? []).some((text) => pattern.test(text)),
        `${surface} read, with ${pattern}`,
      );
    }
    const counts = [...surfaces].map(([surface, texts]) => `${surface} ${texts.length}`).join(', ');
    // The runner prints titles (the extension host's console is not seen): what was searched goes there.
    if (this.test) this.test.title += ` [${surfaces.size} surfaces: ${counts}]`;
    assert.deepEqual(hitsIn(surfaces), [], 'the token is nowhere');
  });

  test('the search sees the token where it is planted (so zero hits means something)', async () => {
    const { context } = cargo.api;
    await context.workspaceState.update('secretsSuite.plant', `planted ${canary()}`);
    await context.globalState.update('secretsSuite.plant', `planted ${canary()}`);
    const diagnostics = vscode.languages.createDiagnosticCollection('secrets-suite');
    const scratch = vscode.Uri.file(join(dir, 'scratch.txt'));
    diagnostics.set(scratch, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), `planted ${canary()}`)]);
    await vscode.workspace.openTextDocument({ content: `planted ${canary()}` });
    void vscode.window.showInformationMessage(`planted ${canary()}`);
    await vscode.workspace.getConfiguration('cargo').update('webAppBaseUrl', `https://planted.example/${canary()}`, vscode.ConfigurationTarget.Global);
    cargo.api.webviews.messages.push({ planted: canary() });
    treeItems.push(`planted ${canary()}`);
    errorMessages.push(`planted ${canary()}`);
    cargo.api.log.info(`planted ${canary()}`); // the log is the last surface searched: nothing reads it after this suite
    try {
      const hits = hitsIn(await collect());
      const surfaces = new Set(hits.map((hit) => hit.slice(0, hit.indexOf(':'))));
      assert.deepEqual([...surfaces].sort(), [
        'diagnostics',
        'documents',
        'error messages',
        'global state',
        'log files',
        'notifications',
        'settings',
        'tree items',
        'webview messages',
        'workspace state',
      ]);
    } finally {
      diagnostics.dispose();
      await context.workspaceState.update('secretsSuite.plant', undefined);
      await context.globalState.update('secretsSuite.plant', undefined);
      await vscode.workspace.getConfiguration('cargo').update('webAppBaseUrl', undefined, vscode.ConfigurationTarget.Global);
      cargo.api.webviews.messages.pop();
    }
  });
});
