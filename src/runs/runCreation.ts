// Creating runs, free of VS Code. Creating anything in Cargo (a run, a batch) is not idempotent: each
// body is sent at most once, never retried, and an answer that does not say for sure that nothing was
// created is reported as "may or may not have started", with a way to look for it instead of sending
// it again. One rule for every create: classifyCreateFailure.
import {
  CargoApiError,
  CargoAuthError,
  CargoNetworkError,
  CargoNotFoundError,
  CargoRateLimitError,
  CargoSchemaError,
  CargoServerError,
  isCancellation,
  type CargoClient,
  type CreateRunBody,
  type Run,
} from '../api';
import { errorText } from '../shared/text';

/** A create that did not come back with what it created. */
export type CreateFailure =
  /** Cargo answered that it did not create it: `message` in the user's words, `detail` what Cargo said (for the log). */
  | {
      readonly kind: 'refused';
      readonly reason: string | undefined;
      readonly message: string;
      readonly detail: string;
      readonly signIn: boolean;
      readonly error: unknown;
    }
  /** No answer that says: it may or may not exist. `sentAt` (Date.now()) bounds where to look for it. */
  | { readonly kind: 'uncertain'; readonly message: string; readonly detail: string; readonly sentAt: number };

export type StartOutcome = { readonly kind: 'started'; readonly run: Run } | CreateFailure;

/** What was created: a run, or a batch of runs (a retry of a batch's failures). */
export type Created = 'run' | 'batch';

/** Sends one POST /runs and says what came of it. Never throws, never retries. */
export async function startRun(client: CargoClient, body: CreateRunBody, signal?: AbortSignal, now: () => number = Date.now): Promise<StartOutcome> {
  const sentAt = now();
  try {
    return { kind: 'started', run: await client.createRun(body, signal) };
  } catch (error) {
    return classifyCreateFailure(error, sentAt);
  }
}

/**
 * What a failed create means, for a run or a batch alike. Only an answer that says nothing was created
 * is "not started": a 4xx (Cargo's refusal, a refused token, too many requests), or a connection that
 * was refused before anything was sent. Every 5xx, whatever its body (Cargo may have created it and
 * failed after, or a gateway timed out while Cargo went on), a lost or unreadable answer and a
 * cancellation after sending are "may or may not have started".
 */
export function classifyCreateFailure(error: unknown, sentAt: number, created: Created = 'run'): CreateFailure {
  const detail = errorText(error, 1000);
  const maybe = `the ${created} may or may not have started.`;
  if (isCancellation(error)) return { kind: 'uncertain', message: `The request was cancelled after it was sent: ${maybe}`, detail, sentAt };
  if (error instanceof CargoNetworkError) {
    if (!error.mayHaveSucceeded)
      return { kind: 'refused', reason: undefined, message: `The ${created} was not started: ${error.message}`, detail, signIn: false, error };
    const what = error.name === 'CargoTimeoutError' ? 'Cargo did not answer in time' : 'The connection to Cargo was lost before it answered';
    return { kind: 'uncertain', message: `${what}: ${maybe}`, detail, sentAt };
  }
  if (error instanceof CargoSchemaError) {
    return { kind: 'uncertain', message: `Cargo answered, but not in a form the extension can read: the ${created} has probably started.`, detail, sentAt };
  }
  if (error instanceof CargoServerError) {
    const status = error.status === undefined ? 'with a server error' : `HTTP ${error.status}`;
    const said = error.serverMessage ? ` (${error.serverMessage.replace(/[.!?…]+$/, '')})` : error.reason ? '' : ', from a gateway rather than Cargo';
    return { kind: 'uncertain', message: `Cargo answered ${status}${said}: ${maybe}`, detail, sentAt };
  }
  const reason = error instanceof CargoApiError ? error.reason : undefined;
  return { kind: 'refused', reason, message: refusalMessage(error, created), detail, signIn: error instanceof CargoAuthError, error };
}

/** Cargo's refusal of a run (or batch), in the user's words (Cargo's own message goes to the log). */
export function refusalMessage(error: unknown, created: Created = 'run'): string {
  if (error instanceof CargoAuthError) return 'Cargo rejected the API token. Sign in again, then run it again.';
  const reason = error instanceof CargoApiError ? error.reason : undefined;
  switch (reason) {
    case 'notEnoughCredits':
      return 'Not enough credits: the workspace has no credits left for this run. Add credits in Cargo, then run it again.';
    case 'concurrencyLimitReached':
      return 'Too many runs are going at once in this workspace (concurrency limit). Run it again when some have finished.';
    case 'playNotCompatible':
      return 'The workflow is a play: plays run on segments, not single records. Choose a tool’s workflow.';
    case 'workflowNotFound':
      return 'Cargo has no workflow with this uuid in the workspace. Check workflowUuid, or choose the workflow again.';
    case 'invalidData':
      return withCargoSays('Cargo refused the data: the workflow’s start node cannot take it', error);
    case 'invalidReleaseOrCustomNodes':
      return 'The release is not one of this workflow’s. Choose another with “Run Against Release…”, or remove releaseUuid to use the deployed one.';
    case 'rootNodeNotFound':
    case 'nodesNotFound':
      return 'The workflow’s release has no start node, or nodes it refers to are missing. Check the workflow in Cargo.';
    case 'failedToStart':
      return 'Cargo could not start the run. Try again later.';
    default:
      return `The ${created} was not started: ${errorText(error, 300)}`;
  }
}

function withCargoSays(text: string, error: unknown): string {
  const said = error instanceof CargoApiError ? error.serverMessage : undefined;
  return said ? `${text}: ${said}` : `${text}.`;
}

