// Debian's Chromium driven by playwright-core, with a fresh profile and the flags that keep it from
// calling out (this machine has no internet; its own background traffic would only fail and slow it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from './paths';
import { release, removeOnExit } from './processes';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Requests the page made to anything but loopback (there should be none that matter). */
  outsideRequests: string[];
  close(): Promise<void>;
}

export async function launchBrowser(options: { viewport?: { width: number; height: number } } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'cargo-chromium-'));
  removeOnExit(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1440, height: 900 },
    // VS Code reads the clipboard for paste; grant it so a test can paste like a person.
    permissions: ['clipboard-read', 'clipboard-write'],
    // Over loopback, compression only costs: code-server would gzip its 11 MB workbench for each session.
    extraHTTPHeaders: { 'accept-encoding': 'identity' },
  });
  const outsideRequests: string[] = [];
  context.on('request', (request) => {
    const url = request.url();
    // *.vscode-resource.vscode-cdn.net is a name webviews use for local files; their service worker answers it.
    const local =
      /^(https?|wss?):\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//.test(url) || /^https:\/\/[^/]+\.vscode-resource\.vscode-cdn\.net\//.test(url);
    if (/^(https?|wss?):\/\//.test(url) && !local) outsideRequests.push(url);
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    outsideRequests,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
      release(profile);
    },
  };
}
