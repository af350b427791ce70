// Which problems of a file the extension reports itself: not what VS Code's JSON language service
// already reports (syntax errors, repeated keys) where it validates; all of them for a selection and
// where VS Code does not look. And the notification when nothing was sent, which counts what it says.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { nothingSentText, problemsToShow } from '../../../src/runFile/problemsShown';
import { readRunInput } from '../../../src/runFile/runInput';

const BROKEN = '{\n  "name": "Broken Co",\n  "tags": [\n    "a"\n    "b"\n  ]\n}\n';
const WORKFLOW = '0b5e5b4e-1c2d-4e3f-8a9b-0c1d2e3f4a5b';

describe('problems shown by the extension', () => {
  test('a syntax error where VS Code validates: VS Code reports it, the extension does not report it again', () => {
    const { problems } = readRunInput(BROKEN, { asRunFile: false });
    assert.deepEqual(
      problems.map((p) => p.code),
      ['syntax'],
    );
    assert.deepEqual(problemsToShow(problems, { jsonServiceValidates: true, selection: false }), []);
  });

  test('a repeated key where VS Code validates: VS Code warns of it, the extension does not; its own problems stay', () => {
    const text = `{"workflowUuid": "${WORKFLOW}", "data": {"a": 1, "a": 2}, "extra": 1}`;
    const { problems } = readRunInput(text, { asRunFile: true });
    assert.deepEqual(problems.map((p) => p.code).sort(), ['duplicateKey', 'unknownProperty']);
    assert.deepEqual(
      problemsToShow(problems, { jsonServiceValidates: true, selection: false }).map((p) => p.code),
      ['unknownProperty'],
    );
  });

  test('where VS Code does not look (another language, validation off) and in a selection, every problem is the extension’s', () => {
    const { problems } = readRunInput(BROKEN, { asRunFile: false });
    assert.deepEqual(problemsToShow(problems, { jsonServiceValidates: false, selection: false }), problems);
    const selected = readRunInput(BROKEN, { asRunFile: false, selection: { offset: 0, length: 30 } }).problems;
    assert.ok(selected.some((p) => p.code === 'syntax'));
    assert.deepEqual(problemsToShow(selected, { jsonServiceValidates: true, selection: true }), selected);
  });

  test('nothing sent: text that is not JSON is said so, without a count; other errors are counted as errors', () => {
    const syntax = readRunInput(BROKEN, { asRunFile: false }).problems;
    assert.equal(nothingSentText('broken.json', syntax, 5), 'broken.json is not valid JSON, so nothing was sent: Expected a comma “,” before this. (line 5)');
    const runFile = readRunInput('{"data": [], "extra": 1}', { asRunFile: true }).problems;
    const errors = runFile.filter((p) => p.severity === 'error');
    assert.equal(errors.length, 2, 'a missing workflowUuid and data that is not an object; the unknown key is a warning');
    assert.match(
      nothingSentText('a.cargo-run.json', errors, 1),
      /^a\.cargo-run\.json has 2 errors, so nothing was sent: "workflowUuid" is missing: .+ \(line 1\)$/,
    );
  });
});
