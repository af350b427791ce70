// Query-string parsing and parameter validation shared by every route. Query strings accept the
// axios style `key[]=a&key[]=b`, indexed `key[0]=a`, repeated `key=a&key=b` and single `key=a`.
import { UUID_V4 } from './random';

/** An error answered as `{ errorMessage, reason, ...extra }` with `status`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    /** More fields of the error body, e.g. `{ dataError: { reason: 'noRecords' } }`. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The JSON body sent for this error. */
  body(): Record<string, unknown> {
    return { errorMessage: this.message, reason: this.reason, ...this.extra };
  }
}

export const invalidParameter = (name: string, problem: string) => new ApiError(400, 'invalidParameters', `Invalid parameter "${name}": ${problem}`);

export function parseQuery(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [rawKey, value] of new URLSearchParams(search)) {
    const bracket = /^(.+?)\[(\d*)\]$/.exec(rawKey);
    const key = bracket ? (bracket[1] as string) : rawKey;
    const existing = out[key];
    if (existing === undefined) out[key] = bracket ? [value] : value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

export const PAGE_DEFAULT_LIMIT = 50;
export const PAGE_MAX_LIMIT = 100;

/** Typed reads of a query or JSON body; every problem is a 400 naming the parameter. */
export class Params {
  constructor(private readonly source: Record<string, unknown>) {}

  private raw(name: string): unknown {
    const value = this.source[name];
    return value === null ? undefined : value;
  }

  string(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string') throw invalidParameter(name, 'expected a string');
    return value;
  }

  uuid(name: string): string | undefined {
    const value = this.string(name);
    if (value !== undefined && !UUID_V4.test(value)) throw invalidParameter(name, 'expected a uuid');
    return value;
  }

  strings(name: string): string[] | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const list = Array.isArray(value) ? value : [value];
    return list.map((item) => {
      if (typeof item === 'number') return String(item);
      if (typeof item !== 'string') throw invalidParameter(name, 'expected an array of strings');
      return item;
    });
  }

  uuids(name: string): string[] | undefined {
    const list = this.strings(name);
    if (list?.some((v) => !UUID_V4.test(v))) throw invalidParameter(name, 'expected an array of uuids');
    return list;
  }

  enums<T extends string>(name: string, allowed: readonly T[]): T[] | undefined {
    const list = this.strings(name);
    const bad = list?.find((v) => !allowed.includes(v as T));
    if (bad !== undefined) throw invalidParameter(name, `"${bad}" is not one of ${allowed.join(', ')}`);
    return list as T[] | undefined;
  }

  enum<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value !== undefined && !allowed.includes(value as T)) throw invalidParameter(name, `"${value}" is not one of ${allowed.join(', ')}`);
    return value as T | undefined;
  }

  bool(name: string): boolean | undefined {
    const value = this.raw(name);
    if (value === undefined || typeof value === 'boolean') return value;
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw invalidParameter(name, 'expected true or false');
  }

  /** ISO-8601 string (or epoch milliseconds) → epoch milliseconds. */
  date(name: string): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const ms = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Date.parse(value) : NaN;
    if (!Number.isFinite(ms)) throw invalidParameter(name, 'expected an ISO-8601 date');
    return ms;
  }

  int(name: string, min: number, max: number): number | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) throw invalidParameter(name, `expected an integer from ${min} to ${max}`);
    return n;
  }

  object(name: string): Record<string, unknown> | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw invalidParameter(name, 'expected an object');
    return value as Record<string, unknown>;
  }

  page(maxLimit = PAGE_MAX_LIMIT): { limit: number; offset: number } {
    return { limit: this.int('limit', 1, maxLimit) ?? PAGE_DEFAULT_LIMIT, offset: this.int('offset', 0, Number.MAX_SAFE_INTEGER) ?? 0 };
  }
}
