// Where and why a run failed, said one way everywhere: its last failed execution, named after its node
// (nodeLabel), else the run's own error; and how runs' parts are named (a node, a batch).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Batch } from '../../../src/api';
import { batchLabel, nodeLabel } from '../../../src/runs/labels';
import { failureMessage, failureSummary, runFailure } from '../../../src/runs/runFailure';
import { failedRun } from '../support/failedRun';

describe('run failure', () => {
  test('the failure is the last failed execution, named after its node; else the run’s own error; none for a success', () => {
    const failed = runFailure(
      failedRun([
        { slug: 'start', status: 'success' },
        { slug: 'hubspot', status: 'error', error: 'HubSpot API responded 400: Property "email" is invalid\nat line 2' },
      ]),
    );
    assert.equal(failed?.index, 1);
    assert.equal(failed?.nodeName, 'Update contact');
    assert.equal(failureSummary(failed!), 'Update contact (hubspot): HubSpot API responded 400: Property "email" is invalid');
    const early = runFailure(failedRun([], 'error', 'Workflow release not found'));
    assert.equal(early?.index, -1);
    assert.equal(failureSummary(early!), 'The run: Workflow release not found');
    assert.equal(runFailure(failedRun([{ slug: 'start', status: 'success' }], 'success')), undefined);
  });

  test('no message from Cargo: the failure says so', () => {
    const failure = runFailure(failedRun([{ slug: 'hubspot', status: 'error' }]));
    assert.equal(failure?.message, '');
    assert.equal(failureMessage(failure!), 'Cargo gave no error message.');
    assert.equal(failureSummary(failure!), 'Update contact (hubspot): Cargo gave no error message.');
  });
});

describe('labels', () => {
  test('a node: its name with its slug beside it; its slug alone when it has no other name', () => {
    assert.equal(nodeLabel({ name: 'Enrich contact', slug: 'clearbit_enrich' }), 'Enrich contact (clearbit_enrich)');
    assert.equal(nodeLabel({ name: 'clearbit_enrich', slug: 'clearbit_enrich' }), 'clearbit_enrich');
    assert.equal(nodeLabel({ name: 'Start', slug: 'start' }), 'Start', 'a slug that is the name but for case adds nothing');
    assert.equal(nodeLabel({ name: 'Start here', slug: 'start' }), 'Start here (start)');
    assert.equal(nodeLabel({ name: null, slug: 'clearbit_enrich' }), 'clearbit_enrich');
    assert.equal(nodeLabel({ name: '\u200b ', slug: 'clearbit_enrich' }), 'clearbit_enrich', 'a name of nothing visible is no name');
  });

  test('a batch: what it ran on, and when', () => {
    const batch = (kind: string | undefined) =>
      ({
        uuid: 'b',
        createdAt: '2026-12-02T11:58:00.000Z',
        ...(kind ? { data: { kind: { known: kind === 'custom' ? 'unknown' : kind, raw: kind } } } : {}),
      }) as unknown as Batch;
    const now = Date.parse('2026-12-02T12:00:00.000Z');
    assert.equal(batchLabel(batch('records'), undefined, now), 'Records · 2 min ago');
    assert.equal(batchLabel(batch('custom'), undefined, now), 'custom · 2 min ago', 'a kind this version does not know: Cargo’s word');
    assert.equal(batchLabel(batch(undefined), undefined, now), 'Batch · 2 min ago');
    // Its workflow's name first (issue 20: rows read "Records · 1 min ago" and never named their workflow).
    assert.equal(batchLabel(batch('records'), 'New signups enrichment', now), 'New signups enrichment · Records · 2 min ago');
    assert.equal(batchLabel(batch('records'), ' \u200b ', now), 'Records · 2 min ago', 'a name with nothing visible is no name');
  });
});
