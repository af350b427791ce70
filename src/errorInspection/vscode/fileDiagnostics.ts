// Diagnostics on the file a run was started from: the file (open or not), and where a diagnostic stands
// after the file is edited (an edit where it sits, or on its line, clears it; lines added or removed
// above it move it along).
import * as vscode from 'vscode';

/** The range after `changes`, or undefined when an edit touched it. */
export function rangeAfterEdits(range: vscode.Range, changes: readonly vscode.TextDocumentContentChangeEvent[]): vscode.Range | undefined {
  let moved = range;
  for (const change of changes) {
    if (change.range.intersection(moved) !== undefined || change.range.end.line === moved.start.line) return undefined;
    if (change.range.start.isAfter(moved.end)) continue;
    const lines = change.text.split('\n').length - 1 - (change.range.end.line - change.range.start.line);
    moved = new vscode.Range(moved.start.translate(lines), moved.end.translate(lines));
  }
  return moved;
}

/** A copy of the diagnostic at another range. */
export function movedDiagnostic(diagnostic: vscode.Diagnostic, range: vscode.Range): vscode.Diagnostic {
  const moved = new vscode.Diagnostic(range, diagnostic.message, diagnostic.severity);
  moved.source = diagnostic.source;
  moved.code = diagnostic.code;
  moved.relatedInformation = diagnostic.relatedInformation;
  return moved;
}

/** The file a run was started from, open in an editor or read from disk; undefined when it is gone (or an untitled one closed). */
export async function openDocument(uri: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) return open;
  if (uri.scheme === 'untitled') return undefined;
  try {
    return await vscode.workspace.openTextDocument(uri);
  } catch {
    return undefined;
  }
}
