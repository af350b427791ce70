// zod/mini schemas of what Cargo's orchestration API returns, and the types inferred from them.
//
// Tolerance, because the API changes under a released extension:
// - objects are loose: fields we do not declare are kept, untouched;
// - every field Cargo declares nullable accepts null, and fields that are secondary to the UI or
//   documented inconsistently are optional (null or absent);
// - enum fields are Tolerant<…> (see enums.ts): a new value parses as { known: 'unknown', raw };
// - dates stay ISO strings (only checked to be strings);
// - opaque JSON (node configs, run contexts, batch data details) is checked to be an object and
//   never walked, so a 5 MB run context costs nothing to validate.
// Nothing is built when the module loads (see lazySchema.ts): each schema is a LazySchema, built
// with the ones it is made of the first time a response needs it.
// Agreement with Cargo's published types is checked at compile time in test/types/.
import * as z from 'zod/mini';
import {
  BATCH_DATA_KINDS,
  BATCH_RUNS_STATUSES,
  BATCH_STATUSES,
  EXECUTION_STATUSES,
  FORM_FIELD_KINDS,
  NODE_KINDS,
  RECORD_STATUSES,
  RELEASE_STATUSES,
  RUN_STATUSES,
  TEMPLATE_SCOPES,
  tolerantEnum,
} from './enums';
import { lazySchema, once, type Output } from './lazySchema';

const str = once(() => z.string());
const num = once(() => z.number());
const bool = once(() => z.boolean());
/** An ISO-8601 timestamp, kept as the string Cargo sent. */
const isoDate = str;
const opt = <T extends z.core.SomeType>(schema: T) => z.optional(schema);
/** Nullable in Cargo's types; absent is tolerated too. */
const nullish = <T extends z.core.SomeType>(schema: T) => z.nullish(schema);

const isJsonObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A JSON object whose content is not validated (O(1), whatever its size). */
const jsonObject = once(() => z.custom<Record<string, unknown>>(isJsonObject, { error: 'expected object' }));

// ---- Workflow graph ------------------------------------------------------------------------------

const nodeKind = once(() => tolerantEnum(NODE_KINDS));

const nodeRetry = () =>
  z.looseObject({
    maximumAttempts: opt(num()),
    initialInterval: opt(num()),
    backoffCoefficient: opt(num()),
  });

/** A step of a workflow as stored on a batch, run, record or release. Kind-specific fields are optional. */
export const NodeSchema = lazySchema(() =>
  z.looseObject({
    uuid: str(),
    slug: str(),
    kind: nodeKind(),
    name: nullish(str()),
    description: nullish(str()),
    config: opt(jsonObject()),
    childrenUuids: opt(z.array(z.nullable(str()))),
    fallbackOnFailure: opt(bool()),
    fallbackChildUuid: nullish(str()),
    position: opt(z.looseObject({ x: num(), y: num() })),
    retry: nullish(nodeRetry()),
    actionSlug: opt(str()),
    integrationSlug: opt(str()),
    connectorUuid: nullish(str()),
    toolUuid: nullish(str()),
    agentUuid: nullish(str()),
    templateSlug: nullish(str()),
    releaseUuid: nullish(str()),
    waitUntilFinished: opt(bool()),
  }),
);
export type CargoNode = Output<typeof NodeSchema>;

/** A node of a workflow's tree (`workflow.nodes`), children nested under `nodes`. */
export const WorkflowNodeSchema = lazySchema(() => {
  const node = z.looseObject({
    uuid: str(),
    slug: str(),
    kind: nodeKind(),
    name: nullish(str()),
    description: nullish(str()),
    isArchived: opt(bool()),
    // The annotation lets TypeScript infer the recursive type.
    get nodes(): z.ZodMiniOptional<z.ZodMiniArray<typeof node>> {
      return opt(z.array(node));
    },
    actionSlug: opt(str()),
    integrationSlug: opt(str()),
    connectorUuid: nullish(str()),
    toolUuid: nullish(str()),
    agentUuid: nullish(str()),
    templateSlug: nullish(str()),
    releaseUuid: nullish(str()),
  });
  return node;
});
export type WorkflowNode = Output<typeof WorkflowNodeSchema>;

// ---- Batches -------------------------------------------------------------------------------------

