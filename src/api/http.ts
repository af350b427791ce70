// The HTTP side of the Cargo client: one attempt over ofetch, the retry loop with back-off and
// Retry-After, timeouts and cancellation, and the mapping of every failure to a typed error (an
// answer's body and status are read in httpResponse.ts).
// Fetch-based (no Node-only imports) so it runs wherever the extension host has a global fetch.
//
// Failure policy:
// - Reads (GET and POST …/list) are retried on network errors, timeouts, a body cut short and on
//   408/429/500/502/503/504, with exponential back-off and jitter, or after exactly the
//   Retry-After Cargo sent. A Retry-After longer than maxRetryAfterMs is not waited out: the
//   CargoRateLimitError (with retryAfterMs) goes to the caller, whose poller can wait instead.
//   A second timeout ends the call whatever maxRetries says: each costs the whole timeout, and a
//   Cargo that did not answer twice is not answering (a view would otherwise wait minutes to say so).
// - Calls that change something (create run, create batch, cancel batch, cancel runs) get exactly one attempt.
// - A complete 2xx body that is not JSON, or not the expected shape, is a CargoSchemaError and is
//   not retried: the same request would get the same answer. A body cut short (the connection
//   closed before Content-Length bytes) is a CargoNetworkError, retried for reads like a reset.
// - Redirects are never followed, so the token never leaves baseUrl's origin.
import { ofetch } from 'ofetch';
import type * as z from 'zod/mini';
import { CargoApiError, CargoAuthError, CargoCancelledError, CargoNetworkError, CargoRequestError, CargoTimeoutError } from './errors';
import { BodyText } from './bodyText';
import { carriesTokenSafely } from './baseUrl';
import { errorFor, parseRetryAfter, parseSuccess, readBody, type BodyReading } from './httpResponse';

export interface CargoRequestInfo {
  method: string;
  /** Below the base URL, without the query, e.g. '/orchestration/batches/list'. */
  path: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** Absent when no response arrived. */
  status?: number;
  durationMs: number;
}

export interface HttpOptions {
  baseUrl: string;
  token: string;
  timeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  maxRetryAfterMs: number;
  headers: Record<string, string>;
  onRequest?: (info: CargoRequestInfo) => void;
}

/** A request, and how its answer's body is read (see BodyReading). */
export interface CallSpec<S extends z.ZodMiniType> extends BodyReading<S> {
  method: 'GET' | 'POST';
  /** Below the base URL, starting with '/'. */
  path: string;
  /** Already serialised query string, '' or starting with '?'. */
  query?: string;
  body?: unknown;
  /** Reads are retried; calls that change something are never. */
  retryable: boolean;
}