/** How far before the request a run found by "Look for it" may have been created (clocks differ). */
export const LOOK_BACK_MS = 2 * 60_000;

/** Runs of the workflow created since shortly before `sentAt`, newest first (one request). */
export async function findRunsStartedSince(client: CargoClient, workflowUuid: string, sentAt: number, signal?: AbortSignal): Promise<Run[]> {
  const page = await client.listRuns({ workflowUuid, createdAfter: new Date(sentAt - LOOK_BACK_MS).toISOString(), limit: 20 }, signal);
  return page.runs;
}

// ---- many records, one run each -------------------------------------------------------------------

export interface RunRequest {
  readonly body: CreateRunBody;
  /** What the user knows it by, e.g. "item 2 (Acme)". */
  readonly label: string;
}

export interface ManyOutcome {
  readonly request: RunRequest;
  /** undefined: not sent (stopped before it). */
  readonly outcome: StartOutcome | undefined;
}

/** Refusals that the next request would meet too: the rest is not sent. */
const STOPS_THE_REST: ReadonlySet<string> = new Set([
  'notEnoughCredits',
  'concurrencyLimitReached',
  'workflowNotFound',
  'playNotCompatible',
  'invalidReleaseOrCustomNodes',
]);

/** Failures that are not about the record sent: the rest would meet them too. */
const STOPPING_ERRORS = [CargoNetworkError, CargoNotFoundError, CargoRateLimitError, CargoServerError];

/**
 * One run per request, one request at a time, each sent at most once. Stops early (the rest not
 * sent) when asked to, an uncertain outcome, a refused token, a refusal the rest would meet too, or
 * Cargo unreachable, without the endpoint or workflow (404), overloaded (429) or failing (5xx).
 */
export async function startRuns(
  client: CargoClient,
  requests: readonly RunRequest[],
  options: { shouldStop?: () => boolean; onProgress?: (done: number, total: number) => void; now?: () => number } = {},
): Promise<ManyOutcome[]> {
  const results: ManyOutcome[] = [];
  let stopped = false;
  for (const request of requests) {
    // A stop is checked between requests, never by abandoning one in flight (that would leave it uncertain).
    if (stopped || options.shouldStop?.()) {
      results.push({ request, outcome: undefined });
      continue;
    }
    const outcome = await startRun(client, request.body, undefined, options.now);
    results.push({ request, outcome });
    options.onProgress?.(results.length, requests.length);
    if (outcome.kind === 'uncertain') stopped = true;
    if (outcome.kind === 'refused' && (outcome.signIn || (outcome.reason !== undefined && STOPS_THE_REST.has(outcome.reason)))) stopped = true;
    // Cargo could not be reached (nothing was sent), has no such endpoint or workflow (404), is overloaded (429)
    // or failing (5xx): the next request would meet the same, and sending it anyway would only add to the load.
    if (outcome.kind === 'refused' && STOPPING_ERRORS.some((type) => outcome.error instanceof type)) stopped = true;
  }
  return results;
}

export interface ManySummary {
  readonly started: number;
  /** Refused by Cargo. */
  readonly refused: number;
  /** Not started because Cargo could not be reached (nothing was sent). */
  readonly unreachable: number;
  readonly uncertain: number;
  readonly notSent: number;
  /** One sentence for a notification. */
  readonly text: string;
  /** One line per request, for the log. */
  readonly lines: readonly string[];
}

export function summarizeMany(results: readonly ManyOutcome[]): ManySummary {
  const count = (kind: StartOutcome['kind'] | undefined) => results.filter((r) => r.outcome?.kind === kind).length;
  const started = count('started');
  const notReached = results.flatMap((r) => (r.outcome?.kind === 'refused' && r.outcome.error instanceof CargoNetworkError ? [r.outcome.error] : []));
  const unreachable = notReached.length;
  const refused = count('refused') - unreachable;
  const uncertain = count('uncertain');
  const notSent = count(undefined);
  const parts = [`Started ${started} of ${results.length} ${results.length === 1 ? 'run' : 'runs'}.`];
  const reasons = [
    ...new Set(results.flatMap((r) => (r.outcome?.kind === 'refused' && !(r.outcome.error instanceof CargoNetworkError) ? [shortReason(r.outcome)] : []))),
  ];
  if (refused > 0) parts.push(`Cargo refused ${refused} (${reasons.slice(0, 3).join('; ')}${reasons.length > 3 ? '; …' : ''}).`);
  // Not Cargo's refusal: it was not reached. What the user can do about it is in the error's message.
  if (unreachable > 0) parts.push(`${unreachable} not started: ${errorText(notReached[0], 300)}`);
  if (uncertain > 0) parts.push(`${uncertain} may or may not have started.`);
  if (notSent > 0) parts.push(`${notSent} not sent.`);
  const lines = results.map(({ request, outcome }) => {
    if (!outcome) return `${request.label}: not sent`;
    switch (outcome.kind) {
      case 'started':
        return `${request.label}: started run ${outcome.run.uuid}`;
      case 'refused':
        return `${request.label}: refused: ${outcome.message} (${outcome.detail})`;
      case 'uncertain':
        return `${request.label}: may or may not have started: ${outcome.message} (${outcome.detail})`;
    }
  });
  return { started, refused, unreachable, uncertain, notSent, text: parts.join(' '), lines };
}

/** The gist of a refusal: "Not enough credits", "Cargo is receiving too many requests" (not "The run was not started"). */
function shortReason(outcome: Extract<StartOutcome, { kind: 'refused' }>): string {
  const text = outcome.message.replace(/^The run was not started: /, '');
  const gist = (/^[^:.(]*/.exec(text)?.[0] ?? text).trim();
  return gist.length > 0 ? gist : (outcome.reason ?? 'refused');
}
