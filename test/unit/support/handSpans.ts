// Hand-made spans of one trace (a run's lineage), as Cargo sends them and parsed with the extension's
// schema: a run's executions one second apart from T0, each finished half a second after it started.
import type { Span } from '../../../src/api';
import { SpanSchema } from '../../../src/api/runSchemas';

export const TRACE = 'trace-1';
export const T0 = Date.parse('2026-12-01T10:00:00.000Z');
export const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

/** The span of `runUuid`'s execution `executionIndex`: slug `<run>_step_<index>` unless `fields` say otherwise. */
export function handSpan(runUuid: string, executionIndex: number, fields: Record<string, unknown> = {}): Span {
  return SpanSchema.schema.parse({
    workflowUuid: `wf-${runUuid}`,
    traceUuid: TRACE,
    recordId: `rec-${runUuid}`,
    recordTitle: `Record ${runUuid}`,
    runUuid,
    nodeUuid: `${runUuid}-node-${executionIndex}`,
    nodeKind: 'native',
    nodeSlug: `${runUuid}_step_${executionIndex}`,
    executionIndex,
    executionStatus: 'success',
    executionStartedAt: at(executionIndex + 1),
    executionFinishedAt: at(executionIndex + 1.5),
    ...fields,
  });
}
