// Credits a run spent: the sum of its executions' (Cargo gives no total on the run itself).
import type { Run } from '../api';

export function runCredits(run: Run): number {
  return run.executions.reduce((sum, execution) => sum + (execution.creditsUsedCount ?? 0), 0);
}
