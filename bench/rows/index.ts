// The benchmark's row groups, in the order of the table. Each measures on its own simulator.
import type { BenchRow } from '../harness';
import { explorerRows } from './explorer';

export const rowGroups: [name: string, measure: () => Promise<BenchRow[]>][] = [['explorer', explorerRows]];
