// The Cargo API token, kept in VS Code's SecretStorage only. Tokens are stored per API base URL so a
// token given for one Cargo endpoint is never sent to another after the setting changes.
import * as vscode from 'vscode';
import { CONTEXT_KEYS } from '../../ids';

const SECRET_KEY_PREFIX = 'cargo.apiToken:';

export class TokenStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];
  /**
   * The secret as last read or written, by key: reading it is a round trip to the window (hundreds of ms
   * on a busy machine), and activation starts it, so the first request does not wait for it.
   */
  private known: { key: string; token: Promise<string | undefined> } | undefined;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly apiBaseUrl: () => string,
  ) {
    // Another window signing in or out changes the same secret; our own changes come back here too.
    this.subscriptions.push(secrets.onDidChange((event) => void this.secretChanged(event.key)));
  }

  async get(): Promise<string | undefined> {
    const key = this.key();
    if (this.known?.key === key) return this.known.token;
    const token = Promise.resolve(this.secrets.get(key)).then((value) => (value === '' ? undefined : value));
    const known = { key, token };
    this.known = known;
    // A failure (the secret store unavailable) is not kept: the next caller reads again.
    token.catch(() => {
      if (this.known === known) this.known = undefined;
    });
    return token;
  }

  async set(token: string): Promise<void> {
    await this.write(token, (key) => this.secrets.store(key, token));
  }

  async clear(): Promise<void> {
    await this.write(undefined, (key) => this.secrets.delete(key));
  }

  /** Known before it is written: the secret's change event can come back before the write resolves. */
  private async write(token: string | undefined, write: (key: string) => Thenable<void>): Promise<void> {
    const key = this.key();
    const known = { key, token: Promise.resolve(token) };
    this.known = known;
    try {
      await write(key);
    } catch (error) {
      if (this.known === known) this.known = undefined;
      throw error;
    }
    await this.refreshContext();
    this.changed.fire();
  }

  private async secretChanged(key: string): Promise<void> {
    if (key !== this.key()) return; // the token of another base URL: not in use here
    const before = this.known;
    this.known = undefined;
    const token = await this.get().catch(() => null);
    // Our own set() or clear(), echoed: it has told its listeners already (a second reset would load everything again).
    if (before && (await before.token.catch(() => null)) === token) return;
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
