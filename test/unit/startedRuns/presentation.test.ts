// The runs started from VS Code in the status bar: the item's text renders `$(icon)`, its tooltip is a
// plain string that renders nothing, so each is made safe for itself: an escape meant for the one must
// not show in the other.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { StartedRun } from '../../../src/runs/startedRuns';
import { presentGoing } from '../../../src/startedRuns/presentation';
import { failedRun } from '../support/failedRun';

function going(recordTitle: string): StartedRun {
  const run = { ...failedRun([{ slug: 'hubspot', status: 'pending' }], 'running'), recordTitle };
  return { entry: { uuid: run.uuid, workflowUuid: run.workflowUuid, createdAt: run.createdAt, source: 'lead.json' }, run };
}

describe('status bar of the runs started here', () => {
  test('the tooltip shows run data as written: no backslash before "$(", no escaped link', () => {
    const shown = presentGoing([going('$(alert) Urgent [x](command:workbench.action.quit)'), going('Acme')])!;
    assert.equal(shown.text, '$(sync~spin) 2 Cargo runs', 'the text has our icon only');
    assert.deepEqual(shown.tooltip.split('\n'), [
      'Runs started from this window, still going:',
      '$(alert) Urgent [x](command:workbench.action.quit)',
      'Acme',
      'Click to see them.',
    ]);
  });

  test('a long title is cut once, and ends in "…" alone', () => {
    const shown = presentGoing([going(`${'x'.repeat(58)}$(alert) Urgent`)])!;
    assert.equal(shown.tooltip.split('\n')[1], `${'x'.repeat(58)}$…`);
  });

  test('while following keeps failing: the reason, as written, and the warning icon in the text', () => {
    const shown = presentGoing([going('Acme')], {
      message: 'Cargo answered 503: $(alert) down\nfor maintenance',
      lastUpdatedAt: Date.parse('2026-12-02T10:00:00Z'),
    })!;
    assert.equal(shown.text, '$(warning) 1 Cargo run');
    assert.match(shown.tooltip, /^Not updated since .+: Cargo answered 503: \$\(alert\) down for maintenance Retrying automatically\.\n/);
  });
});
