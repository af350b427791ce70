// Failures of runs started from a file, where the user works: one diagnostic ("Cargo") on that file,
// on the key the error names (else on what was sent), with a hover (node, error, input, computed
// config, actions) and code actions (open the failing execution, run the file again, copy the error).
// Cleared when a later run of the file succeeds, or when the user edits where it sits.
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { Run } from '../../api';
import { prettyJson } from '../../core/prettyJson';
import { COMMANDS, CONTEXT_KEYS } from '../../ids';
import { finalRun } from '../../runs/finalRun';
import type { FollowedRuns } from '../../runs/followedRuns';
import { runFailure, type RunFailure } from '../../runs/runFailure';
import type { WebAppLinks } from '../../runs/runLinks';
import type { StartedRun, StartedRuns } from '../../runs/startedRuns';
import { statusBarText } from '../../shared/text';
import { markReached } from '../../vscode/reached';
import { runDocumentUri } from '../../vscode/runUris';
import { locateFailure, nodeValuesAt } from '../failureSpot';
import { failureDiagnosticText, failureHoverMarkdown, type HoverCommand } from '../presentation';
import { movedDiagnostic, openDocument, rangeAfterEdits } from './fileDiagnostics';

const JSON_SELECTOR: vscode.DocumentSelector = [{ language: 'json' }, { language: 'jsonc' }];

interface ShownFailure {
  readonly run: Run;
  readonly failure: RunFailure;
  readonly diagnostic: vscode.Diagnostic;
  readonly input: unknown;
  readonly config: unknown;
}

