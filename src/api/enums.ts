// Cargo's enums, and the tolerant form in which responses carry them: a value Cargo adds later
// becomes an explicit 'unknown' state that keeps the raw string, instead of failing the parse.
import * as z from 'zod/mini';

export const BATCH_STATUSES = ['pending', 'syncing', 'skipped', 'querying', 'running', 'success', 'cancelling', 'error', 'cancelled'] as const;
export const BATCH_RUNS_STATUSES = ['healthy', 'unhealthy'] as const;
export const RUN_STATUSES = ['idle', 'pending', 'running', 'success', 'error', 'cancelling', 'cancelled', 'skipped'] as const;
export const RECORD_STATUSES = ['pending', 'running', 'success', 'error', 'cancelled', 'cancelling'] as const;
export const EXECUTION_STATUSES = ['pending', 'success', 'error'] as const;
/** `degraded`: a node failed but its fallback let the trace finish. */
export const TRACE_STATUSES = ['pending', 'error', 'degraded', 'success'] as const;
export const NODE_KINDS = ['native', 'connector', 'tool', 'agent'] as const;
export const BATCH_DATA_KINDS = ['segment', 'change', 'filter', 'recordIds', 'watchedRecords', 'records', 'file', 'runs', 'group', 'schedule', 'form'] as const;
export const FORM_FIELD_KINDS = ['string', 'number', 'boolean', 'any', 'date', 'enum', 'array'] as const;
export const TEMPLATE_SCOPES = ['public', 'private'] as const;
export const RELEASE_STATUSES = ['draft', 'deployed', 'archived'] as const;

export type BatchStatus = (typeof BATCH_STATUSES)[number];
export type BatchRunsStatus = (typeof BATCH_RUNS_STATUSES)[number];
export type RunStatus = (typeof RUN_STATUSES)[number];
export type RecordStatus = (typeof RECORD_STATUSES)[number];
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
export type TraceStatus = (typeof TRACE_STATUSES)[number];
export type NodeKind = (typeof NODE_KINDS)[number];
export type BatchDataKind = (typeof BATCH_DATA_KINDS)[number];
export type FormFieldKind = (typeof FORM_FIELD_KINDS)[number];
export type TemplateScope = (typeof TEMPLATE_SCOPES)[number];
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

/** The state of an enum value this version of the extension does not know. */
export const UNKNOWN = 'unknown';
export type Unknown = typeof UNKNOWN;

/**
 * An enum field as parsed from a response. Switch on `known` (exhaustively: the values plus
 * 'unknown'); show `raw` to the user when `known` is 'unknown'. A raw value that happens to be
 * the string 'unknown' is reported as unknown too, which is what it is.
 *
 *   switch (run.status.known) { case 'running': …; case 'unknown': label = run.status.raw; }
 */
export interface Tolerant<T extends string> {
  readonly known: T | Unknown;
  readonly raw: string;
}

/**
 * The Tolerant<T> of each raw value, made once: every run and execution in a page shares the same
 * few frozen objects instead of allocating one per occurrence. Values Cargo adds later are kept too,
 * up to a bound, so that a response full of one new value costs no more than a known one.
 */
export function tolerantValues<const T extends readonly string[]>(values: T): (raw: string) => Tolerant<T[number]> {
  let tolerant = tolerantByValues.get(values);
  if (!tolerant) {
    const interned = new Map<string, Tolerant<string>>();
    for (const value of values) interned.set(value, Object.freeze({ known: value, raw: value }));
    const allowed = new Set<string>(values);
    tolerant = (raw) => {
      let value = interned.get(raw);
      if (value === undefined) {
        value = Object.freeze({ known: allowed.has(raw) ? raw : UNKNOWN, raw });
        if (interned.size < values.length + MAX_UNKNOWN_VALUES) interned.set(raw, value);
      }
      return value;
    };
    tolerantByValues.set(values, tolerant);
  }
  return tolerant as (raw: string) => Tolerant<T[number]>;
}
/** One table per enum (by its list of values), shared by every field that carries it. */
const tolerantByValues = new WeakMap<readonly string[], (raw: string) => Tolerant<string>>();
/** How many values an enum may gain before new ones stop being interned (and get one object each). */
const MAX_UNKNOWN_VALUES = 32;

/** The schemas tolerantEnum made, with their values (for the compiled validator in validator.ts). */
const tolerantSchemas = new WeakMap<object, (raw: string) => Tolerant<string>>();

/** A string schema whose output is a Tolerant<T>: never fails on a new value, only on a non-string. */
export function tolerantEnum<const T extends readonly string[]>(values: T) {
  const tolerant = tolerantValues(values);
  const schema = z.pipe(
    z.string(),
    z.transform((raw: string): Tolerant<T[number]> => tolerant(raw)),
  );
  tolerantSchemas.set(schema, tolerant);
  return schema;
}

/** The Tolerant<T> maker of a schema made by tolerantEnum, else undefined. */
export function tolerantOf(schema: object): ((raw: string) => Tolerant<string>) | undefined {
  return tolerantSchemas.get(schema);
}

/** A Tolerant value from a known one (for tests, fixtures and optimistic UI updates). */
export function known<T extends string>(value: T): Tolerant<T> {
  return { known: value, raw: value };
}

/** What to show for an enum value: the known value, else what Cargo actually sent. */
export function enumText(value: Tolerant<string>): string {
  return value.known === UNKNOWN ? value.raw : value.known;
}

type StatusLike<T extends string> = Tolerant<T> | T | Unknown;
const knownOf = <T extends string>(value: StatusLike<T>): T | Unknown => (typeof value === 'string' ? value : value.known);

const FINISHED_BATCH: ReadonlySet<string> = new Set<BatchStatus>(['success', 'error', 'cancelled', 'skipped']);
const FINISHED_RUN: ReadonlySet<string> = new Set<RunStatus>(['success', 'error', 'cancelled', 'skipped']);
const FINISHED_RECORD: ReadonlySet<string> = new Set<RecordStatus>(['success', 'error', 'cancelled']);
const FINISHED_EXECUTION: ReadonlySet<string> = new Set<ExecutionStatus>(['success', 'error']);

// An unknown status counts as not finished: watching something a little longer (the poller
// backs off) is better than freezing a state we cannot interpret.

/** success, error, cancelled, skipped. */
export const isFinishedBatchStatus = (status: StatusLike<BatchStatus>): boolean => FINISHED_BATCH.has(knownOf(status));
/** success, error, cancelled, skipped. */
export const isFinishedRunStatus = (status: StatusLike<RunStatus>): boolean => FINISHED_RUN.has(knownOf(status));
/** success, error, cancelled. */
export const isFinishedRecordStatus = (status: StatusLike<RecordStatus>): boolean => FINISHED_RECORD.has(knownOf(status));
/** success, error. */
export const isFinishedExecutionStatus = (status: StatusLike<ExecutionStatus>): boolean => FINISHED_EXECUTION.has(knownOf(status));
