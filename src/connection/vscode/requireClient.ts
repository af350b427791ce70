// Commands get their client here; when there is none, the user is told why once, with the action
// that helps (Sign In, Open Settings). The only place these prompts are written.
import * as vscode from 'vscode';
import type { CargoClient } from '../../api';
import { notReadyMessage, type ClientSource, type ClientState } from '../../core/clientSource';
import { COMMANDS } from '../../ids';

/** The client, or undefined after telling the user what to do (sign in, fix the setting). */
export async function requireClient(clients: ClientSource): Promise<CargoClient | undefined> {
  const state = await clients.current();
  if (state.kind === 'ready') return state.client;
  await explainNoClient(state);
  return undefined;
}

/** Says why there is no client, with the action that helps. */
export async function explainNoClient(state: Exclude<ClientState, { kind: 'ready' }>): Promise<void> {
  if (state.kind === 'misconfigured') {
    const open = 'Open Settings';
    if ((await vscode.window.showErrorMessage(state.message, open)) === open) {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'cargo.apiBaseUrl');
    }
    return;
  }
  const signIn = state.kind === 'rejected' ? 'Sign In Again' : 'Sign In';
  if ((await vscode.window.showWarningMessage(notReadyMessage(state), signIn)) === signIn) await vscode.commands.executeCommand(COMMANDS.signIn);
}
