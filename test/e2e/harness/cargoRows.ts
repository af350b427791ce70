// Rows of the Cargo views as the product names them, found in the workbench.
import type { Locator } from 'playwright-core';
import type { CargoClient } from '../../../src/api';
import { present } from '../../../src/explorer/presentation';
import { fetchWorkflowNames } from '../../../src/runs/workflowNames';
import { waitFor } from '../../support/processes';
import type { Workbench } from './workbench';

/** Selects a batch's row in the Runs view, found by its description (which does not move, unlike its relative time). */
export async function selectBatchRow(wb: Workbench, view: Locator, client: CargoClient, batchUuid: string): Promise<void> {
  const [batch, names] = await Promise.all([client.getBatch(batchUuid), fetchWorkflowNames(client)]);
  const shown = present({
    kind: 'batch',
    id: `batch:${batchUuid}`,
    parent: undefined,
    batch,
    runs: undefined as never,
    workflowName: names.get(batch.workflowUuid),
  });
  // "<workflow> · <data kind>", without the time, which moves on.
  const kind = shown.label.split(' · ').slice(0, -1).join(' · ');
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
