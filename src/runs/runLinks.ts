// Where a run can be reached: its page in Cargo's web app (as configured), its read-only JSON document
// in the editor (`cargo-run:/<uuid>.json`), and the run a pasted text or link names.
import { uuidAfter, uuidIn } from '../shared/uuid';

const enc = encodeURIComponent;

/** Pages in Cargo's web app ("Open in Cargo"), under the configured base URL (read at each call: settings change). */
export class WebAppLinks {
  constructor(private readonly baseUrl: () => string) {}

  workflow(workflowUuid: string): string {
    return `${this.baseUrl()}/workflows/${enc(workflowUuid)}`;
  }

  batch(workflowUuid: string, batchUuid: string): string {
    return `${this.workflow(workflowUuid)}/batches/${enc(batchUuid)}`;
  }

  run(workflowUuid: string, runUuid: string): string {
    return `${this.workflow(workflowUuid)}/runs/${enc(runUuid)}`;
  }
}

/** The path of a run's read-only JSON document, under the `cargo-run:` scheme. */
export function runDocumentPath(runUuid: string): string {
  return `/${runUuid}.json`;
}

/**
 * The run uuid in a uuid, or in a Cargo URL of a run (the one after /runs/, when the URL also names
 * a workflow or batch); lower case. Undefined when there is none.
 */
export function runUuidIn(text: string): string | undefined {
  const trimmed = text.trim();
  return uuidAfter(trimmed, 'runs') ?? uuidIn(trimmed);
}
