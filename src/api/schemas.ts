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

const str = z.string();
const num = z.number();
const bool = z.boolean();
/** An ISO-8601 timestamp, kept as the string Cargo sent. */
const isoDate = z.string();
const opt = <T extends z.core.SomeType>(schema: T) => z.optional(schema);
/** Nullable in Cargo's types; absent is tolerated too. */
const nullish = <T extends z.core.SomeType>(schema: T) => z.nullish(schema);

const isJsonObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A JSON object whose content is not validated (O(1), whatever its size). */
export const JsonObjectSchema = z.custom<Record<string, unknown>>(isJsonObject, { error: 'expected object' });

// ---- Workflow graph ------------------------------------------------------------------------------

const nodeKind = tolerantEnum(NODE_KINDS);

const NodeRetrySchema = z.looseObject({
  maximumAttempts: opt(num),
  initialInterval: opt(num),
  backoffCoefficient: opt(num),
});

/** A step of a workflow as stored on a batch, run, record or release. Kind-specific fields are optional. */
export const NodeSchema = z.looseObject({
  uuid: str,
  slug: str,
  kind: nodeKind,
  name: nullish(str),
  description: nullish(str),
  config: opt(JsonObjectSchema),
  childrenUuids: opt(z.array(z.nullable(str))),
  fallbackOnFailure: opt(bool),
  fallbackChildUuid: nullish(str),
  position: opt(z.looseObject({ x: num, y: num })),
  retry: nullish(NodeRetrySchema),
  actionSlug: opt(str),
  integrationSlug: opt(str),
  connectorUuid: nullish(str),
  toolUuid: nullish(str),
  agentUuid: nullish(str),
  templateSlug: nullish(str),
  releaseUuid: nullish(str),
  waitUntilFinished: opt(bool),
});
export type CargoNode = z.output<typeof NodeSchema>;

/** A node of a workflow's tree (`workflow.nodes`), children nested under `nodes`. */
export const WorkflowNodeSchema = z.looseObject({
  uuid: str,
  slug: str,
  kind: nodeKind,
  name: nullish(str),
  description: nullish(str),
  isArchived: opt(bool),
  // The annotation lets TypeScript infer the recursive type.
  get nodes(): z.ZodMiniOptional<z.ZodMiniArray<typeof WorkflowNodeSchema>> {
    return opt(z.array(WorkflowNodeSchema));
  },
  actionSlug: opt(str),
  integrationSlug: opt(str),
  connectorUuid: nullish(str),
  toolUuid: nullish(str),
  agentUuid: nullish(str),
  templateSlug: nullish(str),
  releaseUuid: nullish(str),
});
export type WorkflowNode = z.output<typeof WorkflowNodeSchema>;

// ---- Batches -------------------------------------------------------------------------------------

/** What a batch ran on. Only `kind` is declared; the kind's own fields are kept as sent. */
export const BatchDataSchema = z.looseObject({ kind: tolerantEnum(BATCH_DATA_KINDS) });
export type BatchData = z.output<typeof BatchDataSchema>;

export const BatchSchema = z.looseObject({
  uuid: str,
  workspaceUuid: opt(str),
  workflowUuid: str,
  userUuid: nullish(str),
  releaseUuid: nullish(str),
  nodes: nullish(z.array(NodeSchema)),
  temporalWorkflowId: opt(str),
  traceUuid: nullish(str),
  data: opt(BatchDataSchema),
  errorMessage: nullish(str),
  status: tolerantEnum(BATCH_STATUSES),
  runsStatus: nullish(tolerantEnum(BATCH_RUNS_STATUSES)),
  runsCount: num,
  executedRunsCount: num,
  failedRunsCount: num,
  creditsUsedCount: opt(num),
  createdAt: isoDate,
  updatedAt: isoDate,
  finishedAt: nullish(isoDate),
});
export type Batch = z.output<typeof BatchSchema>;

// ---- Runs, records, executions, spans ------------------------------------------------------------

/** One node's execution inside a run or record. Kind-specific fields are optional. */
export const ExecutionSchema = z.looseObject({
  nodeUuid: str,
  nodeSlug: str,
  nodeKind: nodeKind,
  status: tolerantEnum(EXECUTION_STATUSES),
  nodeBatchUuid: nullish(str),
  nodeRunUuid: nullish(str),
  nodeMessageUuid: nullish(str),
  nodeChildIndex: nullish(num),
  nextNodeUuid: nullish(str),
  errorMessage: nullish(str),
  title: nullish(str),
  iconUrl: nullish(str),
  creditsUsedCount: opt(num),
  startedAt: nullish(isoDate),
  updatedAt: nullish(isoDate),
  finishedAt: nullish(isoDate),
  nodeWaitUntilFinished: opt(bool),
  nodeActionSlug: opt(str),
  nodeConnectorUuid: nullish(str),
  nodeIntegrationSlug: nullish(str),
  nodeToolUuid: nullish(str),
  nodeAgentUuid: nullish(str),
  nodeReleaseUuid: nullish(str),
});
export type Execution = z.output<typeof ExecutionSchema>;

