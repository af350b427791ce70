// The setting cargo.apiBaseUrl, read and judged without VS Code (unit-tested): what is wrong with it,
// in words that say what to change, before anything is sent.
import { isLoopbackHost } from '../api/baseUrl';

export const DEFAULT_API_BASE_URL = 'https://api.getcargo.io/v1';

export function normaliseBaseUrl(value: string): string {
  const trimmed = value.trim().replace(/\/+$/, '');
  return trimmed === '' ? DEFAULT_API_BASE_URL : trimmed;
}

/** A clear message when the configured URL cannot be used, or undefined when it can. */
export function problemWithBaseUrl(apiBaseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(apiBaseUrl);
  } catch {
    return `The setting cargo.apiBaseUrl ("${apiBaseUrl.length > 200 ? `${apiBaseUrl.slice(0, 200)}…` : apiBaseUrl}") is not a URL.`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `The setting cargo.apiBaseUrl must be an http(s) URL, not ${url.protocol}.`;
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return `The setting cargo.apiBaseUrl uses plain http to ${url.hostname}; the API token would travel unencrypted. Use https (plain http is allowed only for 127.0.0.1/localhost).`;
  }
  if (url.username || url.password) {
    return 'The setting cargo.apiBaseUrl must not contain credentials.';
  }
  return undefined;
}
