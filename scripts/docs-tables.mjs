// `npm run docs`: writes README.md's tables of settings and commands from package.json, between marker
// comments, so they say what the manifest says. `--check` writes nothing and exits 1 when they differ.
// test/unit/readmeTables.test.ts fails when README.md is stale, so a manifest change comes with a run of this.
//
//   node scripts/docs-tables.mjs [--check]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = join(fileURLToPath(import.meta.url), '..', '..');

/** The two generated blocks: each between `<!-- <name>:begin … -->` and `<!-- <name>:end -->` in README.md. */
export const TABLES = {
  settings: renderSettings,
  commands: renderCommands,
};

/** One table cell: on one line, with the pipes that would end it escaped. */
function cell(text) {
  return String(text).replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}

/** Inline code whatever the text holds (a backtick inside gets a longer fence). */
function code(text) {
  const value = String(text);
  const longestRun = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value}${pad}${fence}`;
}

/** A command's or a setting's text field: a plain string, or `{ value }` when localised. */
function text(field) {
  if (field === undefined || field === null) return '';
  return typeof field === 'string' ? field : String(field.value ?? '');
}

function settingType(property) {
  if (Array.isArray(property.enum)) return `one of ${property.enum.map((value) => code(JSON.stringify(value))).join(', ')}`;
  const type = Array.isArray(property.type) ? property.type.join(' or ') : (property.type ?? 'any');
  const { minimum, maximum } = property;
  if (minimum !== undefined && maximum !== undefined) return `${type}, ${minimum}–${maximum}`;
  if (minimum !== undefined) return `${type}, at least ${minimum}`;
  if (maximum !== undefined) return `${type}, at most ${maximum}`;
  return type;
}

/**
 * A `markdownDescription` as the README can show it: VS Code's links to a setting (`` `#cargo.pageSize#` ``)
 * become the setting's name, and links to a command their text (the README has no commands to run, and
 * vsce refuses a `command:` link).
 */
function readmeMarkdown(markdown) {
  return markdown.replace(/`#([\w.-]+)#`/g, '`$1`').replace(/\[([^\]]*)\]\(command:[^)]*\)/g, '$1');
}

/** A plain-text description as Markdown that shows it as written. */
function plainMarkdown(text) {
  return String(text).replace(/[\\`*_[\]<>]/g, (char) => `\\${char}`);
}

function settingDescription(property) {
  const described =
    property.markdownDescription !== undefined ? readmeMarkdown(String(property.markdownDescription)) : plainMarkdown(property.description ?? '');
  const choices = Array.isArray(property.enum)
    ? property.enum
        .map((value, index) => {
          const markdown = property.markdownEnumDescriptions?.[index];
          const plain = property.enumDescriptions?.[index];
          const explained = markdown !== undefined ? readmeMarkdown(String(markdown)) : plain !== undefined ? plainMarkdown(plain) : undefined;
          return explained ? `${code(JSON.stringify(value))}: ${explained}` : undefined;
        })
        .filter(Boolean)
    : [];
  return [described, ...choices].filter((part) => part !== '').join(' ');
}

/** The settings of `contributes.configuration` (one object or a list of them), in manifest order. */
export function renderSettings(manifest) {
  const configuration = manifest.contributes?.configuration ?? [];
  const sections = Array.isArray(configuration) ? configuration : [configuration];
  const rows = sections.flatMap((section) =>
    Object.entries(section.properties ?? {}).map(([key, property]) => {
      const fallback = property.default === undefined ? '—' : code(JSON.stringify(property.default));
      return `| ${code(key)} | ${cell(settingType(property))} | ${cell(fallback)} | ${cell(settingDescription(property))} |`;
    }),
  );
  return ['| Setting | Type | Default | What it does |', '|---|---|---|---|', ...rows].join('\n');
}

/** Whether the Command Palette offers a command: its `menus.commandPalette` entry's `when`, if any. */
function inPalette(manifest, command) {
  const entries = (manifest.contributes?.menus?.commandPalette ?? []).filter((entry) => entry.command === command);
  if (entries.length === 0) return 'yes';
  const whens = entries.map((entry) => entry.when);
  if (whens.some((when) => when === undefined || when === 'true')) return 'yes';
  if (whens.every((when) => when === 'false')) return 'no (offered where it applies)';
  return `when ${whens
    .filter((when) => when !== 'false')
    .map(code)
    .join(' or ')}`;
}

/** The commands of `contributes.commands`, in manifest order, as the Command Palette names them. */
export function renderCommands(manifest) {
  const rows = (manifest.contributes?.commands ?? []).map((command) => {
    const title = text(command.title);
    const category = text(command.category);
    const name = category === '' ? title : `${category}: ${title}`;
    return `| ${cell(name)} | ${code(command.command)} | ${cell(inPalette(manifest, command.command))} |`;
  });
  return ['| Command | ID | In the Command Palette |', '|---|---|---|', ...rows].join('\n');
}

function markers(name) {
  return {
    begin: `<!-- ${name}:begin (generated from package.json by npm run docs; edit package.json, not this table) -->`,
    end: `<!-- ${name}:end -->`,
  };
}

/** The README with every generated block rewritten from the manifest; throws when a marker is missing. */
export function withTables(readme, manifest) {
  let result = readme;
  for (const [name, render] of Object.entries(TABLES)) {
    const { begin, end } = markers(name);
    const start = result.indexOf(begin);
    const stop = result.indexOf(end);
    if (start < 0 || stop < start || result.indexOf(begin, start + 1) >= 0) {
      throw new Error(`README.md needs exactly one "${begin}" followed by "${end}"`);
    }
    result = `${result.slice(0, start + begin.length)}\n${render(manifest)}\n${result.slice(stop)}`;
  }
  return result;
}

function main() {
  const check = process.argv.includes('--check');
  const readmePath = join(REPO_ROOT, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const updated = withTables(readme, manifest);
  if (updated === readme) {
    console.log('README.md: the settings and commands tables match package.json.');
    return;
  }
  if (check) {
    console.error('README.md: the settings or commands table differs from package.json. Run: npm run docs');
    process.exitCode = 1;
    return;
  }
  writeFileSync(readmePath, updated);
  console.log('README.md: wrote the settings and commands tables from package.json.');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
