// Retry Failed Runs, free of VS Code: where the runs restart (the node that failed, the start, or a node
// of the release picked by name), one confirmation naming how many and from where, then exactly one POST
// /orchestration/batches per chunk, each sent once and never again; a refusal in the user's words, a
// lost answer said as "may have started" with a way to look for the batch instead of sending it twice.
import { MAX_PAGE_SIZE, type Batch, type CargoClient, type CargoNode, type Run } from '../api';
import { noteFailure, type ClientSource } from '../core/clientSource';
import type { Log } from '../core/log';
import type { Prompts } from '../core/prompts';
import { errorText, notificationText } from '../shared/text';
import type { ReleaseNodesSource } from './releaseNodes';
import { classifyCreateFailure, LOOK_BACK_MS, type CreateFailure } from './runCreation';
import {
  nodeStartWords,
  RETRY_RUNS,
  retryBodies,
  retryConfirmation,
  retryCount,
  retryNodeItems,
  retryRefusalText,
  type RetryReset,
  type RetryTarget,
} from './retryRequests';

export interface RetryDeps {
  readonly clients: ClientSource;
  readonly prompts: Prompts;
  readonly releases: ReleaseNodesSource;
  readonly log: Pick<Log, 'info' | 'warn'>;
  /** Shows the batches Cargo created (or one found after a lost answer), and follows them to their end. */
  created(batches: readonly Batch[], count: number): void;
  signIn(): Promise<unknown>;
  showLog(): void;
}

/** Where the runs restart, as the person chose it, with the words the dialog says it in. */
export interface RetryStart {
  readonly reset: RetryReset;
  readonly words: string;
}

/** What came of a retry. */
export interface RetryOutcome {
  readonly created: readonly Batch[];
  /** The first request that did not create its batch (the rest were not sent). */
  readonly failure?: CreateFailure;
  readonly notSent: number;
}

const LOOK_FOR_IT = 'Look for It';
const SHOW_LOG = 'Show Log';
const SIGN_IN = 'Sign In Again';

/** The whole flow; resolves to undefined when the person stopped before anything was sent. */
export async function retryRuns(
  client: CargoClient,
  target: RetryTarget,
  deps: RetryDeps,
  options: { readonly start?: RetryStart; readonly now?: () => number } = {},
): Promise<RetryOutcome | undefined> {
  const now = options.now ?? Date.now;
  const count = retryCount(target);
  if (count === 0) {
    void deps.prompts.message('info', 'No failed runs to retry.');
    return undefined;
  }
  const start = options.start ?? (await chooseStart(client, target, deps));
  if (!start) return undefined;
  const bodies = retryBodies(target, start.reset);
  const confirmation = retryConfirmation(count, start.words, bodies.length);
  const answer = await deps.prompts.message('warning', confirmation.text, [RETRY_RUNS], { modal: true, detail: confirmation.detail });
  if (answer !== RETRY_RUNS) return undefined;

  const outcome = await deps.prompts.progress(`Retrying ${count === 1 ? 'a run' : `${count} runs`}…`, () => sendRetries(client, bodies, now));
  for (const batch of outcome.created) deps.log.info(`Retry of workflow ${target.workflowUuid}: created batch ${batch.uuid} (${start.words}).`);
  if (outcome.created.length > 0) deps.created(outcome.created, count);
  const failure = outcome.failure;
  if (!failure) return outcome;
  const notSent = outcome.notSent > 0 ? ` ${outcome.notSent} more ${outcome.notSent === 1 ? 'batch was' : 'batches were'} not sent.` : '';
  const before = outcome.created.length > 0 ? `${outcome.created.length} of ${bodies.length} batches were created. ` : '';
  if (failure.kind === 'refused') {
    deps.log.warn(`Cargo did not retry runs of workflow ${target.workflowUuid}: ${failure.detail}`);
    noteFailure(deps.clients, failure.error);
    const actions = [...(failure.signIn ? [SIGN_IN] : []), SHOW_LOG];
    const chosen = await deps.prompts.message('error', retryRefusalText(failure, before, notSent), actions);
    if (chosen === SIGN_IN) await deps.signIn();
    else if (chosen === SHOW_LOG) deps.showLog();
    return outcome;
  }
  deps.log.warn(`Retry of workflow ${target.workflowUuid}: no answer to POST /orchestration/batches (${failure.detail}). Not sent again.`);
  const text = `${before}${failure.message.replace(/the batch may or may not have started\.$/, 'the retry may have started.')} It was not sent again, so that the runs cannot run twice.${notSent} Look for it among the workflow’s newest batches?`;
  if ((await deps.prompts.message('warning', notificationText(text, 800), [LOOK_FOR_IT])) === LOOK_FOR_IT)
    await lookForRetry(client, target, failure.sentAt, deps);
  return outcome;
}

/** Sends each body once, in order; stops at the first that did not create its batch. Never throws, never retries. */
export async function sendRetries(
  client: CargoClient,
  bodies: readonly Parameters<CargoClient['createBatch']>[0][],
  now: () => number = Date.now,
): Promise<RetryOutcome> {
  const created: Batch[] = [];
  for (const [index, body] of bodies.entries()) {
    const sentAt = now();
    try {
      created.push(await client.createBatch(body));
    } catch (error) {
      return { created, failure: classifyCreateFailure(error, sentAt, 'batch'), notSent: bodies.length - index - 1 };
    }
  }
  return { created, notSent: 0 };
}

