import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The architecture, kept by the linter (CONTRIBUTING.md, "Architecture"). Rules by folder, so a new file, or a
// new feature folder, is covered the moment it exists:
// - src/ has layers, each importing only the layers below it, and features, which import every layer
//   and never each other: what two features need moves down into a layer.
// - VS Code's API only in a folder named `vscode` (a feature's or a layer's adapters, src/vscode/ for
//   what features share of it), src/extension.ts and src/features.ts; never in src/runs/, the run
//   layer. Code outside such a folder does not import from one.
// - src/shared/ imports nothing outside itself; src/webview/ imports only src/shared/ and itself.

/** The layers, lowest first: each may import those before it (not what comes after, not features). */
const LAYERS = ['shared', 'api', 'core', 'connection', 'runs', 'vscode'];
/** Layers with no VS Code anywhere, not even in a `vscode` folder of theirs. */
const NEVER_VSCODE = new Set(['shared', 'api', 'core', 'runs']);
/** Every other folder of src/ is a feature; the webview is the browser's side of one. */
const FEATURES = readdirSync(new URL('./src/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !LAYERS.includes(entry.name) && entry.name !== 'webview')
  .map((entry) => entry.name);

const noVscode = {
  name: 'vscode',
  message: 'Models, presentation and the run layer are VS Code-free: VS Code goes in a `vscode/` folder (see CONTRIBUTING.md, Architecture).',
};
const nodeBuiltins = { group: ['node:*'], message: 'Code that also runs in the webview cannot use Node.' };
/** A relative import that climbs up into src/<folder>/ (from any depth). */
const into = (folder, message) => ({ regex: `^(\\.\\./)+${folder}(/|$)`, message });
/** A relative import of something in a `vscode` folder: it would bring VS Code along. */
const fromVscodeFolder = {
  regex: '^\\.\\.?/(.*/)?vscode(/|$)',
  message: 'Only adapters (a `vscode/` folder), src/extension.ts and src/features.ts import from a `vscode/` folder.',
};

/** The no-restricted-imports options of one folder of src/ (`adapters`: its `vscode/` folder). */
function boundaries(folder, adapters) {
  const layer = LAYERS.indexOf(folder);
  const above = layer < 0 ? [] : LAYERS.slice(layer + 1).filter((other) => other !== folder);
  const otherFeatures = FEATURES.filter((feature) => feature !== folder);
  const patterns = [
    ...otherFeatures.map((feature) =>
      into(
        feature,
        layer < 0
          ? `Features are siblings: ${folder}/ does not import ${feature}/. What two features need moves down into src/runs/ or src/core/.`
          : `A layer never imports a feature (${feature}/).`,
      ),
    ),
    ...above.map((other) => into(other, `${folder}/ is below ${other}/ and does not import it (layers: ${LAYERS.join(' → ')}).`)),
    into('webview', 'The webview is the browser side: the extension talks to it with messages (src/shared/protocol.ts).'),
    ...(adapters || folder === 'vscode' ? [] : [fromVscodeFolder]),
  ];
  const vscodeAllowed = (adapters && !NEVER_VSCODE.has(folder)) || folder === 'vscode';
  const banned = NEVER_VSCODE.has(folder)
    ? { ...noVscode, message: `src/${folder}/ is VS Code-free, all of it: its VS Code side belongs to the features (or src/vscode/).` }
    : noVscode;
  return { paths: vscodeAllowed ? [] : [banned], patterns };
}

const folderRules = [...LAYERS.filter((folder) => folder !== 'shared'), ...FEATURES].flatMap((folder) => [
  {
    files: [`src/${folder}/**/*.ts`],
    ignores: [`src/${folder}/vscode/**`],
    rules: { 'no-restricted-imports': ['error', boundaries(folder, false)] },
  },
  {
    files: [`src/${folder}/vscode/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', boundaries(folder, true)] },
  },
]);

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-restricted-syntax': [
        'error',
        { selector: "AssignmentExpression[left.property.name='innerHTML']", message: 'Render untrusted data with textContent, never innerHTML.' },
        { selector: "AssignmentExpression[left.property.name='outerHTML']", message: 'Render untrusted data with textContent, never outerHTML.' },
      ],
    },
  },
  {
    // src/ids.ts: identifiers only, shared by activation and the features.
    files: ['src/ids.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [{ regex: '^\\.', message: 'src/ids.ts imports nothing.' }] }] },
  },
  ...folderRules,
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            nodeBuiltins,
            { group: ['../*', '!./*'], message: 'shared/ is used by the extension and the webview: it imports nothing outside itself.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The webview talks to the extension with postMessage only.' }],
          patterns: [
            nodeBuiltins,
            { regex: '^\\.\\./(?!shared/)', message: 'The webview imports only src/shared/ and itself.' },
            { regex: '^[^.]', message: 'The webview bundles no packages: it imports only src/shared/ and itself.' },
          ],
        },
      ],
    },
  },
  {
    // Test-only and demo-only extensions are plain CommonJS, loaded by VS Code as they are (no build step).
    files: ['test/fixtures/**/*.js', 'demo/companion/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', exports: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', 'scripts/**/*.mjs', 'test/**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' },
    },
  },
);
