// The Cargo account as VS Code's Accounts menu shows it, free of VS Code (unit-tested): one session per
// API base URL (the token stored for it), named by what the user knows it by, and what changed between
// two readings of the store, as an authentication provider reports it.

/** A session in the shape of vscode.AuthenticationSession, without VS Code. */
export interface CargoSession {
  /** The API base URL: a token is kept per base URL, and a session is the token of one. Never the token. */
  readonly id: string;
  readonly accessToken: string;
  readonly account: { readonly id: string; readonly label: string };
  readonly scopes: readonly string[];
}

export interface SessionsChange {
  readonly added: readonly CargoSession[];
  readonly removed: readonly CargoSession[];
  readonly changed: readonly CargoSession[];
}

/**
 * The account's name in the Accounts menu: the host of the API base URL (Cargo's API names no workspace
 * for a token), with its port when it has one, e.g. "api.getcargo.io" or "127.0.0.1:4010".
 */
export function accountLabel(apiBaseUrl: string): string {
  try {
    return new URL(apiBaseUrl).host || apiBaseUrl;
  } catch {
    return apiBaseUrl;
  }
}

/** The session of the token stored for `apiBaseUrl`, or undefined when there is none. */
export function sessionFor(apiBaseUrl: string, token: string): CargoSession;
export function sessionFor(apiBaseUrl: string, token: string | undefined): CargoSession | undefined;
export function sessionFor(apiBaseUrl: string, token: string | undefined): CargoSession | undefined {
  if (token === undefined) return undefined;
  return { id: apiBaseUrl, accessToken: token, account: { id: apiBaseUrl, label: accountLabel(apiBaseUrl) }, scopes: [] };
}

/** What a provider reports when the session went from `before` to `after`; undefined when nothing changed. */
export function sessionsChange(before: CargoSession | undefined, after: CargoSession | undefined): SessionsChange | undefined {
  if (before === undefined && after === undefined) return undefined;
  if (before === undefined) return { added: [after as CargoSession], removed: [], changed: [] };
  if (after === undefined) return { added: [], removed: [before], changed: [] };
  if (before.id !== after.id) return { added: [after], removed: [before], changed: [] };
  if (before.accessToken !== after.accessToken) return { added: [], removed: [], changed: [after] };
  return undefined;
}
