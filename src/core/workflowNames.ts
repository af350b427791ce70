// Workflows have no name of their own: a workflow is named after the play or tool that owns it.
import type { CargoClient } from '../api';

/** Workflow uuid → the name of the play or tool that owns it (plays/list and tools/list). */
export async function fetchWorkflowNames(client: CargoClient, signal?: AbortSignal): Promise<Map<string, string>> {
  const [plays, tools] = await Promise.all([client.listPlays(signal), client.listTools(signal)]);
  return new Map([...plays, ...tools].map((owner) => [owner.workflowUuid, owner.name]));
}
