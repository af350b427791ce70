// The shared set-up of the suites that need Cargo: the extension activated, its test internals, the
// simulator's token stored (signed in); afterwards editors closed and the token removed.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CargoRunsTestApi } from '../../../src/extension';
import type { FeaturesForTests } from '../../../src/features';

const EXTENSION_ID = 'cargo-runs.cargo-runs';

export interface SignedIn {
  readonly url: string;
  readonly token: string;
  /** Set once the suite's set-up has run. */
  api: FeaturesForTests;
}

/** Registers the suite's set-up and tear-down; the handle's `api` is set when the tests run. */
export function signedInSuite(): SignedIn {
  const handle = { url: process.env.CARGO_SIMULATOR_URL ?? '', token: process.env.CARGO_SIMULATOR_TOKEN ?? '' } as SignedIn;
  suiteSetup(async () => {
    assert.ok(handle.url && handle.token, 'the runner passes the simulator URL and token');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const exports = (await extension.activate()) as CargoRunsTestApi;
    assert.ok(exports.forTests, 'in a test run the extension hands its internals to the tests');
    handle.api = exports.forTests.features();
    await handle.api.tokens.set(handle.token);
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await handle.api.tokens.clear();
  });
  return handle;
}
