// Turns the world's entities into the JSON the API sends, at a given moment.
import { fillErrorPattern, workflowRecord, type ErrorTemplate } from './catalog';
import { childRunOf } from './childRuns';
import { nodeInputs } from './context';
import { hostileString, megabyteString } from './hostile';
import { batchStateAt, runStateAt } from './lifecycle';
import {
  releaseUuidOf,
  type ExecutionState,
  type SimStep,
  type RunState,
  type SimBatch,
  type SimNode,
  type SimRelease,
  type SimRun,
  type SimWorkflow,
  type World,
} from './model';
import { rngFor } from './random';
import { profileFor, recordIdentity, type Profile } from './records';
import type {
  RecordStatus,
  RunStatus,
  WireBatch,
  WireExecution,
  WireNode,
  WirePlay,
  WireRecord,
  WireRelease,
  WireReleaseFormField,
  WireRun,
  WireSpan,
  WireTool,
  WireWorkflow,
  WireWorkflowNode,
} from './types';

export const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : iso(ms));

export function nodeJson(node: SimNode): WireNode {
  const bp = node.blueprint;
  const base = {
    uuid: node.uuid,
    slug: bp.slug,
    name: bp.name,
    description: bp.description,
    config: bp.config,
    childrenUuids: node.children.map((c) => c.uuid),
    fallbackOnFailure: bp.fallbackOnFailure ?? false,
    position: node.position,
    retry: bp.retry,
  };
  switch (bp.kind) {
    case 'native':
      return { ...base, kind: 'native', actionSlug: bp.actionSlug ?? bp.slug };
    case 'connector':
      return {
        ...base,
        kind: 'connector',
        integrationSlug: bp.integrationSlug ?? '',
        connectorUuid: node.connectorUuid ?? undefined,
        actionSlug: bp.actionSlug ?? '',
      };
    case 'tool':
      return { ...base, kind: 'tool', toolUuid: node.toolUuid ?? undefined, waitUntilFinished: true };
    case 'agent':
      return { ...base, kind: 'agent', agentUuid: node.agentUuid ?? undefined, templateSlug: bp.templateSlug, waitUntilFinished: true };
  }
}

function workflowNodeJson(node: SimNode): WireWorkflowNode {
  const bp = node.blueprint;
  const base = { uuid: node.uuid, slug: bp.slug, name: bp.name, description: bp.description, isArchived: false, nodes: node.children.map(workflowNodeJson) };
  switch (bp.kind) {
    case 'native':
      return { ...base, kind: 'native', actionSlug: bp.actionSlug ?? bp.slug };
    case 'connector':
      return {
        ...base,
        kind: 'connector',
        actionSlug: bp.actionSlug ?? '',
        connectorUuid: node.connectorUuid ?? undefined,
        integrationSlug: bp.integrationSlug ?? '',
      };
    case 'tool':
      return { ...base, kind: 'tool', toolUuid: node.toolUuid ?? undefined };
    case 'agent':
      return { ...base, kind: 'agent', agentUuid: node.agentUuid ?? undefined, templateSlug: bp.templateSlug };
  }
}

export function batchJson(world: World, batch: SimBatch, now: number): WireBatch {
  const state = batchStateAt(world, batch, now);
  return {
    uuid: batch.uuid,
    workspaceUuid: world.workspaceUuid,
    workflowUuid: batch.workflow.uuid,
    userUuid: batch.userUuid,
    releaseUuid: batch.releaseUuid ?? batch.workflow.releaseUuid,
    nodes: null,
    temporalWorkflowId: `batch-${batch.uuid}`,
    traceUuid: null,
    data: batch.data,
    errorMessage: state.errorMessage,
    status: state.status,
    runsStatus: state.runsStatus,
    runsCount: state.runsCount,
    executedRunsCount: state.executedRunsCount,
    failedRunsCount: state.failedRunsCount,
    creditsUsedCount: state.creditsUsedCount,
    createdAt: iso(batch.createdAt),
    updatedAt: iso(state.updatedAt),
    finishedAt: isoOrNull(state.finishedAt),
  };
}

/** The template a failed execution's message follows. */
export const templateOf = (step: SimStep): ErrorTemplate | undefined => step.node.blueprint.behaviour.errors[step.errorIndex];

/** The error message of a failed (not cancelled) execution: its template, filled from what the node had in this run. */
export function errorMessageOf(world: World, run: SimRun, step: SimStep, profile: Profile): string {
  const template = templateOf(step);
  if (!template) return 'Unknown error';
  return fillErrorPattern(template.pattern, nodeInputs(world, run, step, profile), rngFor(world.seed, 'error', (step.keptFrom ?? run).key, step.index));
}

