// The README's pictures are committed (made by `npm run screenshots`, test/screenshots/readme.ts): each
// of the files the README links to is there, is a PNG (its signature and IHDR chunk), and has a size a
// README can show, so a capture that went missing or came out blank or huge is noticed.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../../support/paths';
import { README_SCREENSHOTS } from '../../screenshots/files';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's header (the IHDR chunk comes first, right after the signature). */
function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE) || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('README screenshots', () => {
  test('the six pictures are named as the README links them', () => {
    assert.deepEqual(Object.values(README_SCREENSHOTS).sort(), [
      'media/readme/inside-a-run.png',
      'media/readme/problems-hover.png',
      'media/readme/run-file.png',
      'media/readme/run-panel.png',
      'media/readme/runs-view.png',
      'media/readme/show-failures.png',
    ]);
  });

  for (const path of Object.values(README_SCREENSHOTS)) {
    test(`${path} is a PNG of a size a README shows (300 to 2,600 px a side, 10 to 400 KB)`, () => {
      const file = join(REPO_ROOT, path);
      const bytes = readFileSync(file);
      const size = pngSize(bytes);
      assert.ok(size, `${path} starts with the PNG signature and its IHDR chunk`);
      assert.ok(size.width >= 300 && size.width <= 2600, `width ${size.width}`);
      assert.ok(size.height >= 300 && size.height <= 2600, `height ${size.height}`);
      const kb = statSync(file).size / 1024;
      assert.ok(kb >= 10 && kb <= 400, `${kb.toFixed(0)} KB`);
    });
  }

  test('a file that is not a PNG is told apart', () => {
    assert.equal(pngSize(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')), undefined);
    assert.equal(pngSize(Buffer.alloc(0)), undefined);
    const header = Buffer.concat([PNG_SIGNATURE, Buffer.from([0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.from([0, 0, 5, 0, 0, 0, 3, 32])]);
    assert.deepEqual(pngSize(header), { width: 1280, height: 800 });
  });
});
