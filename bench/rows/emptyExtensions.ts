// The baselines of the rows measured in code-server: extensions that do nothing, activated on the same
// events as Cargo (read from our package.json), so that a row compares like with like. code-server fires
// onLanguage:jsonc at every window start, so all of them activate in the window's start-up burst.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../test/support/paths';

export const EMPTY_EXTENSION_NAME = 'Empty Extension For Timing';
export const EMPTY_TREE_TITLE = 'Empty Tree For Timing';
export const EMPTY_TREE_CONTAINER = 'emptyTreeForTiming';
export const EMPTY_TREE_ROW = 'Empty tree row 1';
/** The environment variable naming the file where the empty tree notes each activation (one line each). */
export const EMPTY_TREE_ACTIVATIONS_ENV = 'CARGO_BENCH_EMPTY_TREE_ACTIVATIONS';

/** Cargo's declared activation events (a view's and a command's are implied by their contributions). */
export function cargoActivationEvents(): string[] {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { activationEvents?: string[] };
  return manifest.activationEvents ?? [];
}

function writeExtension(folder: string, manifest: Record<string, unknown>, code: string[]): string {
  mkdirSync(folder, { recursive: true });
  writeFileSync(
    join(folder, 'package.json'),
    JSON.stringify({ publisher: 'cargo-runs-bench', version: '0.0.1', engines: { vscode: '^1.100.0' }, main: './extension.js', ...manifest }),
  );
  writeFileSync(join(folder, 'extension.js'), [...code, ''].join('\n'));
  return folder;
}

/** An extension whose activate() does nothing, activated when Cargo is. */
export function writeEmptyExtension(): string {
  return writeExtension(
    join(__dirname, 'empty-vscode-extension'),
    { name: 'empty-for-timing', displayName: EMPTY_EXTENSION_NAME, activationEvents: cargoActivationEvents() },
    ["require('vscode');", 'exports.activate = function activate() {};'],
  );
}

/**
 * An activity-bar container with one tree view whose rows are made in memory, activated when Cargo is;
 * each activation appends a line to the file named by EMPTY_TREE_ACTIVATIONS_ENV (when set), so that a
 * benchmark can wait for it. Returns its folder and that file.
 */
export function writeEmptyTreeExtension(): { folder: string; activations: string } {
  const folder = join(__dirname, 'empty-tree-extension');
  const activations = join(folder, 'activations.log');
  writeExtension(
    folder,
    {
      name: 'empty-tree-for-timing',
      displayName: EMPTY_TREE_TITLE,
      activationEvents: cargoActivationEvents(),
      contributes: {
        viewsContainers: { activitybar: [{ id: EMPTY_TREE_CONTAINER, title: EMPTY_TREE_TITLE, icon: '$(beaker)' }] },
        views: { [EMPTY_TREE_CONTAINER]: [{ id: `${EMPTY_TREE_CONTAINER}.tree`, name: 'Rows' }] },
      },
    },
    [
      "const vscode = require('vscode');",
      'exports.activate = function activate(context) {',
      "  const rows = Array.from({ length: 10 }, (_, i) => 'Empty tree row ' + (i + 1));",
      `  const treeDataProvider = { getChildren: (element) => (element ? [] : rows), getTreeItem: (label) => new vscode.TreeItem(label) };`,
      `  context.subscriptions.push(vscode.window.createTreeView('${EMPTY_TREE_CONTAINER}.tree', { treeDataProvider }));`,
      `  const file = process.env.${EMPTY_TREE_ACTIVATIONS_ENV};`,
      "  if (file) require('fs').appendFileSync(file, 'activated\\n');",
      '};',
    ],
  );
  writeFileSync(activations, '');
  return { folder, activations };
}

/** How many times the empty tree has been activated (one line a window). */
export function emptyTreeActivations(file: string): number {
  appendFileSync(file, '');
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
}
