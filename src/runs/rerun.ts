// Re-run with the same data: a new run of the same workflow (and release) with the record the run
// started from, asked first, then started like every run started from VS Code (RunStarter): sent once,
// followed, counted and announced, with "Look for It" when the answer is lost.
import type { CargoClient, Run, RunDetails } from '../api';
import { noteFailure, type ClientSource } from '../core/clientSource';
import type { Prompts } from '../core/prompts';
import { errorText, firstVisible, notificationText } from '../shared/text';
import type { StartOutcome } from './runCreation';
import type { RunStarter } from './runStarter';
import { startData } from './startData';
import type { WorkflowNames } from './workflowNames';

export interface RerunDeps {
  readonly clients: ClientSource;
  readonly starter: RunStarter;
  readonly prompts: Prompts;
  readonly names: WorkflowNames;
}

/** What the person confirms. */
export const START_RUN = 'Start Run';

/** `run`: the run to start again, as the place it was chosen in has it (at least its uuid). Resolves to what came of it, if it was sent. */
export async function rerun(client: CargoClient, run: Pick<Run, 'uuid'> & Partial<Run>, deps: RerunDeps): Promise<StartOutcome | undefined> {
  const { prompts } = deps;
  let details: RunDetails;
  try {
    details = await prompts.progress(`Reading the data of "${titleOf(run)}"…`, () => client.getRun(run.uuid));
  } catch (error) {
    noteFailure(deps.clients, error);
    void prompts.message('error', notificationText(`Could not read the run's data: ${errorText(error, 500)}`, 600));
    return undefined;
  }
  const title = titleOf(details.run);
  const data = startData(details);
  if (!data) {
    void prompts.message('error', `The run of "${title}" has no input record to re-run with.`);
    return undefined;
  }
  const answer = await prompts.message('info', `Start a new run of "${title}" with the same data?`, [START_RUN], {
    modal: true,
    detail: 'This creates a new run in Cargo and may use credits.',
  });
  if (answer !== START_RUN) return undefined;
  const { workflowUuid, releaseUuid } = details.run;
  return deps.starter.startOne({
    client,
    body: { workflowUuid, data, ...(releaseUuid ? { releaseUuid } : {}) },
    workflowName: (await deps.names.nameOf(workflowUuid)) ?? `workflow ${workflowUuid.slice(0, 8)}`,
    source: rerunSource(run.uuid),
  });
}

/** The run's record, inert for a notification, dialog or progress title. */
function titleOf(run: Pick<Run, 'uuid'> & Partial<Run>): string {
  return notificationText(firstVisible(run.recordTitle, run.recordId) ?? `run ${run.uuid.slice(0, 8)}`, 80);
}

/** What a re-run is kept as started from: the run it ran again. */
export function rerunSource(runUuid: string): string {
  return `a re-run of run ${runUuid.slice(0, 8)}`;
}
