// The document a run-file command acts on: the URI it was given (CodeLens, editor title, explorer, a
// hover's link), else the active editor with its selection; and the edits those commands make to it.
import * as vscode from 'vscode';
import { errorText, notificationText } from '../../shared/text';
import { setWorkflowUuidEdits } from '../runFileEdits';
import { readRunInput, type TextSpan } from '../runInput';

const JSON_LANGUAGES: ReadonlySet<string> = new Set(['json', 'jsonc']);

export interface FileTarget {
  readonly document: vscode.TextDocument;
  /** What is selected in it, when the command came from its editor (palette, editor title). */
  readonly selection: TextSpan | undefined;
}

/** The document to act on; undefined (the person told why) when there is no JSON document to act on. */
export async function fileTarget(arg: unknown): Promise<FileTarget | undefined> {
  const editor = vscode.window.activeTextEditor;
  let document: vscode.TextDocument | undefined;
  // From a hover's command link the URI comes as its string.
  if (typeof arg === 'string' && /^[a-z][\w+.-]*:/i.test(arg)) arg = vscode.Uri.parse(arg);
  if (arg instanceof vscode.Uri) {
    document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === arg.toString());
    try {
      document ??= await vscode.workspace.openTextDocument(arg);
    } catch (error) {
      void vscode.window.showErrorMessage(notificationText(`Could not open ${arg.path}: ${errorText(error, 300)}`, 400));
      return undefined;
    }
  } else {
    document = editor?.document;
  }
  if (!document || !(JSON_LANGUAGES.has(document.languageId) || /\.jsonc?$/i.test(document.uri.path))) {
    void vscode.window.showWarningMessage('Open a JSON file to run: a run file (*.cargo-run.json), a JSON object (a record), or an array of objects.');
    return undefined;
  }
  // The selection counts when the command comes from that editor (palette, editor title), not from elsewhere.
  const fromEditor = editor && editor.document === document;
  const selected = fromEditor && !editor.selection.isEmpty ? editor.selection : undefined;
  const selection = selected
    ? { offset: document.offsetAt(selected.start), length: document.offsetAt(selected.end) - document.offsetAt(selected.start) }
    : undefined;
  return { document, selection };
}

/** The file's name, as messages name it. */
export function fileLabel(document: vscode.TextDocument): string {
  const path = document.uri.path;
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

/** The workflow a run file names, if it names one. */
export function runFileWorkflow(document: vscode.TextDocument): string | undefined {
  const input = readRunInput(document.getText(), { asRunFile: true }).input;
  return input?.kind === 'runFile' ? input.workflowUuid : undefined;
}

/** Writes workflowUuid into a run file as one undoable edit, keeping the user's formatting and comments. */
export async function writeWorkflowUuid(document: vscode.TextDocument, workflowUuid: string, workflowName: string | undefined): Promise<boolean> {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  const formatting = editor ? { insertSpaces: editor.options.insertSpaces !== false, tabSize: Number(editor.options.tabSize) || 2 } : undefined;
  const edits = setWorkflowUuidEdits(document.getText(), workflowUuid, formatting, workflowName);
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const edit of edits) {
    workspaceEdit.replace(document.uri, new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length)), edit.content);
  }
  return vscode.workspace.applyEdit(workspaceEdit);
}
