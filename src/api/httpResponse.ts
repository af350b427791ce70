// Reading one HTTP answer: its body as it arrives, a 2xx body decoded and checked against its schema,
// any other status made into its typed error (with Cargo's message made safe to show). The attempts,
// retries and timeouts around it are http.ts's.
import type * as z from 'zod/mini';
import { BodyText, BodyTextBuilder } from './bodyText';
import {
  CargoApiError,
  CargoAuthError,
  CargoNotFoundError,
  CargoRateLimitError,
  CargoRequestError,
  CargoSchemaError,
  CargoServerError,
  type CargoErrorDetails,
} from './errors';
import type { LazySchema } from './lazySchema';
import { parseBody } from './parse';
import { ErrorBodySchema } from './schemaParts';
import { notificationText } from '../shared/text';

/** How a 2xx body becomes data: read (as a stream when onBody hears it), decoded, checked against `schema`. */
export interface BodyReading<S extends z.ZodMiniType> {
  schema: LazySchema<S>;
  /** A 2xx with an empty body counts as `{}` (cancel endpoints). */
  emptyIsObject?: boolean;
  /** Parses a 2xx body instead of JSON.parse of its text (it throws on text that is not JSON). */
  decode?: (body: BodyText) => unknown;
  /** Hears a 2xx body as it arrives, piece by piece (the body is read as a stream then). */
  onBody?: (part: BodyPart) => void;
}

/** A piece of a response body as it arrived. A retry starts again from the first piece, with the next attempt's number. */
export interface BodyPart {
  readonly attempt: number;
  /** The piece, decoded: the pieces of one attempt joined are the body's text. */
  readonly text: string;
  /** Bytes of the body received so far in this attempt. */
  readonly receivedBytes: number;
  /** The body's size as Cargo announced it (Content-Length), when it did and it counts what is received. */
  readonly totalBytes: number | undefined;
}

/**
 * The body's text, read piece by piece, each piece told to `onBody` as it arrives. Kept in pieces (of
 * about a megabyte, joined as they arrive): not joined into one string in the task that receives its end.
 */
export async function readBody(response: Response, body: ReadableStream<Uint8Array>, attempt: number, onBody: (part: BodyPart) => void): Promise<BodyText> {
  // A compressed body is announced by its compressed size, and received decompressed: no total then.
  const encoding = response.headers.get('content-encoding');
  const length = Number(response.headers.get('content-length') ?? NaN);
  const totalBytes = (!encoding || encoding === 'identity') && Number.isSafeInteger(length) && length >= 0 ? length : undefined;
  const decoder = new TextDecoder();
  const parts = new BodyTextBuilder();
  let receivedBytes = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
    if (!done) receivedBytes += value.byteLength;
    if (text !== '' || !done) {
      parts.push(text);
      try {
        onBody({ attempt, text, receivedBytes, totalBytes });
      } catch {
        // A failing listener must not fail the request (as with onRequest).
      }
    }
    if (done) return parts.finish();
  }
}

/** A 2xx body as data, or a CargoSchemaError: empty, not JSON, or not the schema's shape. */
export function parseSuccess<S extends z.ZodMiniType>(reading: BodyReading<S>, endpoint: string, status: number, body: BodyText): z.output<S> {
  const decode = (): unknown => {
    if (body.isBlank()) {
      if (!reading.emptyIsObject) throw new CargoSchemaError(endpoint, [{ path: '', problem: 'the body is empty' }], { status });
      return {};
    }
    try {
      return reading.decode ? reading.decode(body) : JSON.parse(body.toString());
    } catch {
      throw new CargoSchemaError(endpoint, [{ path: '', problem: 'the body is not JSON' }], { status });
    }
  };
  return parseBody(reading.schema, decode(), decode, endpoint, status);
}

/** Where the request went, and with which token: an error names the first, and never quotes the second. */
export interface Destination {
  /** The base URL, for resolving a redirect's Location. */
  readonly base: string;
  /** The only origin the token is sent to. */
  readonly origin: string;
  readonly token: string;
}

/** The typed error of a non-2xx answer (a redirect too: it is never followed). */
export function errorFor(endpoint: string, status: number, headers: Headers, text: string, to: Destination): CargoApiError {
  const details: CargoErrorDetails = { status, ...errorBody(text, to.token) };
  if (status >= 300 && status < 400) {
    const target = redirectOrigin(headers.get('location'), to.base);
    return new CargoRequestError(
      endpoint,
      details,
      `Cargo answered with a redirect (HTTP ${status}${target ? ` to ${target}` : ''}), which the client does not follow so that the API token only goes to ${to.origin}. Check the setting cargo.apiBaseUrl.`,
    );
  }
  if (status === 401 || status === 403) return new CargoAuthError(endpoint, details);
  if (status === 404) return new CargoNotFoundError(endpoint, details);
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'));
    return new CargoRateLimitError(endpoint, { ...details, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
  if (status >= 500) return new CargoServerError(endpoint, details);
  return new CargoRequestError(endpoint, details);
}

/** Cargo's `{errorMessage, reason}`, made safe to show; nothing when the body is not that. */
function errorBody(text: string, token: string): Pick<CargoErrorDetails, 'reason' | 'serverMessage'> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {};
  }
  const parsed = ErrorBodySchema.schema.safeParse(json);
  if (!parsed.success) return {};
  const out: Pick<CargoErrorDetails, 'reason' | 'serverMessage'> = {};
  const reason = parsed.data.reason;
  if (typeof reason === 'string' && /^[A-Za-z][\w.-]{0,63}$/.test(reason) && !reason.includes(token)) out.reason = reason;
  const message = parsed.data.errorMessage;
  if (typeof message === 'string') {
    const clean = displayText(message, token);
    if (clean !== '') out.serverMessage = clean;
  }
  return out;
}

/**
 * Server text made fit for a notification or a log line: the token redacted (should a server
 * ever echo it), control, invisible and bidi characters removed, markdown link syntax broken up
 * (VS Code renders `[x](command:…)` in messages), at most 300 characters.
 */
export function displayText(text: string, token: string): string {
  return notificationText(token.length >= 4 ? text.split(token).join('[redacted]') : text, 300);
}

/** Retry-After as delay-seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

function redirectOrigin(location: string | null, base: string): string | undefined {
  if (!location) return undefined;
  try {
    return new URL(location, base).origin;
  } catch {
    return undefined;
  }
}
