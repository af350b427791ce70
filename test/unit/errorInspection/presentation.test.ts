// How a failure reads where the user works: the diagnostic's text (the node by its label, the run by its
// record), the hover's Markdown (run data inert, its JSON in clamped code blocks, only our command links
// live, each with a title).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { commandUri, failureDiagnosticText, failureHoverMarkdown, type HoverCommand } from '../../../src/errorInspection/presentation';
import { runFailure } from '../../../src/runs/runFailure';
import { failedRun } from '../support/failedRun';
import { loadMarkdown, renderMarkdown } from '../support/sinks';

const COMMANDS: HoverCommand[] = [
  { title: 'Open Run', tooltip: 'Open the run at its failing step', command: 'cargo.openFailingExecution', args: ['9d886472-9b69-4234-ab4d-e7734925bcf0', 0] },
  { title: 'Re-run', tooltip: 'Run this file again', command: 'cargo.runFile', args: ['file:///w/a (1).json', { wholeFile: true }] },
];

/** The text of each `<pre><code>` of rendered Markdown, entities decoded. */
function codeBlocks(html: string): { language: string; text: string }[] {
  return [...html.matchAll(/<pre><code(?: class="language-(\w+)")?>([\s\S]*?)<\/code><\/pre>/g)].map((match) => ({
    language: match[1] ?? '',
    text: (match[2] ?? '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&'),
  }));
}

describe('failure presentation', () => {
  before(loadMarkdown);

  test('the hover: node, error, input and config, each escaped; only our command links are links', () => {
    const failure = runFailure(
      failedRun([{ slug: 'hubspot', status: 'error', error: '<img src=x onerror=alert(1)> [click](command:workbench.action.reloadWindow) $(alert) ‮gnp.exe' }]),
    )!;
    const markdown = failureHoverMarkdown(failure, { input: { name: '<script>alert(1)</script>' }, config: { url: '[x](https://evil.example)' } }, COMMANDS);
    const html = renderMarkdown(markdown);
    assert.doesNotMatch(html, /<img|<script/i);
    const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(
      links.map((href) => href?.split('?')[0]),
      ['command:cargo.openFailingExecution', 'command:cargo.runFile'],
      'no link but ours',
    );
    assert.ok(commandUri({ command: 'c', args: ['a (1)'] }).endsWith('%22a%20%281%29%22%5D'), 'parentheses cannot end the link');
    assert.match(markdown, /\*\*Update contact \\\(hubspot\\\)\*\* failed/);
  });

  test('the input and computed config are indented JSON in code blocks, not text run together', () => {
    const failure = runFailure(failedRun([{ slug: 'hubspot', status: 'error', error: 'Property "email" is invalid' }]))!;
    const input = { name: 'Diag Co', address: { city: 'Paris', zip: '75001' } };
    const config = { properties: ['email', 'name'] };
    const html = renderMarkdown(failureHoverMarkdown(failure, { input, config }, COMMANDS));
    assert.deepEqual(codeBlocks(html), [
      { language: 'json', text: `${JSON.stringify(input, null, 2)}\n` },
      { language: 'json', text: `${JSON.stringify(config, null, 2)}\n` },
    ]);
    assert.doesNotMatch(html, /Shown:/, 'nothing was cut: no note');
  });

  test('a large value is clamped, in lines and in characters, with a note of what was cut', () => {
    const failure = runFailure(failedRun([{ slug: 'hubspot', status: 'error' }]))!;
    const input = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field${i}`, i === 2 ? 'y'.repeat(5000) : i]));
    const html = renderMarkdown(failureHoverMarkdown(failure, { input }, COMMANDS));
    const [block] = codeBlocks(html);
    const lines = block!.text.trimEnd().split('\n');
    assert.equal(lines.length, 15);
    assert.equal(lines[0], '{');
    assert.match(lines[3] ?? '', /^ {2}"field2": "y+…$/);
    assert.ok(lines.every((line) => line.length <= 120));
    assert.match(html, /Shown: the first 15 of 42 lines; 1 line cut at 120 characters\./);
    assert.ok(html.length < 5000, `${html.length} characters`);
  });

  test('run data cannot leave its code block, nor reorder it', () => {
    const failure = runFailure(failedRun([{ slug: 'hubspot', status: 'error' }]))!;
    const input = { a: '```\n</code></pre><img src=x onerror=alert(1)>\n```', b: '\u202Eevil', c: '[x](command:workbench.action.quit) $(alert) **bold**' };
    const markdown = failureHoverMarkdown(failure, { input }, COMMANDS);
    const html = renderMarkdown(markdown);
    const blocks = codeBlocks(html);
    assert.equal(blocks.length, 1, html);
    assert.doesNotMatch(html, /<img|<strong>bold/);
    assert.match(blocks[0]!.text, /"b": "\\u202Eevil"/, 'a bidi override shows as its escape');
    assert.equal((html.match(/<a /g) ?? []).length, COMMANDS.length, 'no link from the data');
  });

  test('every link has a short title: VS Code shows it instead of the raw command URI', () => {
    const failure = runFailure(failedRun([{ slug: 'hubspot', status: 'error' }]))!;
    const html = renderMarkdown(failureHoverMarkdown(failure, {}, [...COMMANDS, { ...COMMANDS[0]!, tooltip: 'Say "hi" \\ there' }]));
    const titles = [...html.matchAll(/<a href="[^"]*"(?: title="([^"]*)")?>/g)].map((match) => match[1]);
    assert.deepEqual(titles, ['Open the run at its failing step', 'Run this file again', 'Say &quot;hi&quot; \\ there']);
  });

  test('the diagnostic names the node by its label and the run by its record, never by a uuid', () => {
    const run = failedRun([{ slug: 'hubspot', status: 'error', error: 'Property "email" is invalid\nat line 2' }]);
    const text = failureDiagnosticText({ ...run, recordTitle: 'Diag Co' }, runFailure(run)!);
    assert.deepEqual(text, {
      message: 'Update contact (hubspot): Property "email" is invalid',
      code: 'run of Diag Co',
      related: 'The computed config of Update contact (hubspot) in this run',
    });
    assert.equal(failureDiagnosticText({ recordTitle: '', recordId: 'rec-7' }, runFailure(run)!).code, 'run of rec-7');
    assert.equal(failureDiagnosticText({ recordTitle: ' \u200b', recordId: '' }, runFailure(run)!).code, 'run in Cargo');
    assert.equal(failureDiagnosticText({ recordTitle: `${'x'.repeat(100)}\n$(alert)`, recordId: '' }, runFailure(run)!).code.length, 47);
    for (const value of Object.values(text)) assert.doesNotMatch(value, /9d886472/, 'no uuid');
  });
});
