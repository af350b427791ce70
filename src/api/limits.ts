// Cargo's limits, in a module of their own: settings read them at activation, without the schemas.

/**
 * Cargo's largest page of a list (runs, records, batches, spans without a traceUuid): not documented;
 * the simulator refuses more. The one statement of it (package.json's cargo.pageSize maximum says it too).
 */
export const MAX_PAGE_SIZE = 100;

/**
 * Most runs one retry may name by uuid (`data.filter.uuids` of a `kind: "runs"` batch): not documented, our
 * choice (the largest page of a list); the simulator refuses more. A larger group is sent in the fewest batches.
 */
export const MAX_RETRY_RUN_UUIDS = 100;

/** Largest page of spans/list when it names a `traceUuid` (Cargo raises the maximum for a trace): a run's whole lineage in one request. */
export const MAX_TRACE_SPANS_PAGE = 1000;
