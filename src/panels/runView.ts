// GET /runs/{uuid} → the plain, JSON-safe view model the run panel's webview renders.
import { enumText, isFinishedRunStatus, type RunDetails } from '../api';
import { durationBetween, formatDuration } from '../model/format';
import type { ExecutionView, JsonValue, NodeJson, RunView } from './protocol';

export function toRunView(details: RunDetails, now: number = Date.now()): RunView {
  const { run } = details;
  const names = new Map<string, string>();
  for (const node of run.nodes ?? []) if (node.name) names.set(node.uuid, node.name);
  const executions = run.executions.map(
    (execution): ExecutionView => ({
      nodeSlug: execution.nodeSlug,
      nodeName: names.get(execution.nodeUuid) ?? null,
      status: enumText(execution.status),
      failed: execution.status.known === 'error',
      title: execution.title ?? null,
      errorMessage: execution.errorMessage ?? null,
      credits: execution.creditsUsedCount ?? 0,
      startedAt: execution.startedAt ?? null,
      finishedAt: execution.finishedAt ?? null,
      duration: durationText(execution.startedAt, execution.finishedAt, now),
    }),
  );
  return {
    uuid: run.uuid,
    status: enumText(run.status),
    finished: isFinishedRunStatus(run.status),
    failed: run.status.known === 'error',
    recordTitle: run.recordTitle,
    recordId: run.recordId,
    workflow: run.workflowUuid,
    batchUuid: run.batchUuid ?? null,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt ?? null,
    duration: durationText(run.createdAt, run.finishedAt, now),
    credits: executions.reduce((sum, execution) => sum + execution.credits, 0),
    errorMessage: run.errorMessage ?? null,
    executions,
    context: perNode(details.runContext),
    computedConfigs: perNode(details.runComputedConfigs),
  };
}

function durationText(start: string | null | undefined, end: string | null | undefined, now: number): string {
  const ms = durationBetween(start, end, now);
  return ms === undefined ? '' : formatDuration(ms);
}

/**
 * Values up to this length (as JSON) go with the first message; larger ones only when the node is
 * expanded, so a context of megabytes does not delay the first screen.
 */
export const INLINE_NODE_LIMIT = 64 * 1024;

/** The response was parsed from JSON, so its values are JSON values (undefined cannot occur). */
function perNode(record: Record<string, unknown>): NodeJson[] {
  return Object.entries(record).map(([slug, raw]) => {
    const value = (raw ?? null) as JsonValue;
    const size = JSON.stringify(value).length;
    return size <= INLINE_NODE_LIMIT ? { slug, size, value } : { slug, size };
  });
}
