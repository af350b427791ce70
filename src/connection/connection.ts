// Turns the settings and the stored token into a CargoClient, and says why when it cannot.
import * as vscode from 'vscode';
import { CargoClient } from '../api/client';
import { problemWithBaseUrl, readSettings, type CargoSettings } from './settings';
import type { TokenStore } from './tokenStore';

export type ClientState = { kind: 'ready'; client: CargoClient; settings: CargoSettings } | { kind: 'signedOut' } | { kind: 'misconfigured'; message: string };

export class CargoConnection {
  constructor(
    private readonly tokens: TokenStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly settings: () => CargoSettings = readSettings,
  ) {}

  async current(): Promise<ClientState> {
    const settings = this.settings();
    const problem = problemWithBaseUrl(settings.apiBaseUrl);
    if (problem) return { kind: 'misconfigured', message: problem };
    const token = await this.tokens.get();
    if (token === undefined) return { kind: 'signedOut' };
    return { kind: 'ready', client: this.clientFor(token, settings), settings };
  }

  /** A client for a token that is not stored yet (sign-in checks it before storing). */
  clientFor(token: string, settings: CargoSettings = this.settings()): CargoClient {
    return new CargoClient({
      baseUrl: settings.apiBaseUrl,
      token,
      timeoutMs: settings.requestTimeoutMs,
      headers: { 'x-cargo-origin': 'vscode-cargo-runs' },
      onRequest: ({ method, path, attempt, status, durationMs }) => {
        const retry = attempt > 1 ? ` (attempt ${attempt})` : '';
        this.log.debug(`${method} ${path} → ${status ?? 'no response'} in ${Math.round(durationMs)} ms${retry}`);
      },
    });
  }
}
