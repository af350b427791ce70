// Turns the settings and the stored token into a CargoClient, hands the same one to every model
// until something changes, and remembers a token Cargo refused until the user signs in again.
import * as vscode from 'vscode';
import { CargoClient, type CargoAuthError } from '../../api';
import type { ClientSource, ClientState } from '../../core/clientSource';
import { SharedPromise } from '../../core/sharedPromise';
import { errorText } from '../../shared/text';
import { problemWithBaseUrl, type CargoSettings } from '../settings';
import { readSettings } from './settings';
import type { TokenStore } from './tokenStore';

export class CargoConnection implements ClientSource, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly cached = new SharedPromise<ClientState>();
  private rejection: string | undefined;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly tokens: TokenStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly settings: () => CargoSettings = readSettings,
  ) {
    // Fires on sign-in and sign-out, in this window or another, and when the API base URL changes.
    this.subscriptions.push(tokens.onDidChange(() => this.reset('the API token or the settings changed')));
  }

  current(): Promise<ClientState> {
    if (this.rejection !== undefined) return Promise.resolve({ kind: 'rejected', message: this.rejection });
    // A failure (the secret store unavailable) is not kept: the next caller tries again.
    return this.cached.get(() => this.build());
  }

  tokenRejected(error: CargoAuthError): void {
    if (this.rejection !== undefined) return;
    this.rejection = errorText(error, 300);
    this.log.warn(`Cargo refused the API token (${error.endpoint}); automatic refresh stops until you sign in again.`);
    this.changed.fire();
  }

  retryRejected(): void {
    if (this.rejection === undefined) return;
    this.reset('asked to try the token again');
  }

  /**
   * A client for a token that is not stored yet, for the interactive sign-in check: one attempt,
   * no retries, so a server that never answers fails after one timeout.
   */
  clientForCheck(token: string, settings: CargoSettings = this.settings()): CargoClient {
    return this.clientFor(token, settings, 0);
  }

  private async build(): Promise<ClientState> {
    const settings = this.settings();
    const problem = problemWithBaseUrl(settings.apiBaseUrl);
    if (problem) return { kind: 'misconfigured', message: problem };
    const token = await this.tokens.get();
    if (token === undefined) return { kind: 'signedOut' };
    return { kind: 'ready', client: this.clientFor(token, settings), apiBaseUrl: settings.apiBaseUrl };
  }

  private clientFor(token: string, settings: CargoSettings, maxRetries?: number): CargoClient {
    return new CargoClient({
      baseUrl: settings.apiBaseUrl,
      token,
      timeoutMs: settings.requestTimeoutMs,
      ...(maxRetries !== undefined ? { maxRetries } : {}),
      headers: { 'x-cargo-origin': 'vscode-cargo-runs' },
      onRequest: ({ method, path, attempt, status, durationMs }) => {
        const retry = attempt > 1 ? ` (attempt ${attempt})` : '';
        this.log.debug(`${method} ${path} → ${status ?? 'no response'} in ${Math.round(durationMs)} ms${retry}`);
      },
    });
  }

  private reset(why: string): void {
    this.cached.drop();
    this.rejection = undefined;
    this.log.debug(`Connection to Cargo renewed: ${why}.`);
    this.changed.fire();
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
