// Renders the Marketplace icon, media/icon.png (128×128, transparent corners), from scripts/icon.svg with
// Debian's Chromium through playwright-core (the browser the e2e tests use). VS Code wants a PNG for the
// extension's icon; the activity bar keeps media/cargo.svg. Run it again whenever scripts/icon.svg changes:
//   node scripts/render-icon.mjs
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SIZE = 128;
const root = new URL('..', import.meta.url).pathname;
const svg = readFileSync(join(root, 'scripts', 'icon.svg'), 'utf8');
const profile = mkdtempSync(join(tmpdir(), 'cargo-icon-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CARGO_E2E_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
  viewport: { width: SIZE, height: SIZE },
  deviceScaleFactor: 1,
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
  const png = await page.locator('svg').screenshot({ omitBackground: true });
  writeFileSync(join(root, 'media', 'icon.png'), png);
  console.log(`media/icon.png: ${png.length} bytes`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
