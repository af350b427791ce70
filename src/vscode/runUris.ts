// The run's read-only JSON document as VS Code addresses it (`cargo-run:/<uuid>.json`): opened by the
// run panel's "Open as JSON" and pointed at by a watched run's diagnostic.
import * as vscode from 'vscode';
import { SCHEMES } from '../ids';
import { runDocumentPath } from '../runs/runLinks';

export function runDocumentUri(runUuid: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEMES.runDocument, path: runDocumentPath(runUuid) });
}
