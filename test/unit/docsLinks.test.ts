// The documents: CHANGELOG.md in Keep a Changelog form with a section for package.json's version; no
// `command:` link in what the .vsix ships (vsce refuses it, or rewrites it into a broken web address); and
// every link between README.md, CONTRIBUTING.md and test/README.md leads to a file and heading that exist.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { REPO_ROOT } from '../support/paths';

const DOCUMENTS = ['README.md', 'CONTRIBUTING.md', 'test/README.md', 'CHANGELOG.md'];
const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');
const version = () => (JSON.parse(read('package.json')) as { version: string }).version;

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown file's headings (outside code blocks). */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let inCode = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inCode = !inCode;
    const heading = !inCode && /^#{1,6} (.+)$/.exec(line);
    if (heading) anchors.add(anchorOf(heading[1] ?? ''));
  }
  return anchors;
}

/** The targets of a Markdown file's links and images, outside code blocks and code spans. */
function linksOf(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '');
}

describe('documents', () => {
  it("CHANGELOG.md has a Keep a Changelog section for package.json's version, and only its kinds of change", () => {
    const changelog = read('CHANGELOG.md');
    assert.match(changelog, new RegExp(`^## \\[${version().replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'));
    assert.match(changelog, /keepachangelog\.com\/en\/1\.1\.0/);
    const kinds = [...changelog.matchAll(/^### (.+)$/gm)].map((match) => match[1]);
    assert.ok(kinds.length > 0);
    for (const kind of kinds) assert.ok(['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'].includes(kind ?? ''), `### ${kind}`);
  });

  it('has no command: link in README.md or CHANGELOG.md, which the .vsix ships', () => {
    for (const path of ['README.md', 'CHANGELOG.md']) assert.doesNotMatch(read(path), /command:/, path);
  });

  it('links only to files and headings that exist (images aside: npm run screenshots makes them)', () => {
    const broken: string[] = [];
    for (const path of DOCUMENTS) {
      for (const link of linksOf(read(path))) {
        if (/^[a-z]+:/i.test(link) || link.startsWith('media/readme/')) continue;
        const [file, anchor] = link.split('#') as [string, string | undefined];
        const target = file === '' ? path : relative(REPO_ROOT, join(REPO_ROOT, dirname(path), file));
        if (!existsSync(join(REPO_ROOT, target))) broken.push(`${path}: ${link} (no ${target})`);
        else if (anchor !== undefined && target.endsWith('.md') && !anchorsOf(read(target)).has(anchor))
          broken.push(`${path}: ${link} (no heading #${anchor})`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it('makes anchors as GitHub does', () => {
    assert.equal(anchorOf('Sign in, and where the token lives'), 'sign-in-and-where-the-token-lives');
    assert.equal(anchorOf('Try it: the demo'), 'try-it-the-demo');
    assert.equal(anchorOf('Choices where the API docs are silent (cargo-api.md §5)'), 'choices-where-the-api-docs-are-silent-cargo-apimd-5');
  });
});
