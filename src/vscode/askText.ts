// An input box that keeps what was typed: a problem shows under the box as you type and again on
// Enter, and the box stays open, with the text, until it is usable or the person closes it. The
// judging is a pure function of the feature's (tested in test/unit/badInput.test.ts).
import * as vscode from 'vscode';
import { notificationText } from '../shared/text';

export interface AskTextOptions {
  readonly title: string;
  readonly prompt: string;
  readonly placeholder?: string;
  readonly value?: string;
  /** Why the text cannot be used, or undefined when it can. Empty text is judged only on Enter. */
  readonly problem: (value: string) => string | undefined;
}

/** The accepted text, or undefined when the box was closed without it. */
export function askText(options: AskTextOptions): Promise<string | undefined> {
  const box = vscode.window.createInputBox();
  box.title = options.title;
  box.prompt = options.prompt;
  box.placeholder = options.placeholder;
  box.value = options.value ?? '';
  box.ignoreFocusOut = true;
  // Input-box messages render links: the problem (which may quote a host typed) is made inert.
  const judge = (value: string) => {
    const problem = options.problem(value);
    return problem === undefined ? undefined : notificationText(problem, 300);
  };
  return new Promise((resolve) => {
    let accepted: string | undefined;
    box.onDidChangeValue((value) => {
      box.validationMessage = value.trim() === '' ? undefined : judge(value);
    });
    box.onDidAccept(() => {
      const problem = judge(box.value);
      if (problem !== undefined) {
        box.validationMessage = problem;
        return;
      }
      accepted = box.value;
      box.hide();
    });
    box.onDidHide(() => {
      box.dispose();
      resolve(accepted);
    });
    box.show();
  });
}
