// Where the API token may travel: over https anywhere, over plain http only to this machine (the
// simulator, a local proxy). Checked by the connection before any client exists, and again by the
// HTTP layer itself, so no code path can send the token in clear text over the network.

/** 'localhost', '[::1]' or 127.x.x.x, as `URL.hostname` gives them. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** True when a token may be sent to this URL: https, or http to a loopback address. */
export function carriesTokenSafely(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}
