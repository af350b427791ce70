// Cargo's limits, in a module of their own: settings read them at activation, without the schemas.

/**
 * Cargo's largest page of a list (runs, records, batches, spans without a traceUuid): not documented;
 * the simulator refuses more. The one statement of it (package.json's cargo.pageSize maximum says it too).
 */
export const MAX_PAGE_SIZE = 100;
