// The errors the Cargo client throws. Every one is a CargoApiError with the endpoint it concerns;
// messages are written for the user. None carries the API token, request headers or raw
// request/response objects (no `cause` from fetch), so any of them can be logged or shown as is.

import { formatDuration } from '../shared/format';

export interface CargoErrorDetails {
  /** HTTP status, when Cargo answered. */
  status?: number;
  /** Cargo's machine-readable reason (camelCase), when the body had one. */
  reason?: string;
  /** Cargo's own explanation, already sanitised for display. */
  serverMessage?: string;
}

export class CargoApiError extends Error {
  // Spelled out in every class: minified bundles rename classes, and logs should not say 'a'.
  override name = 'CargoApiError';
  /** e.g. 'GET /orchestration/batches/list'. */
  readonly endpoint: string;
  readonly status?: number;
  readonly reason?: string;
  readonly serverMessage?: string;

  constructor(endpoint: string, message: string, details: CargoErrorDetails = {}) {
    super(message);
    this.endpoint = endpoint;
    if (details.status !== undefined) this.status = details.status;
    if (details.reason !== undefined) this.reason = details.reason;
    if (details.serverMessage !== undefined) this.serverMessage = details.serverMessage;
  }
}

const sentence = (text: string) => (/[.!?…]$/.test(text) ? text : `${text}.`);
const withServer = (text: string, details: CargoErrorDetails) => sentence(details.serverMessage ? `${text}: ${details.serverMessage}` : text);
const httpLabel = (details: CargoErrorDetails) => `HTTP ${details.status ?? '?'}${details.reason ? `, ${details.reason}` : ''}`;

/** 401/403, or a token that cannot be sent at all. */
export class CargoAuthError extends CargoApiError {
  override name = 'CargoAuthError';
  constructor(endpoint: string, details: CargoErrorDetails = {}, message?: string) {
    super(endpoint, message ?? `Cargo rejected the API token (${httpLabel(details)}). Sign in again with a current token.`, details);
  }
}

export class CargoNotFoundError extends CargoApiError {
  override name = 'CargoNotFoundError';
  constructor(endpoint: string, details: CargoErrorDetails = {}) {
    super(endpoint, withServer(`Cargo did not find it (${httpLabel(details)})`, details), details);
  }
}

export class CargoRateLimitError extends CargoApiError {
  override name = 'CargoRateLimitError';
  /** How long Cargo asked us to wait (Retry-After), when it said. */
  readonly retryAfterMs?: number;

  constructor(endpoint: string, details: CargoErrorDetails & { retryAfterMs?: number } = {}) {
    const wait = details.retryAfterMs !== undefined ? ` Try again in ${formatDuration(details.retryAfterMs)}.` : ' Try again shortly.';
    super(endpoint, `${withServer(`Cargo is receiving too many requests (${httpLabel(details)})`, details)}${wait}`, details);
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }
}

export class CargoServerError extends CargoApiError {
  override name = 'CargoServerError';
  constructor(endpoint: string, details: CargoErrorDetails = {}) {
    super(endpoint, `${withServer(`Cargo had a problem answering (${httpLabel(details)})`, details)} Try again later.`, details);
  }
}

/** Any other refusal (4xx), or a call the client refused to send (no status). */
export class CargoRequestError extends CargoApiError {
  override name = 'CargoRequestError';
  constructor(endpoint: string, details: CargoErrorDetails = {}, message?: string) {
    super(endpoint, message ?? withServer(`Cargo refused the request (${httpLabel(details)})`, details), details);
  }
}

const MAYBE_DONE = ' It may have been carried out anyway: check before trying again.';

/** No (complete) response: connection refused or reset, DNS failure, body cut short. */
export class CargoNetworkError extends CargoApiError {
  override name = 'CargoNetworkError';
  /** A short system code such as 'ECONNREFUSED' or 'UND_ERR_SOCKET', when known. */
  readonly code?: string;
  /** The call changes something (create, cancel) and may have been carried out. */
  readonly mayHaveSucceeded: boolean;

  constructor(endpoint: string, options: { code?: string; mayHaveSucceeded?: boolean } = {}, message?: string) {
    const base = message ?? `Could not reach Cargo${options.code ? ` (${options.code})` : ''}. Check the network connection and the setting cargo.apiBaseUrl.`;
    super(endpoint, options.mayHaveSucceeded ? `${base}${MAYBE_DONE}` : base);
    if (options.code !== undefined) this.code = options.code;
    this.mayHaveSucceeded = options.mayHaveSucceeded ?? false;
  }
}

/** One attempt took longer than the client's timeout. Distinct from a cancellation by the caller. */
export class CargoTimeoutError extends CargoNetworkError {
  override name = 'CargoTimeoutError';
  readonly timeoutMs: number;

  constructor(endpoint: string, timeoutMs: number, options: { mayHaveSucceeded?: boolean } = {}) {
    super(endpoint, options, `Cargo did not answer within ${formatDuration(timeoutMs)}.`);
    this.timeoutMs = timeoutMs;
  }
}

export interface SchemaIssue {
  /** e.g. 'batches[3].uuid' ('' for the whole body). */
  path: string;
  /** e.g. 'expected string, received number', or 'missing (expected string)'. Never quotes the value itself. */
  problem: string;
}

/** A 2xx answer that is not JSON or does not have the shape the extension relies on. */
export class CargoSchemaError extends CargoApiError {
  override name = 'CargoSchemaError';
  readonly issues: readonly SchemaIssue[];

  constructor(endpoint: string, issues: readonly SchemaIssue[], details: CargoErrorDetails = {}) {
    const shown = issues.slice(0, 3).map((i) => (i.path ? `${i.path}: ${i.problem}` : i.problem));
    const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
    super(endpoint, `${endpoint} returned an unexpected response: ${shown.join('; ')}${more}`, details);
    this.issues = issues;
  }
}

/** The caller's AbortSignal fired. Not a failure: callers usually ignore it (see isCancellation). */
export class CargoCancelledError extends CargoApiError {
  override name = 'CargoCancelledError';
  constructor(endpoint: string) {
    super(endpoint, 'The request to Cargo was cancelled.');
  }
}

/** True for a cancellation by the caller, ours or a standard AbortError; false for a timeout. */
export function isCancellation(error: unknown): boolean {
  return error instanceof CargoCancelledError || (error instanceof Error && error.name === 'AbortError');
}
