import * as vscode from 'vscode';
import type { TokenStore } from './tokenStore';

export function signOut(deps: { tokens: TokenStore; log: vscode.LogOutputChannel }) {
  return async (): Promise<void> => {
    await deps.tokens.clear();
    deps.log.info('Signed out of Cargo.');
    void vscode.window.showInformationMessage('Signed out of Cargo. The API token was removed from secret storage.');
  };
}
