// A ClientSource for unit tests, over a real CargoClient: it behaves like the extension's connection
// (one client until something changes, a refused token remembered until a new sign-in or a retry).
import type { CargoAuthError, CargoClient } from '../../../src/api';
import type { ClientSource, ClientState, Disposable } from '../../../src/core/clientSource';

export class TestClients implements ClientSource {
  private state: ClientState;
  private readonly listeners = new Set<() => void>();
  /** How often a model reported a refused token. */
  rejections = 0;

  constructor(client?: CargoClient, apiBaseUrl = 'http://127.0.0.1/v1') {
    this.state = client ? { kind: 'ready', client, apiBaseUrl } : { kind: 'signedOut' };
  }

  current(): Promise<ClientState> {
    return Promise.resolve(this.state);
  }

  readonly onDidChange = (listener: () => void): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  tokenRejected(error: CargoAuthError): void {
    this.rejections++;
    if (this.state.kind === 'rejected') return;
    this.before = this.state;
    this.state = { kind: 'rejected', message: error.message };
    this.fire();
  }

  retryRejected(): void {
    if (this.state.kind !== 'rejected' || !this.before) return;
    this.state = this.before;
    this.fire();
  }

  /** A sign-in: a new client for everyone. */
  signIn(client: CargoClient): void {
    this.state = { kind: 'ready', client, apiBaseUrl: 'http://127.0.0.1/v1' };
    this.fire();
  }

  signOut(): void {
    this.state = { kind: 'signedOut' };
    this.fire();
  }

  private before: ClientState | undefined;

  private fire(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
