import * as vscode from 'vscode';
import { problemWithBaseUrl } from '../settings';
import { readSettings } from './settings';
import type { CargoConnection } from './connection';
import { explainNoClient } from './requireClient';
import { describeSignInFailure, problemWithToken } from '../signInMessages';
import { demoSignInText, demoToken } from '../demoToken';

/**
 * The sign-in box: asks for an API token and checks it with one cheap call; resolves to the token Cargo
 * accepted (the authentication provider stores it), or undefined when the user gave up. The box stays
 * open with the typed token and the reason when the check fails, so nothing the user pasted is lost. A
 * token that cannot be one is refused before anything is sent; the check is made once, without retries.
 */
export function askForToken(deps: { connection: CargoConnection; log: vscode.LogOutputChannel }) {
  return async (): Promise<string | undefined> => {
    const settings = readSettings();
    const problem = problemWithBaseUrl(settings.apiBaseUrl);
    if (problem) {
      await explainNoClient({ kind: 'misconfigured', message: problem });
      return undefined;
    }

    const box = vscode.window.createInputBox();
    box.title = 'Cargo: Sign In';
    box.placeholder = 'Paste your Cargo API token';
    box.prompt = `Create one in Cargo under Settings › API tokens. It is kept in VS Code's secret storage and sent only to ${settings.apiBaseUrl}.`;
    box.password = true;
    box.ignoreFocusOut = true;
    const demo = demoToken();
    if (demo) Object.assign(box, demoSignInText(demo, settings.apiBaseUrl));

    return new Promise<string | undefined>((resolve) => {
      let check: AbortController | undefined;
      const finish = (accepted: string | undefined) => {
        // Resolved first: disposing the box hides it, and hiding it finishes with nothing.
        resolve(accepted);
        check?.abort();
        box.dispose();
      };
      // What cannot be a token says so as it is pasted; the check with Cargo waits for Enter.
      box.onDidChangeValue((value) => {
        box.validationMessage = value.trim() === '' ? undefined : problemWithToken(value);
      });
      box.onDidHide(() => finish(undefined));
      box.onDidAccept(async () => {
        const unusable = problemWithToken(box.value);
        if (unusable) {
          box.validationMessage = unusable;
          deps.log.warn(`Sign-in refused before any request: ${unusable}`);
          return;
        }
        const token = box.value.trim();
        check?.abort();
        check = new AbortController();
        const thisCheck = check;
        box.busy = true;
        box.enabled = false;
        try {
          await deps.connection.clientForCheck(token, settings).listBatches({ limit: 1 }, thisCheck.signal);
          finish(token);
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
