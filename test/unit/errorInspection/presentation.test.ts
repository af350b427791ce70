// How a failure reads where the user works: the hover's Markdown (run data inert, only our command
// links live) and its excerpts of the node's values.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { commandUri, excerpt, failureHoverMarkdown } from '../../../src/errorInspection/presentation';
import { runFailure } from '../../../src/runs/runFailure';
import { failedRun } from '../support/failedRun';

describe('failure presentation', () => {
  test('the hover: node, error, input and config, each escaped; only our command links are links', async () => {
    const failure = runFailure(
      failedRun([{ slug: 'hubspot', status: 'error', error: '<img src=x onerror=alert(1)> [click](command:workbench.action.reloadWindow) $(alert) ‮gnp.exe' }]),
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
