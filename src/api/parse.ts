// Validates a response body against its schema and turns zod's issues into a CargoSchemaError
// that names the endpoint and the field path, without quoting any value from the body.
import type * as z from 'zod/mini';
import { jsonPath } from '../shared/jsonPath';
import { CargoSchemaError, type SchemaIssue } from './errors';
import type { LazySchema } from './lazySchema';
import { MISFIT } from './validator';

/**
 * `body` is the caller's to give away (just parsed from JSON): the compiled validator checks it and
 * turns it into the output in place. Only when it does not fit does zod see it, on a fresh copy from
 * `again` (the first may be half converted), for its issues; should zod accept what the compiled
 * validator refused, zod's output stands.
 */
export function parseBody<S extends z.ZodMiniType>(schema: LazySchema<S>, body: unknown, again: () => unknown, endpoint: string, status?: number): z.output<S> {
  const checked = schema.check(body);
  if (checked !== MISFIT) return checked as z.output<S>;
  const fresh = again();
  const result = schema.schema.safeParse(fresh);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => toSchemaIssue(issue, fresh));
  throw new CargoSchemaError(endpoint, issues, status === undefined ? {} : { status });
}

export function toSchemaIssue(issue: z.core.$ZodIssue, body: unknown): SchemaIssue {
  const path = jsonPath(issue.path, 60);
  const value = valueAt(body, issue.path);
  const received = describe(value);
  switch (issue.code) {
    case 'invalid_type':
      // JSON has no undefined: the field is not there at all, which a reader should be told in words.
      return { path, problem: value === undefined ? `missing (expected ${issue.expected})` : `expected ${issue.expected}, received ${received}` };
    case 'custom':
      return { path, problem: `${issue.message}, received ${received}` };
    default:
      return { path, problem: issue.message && issue.message !== 'Invalid input' ? issue.message : `invalid (${issue.code})` };
  }
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let value = body;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
