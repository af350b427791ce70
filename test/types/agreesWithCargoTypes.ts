// Compile-time only (tsc --noEmit -p .; never bundled): our response types, inferred from the zod
// schemas in src/api/, agree with Cargo's own published types (@cargo-ai/types). When Cargo renames,
// retypes, makes nullable, or adds an enum value to a field we declare, this file stops compiling.
//
// What is checked, per entity:
// 1. accepts:  Cargo's object as it travels in JSON (Dates as strings) is assignable to our parsed
//              type, with each Tolerant<E> read as E | 'unknown'. Catches a field we declare with the
//              wrong type, or non-nullable where Cargo sends null, or required where Cargo omits it.
// 2. declared: every field we declare exists in Cargo's type (in some variant). Catches renames.
// 3. narrower: for scalar fields, our type (null/undefined and 'unknown' aside, which are our
//              deliberate tolerance) is assignable back to Cargo's. With 1 this makes the two mutual.
// 4. enums:    our known values are exactly Cargo's: a new Cargo value must be added here (until it
//              is, responses carrying it still parse, as 'unknown').
import type { OrchestrationTypes as OT } from '@cargo-ai/types' with { 'resolution-mode': 'import' };
import type {
  BatchDataKind,
  BatchRunsStatus,
  BatchStatus,
  ExecutionStatus,
  TraceStatus,
  FormFieldKind,
  NodeKind,
  RecordStatus,
  ReleaseStatus,
  RunStatus,
  TemplateScope,
  Tolerant,
} from '../../src/api/enums';
import type { ExecutionsFilter } from '../../src/api/requests';
import type { Batch, BatchData } from '../../src/api/batchSchemas';
import type { Execution, Run, RunMetric, Span } from '../../src/api/runSchemas';
import type { Trace } from '../../src/api/traceSchemas';
import type { CargoNode, FormField, Play, Release, Tool, Workflow, WorkflowNode } from '../../src/api/workflowSchemas';
// Records: an endpoint only the tests use, whose schema lives with them.
import type { CargoRecord } from '../unit/support/recordsApi';
import type { Equal, Expect } from './equal';

// ---- helpers -------------------------------------------------------------------------------------

