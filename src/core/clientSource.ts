// The one route from a model to Cargo: ask for the current client, learn when it changes, and
// report a token Cargo refused, so every model stops at once and picks up again after a new sign-in.
import { CargoAuthError, type CargoClient } from '../api';

/** A VS Code-style event (vscode.Event fits it): subscribe, get something to dispose. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

export interface Disposable {
  dispose(): void;
}

export type ClientState =
  | { readonly kind: 'ready'; readonly client: CargoClient; readonly apiBaseUrl: string }
  | { readonly kind: 'signedOut' }
  /** Cargo refused the stored token (401/403): nothing is asked of Cargo until the user signs in again or retries. */
  | { readonly kind: 'rejected'; readonly message: string }
  /** The settings make a client impossible (e.g. a base URL that is not https). */
  | { readonly kind: 'misconfigured'; readonly message: string };

export interface ClientSource {
  /** The client to use now, or why there is none. The same client is handed out until something changes. */
  current(): Promise<ClientState>;
  /** Fires after a sign-in or sign-out, a change of settings, or a refused token. */
  readonly onDidChange: Event<void>;
  /** A request was refused with 401/403: from now on `current()` says 'rejected', and every model stops. */
  tokenRejected(error: CargoAuthError): void;
  /** The user asked to try again (Retry, Refresh) after a refusal: the stored token gets another chance. */
  retryRejected(): void;
}

/**
 * What to tell the user when there is no client, written once for every place that says it: about
 * `what` is shown (e.g. 'this run'), or, without it, before an action (a command).
 */
export function notReadyMessage(state: Exclude<ClientState, { kind: 'ready' }>, what?: string): string {
  switch (state.kind) {
    case 'signedOut':
      return what ? `Sign in to Cargo to see ${what}.` : 'Sign in to Cargo first.';
    case 'rejected':
      return what
        ? `Cargo rejected the API token: ${what} cannot be updated until you sign in again.`
        : 'Cargo rejected the stored API token. It may have been revoked or have expired.';
    case 'misconfigured':
      return state.message;
  }
}

/** Whether signing in is the way out of this state (the UI then offers Sign In). */
export function signInHelps(state: ClientState): boolean {
  return state.kind === 'signedOut' || state.kind === 'rejected';
}

/** A call failed: a refused token stops every model until the user signs in again. */
export function noteFailure(clients: ClientSource, error: unknown): void {
  if (error instanceof CargoAuthError) clients.tokenRejected(error);
}
