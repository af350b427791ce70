import * as vscode from 'vscode';
import { CargoApiError, CargoAuthError } from '../api/errors';
import { problemWithBaseUrl, readSettings } from './settings';
import type { CargoConnection } from './connection';
import type { TokenStore } from './tokenStore';

/**
 * Asks for an API token, checks it with one cheap call and stores it. The box stays open with the
 * typed token and the reason when the check fails, so nothing the user pasted is lost.
 */
export function signIn(deps: { connection: CargoConnection; tokens: TokenStore; log: vscode.LogOutputChannel }) {
  return async (): Promise<boolean> => {
    const settings = readSettings();
    const problem = problemWithBaseUrl(settings.apiBaseUrl);
    if (problem) {
      const open = 'Open Settings';
      if ((await vscode.window.showErrorMessage(problem, open)) === open) {
        await vscode.commands.executeCommand('workbench.action.openSettings', 'cargo.apiBaseUrl');
      }
      return false;
    }

    const box = vscode.window.createInputBox();
    box.title = 'Cargo: Sign In';
    box.placeholder = 'Paste your Cargo API token';
    box.prompt = `Create one in Cargo under Settings › API tokens. It is kept in VS Code's secret storage and sent only to ${settings.apiBaseUrl}.`;
    box.password = true;
    box.ignoreFocusOut = true;

    return new Promise<boolean>((resolve) => {
      let check: AbortController | undefined;
      const finish = (signedIn: boolean) => {
        check?.abort();
        box.dispose();
        resolve(signedIn);
      };
      box.onDidChangeValue(() => {
        box.validationMessage = undefined;
      });
      box.onDidHide(() => finish(false));
      box.onDidAccept(async () => {
        const token = box.value.trim();
        if (token === '') {
          box.validationMessage = 'Paste an API token to sign in.';
          return;
        }
        check?.abort();
        check = new AbortController();
        const thisCheck = check;
        box.busy = true;
        box.enabled = false;
        try {
          await deps.connection.clientFor(token, settings).listBatches({ limit: 1 }, thisCheck.signal);
          await deps.tokens.set(token);
          deps.log.info(`Signed in to ${settings.apiBaseUrl}.`);
          void vscode.window.showInformationMessage('Signed in to Cargo.');
          finish(true);
        } catch (error) {
          if (thisCheck.signal.aborted) return;
          box.validationMessage = describeSignInFailure(error, settings.apiBaseUrl);
          deps.log.warn(`Sign-in failed: ${box.validationMessage}`);
        } finally {
          box.busy = false;
          box.enabled = true;
        }
      });
      box.show();
    });
  };
}

function describeSignInFailure(error: unknown, apiBaseUrl: string): string {
  if (error instanceof CargoAuthError) return 'Cargo rejected this token. Check that it is a current API token of your workspace.';
  if (error instanceof CargoApiError) return `Could not check the token with ${apiBaseUrl}: ${error.message}`;
  return `Could not check the token: ${error instanceof Error ? error.message : String(error)}`;
}
