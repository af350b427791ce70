// Running a JSON file, its adapters inside a real extension host: a run file gets its CodeLens (run,
// its workflow by name), a mistake becomes a diagnostic at its place with nothing sent, and a run file
// without its workflow gets the quick fix that picks and inserts one.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { signedInSuite } from './signedIn';
import { waitFor } from './waitFor';

suite('Run file adapters', () => {
  const cargo = signedInSuite();
  const dir = mkdtempSync(join(tmpdir(), 'cargo-run-files-'));
  const simulator = async <T>(path: string) => (await (await fetch(`${new URL(cargo.url).origin}${path}`)).json()) as T;
  const createRequests = async () =>
    (await simulator<{ requests: { method: string; path: string }[] }>('/__sim/requests')).requests.filter(
      (r) => r.method === 'POST' && r.path === '/v1/orchestration/runs',
    ).length;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return vscode.Uri.file(path);
  };

  test('a run file has its CodeLens: run it, and its workflow by name (which changes it)', async () => {
    const { workflows } = await simulator<{ workflows: { tool: string } }>('/__sim/fixtures');
    const uri = file('lead.cargo-run.json', JSON.stringify({ workflowUuid: workflows.tool, data: { name: 'Lens Co' } }, null, 2));
    await vscode.window.showTextDocument(uri);
    const tools = (await (await fetch(`${cargo.url}/orchestration/tools/list`, { headers: { authorization: `Bearer ${cargo.token}` } })).json()) as {
      tools: { workflowUuid: string; name: string }[];
    };
    const name = tools.tools.find((t) => t.workflowUuid === workflows.tool)?.name;
    assert.ok(name);
    // The workflow's name arrives with the names of all workflows, once: ask until the lens has it.
    let resolved: vscode.CodeLens[] = [];
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
      resolved = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      if (resolved.some((lens) => lens.command?.title === `workflow ${name}`)) break;
    }
    assert.deepEqual(
      resolved.filter((lens) => lens.command?.command.startsWith('cargo.')).map((lens) => [lens.range.start.line, lens.command?.command]),
      [
        [0, 'cargo.runFile'],
        [0, 'cargo.chooseWorkflow'],
      ],
    );
    assert.equal(resolved.find((lens) => lens.command?.command === 'cargo.chooseWorkflow')?.command?.title, `workflow ${name}`, 'named, not a uuid');
    assert.equal(resolved.find((lens) => lens.command?.command === 'cargo.runFile')?.command?.title, '$(play) Run in Cargo');
  });

  test('invalid JSON: one diagnostic at the mistake, the extension’s where VS Code does not validate, VS Code’s alone where it does; nothing is sent', async () => {
    const before = await createRequests();
    const mistake = '  "data": { "name": "x" "y": 1 }';
    const uri = file('broken.cargo-run.json', `{\n  "workflowUuid": "00000000-0000-4000-8000-000000000000",\n${mistake}\n}\n`);
    await vscode.window.showTextDocument(uri);
    const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Cargo');
    const json = vscode.workspace.getConfiguration('json');
    try {
      // Where VS Code does not validate (its JSON validation off), the extension reports the mistake.
      await json.update('validate.enable', false, vscode.ConfigurationTarget.Global);
      // The command waits on the error notification it shows; the diagnostics are what to look at.
      void vscode.commands.executeCommand('cargo.runFile', uri);
      const diagnostics = await waitFor(() => (ours().length > 0 ? ours() : undefined));
      assert.ok(diagnostics);
      assert.equal(diagnostics[0]?.code, 'syntax');
      assert.equal(diagnostics[0]?.range.start.line, 2);
      assert.equal(diagnostics[0]?.range.start.character, mistake.indexOf('"y"'), 'at the property that lacks the comma before it');
      assert.doesNotMatch(diagnostics[0]?.message ?? '', /`/, 'plain text');

      // Where VS Code validates, its JSON service reports it, and the extension's goes.
      await json.update('validate.enable', undefined, vscode.ConfigurationTarget.Global);
      void vscode.commands.executeCommand('cargo.runFile', uri);
      assert.ok(await waitFor(() => (ours().length === 0 ? true : undefined)), 'the extension does not report it again');
      const vscodes = await waitFor(() => {
        const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source !== 'Cargo');
        return found.length > 0 ? found : undefined;
      }, 30_000);
      assert.equal(vscodes?.[0]?.range.start.line, 2, 'VS Code’s JSON service reports it');
    } finally {
      await json.update('validate.enable', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal(await createRequests(), before, 'zero POST /runs');
  });

  test('a run file without workflowUuid: an error on its first brace, with the quick fix that picks and inserts it', async () => {
    const uri = file('nowf.cargo-run.json', '{\n  "data": { "name": "x" }\n}\n');
    await vscode.window.showTextDocument(uri);
    void vscode.commands.executeCommand('cargo.runFile', uri);
    const missing = await waitFor(() => vscode.languages.getDiagnostics(uri).find((d) => d.source === 'Cargo' && d.code === 'missingWorkflowUuid'));
    assert.ok(missing);
    assert.deepEqual([missing.range.start.line, missing.range.start.character, missing.range.end.character], [0, 0, 1]);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, missing.range);
    const fix = actions.find((action) => action.command?.command === 'cargo.chooseWorkflow');
    assert.ok(fix, 'a quick fix offers to choose the workflow');
    assert.equal(fix.isPreferred, true);
  });
});
