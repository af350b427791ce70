// Schemas of traces: a run's whole lineage (the run and the runs its tool and agent nodes started),
// aggregated by Cargo from its spans. Built lazily and tolerant of API changes, as schemaParts.ts says.
import * as z from 'zod/mini';
import { TRACE_STATUSES, tolerantEnum } from './enums';
import { lazySchema, type Output } from './lazySchema';
import { isoDate, nullish, num, opt, str } from './schemaParts';

export const TraceSchema = lazySchema(() =>
  z.looseObject({
    uuid: str(),
    workspaceUuid: opt(str()),
    workflowUuid: str(),
    rootRunUuid: nullish(str()),
    rootRecordId: nullish(str()),
    rootRecordTitle: nullish(str()),
    rootUserUuid: nullish(str()),
    chatUuid: nullish(str()),
    agentUuid: nullish(str()),
    spansCount: num(),
    failedSpansCount: num(),
    pendingSpansCount: num(),
    succeededSpansCount: num(),
    creditsUsedCount: num(),
    startedAt: isoDate(),
    finishedAt: nullish(isoDate()),
    updatedAt: isoDate(),
    status: tolerantEnum(TRACE_STATUSES),
  }),
);
export type Trace = Output<typeof TraceSchema>;

export const TraceResponseSchema = lazySchema(() => z.looseObject({ trace: TraceSchema.schema }));
export const TracesPageSchema = lazySchema(() => z.looseObject({ traces: z.array(TraceSchema.schema), count: num() }));
export type TracesPage = Output<typeof TracesPageSchema>;
