// The benchmark's row groups, in the order of the table. Each measures on its own simulator.
import type { BenchRow } from '../harness';
import { validationRows } from './validation';

export const rowGroups: [name: string, measure: () => Promise<BenchRow[]>][] = [['validation', validationRows]];
