// The run panel's adapters inside a real extension host: "Cargo: Open Run…" opens a webview panel
// over the shared run model, the run's JSON document reads the same model (no second fetch) and
// shows the response as Cargo sent it, and closing them lets the model go.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CargoRunsTestApi } from '../../../src/extension';
import { waitFor } from './waitFor';

const EXTENSION_ID = 'cargo-runs.cargo-runs';

suite('Run panel adapters', () => {
  let api: NonNullable<CargoRunsTestApi['forTests']>;
  const url = process.env.CARGO_SIMULATOR_URL ?? '';
  const token = process.env.CARGO_SIMULATOR_TOKEN ?? '';
  /** GET requests for one run that reached the simulator so far. */
  const runRequests = async (uuid: string) => {
    const log = (await (await fetch(`${new URL(url).origin}/__sim/requests`)).json()) as { requests: { method: string; path: string }[] };
    return log.requests.filter((entry) => entry.method === 'GET' && entry.path.endsWith(`/runs/${uuid}`)).length;
  };
  const fixtures = async () => (await (await fetch(`${new URL(url).origin}/__sim/fixtures`)).json()) as { runs: { failed: string; succeeded: string } };

  suiteSetup(async () => {
    assert.ok(url && token, 'the runner passes the simulator URL and token');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const exports = (await extension.activate()) as CargoRunsTestApi;
    assert.ok(exports.forTests, 'in a test run the extension hands its internals to the tests');
    api = exports.forTests;
    await api.tokens.set(token);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api.tokens.clear();
  });

  test('"Cargo: Open Run…" with a uuid opens a panel over the run model, which loads the run', async () => {
    const { failed } = (await fixtures()).runs;
    await vscode.commands.executeCommand('cargo.openRunByUuid', failed);
    const run = await waitFor(() => api.runs.peek(failed));
    assert.ok(run, 'the panel watches the run');
    await waitFor(() => (run.state.kind === 'loaded' ? true : undefined), 10_000);
    const tab = await waitFor(() => {
      const active = vscode.window.tabGroups.activeTabGroup.activeTab;
      return active && / · error$/.test(active.label) ? active : undefined;
    });
    assert.ok(tab?.input instanceof vscode.TabInputWebview, 'a webview tab, titled with the record and the status');
  });

  test('the run document reads the same model: no second fetch, the response as Cargo sent it', async () => {
    const { failed } = (await fixtures()).runs;
    const before = await runRequests(failed);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'cargo-run', path: `/${failed}.json` }));
    assert.equal(await runRequests(failed), before, 'no request: the panel has the run');
    const sent = (await (await fetch(`${url}/orchestration/runs/${failed}`, { headers: { authorization: `Bearer ${token}` } })).json()) as unknown;
    assert.deepEqual(JSON.parse(document.getText()), sent);
  });

  test('closing a run panel lets its run model go: nothing is watched or polled for it any more', async () => {
    const { succeeded } = (await fixtures()).runs;
    await vscode.commands.executeCommand('cargo.openRunByUuid', succeeded);
    const run = await waitFor(() => api.runs.peek(succeeded));
    assert.ok(run);
    await waitFor(() => (run.state.kind === 'loaded' ? true : undefined), 10_000);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.equal(await waitFor(() => (api.runs.peek(succeeded) === undefined ? true : undefined)), true, 'released when its panel closed');
  });
});
