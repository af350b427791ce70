// "Cargo: Open…" and links into VS Code, once they know what was named (cargoReference.ts,
// vscodeLinks.ts): a run's panel (the one way, RunOpener), a batch shown in the Runs view, a workflow's
// runs. Only reads: nothing is started, cancelled or changed.
//
// A bare uuid does not say whether it is a run, a batch or a workflow. It is looked for where that
// costs least: what the Runs view has loaded (no request), then GET batches/{uuid} and GET
// workflows/{uuid} (small answers; Cargo's "not found" is cheap), and only then the run, by its
// panel, whose one GET is the whole run with its context (megabytes at worst). Asking for the run first
// would download it once to learn that it is one and again to show it. So a batch costs 1 request, a
// workflow 2 and a run 3 (two of them a small "not found"); nothing is asked twice. Signed out, a bare
// uuid opens as a run: its panel offers Sign In.
import { CargoNotFoundError, type Batch, type CargoClient } from '../api';
import { noteFailure, notReadyMessage, type ClientSource } from '../core/clientSource';
import type { Prompts } from '../core/prompts';
import { errorText, notificationText } from '../shared/text';
import type { CargoTarget } from './cargoReference';
import type { RunOpener } from './runOpener';

/** The Runs view, as "Open…" needs it (src/explorer's part, handed over by the composition root). */
export interface RunsViewPlaces {
  /** Whether the view has loaded this batch's row (it can be revealed without asking Cargo). */
  hasBatch(batchUuid: string): boolean;
  /** Selects and expands the batch's row; a batch the view has not loaded (`batch` given) is shown on its own. */
  revealBatch(batchUuid: string, batch?: Batch): Promise<void>;
  /** The view shows this workflow's batches and runs. */
  showWorkflow(workflowUuid: string): Promise<void>;
}

export interface OpenCargoDeps {
  readonly clients: ClientSource;
  readonly opener: RunOpener;
  readonly view: RunsViewPlaces;
  readonly prompts: Prompts;
}

/** Opens what `target` names. Resolves when it is shown, or the person has been told why not. */
export async function openCargoTarget(target: CargoTarget, deps: OpenCargoDeps): Promise<void> {
  const { uuid } = target;
  switch (target.kind) {
    case 'run':
      deps.opener.open(uuid);
      return;
    case 'workflow':
      await deps.view.showWorkflow(uuid);
      return;
    case 'batch': {
      if (deps.view.hasBatch(uuid)) return deps.view.revealBatch(uuid);
      const client = await clientOrSay(deps);
      if (!client) return;
      const batch = await lookUp(deps, () => client.getBatch(uuid), `batch ${uuid}`);
      if (batch === 'notFound') void deps.prompts.message('warning', `Cargo: Open: Cargo has no batch ${uuid} (or this account cannot see it).`);
      else if (batch) await deps.view.revealBatch(uuid, batch);
      return;
    }
    case 'any':
      return openAnyUuid(uuid, deps);
  }
}

async function openAnyUuid(uuid: string, deps: OpenCargoDeps): Promise<void> {
  if (deps.view.hasBatch(uuid)) return deps.view.revealBatch(uuid);
  const state = await deps.clients.current();
  // Signed out, nothing can be looked up: opened as a run (what a uuid most often is), whose panel
  // offers Sign In and shows the run once signed in, as "Open Run…" always did.
  if (state.kind !== 'ready') return deps.opener.open(uuid);
  const { client } = state;
  const batch = await lookUp(deps, () => client.getBatch(uuid), uuid);
  if (batch === undefined) return;
  if (batch !== 'notFound') return deps.view.revealBatch(uuid, batch);
  const workflow = await lookUp(deps, () => client.getWorkflow(uuid), uuid);
  if (workflow === undefined) return;
  if (workflow !== 'notFound') return deps.view.showWorkflow(uuid);
  // Neither: a run, or nothing, which its panel says (its one request is the run's).
  deps.opener.open(uuid);
}

async function clientOrSay(deps: OpenCargoDeps): Promise<CargoClient | undefined> {
  const state = await deps.clients.current();
  if (state.kind === 'ready') return state.client;
  void deps.prompts.message('warning', notificationText(`Cargo: Open: ${notReadyMessage(state)}`, 300));
  return undefined;
}

/** The answer; 'notFound' when Cargo has none; undefined when the request failed otherwise (and the person was told). */
async function lookUp<T>(deps: OpenCargoDeps, ask: () => Promise<T>, what: string): Promise<T | 'notFound' | undefined> {
  try {
    return await ask();
  } catch (error) {
    if (error instanceof CargoNotFoundError) return 'notFound';
    noteFailure(deps.clients, error);
    void deps.prompts.message('error', lookUpFailedText(what, error));
    return undefined;
  }
}

/** Why a uuid could not be looked up: Cargo's own words (untrusted), inert for a notification. */
export function lookUpFailedText(what: string, error: unknown): string {
  return notificationText(`Cargo: Open: could not look up ${what}: ${errorText(error, 300)}`, 400);
}
