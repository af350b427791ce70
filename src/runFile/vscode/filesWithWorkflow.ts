// The context key that shows the editor title's ▶ Run in Cargo on the JSON files with a remembered
// workflow (run files show it by name): package.json and other JSON keep the command in the palette
// and the editor's context menu, without a button in their title.
import * as vscode from 'vscode';
import { CONTEXT_KEYS } from '../../ids';

/**
 * Publishes the files' paths, as `resourcePath in cargo.filesWithWorkflow` compares them: the workbench's
 * resourcePath is a local file's file-system path (fsPath), and the URI's path for other schemes (a file
 * in a remote window, an untitled editor), so both are listed.
 */
export function publishFilesWithWorkflow(documentUris: readonly string[]): void {
  const paths = new Set<string>();
  for (const documentUri of documentUris) {
    const uri = vscode.Uri.parse(documentUri);
    paths.add(uri.path);
    if (uri.scheme === 'file') paths.add(uri.fsPath);
  }
  void vscode.commands.executeCommand('setContext', CONTEXT_KEYS.filesWithWorkflow, [...paths]);
}