interface StartItem {
  readonly label: string;
  readonly description?: string;
  readonly start?: RetryStart;
}

/** Asks where the runs restart: the node that failed (first, the default), the start, or a node of the release by name. */
export async function chooseStart(
  client: CargoClient,
  target: RetryTarget,
  deps: Pick<RetryDeps, 'prompts' | 'releases' | 'clients'>,
): Promise<RetryStart | undefined> {
  const items: StartItem[] = [
    { label: 'From the node that failed', description: 'keeps what ran before it', start: { reset: { from: 'lastNode' }, words: 'from the node that failed' } },
    { label: 'From the start', description: 'runs every node again', start: { reset: { from: 'firstNode' }, words: 'from the start' } },
    ...(target.releaseUuid ? [{ label: 'From a node…', description: 'one of the release’s nodes, by name' }] : []),
  ];
  const picked = await deps.prompts.pick(items, { title: 'Retry: where should the runs start again?' });
  if (!picked) return undefined;
  if (picked.start) return picked.start;
  return chooseNode(client, target.releaseUuid as string, deps);
}

async function chooseNode(
  client: CargoClient,
  releaseUuid: string,
  deps: Pick<RetryDeps, 'prompts' | 'releases' | 'clients'>,
): Promise<RetryStart | undefined> {
  let nodes: readonly CargoNode[];
  try {
    nodes = await deps.prompts.progress('Reading the release’s nodes…', () => deps.releases.nodesOf(client, releaseUuid));
  } catch (error) {
    noteFailure(deps.clients, error);
    void deps.prompts.message('error', notificationText(`Could not read the release’s nodes: ${errorText(error, 400)}`, 500));
    return undefined;
  }
  const picked = await deps.prompts.pick(retryNodeItems(nodes), {
    title: 'Retry from which node?',
    placeHolder: 'The runs keep what ran before this node, and run it and what follows again',
  });
  if (!picked) return undefined;
  return { reset: { from: 'node', nodeUuid: picked.node.uuid }, words: nodeStartWords(picked.node) };
}

/** After a lost answer: the workflow's retries created since just before it (one request); the newest is shown. */
async function lookForRetry(client: CargoClient, target: RetryTarget, sentAt: number, deps: RetryDeps): Promise<void> {
  let found: Batch[];
  try {
    found = await deps.prompts.progress('Looking for the retry…', () => findRetriesSince(client, target.workflowUuid, sentAt));
  } catch (error) {
    noteFailure(deps.clients, error);
    void deps.prompts.message('error', notificationText(`Could not look for the retry: ${errorText(error, 400)}`, 500));
    return;
  }
  const newest = found[0];
  if (!newest) {
    void deps.prompts.message('info', 'No retry of these runs was created: it most likely did not start. Retry them again if it is still wanted.');
    return;
  }
  deps.created([newest], newest.runsCount);
}

/** Retry batches (`kind: "runs"`) of the workflow created since shortly before `sentAt`, newest first (one request). */
export async function findRetriesSince(client: CargoClient, workflowUuid: string, sentAt: number): Promise<Batch[]> {
  const batches = await client.listBatches({ workflowUuids: [workflowUuid], includedDataKinds: ['runs'], limit: 10 });
  return batches.filter((batch) => Date.parse(batch.createdAt) >= sentAt - LOOK_BACK_MS);
}

/** The retries of the workflow, newest first (one request), for finding a newer retry of a run. */
export function listRetries(client: CargoClient, workflowUuid: string): Promise<Batch[]> {
  return client.listBatches({ workflowUuids: [workflowUuid], includedDataKinds: ['runs'], limit: MAX_PAGE_SIZE });
}

/** Whether a retry batch (`kind: "runs"`) ran this run again: by its uuid, or by its batch and status. */
export function retriesRun(batch: Batch, run: Pick<Run, 'uuid' | 'batchUuid' | 'status'>): boolean {
  const filter = (batch.data as { filter?: unknown } | undefined)?.filter;
  if (batch.data?.kind.known !== 'runs' || typeof filter !== 'object' || filter === null) return false;
  const { uuids, batchUuid, statuses } = filter as { uuids?: unknown; batchUuid?: unknown; statuses?: unknown };
  if (Array.isArray(uuids)) return uuids.includes(run.uuid);
  if (typeof batchUuid !== 'string' || batchUuid !== run.batchUuid) return false;
  return !Array.isArray(statuses) || statuses.includes(run.status.raw);
}

/**
 * The newest retry of a run, created after it (one batches/list request: the workflow's retries, newest
 * first), and the run it made of the same record when asked (one more request, only then).
 */
export async function newerRetryOf(
  client: CargoClient,
  run: Pick<Run, 'uuid' | 'workflowUuid' | 'batchUuid' | 'status' | 'createdAt' | 'recordId'>,
): Promise<Batch | undefined> {
  const created = Date.parse(run.createdAt);
  return (await listRetries(client, run.workflowUuid)).find((batch) => Date.parse(batch.createdAt) > created && retriesRun(batch, run));
}

/** The run a retry made of a run's record (one request); undefined until Cargo has created it. */
export async function retriedRunOf(client: CargoClient, retry: Batch, run: Pick<Run, 'recordId'>): Promise<Run | undefined> {
  return (await client.listRuns({ batchUuid: retry.uuid, recordId: run.recordId, limit: 1 })).runs[0];
}
