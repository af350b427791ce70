// Schemas of what the client sends: list filters, the create-run and cancel-runs bodies. Parsing
// them before sending drops keys Cargo does not know, turns Dates into ISO strings and rejects a
// malformed call before it reaches the network. Parameter types are their z.input. Like the
// response schemas, each is built on its first call (see lazySchema.ts).
import * as z from 'zod/mini';
import { BATCH_DATA_KINDS, BATCH_STATUSES, EXECUTION_STATUSES, NODE_KINDS, RELEASE_STATUSES, RUN_STATUSES, TRACE_STATUSES } from './enums';
import { lazySchema, once, type Input } from './lazySchema';

const str = once(() => z.string());
const strs = once(() => z.array(str()));
const bool = once(() => z.boolean());
const opt = <T extends z.core.SomeType>(schema: T) => z.optional(schema);
/** A Date or an ISO-8601 string; sent as the string. */
const isoDate = once(() =>
  z.pipe(
    z.union([z.string(), z.date()]),
    z.transform((value) => (typeof value === 'string' ? value : value.toISOString())),
  ),
);

/** Fields of every paged list (exported, like createdUpdated and executionsFilter, for the tests' records list: test/unit/support/recordsApi.ts). */
export const paging = () => ({
  limit: opt(z.int().check(z.minimum(1))),
  offset: opt(z.int().check(z.minimum(0))),
});

export const executionsFilter = () =>
  z.object({
    conjonction: z.enum(['or', 'and']),
    groups: z.array(
      z.object({
        conjonction: z.enum(['or', 'and']),
        conditions: z.array(
          z.object({
            kind: z.literal('node'),
            nodeSlug: str(),
            status: z.enum(['absent', 'pending', 'success', 'error']),
            value: opt(str()),
          }),
        ),
      }),
    ),
  });
/** Runs or records whose node executions match (Cargo spells it "conjonction"). */
export type ExecutionsFilter = z.input<ReturnType<typeof executionsFilter>>;

export const createdUpdated = () => ({
  createdAfter: opt(isoDate()),
  createdBefore: opt(isoDate()),
  updatedAfter: opt(isoDate()),
  updatedBefore: opt(isoDate()),
});

/** GET /orchestration/batches/list query (arrays are sent as `key[]=v`). */
export const ListBatchesParamsSchema = lazySchema(() =>
  z.object({
    uuids: opt(strs()),
    workflowUuids: opt(strs()),
    releaseUuid: opt(str()),
    parentBatchUuid: opt(str()),
    parentRunUuid: opt(str()),
    parentNodeUuid: opt(str()),
    statuses: opt(z.array(z.enum(BATCH_STATUSES))),
    hasRuns: opt(bool()),
    isSkipped: opt(bool()),
    isFinished: opt(bool()),
    includedDataKinds: opt(z.array(z.enum(BATCH_DATA_KINDS))),
    excludedDataKinds: opt(z.array(z.enum(BATCH_DATA_KINDS))),
    ...paging(),
  }),
);
export type ListBatchesParams = Input<typeof ListBatchesParamsSchema>;

/** POST /orchestration/runs body. `data` is the record given to the workflow's start node. */
export const CreateRunBodySchema = lazySchema(() =>
  z.object({
    workflowUuid: str(),
    data: z.record(z.string(), z.unknown()),
    releaseUuid: opt(str()),
  }),
);
export type CreateRunBody = Input<typeof CreateRunBodySchema>;

/** POST /orchestration/batches body: the batch's data says which records (`kind` and its fields, as Cargo's BatchData). */
export const CreateBatchBodySchema = lazySchema(() =>
  z.object({
    workflowUuid: str(),
    data: z.looseObject({ kind: str() }),
    releaseUuid: opt(str()),
  }),
);
export type CreateBatchBody = Input<typeof CreateBatchBodySchema>;

