// Addresses in Cargo's web app ("Open in Cargo"), and run uuids found in text a person pastes.

const enc = encodeURIComponent;

export function workflowWebAppUrl(base: string, workflowUuid: string): string {
  return `${base}/workflows/${enc(workflowUuid)}`;
}

export function batchWebAppUrl(base: string, workflowUuid: string, batchUuid: string): string {
  return `${base}/workflows/${enc(workflowUuid)}/batches/${enc(batchUuid)}`;
}

/** A run's page in Cargo's web app. */
export function runWebAppUrl(base: string, workflowUuid: string, runUuid: string): string {
  return `${base}/workflows/${enc(workflowUuid)}/runs/${enc(runUuid)}`;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * The run uuid in a uuid, or in a Cargo URL of a run (the one after /runs/, when the URL also names
 * a workflow or batch); lower case. Undefined when there is none.
 */
export function runUuidIn(text: string): string | undefined {
  const trimmed = text.trim();
  const afterRuns = new RegExp(`/runs/(${UUID})(?![0-9a-f-])`, 'i').exec(trimmed)?.[1];
  const anywhere = new RegExp(`(?<![0-9a-f-])${UUID}(?![0-9a-f-])`, 'i').exec(trimmed)?.[0];
  return (afterRuns ?? anywhere)?.toLowerCase();
}
