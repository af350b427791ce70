import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The architecture, kept by the linter (README, "Architecture"): VS Code's API only in adapters;
// shared/ imports nothing; webview/ imports only shared/.
const noVscode = {
  name: 'vscode',
  message: 'Models and building blocks are VS Code-free: take what you need from VS Code through the adapter (see README, Architecture).',
};
const nodeBuiltins = { group: ['node:*'], message: 'Code that also runs in the webview cannot use Node.' };
/** Folders a layer may not reach into, as import patterns relative to any file in src/. */
const outside = (...folders) => folders.map((folder) => `**/${folder}/**`).concat(folders.map((folder) => `**/${folder}`));

/** Files without VS Code: the API edge, building blocks, shared code and every feature's model and presentation. */
const VSCODE_FREE = [
  'src/api/**/*.ts',
  'src/core/**/*.ts',
  'src/shared/**/*.ts',
  'src/connection/signInMessages.ts',
  'src/connection/baseUrl.ts',
  'src/runPanel/runReference.ts',
  'src/explorer/runsExplorerModel.ts',
  'src/explorer/explorerRefresh.ts',
  'src/explorer/explorerChanges.ts',
  'src/explorer/explorerLists.ts',
  'src/explorer/explorerNodes.ts',
  'src/explorer/batchesAndRuns.ts',
  'src/explorer/startedGroup.ts',
  'src/explorer/explorerFilter.ts',
  'src/explorer/presentation.ts',
  'src/explorer/cancelling.ts',
  'src/runPanel/watchedRun.ts',
  'src/runPanel/runView.ts',
  'src/runFile/runInput.ts',
  'src/runFile/jsonText.ts',
  'src/runFile/runFileEdits.ts',
  'src/runFile/runFileName.ts',
  'src/runFile/runStarter.ts',
  'src/runFile/fileWorkflows.ts',
  'src/runFile/presentation.ts',
  'src/startedRuns/startedRuns.ts',
  'src/startedRuns/presentation.ts',
  'src/errorInspection/runFailure.ts',
  'src/errorInspection/presentation.ts',
  'src/failures/normalize.ts',
  'src/failures/failureGroups.ts',
  'src/failures/failureReport.ts',
  'src/failures/failuresPresentation.ts',
  'src/core/failedExecution.ts',
  'src/core/runCredits.ts',
  'src/errorInspection/finalRun.ts',
];

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
    files: VSCODE_FREE,
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    files: ['src/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            {
              group: outside('core', 'connection', 'explorer', 'runPanel', 'runFile', 'startedRuns', 'errorInspection', 'failures', 'webview'),
              message: 'The API edge knows HTTP and shared/ only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noVscode],
          patterns: [
            {
              group: outside('connection', 'explorer', 'runPanel', 'runFile', 'startedRuns', 'errorInspection', 'failures', 'webview'),
              message: 'Building blocks use api/ and shared/ only, never a feature.',
            },
          ],
        },
      ],
    },
  },
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
    // Test-only extensions are plain CommonJS, loaded by VS Code as they are (no build step).
    files: ['test/fixtures/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', 'scripts/**/*.mjs', 'test/**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' },
    },
  },
);