/** Texts of one execution, hostile runs included. */
export function executionTexts(world: World, run: SimRun, execution: ExecutionState, profile: Profile): { title: string | null; errorMessage: string | null } {
  const { step } = execution;
  const behaviour = step.node.blueprint.behaviour;
  if (execution.cancelled) return { title: null, errorMessage: 'Run cancelled' };
  if (execution.status === 'pending') return { title: null, errorMessage: null };
  const errorMessage = execution.status === 'error' ? errorMessageOf(world, run, step, profile) : null;
  if (!run.hostile) return { title: errorMessage === null ? behaviour.title(profile) : null, errorMessage };
  const seed = run.recordTitle.length + step.index;
  return {
    title: hostileString(seed),
    errorMessage: errorMessage === null ? null : run.hostile === 'megabyte' ? megabyteString() : hostileString(seed + 7),
  };
}

function executionJson(world: World, run: SimRun, execution: ExecutionState, profile: Profile): WireExecution {
  const { step } = execution;
  const node = step.node;
  const bp = node.blueprint;
  const texts = executionTexts(world, run, execution, profile);
  const base = {
    nodeUuid: node.uuid,
    nodeSlug: bp.slug,
    nodeBatchUuid: null,
    nodeRunUuid: childRunOf(run, step)?.uuid ?? null,
    nodeMessageUuid: null,
    nodeChildIndex: execution.status === 'pending' ? null : step.childIndex,
    nextNodeUuid: execution.status === 'pending' ? null : (step.next?.uuid ?? null),
    status: execution.status,
    errorMessage: texts.errorMessage,
    title: texts.title,
    iconUrl: bp.behaviour.iconUrl,
    creditsUsedCount: execution.status === 'success' ? step.credits : 0,
    startedAt: iso(step.start),
    updatedAt: iso(execution.finishedAt ?? step.start),
    finishedAt: isoOrNull(execution.finishedAt),
    nodeWaitUntilFinished: bp.kind === 'tool' || bp.kind === 'agent',
  };
  switch (bp.kind) {
    case 'native':
      return { ...base, nodeKind: 'native', nodeActionSlug: bp.actionSlug ?? bp.slug };
    case 'connector':
      return {
        ...base,
        nodeKind: 'connector',
        nodeActionSlug: bp.actionSlug ?? '',
        nodeConnectorUuid: node.connectorUuid ?? '',
        nodeIntegrationSlug: bp.integrationSlug ?? '',
      };
    case 'tool':
      return { ...base, nodeKind: 'tool', nodeToolUuid: node.toolUuid ?? '', nodeReleaseUuid: null };
    case 'agent':
      return { ...base, nodeKind: 'agent', nodeAgentUuid: node.agentUuid ?? '', nodeReleaseUuid: null };
  }
}

function runErrorMessage(world: World, run: SimRun, state: RunState, profile: Profile): string | null {
  const last = state.executions[state.executions.length - 1];
  if (!state.errorStep || !last) return null;
  return executionTexts(world, run, last, profile).errorMessage;
}

export interface RunView {
  run: WireRun;
  state: RunState;
}

export function runView(world: World, run: SimRun, now: number): RunView {
  const state = runStateAt(world, run, now);
  const profile = profileFor(world.seed, run.recordKey, run.input);
  const filePrefix = `workspaces/${world.workspaceUuid}/runs/${run.uuid}`;
  return {
    state,
    run: {
      uuid: run.uuid,
      workspaceUuid: world.workspaceUuid,
      workflowUuid: run.workflow.uuid,
      userUuid: run.userUuid,
      releaseUuid: releaseUuidOf(run),
      nodes: null,
      batchUuid: run.batch?.uuid ?? null,
      traceUuid: run.traceUuid,
      temporalWorkflowId: run.batch ? `batch-${run.batch.uuid}-run-${run.uuid}` : `run-${run.uuid}`,
      recordId: run.recordId,
      recordTitle: run.recordTitle,
      contextS3Filename: `${filePrefix}/context.json`,
      computedConfigsS3Filename: `${filePrefix}/computed-configs.json`,
      parentUuid: run.parent?.run.uuid ?? null,
      parentNodeUuid: run.parent?.node.uuid ?? null,
      parentBatchUuid: run.parent?.run.batch?.uuid ?? null,
      parentAgentUuid: null,
      parentChatUuid: null,
      parentMessageUuid: null,
      isGroupParent: false,
      status: state.status,
      errorMessage: runErrorMessage(world, run, state, profile),
      executions: state.executions.map((e) => executionJson(world, run, e, profile)),
      createdAt: iso(run.createdAt),
      updatedAt: iso(state.updatedAt),
      finishedAt: isoOrNull(state.finishedAt),
      deletedAt: null,
    },
  };
}

