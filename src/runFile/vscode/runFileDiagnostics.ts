// Problems found in a file the user tried to run, in the Problems panel at their exact range. They
// appear when the user runs the file (a run file is also checked by its JSON schema as they type),
// then follow the user's edits until the file is fixed or closed. What VS Code's JSON language
// service reports itself (syntax errors, repeated keys) is not reported twice (problemsShown.ts).
import * as vscode from 'vscode';
import { COMMANDS } from '../../ids';
import { problemsToShow } from '../problemsShown';
import { readRunInput, type RunInputProblem, type TextSpan } from '../runInput';

/** How the file was read when it was run: edits are read the same way. */
export interface ReadOptions {
  readonly asRunFile: boolean;
  readonly selection?: TextSpan;
}

const RECHECK_DELAY_MS = 300;

export class RunFileDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('cargo-run-file');
  private readonly watched = new Map<string, { options: ReadOptions; timer?: ReturnType<typeof setTimeout> }>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((event) => this.changed(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.clear(document.uri)),
      vscode.languages.registerCodeActionsProvider([{ language: 'json' }, { language: 'jsonc' }], new MissingWorkflowFix(), {
        providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
      }),
    ];
  }

  /** Shows what reading the document found (nothing: clears it), and keeps it current while it has problems. */
  show(document: vscode.TextDocument, problems: readonly RunInputProblem[], options: ReadOptions): void {
    const key = document.uri.toString();
    const previous = this.watched.get(key);
    if (previous?.timer) clearTimeout(previous.timer);
    if (problems.length === 0) {
      this.clear(document.uri);
      return;
    }
    this.watched.set(key, { options });
    const shown = problemsToShow(problems, { jsonServiceValidates: jsonServiceValidates(document), selection: options.selection !== undefined });
    this.collection.set(
      document.uri,
      shown.map((problem) => toDiagnostic(document, problem)),
    );
  }

  clear(uri: vscode.Uri): void {
    const key = uri.toString();
    const entry = this.watched.get(key);
    if (entry?.timer) clearTimeout(entry.timer);
    this.watched.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const { timer } of this.watched.values()) if (timer) clearTimeout(timer);
    this.watched.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }

  private changed(document: vscode.TextDocument): void {
    const entry = this.watched.get(document.uri.toString());
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      if (document.isClosed) return this.clear(document.uri);
      // A selection's offsets do not survive edits: what was selected is read no more; the file is as a whole.
      const options: ReadOptions = { asRunFile: entry.options.asRunFile };
      this.show(document, readRunInput(document.getText(), options).problems, options);
    }, RECHECK_DELAY_MS);
  }
}

/** Whether VS Code's own JSON language service validates the document: its language, its setting, the built-in extension. */
function jsonServiceValidates(document: vscode.TextDocument): boolean {
  if (document.languageId !== 'json' && document.languageId !== 'jsonc') return false;
  if (!vscode.extensions.getExtension('vscode.json-language-features')) return false;
  return vscode.workspace.getConfiguration('json', document).get<boolean>('validate.enable', true);
}

function toDiagnostic(document: vscode.TextDocument, problem: RunInputProblem): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(problem.span.offset), document.positionAt(problem.span.offset + problem.span.length));
  const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
  diagnostic.source = 'Cargo';
  diagnostic.code = problem.code;
  return diagnostic;
}

/** "Choose Workflow…" on a run file that lacks its workflowUuid: pick one by name, inserted as one undoable edit. */
class MissingWorkflowFix implements vscode.CodeActionProvider {
  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const missing = context.diagnostics.find((d) => d.source === 'Cargo' && d.code === 'missingWorkflowUuid');
    if (!missing) return [];
    const action = new vscode.CodeAction('Choose the workflow and insert its uuid…', vscode.CodeActionKind.QuickFix);
    action.diagnostics = [missing];
    action.isPreferred = true;
    action.command = { command: COMMANDS.chooseWorkflow, title: 'Choose Workflow…', arguments: [document.uri] };
    return [action];
  }
}