/** GET /orchestration/releases/list query. */
export const ListReleasesParamsSchema = lazySchema(() =>
  z.object({
    workflowUuid: opt(str()),
    statuses: opt(z.array(z.enum(RELEASE_STATUSES))),
    ...paging(),
  }),
);
export type ListReleasesParams = Input<typeof ListReleasesParamsSchema>;

/** POST /orchestration/runs/list body. */
export const ListRunsParamsSchema = lazySchema(() =>
  z.object({
    workflowUuid: opt(str()),
    userUuid: opt(str()),
    batchUuid: opt(str()),
    releaseUuid: opt(str()),
    statuses: opt(z.array(z.enum(RUN_STATUSES))),
    parentBatchUuid: opt(str()),
    parentUuid: opt(str()),
    parentNodeUuid: opt(str()),
    isGroupParent: opt(bool()),
    recordId: opt(str()),
    recordTitle: opt(str()),
    recordTitleOrId: opt(str()),
    isFinished: opt(bool()),
    executionsFilter: opt(executionsFilter()),
    ...createdUpdated(),
    ...paging(),
  }),
);
export type ListRunsParams = Input<typeof ListRunsParamsSchema>;

/**
 * POST /orchestration/runs/metrics body: per-node execution counts of one workflow's runs, narrowed
 * to a release, a batch or a creation window. Not in Cargo's docs page; the shape is its client's.
 */
export const RunMetricsParamsSchema = lazySchema(() =>
  z.object({
    workflowUuid: str(),
    releaseUuid: opt(str()),
    batchUuid: opt(str()),
    createdAfter: opt(isoDate()),
    createdBefore: opt(isoDate()),
  }),
);
export type RunMetricsParams = Input<typeof RunMetricsParamsSchema>;

/** POST /orchestration/runs/cancel body: the runs of one workflow, by uuid. */
export const CancelRunsBodySchema = lazySchema(() =>
  z.object({
    workflowUuid: str(),
    uuids: z.array(str()).check(z.minLength(1)),
  }),
);
export type CancelRunsBody = Input<typeof CancelRunsBodySchema>;

/** POST /orchestration/spans/list body. `executionStartedAfter` is required by Cargo. */
export const ListSpansParamsSchema = lazySchema(() =>
  z.object({
    executionStartedAfter: isoDate(),
    executionStartedBefore: opt(isoDate()),
    workflowUuid: opt(str()),
    userUuid: opt(str()),
    batchUuid: opt(str()),
    traceUuid: opt(str()),
    runUuid: opt(str()),
    recordId: opt(str()),
    recordTitle: opt(str()),
    recordTitleOrId: opt(str()),
    parentRunUuid: opt(str()),
    parentNodeUuid: opt(str()),
    parentAgentUuid: opt(str()),
    nodeUuid: opt(str()),
    nodeKind: opt(z.enum(NODE_KINDS)),
    nodeSlug: opt(str()),
    nodeIntegrationSlug: opt(str()),
    nodeConnectorUuid: opt(str()),
    nodeActionSlug: opt(str()),
    nodeToolUuid: opt(str()),
    nodeAgentUuid: opt(str()),
    nodeReleaseUuid: opt(str()),
    executionTitle: opt(str()),
    executionTitleOrErrorMessage: opt(str()),
    executionStatuses: opt(z.array(z.enum(EXECUTION_STATUSES))),
    ...paging(),
  }),
);
export type ListSpansParams = Input<typeof ListSpansParamsSchema>;

/** POST /orchestration/traces/list body. `startedAfter` is required by Cargo. */
export const ListTracesParamsSchema = lazySchema(() =>
  z.object({
    startedAfter: isoDate(),
    startedBefore: opt(isoDate()),
    workflowUuid: opt(str()),
    chatUuid: opt(str()),
    agentUuid: opt(str()),
    statuses: opt(z.array(z.enum(TRACE_STATUSES))),
    ...paging(),
  }),
);
export type ListTracesParams = Input<typeof ListTracesParamsSchema>;
