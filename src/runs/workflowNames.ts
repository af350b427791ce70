// Workflows have no name of their own: a workflow is named after the play or tool that owns it. One
// cache of those names for the whole extension, fetched once per connection (plays/list and
// tools/list) and forgotten when the connection changes or the user refreshes.
import type { CargoClient } from '../api';
import type { ClientSource, Disposable } from '../core/clientSource';
import { SharedPromise } from '../core/sharedPromise';

/** Workflow uuid → the name of the play or tool that owns it. */
export type WorkflowNameMap = ReadonlyMap<string, string>;

/** plays/list and tools/list, as one map. */
export async function fetchWorkflowNames(client: CargoClient, signal?: AbortSignal): Promise<Map<string, string>> {
  const [plays, tools] = await Promise.all([client.listPlays(signal), client.listTools(signal)]);
  return new Map([...plays, ...tools].map((owner) => [owner.workflowUuid, owner.name]));
}

export class WorkflowNames implements Disposable {
  private readonly names = new SharedPromise<WorkflowNameMap>();
  /** Each workflow's answer, a failure (null) included, so live updates do not ask again. */
  private readonly byWorkflow = new Map<string, Promise<string | null>>();
  private readonly subscription: Disposable;

  /** `onFailure` hears why a name could not be looked up (nameOf itself answers null). */
  constructor(
    private readonly clients: ClientSource,
    private readonly onFailure: (workflowUuid: string, error: unknown) => void = () => {},
  ) {
    this.subscription = clients.onDidChange(() => this.reset());
  }

  /** Every name; rejects when they cannot be fetched (the next call tries again). No AbortSignal: the answer is shared. */
  all(): Promise<WorkflowNameMap> {
    return this.names.get(() => this.fetch());
  }

  /** Never rejects: null when no play or tool owns the workflow, or the names could not be fetched. */
  nameOf(workflowUuid: string): Promise<string | null> {
    let name = this.byWorkflow.get(workflowUuid);
    if (!name) {
      name = this.all().then(
        (names) => names.get(workflowUuid) ?? null,
        (error: unknown) => {
          this.onFailure(workflowUuid, error);
          return null;
        },
      );
      this.byWorkflow.set(workflowUuid, name);
    }
    return name;
  }

  /** Names are fetched afresh on the next request (a refresh, another connection). */
  reset(): void {
    this.names.drop();
    this.byWorkflow.clear();
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private async fetch(): Promise<WorkflowNameMap> {
    const state = await this.clients.current();
    if (state.kind !== 'ready') return new Map();
    return fetchWorkflowNames(state.client);
  }
}
