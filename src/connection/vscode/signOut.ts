import * as vscode from 'vscode';
import type { CargoAuthProvider } from './authProvider';

/** "Cargo: Sign Out" (and the Runs view's menu): through the authentication provider, as the Accounts menu's Sign Out. */
export function signOut(auth: CargoAuthProvider) {
  return async (): Promise<void> => {
    await auth.signOut();
    void vscode.window.showInformationMessage('Signed out of Cargo. The API token was removed from secret storage.');
  };
}
