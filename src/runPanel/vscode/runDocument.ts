// Read-only JSON documents of runs (`cargo-run:/<uuid>.json`): GET /runs/{uuid} exactly as Cargo
// sent it, laid out for reading. They read the same followed run as the run's panel (no second
// fetch), and follow it: when the run changes, so does the document.
import * as vscode from 'vscode';
import { prettyJson } from '../../core/prettyJson';
import type { FollowedRunHandle } from '../../runs/followedRuns';
import type { FollowedRuns } from '../../runs/followedRuns';
import { runUuidIn } from '../../runs/runLinks';
import { errorText } from '../../shared/text';
import { runDocumentUri } from '../../vscode/runUris';

/** Opens the run as a read-only JSON document in an editor; failures are shown to the user. */
export async function showRunDocument(runUuid: string): Promise<void> {
  try {
    const document = await vscode.workspace.openTextDocument(runDocumentUri(runUuid));
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: true });
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not open the run: ${errorText(error, 500)}`);
  }
}

export class RunDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** The runs of open documents, by document URI, watched until the document closes. */
  private readonly watched = new Map<string, { readonly handle: FollowedRunHandle; readonly subscription: vscode.Disposable }>();
  private readonly subscriptions: vscode.Disposable[] = [this.changed];

  constructor(private readonly runs: FollowedRuns) {
    this.subscriptions.push(vscode.workspace.onDidCloseTextDocument((document) => this.release(document.uri)));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const runUuid = runUuidIn(uri.path);
    if (!runUuid) return JSON.stringify({ error: 'This address names no Cargo run.' }, null, 2);
    const run = this.watch(uri, runUuid).run;
    if (run.state.kind !== 'loaded') await run.fetch();
    const state = run.state;
    if (state.kind === 'loaded') return prettyJson(state.run.text);
    return JSON.stringify({ error: state.kind === 'failed' ? state.message : 'The run is loading.' }, null, 2);
  }

  private watch(uri: vscode.Uri, runUuid: string): FollowedRunHandle {
    const key = uri.toString();
    const existing = this.watched.get(key);
    if (existing) return existing.handle;
    const handle = this.runs.acquire(runUuid);
    let body = handle.run.loaded?.body;
    const subscription = handle.run.onDidChange(() => {
      const now = handle.run.loaded?.body;
      // Compared piece by piece: nothing is joined until the document asks for its text.
      if (now === undefined || now === body || (body !== undefined && now.equals(body))) return;
      body = now;
      this.changed.fire(uri);
    });
    this.watched.set(key, { handle, subscription });
    return handle;
  }

  private release(uri: vscode.Uri): void {
    const key = uri.toString();
    const entry = this.watched.get(key);
    if (!entry) return;
    this.watched.delete(key);
    entry.subscription.dispose();
    entry.handle.dispose();
  }

  dispose(): void {
    for (const uri of [...this.watched.keys()]) this.release(vscode.Uri.parse(uri));
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
