// A run's failure and where it belongs in the file it was started from: the key the error names (the
// longest, as a whole word), else what was sent; the hover's Markdown with run data inert.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Run } from '../../src/api';
import { commandUri, excerpt, failureHoverMarkdown } from '../../src/errorInspection/presentation';
import { locateFailure } from '../../src/errorInspection/failureSpot';
import { pathOfSpan } from '../../src/runFile/inputPath';
import { failureSummary, runFailure as failureOf } from '../../src/runs/runFailure';

const at = (text: string, needle: string, from = 0) => ({ offset: text.indexOf(needle, from), length: needle.length });

function run(
  executions: { slug: string; status: 'success' | 'error' | 'pending'; error?: string }[],
  status = 'error',
  errorMessage: string | null = null,
): Run {
  return {
    uuid: '9d886472-9b69-4234-ab4d-e7734925bcf0',
    workflowUuid: 'w',
    recordId: 'r',
    recordTitle: 't',
    status: { known: status, raw: status },
    errorMessage,
    createdAt: '2026-12-02T10:00:00Z',
    updatedAt: '2026-12-02T10:00:01Z',
    nodes: [{ uuid: 'n-hub', slug: 'hubspot', kind: { known: 'connector', raw: 'connector' }, name: 'Update contact' }],
    executions: executions.map((e) => ({
      nodeUuid: e.slug === 'hubspot' ? 'n-hub' : `n-${e.slug}`,
      nodeSlug: e.slug,
      nodeKind: { known: 'connector', raw: 'connector' },
      status: { known: e.status, raw: e.status },
      errorMessage: e.error ?? null,
    })),
  } as unknown as Run;
}

describe('run failure', () => {
  test('the failure is the last failed execution, named after its node; else the run’s own error; none for a success', () => {
    const failed = failureOf(
      run([
        { slug: 'start', status: 'success' },
        { slug: 'hubspot', status: 'error', error: 'HubSpot API responded 400: Property "email" is invalid\nat line 2' },
      ]),
    );
    assert.equal(failed?.index, 1);
    assert.equal(failed?.nodeName, 'Update contact');
    assert.equal(failureSummary(failed!), 'Update contact (hubspot): HubSpot API responded 400: Property "email" is invalid');
    const early = failureOf(run([], 'error', 'Workflow release not found'));
    assert.equal(early?.index, -1);
    assert.equal(failureSummary(early!), 'The run: Workflow release not found');
    assert.equal(failureOf(run([{ slug: 'start', status: 'success' }], 'success')), undefined);
  });

  test('a run file: the data key the error names, the longest one, as a whole word; else the "data" key', () => {
    const text = '{\n  "workflowUuid": "x", // comment\n  "data": {\n    "email": "a@b.co",\n    "emailVerified": true,\n    "domain": "b.co",\n  },\n}\n';
    assert.deepEqual(locateFailure(text, ['data'], 'Property "emailVerified" must be a string'), { span: at(text, '"emailVerified"'), key: 'emailVerified' });
    assert.deepEqual(locateFailure(text, ['data'], 'Invalid EMAIL address'), { span: at(text, '"email"'), key: 'email' });
    assert.deepEqual(locateFailure(text, ['data'], 'subdomain is not allowed'), { span: at(text, '"data"'), key: undefined }, 'not inside another word');
    assert.deepEqual(locateFailure(text, ['data'], 'Timeout after 30000 ms'), { span: at(text, '"data"'), key: undefined });
  });

  test('a record file, an array item, a selection: the key, else the object run; gone from the text: nothing', () => {
    const record = '{ "name": "Acme", "domain": "acme.io" }';
    assert.deepEqual(locateFailure(record, [], "Apollo API responded 422: domain is invalid ('acme.io')"), { span: at(record, '"domain"'), key: 'domain' });
    assert.deepEqual(locateFailure(record, [], 'Timeout'), { span: { offset: 0, length: record.length }, key: undefined });
    const array = '[{ "name": "a" }, { "name": "b", "email": "x" }]';
    const second = at(array, '{ "name": "b"');
    const item = { offset: second.offset, length: array.indexOf('}', second.offset) + 1 - second.offset };
    assert.deepEqual(pathOfSpan(array, item), [1]);
    assert.deepEqual(locateFailure(array, [1], 'email bounced'), { span: at(array, '"email"'), key: 'email' });
    const doc = '{ "response": { "lead": { "name": "S", "phone": "1" } } }';
    const lead = at(doc, '{ "name": "S", "phone": "1" }');
    assert.deepEqual(pathOfSpan(doc, lead), ['response', 'lead']);
    assert.deepEqual(pathOfSpan(doc, { offset: lead.offset, length: 3 }), undefined, 'not a value of its own');
    assert.equal(locateFailure('{ "other": 1 }', ['data'], 'x'), undefined);
  });

  test('the hover: node, error, input and config, each escaped; only our command links are links', async () => {
    const failure = failureOf(
      run([{ slug: 'hubspot', status: 'error', error: '<img src=x onerror=alert(1)> [click](command:workbench.action.reloadWindow) $(alert) ‮gnp.exe' }]),
    )!;
    const markdown = failureHoverMarkdown(failure, { input: { name: '<script>alert(1)</script>' }, config: { url: '[x](https://evil.example)' } }, [
      { title: 'Open Run', command: 'cargo.openFailingExecution', args: ['9d886472-9b69-4234-ab4d-e7734925bcf0', 0] },
      { title: 'Re-run', command: 'cargo.runFile', args: ['file:///w/a (1).json', { wholeFile: true }] },
    ]);
    const { marked } = await import('marked');
    const html = await marked.parse(markdown);
    assert.doesNotMatch(html, /<img|<script/i);
    const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(
      links.map((href) => href?.split('?')[0]),
      ['command:cargo.openFailingExecution', 'command:cargo.runFile'],
      'no link but ours',
    );
    assert.ok(commandUri({ title: 'x', command: 'c', args: ['a (1)'] }).endsWith('%22a%20%281%29%22%5D'), 'parentheses cannot end the link');
    assert.match(markdown, /\*\*Update contact \\\(hubspot\\\)\*\* failed/);
  });

  test('excerpts: a few lines of pretty JSON, long lines cut, "…" past the last', () => {
    const shown = excerpt({ a: 'x'.repeat(500), b: [1, 2, 3, 4, 5, 6, 7, 8, 9] });
    const lines = shown.split('\n');
    assert.equal(lines.length, 9);
    assert.equal(lines.at(-1), '…');
    assert.ok(lines.every((line) => line.length <= 120));
  });
});
