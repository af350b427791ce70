// API-level checks inside a real extension host: the extension activates and wires up what its
// manifest promises. (What a person sees is tested in test/e2e/.)
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CargoRunsTestApi } from '../../../src/extension';
import { waitFor } from './waitFor';

const EXTENSION_ID = 'cargo-runs.cargo-runs';

interface Manifest {
  contributes: {
    viewsContainers: { activitybar: { id: string; title: string }[] };
    views: Record<string, { id: string; name: string }[]>;
    commands: { command: string; title: string; category?: string }[];
    configuration: { properties: Record<string, { default?: unknown }> };
  };
}

suite('Cargo extension', () => {
  let extension: vscode.Extension<unknown>;

  suiteSetup(async () => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is installed in this extension host`);
    extension = found;
    await extension.activate();
  });

  test('activates', () => {
    assert.equal(extension.isActive, true);
  });

  test('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['cargo.signIn', 'cargo.signOut', 'cargo.showLog']) assert.ok(commands.includes(id), `${id} is registered`);
    const manifest = extension.packageJSON as Manifest;
    for (const { command } of manifest.contributes.commands) assert.ok(commands.includes(command), `contributed ${command} has a handler`);
  });

  test('contributes the Cargo view container, the Runs view and the Failures view', async () => {
    const manifest = extension.packageJSON as Manifest;
    assert.deepEqual(
      manifest.contributes.viewsContainers.activitybar.map((c) => [c.id, c.title]),
      [['cargo', 'Cargo']],
    );
    assert.deepEqual(
      manifest.contributes.views.cargo?.map((v) => [v.id, v.name]),
      [
        ['cargo.runs', 'Runs'],
        ['cargo.failures', 'Failures'],
      ],
    );
    // The workbench created the view: its focus command exists and runs.
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('cargo.runs.focus'), 'the workbench knows the cargo.runs view');
    await vscode.commands.executeCommand('cargo.runs.focus');
  });

  test('contributes its settings, and reads cargo.apiBaseUrl from the user settings', () => {
    const config = vscode.workspace.getConfiguration('cargo');
    const baseUrl = config.inspect<string>('apiBaseUrl');
    assert.equal(baseUrl?.defaultValue, 'https://api.getcargo.io/v1');
    const expected = process.env.CARGO_SIMULATOR_URL;
    if (expected) assert.equal(config.get('apiBaseUrl'), expected);
    assert.equal(config.inspect<number>('requestTimeoutSeconds')?.defaultValue, 15);
  });

  test("the runs tree's provider answers with the simulator's batches, runs and executions", async () => {
    const url = process.env.CARGO_SIMULATOR_URL;
    const token = process.env.CARGO_SIMULATOR_TOKEN;
    assert.ok(url && token, 'the runner passes the simulator URL and token');
    assert.equal(vscode.workspace.getConfiguration('cargo').get('apiBaseUrl'), url);
    const api = (extension.exports as CargoRunsTestApi).forTests?.features();
    assert.ok(api, 'in a test run the extension hands its internals to the tests');
    await api.tokens.set(token);
    try {
      const model = api.model;
      await waitFor(() => (model.hasClient ? true : undefined));
      const roots = await model.children();
      const batches = roots.filter((node) => node.kind === 'batch');
      assert.ok(
        batches.length > 5,
        `batches listed: ${batches.length}; the rows: ${roots.map((node) => (node.kind === 'message' ? `message "${node.text}"` : node.kind === 'error' ? `error (${String(node.error)})` : node.kind)).join(', ')}`,
      );
      const withRuns = batches.find((node) => node.kind === 'batch' && node.batch.runsCount > 0 && node.batch.runsCount < 100);
      assert.ok(withRuns);
      const runs = (await model.children(withRuns)).filter((node) => node.kind === 'run');
      assert.ok(runs.length > 0);
      const run = runs.find((node) => node.kind === 'run' && node.run.executions.length > 0);
      assert.ok(run);
      const executions = await model.children(run);
      assert.ok(executions.length > 0 && executions.every((node) => node.kind === 'execution'));
    } finally {
      await api.tokens.clear();
    }
  });

  test('"Cargo: Show Log" shows the Cargo log channel', async () => {
    await vscode.commands.executeCommand('cargo.showLog');
    // Output channels are not listed by the API; once shown, the channel's document is open.
    const cargoLog = await waitFor(() => vscode.workspace.textDocuments.find((doc) => doc.uri.scheme === 'output' && /Cargo/.test(doc.uri.path)));
    assert.ok(cargoLog, `an output document for the Cargo channel; open: ${vscode.workspace.textDocuments.map((d) => d.uri.toString()).join(', ')}`);
  });
});
