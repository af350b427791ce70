// The two documents of a comparison (`cargo-compare:/<n>/baseline.txt` and `…/run.txt`), read-only, made
// once when the comparison is asked for and shown side by side in VS Code's diff editor. They are kept
// in memory for the last few comparisons only: a document reopened after that (or after a reload)
// says to compare again rather than fetch anything.
import * as vscode from 'vscode';
import { comparisonTitle } from '../presentation';
import { comparisonText, type FirstDifference } from '../../runs/comparisonText';
import type { RunPair } from '../../runs/runComparison';
import { SCHEMES } from '../../ids';

/** How many comparisons' documents are kept. */
const KEPT_COMPARISONS = 10;

export class ComparisonDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** Document URI → its text, oldest first. */
  private readonly texts = new Map<string, string>();
  private count = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This comparison is no longer open. Run Compare with Last Success (or Compare with…) again.\n';
  }

  /** Opens the diff editor of the pair (the baseline on the left, the run on the right); the first node where they differ. */
  async show(pair: RunPair): Promise<FirstDifference | undefined> {
    const text = comparisonText(pair.baseline, pair.run);
    const id = ++this.count;
    const left = vscode.Uri.from({ scheme: SCHEMES.comparison, path: `/${id}/baseline.txt` });
    const right = vscode.Uri.from({ scheme: SCHEMES.comparison, path: `/${id}/run.txt` });
    this.keep(left, text.left);
    this.keep(right, text.right);
    const title = comparisonTitle(pair.baseline.run, pair.run.run);
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: false });
    return text.first;
  }

  private keep(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    while (this.texts.size > KEPT_COMPARISONS * 2) this.texts.delete(this.texts.keys().next().value as string);
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}
