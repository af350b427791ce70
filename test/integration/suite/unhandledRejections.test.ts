// Runs last (files run in name order): no promise the extension made was left rejected with nobody to
// handle it, over every suite before this one (the faults they drive included). A rejection planted
// here shows the recorder sees them, so "none" means something.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { waitFor } from './waitFor';
import { recordUnhandledRejections } from './unhandledRejections';

const EXTENSION_ID = 'cargo-runs.cargo-runs';

suite('Unhandled rejections in the extension host', () => {
  const record = recordUnhandledRejections();

  test('the recorder sees a rejection nobody handles', async () => {
    const planted = `planted-${Math.random().toString(16).slice(2)}`;
    void Promise.reject(new Error(planted));
    const seen = await waitFor(() => record.find((rejection) => rejection.message === planted));
    assert.ok(seen, 'the planted rejection was recorded');
  });

  test("none came from the extension's code over every suite", function () {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const bundles = join(extension.extensionPath, 'dist');
    const ours = record.filter((rejection) => rejection.stack.includes(bundles));
    const others = record.filter((rejection) => !rejection.message.startsWith('planted-') && !ours.includes(rejection));
    if (this.test)
      this.test.title += ` [${record.length} recorded: ${ours.length} from dist/, ${others.length} elsewhere${others.length ? `: ${others.map((r) => r.message.slice(0, 120)).join(' | ')}` : ''}]`;
    assert.deepEqual(
      ours.map((rejection) => rejection.stack),
      [],
    );
  });
});
