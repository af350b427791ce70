// What "Cargo: Open Run, Batch or Workflow…" makes of a text: a run, batch or workflow named by a link
// to Cargo, a bare uuid (which could be any of the three), or one line saying why not. The bad inputs
// every text box gets are in test/unit/badInput.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { OPEN_WORDING, readCargoReference } from '../../../src/runs/cargoReference';

const WEB_APP = 'https://app.getcargo.io';
const cargo = { webAppBaseUrl: WEB_APP, apiBaseUrl: 'https://api.getcargo.io/v1' };
const W = '11111111-2222-4333-8444-555555555555';
const B = '22222222-3333-4444-8555-666666666666';
const R = '3f2c9a1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

describe('readCargoReference', () => {
  test("the web app's links to a run, a batch and a workflow (as WebAppLinks writes them), and the API's", () => {
    assert.deepEqual(readCargoReference(`${WEB_APP}/workflows/${W}/runs/${R}`, cargo), { target: { kind: 'run', uuid: R, workflowUuid: W } });
    assert.deepEqual(readCargoReference(`${WEB_APP}/workflows/${W}/batches/${B.toUpperCase()}?tab=runs#x`, cargo), {
      target: { kind: 'batch', uuid: B, workflowUuid: W },
    });
    assert.deepEqual(readCargoReference(`${WEB_APP}/workflows/${W}`, cargo), { target: { kind: 'workflow', uuid: W } });
    assert.deepEqual(readCargoReference(`${WEB_APP}/workflows/${W}/`, cargo), { target: { kind: 'workflow', uuid: W } });
    assert.deepEqual(readCargoReference(`https://api.getcargo.io/v1/orchestration/runs/${R}`, cargo), { target: { kind: 'run', uuid: R } });
    assert.deepEqual(readCargoReference(`https://api.getcargo.io/v1/orchestration/batches/${B}`, cargo), { target: { kind: 'batch', uuid: B } });
    assert.deepEqual(readCargoReference(`${WEB_APP}/workflows/${W}/batches/${B}/runs/${R}`, cargo), { target: { kind: 'run', uuid: R, workflowUuid: W } });
  });

  test('a bare uuid, or text around one, could be a run, a batch or a workflow: "any", lower case', () => {
    assert.deepEqual(readCargoReference(` ${R.toUpperCase()}\n`, cargo), { target: { kind: 'any', uuid: R } });
    assert.deepEqual(readCargoReference(`batch ${B} failed`, cargo), { target: { kind: 'any', uuid: B } });
  });

  test('refusals say what the box takes, once, and why this is not it', () => {
    const refusals: [string, RegExp][] = [
      ['', /^Type or paste a uuid or a link to Cargo\. /],
      [`https://evil.example/workflows/${W}/batches/${B}`, /^This links to evil\.example, not to Cargo \(app\.getcargo\.io or api\.getcargo\.io\)\. /],
      [
        `${WEB_APP}/settings`,
        /^This link to Cargo does not lead to a run, batch or workflow \(…\/runs\/<uuid>, …\/batches\/<uuid> or …\/workflows\/<uuid>\)\. /,
      ],
      [`${WEB_APP}/workflows/${W}x`, /does not lead to a run, batch or workflow/],
      [`${WEB_APP}/workflows/${W}/runs/${R}/../../../admin`, /does not lead to a run, batch or workflow/],
      [`${WEB_APP}/workflows/${W}/runs/%2e%2e/%2e%2e/${'x'}`, /does not lead to a run, batch or workflow/],
      [`vscode://cargo-runs.cargo-runs/run/${R}`, /^This is a vscode: link, not a link to Cargo\. /],
      [`${B}/../x`, /^This has a path in it, and is not a link to Cargo\. /],
      [`${R}\u0007`, /^This has a control character in it \(U\+0007 at character 37\)\. /],
      ['x'.repeat(3000), /^This is 3,000 characters long, too long for a uuid or a link\. /],
      ['no uuid here', /^This contains no uuid\. /],
    ];
    for (const [text, expected] of refusals) {
      const { target, problem } = readCargoReference(text, cargo);
      assert.equal(target, undefined, text);
      assert.match(problem ?? '', expected, text);
      assert.ok(problem?.endsWith(OPEN_WORDING.expected), text);
      assert.equal(problem?.split(OPEN_WORDING.expected).length, 2, 'said once');
    }
  });
});