/** Lineage fields shared by runs, records and spans (all nullable). */
const parents = {
  parentNodeUuid: nullish(str),
  parentBatchUuid: nullish(str),
  parentAgentUuid: nullish(str),
  parentChatUuid: nullish(str),
  parentMessageUuid: nullish(str),
  isGroupParent: nullish(bool),
};

export const RunSchema = z.looseObject({
  uuid: str,
  workspaceUuid: opt(str),
  workflowUuid: str,
  userUuid: nullish(str),
  releaseUuid: nullish(str),
  nodes: nullish(z.array(NodeSchema)),
  batchUuid: nullish(str),
  traceUuid: opt(str),
  temporalWorkflowId: opt(str),
  recordId: str,
  recordTitle: str,
  contextS3Filename: opt(str),
  computedConfigsS3Filename: opt(str),
  parentUuid: nullish(str),
  ...parents,
  status: tolerantEnum(RUN_STATUSES),
  errorMessage: nullish(str),
  executions: z.array(ExecutionSchema),
  createdAt: isoDate,
  updatedAt: isoDate,
  finishedAt: nullish(isoDate),
  deletedAt: nullish(isoDate),
});
export type Run = z.output<typeof RunSchema>;

/** The latest run of one record id within a workflow. Note `parentRunUuid`, where runs say `parentUuid`. */
export const RecordSchema = z.looseObject({
  workspaceUuid: opt(str),
  workflowUuid: str,
  userUuid: nullish(str),
  id: str,
  title: str,
  runUuid: str,
  traceUuid: opt(str),
  releaseUuid: nullish(str),
  nodes: nullish(z.array(NodeSchema)),
  batchUuid: nullish(str),
  temporalWorkflowId: opt(str),
  contextS3Filename: opt(str),
  computedConfigsS3Filename: opt(str),
  parentRunUuid: nullish(str),
  ...parents,
  status: tolerantEnum(RECORD_STATUSES),
  errorMessage: nullish(str),
  executions: z.array(ExecutionSchema),
  createdAt: isoDate,
  updatedAt: isoDate,
  finishedAt: nullish(isoDate),
});
/** Named CargoRecord so it does not shadow TypeScript's Record<K, V>. */
export type CargoRecord = z.output<typeof RecordSchema>;

/** One executed node of one run, flat. */
export const SpanSchema = z.looseObject({
  workspaceUuid: opt(str),
  workflowUuid: str,
  userUuid: nullish(str),
  batchUuid: nullish(str),
  traceUuid: opt(str),
  recordId: str,
  recordTitle: str,
  runUuid: str,
  runContextS3Filename: opt(str),
  runComputedConfigsS3Filename: opt(str),
  parentRunUuid: nullish(str),
  ...parents,
  nodeUuid: str,
  nodeKind: nodeKind,
  nodeSlug: str,
  nodeActionSlug: opt(str),
  nodeConnectorUuid: nullish(str),
  nodeIntegrationSlug: nullish(str),
  nodeToolUuid: nullish(str),
  nodeAgentUuid: nullish(str),
  nodeReleaseUuid: nullish(str),
  nodeBatchUuid: nullish(str),
  nodeRunUuid: nullish(str),
  nodeMessageUuid: nullish(str),
  nodeChildIndex: nullish(num),
  nodeWaitUntilFinished: opt(bool),
  nodeNextUuid: nullish(str),
  executionIndex: num,
  executionStatus: tolerantEnum(EXECUTION_STATUSES),
  executionErrorMessage: nullish(str),
  executionTitle: nullish(str),
  executionIconUrl: nullish(str),
  executionCreditsUsedCount: opt(num),
  executionStartedAt: isoDate,
  executionUpdatedAt: nullish(isoDate),
  executionFinishedAt: nullish(isoDate),
});
export type Span = z.output<typeof SpanSchema>;

/**
 * One node's executions across the runs asked about (POST /orchestration/runs/metrics). The counts
 * shown as a node's health are required; the rest are optional, read as 0 when absent.
 */
export const RunMetricSchema = z.looseObject({
  nodeUuid: str,
  totalExecutionsCount: opt(num),
  idleExecutionsCount: opt(num),
  pendingExecutionsCount: opt(num),
  runningExecutionsCount: opt(num),
  successExecutionsCount: num,
  errorExecutionsCount: num,
  cancellingExecutionsCount: opt(num),
  cancelledExecutionsCount: opt(num),
  skippedExecutionsCount: opt(num),
  creditsUsedCount: opt(num),
});
export type RunMetric = z.output<typeof RunMetricSchema>;

// ---- Workflows, plays, tools ---------------------------------------------------------------------

