// The Runs view as a source of command targets: the row a command was invoked on, else the view's
// selection (the palette, a keybinding). The view's own commands (refresh, paging, cancel) take the
// row itself from here.
import type * as vscode from 'vscode';
import type { CommandTarget, TargetSource } from '../../../runs/commandTarget';
import { batchRetry, runsRetry, type RetryChoice, type RetrySource } from '../../../runs/retryTargets';
import type { BatchNode, ExplorerNode, RunNode } from '../../explorerNodes';
import { isExplorerNode, targetOfNode } from '../../target';

export class ExplorerTargets implements TargetSource, RetrySource {
  constructor(private readonly view: vscode.TreeView<ExplorerNode>) {}

  targetOf(arg: unknown): CommandTarget | undefined {
    return isExplorerNode(arg) ? targetOfNode(arg) : undefined;
  }

  selected(): CommandTarget | undefined {
    const node = this.view.selection[0];
    return node ? targetOfNode(node) : undefined;
  }

  /** A batch's row: its failed runs; run rows (the one clicked, with the others selected): those that failed. */
  retryTargetOf(arg: unknown, selection: unknown, oneRun: boolean): RetryChoice | undefined {
    if (!isExplorerNode(arg)) return undefined;
    const selected = Array.isArray(selection) ? selection.filter(isExplorerNode) : [];
    return retryOfRows(!oneRun && selected.some((node) => node.id === arg.id) ? selected : [arg]);
  }

  selectedRetryTarget(oneRun: boolean): RetryChoice | undefined {
    const rows = oneRun ? this.view.selection.slice(0, 1) : this.view.selection;
    return rows.length > 0 ? retryOfRows(rows) : undefined;
  }

  /** The row: the argument when it is one, else the selected row. */
  node(arg: unknown): ExplorerNode | undefined {
    return isExplorerNode(arg) ? arg : this.view.selection[0];
  }

  /** A run's row: the row's, or the run of an execution's row. */
  runNode(arg: unknown): RunNode | undefined {
    const node = this.node(arg);
    if (node?.kind === 'run') return node;
    if (node?.kind === 'execution') return node.parent;
    return undefined;
  }

  /** A batch's row: the row's, or the batch a run (or execution) is listed under. */
  batchNode(arg: unknown): BatchNode | undefined {
    const node = this.node(arg);
    if (node?.kind === 'batch') return node;
    const run = node?.kind === 'run' ? node : node?.kind === 'execution' ? node.parent : undefined;
    return run?.parent.kind === 'batch' ? run.parent : undefined;
  }
}

/** One batch's row: its failed runs; else the runs among the rows (an execution's row stands for its run). */
function retryOfRows(rows: readonly ExplorerNode[]): RetryChoice | undefined {
  const [first] = rows;
  if (rows.length === 1 && first?.kind === 'batch') return batchRetry(first.batch);
  const runs = rows.flatMap((row) => (row.kind === 'run' ? [row.run] : row.kind === 'execution' ? [row.parent.run] : []));
  if (runs.length === 0) return undefined;
  return runsRetry([...new Map(runs.map((run) => [run.uuid, run])).values()]);
}