/** Cargo's type as sent over HTTP: Date becomes its ISO string. Distributes over unions. */
type Wire<T> = T extends Date ? string : T extends readonly (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

/** Our parsed type with every Tolerant<E> seen as the E | 'unknown' it stands for. */
type Plain<T> =
  T extends Tolerant<infer E> ? E | 'unknown' : T extends readonly (infer U)[] ? Plain<U>[] : T extends object ? { [K in keyof T]: Plain<T[K]> } : T;

/** The keys we declare (loose objects also have a `[k: string]: unknown` signature; drop it). */
type DeclaredKeys<T> = keyof { [K in keyof T as string extends K ? never : K]: T[K] };
/** Keys of any variant of a union. */
type AllKeys<T> = T extends unknown ? keyof T : never;
/** The type of K across the variants that have it. */
type ValueOf<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

type Accepts<Cargo, Ours> = [Wire<Cargo>] extends [Plain<Ours>] ? true : false;
type UndeclaredInCargo<Ours, Cargo> = Exclude<DeclaredKeys<Ours>, AllKeys<Cargo>>;
type Scalar = string | number | boolean;
/** Scalar fields whose (non-null, known) values we would allow but Cargo's type would not. */
type WiderThanCargo<Ours, Cargo> = {
  [K in DeclaredKeys<Ours> & AllKeys<Cargo>]: NonNullable<Wire<ValueOf<Cargo, K>>> extends Scalar
    ? [Exclude<NonNullable<Plain<Ours[K]>>, 'unknown'>] extends [NonNullable<Wire<ValueOf<Cargo, K>>>]
      ? never
      : K
    : never;
}[DeclaredKeys<Ours> & AllKeys<Cargo>];

/** Declared fields whose Cargo value our type does not accept (names the culprit of a failing Accepts). */
type NotAccepted<Ours, Cargo> = {
  [K in DeclaredKeys<Ours> & AllKeys<Cargo>]: [Wire<ValueOf<Cargo, K>>] extends [Plain<Ours[K]>] ? never : K;
}[DeclaredKeys<Ours> & AllKeys<Cargo>];

/**
 * What is wrong between one of our types and Cargo's, as readable strings; never when they agree.
 * A failure reads e.g. `Type '"not in Cargo's type: completedRunsCount"' does not satisfy the constraint 'never'`.
 */
type Problems<Ours, Cargo> =
  | (Accepts<Cargo, Ours> extends true ? never : "Cargo's object is not accepted by ours")
  | `Cargo's value not accepted by ours: ${NotAccepted<Ours, Cargo> & string}`
  | `not in Cargo's type: ${UndeclaredInCargo<Ours, Cargo> & string}`
  | `wider than Cargo's type: ${WiderThanCargo<Ours, Cargo> & string}`;
type None<T extends never> = T;

// ---- entities ------------------------------------------------------------------------------------

export type Checks = [
  None<Problems<Batch, OT.Batch>>,
  None<Problems<BatchData, OT.BatchData>>,
  None<Problems<Run, OT.Run>>,
  None<Problems<RunMetric, OT.RunMetric>>,
  None<Problems<Execution, OT.Execution>>,
  None<Problems<CargoRecord, OT.Record>>,
  None<Problems<Span, OT.Span>>,
  None<Problems<Trace, OT.Trace>>,
  None<Problems<CargoNode, OT.Node>>,
  None<Problems<WorkflowNode, OT.WorkflowNode>>,
  None<Problems<Workflow, OT.Workflow>>,
  None<Problems<NonNullable<Workflow['lastBatch']>, NonNullable<OT.Workflow['lastBatch']>>>,
  None<Problems<NonNullable<Workflow['deployedRelease']>, NonNullable<OT.Workflow['deployedRelease']>>>,
  None<Problems<NonNullable<Workflow['template']>, NonNullable<OT.Workflow['template']>>>,
  None<Problems<FormField, OT.ReleaseFormField>>,
  None<Problems<Play, OT.Play>>,
  None<Problems<Tool, OT.Tool>>,
  None<Problems<Release, OT.Release>>,
];

// ---- enums: exactly Cargo's values ---------------------------------------------------------------

export type EnumChecks = [
  Expect<Equal<BatchStatus, OT.BatchStatus>>,
  Expect<Equal<BatchRunsStatus, OT.BatchRunsStatus>>,
  Expect<Equal<RunStatus, OT.RunStatus>>,
  Expect<Equal<RecordStatus, OT.RecordStatus>>,
  Expect<Equal<ExecutionStatus, OT.ExecutionStatus>>,
  Expect<Equal<TraceStatus, OT.TraceStatus>>,
  Expect<Equal<Trace['status']['known'], OT.TraceStatus | 'unknown'>>,
  Expect<Equal<NodeKind, OT.Node['kind']>>,
  Expect<Equal<NodeKind, OT.Execution['nodeKind']>>,
  Expect<Equal<NodeKind, OT.Span['nodeKind']>>,
  Expect<Equal<NodeKind, OT.WorkflowNode['kind']>>,
  Expect<Equal<BatchDataKind, OT.BatchData['kind']>>,
  Expect<Equal<FormFieldKind, OT.ReleaseFormField['kind']>>,
  Expect<Equal<TemplateScope, OT.WorkflowTemplate['scope']>>,
  Expect<Equal<ReleaseStatus, OT.ReleaseStatus>>,
  Expect<Equal<Release['status']['known'], OT.ReleaseStatus | 'unknown'>>,
  // Our tolerant fields carry exactly those enums (plus 'unknown').
  Expect<Equal<Batch['status']['known'], OT.BatchStatus | 'unknown'>>,
  Expect<Equal<NonNullable<Batch['runsStatus']>['known'], OT.BatchRunsStatus | 'unknown'>>,
  Expect<Equal<Run['status']['known'], OT.RunStatus | 'unknown'>>,
  Expect<Equal<CargoRecord['status']['known'], OT.RecordStatus | 'unknown'>>,
  Expect<Equal<Execution['status']['known'], OT.ExecutionStatus | 'unknown'>>,
  Expect<Equal<Span['executionStatus']['known'], OT.ExecutionStatus | 'unknown'>>,
];

// ---- what we send --------------------------------------------------------------------------------

export type RequestChecks = [Expect<Equal<ExecutionsFilter, OT.ExecutionsFilter>>];
