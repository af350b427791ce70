// The Cargo API token, kept in VS Code's SecretStorage only. Tokens are stored per API base URL so a
// token given for one Cargo endpoint is never sent to another after the setting changes.
import * as vscode from 'vscode';
import { CONTEXT_KEYS } from '../../ids';

const SECRET_KEY_PREFIX = 'cargo.apiToken:';

export class TokenStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly apiBaseUrl: () => string,
  ) {
    // Another window signing in or out changes the same secret.
    this.subscriptions.push(
      secrets.onDidChange((event) => {
        if (event.key.startsWith(SECRET_KEY_PREFIX)) void this.refreshContext().then(() => this.changed.fire());
      }),
    );
  }

  async get(): Promise<string | undefined> {
    const token = await this.secrets.get(this.key());
    return token === undefined || token === '' ? undefined : token;
  }

  async set(token: string): Promise<void> {
    await this.secrets.store(this.key(), token);
    await this.refreshContext();
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(this.key());
    await this.refreshContext();
    this.changed.fire();
  }

  /** Call when the API base URL setting changes: the token in use may change with it. */
  async baseUrlChanged(): Promise<void> {
    await this.refreshContext();
    this.changed.fire();
  }

  async refreshContext(): Promise<void> {
    const signedIn = (await this.get()) !== undefined;
    await vscode.commands.executeCommand('setContext', CONTEXT_KEYS.signedIn, signedIn);
  }

  private key(): string {
    return SECRET_KEY_PREFIX + this.apiBaseUrl();
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
