// Where a run can be reached: its page in Cargo's web app (as configured, read at each use), its
// read-only document's path, and the run a pasted text or link names.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runDocumentPath, runUuidIn, WebAppLinks } from '../../../src/runs/runLinks';

describe('runUuidIn', () => {
  const uuid = '3f2c9a1e-1b2c-4d5e-8f90-a1b2c3d4e5f6';
  test('finds a run uuid alone, in a Cargo URL, or in pasted text; lower case', () => {
    assert.equal(runUuidIn(uuid), uuid);
    assert.equal(runUuidIn(`  ${uuid.toUpperCase()}\n`), uuid);
    assert.equal(runUuidIn(`https://app.getcargo.io/workflows/11111111-2222-4333-8444-555555555555/runs/${uuid}?tab=1`), uuid);
    assert.equal(runUuidIn(`run ${uuid} failed`), uuid);
  });

  test('text without a run uuid gives undefined: no panel for a made-up id', () => {
    assert.equal(runUuidIn('not a run at all'), undefined);
    assert.equal(runUuidIn('https://app.getcargo.io/workflows/x/runs/------------------------------------'), undefined);
    assert.equal(runUuidIn(`${uuid}0`), undefined, 'one digit too many');
    assert.equal(runUuidIn(uuid.slice(1)), undefined, 'one digit short');
  });
});

describe('WebAppLinks', () => {
  test('pages under the base URL as it is when asked, every id encoded', () => {
    let base = 'https://app.getcargo.io';
    const links = new WebAppLinks(() => base);
    assert.equal(links.workflow('w 1'), 'https://app.getcargo.io/workflows/w%201');
    assert.equal(links.batch('w', 'b/1'), 'https://app.getcargo.io/workflows/w/batches/b%2F1');
    assert.equal(links.run('w', 'r'), 'https://app.getcargo.io/workflows/w/runs/r');
    base = 'http://127.0.0.1:4010';
    assert.equal(links.run('w', 'r'), 'http://127.0.0.1:4010/workflows/w/runs/r', 'a changed setting counts at once');
  });

  test('a run’s read-only document is /<uuid>.json, and its path names the run', () => {
    const uuid = '3f2c9a1e-1b2c-4d5e-8f90-a1b2c3d4e5f6';
    assert.equal(runDocumentPath(uuid), `/${uuid}.json`);
    assert.equal(runUuidIn(runDocumentPath(uuid)), uuid);
  });
});
