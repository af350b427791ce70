// The faults of issue 13's matrix, one row each, shared by the endpoint matrix and the feature matrix:
// how to switch the fault on for one request path, and what a call meets then. A new fault is one row.
import assert from 'node:assert/strict';
import { parseFaultRule, type Simulator } from '../../simulator';
import { CargoClient, type CargoClientOptions } from '../../../src/api/client';
import {
  CargoAuthError,
  CargoNetworkError,
  CargoNotFoundError,
  CargoRateLimitError,
  CargoSchemaError,
  CargoServerError,
  CargoTimeoutError,
  type CargoApiError,
} from '../../../src/api/errors';

export type ErrorType = abstract new (...args: never[]) => CargoApiError;

/** What one call meets while the fault is on. */
export type Outcome =
  | { readonly kind: 'ok'; readonly slow?: boolean }
  | {
      readonly kind: 'error';
      readonly type: ErrorType;
      /** A read sends it again by itself: once (the matrix's client retries once; a second timeout ends a call). */
      readonly retried: boolean;
      /** What the message must say (one of the things a user can act on, or what went wrong). */
      readonly says: RegExp;
    };

export interface FaultRow {
  readonly name: string;
  /** The simulator's fault spec (applied by a rule to one method and path); absent: the server is down. */
  readonly spec?: string;
  /** The server is down: connections are refused (nothing reaches the request log). */
  readonly down?: true;
  /** The request is carried out before its answer goes wrong (a POST /runs creates its run). */
  readonly handled: boolean;
  /** Per attempt, when it must be short (a hang); otherwise the matrix's default. */
  readonly timeoutMs?: number;
  /** The client's retries for reads, when not the matrix's one (a hang: the extension's default, 3, to show a second timeout ends the call). */
  readonly maxRetries?: number;
  /** What a read meets. */
  readonly read: Outcome;
  /** What a call that changes something meets, when it differs from a read (never retried, in any case). */
  readonly change?: Outcome;
  /** What a call whose answer is empty (the cancels) meets, when it differs. */
  readonly emptyAnswer?: Outcome;
}

const OK: Outcome = { kind: 'ok' };
const error = (type: ErrorType, retried: boolean, says: RegExp): Outcome => ({ kind: 'error', type, retried, says });

export const LATENCY_MS = 5000;
export const HANG_TIMEOUT_MS = 300;

const TRY_AGAIN = /[Tt]ry again/;
const SIGN_IN = /Sign in again/;
const UNEXPECTED = /returned an unexpected response: /;
const MAY_BE_DONE = /may have been carried out anyway: check before trying again/;

export const FAULTS: readonly FaultRow[] = [
  { name: `latency ${LATENCY_MS / 1000} s`, spec: `latency=${LATENCY_MS}`, handled: true, read: { kind: 'ok', slow: true } },
  {
    name: 'hang past the timeout',
    spec: 'hang',
    handled: false,
    timeoutMs: HANG_TIMEOUT_MS,
    maxRetries: 3,
    read: error(CargoTimeoutError, true, /did not answer within 300 ms/),
    change: error(CargoTimeoutError, false, MAY_BE_DONE),
  },
  { name: '401', spec: 'status=401', handled: false, read: error(CargoAuthError, false, SIGN_IN) },
  { name: '403', spec: 'status=403', handled: false, read: error(CargoAuthError, false, SIGN_IN) },
  { name: '404', spec: 'status=404', handled: false, read: error(CargoNotFoundError, false, /did not find/) },
  { name: '429 with Retry-After', spec: 'status=429;retry-after=1', handled: false, read: error(CargoRateLimitError, true, /Try again in 1 s/) },
  { name: '429 without Retry-After', spec: 'status=429', handled: false, read: error(CargoRateLimitError, true, /Try again shortly/) },
  { name: '500', spec: 'status=500', handled: false, read: error(CargoServerError, true, TRY_AGAIN) },
  { name: '502', spec: 'status=502', handled: false, read: error(CargoServerError, true, TRY_AGAIN) },
  { name: '503', spec: 'status=503', handled: false, read: error(CargoServerError, true, TRY_AGAIN) },
  { name: 'HTML error page', spec: 'html=502', handled: false, read: error(CargoServerError, true, /HTTP 502\)\. Try again later/) },
  { name: 'malformed JSON', spec: 'malformed', handled: true, read: error(CargoSchemaError, false, /the body is not JSON/) },
  {
    name: 'truncated body',
    spec: 'truncated',
    handled: true,
    read: error(CargoNetworkError, true, /broke off before the whole response arrived/),
    change: error(CargoNetworkError, false, MAY_BE_DONE),
  },
  {
    name: 'empty 200',
    spec: 'empty',
    handled: true,
    read: error(CargoSchemaError, false, /the body is empty/),
    emptyAnswer: OK,
  },
  { name: 'unknown enum values', spec: 'drift=unknownEnum', handled: true, read: OK },
  { name: 'missing required field', spec: 'drift=missingField', handled: true, read: error(CargoSchemaError, false, UNEXPECTED), emptyAnswer: OK },
  { name: 'field of the wrong type', spec: 'drift=wrongType', handled: true, read: error(CargoSchemaError, false, UNEXPECTED), emptyAnswer: OK },
  {
    name: 'connection refused',
    down: true,
    handled: false,
    read: error(CargoNetworkError, true, /Could not reach Cargo \(ECONNREFUSED\)\. Check the network connection/),
  },
];

