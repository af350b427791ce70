// Schemas of runs and their parts (executions, spans, node metrics), and of the runs and spans answers.
// Built lazily and tolerant of API changes, as schemaParts.ts says.
import * as z from 'zod/mini';
import { EXECUTION_STATUSES, RUN_STATUSES, tolerantEnum } from './enums';
import { lazySchema, type Output } from './lazySchema';
import { bool, isoDate, jsonObject, nodeKind, nullish, num, opt, str } from './schemaParts';
import { ofWorkflowRelease } from './workflowSchemas';

/** One node's execution inside a run or record. Kind-specific fields are optional. */
export const ExecutionSchema = lazySchema(() =>
  z.looseObject({
    nodeUuid: str(),
    nodeSlug: str(),
    nodeKind: nodeKind(),
    status: tolerantEnum(EXECUTION_STATUSES),
    nodeBatchUuid: nullish(str()),
    nodeRunUuid: nullish(str()),
    nodeMessageUuid: nullish(str()),
    nodeChildIndex: nullish(num()),
    nextNodeUuid: nullish(str()),
    errorMessage: nullish(str()),
    title: nullish(str()),
    iconUrl: nullish(str()),
    creditsUsedCount: opt(num()),
    startedAt: nullish(isoDate()),
    updatedAt: nullish(isoDate()),
    finishedAt: nullish(isoDate()),
    nodeWaitUntilFinished: opt(bool()),
    nodeActionSlug: opt(str()),
    nodeConnectorUuid: nullish(str()),
    nodeIntegrationSlug: nullish(str()),
    nodeToolUuid: nullish(str()),
    nodeAgentUuid: nullish(str()),
    nodeReleaseUuid: nullish(str()),
  }),
);
export type Execution = Output<typeof ExecutionSchema>;

/** Lineage fields shared by runs, spans and records (all nullable; records, which only the tests read, in test/unit/support/recordsApi.ts). */
export const parents = () => ({
  parentNodeUuid: nullish(str()),
  parentBatchUuid: nullish(str()),
  parentAgentUuid: nullish(str()),
  parentChatUuid: nullish(str()),
  parentMessageUuid: nullish(str()),
  isGroupParent: nullish(bool()),
});

export const RunSchema = lazySchema(() =>
  z.looseObject({
    ...ofWorkflowRelease(),
    batchUuid: nullish(str()),
    traceUuid: opt(str()),
    temporalWorkflowId: opt(str()),
    recordId: str(),
    recordTitle: str(),
    contextS3Filename: opt(str()),
    computedConfigsS3Filename: opt(str()),
    parentUuid: nullish(str()),
    ...parents(),
    status: tolerantEnum(RUN_STATUSES),
    errorMessage: nullish(str()),
    executions: z.array(ExecutionSchema.schema),
    createdAt: isoDate(),
    updatedAt: isoDate(),
    finishedAt: nullish(isoDate()),
    deletedAt: nullish(isoDate()),
  }),
);
export type Run = Output<typeof RunSchema>;

/** One executed node of one run, flat. */
export const SpanSchema = lazySchema(() =>
  z.looseObject({
    workspaceUuid: opt(str()),
    workflowUuid: str(),
    userUuid: nullish(str()),
    batchUuid: nullish(str()),
    traceUuid: opt(str()),
    recordId: str(),
    recordTitle: str(),
    runUuid: str(),
    runContextS3Filename: opt(str()),
    runComputedConfigsS3Filename: opt(str()),
    parentRunUuid: nullish(str()),
    ...parents(),
    nodeUuid: str(),
    nodeKind: nodeKind(),
    nodeSlug: str(),
    nodeActionSlug: opt(str()),
    nodeConnectorUuid: nullish(str()),
    nodeIntegrationSlug: nullish(str()),
    nodeToolUuid: nullish(str()),
    nodeAgentUuid: nullish(str()),
    nodeReleaseUuid: nullish(str()),
    nodeBatchUuid: nullish(str()),
    nodeRunUuid: nullish(str()),
    nodeMessageUuid: nullish(str()),
    nodeChildIndex: nullish(num()),
    nodeWaitUntilFinished: opt(bool()),
    nodeNextUuid: nullish(str()),
    executionIndex: num(),
    executionStatus: tolerantEnum(EXECUTION_STATUSES),
    executionErrorMessage: nullish(str()),
    executionTitle: nullish(str()),
    executionIconUrl: nullish(str()),
    executionCreditsUsedCount: opt(num()),
    executionStartedAt: isoDate(),
    executionUpdatedAt: nullish(isoDate()),
    executionFinishedAt: nullish(isoDate()),
  }),
);
export type Span = Output<typeof SpanSchema>;

/**
 * One node's executions across the runs asked about (POST /orchestration/runs/metrics). The counts
 * shown as a node's health are required; the rest are optional, read as 0 when absent.
 */
export const RunMetricSchema = lazySchema(() =>
  z.looseObject({
    nodeUuid: str(),
    totalExecutionsCount: opt(num()),
    idleExecutionsCount: opt(num()),
    pendingExecutionsCount: opt(num()),
    runningExecutionsCount: opt(num()),
    successExecutionsCount: num(),
    errorExecutionsCount: num(),
    cancellingExecutionsCount: opt(num()),
    cancelledExecutionsCount: opt(num()),
    skippedExecutionsCount: opt(num()),
    creditsUsedCount: opt(num()),
  }),
);
export type RunMetric = Output<typeof RunMetricSchema>;

/** Run context and computed configs: keyed by node slug, values are any JSON (null included). */
const opaqueRecord = () =>
  z.pipe(
    nullish(jsonObject()),
    z.transform((value): Record<string, unknown> => value ?? {}),
  );

export const RunResponseSchema = lazySchema(() => z.looseObject({ run: RunSchema.schema }));
export const RunDetailsResponseSchema = lazySchema(() =>
  z.looseObject({ run: RunSchema.schema, runContext: opaqueRecord(), runComputedConfigs: opaqueRecord() }),
);
export type RunDetails = Output<typeof RunDetailsResponseSchema>;
export const RunsPageSchema = lazySchema(() => z.looseObject({ runs: z.array(RunSchema.schema), count: num() }));
export type RunsPage = Output<typeof RunsPageSchema>;
export const RunMetricsResponseSchema = lazySchema(() => z.looseObject({ runMetrics: z.array(RunMetricSchema.schema) }));
export const SpansPageSchema = lazySchema(() => z.looseObject({ spans: z.array(SpanSchema.schema), count: num() }));
export type SpansPage = Output<typeof SpansPageSchema>;
