// "Show Error" inside a real extension host: a failed execution's read-only document holds its whole
// error, its input and its computed config, read from the run model.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { signedInSuite } from './signedIn';
import { waitFor } from './waitFor';

suite('Error inspection adapters', () => {
  const cargo = signedInSuite();

  test('the error document of a failed execution: its whole error, input and computed config', async () => {
    const fixtures = (await (await fetch(`${new URL(cargo.url).origin}/__sim/fixtures`)).json()) as { runs: { failed: string } };
    const uuid = fixtures.runs.failed;
    const sent = (await (await fetch(`${cargo.url}/orchestration/runs/${uuid}`, { headers: { authorization: `Bearer ${cargo.token}` } })).json()) as {
      run: { executions: { nodeSlug: string; status: string; errorMessage: string | null }[] };
    };
    const index = sent.run.executions.findIndex((e) => e.status === 'error');
    const failed = sent.run.executions[index];
    assert.ok(failed?.errorMessage);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.from({ scheme: 'cargo-error', path: `/${uuid}/${index}/${failed.nodeSlug}.txt` }));
    const text = document.getText();
    assert.ok(text.startsWith(`${failed.nodeSlug} failed in run ${uuid}`) || text.includes(`(${failed.nodeSlug}) failed in run ${uuid}`), text.slice(0, 200));
    assert.ok(text.includes(`Error:\n${failed.errorMessage}`));
    assert.match(text, /\nInput:\n/);
    assert.match(text, /\nComputed config:\n/);
    assert.equal(cargo.api.runs.peek(uuid), undefined, 'the run model is let go once the document has its text');
  });

  test('Watch Run: the failure of a watched run goes on its read-only document, at the failed execution', async () => {
    const fixtures = (await (await fetch(`${new URL(cargo.url).origin}/__sim/fixtures`)).json()) as { runs: { failed: string } };
    const uuid = fixtures.runs.failed;
    const node = { kind: 'run', id: `run:${uuid}`, run: { uuid, workflowUuid: undefined } };
    await vscode.commands.executeCommand('cargo.watchRun', node);
    const uri = vscode.Uri.from({ scheme: 'cargo-run', path: `/${uuid}.json` });
    const diagnostic = await waitFor(() => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'Cargo'), 10_000);
    assert.ok(diagnostic, 'a diagnostic on the run document');
    const document = await vscode.workspace.openTextDocument(uri);
    const line = document.lineAt(diagnostic.range.start.line).text;
    assert.match(line, /^\s*\{$/, 'at the failed execution, an object of run.executions');
    const after = document.getText(new vscode.Range(diagnostic.range.start, diagnostic.range.start.translate(30, 0)));
    assert.match(after, /"status": "error"/);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
  });
});
