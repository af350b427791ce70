// README.md's tables of settings and commands are generated from package.json (scripts/docs-tables.mjs,
// `npm run docs`): this fails when they no longer say what the manifest says, so they never go stale.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../support/paths';

interface Manifest {
  contributes?: {
    configuration?: { properties?: Record<string, Record<string, unknown>> };
    commands?: { command: string; title: string; category?: string }[];
    menus?: { commandPalette?: { command: string; when?: string }[] };
  };
}

interface DocsTables {
  renderSettings(manifest: Manifest): string;
  renderCommands(manifest: Manifest): string;
  withTables(readme: string, manifest: Manifest): string;
}

/** scripts/docs-tables.mjs (it writes nothing when imported). */
async function docsTables(): Promise<DocsTables> {
  return (await import(pathToFileURL(join(REPO_ROOT, 'scripts', 'docs-tables.mjs')).href)) as DocsTables;
}

const readme = () => readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const manifest = () => JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

/** The rows of the table between a marker pair of README.md. */
function rowsBetween(text: string, name: string): string[] {
  const begin = text.indexOf(`<!-- ${name}:begin`);
  const end = text.indexOf(`<!-- ${name}:end -->`);
  assert.ok(begin >= 0 && end > begin, `README.md has the ${name} markers`);
  return text
    .slice(begin, end)
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Setting |') && !line.startsWith('| Command |'));
}

describe('README tables from package.json', () => {
  it("README.md's settings and commands tables are what package.json gives (else: npm run docs)", async () => {
    const { withTables } = await docsTables();
    const current = readme();
    assert.equal(withTables(current, manifest()), current, 'README.md is stale: run `npm run docs` and commit README.md');
  });

  it('has a row for every setting and every command of package.json, and no other', async () => {
    const text = readme();
    const { contributes } = manifest();
    const settings = Object.keys(contributes?.configuration?.properties ?? {});
    const commands = (contributes?.commands ?? []).map((command) => command.command);
    assert.ok(settings.length > 0 && commands.length > 0);
    assert.deepEqual(
      rowsBetween(text, 'settings').map((row) => /^\| `([^`]+)`/.exec(row)?.[1]),
      settings,
    );
    assert.deepEqual(
      rowsBetween(text, 'commands').map((row) => /^\| [^|]+ \| `([^`]+)`/.exec(row)?.[1]),
      commands,
    );
  });

  it('names a command as the palette does, and says whether the palette offers it', async () => {
    const { renderCommands } = await docsTables();
    const table = renderCommands({
      contributes: {
        commands: [
          { command: 'x.a', title: 'Sign In', category: 'Cargo' },
          { command: 'x.b', title: 'Copy | Paste' },
          { command: 'x.c', title: 'Hidden', category: 'Cargo' },
          { command: 'x.d', title: 'Sometimes', category: 'Cargo' },
        ],
        menus: {
          commandPalette: [
            { command: 'x.c', when: 'false' },
            { command: 'x.d', when: 'cargo.signedIn' },
          ],
        },
      },
    });
    assert.deepEqual(table.split('\n').slice(2), [
      '| Cargo: Sign In | `x.a` | yes |',
      '| Copy \\| Paste | `x.b` | yes |',
      '| Cargo: Hidden | `x.c` | no (offered where it applies) |',
      '| Cargo: Sometimes | `x.d` | when `cargo.signedIn` |',
    ]);
  });

  it("gives a setting's type, range or choices, default and description on one row", async () => {
    const { renderSettings } = await docsTables();
    const table = renderSettings({
      contributes: {
        configuration: {
          properties: {
            'x.count': { type: 'integer', default: 50, minimum: 1, maximum: 100, description: 'Per <page>.\nOne request | page_size.' },
            'x.mode': { type: 'string', enum: ['a', 'b'], enumDescriptions: ['First.', 'Second.'], default: 'a', markdownDescription: 'The **mode**.' },
            'x.free': { type: 'boolean' },
            'x.linked': { type: 'number', default: 10, markdownDescription: 'Like `#x.count#`; [open the log](command:cargo.showLog).' },
          },
        },
      },
    });
    assert.deepEqual(table.split('\n').slice(2), [
      '| `x.count` | integer, 1–100 | `50` | Per \\<page\\>. One request \\| page\\_size. |',
      '| `x.mode` | one of `"a"`, `"b"` | `"a"` | The **mode**. `"a"`: First. `"b"`: Second. |',
      '| `x.free` | boolean | — |  |',
      '| `x.linked` | number | `10` | Like `x.count`; open the log. |',
    ]);
  });

  it('sees a stale table, and refuses a README without its markers', async () => {
    const { withTables } = await docsTables();
    const current = readme();
    const changed = manifest();
    const first = changed.contributes?.commands?.[0];
    assert.ok(first);
    first.title = `${first.title} (renamed)`;
    assert.notEqual(withTables(current, changed), current);
    assert.throws(() => withTables('# No tables here\n', manifest()), /README\.md needs exactly one "<!-- settings:begin/);
  });
});