/** What a batch ran on. Only `kind` is declared; the kind's own fields are kept as sent. */
export const BatchDataSchema = lazySchema(() => z.looseObject({ kind: tolerantEnum(BATCH_DATA_KINDS) }));
export type BatchData = Output<typeof BatchDataSchema>;

export const BatchSchema = lazySchema(() =>
  z.looseObject({
    uuid: str(),
    workspaceUuid: opt(str()),
    workflowUuid: str(),
    userUuid: nullish(str()),
    releaseUuid: nullish(str()),
    nodes: nullish(z.array(NodeSchema.schema)),
    temporalWorkflowId: opt(str()),
    traceUuid: nullish(str()),
    data: opt(BatchDataSchema.schema),
    errorMessage: nullish(str()),
    status: tolerantEnum(BATCH_STATUSES),
    runsStatus: nullish(tolerantEnum(BATCH_RUNS_STATUSES)),
    runsCount: num(),
    executedRunsCount: num(),
    failedRunsCount: num(),
    creditsUsedCount: opt(num()),
    createdAt: isoDate(),
    updatedAt: isoDate(),
    finishedAt: nullish(isoDate()),
  }),
);
export type Batch = Output<typeof BatchSchema>;

// ---- Runs, records, executions, spans ------------------------------------------------------------

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

/** Lineage fields shared by runs, records and spans (all nullable). */
const parents = () => ({
  parentNodeUuid: nullish(str()),
  parentBatchUuid: nullish(str()),
  parentAgentUuid: nullish(str()),
  parentChatUuid: nullish(str()),
  parentMessageUuid: nullish(str()),
  isGroupParent: nullish(bool()),
});

