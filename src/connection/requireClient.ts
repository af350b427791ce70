import * as vscode from 'vscode';
import type { CargoClient } from '../api';
import type { CargoConnection } from './connection';

/** The client, or undefined after telling the user what to do (sign in, fix the setting). */
export async function requireClient(connection: CargoConnection): Promise<CargoClient | undefined> {
  const state = await connection.current();
  if (state.kind === 'ready') return state.client;
  if (state.kind === 'misconfigured') {
    const open = 'Open Settings';
    if ((await vscode.window.showErrorMessage(state.message, open)) === open) {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'cargo.apiBaseUrl');
    }
    return undefined;
  }
  const signIn = 'Sign In';
  if ((await vscode.window.showWarningMessage('Sign in to Cargo first.', signIn)) === signIn) {
    await vscode.commands.executeCommand('cargo.signIn');
  }
  return undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
