// The runs explorer's "Started from VS Code" group, free of VS Code: the runs started from the editor,
// shown through a small interface (StartedRunsSource) instead of an import of src/startedRuns.
import type { Run } from '../api';
import type { Disposable } from '../core/clientSource';
import type { ExplorerNode, RunNode, StartedGroupNode } from './explorerNodes';

/** The runs started from VS Code (src/startedRuns), as the explorer shows them: kept up to date by their owner. */
export interface StartedRunsSource {
  readonly list: readonly { readonly entry: { readonly uuid: string }; readonly run: Run | undefined }[];
  /** Why they could not be loaded, if they could not. */
  readonly error: unknown;
  ensureLoaded(): Promise<void>;
  refresh(): Promise<void>;
  onDidChange(listener: () => void): Disposable;
}

export const STARTED_GROUP_ID = 'started';

export class StartedGroup {
  private readonly runNodes = new Map<string, RunNode>();
  private group: StartedGroupNode | undefined;

  constructor(private readonly started: StartedRunsSource | undefined) {}

  get hasRuns(): boolean {
    return (this.started?.list.length ?? 0) > 0;
  }

  /** The group, while there are started runs: a new node when their count changes. */
  node(): StartedGroupNode | undefined {
    const count = this.started?.list.length ?? 0;
    if (count === 0) return (this.group = undefined);
    if (this.group?.count !== count) this.group = { kind: 'started', id: STARTED_GROUP_ID, parent: undefined, count };
    return this.group;
  }

  async children(group: StartedGroupNode): Promise<ExplorerNode[]> {
    const started = this.started;
    if (!started) return [];
    await started.ensureLoaded();
    const nodes: ExplorerNode[] = [];
    for (const { entry, run } of started.list) {
      if (!run) continue;
      let node = this.runNodes.get(entry.uuid);
      if (node && node.parent === group) node.run = run;
      else this.runNodes.set(entry.uuid, (node = { kind: 'run', id: `started:${entry.uuid}`, parent: group, run }));
      nodes.push(node);
    }
    if (started.error !== undefined) nodes.push({ kind: 'error', id: `error:${group.id}`, parent: group, error: started.error });
    else if (nodes.length < started.list.length)
      nodes.push({ kind: 'message', id: `message:${group.id}`, parent: group, text: `${started.list.length - nodes.length} not found in Cargo's recent runs` });
    return nodes;
  }

  /** The row of a started run, once the group has loaded it. */
  runNode(runUuid: string): RunNode | undefined {
    return this.runNodes.get(runUuid);
  }

  refresh(): Promise<void> | undefined {
    return this.started?.refresh();
  }

  /**
   * Tells `fire` what changed when the started runs change: a new one re-renders the root (undefined:
   * the group appears or counts it), an update only the group.
   */
  watch(fire: (node: ExplorerNode | undefined) => void): Disposable | undefined {
    return this.started?.onDidChange(() => {
      const before = this.group;
      const after = this.node();
      if (before === after && after) fire(after);
      else fire(undefined);
    });
  }
}
