// What the runs explorer fetches, free of VS Code: the paged lists of batches (of everything, or of
// one workflow) and of a batch's runs, narrowed by the filter, and the workflow groups.
import type { Batch, CargoClient, Run } from '../api';
import { noteFailure, type ClientSource } from '../core/clientSource';
import { PagedList } from '../core/pagedList';
import type { WorkflowNameMap } from '../runs/workflowNames';
import type { ExplorerFilter } from './explorerFilter';
import type { WorkflowGroupNode } from './explorerNodes';

export interface ListsContext {
  readonly clients: ClientSource;
  client(): CargoClient | undefined;
  filter(): ExplorerFilter;
  pageSize(): number;
  /** A page of some list arrived (the automatic refresh starts from the first). */
  loaded(items: readonly { readonly updatedAt: string }[]): void;
}

export class ExplorerLists {
  constructor(private readonly context: ListsContext) {}

  /** Batches, newest first: all of them (narrowed to the filter's workflow or batch), or one workflow's. */
  batches(workflowUuid: string | undefined): PagedList<Batch> {
    return new PagedList<Batch>(async (offset, limit, signal) => {
      const { workflow: filtered, batch } = this.context.filter();
      const workflowUuids = workflowUuid ? [workflowUuid] : filtered ? [filtered.uuid] : undefined;
      const batches = await this.request((client) =>
        client.listBatches({ limit, offset, ...(workflowUuids ? { workflowUuids } : {}), ...(batch ? { uuids: [batch.uuid] } : {}) }, signal),
      );
      this.context.loaded(batches);
      return { items: batches };
    }, this.context.pageSize());
  }

  /** A batch's (or a whole workflow's) runs, narrowed to the filter's statuses and record query; with Cargo's total count. */
  runs(of: { batchUuid: string } | { workflowUuid: string }): PagedList<Run> {
    return new PagedList<Run>(async (offset, limit, signal) => {
      const { runStatuses, recordQuery } = this.context.filter();
      const page = await this.request((client) =>
        client.listRuns(
          {
            ...of,
            limit,
            offset,
            ...(runStatuses.length > 0 ? { statuses: [...runStatuses] } : {}),
            ...(recordQuery ? { recordTitleOrId: recordQuery } : {}),
          },
          signal,
        ),
      );
      this.context.loaded(page.runs);
      return { items: page.runs, total: page.count };
    }, this.context.pageSize());
  }

  /** One group per workflow (not deleted, the filter's only when filtered), by name. */
  async workflowGroups(names: Promise<WorkflowNameMap>): Promise<WorkflowGroupNode[]> {
    const [workflows, named] = await Promise.all([this.request((client) => client.listWorkflows()), names]);
    const only = this.context.filter().workflow?.uuid;
    return workflows
      .filter((workflow) => !workflow.deletedAt && (!only || only === workflow.uuid))
      .map((workflow): WorkflowGroupNode => {
        const group: WorkflowGroupNode = {
          kind: 'workflow',
          id: `workflow:${workflow.uuid}`,
          parent: undefined,
          workflowUuid: workflow.uuid,
          name: named.get(workflow.uuid) ?? `Workflow ${workflow.uuid.slice(0, 8)}`,
          batches: this.batches(workflow.uuid),
          allRuns: undefined as never,
        };
        group.allRuns = { kind: 'workflowRuns', id: `workflowRuns:${workflow.uuid}`, parent: group, runs: this.runs({ workflowUuid: workflow.uuid }) };
        return group;
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** A request with the current client; a token Cargo refuses stops every model (the connection says so). */
  private async request<T>(call: (client: CargoClient) => Promise<T>): Promise<T> {
    const client = this.context.client();
    if (!client) throw new Error('Not signed in to Cargo.');
    try {
      return await call(client);
    } catch (error) {
      noteFailure(this.context.clients, error);
      throw error;
    }
  }
}
