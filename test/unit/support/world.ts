// A small Cargo world (a batch, a failed run with its context, its workflow and releases, run metrics
// and spans) as Cargo sends it, parsed with the extension's own schemas. Every surface of the surface
// table is built from one. `hostileWorld` puts one hostile input in every string field of it.
import { BatchSchema } from '../../../src/api/batchSchemas';
import { RunDetailsResponseSchema, RunMetricSchema, RunSchema, SpanSchema } from '../../../src/api/runSchemas';
import { ReleaseSchema, WorkflowSchema } from '../../../src/api/workflowSchemas';
import type { Batch, Release, Run, RunDetails, RunMetric, Span, Workflow } from '../../../src/api';

export interface World {
  readonly batch: Batch;
  /** A run that failed at its second execution. */
  readonly run: Run;
  readonly details: RunDetails;
  readonly workflow: Workflow;
  readonly releases: readonly Release[];
  readonly metrics: readonly RunMetric[];
  readonly spans: readonly Span[];
  /** A name that is not in the data: the workflow's (its play's or tool's), where a run was started from. */
  readonly name: string;
  /** An error thrown while loading (its message is shown). */
  readonly error: Error;
  /** The run's details as Cargo sent them (JSON text): what Open as JSON lays out. */
  readonly detailsText: string;
}

export type Wire = Record<string, unknown>;

export const NOW = Date.parse('2026-12-02T12:00:00.000Z');
const created = '2026-12-02T11:00:00.000Z';
const finished = '2026-12-02T11:00:42.000Z';

const node = (uuid: string, slug: string, name: string): Wire => ({
  uuid,
  slug,
  kind: 'connector',
  name,
  description: 'Finds the company',
  config: { domain: '{{ record.domain }}' },
  childrenUuids: [null],
  fallbackOnFailure: false,
  position: { x: 0, y: 0 },
  integrationSlug: 'clearbit',
  actionSlug: 'enrich',
});

const execution = (nodeUuid: string, nodeSlug: string, status: string, errorMessage: string | null): Wire => ({
  nodeUuid,
  nodeSlug,
  nodeKind: 'connector',
  nodeActionSlug: 'enrich',
  nodeConnectorUuid: 'c0000000-0000-4000-8000-000000000001',
  nodeIntegrationSlug: 'clearbit',
  status,
  nodeBatchUuid: null,
  nodeRunUuid: null,
  nodeMessageUuid: null,
  nodeChildIndex: null,
  nextNodeUuid: null,
  errorMessage,
  title: `Title of ${nodeSlug}`,
  iconUrl: 'https://cdn.example/icon.png',
  creditsUsedCount: 2,
  startedAt: created,
  updatedAt: finished,
  finishedAt: finished,
  nodeWaitUntilFinished: false,
});

