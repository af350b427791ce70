// What a row of the Runs view stands for, as commands take it (CommandTarget): a workflow, a batch, or
// a run (with its batch when listed under it, and the execution when the row is one).
import { rowsOf } from '../core/rows';
import type { CommandTarget } from '../runs/commandTarget';
import type { ExplorerNode } from './explorerNodes';

export function targetOfNode(node: ExplorerNode): CommandTarget | undefined {
  switch (node.kind) {
    case 'workflow':
      return { kind: 'workflow', workflowUuid: node.workflowUuid, name: node.name };
    case 'batch':
      return { kind: 'batch', batch: node.batch };
    case 'run':
      // A row-shaped argument (a command can be called with anything) may come without its parent.
      return { kind: 'run', runUuid: node.run.uuid, run: node.run, ...(node.parent?.kind === 'batch' ? { batch: node.parent.batch } : {}) };
    case 'execution': {
      const run = targetOfNode(node.parent);
      return run?.kind === 'run' ? { ...run, execution: { index: node.index, execution: node.execution } } : undefined;
    }
    case 'childExecution':
      // An execution of the run another execution started: that run's, known by its uuid alone.
      return { kind: 'run', runUuid: node.runUuid, execution: { index: node.index, execution: node.execution } };
    default:
      return undefined;
  }
}

/** Whether a value is a row of the Runs view (checked, not trusted). */
export const isExplorerNode = rowsOf<ExplorerNode>([
  'workflow',
  'workflowRuns',
  'batch',
  'started',
  'run',
  'execution',
  'childExecution',
  'loadMore',
  'error',
  'message',
]);
