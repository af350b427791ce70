// Keeps one run panel per run uuid (opening a run that is open reveals its panel), brings the panels
// of the last session back after a window reload, and is how every feature opens a run (RunOpener)
// and what a command run from a panel acts on (its run).
import * as vscode from 'vscode';
import type { Batch, Run } from '../../api';
import type { CommandTarget, TargetSource } from '../../runs/commandTarget';
import type { FollowedRuns } from '../../runs/followedRuns';
import type { OpenRunOptions, RunOpener } from '../../runs/runOpener';
import { WEBVIEWS } from '../../ids';
import { runLocatorOfState, runUuidOfState, type RunLocator } from '../../shared/protocol';
import { isRun } from '../../runs/runLoad';
import { initialPanelTitle, panelTitles, titleFactsOf } from '../panelTitles';
import { runPanelWebviewOptions } from './panelHtml';
import { RunPanel, type RunPanelDeps } from './runPanel';

export class RunPanelManager implements RunOpener, TargetSource, vscode.Disposable {
  private readonly panels = new Map<string, RunPanel>();

  constructor(
    private readonly runs: FollowedRuns,
    private readonly deps: RunPanelDeps,
  ) {}

  /**
   * `known` (the run as the caller has it: a row of the tree, a run being followed) titles the panel
   * and is known ahead while the whole run (with its context) is fetched. `beside`: next to the
   * editor, which keeps the focus (a run started from a file opens so); `execution`: the index of an
   * execution to bring into view, marked.
   */
  open(runUuid: string, options: OpenRunOptions = {}): void {
    const open = this.panels.get(runUuid);
    if (open) {
      open.reveal();
      if (options.execution !== undefined) open.revealExecution(options.execution);
      return;
    }
    const openedAt = performance.now();
    const known = options.known?.uuid === runUuid ? options.known : undefined;
    const webviewPanel = vscode.window.createWebviewPanel(
      WEBVIEWS.runPanel,
      initialPanelTitle(runUuid, known),
      options.beside ? { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true } : vscode.ViewColumn.Active,
      runPanelWebviewOptions(this.deps.extensionUri),
    );
    const panel = this.adopt(webviewPanel, runUuid, openedAt, known);
    if (options.execution !== undefined) panel.revealExecution(options.execution);
  }

  /**
   * A button in a panel's title bar (editor/title) is invoked with the panel's resource, a
   * `webview-panel:` URI, and one in its header with the panel itself: the command acts on that
   * panel's run, whatever is selected elsewhere.
   */
  targetOf(arg: unknown): CommandTarget | undefined {
    if (arg instanceof RunPanel) return arg.target;
    return isWebviewPanelResource(arg) ? this.selected() : undefined;
  }

  /** The run of the active panel, if a run panel is the active editor. */
  selected(): CommandTarget | undefined {
    return [...this.panels.values()].find((candidate) => candidate.active)?.target;
  }

  /** Restores a panel of the last session (VS Code keeps them across window reloads; activation registers the serializer). */
  restore(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const openedAt = performance.now();
    const runUuid = runUuidOfState(state);
    if (!runUuid || this.panels.has(runUuid)) webviewPanel.dispose();
    // Where the run is listed, as the panel saved it: its header shows before its context has arrived.
    else this.adopt(webviewPanel, runUuid, openedAt, runLocatorOfState(state));
    return Promise.resolve();
  }

  private adopt(webviewPanel: vscode.WebviewPanel, runUuid: string, openedAt: number, known?: Run | RunLocator): RunPanel {
    const handle = this.runs.acquire(runUuid, known?.workflowUuid, known);
    const facts = known && isRun(known) ? titleFactsOf(known) : undefined;
    // Constructing the panel may show its run at once (the run is followed already), which titles the panels.
    let adopted = false;
    const panel: RunPanel = new RunPanel(webviewPanel, handle, this.deps, openedAt, facts, {
      titleChanged: () => {
        if (adopted) this.retitle();
      },
      open: (uuid, options) => this.open(uuid, options),
      disposed: () => {
        if (this.panels.get(runUuid) !== panel) return;
        this.panels.delete(runUuid);
        this.retitle();
      },
    });
    this.panels.set(runUuid, panel);
    adopted = true;
    this.retitle();
    return panel;
  }

  /** Retries just started from VS Code: the open panels of runs they take say so (no request). */
  retriesCreated(batches: readonly Batch[]): void {
    for (const panel of this.panels.values()) panel.retriesCreated(batches);
  }

  /** Every panel's title: its run's, and where two show runs of the same record, told apart. */
  private retitle(): void {
    // A panel with nothing known of its run yet keeps the title it has ("Run 3f2c9a1e", or the one restored).
    const titled = [...this.panels.values()].flatMap((panel) => {
      const facts = panel.titleFacts;
      return facts ? [{ panel, facts }] : [];
    });
    const titles = panelTitles(titled.map(({ facts }) => facts));
    titled.forEach(({ panel }, i) => {
      const title = titles[i];
      if (title) panel.title = title;
    });
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }
}

/** What VS Code passes to an editor/title command of a webview panel (the active one). */
export function isWebviewPanelResource(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && (arg as { scheme?: unknown }).scheme === 'webview-panel';
}
