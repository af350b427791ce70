// Read-only JSON documents of runs (`cargo-run:/<uuid>.json`): the run, its context and its
// computed configs as Cargo returned them.
import * as vscode from 'vscode';
import type { CargoConnection } from '../connection/connection';

export const RUN_DOCUMENT_SCHEME = 'cargo-run';

export function runDocumentUri(runUuid: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RUN_DOCUMENT_SCHEME, path: `/${runUuid}.json` });
}

/** Opens the run as a read-only JSON document in an editor; failures are shown to the user. */
export async function showRunDocument(runUuid: string): Promise<void> {
  try {
    const document = await vscode.workspace.openTextDocument(runDocumentUri(runUuid));
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: true });
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not open the run: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export class RunDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly connection: CargoConnection) {}

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const runUuid = uri.path.replace(/^\//, '').replace(/\.json$/, '');
    const state = await this.connection.current();
    if (state.kind !== 'ready') return JSON.stringify({ error: state.kind === 'signedOut' ? 'Sign in to Cargo to see this run.' : state.message }, null, 2);
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      const details = await state.client.getRun(runUuid, controller.signal);
      return JSON.stringify(details, null, 2);
    } finally {
      subscription.dispose();
    }
  }
}