export class RunFailureDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('Cargo');
  /** By document URI: the failure of the last run started from it. */
  private readonly shown = new Map<string, ShownFailure>();
  private readonly subscriptions: { dispose(): void }[];
  /** Runs being watched to their end ("Watch Run"). */
  private readonly watching = new Map<string, { dispose(): void }>();

  constructor(
    private readonly deps: {
      readonly started: StartedRuns;
      readonly runs: FollowedRuns;
      readonly links: WebAppLinks;
      readonly log: vscode.LogOutputChannel;
      readonly enabled: () => boolean;
    },
  ) {
    this.subscriptions = [
      deps.started.onDidFinish((run) => void this.finished(run)),
      vscode.workspace.onDidChangeTextDocument((event) => this.edited(event)),
      vscode.languages.registerHoverProvider(JSON_SELECTOR, { provideHover: (document, position) => this.hover(document, position) }),
      vscode.languages.registerCodeActionsProvider(JSON_SELECTOR, { provideCodeActions: (document, range) => this.codeActions(document, range) }),
    ];
  }

  /**
   * "Watch Run": follows a run to its end (as a panel would) and, if it fails, puts the failure on the
   * run's read-only document (cargo-run:) at the failed execution. Resolves once the run has ended.
   */
  async watch(runUuid: string, workflowUuid?: string): Promise<void> {
    if (this.watching.has(runUuid)) return;
    const handle = this.deps.runs.acquire(runUuid, workflowUuid);
    this.watching.set(runUuid, handle);
    handle.setSeen(true);
    try {
      await new Promise<void>((resolve) => {
        const check = () => {
          const state = handle.run.state;
          if (state.kind === 'failed' || (state.kind === 'loaded' && state.run.finished)) {
            subscription.dispose();
            resolve();
          }
        };
        // Released with the handle (the last watcher of a run disposes its listeners).
        const subscription = handle.run.onDidChange(check);
        check();
      });
      const loaded = handle.run.loaded;
      const failure = loaded ? runFailure(loaded.details.run) : undefined;
      const uri = runDocumentUri(runUuid);
      if (!loaded || !failure || !this.deps.enabled()) {
        vscode.window.setStatusBarMessage(
          loaded ? `Cargo: the watched run ended: ${statusBarText(loaded.details.run.status.raw, 40)}.` : 'Cargo: the watched run could not be loaded.',
          5000,
        );
        return;
      }
      const location = runDocumentLocation(runUuid, loaded.text, [
        ['run', 'executions', failure.index],
        ['run', 'errorMessage'],
      ]);
      const diagnostic = this.diagnostic(location?.range ?? new vscode.Range(0, 0, 0, 1), loaded.details.run, failure);
      this.collection.set(uri, [diagnostic]);
      markReached(CONTEXT_KEYS.runFailureShown);
      this.deps.log.info(`Watched run ${runUuid} failed: shown on its read-only document.`);
    } finally {
      this.watching.delete(runUuid);
      handle.dispose();
    }
  }

  /** The failure shown for a run, if one is (for the commands of hovers and code actions). */
  failureOfRun(runUuid: string): ShownFailure | undefined {
    return [...this.shown.values()].find((shown) => shown.run.uuid === runUuid);
  }

  /** The setting turned off: every diagnostic goes. */
  settingsChanged(): void {
    if (this.deps.enabled()) return;
    this.shown.clear();
    this.collection.clear();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    for (const handle of this.watching.values()) handle.dispose();
    this.watching.clear();
    this.collection.dispose();
    this.shown.clear();
  }

  private async finished({ entry, run }: StartedRun): Promise<void> {
    if (!run || !entry.documentUri || !this.deps.enabled()) return;
    const uri = vscode.Uri.parse(entry.documentUri);
    const failure = runFailure(run);
    if (!failure) {
      // A later run of the same file that worked: what failed before is no longer the news.
      if (run.status.known === 'success') this.clear(uri);
      return;
    }
    const document = await openDocument(uri);
    if (!document) return;
    const spot = locateFailure(document.getText(), [...(entry.inputPath ?? [])], failure.message);
    if (!spot) return;
    const loaded = await finalRun(this.deps.runs, run.uuid, run.workflowUuid);
    const range = new vscode.Range(document.positionAt(spot.span.offset), document.positionAt(spot.span.offset + spot.span.length));
    const related = loaded && failure.nodeSlug ? relatedLocation(run.uuid, loaded.text, failure.nodeSlug) : undefined;
    const diagnostic = this.diagnostic(range, run, failure, related);
    const values = loaded && failure.index >= 0 ? nodeValuesAt(loaded.details, failure.index) : { input: undefined, config: undefined };
    this.shown.set(uri.toString(), { run, failure, diagnostic, ...values });
    this.collection.set(uri, [diagnostic]);
    markReached(CONTEXT_KEYS.runFailureShown);
    this.deps.log.info(`Run ${run.uuid} failed: shown on ${uri.toString(true)} at line ${range.start.line + 1}${spot.key ? ` (key "${spot.key}")` : ''}.`);
  }

  /** The one diagnostic of a failed run, wherever it shows: on the file it was started from, or on its read-only document. */
  private diagnostic(range: vscode.Range, run: Run, failure: RunFailure, related?: vscode.Location): vscode.Diagnostic {
    const text = failureDiagnosticText(run, failure);
    const diagnostic = new vscode.Diagnostic(range, text.message, vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'Cargo';
    diagnostic.code = { value: text.code, target: vscode.Uri.parse(this.deps.links.run(run.workflowUuid, run.uuid)) };
    if (related) diagnostic.relatedInformation = [new vscode.DiagnosticRelatedInformation(related, text.related)];
    return diagnostic;
  }

  private clear(uri: vscode.Uri): void {
    if (!this.shown.delete(uri.toString())) return;
    this.collection.delete(uri);
  }

  /** An edit where the diagnostic sits clears it; lines added or removed above it move it along. */
  private edited(event: vscode.TextDocumentChangeEvent): void {
    const key = event.document.uri.toString();
    const shown = this.shown.get(key);
    if (!shown) return;
    const range = rangeAfterEdits(shown.diagnostic.range, event.contentChanges);
    if (!range) return this.clear(event.document.uri);
    if (range.isEqual(shown.diagnostic.range)) return;
    const moved = movedDiagnostic(shown.diagnostic, range);
    this.shown.set(key, { ...shown, diagnostic: moved });
    this.collection.set(event.document.uri, [moved]);
  }

  private hover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const shown = this.shown.get(document.uri.toString());
    if (!shown || !shown.diagnostic.range.contains(position)) return undefined;
    const markdown = new vscode.MarkdownString(failureHoverMarkdown(shown.failure, shown, this.commands(document, shown)));
    // Run data in it is escaped; only our own commands may run from its links.
    markdown.isTrusted = { enabledCommands: [COMMANDS.openFailingExecution, COMMANDS.runFile, COMMANDS.copyRunError, COMMANDS.compareWithLastSuccess] };
    markdown.supportHtml = false;
    return new vscode.Hover(markdown, shown.diagnostic.range);
  }

  private commands(document: vscode.TextDocument, shown: ShownFailure): HoverCommand[] {
    return [
      { title: 'Open Run', tooltip: 'Open the run at its failing step', command: COMMANDS.openFailingExecution, args: [shown.run.uuid, shown.failure.index] },
      { title: 'Re-run', tooltip: 'Run this file again', command: COMMANDS.runFile, args: [document.uri.toString(), { wholeFile: true }] },
      { title: 'Copy Error', tooltip: 'Copy the error message', command: COMMANDS.copyRunError, args: [shown.run.uuid] },
      { title: 'Compare', tooltip: 'Compare with the last successful run', command: COMMANDS.compareWithLastSuccess, args: [shown.run.uuid] },
    ];
  }

  private codeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const shown = this.shown.get(document.uri.toString());
    if (!shown || !shown.diagnostic.range.intersection(range)) return [];
    const action = (title: string, command: string, args: unknown[], preferred = false) => {
      const codeAction = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      codeAction.diagnostics = [shown.diagnostic];
      codeAction.command = { title, command, arguments: args };
      codeAction.isPreferred = preferred;
      return codeAction;
    };
    return [
      action('Open failing execution', COMMANDS.openFailingExecution, [shown.run.uuid, shown.failure.index], true),
      action('Re-run this file', COMMANDS.runFile, [document.uri, { wholeFile: true }]),
      action('Copy error', COMMANDS.copyRunError, [shown.run.uuid]),
      action('Compare with last success', COMMANDS.compareWithLastSuccess, [shown.run.uuid]),
    ];
  }
}

/** The failed node's entry in the run's read-only document (cargo-run:), as laid out there. */
function relatedLocation(runUuid: string, sentText: string, nodeSlug: string): vscode.Location | undefined {
  return runDocumentLocation(runUuid, sentText, [
    ['runComputedConfigs', nodeSlug],
    ['runContext', nodeSlug],
  ]);
}

/** The first of `paths` found in the run's read-only document (cargo-run:), as laid out there. */
function runDocumentLocation(runUuid: string, sentText: string, paths: readonly (string | number)[][]): vscode.Location | undefined {
  const text = prettyJson(sentText);
  const root = parseTree(text);
  if (!root) return undefined;
  const node = paths.map((path) => findNodeAtLocation(root, path)).find((found) => found !== undefined);
  if (!node) return undefined;
  const position = (offset: number) => {
    const before = text.slice(0, offset);
    return new vscode.Position(before.split('\n').length - 1, offset - (before.lastIndexOf('\n') + 1));
  };
  return new vscode.Location(runDocumentUri(runUuid), new vscode.Range(position(node.offset), position(node.offset + Math.min(node.length, 1))));
}