/** Switches the fault on for requests (of `method`, when given) to exactly `path`, or to paths `path` matches, (e.g. '/v1/orchestration/runs'); returns how to switch it off. */
export async function switchOn(sim: Simulator, fault: FaultRow, method: string | undefined, path: string | RegExp): Promise<() => Promise<void>> {
  if (fault.down) {
    await sim.stop();
    await untilRefused(sim);
    return () => sim.start();
  }
  const source = typeof path === 'string' ? `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$` : path.source;
  sim.addFault(parseFaultRule(`${fault.spec}${method ? `;method=${method}` : ''};path=${source}`));
  return () => {
    sim.clearFaults();
    return Promise.resolve();
  };
}

/**
 * Until a connection to the stopped simulator is refused. Right after stop() the process's connection pool
 * may still hold a kept-alive connection, and a request sent on it breaks off (UND_ERR_SOCKET) instead:
 * a server that has been down for a while, as a person meets it, refuses. Probes are control calls.
 */
async function untilRefused(sim: Simulator): Promise<void> {
  for (let probe = 0; probe < 20; probe++) {
    const code = await fetch(`${sim.origin}/__sim/health`).then(
      () => 'answered',
      (error: unknown) => (error as { cause?: { code?: string } }).cause?.code,
    );
    if (code === 'ECONNREFUSED') return;
  }
  assert.fail('the stopped simulator should refuse connections');
}

/**
 * Text a user reads: one line, not empty, not too long, with no HTML, stack trace, token or
 * programmer's placeholder in it.
 */
export function assertClearText(text: string, token: string, where: string): void {
  assert.ok(text.trim().length > 0, `${where}: says something`);
  assert.ok(text.length <= 600, `${where}: at most 600 characters (${text.length}): ${text}`);
  assert.doesNotMatch(text, /[\r\n]/, `${where}: one line`);
  assert.doesNotMatch(text, /<\/?(html|head|body|h1|center|hr|title)\b|nginx|<!doctype/i, `${where}: no HTML: ${text}`);
  assert.doesNotMatch(text, /\bat \S+ \(|\.[jt]s:\d+|Error: /, `${where}: no stack trace: ${text}`);
  assert.doesNotMatch(text, /\bundefined\b|\[object Object\]|\bNaN\b|\bnull\b/, `${where}: no placeholder: ${text}`);
  assert.ok(!text.includes(token), `${where}: no token`);
}

/** Per attempt, for every fault but the hang: above the 5 s latency, so that one succeeds slowly. */
export const DEFAULT_TIMEOUT_MS = 8000;

/** The client of a cell: the fault's timeout and retries (else one retry for reads), a short back-off. */
export function matrixClient(sim: Simulator, token: string, fault: FaultRow, onRequest?: () => void): CargoClient {
  return new CargoClient(matrixClientOptions(sim, token, fault, onRequest));
}

/** The options matrixClient builds its client with (for a client with more than the CargoClient's calls). */
export function matrixClientOptions(sim: Simulator, token: string, fault: FaultRow, onRequest?: () => void): CargoClientOptions {
  return {
    baseUrl: sim.url,
    token,
    timeoutMs: fault.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: fault.maxRetries ?? 1,
    retryBaseDelayMs: 10,
    maxRetryDelayMs: 20,
    ...(onRequest ? { onRequest } : {}),
  };
}

/** Run with --test-name-pattern (or --test-only): not every cell is meant to run. */
export const FILTERED = process.execArgv.some((arg) => arg.startsWith('--test-name-pattern') || arg.startsWith('--test-only'));

/** Collects the process's unhandled rejections from now on, until stop(). */
export function watchUnhandledRejections(): { readonly seen: readonly unknown[]; stop(): void } {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', listener);
  return { seen, stop: () => process.off('unhandledRejection', listener) };
}
