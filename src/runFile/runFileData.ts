// The data a new run file starts with: the input of the workflow's last finished run, else the
// deployed release's form fields with empty values of their kind.
import type { CargoClient, Workflow } from '../api';
import { startData } from '../runs/startData';

export async function lastInputOrSkeleton(client: CargoClient, workflow: Workflow): Promise<Record<string, unknown>> {
  // A finished run: its start node's context holds the input (a run still starting has none yet).
  const { runs } = await client.listRuns({ workflowUuid: workflow.uuid, isFinished: true, limit: 1 });
  const last = runs[0];
  if (!last) return skeletonData(workflow);
  return startData(await client.getRun(last.uuid)) ?? skeletonData(workflow);
}

/** The deployed release's form fields with empty values of their kind, when there is no run to copy. */
export function skeletonData(workflow: Workflow): Record<string, unknown> {
  const empty: Record<string, unknown> = { string: '', number: 0, boolean: false, array: [], date: '', enum: '' };
  const fields = workflow.deployedRelease?.formFields ?? [];
  return Object.fromEntries(fields.map((field) => [field.slug, empty[field.kind.known] ?? null]));
}
