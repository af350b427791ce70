// Schemas of batches and of what the batches endpoints answer.
// Built lazily and tolerant of API changes, as schemaParts.ts says.
import * as z from 'zod/mini';
import { BATCH_DATA_KINDS, BATCH_RUNS_STATUSES, BATCH_STATUSES, tolerantEnum } from './enums';
import { lazySchema, type Output } from './lazySchema';
import { isoDate, nullish, num, opt, str } from './schemaParts';
import { ofWorkflowRelease } from './workflowSchemas';

/** What a batch ran on. Only `kind` is declared; the kind's own fields are kept as sent. */
export const BatchDataSchema = lazySchema(() => z.looseObject({ kind: tolerantEnum(BATCH_DATA_KINDS) }));
export type BatchData = Output<typeof BatchDataSchema>;

export const BatchSchema = lazySchema(() =>
  z.looseObject({
    ...ofWorkflowRelease(),
    temporalWorkflowId: opt(str()),
    traceUuid: nullish(str()),
    data: opt(BatchDataSchema.schema),
    errorMessage: nullish(str()),
    status: tolerantEnum(BATCH_STATUSES),
    runsStatus: nullish(tolerantEnum(BATCH_RUNS_STATUSES)),
    runsCount: num(),
    executedRunsCount: num(),
    failedRunsCount: num(),
    creditsUsedCount: opt(num()),
    createdAt: isoDate(),
    updatedAt: isoDate(),
    finishedAt: nullish(isoDate()),
  }),
);
export type Batch = Output<typeof BatchSchema>;

export const BatchesResponseSchema = lazySchema(() => z.looseObject({ batches: z.array(BatchSchema.schema) }));
export const BatchResponseSchema = lazySchema(() => z.looseObject({ batch: BatchSchema.schema }));
