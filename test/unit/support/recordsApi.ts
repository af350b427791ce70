// The records endpoint (POST /orchestration/records/list), which the extension does not use but the
// simulator serves: its schemas, built of src/api's own parts and as lazily, and RecordsClient, a
// CargoClient that also lists records, through the client's HTTP layer. The type of a record is checked
// against Cargo's in test/types/agreesWithCargoTypes.ts, like the extension's own.
import * as z from 'zod/mini';
import { CargoClient, checkParams } from '../../../src/api/client';
import { RECORD_STATUSES, tolerantEnum } from '../../../src/api/enums';
import { lazySchema, type Input, type Output } from '../../../src/api/lazySchema';
import { createdUpdated, executionsFilter, paging } from '../../../src/api/requests';
import { ExecutionSchema, parents } from '../../../src/api/runSchemas';
import { bool, isoDate, nullish, num, opt, str } from '../../../src/api/schemaParts';
import { NodeSchema } from '../../../src/api/workflowSchemas';

/** The latest run of one record id within a workflow. Note `parentRunUuid`, where runs say `parentUuid`. */
export const RecordSchema = lazySchema(() =>
  z.looseObject({
    workspaceUuid: opt(str()),
    workflowUuid: str(),
    userUuid: nullish(str()),
    id: str(),
    title: str(),
    runUuid: str(),
    traceUuid: opt(str()),
    releaseUuid: nullish(str()),
    nodes: nullish(z.array(NodeSchema.schema)),
    batchUuid: nullish(str()),
    temporalWorkflowId: opt(str()),
    contextS3Filename: opt(str()),
    computedConfigsS3Filename: opt(str()),
    parentRunUuid: nullish(str()),
    ...parents(),
    status: tolerantEnum(RECORD_STATUSES),
    errorMessage: nullish(str()),
    executions: z.array(ExecutionSchema.schema),
    createdAt: isoDate(),
    updatedAt: isoDate(),
    finishedAt: nullish(isoDate()),
  }),
);
/** Named CargoRecord so it does not shadow TypeScript's Record<K, V>. */
export type CargoRecord = Output<typeof RecordSchema>;

export const RecordsPageSchema = lazySchema(() => z.looseObject({ records: z.array(RecordSchema.schema), count: num() }));
export type RecordsPage = Output<typeof RecordsPageSchema>;

/** POST /orchestration/records/list body. */
export const ListRecordsParamsSchema = lazySchema(() =>
  z.object({
    workflowUuid: opt(str()),
    userUuid: opt(str()),
    ids: opt(z.array(str())),
    title: opt(str()),
    titleOrId: opt(str()),
    releaseUuid: opt(str()),
    batchUuid: opt(str()),
    statuses: opt(z.array(z.enum(RECORD_STATUSES))),
    parentBatchUuid: opt(str()),
    parentRunUuid: opt(str()),
    parentNodeUuid: opt(str()),
    isGroupParent: opt(bool()),
    executionsFilter: opt(executionsFilter()),
    ...createdUpdated(),
    ...paging(),
  }),
);
export type ListRecordsParams = Input<typeof ListRecordsParamsSchema>;

/** A CargoClient with the records list, the way the client had it. */
export class RecordsClient extends CargoClient {
  /**
   * Cargo's docs page says GET /orchestration/records/list with a query; its official client
   * (@cargo-ai/api) sends POST with a JSON body. We follow the client: filters such as
   * executionsFilter do not fit a query string.
   */
  async listRecords(params: ListRecordsParams, signal?: AbortSignal): Promise<RecordsPage> {
    const path = '/orchestration/records/list';
    const body = checkParams(ListRecordsParamsSchema, params, `POST ${path}`);
    return this.http.call({ method: 'POST', path, body, schema: RecordsPageSchema, retryable: true }, signal);
  }
}
