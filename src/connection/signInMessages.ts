// What Sign In says about a token and about a failed check, free of VS Code (unit-tested): what is
// wrong with what was pasted, before anything is sent, and what happened when Cargo was asked.
import { CargoApiError, CargoAuthError, CargoNotFoundError } from '../api';
import { errorText } from '../shared/text';

/**
 * Why a pasted token cannot be a Cargo API token, or undefined when it can be sent. Tokens are
 * visible ASCII (they travel in an HTTP header); the white space around a paste is not counted.
 */
export function problemWithToken(pasted: string): string | undefined {
  const token = pasted.trim();
  if (token === '') return 'Paste an API token to sign in.';
  for (const [index, char] of [...token].entries()) {
    if (/[\x21-\x7e]/.test(char)) continue;
    const where = `at character ${index + 1} of ${[...token].length}`;
    if (char === ' ' || char === '\u00a0') return `The token has a space in it (${where}); a Cargo API token has none. Paste it again, without the space.`;
    if (char === '\t') return `The token has a tab in it (${where}); a Cargo API token has none. Paste it again.`;
    if (char === '\n' || char === '\r') return `The token has a line break in it (${where}); a Cargo API token is one line. Paste it again.`;
    const code = `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    return `The token has a character a Cargo API token cannot have (${code}, ${where}): tokens are plain letters, digits and punctuation. Copy it again from Cargo.`;
  }
  return undefined;
}

/** True when a base URL's path does not end with an API version such as /v1. */
export function lacksVersionPath(apiBaseUrl: string): boolean {
  try {
    return !/\/v\d+$/.test(new URL(apiBaseUrl).pathname.replace(/\/+$/, ''));
  } catch {
    return false;
  }
}

/** What the sign-in box says when checking the token failed. */
export function describeSignInFailure(error: unknown, apiBaseUrl: string): string {
  if (error instanceof CargoAuthError) {
    return error.status === undefined ? errorText(error, 300) : 'Cargo rejected this token. Check that it is a current API token of your workspace.';
  }
  if (error instanceof CargoNotFoundError && lacksVersionPath(apiBaseUrl)) {
    return `${apiBaseUrl} answered 404 Not Found: the setting cargo.apiBaseUrl needs the API version at its end, e.g. ${apiBaseUrl.replace(/\/+$/, '')}/v1.`;
  }
  if (error instanceof CargoApiError) return `Could not check the token with ${apiBaseUrl}: ${errorText(error, 400)}`;
  return `Could not check the token: ${errorText(error, 400)}`;
}
