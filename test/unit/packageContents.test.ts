// `npm run package` makes the .vsix a user installs, offline and without a prompt, and only what runs
// ships in it: the bundles in dist/ (no source maps), media/, the manifest,
// README, CHANGELOG and LICENSE. No sources, tests, fixtures, node_modules, bench, demo or out/.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';
import { packageVsix } from '../support/vsix';

/** The names of the entries of a zip file, read from its central directory. */
function zipEntries(zip: Buffer): string[] {
  const END_OF_DIRECTORY = 0x06054b50;
  const DIRECTORY_ENTRY = 0x02014b50;
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== END_OF_DIRECTORY) end--;
  if (end < 0) throw new Error('not a zip file: no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  const names: string[] = [];
  for (let offset = zip.readUInt32LE(end + 16), i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== DIRECTORY_ENTRY) throw new Error(`bad central directory entry at ${offset}`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** The files under a folder of the repository, as paths relative to the repository. */
function filesUnder(folder: string): string[] {
  return readdirSync(join(REPO_ROOT, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(REPO_ROOT.length + 1));
}

describe('the .vsix', () => {
  test('npm run package makes cargo-runs-<version>.vsix with only what runs', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'cargo-vsix-'));
    try {
      const vsix = join(outDir, 'cargo-runs.vsix');
      await packageVsix(vsix);
      const { name, version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
      assert.equal(name, 'cargo-runs', 'the default file name is cargo-runs-<version>.vsix');
      assert.match(version, /^\d+\.\d+\.\d+/);

      const media = filesUnder('media');
      const expected = [
        '[Content_Types].xml',
        'extension.vsixmanifest',
        'extension/package.json',
        'extension/readme.md',
        'extension/changelog.md',
        'extension/LICENSE.txt',
        'extension/dist/extension.js',
        'extension/dist/features.js',
        'extension/dist/webview/runPanel.js',
        ...media.map((path) => `extension/${path.split('\\').join('/')}`),
      ].sort();
      assert.deepEqual(zipEntries(readFileSync(vsix)).sort(), expected);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });

  test('zipEntries refuses what is not a zip file', () => {
    assert.throws(() => zipEntries(Buffer.from('not a zip file, but long enough to be searched')), /not a zip file/);
  });
});
