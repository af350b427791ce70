// Runs that failed, as Cargo sends them (parsed loosely): for the tests of where and why a run failed.
import type { Run } from '../../../src/api';

/** A run with these executions (the node "hubspot" is named "Update contact" in its graph). */
export function failedRun(
  executions: { slug: string; status: 'success' | 'error' | 'pending'; error?: string }[],
  status = 'error',
  errorMessage: string | null = null,
): Run {
  return {
    uuid: '9d886472-9b69-4234-ab4d-e7734925bcf0',
    workflowUuid: 'w',
    recordId: 'r',
    recordTitle: 't',
    status: { known: status, raw: status },
    errorMessage,
    createdAt: '2026-12-02T10:00:00Z',
    updatedAt: '2026-12-02T10:00:01Z',
    nodes: [{ uuid: 'n-hub', slug: 'hubspot', kind: { known: 'connector', raw: 'connector' }, name: 'Update contact' }],
    executions: executions.map((e) => ({
      nodeUuid: e.slug === 'hubspot' ? 'n-hub' : `n-${e.slug}`,
      nodeSlug: e.slug,
      nodeKind: { known: 'connector', raw: 'connector' },
      status: { known: e.status, raw: e.status },
      errorMessage: e.error ?? null,
    })),
  } as unknown as Run;
}
