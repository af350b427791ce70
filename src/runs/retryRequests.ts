// What a retry of failed runs sends, free of VS Code and of the person: the POST /orchestration/batches
// bodies of `kind: "runs"` (a whole batch's failures by batch and status, a group or a selection by run
// uuid, in the fewest requests Cargo takes), where the runs restart, and what Cargo's refusal of one
// means in the user's words.
import { CargoApiError, CargoAuthError, type CargoNode, type CreateBatchBody } from '../api';
import { MAX_RETRY_RUN_UUIDS } from '../api/limits';
import { pluralInFull } from '../shared/format';
import { notificationText, quickPickText } from '../shared/text';
import { nodeLabel } from './labels';
import type { CreateFailure } from './runCreation';
import { refusalMessage } from './runCreation';

/** Where the retried runs start again (Cargo's `reset`). */
export type RetryReset = { readonly from: 'lastNode' } | { readonly from: 'firstNode' } | { readonly from: 'node'; readonly nodeUuid: string };

/** Which runs a retry names (Cargo's RunsFilter). */
export type RetryFilter =
  { readonly kind: 'runs'; readonly batchUuid: string; readonly statuses: readonly ['error'] } | { readonly kind: 'runs'; readonly uuids: readonly string[] };

/** What is retried: the failed runs of a batch, or some runs by uuid (a failure group, a selection, one run). */
export interface RetryTarget {
  readonly workflowUuid: string;
  /** The release the runs ran (a retry runs the same one); none: the deployed release. */
  readonly releaseUuid: string | null | undefined;
  readonly runs:
    { readonly kind: 'batch'; readonly batchUuid: string; readonly failedCount: number } | { readonly kind: 'uuids'; readonly uuids: readonly string[] };
}

/** How many runs a retry runs again. */
export function retryCount(target: RetryTarget): number {
  return target.runs.kind === 'batch' ? target.runs.failedCount : new Set(target.runs.uuids).size;
}

/** The bodies to send, one POST each: one for a batch, uuids in chunks of MAX_RETRY_RUN_UUIDS (the fewest). */
export function retryBodies(target: RetryTarget, reset: RetryReset): CreateBatchBody[] {
  const filters: RetryFilter[] = [];
  if (target.runs.kind === 'batch') filters.push({ kind: 'runs', batchUuid: target.runs.batchUuid, statuses: ['error'] });
  else {
    const uuids = [...new Set(target.runs.uuids)];
    for (let start = 0; start < uuids.length; start += MAX_RETRY_RUN_UUIDS)
      filters.push({ kind: 'runs', uuids: uuids.slice(start, start + MAX_RETRY_RUN_UUIDS) });
  }
  return filters.map((filter) => ({
    workflowUuid: target.workflowUuid,
    ...(target.releaseUuid ? { releaseUuid: target.releaseUuid } : {}),
    data: { kind: 'runs', filter, reset },
  }));
}

/** What the person confirms. */
export const RETRY_RUNS = 'Retry Runs';

/** The one confirmation: how many runs, from where, in how many batches, and that it may use credits. */
export function retryConfirmation(count: number, fromWords: string, batches: number): { text: string; detail: string } {
  const split = batches > 1 ? ` Cargo takes at most ${MAX_RETRY_RUN_UUIDS} runs by name at once: they are sent in ${batches} batches.` : '';
  return {
    text: `Retry ${pluralInFull(count, 'run')} ${fromWords}?`,
    detail: `This creates ${batches > 1 ? `${batches} new batches` : 'a new batch'} in Cargo and may use credits.${split}`,
  };
}

/** The refusal as a notification shows it: what came before it (chunks created) and after (not sent) around it. */
export function retryRefusalText(failure: Extract<CreateFailure, { kind: 'refused' }>, before = '', after = ''): string {
  return notificationText(`${before}${retryRefusalMessage(failure)}${after}`, 800);
}

/** Cargo's refusal of a retry, in the user's words (Cargo's own message goes to the log). */
export function retryRefusalMessage(failure: Extract<CreateFailure, { kind: 'refused' }>): string {
  const error = failure.error;
  if (error instanceof CargoAuthError) return 'Cargo rejected the API token. Sign in again, then retry the runs.';
  switch (failure.reason) {
    case 'invalidDataKind':
      return 'Cargo cannot retry the runs of a play’s batch: only a tool’s runs can be run again from where they failed. Run the play again in Cargo instead.';
    case 'notEnoughCredits':
      return 'Not enough credits: the workspace has no credits left to retry these runs. Add credits in Cargo, then retry them.';
    case 'dataError': {
      const said = error instanceof CargoApiError && error.serverMessage ? ` (Cargo says: ${error.serverMessage})` : '';
      return `Cargo found no runs to retry among those asked for: they may have been deleted, or be running again already${said}.`;
    }
    case 'invalidReleaseOrCustomNodes':
      return 'The release these runs ran is no longer one of the workflow’s: Cargo cannot retry them on it.';
    case 'workflowNotFound':
      return 'Cargo no longer has the workflow of these runs in the workspace.';
    default:
      return refusalMessage(error, 'batch');
  }
}

/** The release's nodes as the "From a node…" pick lists them: by name, the slug beside it. */
export function retryNodeItems(nodes: readonly CargoNode[]): { label: string; description: string; node: CargoNode }[] {
  return nodes.map((node) => ({ label: quickPickText(nodeLabel(node), 100), description: quickPickText(node.slug, 60), node }));
}

/** A restart from a node, as the confirmation says it: from “Enrich contact (clearbit_enrich)”. */
export function nodeStartWords(node: Pick<CargoNode, 'name' | 'slug'>): string {
  return `from “${notificationText(nodeLabel(node), 80)}”`;
}
