// The run panel's adapters inside a real extension host: "Cargo: Open Run…" opens a webview panel
// over the shared run model, the run's JSON document reads the same model (no second fetch) and
// shows the response as Cargo sent it, and closing them lets the model go.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { signedInSuite } from './signedIn';
import { waitFor } from './waitFor';

suite('Run panel adapters', () => {
  const cargo = signedInSuite();
  /** GET requests for one run that reached the simulator so far. */
  const runRequests = async (uuid: string) => {
    const log = (await (await fetch(`${new URL(cargo.url).origin}/__sim/requests`)).json()) as { requests: { method: string; path: string }[] };
    return log.requests.filter((entry) => entry.method === 'GET' && entry.path.endsWith(`/runs/${uuid}`)).length;
  };
  const fixtures = async () => (await (await fetch(`${new URL(cargo.url).origin}/__sim/fixtures`)).json()) as { runs: { failed: string; succeeded: string } };

  test('"Cargo: Open Run…" with a uuid opens a panel over the run model, which loads the run', async () => {
    const { failed } = (await fixtures()).runs;
    await vscode.commands.executeCommand('cargo.openRunByUuid', failed);
    const run = await waitFor(() => cargo.api.runs.peek(failed));
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
    const sent = (await (await fetch(`${cargo.url}/orchestration/runs/${failed}`, { headers: { authorization: `Bearer ${cargo.token}` } })).json()) as unknown;
    assert.deepEqual(JSON.parse(document.getText()), sent);
  });

  test('closing a run panel lets its run model go: nothing is watched or polled for it any more', async () => {
    const { succeeded } = (await fixtures()).runs;
    await vscode.commands.executeCommand('cargo.openRunByUuid', succeeded);
    const run = await waitFor(() => cargo.api.runs.peek(succeeded));
    assert.ok(run);
    await waitFor(() => (run.state.kind === 'loaded' ? true : undefined), 10_000);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    assert.equal(await waitFor(() => (cargo.api.runs.peek(succeeded) === undefined ? true : undefined)), true, 'released when its panel closed');
  });
});