const RETRY_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
/** Timeouts one call may meet: the second ends it (see the policy above). */
const MAX_TIMEOUTS = 2;
/** A body this long is parsed in a task of its own, after the one that received its end. */
const YIELD_BEFORE_PARSE_CHARS = 1024 * 1024;
/** Codes that mean the request never left: nothing can have been carried out. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Visible ASCII: what an HTTP header value can carry without being mangled or refused. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

type Attempt = { kind: 'response'; status: number; headers: Headers; body: BodyText } | { kind: 'failed'; error: CargoApiError; retryable: boolean };

export class CargoHttp {
  private readonly origin: string;
  private readonly base: string;

  constructor(private readonly options: HttpOptions) {
    const url = new URL(options.baseUrl.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('The Cargo API base URL must be an http(s) URL.');
    // The connection refuses such a URL first, with a message for the user; this is the last guard.
    if (!carriesTokenSafely(url))
      throw new TypeError('The Cargo API base URL must use https (plain http only to 127.0.0.1/localhost): the token would travel unencrypted.');
    if (url.username || url.password) throw new TypeError('The Cargo API base URL must not contain credentials.');
    url.search = '';
    url.hash = '';
    this.origin = url.origin;
    this.base = url.href.replace(/\/+$/, '');
  }

  async call<S extends z.ZodMiniType>(spec: CallSpec<S>, signal?: AbortSignal): Promise<z.output<S>> {
    return (await this.callWithText(spec, signal)).data;
  }

  /**
   * Like call(), with the body as received too (for showing a response exactly as Cargo sent it): in the
   * pieces it arrived in when read as a stream (onBody), joined only when its whole text is asked for.
   */
  async callWithText<S extends z.ZodMiniType>(spec: CallSpec<S>, signal?: AbortSignal): Promise<{ data: z.output<S>; body: BodyText }> {
    const endpoint = `${spec.method} ${spec.path}`;
    if (signal?.aborted) throw new CargoCancelledError(endpoint);
    if (!HEADER_SAFE.test(this.options.token)) {
      throw new CargoAuthError(
        endpoint,
        {},
        'The stored API token contains spaces, line breaks or other characters a token cannot have. Sign in again with a current token.',
      );
    }
    const url = `${this.base}${spec.path}${spec.query ?? ''}`;
    if (new URL(url).origin !== this.origin) throw new CargoRequestError(endpoint, {}, `Refusing to send the API token outside ${this.origin}.`);

    const attempts = spec.retryable ? Math.max(0, this.options.maxRetries) + 1 : 1;
    let timeouts = 0;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(spec, url, endpoint, attempt, signal);
      let error: CargoApiError;
      let waitMs: number | undefined;
      if (outcome.kind === 'response') {
        if (outcome.status >= 200 && outcome.status < 300) {
          // Receiving megabytes of body and parsing them are two long steps: others run in between.
          if (outcome.body.length >= YIELD_BEFORE_PARSE_CHARS) await new Promise((resolve) => setTimeout(resolve, 0));
          return { data: parseSuccess(spec, endpoint, outcome.status, outcome.body), body: outcome.body };
        }
        error = errorFor(endpoint, outcome.status, outcome.headers, outcome.body.toString(), {
          base: this.base,
          origin: this.origin,
          token: this.options.token,
        });
        if (!RETRY_STATUSES.has(outcome.status)) throw error;
        const retryAfterMs = parseRetryAfter(outcome.headers.get('retry-after'));
        if (retryAfterMs !== undefined) {
          if (retryAfterMs > this.options.maxRetryAfterMs) throw error;
          waitMs = retryAfterMs;
        }
      } else {
        if (!outcome.retryable) throw outcome.error;
        error = outcome.error;
        if (error instanceof CargoTimeoutError && ++timeouts >= MAX_TIMEOUTS) throw error;
      }
      if (!spec.retryable || attempt >= attempts) throw error;
      await sleep(waitMs ?? this.backoff(attempt), signal, endpoint);
    }
  }

  /** Exponential with "equal jitter": between half and all of base·2^(n-1), capped. */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.options.maxRetryDelayMs, this.options.retryBaseDelayMs * 2 ** (attempt - 1));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  private async attempt<S extends z.ZodMiniType>(
    spec: CallSpec<S>,
    url: string,
    endpoint: string,
    attempt: number,
    signal: AbortSignal | undefined,
  ): Promise<Attempt> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const attemptSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const started = performance.now();
    let status: number | undefined;
    let phase: 'connect' | 'body' = 'connect';
    const changes = !spec.retryable;
    try {
      const response = await ofetch.raw(url, {
        method: spec.method,
        headers: this.headers(),
        body: spec.body as Record<string, unknown> | undefined,
        signal: attemptSignal,
        redirect: 'manual',
        retry: 0,
        ignoreResponseError: true,
        // 'stream' leaves the body unread, so a failure while reading it is told apart from one
        // before the status line (and the status is logged either way).
        responseType: 'stream',
      });
      status = response.status;
      phase = 'body';
      const ok = response.status >= 200 && response.status < 300;
      const body = spec.onBody && ok && response.body ? await readBody(response, response.body, attempt, spec.onBody) : BodyText.of(await response.text());
      return { kind: 'response', status: response.status, headers: response.headers, body };
    } catch (cause) {
      // The cause is dropped on purpose: fetch and ofetch errors can carry the request options,
      // headers included. Only a short system code survives.
      if (signal?.aborted) throw new CargoCancelledError(endpoint);
      if (timeout.aborted)
        return { kind: 'failed', retryable: true, error: new CargoTimeoutError(endpoint, this.options.timeoutMs, { mayHaveSucceeded: changes }) };
      const code = systemCode(cause);
      const mayHaveSucceeded = changes && (phase === 'body' || code === undefined || !NOT_SENT_CODES.has(code));
      const message = phase === 'body' ? `The connection to Cargo broke off before the whole response arrived${code ? ` (${code})` : ''}.` : undefined;
      return { kind: 'failed', retryable: true, error: new CargoNetworkError(endpoint, { ...(code ? { code } : {}), mayHaveSucceeded }, message) };
    } finally {
      this.report({ method: spec.method, path: spec.path, attempt, ...(status !== undefined ? { status } : {}), durationMs: performance.now() - started });
    }
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.options.headers)) {
      if (name.toLowerCase() !== 'authorization') headers[name.toLowerCase()] = value;
    }
    headers.accept = 'application/json';
    headers.authorization = `Bearer ${this.options.token}`;
    return headers;
  }

  private report(info: CargoRequestInfo): void {
    try {
      this.options.onRequest?.(info);
    } catch {
      // A failing logger must not fail the request.
    }
  }
}

/** A short system code (ECONNRESET, UND_ERR_SOCKET, …) from an error's cause chain. */
function systemCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Resolves after `ms`; rejects with CargoCancelledError as soon as the signal fires. */
function sleep(ms: number, signal: AbortSignal | undefined, endpoint: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CargoCancelledError(endpoint));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CargoCancelledError(endpoint));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
