// The manifest a user meets in the Extensions view and the Command Palette: an icon the Marketplace can
// show, every command under "Cargo" with a codicon, commands that need a tree node or an open file
// hidden where they cannot act, every setting described with its default, and what works in Restricted
// Mode and in a virtual workspace declared.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/paths';

interface Command {
  command: string;
  title: string;
  category?: string;
  icon?: string;
}
interface Setting {
  description?: string;
  markdownDescription?: string;
  default?: unknown;
  scope?: string;
}
interface Capability {
  supported: boolean | 'limited';
  description?: string;
  restrictedConfigurations?: string[];
}
interface Manifest {
  icon?: string;
  keywords?: string[];
  categories?: string[];
  capabilities?: { untrustedWorkspaces?: Capability; virtualWorkspaces?: boolean | Capability };
  contributes: {
    commands: Command[];
    configuration: { properties: Record<string, Setting> };
    menus: Record<string, { command: string; when?: string }[]>;
    viewsContainers: { activitybar: { icon: string }[] };
  };
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const { commands, configuration, menus } = manifest.contributes;

/** Commands that act with no argument anywhere (they ask for what they need), so the palette shows them always. */
const ALWAYS_IN_PALETTE = ['cargo.signIn', 'cargo.showLog', 'cargo.openRunByUuid', 'cargo.newRunFile', 'cargo.showStartedRuns', 'cargo.clearStartedRuns'];

/** Width and height from a PNG's IHDR chunk, or undefined when the bytes are not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('manifest', () => {
  test('the icon is a 128×128 PNG in media/, and the activity bar keeps an SVG', () => {
    assert.equal(manifest.icon, 'media/icon.png');
    assert.deepEqual(pngSize(readFileSync(join(REPO_ROOT, manifest.icon))), { width: 128, height: 128 });
    // The PNG is rendered from this SVG by scripts/render-icon.mjs.
    assert.ok(existsSync(join(REPO_ROOT, 'scripts', 'icon.svg')));
    for (const container of manifest.contributes.viewsContainers.activitybar) {
      assert.match(container.icon, /^media\/[\w-]+\.svg$/);
      assert.ok(existsSync(join(REPO_ROOT, container.icon)), container.icon);
    }
  });

  test('pngSize reads a PNG header and refuses what is not one', () => {
    const header = Buffer.alloc(24);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header);
    header.writeUInt32BE(13, 8);
    header.write('IHDR', 12, 'latin1');
    header.writeUInt32BE(64, 16);
    header.writeUInt32BE(32, 20);
    assert.deepEqual(pngSize(header), { width: 64, height: 32 });
    assert.equal(pngSize(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>')), undefined);
  });

  test('keywords and categories are declared', () => {
    assert.ok((manifest.keywords ?? []).length >= 3, 'a few keywords');
    assert.ok((manifest.keywords ?? []).length <= 30, 'the Marketplace takes at most 30 keywords');
    assert.ok(manifest.keywords?.includes('cargo') && manifest.keywords.includes('getcargo'));
    assert.ok((manifest.categories ?? []).length >= 1);
  });

  test('every command is in the category "Cargo" with a codicon', () => {
    assert.ok(commands.length > 0);
    const missing = commands.filter((c) => c.category !== 'Cargo' || !/^\$\([a-z0-9-]+\)$/.test(c.icon ?? '')).map((c) => c.command);
    assert.deepEqual(missing, []);
  });

  test('every command in a menu is a contributed command', () => {
    const known = new Set(commands.map((c) => c.command));
    const unknown = Object.entries(menus).flatMap(([menu, items]) =>
      items.filter((item) => !known.has(item.command)).map((item) => `${menu}: ${item.command}`),
    );
    assert.deepEqual(unknown, []);
  });

  test('the palette hides each command where it cannot act, but for those that always can', () => {
    const palette = new Map((menus.commandPalette ?? []).map((item) => [item.command, item.when]));
    const undecided = commands.map((c) => c.command).filter((command) => !palette.has(command) && !ALWAYS_IN_PALETTE.includes(command));
    assert.deepEqual(undecided, [], 'a command needs a palette `when` clause or a place in ALWAYS_IN_PALETTE');
    for (const command of ALWAYS_IN_PALETTE) assert.equal(palette.get(command), undefined, `${command} is listed as always shown`);
    for (const [command, when] of palette) assert.ok(when !== undefined && when.trim() !== '', `${command} has a when clause`);
    // Commands that act on a tree node or a link's argument are never offered bare.
    for (const command of [
      'cargo.openRun',
      'cargo.copyUuid',
      'cargo.copyRecordId',
      'cargo.openInCargo',
      'cargo.cancelRun',
      'cargo.cancelBatch',
      'cargo.rerun',
      'cargo.loadMore',
      'cargo.retry',
    ]) {
      assert.equal(palette.get(command), 'false', command);
    }
  });

  test('every setting has a description and a default', () => {
    const settings = Object.entries(configuration.properties);
    assert.ok(settings.length > 0);
    const incomplete = settings.filter(([, s]) => !(s.description ?? s.markdownDescription)?.trim() || s.default === undefined).map(([key]) => key);
    assert.deepEqual(incomplete, []);
  });

  test('Restricted Mode and virtual workspaces are declared, and a workspace cannot redirect the token', () => {
    const untrusted = manifest.capabilities?.untrustedWorkspaces;
    assert.ok(untrusted, 'capabilities.untrustedWorkspaces');
    assert.equal(untrusted.supported, 'limited');
    assert.ok((untrusted.description ?? '').length > 0, 'a limited capability says what is limited');
    const restricted = untrusted.restrictedConfigurations ?? [];
    assert.deepEqual(
      restricted.filter((key) => !(key in configuration.properties)),
      [],
      'restricted settings exist',
    );
    for (const key of ['apiBaseUrl', 'webAppBaseUrl']) {
      assert.equal(configuration.properties[`cargo.${key}`]?.scope, 'application', `cargo.${key} is a user setting only`);
      assert.ok(restricted.includes(`cargo.${key}`));
    }
    const virtual = manifest.capabilities?.virtualWorkspaces;
    assert.ok(virtual === true || (typeof virtual === 'object' && virtual.supported === true), 'capabilities.virtualWorkspaces');
  });
});
