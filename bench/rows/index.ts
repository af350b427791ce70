// The benchmark's row groups, in the order of the table. Each measures on its own simulator.
import type { BenchRow } from '../harness';
import { activationRows } from './activation';
import { explorerRows } from './explorer';
import { firstRowsRows } from './firstRows';
import { runPanelRows } from './runPanel';
import { validationRows } from './validation';
import { vscodeActivationRows } from './vscodeActivation';

export const rowGroups: [name: string, measure: () => Promise<BenchRow[]>][] = [
  ['explorer', explorerRows],
  ['runPanel', runPanelRows],
  ['activation', activationRows],
  ['vscode', vscodeActivationRows],
  ['firstRows', firstRowsRows],
  ['validation', validationRows],
];