/** The world as Cargo sends it (JSON), before parsing. Fields of the run's details: run, runContext, runComputedConfigs. */
export function wireWorld(): {
  batch: Wire;
  details: Wire;
  workflow: Wire;
  releases: Wire[];
  metrics: Wire[];
  spans: Wire[];
} {
  const nodes = [node('n0000000-0000-4000-8000-000000000001', 'start', 'Start'), node('n0000000-0000-4000-8000-000000000002', 'enrich', 'Enrich company')];
  const run: Wire = {
    uuid: 'r0000000-0000-4000-8000-000000000001',
    workspaceUuid: 's0000000-0000-4000-8000-000000000001',
    workflowUuid: 'w0000000-0000-4000-8000-000000000001',
    userUuid: null,
    releaseUuid: null,
    nodes,
    batchUuid: 'b0000000-0000-4000-8000-000000000001',
    traceUuid: 't0000000-0000-4000-8000-000000000001',
    temporalWorkflowId: 'temporal-1',
    recordId: 'rec-1',
    recordTitle: 'Acme Corp',
    contextS3Filename: 'context.json',
    computedConfigsS3Filename: 'configs.json',
    parentUuid: null,
    parentNodeUuid: null,
    parentBatchUuid: null,
    parentAgentUuid: null,
    parentChatUuid: null,
    parentMessageUuid: null,
    isGroupParent: null,
    status: 'error',
    errorMessage: 'The run failed',
    executions: [
      execution('n0000000-0000-4000-8000-000000000001', 'start', 'success', null),
      execution('n0000000-0000-4000-8000-000000000002', 'enrich', 'error', 'Clearbit responded 429 for acme.com'),
    ],
    createdAt: created,
    updatedAt: finished,
    finishedAt: finished,
    deletedAt: null,
  };
  return {
    batch: {
      uuid: 'b0000000-0000-4000-8000-000000000001',
      workspaceUuid: 's0000000-0000-4000-8000-000000000001',
      workflowUuid: 'w0000000-0000-4000-8000-000000000001',
      userUuid: null,
      releaseUuid: null,
      nodes,
      temporalWorkflowId: 'temporal-b',
      traceUuid: null,
      data: { kind: 'segment', segmentUuid: 'g0000000-0000-4000-8000-000000000001' },
      errorMessage: 'Some runs failed',
      status: 'running',
      runsStatus: 'unhealthy',
      runsCount: 10,
      executedRunsCount: 4,
      failedRunsCount: 3,
      creditsUsedCount: 12,
      createdAt: created,
      updatedAt: finished,
      finishedAt: null,
    },
    details: {
      run,
      runContext: { start: { domain: 'acme.com' }, enrich: { name: 'Acme' } },
      runComputedConfigs: { enrich: { domain: 'acme.com' } },
    },
    workflow: {
      uuid: 'w0000000-0000-4000-8000-000000000001',
      workspaceUuid: 's0000000-0000-4000-8000-000000000001',
      nodes: [],
      createdAt: created,
      updatedAt: created,
      deletedAt: null,
      playUuid: null,
      toolUuid: 'o0000000-0000-4000-8000-000000000001',
      folderUuid: null,
      template: null,
      lastBatch: null,
      deployedRelease: {
        uuid: 'e0000000-0000-4000-8000-000000000001',
        description: 'First',
        version: '3',
        nodes,
        formFields: null,
        deployedAt: created,
        createdAt: created,
      },
    },
    releases: ['deployed', 'draft', 'archived'].map((status, i) => ({
      uuid: `e0000000-0000-4000-8000-00000000000${i + 1}`,
      workflowUuid: 'w0000000-0000-4000-8000-000000000001',
      status,
      version: `${3 - i}`,
      description: `Release ${3 - i}`,
      deployedAt: status === 'draft' ? null : created,
      createdAt: created,
      updatedAt: created,
      deletedAt: null,
    })),
    metrics: nodes.map((n) => ({
      nodeUuid: n.uuid,
      totalExecutionsCount: 10,
      idleExecutionsCount: 0,
      pendingExecutionsCount: 1,
      runningExecutionsCount: 1,
      successExecutionsCount: 5,
      errorExecutionsCount: 3,
      cancellingExecutionsCount: 0,
      cancelledExecutionsCount: 0,
      skippedExecutionsCount: 0,
      creditsUsedCount: 20,
    })),
    spans: (run.executions as Wire[]).map((e, executionIndex) => ({
      workspaceUuid: 's0000000-0000-4000-8000-000000000001',
      workflowUuid: 'w0000000-0000-4000-8000-000000000001',
      userUuid: null,
      batchUuid: run.batchUuid,
      traceUuid: run.traceUuid,
      recordId: run.recordId,
      recordTitle: run.recordTitle,
      runUuid: run.uuid,
      runContextS3Filename: 'context.json',
      runComputedConfigsS3Filename: 'configs.json',
      parentRunUuid: null,
      parentNodeUuid: null,
      parentBatchUuid: null,
      parentAgentUuid: null,
      parentChatUuid: null,
      parentMessageUuid: null,
      isGroupParent: null,
      nodeUuid: e.nodeUuid,
      nodeKind: e.nodeKind,
      nodeSlug: e.nodeSlug,
      nodeActionSlug: 'enrich',
      nodeConnectorUuid: null,
      nodeIntegrationSlug: null,
      nodeToolUuid: null,
      nodeAgentUuid: null,
      nodeReleaseUuid: null,
      nodeBatchUuid: null,
      nodeRunUuid: null,
      nodeMessageUuid: null,
      nodeChildIndex: null,
      nodeWaitUntilFinished: false,
      nodeNextUuid: null,
      executionIndex,
      executionStatus: e.status,
      executionErrorMessage: e.errorMessage,
      executionTitle: e.title,
      executionIconUrl: null,
      executionCreditsUsedCount: 2,
      executionStartedAt: created,
      executionUpdatedAt: finished,
      executionFinishedAt: finished,
    })),
  };
}

/** Parses a wire world with the schemas the client parses responses with. */
export function parseWorld(wire: ReturnType<typeof wireWorld>, name: string, error: Error, detailsText = JSON.stringify(wire.details)): World {
  const details = RunDetailsResponseSchema.parse(wire.details);
  return {
    batch: BatchSchema.parse(wire.batch),
    run: RunSchema.parse(wire.details.run),
    details,
    workflow: WorkflowSchema.parse(wire.workflow),
    releases: wire.releases.map((release) => ReleaseSchema.parse(release)),
    metrics: wire.metrics.map((metric) => RunMetricSchema.parse(metric)),
    spans: wire.spans.map((span) => SpanSchema.parse(span)),
    name,
    error,
    detailsText,
  };
}

/** Fields whose value decides what a surface does (statuses, kinds, times), not only what it shows. */
const STRUCTURAL = new Set(['status', 'kind', 'nodeKind', 'runsStatus', 'executionStatus']);
const isTime = (key: string) => /At$/.test(key);

/**
 * Every string of the world replaced by `text` (`everyString`: statuses, kinds and times too; else
 * those keep their value, so that the failed-run paths are taken), and the run's context and computed
 * configs by `json`, one entry per node slug.
 */
export function hostileWorld(text: string, json: unknown, jsonText: string, everyString: boolean): World {
  const replace = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') return everyString || (!STRUCTURAL.has(key) && !isTime(key)) ? text : value;
    if (Array.isArray(value)) return value.map((item) => replace(item, key));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v, k)]));
    return value;
  };
  const wire = wireWorld();
  const { runContext: _context, runComputedConfigs: _configs, ...rest } = wire.details;
  const replaced = replace({ ...wire, details: rest }, '') as ReturnType<typeof wireWorld>;
  const slugs = Object.fromEntries([[text, json]]);
  replaced.details.runContext = slugs;
  replaced.details.runComputedConfigs = slugs;
  const slugsText = `{${JSON.stringify(text)}:${jsonText}}`;
  const detailsText = `{"run":${JSON.stringify(replaced.details.run)},"runContext":${slugsText},"runComputedConfigs":${slugsText}}`;
  // Made flat now, as a response body is (built by concatenation, it is a rope the first search would flatten).
  detailsText.indexOf('\u0000');
  return parseWorld(replaced, text, new Error(text), detailsText);
}