export const FormFieldSchema = z.looseObject({
  slug: str,
  name: nullish(str),
  kind: tolerantEnum(FORM_FIELD_KINDS),
  description: nullish(str),
  placeholder: nullish(str),
  isRequired: nullish(bool),
  enum: opt(z.array(str)),
  fields: opt(z.array(JsonObjectSchema)),
});
export type FormField = z.output<typeof FormFieldSchema>;

export const WorkflowSchema = z.looseObject({
  uuid: str,
  workspaceUuid: opt(str),
  nodes: opt(z.array(WorkflowNodeSchema)),
  createdAt: isoDate,
  updatedAt: isoDate,
  deletedAt: nullish(isoDate),
  playUuid: nullish(str),
  toolUuid: nullish(str),
  folderUuid: nullish(str),
  template: nullish(z.looseObject({ slug: str, isAvailable: opt(bool), scope: opt(tolerantEnum(TEMPLATE_SCOPES)) })),
  lastBatch: nullish(
    z.looseObject({
      uuid: str,
      status: tolerantEnum(BATCH_STATUSES),
      runsStatus: nullish(tolerantEnum(BATCH_RUNS_STATUSES)),
      errorMessage: nullish(str),
      createdAt: isoDate,
      finishedAt: nullish(isoDate),
    }),
  ),
  deployedRelease: nullish(
    z.looseObject({
      uuid: str,
      userUuid: opt(str),
      description: nullish(str),
      version: nullish(str),
      nodes: opt(z.array(NodeSchema)),
      formFields: nullish(z.array(FormFieldSchema)),
      templateSlug: nullish(str),
      deployedAt: nullish(isoDate),
      createdAt: opt(isoDate),
    }),
  ),
});
/** Workflows have no name: label them with the play or tool that owns them. */
export type Workflow = z.output<typeof WorkflowSchema>;

/** A version of a workflow: its draft (unpublished changes), the deployed one, or an archived earlier one. */
export const ReleaseSchema = z.looseObject({
  uuid: str,
  workflowUuid: str,
  status: tolerantEnum(RELEASE_STATUSES),
  version: nullish(str),
  description: nullish(str),
  deployedAt: nullish(isoDate),
  createdAt: isoDate,
  updatedAt: opt(isoDate),
  deletedAt: nullish(isoDate),
});
export type Release = z.output<typeof ReleaseSchema>;

/** Only what the extension uses: the name that labels the play's workflow. */
export const PlaySchema = z.looseObject({ uuid: str, workflowUuid: str, name: str });
export type Play = z.output<typeof PlaySchema>;

/** Only what the extension uses: the name that labels the tool's workflow. */
export const ToolSchema = z.looseObject({ uuid: str, workflowUuid: str, name: str });
export type Tool = z.output<typeof ToolSchema>;

// ---- Response envelopes --------------------------------------------------------------------------

/** The body of a non-2xx answer. Either field may be missing; the body may be empty. */
export const ErrorBodySchema = z.looseObject({ errorMessage: nullish(str), reason: nullish(str) });
export type ErrorBody = z.output<typeof ErrorBodySchema>;

/** Run context and computed configs: keyed by node slug, values are any JSON (null included). */
const opaqueRecord = z.pipe(
  nullish(JsonObjectSchema),
  z.transform((value): Record<string, unknown> => value ?? {}),
);

export const BatchesResponseSchema = z.looseObject({ batches: z.array(BatchSchema) });
export const BatchResponseSchema = z.looseObject({ batch: BatchSchema });
export const RunResponseSchema = z.looseObject({ run: RunSchema });
export const RunDetailsResponseSchema = z.looseObject({ run: RunSchema, runContext: opaqueRecord, runComputedConfigs: opaqueRecord });
export type RunDetails = z.output<typeof RunDetailsResponseSchema>;
export const RunsPageSchema = z.looseObject({ runs: z.array(RunSchema), count: num });
export const RunMetricsResponseSchema = z.looseObject({ runMetrics: z.array(RunMetricSchema) });
export const RecordsPageSchema = z.looseObject({ records: z.array(RecordSchema), count: num });
export const SpansPageSchema = z.looseObject({ spans: z.array(SpanSchema), count: num });
export const WorkflowsResponseSchema = z.looseObject({ workflows: z.array(WorkflowSchema) });
export const WorkflowResponseSchema = z.looseObject({ workflow: WorkflowSchema });
export const PlaysResponseSchema = z.looseObject({ plays: z.array(PlaySchema) });
export const ToolsResponseSchema = z.looseObject({ tools: z.array(ToolSchema) });
export const ReleasesResponseSchema = z.looseObject({ releases: z.array(ReleaseSchema) });
/** What cancel endpoints answer: `{}` (anything else in it is ignored). */
export const EmptyResponseSchema = z.looseObject({});

export type RunsPage = z.output<typeof RunsPageSchema>;
export type RecordsPage = z.output<typeof RecordsPageSchema>;
export type SpansPage = z.output<typeof SpansPageSchema>;
