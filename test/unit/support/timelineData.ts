// Hand-made runs, spans and traces of a lineage for the timeline's tests: a parent run of 6 executions
// whose tool node started a child run of 3, whose search node started a grandchild of 1.
import type { Run, Span, Trace } from '../../../src/api';
import { RunSchema, SpanSchema } from '../../../src/api/runSchemas';
import { TraceSchema } from '../../../src/api/traceSchemas';

export const TRACE = 'trace-1';
export const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

export interface Step {
  readonly slug: string;
  readonly start: number;
  readonly end?: number;
  readonly status?: string;
  readonly credits?: number;
  readonly nodeRunUuid?: string;
  readonly name?: string;
}

export const PARENT_STEPS: Step[] = [
  { slug: 'start', start: 0, end: 100, name: 'Start' },
  { slug: 'enrich', start: 100, end: 1_100, credits: 2, name: 'Enrich company' },
  { slug: 'find_contacts', start: 1_100, end: 4_100, nodeRunUuid: 'child', name: 'Find contacts' },
  { slug: 'is_qualified', start: 4_100, end: 4_200 },
  { slug: 'notify', start: 4_200, end: 4_300, credits: 1 },
  { slug: 'end', start: 4_300, end: 4_400 },
];
export const CHILD_STEPS: Step[] = [
  { slug: 'start', start: 1_150, end: 1_200 },
  { slug: 'search_contacts', start: 1_200, end: 3_900, credits: 5, nodeRunUuid: 'grandchild' },
  { slug: 'end', start: 3_900, end: 4_000 },
];
export const GRANDCHILD_STEPS: Step[] = [{ slug: 'lookup', start: 1_300, end: 3_800 }];

export function runOf(uuid: string, steps: readonly Step[], fields: Record<string, unknown> = {}): Run {
  return RunSchema.schema.parse({
    uuid,
    workflowUuid: `wf-${uuid}`,
    traceUuid: TRACE,
    recordId: `rec-${uuid}`,
    recordTitle: `Record ${uuid}`,
    status: steps.every((step) => step.end !== undefined) ? 'success' : 'running',
    createdAt: at(0),
    updatedAt: at(0),
    nodes: steps
      .filter((step) => step.name)
      .map((step) => ({ uuid: `${uuid}:${step.slug}`, slug: step.slug, name: step.name, kind: 'native', childrenUuids: [] })),
    executions: steps.map((step) => ({
      nodeUuid: `${uuid}:${step.slug}`,
      nodeSlug: step.slug,
      nodeKind: step.nodeRunUuid ? 'tool' : 'native',
      status: step.status ?? (step.end === undefined ? 'running' : 'success'),
      nodeRunUuid: step.nodeRunUuid ?? null,
      creditsUsedCount: step.credits ?? 0,
      startedAt: at(step.start),
      finishedAt: step.end === undefined ? null : at(step.end),
    })),
    ...fields,
  });
}

export function spansOf(runUuid: string, steps: readonly Step[], parent?: { runUuid: string; nodeSlug: string }): Span[] {
  return steps.map((step, executionIndex) =>
    SpanSchema.schema.parse({
      workflowUuid: `wf-${runUuid}`,
      traceUuid: TRACE,
      recordId: `rec-${runUuid}`,
      recordTitle: `Record ${runUuid}`,
      runUuid,
      parentRunUuid: parent?.runUuid ?? null,
      parentNodeUuid: parent ? `${parent.runUuid}:${parent.nodeSlug}` : null,
      nodeUuid: `${runUuid}:${step.slug}`,
      nodeKind: step.nodeRunUuid ? 'tool' : 'native',
      nodeSlug: step.slug,
      nodeRunUuid: step.nodeRunUuid ?? null,
      executionIndex,
      executionStatus: step.status ?? (step.end === undefined ? 'running' : 'success'),
      executionCreditsUsedCount: step.credits ?? 0,
      executionStartedAt: at(step.start),
      executionFinishedAt: step.end === undefined ? null : at(step.end),
    }),
  );
}

export function lineageSpans(child: readonly Step[] = CHILD_STEPS, grandchild: readonly Step[] = GRANDCHILD_STEPS): Span[] {
  return [
    ...spansOf('parent', PARENT_STEPS),
    ...spansOf('child', child, { runUuid: 'parent', nodeSlug: 'find_contacts' }),
    ...spansOf('grandchild', grandchild, { runUuid: 'child', nodeSlug: 'search_contacts' }),
  ];
}

export function traceOf(fields: Record<string, unknown> = {}): Trace {
  return TraceSchema.schema.parse({
    uuid: TRACE,
    workflowUuid: 'wf-parent',
    rootRunUuid: 'parent',
    spansCount: 10,
    failedSpansCount: 0,
    pendingSpansCount: 0,
    succeededSpansCount: 10,
    creditsUsedCount: 8,
    startedAt: at(0),
    finishedAt: at(4_400),
    updatedAt: at(4_400),
    status: 'success',
    ...fields,
  });
}
