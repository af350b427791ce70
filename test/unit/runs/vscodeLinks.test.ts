// Links into VS Code: "Copy Link for VS Code" writes them, the URI handler reads them. Only
// /run/<uuid>, /batch/<uuid>, /workflow/<uuid> and /open?link=<a link to Cargo> open anything; every
// other link is refused with one line that says what a link takes (and nothing is asked of Cargo:
// the reading asks nothing, test/unit/runs/openCargo.test.ts counts what opening asks).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readVsCodeLink, vscodeLink, type LinkParts } from '../../../src/runs/vscodeLinks';

const ID = 'cargo-runs.cargo-runs';
const cargo = { webAppBaseUrl: 'https://app.getcargo.io', apiBaseUrl: 'https://api.getcargo.io/v1' };
const W = '11111111-2222-4333-8444-555555555555';
const B = '22222222-3333-4444-8555-666666666666';
const R = '3f2c9a1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

/** A link as VS Code hands it over: split as vscode.Uri.parse does, its path and query decoded, `..` left as it is. */
function parts(link: string): LinkParts {
  const [, authority = '', path = '', query = ''] = /^[a-z-]+:\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/.exec(link) ?? [];
  return { authority, path: decodeURIComponent(path), query: decodeURIComponent(query) };
}
const read = (link: string) => readVsCodeLink(parts(link), ID, cargo);

describe('vscodeLink', () => {
  test("written with the editor's own scheme (code-server's is not vscode), read back to what it names", () => {
    for (const scheme of ['vscode', 'vscode-insiders', 'code-oss']) {
      for (const [kind, uuid] of [
        ['run', R],
        ['batch', B],
        ['workflow', W],
      ] as const) {
        const link = vscodeLink({ uriScheme: scheme, extensionId: ID }, kind, uuid);
        assert.equal(link, `${scheme}://${ID}/${kind}/${uuid}`);
        assert.deepEqual(read(link), { target: { kind, uuid } });
      }
    }
  });
});

describe('readVsCodeLink', () => {
  test('takes a trailing slash, upper case, any query on /run; and ?link= with any link to Cargo or a uuid', () => {
    assert.deepEqual(read(`vscode://${ID}/batch/${B.toUpperCase()}/`), { target: { kind: 'batch', uuid: B } });
    assert.deepEqual(read(`vscode://${ID.toUpperCase()}/run/${R}?windowId=_blank`), { target: { kind: 'run', uuid: R } });
    const web = `https://app.getcargo.io/workflows/${W}/batches/${B}`;
    assert.deepEqual(read(`vscode://${ID}/open?link=${encodeURIComponent(web)}`), { target: { kind: 'batch', uuid: B, workflowUuid: W } });
    assert.deepEqual(read(`vscode://${ID}/open?link=${R}`), { target: { kind: 'any', uuid: R } });
  });

  test('refuses another host, a path, extra segments, a non-uuid, encoded .., control characters and huge links', () => {
    const refusals: [string, LinkParts | string, RegExp][] = [
      ['another authority', `vscode://evil.example/run/${R}`, /^This link is for evil\.example, not for Cargo Runs\. /],
      ['a path', `vscode://${ID}/etc/passwd`, /^This link leads nowhere in Cargo Runs\. /],
      ['a path after the uuid', `vscode://${ID}/run/${R}/../../etc/passwd`, /leads nowhere/],
      ['an extra segment', `vscode://${ID}/run/${R}/cancel`, /leads nowhere/],
      ['encoded ..', `vscode://${ID}/run/%2e%2e%2f%2e%2e%2fetc%2fpasswd`, /leads nowhere/],
      ['encoded .. in place of the uuid', `vscode://${ID}/batch/%2e%2e`, /^This link names no batch: what follows \/batch\/ is not a uuid\. /],
      ['a non-uuid', `vscode://${ID}/run/not-a-uuid`, /names no run/],
      ['a uuid and more', `vscode://${ID}/workflow/${W}0`, /names no workflow/],
      ['nothing', `vscode://${ID}`, /leads nowhere/],
      ['what a link cannot do', `vscode://${ID}/cancel/${B}`, /leads nowhere/],
      ['control characters', { authority: ID, path: `/run/${R}\u0000`, query: '' }, /names no run/],
      [
        'a huge link',
        { authority: ID, path: `/run/${'a'.repeat(100_000)}`, query: '' },
        /^This link is 100,005 characters long, too long for a link to Cargo\. /,
      ],
      [
        '?link= to another host',
        `vscode://${ID}/open?link=${encodeURIComponent(`https://evil.example/runs/${R}`)}`,
        /^This links to evil\.example, not to Cargo/,
      ],
      ['?link= twice', `vscode://${ID}/open?link=${R}&link=${B}`, /^This link has no link to Cargo after \?link=\. /],
      ['?link= with a path', `vscode://${ID}/open?link=${encodeURIComponent('../../etc/passwd')}`, /has a path in it/],
    ];
    for (const [name, link, expected] of refusals) {
      const { target, problem } = typeof link === 'string' ? read(link) : readVsCodeLink(link, ID, cargo);
      assert.equal(target, undefined, name);
      assert.match(problem ?? '', expected, name);
    }
  });
});
