// The settings read from VS Code's configuration, and re-read when they change.
import * as vscode from 'vscode';
import { settingsFrom, type CargoSettings } from '../settings';

export function readSettings(): CargoSettings {
  return settingsFrom(vscode.workspace.getConfiguration('cargo'));
}

export function onSettingsChanged(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('cargo')) listener();
  });
}
