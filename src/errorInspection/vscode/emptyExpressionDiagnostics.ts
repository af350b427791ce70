// Expressions that came out empty in a run started from a file, where the user works: a warning
// ("Cargo") on each key of the file's data such an expression read, with the expression and its node in
// the hover. The run as it ended (one GET /runs/{uuid}, shared with whatever follows it) and its
// release's nodes (asked once per release). Cleared when a later run of the file has no empty
// expression, or when the user edits where it sits.
import * as vscode from 'vscode';
import type { ClientSource } from '../../core/clientSource';
import { COMMANDS } from '../../ids';
import { finalRun } from '../../runs/finalRun';
import type { FollowedRuns } from '../../runs/followedRuns';
import { runExpressions, runNodes } from '../../runs/nodeExpressions';
import type { ReleaseNodesSource } from '../../runs/releaseNodes';
import type { StartedRun, StartedRuns } from '../../runs/startedRuns';
import { errorText } from '../../shared/text';
import { emptyExpressionHoverMarkdown, emptyExpressionMessage, emptyExpressionSpots, type EmptyExpressionSpot } from '../emptyExpressions';
import { movedDiagnostic, openDocument, rangeAfterEdits } from './fileDiagnostics';

const JSON_SELECTOR: vscode.DocumentSelector = [{ language: 'json' }, { language: 'jsonc' }];

interface Shown {
  readonly runUuid: string;
  readonly spots: readonly { readonly spot: EmptyExpressionSpot; diagnostic: vscode.Diagnostic }[];
}

export class EmptyExpressionDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('Cargo expressions');
  /** By document URI: the empty expressions of the last run started from it. */
  private readonly shown = new Map<string, Shown>();
  private readonly subscriptions: { dispose(): void }[];

  constructor(
    private readonly deps: {
      readonly started: StartedRuns;
      readonly runs: FollowedRuns;
      readonly clients: ClientSource;
      readonly releases: ReleaseNodesSource;
      readonly log: vscode.LogOutputChannel;
      readonly enabled: () => boolean;
    },
  ) {
    this.subscriptions = [
      deps.started.onDidFinish((run) => void this.finished(run)),
      vscode.workspace.onDidChangeTextDocument((event) => this.edited(event)),
      vscode.languages.registerHoverProvider(JSON_SELECTOR, { provideHover: (document, position) => this.hover(document, position) }),
    ];
  }

  /** The setting turned off: every diagnostic goes. */
  settingsChanged(): void {
    if (this.deps.enabled()) return;
    this.shown.clear();
    this.collection.clear();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
    this.shown.clear();
  }

  private async finished({ entry, run }: StartedRun): Promise<void> {
    if (!run || !entry.documentUri || !this.deps.enabled()) return;
    const uri = vscode.Uri.parse(entry.documentUri);
    try {
      const loaded = await finalRun(this.deps.runs, run.uuid, run.workflowUuid);
      const state = await this.deps.clients.current();
      if (!loaded || state.kind !== 'ready') return;
      const { details } = loaded;
      const found = runExpressions(details.run, details.runComputedConfigs, await runNodes(details.run, state.client, this.deps.releases));
      const document = found.emptyCount > 0 ? await openDocument(uri) : undefined;
      const startSlug = details.run.executions[0]?.nodeSlug ?? 'start';
      const spots = document ? emptyExpressionSpots(document.getText(), [...(entry.inputPath ?? [])], found, startSlug) : [];
      if (spots.length === 0 || !document) return this.clear(uri);
      const shown = spots.map((spot) => {
        const range = new vscode.Range(document.positionAt(spot.span.offset), document.positionAt(spot.span.offset + spot.span.length));
        const diagnostic = new vscode.Diagnostic(range, emptyExpressionMessage(spot), vscode.DiagnosticSeverity.Warning);
        diagnostic.source = 'Cargo';
        return { spot, diagnostic };
      });
      this.shown.set(uri.toString(), { runUuid: run.uuid, spots: shown });
      this.collection.set(
        uri,
        shown.map((entry) => entry.diagnostic),
      );
      this.deps.log.info(`Run ${run.uuid}: ${found.emptyCount} empty expression(s), shown on ${spots.length} key(s) of ${uri.toString(true)}.`);
    } catch (error) {
      this.deps.log.warn(`Run ${run.uuid}: its expressions could not be checked: ${errorText(error, 300)}`);
    }
  }

  private clear(uri: vscode.Uri): void {
    if (!this.shown.delete(uri.toString())) return;
    this.collection.delete(uri);
  }

  /** An edit where a warning sits clears the file's warnings (its data changed: the run no longer says how it reads); lines above move them along. */
  private edited(event: vscode.TextDocumentChangeEvent): void {
    const key = event.document.uri.toString();
    const shown = this.shown.get(key);
    if (!shown) return;
    const moved = shown.spots.map((entry) => ({ entry, range: rangeAfterEdits(entry.diagnostic.range, event.contentChanges) }));
    if (moved.some(({ range }) => !range)) return this.clear(event.document.uri);
    if (moved.every(({ entry, range }) => range!.isEqual(entry.diagnostic.range))) return;
    const spots = moved.map(({ entry, range }) => ({ spot: entry.spot, diagnostic: movedDiagnostic(entry.diagnostic, range!) }));
    this.shown.set(key, { ...shown, spots });
    this.collection.set(
      event.document.uri,
      spots.map((entry) => entry.diagnostic),
    );
  }

  private hover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const shown = this.shown.get(document.uri.toString());
    const entry = shown?.spots.find((candidate) => candidate.diagnostic.range.contains(position));
    if (!shown || !entry) return undefined;
    const open = { title: 'Open Run', tooltip: "Open the run's panel", command: COMMANDS.openRunByUuid, args: [shown.runUuid] };
    const markdown = new vscode.MarkdownString(emptyExpressionHoverMarkdown(entry.spot, [open]));
    // Run data in it is escaped; only our own command may run from its link.
    markdown.isTrusted = { enabledCommands: [COMMANDS.openRunByUuid] };
    markdown.supportHtml = false;
    return new vscode.Hover(markdown, entry.diagnostic.range);
  }
}
