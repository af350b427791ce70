// What Sign In says about a token and about a failed check, free of VS Code (unit-tested): what is
// wrong with what was pasted, before anything is sent, and what happened when Cargo was asked.
import { CargoApiError, CargoAuthError, CargoNotFoundError } from '../api';
import { errorText } from '../shared/text';

/** Longer pastes are not a token (JWTs are ~1 KB): more text came along, or the wrong text. */
export const MAX_TOKEN_CHARS = 4096;

/**
 * Why a pasted token cannot be a Cargo API token, or undefined when it can be sent. A Bearer token is
 * letters, digits and `-._~+/` with `=` padding at its end (RFC 6750's b64token); the white space
 * around a paste is not counted. The messages never quote what was pasted: it may be a secret.
 */
export function problemWithToken(pasted: string): string | undefined {
  const token = pasted.trim();
  if (token === '') return 'Paste an API token to sign in.';
  const length = [...token].length;
  if (length > MAX_TOKEN_CHARS) {
    return `The pasted text is ${length.toLocaleString('en-US')} characters long; a Cargo API token has at most ${MAX_TOKEN_CHARS.toLocaleString('en-US')}. Copy the token alone from Cargo.`;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(token)) return 'This is a web address, not an API token. Copy the token from Cargo under Settings › API tokens.';
  // A `..` segment, a home or drive path: never in a token (base64 has no '.', JWT segments no '/').
  if (/(^|[\\/])\.\.([\\/]|$)/.test(token) || /^~[\\/]/.test(token) || /^[A-Za-z]:\\/.test(token)) {
    return 'This looks like a file path, not an API token. Copy the token from Cargo under Settings › API tokens.';
  }
  for (const [index, char] of [...token].entries()) {
    if (/[A-Za-z0-9\-._~+/]/.test(char)) continue;
    const where = `at character ${index + 1} of ${length}`;
    if (char === ' ' || char === '\u00a0') return `The token has a space in it (${where}); a Cargo API token has none. Paste it again, without the space.`;
    if (char === '\t') return `The token has a tab in it (${where}); a Cargo API token has none. Paste it again.`;
    if (char === '\n' || char === '\r') return `The token has a line break in it (${where}); a Cargo API token is one line. Paste it again.`;
    if (char === '=' && /^=*$/.test(token.slice(index))) continue; // padding at the end
    if (/[\x21-\x7e]/.test(char)) {
      return `The token has "${char}" in it (${where}); a Cargo API token has only letters, digits and - . _ ~ + / (= at its end). Copy it again from Cargo.`;
    }
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