export const RunSchema = lazySchema(() =>
  z.looseObject({
    uuid: str(),
    workspaceUuid: opt(str()),
    workflowUuid: str(),
    userUuid: nullish(str()),
    releaseUuid: nullish(str()),
    nodes: nullish(z.array(NodeSchema.schema)),
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

/** The latest run of one record id within a workflow. Note `parentRunUuid`, where runs say `parentUuid`. */
export const RecordSchema = lazySchema(() =>
  z.looseObject({
    workspaceUuid: opt(str()),
    workflowUuid: str(),
    userUuid: nullish(str()),
    id: str(),
    title: str(),
    runUuid: str(),
    traceUuid: opt(str()),
    releaseUuid: nullish(str()),
    nodes: nullish(z.array(NodeSchema.schema)),
    batchUuid: nullish(str()),
    temporalWorkflowId: opt(str()),
    contextS3Filename: opt(str()),
    computedConfigsS3Filename: opt(str()),
    parentRunUuid: nullish(str()),
    ...parents(),
    status: tolerantEnum(RECORD_STATUSES),
    errorMessage: nullish(str()),
    executions: z.array(ExecutionSchema.schema),
    createdAt: isoDate(),
    updatedAt: isoDate(),
    finishedAt: nullish(isoDate()),
  }),
);
/** Named CargoRecord so it does not shadow TypeScript's Record<K, V>. */
export type CargoRecord = Output<typeof RecordSchema>;

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

// ---- Workflows, plays, tools ---------------------------------------------------------------------

export const FormFieldSchema = lazySchema(() =>
  z.looseObject({
    slug: str(),
    name: nullish(str()),
    kind: tolerantEnum(FORM_FIELD_KINDS),
    description: nullish(str()),
    placeholder: nullish(str()),
    isRequired: nullish(bool()),
    enum: opt(z.array(str())),
    fields: opt(z.array(jsonObject())),
  }),
);
export type FormField = Output<typeof FormFieldSchema>;

export const WorkflowSchema = lazySchema(() =>
  z.looseObject({
    uuid: str(),
    workspaceUuid: opt(str()),
    nodes: opt(z.array(WorkflowNodeSchema.schema)),
    createdAt: isoDate(),
    updatedAt: isoDate(),
    deletedAt: nullish(isoDate()),
    playUuid: nullish(str()),
    toolUuid: nullish(str()),
    folderUuid: nullish(str()),
    template: nullish(z.looseObject({ slug: str(), isAvailable: opt(bool()), scope: opt(tolerantEnum(TEMPLATE_SCOPES)) })),
    lastBatch: nullish(
      z.looseObject({
        uuid: str(),
        status: tolerantEnum(BATCH_STATUSES),
        runsStatus: nullish(tolerantEnum(BATCH_RUNS_STATUSES)),
        errorMessage: nullish(str()),
        createdAt: isoDate(),
        finishedAt: nullish(isoDate()),
      }),
    ),
    deployedRelease: nullish(
      z.looseObject({
        uuid: str(),
        userUuid: opt(str()),
        description: nullish(str()),
        version: nullish(str()),
        nodes: opt(z.array(NodeSchema.schema)),
        formFields: nullish(z.array(FormFieldSchema.schema)),
        templateSlug: nullish(str()),
        deployedAt: nullish(isoDate()),
        createdAt: opt(isoDate()),
      }),
    ),
  }),
);
/** Workflows have no name: label them with the play or tool that owns them. */
export type Workflow = Output<typeof WorkflowSchema>;

/** A version of a workflow: its draft (unpublished changes), the deployed one, or an archived earlier one. */
export const ReleaseSchema = lazySchema(() =>
  z.looseObject({
    uuid: str(),
    workflowUuid: str(),
    status: tolerantEnum(RELEASE_STATUSES),
    version: nullish(str()),
    description: nullish(str()),
    deployedAt: nullish(isoDate()),
    createdAt: isoDate(),
    updatedAt: opt(isoDate()),
    deletedAt: nullish(isoDate()),
  }),
);
export type Release = Output<typeof ReleaseSchema>;

/** Only what the extension uses: the name that labels the play's workflow. */
export const PlaySchema = lazySchema(() => z.looseObject({ uuid: str(), workflowUuid: str(), name: str() }));
export type Play = Output<typeof PlaySchema>;

/** Only what the extension uses: the name that labels the tool's workflow. */
export const ToolSchema = lazySchema(() => z.looseObject({ uuid: str(), workflowUuid: str(), name: str() }));
export type Tool = Output<typeof ToolSchema>;

// ---- Response envelopes --------------------------------------------------------------------------

/** The body of a non-2xx answer. Either field may be missing; the body may be empty. */
export const ErrorBodySchema = lazySchema(() => z.looseObject({ errorMessage: nullish(str()), reason: nullish(str()) }));
export type ErrorBody = Output<typeof ErrorBodySchema>;

/** Run context and computed configs: keyed by node slug, values are any JSON (null included). */
const opaqueRecord = () =>
  z.pipe(
    nullish(jsonObject()),
    z.transform((value): Record<string, unknown> => value ?? {}),
  );

export const BatchesResponseSchema = lazySchema(() => z.looseObject({ batches: z.array(BatchSchema.schema) }));
export const BatchResponseSchema = lazySchema(() => z.looseObject({ batch: BatchSchema.schema }));
export const RunResponseSchema = lazySchema(() => z.looseObject({ run: RunSchema.schema }));
export const RunDetailsResponseSchema = lazySchema(() =>
  z.looseObject({ run: RunSchema.schema, runContext: opaqueRecord(), runComputedConfigs: opaqueRecord() }),
);
export type RunDetails = Output<typeof RunDetailsResponseSchema>;
export const RunsPageSchema = lazySchema(() => z.looseObject({ runs: z.array(RunSchema.schema), count: num() }));
export const RunMetricsResponseSchema = lazySchema(() => z.looseObject({ runMetrics: z.array(RunMetricSchema.schema) }));
export const RecordsPageSchema = lazySchema(() => z.looseObject({ records: z.array(RecordSchema.schema), count: num() }));
export const SpansPageSchema = lazySchema(() => z.looseObject({ spans: z.array(SpanSchema.schema), count: num() }));
export const WorkflowsResponseSchema = lazySchema(() => z.looseObject({ workflows: z.array(WorkflowSchema.schema) }));
export const WorkflowResponseSchema = lazySchema(() => z.looseObject({ workflow: WorkflowSchema.schema }));
export const PlaysResponseSchema = lazySchema(() => z.looseObject({ plays: z.array(PlaySchema.schema) }));
export const ToolsResponseSchema = lazySchema(() => z.looseObject({ tools: z.array(ToolSchema.schema) }));
export const ReleasesResponseSchema = lazySchema(() => z.looseObject({ releases: z.array(ReleaseSchema.schema) }));
/** What cancel endpoints answer: `{}` (anything else in it is ignored). */
export const EmptyResponseSchema = lazySchema(() => z.looseObject({}));

export type RunsPage = Output<typeof RunsPageSchema>;
export type RecordsPage = Output<typeof RecordsPageSchema>;
export type SpansPage = Output<typeof SpansPageSchema>;
