// The run layer's Prompts answered with VS Code's windows: notifications (or modal dialogs), progress
// notifications (cancellable when asked), quick picks.
import * as vscode from 'vscode';
import type { PickItem, Progress, Prompts, Severity } from '../core/prompts';

/** Looked up at each call, as every other notification of the extension is. */
function notify(severity: Severity): typeof vscode.window.showInformationMessage {
  switch (severity) {
    case 'info':
      return vscode.window.showInformationMessage;
    case 'warning':
      return vscode.window.showWarningMessage;
    case 'error':
      return vscode.window.showErrorMessage;
  }
}

export const vscodePrompts: Prompts = {
  message(severity, text, actions = [], options = {}) {
    const show = notify(severity);
    return Promise.resolve(
      options.modal ? show(text, { modal: true, ...(options.detail ? { detail: options.detail } : {}) }, ...actions) : show(text, ...actions),
    );
  },

  progress(title, work, options = {}) {
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: options.cancellable === true }, (report, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        const progress: Progress = {
          report: (message, increment) => report.report({ message, ...(increment !== undefined ? { increment } : {}) }),
          get cancelled() {
            return token.isCancellationRequested;
          },
          signal: controller.signal,
        };
        return work(progress).finally(() => subscription.dispose());
      }),
    );
  },

  pick<T extends PickItem>(items: readonly T[], options: { readonly title: string; readonly placeHolder?: string }) {
    return Promise.resolve(
      vscode.window.showQuickPick([...items], { title: options.title, ...(options.placeHolder ? { placeHolder: options.placeHolder } : {}) }),
    );
  },
};
