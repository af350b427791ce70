// Where and why a run failed: its last execution with status error, else the run's own error. The one
// definition for every place that shows a failure (notifications, diagnostics, hovers, groups, lenses).
import type { Execution, Run } from '../api';
import { firstLine } from '../shared/format';
import { plainText } from '../shared/text';
import { nodeLabel } from './labels';

export interface RunFailure {
  /** Index of the failed execution in the run's executions (-1: the run failed before any node did). */
  readonly index: number;
  readonly execution: Execution | undefined;
  readonly nodeSlug: string | undefined;
  readonly nodeUuid: string | undefined;
  /** The node's name from the run's graph, when the run carries it. */
  readonly nodeName: string | undefined;
  /** The error as Cargo gave it: the execution's, else the run's; '' when Cargo gave none. */
  readonly message: string;
}

/** The run's failure; undefined for a run that did not fail (no failed execution, and not in error). */
export function runFailure(run: Run): RunFailure | undefined {
  for (let index = run.executions.length - 1; index >= 0; index--) {
    const execution = run.executions[index] as Execution;
    if (execution.status.known !== 'error') continue;
    const node = run.nodes?.find((n) => n.uuid === execution.nodeUuid) ?? run.nodes?.find((n) => n.slug === execution.nodeSlug);
    return {
      index,
      execution,
      nodeSlug: execution.nodeSlug,
      nodeUuid: execution.nodeUuid,
      nodeName: node?.name ?? undefined,
      message: execution.errorMessage || run.errorMessage || '',
    };
  }
  if (run.status.known !== 'error') return undefined;
  return { index: -1, execution: undefined, nodeSlug: undefined, nodeUuid: undefined, nodeName: undefined, message: run.errorMessage ?? '' };
}

/** The error to show: Cargo's, or that it gave none. */
export function failureMessage(failure: RunFailure): string {
  return failure.message || 'Cargo gave no error message.';
}

/** Where it failed: the node's label, or "The run" when it failed before any node did. */
export function failureNode(failure: RunFailure): string {
  return failure.nodeSlug === undefined ? 'The run' : nodeLabel({ name: failure.nodeName, slug: failure.nodeSlug });
}

/** "Enrich contact (clearbit_enrich): Rate limited" — the node, then the error's first line, as plain text on one line. */
export function failureSummary(failure: RunFailure, maxLength = 300): string {
  return `${plainText(failureNode(failure), 100)}: ${plainText(firstLine(failureMessage(failure), maxLength), maxLength)}`;
}
