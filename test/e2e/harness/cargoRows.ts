// Rows of the Cargo views as the product names them, found in the workbench.
import type { Locator } from 'playwright-core';
import type { Batch } from '../../../src/api';
import { present } from '../../../src/explorer/presentation';
import { waitFor } from '../../support/processes';
import type { Workbench } from './workbench';

/** Selects a batch's row in the Runs view, found by its description (which does not move, unlike its relative time). */
export async function selectBatchRow(wb: Workbench, view: Locator, batch: Batch): Promise<void> {
  const shown = present({ kind: 'batch', id: `batch:${batch.uuid}`, parent: undefined, batch, runs: undefined as never });
  const kind = shown.label.split(' · ')[0] ?? '';
  const row = await waitFor(
    'the batch',
    async () => {
      const items = await wb.treeItems(view);
      const index = items.findIndex((item) => item.level === 1 && item.label.startsWith(`${kind} · `) && item.description === shown.description);
      return index >= 0 ? wb.treeRows(view).nth(index) : undefined;
    },
    20_000,
  );
  await row.locator('.label-name').first().click();
}
