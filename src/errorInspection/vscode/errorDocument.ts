// "Show Error" on a failed execution: a read-only document with its whole error, its input and its
// computed config (cargo-error:/<run uuid>/<execution index>/<node slug>.txt), read from the run model.
import * as vscode from 'vscode';
import type { RunDetails } from '../../api';
import { SCHEMES } from '../../ids';
import { finalRun } from '../../runs/finalRun';
import type { FollowedRuns } from '../../runs/followedRuns';
import { runUuidIn } from '../../runs/runLinks';
import { nodeValuesAt } from '../failureSpot';
import { errorDocumentText } from '../presentation';

export function errorDocumentUri(runUuid: string, index: number, nodeSlug: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEMES.errorDocument, path: `/${runUuid}/${index}/${encodeURIComponent(nodeSlug)}.txt` });
}

export class ErrorDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly runs: FollowedRuns) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const [, runPart = '', indexPart = ''] = uri.path.split('/');
    const runUuid = runUuidIn(runPart);
    const index = Number(indexPart);
    if (!runUuid || !Number.isSafeInteger(index) || index < 0) return 'This is not an execution of a Cargo run.';
    const loaded = await finalRun(this.runs, runUuid);
    return loaded ? documentText(loaded.details, index) : 'The run could not be loaded: the reason is in the log (Cargo: Show Log).';
  }
}

function documentText(details: RunDetails, index: number): string {
  const execution = details.run.executions[index];
  if (!execution) return `Run ${details.run.uuid} has no execution ${index + 1}.`;
  const node = (details.run.nodes ?? []).find((n) => n.uuid === execution.nodeUuid);
  return errorDocumentText({
    runUuid: details.run.uuid,
    nodeSlug: execution.nodeSlug,
    nodeName: node?.name ?? undefined,
    message: execution.errorMessage ?? details.run.errorMessage ?? 'Cargo gave no error message.',
    ...nodeValuesAt(details, index),
  });
}