const RECORD_STATUS: Record<RunStatus, RecordStatus> = {
  idle: 'pending',
  pending: 'pending',
  running: 'running',
  success: 'success',
  error: 'error',
  cancelling: 'cancelling',
  cancelled: 'cancelled',
  skipped: 'cancelled',
};

export function recordStatusOf(status: RunStatus): RecordStatus {
  return RECORD_STATUS[status];
}

/** The parent fields as records and spans name them (`parentRunUuid`, where runs say `parentUuid`). */
function lineageOf(run: WireRun) {
  return {
    parentRunUuid: run.parentUuid,
    parentNodeUuid: run.parentNodeUuid,
    parentBatchUuid: run.parentBatchUuid,
    parentAgentUuid: run.parentAgentUuid,
    parentChatUuid: run.parentChatUuid,
    parentMessageUuid: run.parentMessageUuid,
    isGroupParent: run.isGroupParent,
  };
}

export function recordJson(run: WireRun): WireRecord {
  return {
    workspaceUuid: run.workspaceUuid,
    workflowUuid: run.workflowUuid,
    userUuid: run.userUuid,
    id: run.recordId,
    title: run.recordTitle,
    runUuid: run.uuid,
    traceUuid: run.traceUuid,
    releaseUuid: run.releaseUuid,
    nodes: run.nodes,
    batchUuid: run.batchUuid,
    temporalWorkflowId: run.temporalWorkflowId,
    contextS3Filename: run.contextS3Filename,
    computedConfigsS3Filename: run.computedConfigsS3Filename,
    ...lineageOf(run),
    status: recordStatusOf(run.status),
    errorMessage: run.errorMessage,
    executions: run.executions,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    finishedAt: run.finishedAt,
  };
}

export function spanJson(run: WireRun, execution: WireExecution, executionIndex: number): WireSpan {
  return {
    workspaceUuid: run.workspaceUuid,
    workflowUuid: run.workflowUuid,
    userUuid: run.userUuid,
    batchUuid: run.batchUuid ?? '',
    traceUuid: run.traceUuid,
    recordId: run.recordId,
    recordTitle: run.recordTitle,
    runUuid: run.uuid,
    runContextS3Filename: run.contextS3Filename,
    runComputedConfigsS3Filename: run.computedConfigsS3Filename,
    ...lineageOf(run),
    nodeUuid: execution.nodeUuid,
    nodeKind: execution.nodeKind,
    nodeSlug: execution.nodeSlug,
    nodeActionSlug: 'nodeActionSlug' in execution ? execution.nodeActionSlug : execution.nodeKind,
    nodeConnectorUuid: 'nodeConnectorUuid' in execution ? execution.nodeConnectorUuid : null,
    nodeIntegrationSlug: 'nodeIntegrationSlug' in execution ? execution.nodeIntegrationSlug : null,
    nodeToolUuid: 'nodeToolUuid' in execution ? execution.nodeToolUuid : null,
    nodeAgentUuid: 'nodeAgentUuid' in execution ? execution.nodeAgentUuid : null,
    nodeReleaseUuid: 'nodeReleaseUuid' in execution ? execution.nodeReleaseUuid : null,
    nodeBatchUuid: execution.nodeBatchUuid,
    nodeRunUuid: execution.nodeRunUuid,
    nodeMessageUuid: execution.nodeMessageUuid,
    nodeChildIndex: execution.nodeChildIndex,
    nodeWaitUntilFinished: execution.nodeWaitUntilFinished,
    nodeNextUuid: execution.nextNodeUuid,
    executionIndex,
    executionStatus: execution.status,
    executionErrorMessage: execution.errorMessage,
    executionTitle: execution.title,
    executionIconUrl: execution.iconUrl,
    executionCreditsUsedCount: execution.creditsUsedCount,
    executionStartedAt: execution.startedAt ?? run.createdAt,
    executionUpdatedAt: execution.updatedAt ?? execution.startedAt ?? run.createdAt,
    executionFinishedAt: execution.finishedAt,
  };
}

function formFields(workflow: SimWorkflow): WireReleaseFormField[] | null {
  if (workflow.blueprint.type !== 'tool') return null;
  return workflow.blueprint.recordKind === 'person'
    ? [
        { slug: 'email', name: 'Email', kind: 'string', isRequired: true, placeholder: 'jane@acme.com' },
        { slug: 'hubspotCompanyId', name: 'HubSpot company id', kind: 'string' },
      ]
    : [
        { slug: 'name', name: 'Company name', kind: 'string', isRequired: true },
        { slug: 'domain', name: 'Domain', kind: 'string', isRequired: true, placeholder: 'acme.com' },
        { slug: 'tier', name: 'Tier', kind: 'enum', enum: ['A', 'B', 'C', 'D'] },
      ];
}

