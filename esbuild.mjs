// Builds the extension bundle (dist/), the webview scripts (dist/webview/) and the test/simulator
// bundles (out/). Flags: --production (minify, no source maps), --watch, --tests, --simulator, --bench,
// --screenshots (the README's pictures, `npm run screenshots`), --demo (the demo's copy of the extension, out/demo-extension/, see below).
import * as esbuild from 'esbuild';
import { cpSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const demo = args.has('--demo');
/** The demo's copy of the extension, staged by `npm run demo` instead of the repository's. */
const DEMO_EXTENSION = 'out/demo-extension';

// Resolution choices measured in ../shared/bundling.md: ESM builds of packages (jsonc-parser's UMD
// build cannot be followed) and ofetch's build on the global fetch instead of its Node polyfill.
const resolution = {
  mainFields: ['module', 'main'],
  conditions: ['browser'],
};

/** @type {esbuild.BuildOptions} */
const extensionOptions = {
  // Two bundles: what activation loads (registrations), and the features it loads on first use.
  entryPoints: { extension: 'src/extension.ts', features: 'src/features.ts' },
  outdir: 'dist',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode', './features'],
  minify: production,
  sourcemap: production ? false : 'linked',
  metafile: true,
  logLevel: 'info',
  // The Sign In box shows the demo simulator's token (src/connection/demoToken.ts) in the demo's build
  // only: every other build, the published one included, has `undefined` compiled in its place.
  define: demo ? {} : { 'process.env.CARGO_DEMO_TOKEN': 'undefined' },
  ...resolution,
};

/** The webview scripts: browser code, one IIFE per panel, sharing only the message protocol. */
/** @type {esbuild.BuildOptions} */
const webviewOptions = {
  entryPoints: { 'webview/runPanel': 'src/webview/runPanel.ts' },
  outdir: 'dist',
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: production,
  sourcemap: production ? false : 'linked',
  metafile: true,
  logLevel: 'info',
};

function entriesIn(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(suffix))
    .map((f) => join(dir, f));
}

/** Node-side test code and the simulator: bundled with the same resolution as the extension. */
function nodeOptions(entryPoints, outbase) {
  return {
    entryPoints,
    outdir: 'out',
    outbase,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode', 'mocha', 'playwright-core', '@vscode/test-electron', 'typescript'],
    sourcemap: 'inline',
    logLevel: 'warning',
    ...resolution,
  };
}

const builds = [];
if (args.has('--tests')) {
  builds.push(
    nodeOptions(
      [
        ...entriesIn('test/unit', '.test.ts'),
        ...entriesIn('test/simulator/tests', '.test.ts'),
        ...entriesIn('test/integration', '.ts'),
        ...entriesIn('test/e2e', '.ts'),
        ...['test/simulator/cli.ts'].filter((f) => existsSync(f)),
      ],
      '.',
    ),
  );
} else if (args.has('--bench')) {
  builds.push(nodeOptions(['bench/run.ts', 'bench/activationProbe.ts'], '.'));
} else if (args.has('--screenshots')) {
  builds.push(nodeOptions(['test/screenshots/readme.ts'], '.'));
} else if (args.has('--simulator')) {
  builds.push(nodeOptions(['test/simulator/cli.ts'], 'test'));
} else if (demo) {
  // The development build in a folder of its own, with the files an installed extension has.
  rmSync(DEMO_EXTENSION, { recursive: true, force: true });
  for (const entry of ['package.json', 'media', 'README.md', 'CHANGELOG.md', 'LICENSE']) cpSync(entry, `${DEMO_EXTENSION}/${entry}`, { recursive: true });
  builds.push({ ...extensionOptions, outdir: `${DEMO_EXTENSION}/dist` }, { ...webviewOptions, outdir: `${DEMO_EXTENSION}/dist` });
} else {
  builds.push(extensionOptions, webviewOptions);
}

if (!watch && !args.has('--tests') && !args.has('--simulator') && !args.has('--bench') && !args.has('--screenshots') && !demo)
  rmSync('dist', { recursive: true, force: true });

for (const options of builds) {
  if (watch) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  } else {
    const result = await esbuild.build(options);
    if ((options === extensionOptions || options === webviewOptions) && result.metafile) {
      for (const [file, output] of Object.entries(result.metafile.outputs)) {
        if (output.entryPoint) console.log(`${file}: ${(output.bytes / 1024).toFixed(1)} KB`);
      }
    }
  }
}
