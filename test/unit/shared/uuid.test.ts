// What a Cargo uuid is, said once: whole strings, uuids standing alone in text, and after a path segment.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isUuid, UUID_PATTERN_SOURCE, uuidAfter, uuidIn } from '../../../src/shared/uuid';
import { REPO_ROOT } from '../../support/paths';

const uuid = '3f2c9a1e-1b2c-4d5e-8f90-a1b2c3d4e5f6';

describe('uuid', () => {
  test('isUuid: 8-4-4-4-12 hexadecimal digits, either case, nothing more', () => {
    assert.ok(isUuid(uuid));
    assert.ok(isUuid(uuid.toUpperCase()));
    for (const not of [`${uuid}0`, uuid.slice(1), ` ${uuid}`, uuid.replace(/-/g, ''), 'g'.repeat(8) + uuid.slice(8), 42, null, undefined])
      assert.equal(isUuid(not), false, String(not));
  });

  test('uuidIn: the first standing alone, lower-cased; part of a longer hex run is none', () => {
    assert.equal(uuidIn(`run ${uuid.toUpperCase()} failed`), uuid);
    assert.equal(uuidIn(`${uuid}0`), undefined);
    assert.equal(uuidIn(`x${uuid}`), uuid, 'a letter that is not hex does not glue');
    assert.equal(uuidIn(`f${uuid}`), undefined);
  });

  test('uuidAfter: after a segment, alone or as the whole segment', () => {
    assert.equal(uuidAfter(`/RUNS/${uuid}?x`, 'runs'), uuid);
    assert.equal(uuidAfter(`/runs/${uuid}?x`, 'runs', true), undefined, 'a query glued to it is not a path segment');
    assert.equal(uuidAfter(`/runs/${uuid}/x`, 'runs', true), uuid);
    assert.equal(uuidAfter(`/batches/${uuid}`, 'runs'), undefined);
  });

  test('the run file’s JSON schema uses the same pattern', () => {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'media', 'cargo-run.schema.json'), 'utf8')) as { properties: Record<string, { pattern?: string }> };
    assert.equal(schema.properties.workflowUuid?.pattern, UUID_PATTERN_SOURCE);
  });
});