export function releaseJson(world: World, release: SimRelease): WireRelease {
  const { workflow } = release;
  const kind = workflow.blueprint.recordKind;
  const sample = profileFor(world.seed, `${kind}/0`);
  return {
    uuid: release.uuid,
    parentUuid: release.parentUuid,
    workspaceUuid: world.workspaceUuid,
    userUuid: world.userUuid,
    workflowUuid: workflow.uuid,
    description: release.description,
    version: release.version,
    status: release.status,
    templateSlug: null,
    nodes: workflow.nodes.map(nodeJson),
    formFields: formFields(workflow),
    testRecords:
      workflow.blueprint.type === 'tool'
        ? [{ kind: 'data', data: workflowRecord(workflow.blueprint, sample) }]
        : [{ kind: 'id', id: recordIdentity(kind, sample).id }],
    deployedAt: isoOrNull(release.deployedAt),
    createdAt: iso(release.createdAt),
    updatedAt: iso(release.updatedAt),
    deletedAt: null,
  };
}

export function workflowJson(world: World, workflow: SimWorkflow, now: number): WireWorkflow {
  const last = workflow.batches.find((b) => b.createdAt <= now);
  const lastState = last ? batchStateAt(world, last, now) : undefined;
  const deployed = releaseJson(world, world.releasesByUuid.get(workflow.releaseUuid) as SimRelease);
  return {
    uuid: workflow.uuid,
    workspaceUuid: world.workspaceUuid,
    nodes: [workflowNodeJson(workflow.start)],
    createdAt: iso(workflow.createdAt),
    updatedAt: iso(workflow.updatedAt),
    deletedAt: null,
    playUuid: workflow.blueprint.type === 'play' ? workflow.ownerUuid : null,
    toolUuid: workflow.blueprint.type === 'tool' ? workflow.ownerUuid : null,
    folderUuid: workflow.folderUuid,
    template: null,
    lastBatch:
      last && lastState
        ? {
            uuid: last.uuid,
            status: lastState.status,
            runsStatus: lastState.runsStatus,
            errorMessage: lastState.errorMessage,
            createdAt: iso(last.createdAt),
            finishedAt: isoOrNull(lastState.finishedAt),
          }
        : null,
    deployedRelease: {
      uuid: deployed.uuid,
      userUuid: deployed.userUuid,
      description: deployed.description,
      version: deployed.version,
      nodes: deployed.nodes,
      formFields: deployed.formFields,
      templateSlug: deployed.templateSlug,
      deployedAt: deployed.deployedAt,
      createdAt: deployed.createdAt,
    },
  };
}

export function playJson(world: World, workflow: SimWorkflow): WirePlay {
  const bp = workflow.blueprint;
  return {
    uuid: workflow.ownerUuid,
    workspaceUuid: world.workspaceUuid,
    workflowUuid: workflow.uuid,
    userUuid: world.userUuid,
    modelUuid: workflow.modelUuid,
    segmentUuid: workflow.segmentUuid,
    changeKinds: ['added', 'updated'],
    runCreationRule: bp.key === 'newSignups' ? 'once' : 'always',
    name: bp.name,
    description: bp.description,
    schedule: bp.key === 'weeklyAbm' ? { type: 'cron', cron: '0 7 * * 1', temporalScheduleWorkflowId: `schedule-${workflow.ownerUuid}` } : { type: 'realtime' },
    isEnabled: true,
    healthThreshold: bp.healthThreshold,
    healthAlertActions: [],
    folderUuid: workflow.folderUuid,
    createdAt: iso(workflow.createdAt),
    updatedAt: iso(workflow.updatedAt),
    deletedAt: null,
  };
}

export function toolJson(world: World, workflow: SimWorkflow): WireTool {
  const bp = workflow.blueprint;
  return {
    uuid: workflow.ownerUuid,
    icon: { kind: 'emoji', emojiSlug: bp.emoji },
    workspaceUuid: world.workspaceUuid,
    workflowUuid: workflow.uuid,
    userUuid: world.userUuid,
    name: bp.name,
    folderUuid: workflow.folderUuid,
    creditsCost: { kind: 'minMax' },
    description: bp.description,
    isReadOnly: false,
    triggers: [],
    publicForm: null,
    createdAt: iso(workflow.createdAt),
    updatedAt: iso(workflow.updatedAt),
    deletedAt: null,
  };
}
