// The record a run started from: what its start node received (the first execution's node context).
import type { RunDetails } from '../api';

export function startData(details: RunDetails): Record<string, unknown> | undefined {
  const startSlug = details.run.executions[0]?.nodeSlug ?? details.run.nodes?.[0]?.slug;
  const value = startSlug === undefined ? undefined : details.runContext[startSlug];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
