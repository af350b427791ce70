// How starting a run from a file reads, from the simulator's workflows and releases: tools only and by
// name in the workflow pick, the deployed release first in the release pick, CodeLens titles with run
// data made inert, and the confirmation of an array.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSimulator } from '../support/simulator';
import { CargoClient } from '../../../src/api/client';
import { fetchWorkflowNames } from '../../../src/runs/workflowNames';
import { confirmManyText, lensTitles, releaseRows, workflowRows } from '../../../src/runFile/presentation';
import { FileWorkflows } from '../../../src/runFile/fileWorkflows';
import { isRunFileName, runFileName } from '../../../src/runFile/runFileName';

describe('run file presentation', () => {
  const sim = useSimulator({ seed: 14 });
  let client: CargoClient;
  before(() => {
    client = sim.client();
  });

  test('the workflow pick: tools only (Cargo refuses runs of plays), by name, the current one marked', async () => {
    const [workflows, names] = await Promise.all([client.listWorkflows(), fetchWorkflowNames(client)]);
    const rows = workflowRows(workflows, names, sim.fixtures.workflows.tool);
    assert.ok(rows.length > 0);
    assert.ok(rows.every((row) => row.value.toolUuid && !row.value.playUuid));
    assert.ok(!rows.some((row) => row.value.uuid === sim.fixtures.workflows.play));
    const labels = rows.map((row) => row.label);
    assert.deepEqual(
      labels,
      [...labels].sort((a, b) => a.localeCompare(b)),
    );
    const current = rows.find((row) => row.value.uuid === sim.fixtures.workflows.tool);
    assert.equal(current?.label, names.get(sim.fixtures.workflows.tool));
    assert.match(current?.description ?? '', /current$/);
    assert.ok(current);
    const hostile = workflowRows([{ ...current.value, uuid: 'x', toolUuid: 't' }], new Map([['x', '$(alert) [a](command:x)']]));
    assert.equal(hostile[0]?.label, '\\$(alert) [a](command:x)');
  });

  test('the release pick: the deployed release first, then the draft, then earlier ones', async () => {
    const rows = releaseRows(await client.listReleases({ workflowUuid: sim.fixtures.workflows.tool }));
    assert.match(rows[0]?.label ?? '', /^Deployed release \(v\d+\)$/);
    assert.equal(rows[0]?.value.status.known, 'deployed');
    assert.equal(rows[1]?.label, 'Draft: unpublished changes');
    assert.ok(rows.slice(2).every((row) => /^v\d+ \(archived\)$/.test(row.label)));
  });

  test('the release pick says when in one style: never "29 d ago" beside "3 Nov 2026"', async () => {
    const releases = await client.listReleases({ workflowUuid: sim.fixtures.workflows.tool });
    const oldest = Math.min(...releases.map((release) => Date.parse(release.deployedAt ?? release.createdAt)));
    assert.ok(Date.now() - oldest > 30 * 86_400_000, 'the simulator has releases older than a month');
    const descriptions = releaseRows(releases).map((row) => row.description ?? '');
    assert.ok(
      descriptions.every((description) => /^(deployed|created) (\d+ (s|min|h|d|mo|y) ago|just now)$/.test(description)),
      descriptions.join(' / '),
    );
  });

  test('CodeLens titles: the workflow by name (its uuid when unnamed), the last run; icons in names inert', () => {
    const now = Date.parse('2026-12-02T10:00:00Z');
    const run = {
      status: { known: 'error', raw: 'error' },
      createdAt: '2026-12-02T09:57:00Z',
      finishedAt: '2026-12-02T09:58:00Z',
    } as never;
    assert.deepEqual(lensTitles('Enrich lead', 'ca135011-2665-465f-adcf-1801dd8cbd2b', run, now), {
      run: '$(play) Run in Cargo',
      workflow: 'workflow Enrich lead',
      lastRun: 'last run: error, 2 min ago',
    });
    assert.equal(lensTitles(undefined, 'ca135011-2665-465f-adcf-1801dd8cbd2b', undefined, now).workflow, 'workflow ca135011');
    assert.equal(lensTitles(undefined, undefined, undefined, now).workflow, 'Choose workflow…');
    assert.equal(lensTitles('$(bug) Evil', 'x', undefined, now).workflow, 'workflow \\$(bug) Evil');
  });

  test('the confirmation of an array names the count and the workflow, with the link syntax of names broken', () => {
    const text = confirmManyText(3, 'Enrich [x](command:y)');
    assert.equal(text.message, 'Start 3 runs of "Enrich [x] (command:y)", one per item?');
    assert.equal(text.button, 'Start 3 Runs');
    assert.match(text.detail, /each is sent once/);
  });

  test('run file names, and the workflow remembered per file (the oldest forgotten first, moved with a rename)', () => {
    assert.ok(isRunFileName('/w/Lead.Cargo-Run.JSON'));
    assert.ok(!isRunFileName('/w/lead.json'));
    assert.equal(runFileName('Enrich lead (v2) — Déjà vu'), 'enrich-lead-v2-deja-vu.cargo-run.json');
    assert.equal(runFileName('***'), 'run.cargo-run.json');
    let stored: unknown = { 'file:///old.json': { workflowUuid: 'w0' }, bad: 42 };
    const files = new FileWorkflows({ read: () => stored, write: (value) => void (stored = value) });
    assert.equal(files.get('file:///old.json')?.workflowUuid, 'w0');
    assert.equal(files.get('bad'), undefined);
    const changed: string[] = [];
    files.onDidChange((uri) => changed.push(uri));
    files.set('untitled:Untitled-1', { workflowUuid: 'w1' });
    files.moved('file:///old.json', 'file:///new.json');
    assert.equal(files.get('file:///new.json')?.workflowUuid, 'w0');
    assert.equal(files.get('file:///old.json'), undefined);
    assert.deepEqual(stored, { 'untitled:Untitled-1': { workflowUuid: 'w1' }, 'file:///new.json': { workflowUuid: 'w0' } });
    assert.deepEqual(changed, ['untitled:Untitled-1', 'file:///new.json']);
  });
});
