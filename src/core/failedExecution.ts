// Where a run failed: its last execution with status error, and the name of that execution's node.
// The one definition for every feature that shows a failure (notifications, diagnostics, groups).
import type { Execution, Run } from '../api';

export interface FailedExecution {
  readonly execution: Execution;
  /** Its index in the run's executions. */
  readonly index: number;
  /** The node's name from the run's graph, when the run carries it. */
  readonly nodeName: string | undefined;
}

export function lastFailedExecution(run: Run): FailedExecution | undefined {
  for (let index = run.executions.length - 1; index >= 0; index--) {
    const execution = run.executions[index] as Execution;
    if (execution.status.known !== 'error') continue;
    const node = run.nodes?.find((n) => n.uuid === execution.nodeUuid) ?? run.nodes?.find((n) => n.slug === execution.nodeSlug);
    return { execution, index, nodeName: node?.name ?? undefined };
  }
  return undefined;
}
