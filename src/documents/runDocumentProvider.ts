// Read-only JSON documents of runs (`cargo-run:/<uuid>.json`): the run, its context and its
// computed configs as Cargo returned them.
import * as vscode from 'vscode';
import type { CargoConnection } from '../connection';

export const RUN_DOCUMENT_SCHEME = 'cargo-run';

export function runDocumentUri(runUuid: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RUN_DOCUMENT_SCHEME, path: `/${runUuid}.json` });
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
