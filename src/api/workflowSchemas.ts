// Schemas of workflows and what describes them: their nodes, releases, form fields, plays and tools.
// Built lazily and tolerant of API changes, as schemaParts.ts says.
import * as z from 'zod/mini';
import { BATCH_RUNS_STATUSES, BATCH_STATUSES, FORM_FIELD_KINDS, RELEASE_STATUSES, TEMPLATE_SCOPES, tolerantEnum } from './enums';
import { lazySchema, type Output } from './lazySchema';
import { bool, isoDate, jsonObject, nodeKind, nullish, num, opt, str } from './schemaParts';

// ---- Workflow graph ------------------------------------------------------------------------------

const nodeRetry = () =>
  z.looseObject({
    maximumAttempts: opt(num()),
    initialInterval: opt(num()),
    backoffCoefficient: opt(num()),
  });

/** What a node is and is called, in any of Cargo's graphs. */
const nodeIdentity = () => ({
  uuid: str(),
  slug: str(),
  kind: nodeKind(),
  name: nullish(str()),
  description: nullish(str()),
});

/** What a node runs, by its kind: an action of an integration, a connector, a tool, an agent, a template, a release. */
const nodeReferences = () => ({
  actionSlug: opt(str()),
  integrationSlug: opt(str()),
  connectorUuid: nullish(str()),
  toolUuid: nullish(str()),
  agentUuid: nullish(str()),
  templateSlug: nullish(str()),
  releaseUuid: nullish(str()),
});

/** A step of a workflow as stored on a batch, run, record or release. Kind-specific fields are optional. */
export const NodeSchema = lazySchema(() =>
  z.looseObject({
    ...nodeIdentity(),
    config: opt(jsonObject()),
    childrenUuids: opt(z.array(z.nullable(str()))),
    fallbackOnFailure: opt(bool()),
    fallbackChildUuid: nullish(str()),
    position: opt(z.looseObject({ x: num(), y: num() })),
    retry: nullish(nodeRetry()),
    ...nodeReferences(),
    waitUntilFinished: opt(bool()),
  }),
);
export type CargoNode = Output<typeof NodeSchema>;

/** What a batch or a run is of: a workflow's release (and that release's graph), in a workspace, by a user. */
export const ofWorkflowRelease = () => ({
  uuid: str(),
  workspaceUuid: opt(str()),
  workflowUuid: str(),
  userUuid: nullish(str()),
  releaseUuid: nullish(str()),
  nodes: nullish(z.array(NodeSchema.schema)),
});

/** A node of a workflow's tree (`workflow.nodes`), children nested under `nodes`. */
export const WorkflowNodeSchema = lazySchema(() => {
  const base = z.looseObject({ ...nodeIdentity(), isArchived: opt(bool()), ...nodeReferences() });
  const node = z.extend(base, {
    // The annotation lets TypeScript infer the recursive type.
    get nodes(): z.ZodMiniOptional<z.ZodMiniArray<typeof node>> {
      return opt(z.array(node));
    },
  });
  return node;
});
export type WorkflowNode = Output<typeof WorkflowNodeSchema>;

// ---- Workflows, releases, plays, tools ----------------------------------------------------------

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
    /** The release's graph: its nodes' names. */
    nodes: nullish(z.array(NodeSchema.schema)),
  }),
);
export type Release = Output<typeof ReleaseSchema>;

/** Only what the extension uses: the name that labels the play's workflow. */
export const PlaySchema = lazySchema(() => z.looseObject({ uuid: str(), workflowUuid: str(), name: str() }));
export type Play = Output<typeof PlaySchema>;

/** Only what the extension uses: the name that labels the tool's workflow. */
export const ToolSchema = lazySchema(() => z.looseObject({ uuid: str(), workflowUuid: str(), name: str() }));
export type Tool = Output<typeof ToolSchema>;

export const WorkflowsResponseSchema = lazySchema(() => z.looseObject({ workflows: z.array(WorkflowSchema.schema) }));
export const WorkflowResponseSchema = lazySchema(() => z.looseObject({ workflow: WorkflowSchema.schema }));
export const ReleasesResponseSchema = lazySchema(() => z.looseObject({ releases: z.array(ReleaseSchema.schema) }));
export const ReleaseResponseSchema = lazySchema(() => z.looseObject({ release: ReleaseSchema.schema }));
export const PlaysResponseSchema = lazySchema(() => z.looseObject({ plays: z.array(PlaySchema.schema) }));
export const ToolsResponseSchema = lazySchema(() => z.looseObject({ tools: z.array(ToolSchema.schema) }));
