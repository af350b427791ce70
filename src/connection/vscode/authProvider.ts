// Cargo sign-in as a VS Code authentication provider: the account shows in the Accounts menu, with Sign
// Out there, and every way in and out goes through here (the Sign In and Sign Out commands, the welcome
// view's button, the Accounts menu). A session is the token the TokenStore keeps for the current API
// base URL (SecretStorage only). Registered at activation, it answers VS Code without the features;
// asking for a token (the sign-in box, which checks it with Cargo) is theirs and loads them.
import * as vscode from 'vscode';
import { AUTH_PROVIDER } from '../../ids';
import { sessionFor, sessionsChange, type CargoSession } from '../account';
import type { TokenStore } from './tokenStore';

export interface AuthProviderDeps {
  readonly tokens: TokenStore;
  readonly apiBaseUrl: () => string;
  /** The sign-in box: a token Cargo accepted, or undefined when the user gave up. */
  readonly askForToken: () => Promise<string | undefined>;
  readonly log: vscode.LogOutputChannel;
}

export class CargoAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  readonly onDidChangeSessions = this.changed.event;
  /** The session last reported to VS Code (undefined: signed out); changes are told against it, in order. */
  private reported: Promise<CargoSession | undefined>;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];

  constructor(private readonly deps: AuthProviderDeps) {
    this.reported = this.read().then(
      (session) => {
        if (!session) this.askToBeSignedIn();
        return session;
      },
      () => undefined,
    );
    this.subscriptions.push(
      vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER.id, AUTH_PROVIDER.label, this, { supportsMultipleAccounts: false }),
      // Sign-in and sign-out here or in another window, another API base URL.
      deps.tokens.onDidChange(() => {
        this.reported = this.reported.then((before) => this.report(before));
      }),
    );
  }

  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    const session = await this.read();
    return session ? [session] : [];
  }

  /** Asks for a token (the sign-in box) and stores it; throws a CancellationError when the user gives up. */
  async createSession(): Promise<vscode.AuthenticationSession> {
    const apiBaseUrl = this.deps.apiBaseUrl();
    const token = await this.deps.askForToken();
    if (token === undefined) throw new vscode.CancellationError();
    await this.deps.tokens.set(token);
    this.deps.log.info(`Signed in to ${apiBaseUrl}.`);
    void vscode.window.showInformationMessage('Signed in to Cargo.');
    return sessionFor(apiBaseUrl, token);
  }

  async removeSession(sessionId: string): Promise<void> {
    // A session of another base URL is not in use; its token stays until that URL is used again.
    if (sessionId === this.deps.apiBaseUrl()) await this.signOut();
  }

  /** Sign In (command, welcome view, a notification's button): true once a token is stored. */
  async signIn(): Promise<boolean> {
    try {
      await this.createSession();
      return true;
    } catch (error) {
      if (error instanceof vscode.CancellationError) return false;
      throw error;
    }
  }

  /** Removes the token of the current API base URL. */
  async signOut(): Promise<void> {
    await this.deps.tokens.clear();
    this.deps.log.info('Signed out of Cargo.');
  }

  private async read(): Promise<CargoSession | undefined> {
    return sessionFor(this.deps.apiBaseUrl(), await this.deps.tokens.get());
  }

  private async report(before: CargoSession | undefined): Promise<CargoSession | undefined> {
    let after: CargoSession | undefined;
    try {
      after = await this.read();
    } catch {
      return before;
    }
    const change = sessionsChange(before, after);
    if (change) {
      this.changed.fire(change);
      if (!after) this.askToBeSignedIn();
    }
    return after;
  }

  /**
   * Signed out, the extension asks VS Code for a session without prompting, as GitHub Pull Requests does:
   * the Accounts menu then offers "Sign in with Cargo to use Cargo Runs", and clicking it comes back
   * here (createSession). Only while signed out: the extension reads its token from the TokenStore.
   */
  private askToBeSignedIn(): void {
    Promise.resolve(vscode.authentication.getSession(AUTH_PROVIDER.id, [], { createIfNone: false })).catch((error: unknown) => {
      this.deps.log.debug(`Could not offer Sign In in the Accounts menu: ${String(error)}`);
    });
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
