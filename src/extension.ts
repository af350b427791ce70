// Composition root: builds the long-lived objects, hands each what it needs and registers everything.
// Only registration happens here; work starts when the user opens the view or runs a command.
import * as vscode from 'vscode';
import { TokenStore } from './auth/tokenStore';
import { signIn } from './commands/signIn';
import { signOut } from './commands/signOut';
import { onSettingsChanged, readSettings } from './config';
import { CargoConnection } from './connection';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Cargo', { log: true });
  const tokens = new TokenStore(context.secrets, () => readSettings().apiBaseUrl);
  const connection = new CargoConnection(tokens, log);

  context.subscriptions.push(
    log,
    tokens,
    onSettingsChanged(() => void tokens.baseUrlChanged()),
    vscode.commands.registerCommand('cargo.signIn', signIn({ connection, tokens, log })),
    vscode.commands.registerCommand('cargo.signOut', signOut({ tokens, log })),
    vscode.commands.registerCommand('cargo.showLog', () => log.show()),
  );

  void tokens.refreshContext();
}

export function deactivate(): void {}
