// The Cargo API edge: client, errors, response types and enum helpers. Knows HTTP, not VS Code.
export {
  CargoClient,
  type CargoClientOptions,
  type CargoRequestInfo,
  type NodeRange,
  type RunAsSent,
  type RunBodyLayout,
  type RunDownloadListener,
} from './client';
export { BodyText } from './bodyText';
export * from './errors';
export * from './enums';
export type { Batch, BatchData } from './batchSchemas';
export type { Execution, Run, RunDetails, RunMetric, RunsPage, Span, SpansPage } from './runSchemas';
export type { Trace, TracesPage } from './traceSchemas';
export type { CargoNode, FormField, Play, Release, Tool, Workflow, WorkflowNode } from './workflowSchemas';
export { MAX_PAGE_SIZE, MAX_TRACE_SPANS_PAGE } from './limits';
export type {
  CancelRunsBody,
  CreateBatchBody,
  CreateRunBody,
  ExecutionsFilter,
  ListBatchesParams,
  ListReleasesParams,
  ListRunsParams,
  ListSpansParams,
  ListTracesParams,
  RunMetricsParams,
} from './requests';
