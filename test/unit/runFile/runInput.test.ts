// The run input read from an editor's text: what would be sent, or the exact span of each problem;
// the edits that set a run file's workflow and release; the run file's JSON schema.
import { UUID_PATTERN_SOURCE } from '../../../src/shared/uuid';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MAX_DEPTH,
  MAX_RUN_INPUT_CHARS,
  onlyWorkflowIsMissing,
  readRunInput,
  type RunInputProblem,
  type RunInputProblemCode,
  type RunInputResult,
  type TextSpan,
} from '../../../src/runFile/runInput';
import { newRunFileText, setReleaseUuidEdits, setWorkflowUuidEdits, type TextEdit } from '../../../src/runFile/runFileEdits';
import { REPO_ROOT } from '../../support/paths';

const WORKFLOW = '0b5e5b4e-1c2d-4e3f-8a9b-0c1d2e3f4a5b';
const OTHER_WORKFLOW = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const RELEASE = '7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2f10';

const runFile = (text: string) => readRunInput(text, { asRunFile: true });
const document = (text: string) => readRunInput(text, { asRunFile: false });

/** The span of the `nth` (0-based) occurrence of `marker` in `text`. */
function spanOf(text: string, marker: string, nth = 0, length = marker.length): TextSpan {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(marker, offset + 1);
  assert.ok(offset >= 0, `${marker} in the text`);
  return { offset, length };
}

/** 1-based line of an offset. */
const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

function onlyProblem(result: RunInputResult, code: RunInputProblemCode): RunInputProblem {
  assert.equal(result.problems.length, 1, JSON.stringify(result.problems, null, 1));
  const [problem] = result.problems;
  assert.equal(problem!.code, code, problem!.message);
  return problem!;
}

/** The record of a run file or of a one-record input. */
function dataOf(result: RunInputResult): Record<string, unknown> | undefined {
  return result.input && result.input.kind !== 'records' ? result.input.data : undefined;
}

function errorsOf(result: RunInputResult): RunInputProblemCode[] {
  return result.problems.filter((problem) => problem.severity === 'error').map((problem) => problem.code);
}

function assertSorted(problems: RunInputProblem[]): void {
  for (let i = 1; i < problems.length; i++) assert.ok(problems[i - 1]!.span.offset <= problems[i]!.span.offset, 'sorted by offset');
}

function applied(text: string, edits: TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.offset - a.offset))
    result = result.slice(0, edit.offset) + edit.content + result.slice(edit.offset + edit.length);
  return result;
}

const validRunFile = `{
  // Enrich one company
  "workflowUuid": "${WORKFLOW}",
  "data": {
    "domain": "example.com",
    "tags": ["a", "b",], /* trailing commas are fine */
  },
}
`;

describe('syntax errors: where they are, in words', () => {
  test('an error on line 7 is reported on line 7, on the bad token', () => {
    const text = [
      '{',
      `  "workflowUuid": "${WORKFLOW}",`,
      '  "data": {',
      '    "name": "Acme",',
      '    "size": 12,',
      '    "public": true,',
      '    "active": tru,',
      '    "city": "Paris"',
      '  }',
      '}',
    ].join('\n');
    const problem = onlyProblem(runFile(text), 'syntax');
    assert.deepEqual(problem.span, spanOf(text, 'tru,', 0, 3));
    assert.equal(lineAt(text, problem.span.offset), 7);
    assert.equal(problem.severity, 'error');
    assert.match(problem.message, /“tru” is not a JSON value/);
  });

  test('a missing comma is reported on what follows it', () => {
    const text = `{\n  "workflowUuid": "${WORKFLOW}"\n  "data": {}\n}`;
    const problem = onlyProblem(runFile(text), 'syntax');
    assert.deepEqual(problem.span, spanOf(text, '"data"'));
    assert.equal(lineAt(text, problem.span.offset), 3);
    assert.match(problem.message, /^Expected a comma/);
  });

  test('an unclosed brace at the end of the text: length 0 at the end', () => {
    const text = `{\n  "workflowUuid": "${WORKFLOW}",\n  "data": {\n    "a": 1\n  }\n`;
    const problem = onlyProblem(runFile(text), 'syntax');
    assert.deepEqual(problem.span, { offset: text.length, length: 0 });
    assert.equal(problem.message, 'Unexpected end of file: a closing brace “}” is missing.');
  });

  test('several missing closers, a missing value, a missing colon at the end: one problem that names them', () => {
    assert.equal(onlyProblem(document('{"a": [1, 2'), 'syntax').message, 'Unexpected end of file: the closing “]}” are missing.');
    assert.equal(onlyProblem(document('{"a": 1,'), 'syntax').message, 'Unexpected end of file: a closing brace “}” is missing.');
    assert.equal(onlyProblem(document('[{}, // more to come\n'), 'syntax').message, 'Unexpected end of file: a closing bracket “]” is missing.');
    assert.match(onlyProblem(document('{"a"'), 'syntax').message, /a colon “:” and a value are missing, and a closing brace “}” is missing/);
  });

  test("one problem per line (the rest of a line is most often the first error's echo), each on its own line", () => {
    const text = `{\n  "a": tru,\n  b: 1,\n  "c": 'x',\n  "d": [1}\n}`;
    const result = document(text);
    assert.deepEqual(
      result.problems.map((problem) => [problem.code, lineAt(text, problem.span.offset)]),
      [
        ['syntax', 2],
        ['syntax', 3],
        ['syntax', 4],
        ['syntax', 5],
      ],
    );
    const [tru, key, quote, closer] = result.problems;
    assert.deepEqual(tru!.span, spanOf(text, 'tru', 0, 3));
    assert.deepEqual(key!.span, spanOf(text, 'b:', 0, 1));
    assert.match(key!.message, /Property names are written in double quotes: "b"/);
    assert.deepEqual(quote!.span, spanOf(text, "'x'"));
    assert.match(quote!.message, /double quotes, not single quotes/);
    assert.deepEqual(closer!.span, spanOf(text, '}', 0, 1));
    assert.match(closer!.message, /closing bracket “]”/);
    assert.equal(result.input, undefined);
  });

  test('strings, comments and numbers that do not end', () => {
    const string = '{\n  "a": "unfinished\n}';
    const problem = onlyProblem(document(string), 'syntax');
    assert.deepEqual(problem.span, spanOf(string, '"unfinished'));
    assert.match(problem.message, /A string is not closed/);

    const comment = '{"a": 1} /* not closed';
    assert.deepEqual(onlyProblem(document(comment), 'syntax').span, spanOf(comment, '/* not closed'));

    const number = '{"a": 1.}';
    const numberProblem = onlyProblem(document(number), 'syntax');
    assert.deepEqual(numberProblem.span, spanOf(number, '1.'));
    assert.match(numberProblem.message, /“1\.” is an incomplete number/);
  });

  test('text after the value, and a closer of the wrong kind', () => {
    const text = '{"a": 1}\n{"b": 2}';
    const problem = onlyProblem(document(text), 'syntax');
    assert.deepEqual(problem.span, spanOf(text, '{"b"', 0, 1));
    assert.match(problem.message, /put the values in an array/);

    const wrong = '{"a": 1]';
    const wrongProblem = onlyProblem(document(wrong), 'syntax');
    assert.deepEqual(wrongProblem.span, spanOf(wrong, ']'));
    assert.match(wrongProblem.message, /Expected a closing brace “}”/);

    const unclosedArray = '{\n  "tags": ["a",\n  "next": 2\n}';
    const arrayProblem = onlyProblem(document(unclosedArray), 'syntax');
    assert.deepEqual(arrayProblem.span, spanOf(unclosedArray, ':', 1, 1));
    assert.match(arrayProblem.message, /is the array's closing bracket “]” missing/);
  });

  test('invalid escapes and raw control characters in strings', () => {
    const escape = '{"path": "C:\\temp\\x"}';
    assert.match(onlyProblem(document(escape), 'syntax').message, /invalid escape/);
    const tab = '{"a": "one\ttwo"}';
    const problem = onlyProblem(document(tab), 'syntax');
    assert.deepEqual(problem.span, spanOf(tab, '"one\ttwo"'));
    assert.match(problem.message, /\\t or \\n/);
  });

  test('JavaScript-isms are named: True, NaN, undefined', () => {
    assert.match(onlyProblem(document('{"a": True}'), 'syntax').message, /“True” is not JSON: write true/);
    assert.match(onlyProblem(document('{"a": NaN}'), 'syntax').message, /write null, or a number/);
    assert.match(onlyProblem(document('{"a": undefined}'), 'syntax').message, /write null, or a number/);
  });

  test('at most 100 syntax problems', () => {
    const text = `[\n${Array.from({ length: 300 }, () => '  {"a": tru},').join('\n')}\n]`;
    const result = document(text);
    assert.equal(result.problems.length, 100);
    assertSorted(result.problems);
  });

  test('syntax errors hide the other problems (the recovered value is a guess)', () => {
    const problem = onlyProblem(runFile('{"data": [1, 2,, 3]}'), 'syntax');
    assert.match(problem.message, /Expected a value/);
  });

  test('comments and trailing commas are JSONC, accepted', () => {
    const result = runFile(validRunFile);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.input, {
      kind: 'runFile',
      workflowUuid: WORKFLOW,
      data: { domain: 'example.com', tags: ['a', 'b'] },
      span: { offset: 0, length: validRunFile.length - 1 },
    });
  });
});

describe('sizes and shapes of text', () => {
  test('empty, blank and comment-only texts are empty, at the start', () => {
    for (const text of ['', '   \n\t', '// nothing yet\n/* really */']) {
      const problem = onlyProblem(document(text), 'empty');
      assert.deepEqual(problem.span, { offset: 0, length: 0 });
      assert.match(problem.message, /The document is empty/);
    }
    assert.match(onlyProblem(runFile(''), 'empty').message, /The run file is empty.*Cargo: New Run File/);
  });

  test('text of 5 MB + 1 is refused without being read; 5 MB is read', () => {
    const over = `{"a": "${'x'.repeat(MAX_RUN_INPUT_CHARS + 1 - 9)}"}`;
    assert.equal(over.length, MAX_RUN_INPUT_CHARS + 1);
    const problem = onlyProblem(document(over), 'tooLarge');
    assert.deepEqual(problem.span, { offset: 0, length: 0 });
    assert.match(problem.message, /5,242,881 characters/);
    assert.match(problem.message, /at most 5 MB/);

    const limit = over.slice(0, 7) + over.slice(8);
    assert.equal(limit.length, MAX_RUN_INPUT_CHARS);
    assert.equal(document(limit).input?.kind, 'record');
  });

  test('a byte-order mark at the start is accepted; spans stay offsets in the text', () => {
    const text = `\uFEFF{"workflowUuid": "${WORKFLOW}", "data": {}, "extra": 1}`;
    const result = runFile(text);
    assert.equal(result.input?.kind, 'runFile');
    assert.deepEqual(result.input?.span, { offset: 1, length: text.length - 1 });
    assert.deepEqual(onlyProblem(result, 'unknownProperty').span, spanOf(text, '"extra"'));
  });

  test('CRLF line ends: same values, lines and spans as offsets in the text', () => {
    const text = validRunFile.replace(/\n/g, '\r\n');
    assert.deepEqual(dataOf(runFile(text)), { domain: 'example.com', tags: ['a', 'b'] });
    const broken = `{\r\n  "workflowUuid": "${WORKFLOW}",\r\n  "data": {\r\n    "a": tru\r\n  }\r\n}\r\n`;
    const problem = onlyProblem(runFile(broken), 'syntax');
    assert.deepEqual(problem.span, spanOf(broken, 'tru', 0, 3));
    assert.equal(lineAt(broken, problem.span.offset), 4);
    const unclosed = `{\r\n  "workflowUuid": "${WORKFLOW}",\r\n  "data": {}\r\n`;
    assert.deepEqual(onlyProblem(runFile(unclosed), 'syntax').span, { offset: unclosed.length, length: 0 });
  });

  test('unicode keys and values; spans count UTF-16 code units, as editors do', () => {
    const text = '{"名前": "値", "émoji 🎉": "✓", "🎉": 1, "🎉": 2}';
    const result = document(text);
    assert.deepEqual(dataOf(result), { 名前: '値', 'émoji 🎉': '✓', '🎉': 2 });
    const duplicate = onlyProblem(result, 'duplicateKey');
    assert.deepEqual(duplicate.span, spanOf(text, '"🎉"'));
    assert.equal(duplicate.severity, 'warning');
  });

  test('a value nested deeper than the limit is refused where the limit is passed, even 100,000 levels deep', () => {
    const deep = (levels: number) => `{"a": ${'['.repeat(levels)}${']'.repeat(levels)}}`;
    assert.equal(document(deep(MAX_DEPTH - 1)).input?.kind, 'record');
    const text = deep(MAX_DEPTH);
    const problem = onlyProblem(document(text), 'tooDeep');
    assert.deepEqual(problem.span, { offset: text.indexOf('[') + MAX_DEPTH - 1, length: 1 });
    const huge = deep(100_000);
    assert.deepEqual(onlyProblem(document(huge), 'tooDeep').span, { offset: huge.indexOf('[') + MAX_DEPTH - 1, length: 1 });
  });

  test('values are plain objects; a "__proto__" key stays a key', () => {
    const result = document('{"__proto__": {"polluted": true}, "a": 1}');
    const data = dataOf(result);
    assert.ok(data);
    assert.equal(Object.getPrototypeOf(data), Object.prototype);
    assert.deepEqual(Object.keys(data), ['__proto__', 'a']);
    assert.equal(JSON.stringify(data), '{"__proto__":{"polluted":true},"a":1}');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});

describe('run files', () => {
  test('a valid run file: what would be sent; releaseUuid null means the deployed release; uuids in either case', () => {
    const text = `{"workflowUuid": "${WORKFLOW.toUpperCase()}", "data": {"a": [1, {"b": null}]}, "releaseUuid": null, "$schema": "./x.json"}`;
    const result = runFile(text);
    assert.deepEqual(result, {
      input: { kind: 'runFile', workflowUuid: WORKFLOW.toUpperCase(), data: { a: [1, { b: null }] }, span: { offset: 0, length: text.length } },
      problems: [],
    });
    const withRelease = runFile(`{"workflowUuid": "${WORKFLOW}", "data": {}, "releaseUuid": "${RELEASE}"}`);
    assert.equal(withRelease.input?.kind === 'runFile' && withRelease.input.releaseUuid, RELEASE);
  });

  test('missing workflowUuid: at the opening brace, the only error, so the editor can offer to pick one', () => {
    const text = '// A run of the enrichment tool\n{\n  "data": {"a": 1},\n  "note": "x"\n}';
    const result = runFile(text);
    assert.deepEqual(errorsOf(result), ['missingWorkflowUuid']);
    const [missing, unknown] = result.problems;
    assert.deepEqual(missing!.span, spanOf(text, '{', 0, 1));
    assert.match(missing!.message, /^"workflowUuid" is missing: add the uuid of the workflow to run, or pick one with “Choose Workflow…”/);
    assert.equal(unknown!.code, 'unknownProperty');
    assert.equal(result.input, undefined);
    assert.ok(onlyWorkflowIsMissing(result));
    assert.ok(!onlyWorkflowIsMissing(runFile('{"data": []}')), 'data is wrong too');
    assert.ok(!onlyWorkflowIsMissing(runFile(validRunFile)));
  });

  test('an empty workflowUuid (as a snippet leaves it) counts as missing, at the value', () => {
    const text = '{"workflowUuid": "", "data": {}}';
    const problem = onlyProblem(runFile(text), 'missingWorkflowUuid');
    assert.deepEqual(problem.span, spanOf(text, '""'));
    assert.match(problem.message, /is empty/);
  });

  test('a malformed workflowUuid: at the value; a long one is cut in the message', () => {
    const text = '{"workflowUuid": "0b5e5b4e-1c2d-4e3f-8a9b-0c1d2e3f4a5", "data": {}}';
    const problem = onlyProblem(runFile(text), 'badWorkflowUuid');
    assert.deepEqual(problem.span, spanOf(text, '"0b5e', 0, 37));
    assert.match(problem.message, /is not a uuid \(8-4-4-4-12 hex digits\)/);

    const long = `{"workflowUuid": "${'z'.repeat(10_000)}", "data": {}}`;
    const longProblem = onlyProblem(runFile(long), 'badWorkflowUuid');
    assert.equal(longProblem.span.length, 10_002);
    assert.ok(longProblem.message.length < 250, longProblem.message);
    assert.match(longProblem.message, /…/);

    const number = '{"workflowUuid": 42, "data": {}}';
    const numberProblem = onlyProblem(runFile(number), 'badWorkflowUuid');
    assert.deepEqual(numberProblem.span, spanOf(number, '42'));
    assert.match(numberProblem.message, /must be a string/);
  });

  test('missing data: at the opening brace', () => {
    const text = `  {"workflowUuid": "${WORKFLOW}"}`;
    const problem = onlyProblem(runFile(text), 'missingData');
    assert.deepEqual(problem.span, { offset: 2, length: 1 });
    assert.match(problem.message, /"data" is missing/);
  });

  test('data that is not an object: an array, null, a string; at the value', () => {
    for (const [value, words] of [
      ['[{"a": 1}, {"a": 2}]', /not an array\. A run takes one record/],
      ['null', /not null\. Write \{\} for an empty record/],
      ['"hello"', /not a string \("hello"\)/],
    ] as const) {
      const text = `{"workflowUuid": "${WORKFLOW}",\n "data": ${value}}`;
      const problem = onlyProblem(runFile(text), 'badData');
      assert.deepEqual(problem.span, spanOf(text, value));
      assert.match(problem.message, words);
    }
  });

  test('releaseUuid 42 or "draft": at the value', () => {
    for (const value of ['42', '"draft"', 'true', '{}']) {
      const text = `{"workflowUuid": "${WORKFLOW}", "data": {}, "releaseUuid": ${value}}`;
      const problem = onlyProblem(runFile(text), 'badReleaseUuid');
      assert.deepEqual(problem.span, spanOf(text, value, value === '{}' ? 1 : 0));
      assert.match(problem.message, /remove it \(or write null\) to run the deployed release/);
    }
  });

  test('an unknown property: a warning on its key, not sent; the input is still there', () => {
    const text = `{"workflowUuid": "${WORKFLOW}", "data": {"a": 1}, "email": "x@example.com"}`;
    const result = runFile(text);
    const problem = onlyProblem(result, 'unknownProperty');
    assert.equal(problem.severity, 'warning');
    assert.deepEqual(problem.span, spanOf(text, '"email"'));
    assert.match(problem.message, /"email" is not part of a run file and is not sent.*inside "data"/);
    assert.deepEqual(result.input, { kind: 'runFile', workflowUuid: WORKFLOW, data: { a: 1 }, span: { offset: 0, length: text.length } });
  });

  test('a repeated workflowUuid: the last one counts (JSON.parse), the first is warned about', () => {
    const text = `{"workflowUuid": "${OTHER_WORKFLOW}", "data": {}, "workflowUuid": "${WORKFLOW}"}`;
    const result = runFile(text);
    assert.equal(result.input?.kind === 'runFile' && result.input.workflowUuid, WORKFLOW);
    assert.deepEqual(onlyProblem(result, 'duplicateKey').span, spanOf(text, '"workflowUuid"'));
  });

  test('a top value that is not an object', () => {
    const text = ' [{"workflowUuid": "x"}] ';
    const problem = onlyProblem(runFile(text), 'notAnObject');
    assert.deepEqual(problem.span, { offset: 1, length: text.length - 2 });
    assert.match(problem.message, /A run file is one JSON object, not an array/);
  });

  test('every problem of a bad run file at once, sorted by offset', () => {
    const text = `{"extra": 1, "workflowUuid": "nope", "data": [], "releaseUuid": 1}`;
    const result = runFile(text);
    assert.deepEqual(
      result.problems.map((problem) => problem.code),
      ['unknownProperty', 'badWorkflowUuid', 'badData', 'badReleaseUuid'],
    );
    assertSorted(result.problems);
  });
});

describe('records (other documents)', () => {
  test('an object is one record, its span the object', () => {
    const text = '// the record\n{"email": "a@example.com", "n": 1}\n';
    assert.deepEqual(document(text), {
      input: { kind: 'record', data: { email: 'a@example.com', n: 1 }, span: spanOf(text, '{"email": "a@example.com", "n": 1}') },
      problems: [],
    });
  });

  test('a pasted run body is read as a run file; one more key makes it a record', () => {
    const body = `{"workflowUuid": "${WORKFLOW}", "data": {"a": 1}, "releaseUuid": null}`;
    assert.equal(document(body).input?.kind, 'runFile');
    assert.equal(onlyProblem(document('{"workflowUuid": "x", "data": {}}'), 'badWorkflowUuid').severity, 'error');
    assert.equal(document(`{"workflowUuid": "${WORKFLOW}", "data": {}, "name": "n"}`).input?.kind, 'record');
    assert.equal(document('{"workflowUuid": 1, "data": {}}').input?.kind, 'record');
    assert.equal(document(`{"workflowUuid": "${WORKFLOW}"}`).input?.kind, 'record');
  });

  test('an array of 3 objects: 3 records with their spans', () => {
    const text = '[\n  {"id": 1},\n  {"id": 2, "x": [1]},\n  {"id": 3}\n]';
    const result = document(text);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.input, {
      kind: 'records',
      items: [
        { data: { id: 1 }, span: spanOf(text, '{"id": 1}') },
        { data: { id: 2, x: [1] }, span: spanOf(text, '{"id": 2, "x": [1]}') },
        { data: { id: 3 }, span: spanOf(text, '{"id": 3}') },
      ],
      span: { offset: 0, length: text.length },
    });
  });

  test('101 records are too many, at the opening bracket; 100 are fine', () => {
    const array = (count: number) => `  [${Array.from({ length: count }, (_, i) => `{"i": ${i}}`).join(',')}]`;
    const problem = onlyProblem(document(array(101)), 'tooManyItems');
    assert.deepEqual(problem.span, { offset: 2, length: 1 });
    assert.match(problem.message, /The array has 101 records; at most 100/);
    const result = document(array(100));
    assert.equal(result.input?.kind === 'records' && result.input.items.length, 100);
  });

  test('an element that is not an object: at the element; at most 20 reported', () => {
    const text = '[{"a": 1}, "two", {"a": 3}]';
    const problem = onlyProblem(document(text), 'badArrayItem');
    assert.deepEqual(problem.span, spanOf(text, '"two"'));
    assert.match(problem.message, /Element 2 of the array is a string \("two"\), not an object/);

    const many = `[${Array.from({ length: 25 }, (_, i) => String(i)).join(', ')}]`;
    const problems = document(many).problems;
    assert.equal(problems.length, 20);
    assert.deepEqual(problems[19]!.span, spanOf(many, '19'));
    assert.match(problems[19]!.message, /5 more elements are not objects either/);
  });

  test('an empty array: at the opening bracket', () => {
    const problem = onlyProblem(document('\n[ ]'), 'emptyArray');
    assert.deepEqual(problem.span, { offset: 1, length: 1 });
  });

  test('a number, a string, null at the top: at the value', () => {
    for (const value of ['42', '"text"', 'null', 'true']) {
      const text = `  ${value}\n`;
      const problem = onlyProblem(document(text), 'notAnObject');
      assert.deepEqual(problem.span, { offset: 2, length: value.length });
      assert.match(problem.message, /must be a JSON object \(one record\) or an array of objects/);
    }
  });
});

describe('selections', () => {
  const notes = `# Notes\n\nTry this one:\n\n{"email": "a@example.com", "tags": ["x"]}\n\nand this broken one:\n\n{"email": tru}\n`;

  test('a selection inside a larger document: spans are offsets in the whole text', () => {
    const selection = spanOf(notes, '{"email": "a@example.com", "tags": ["x"]}');
    const result = readRunInput(notes, { asRunFile: false, selection });
    assert.deepEqual(result, { input: { kind: 'record', data: { email: 'a@example.com', tags: ['x'] }, span: selection }, problems: [] });

    const broken = spanOf(notes, '{"email": tru}');
    const problems = readRunInput(notes, { asRunFile: false, selection: broken }).problems;
    assert.deepEqual(
      problems.map((problem) => [problem.code, problem.span]),
      [
        ['selectionNotJson', broken],
        ['syntax', spanOf(notes, 'tru', 0, 3)],
      ],
    );
  });

  test('half an object: not JSON, at the selection, and what is missing at its end', () => {
    const text = `{"workflowUuid": "${WORKFLOW}", "data": {"a": 1, "b": 2}}`;
    const selection = { offset: text.indexOf('{"a"'), length: '{"a": 1,'.length };
    const result = readRunInput(text, { asRunFile: true, selection });
    const [notJson, end] = result.problems;
    assert.equal(result.problems.length, 2);
    assert.equal(notJson!.code, 'selectionNotJson');
    assert.deepEqual(notJson!.span, selection);
    assert.match(notJson!.message, /The selection is not one JSON value: select a whole object/);
    assert.equal(end!.code, 'syntax');
    assert.deepEqual(end!.span, { offset: selection.offset + selection.length, length: 0 });
    assert.equal(end!.message, 'Unexpected end of the selection: a closing brace “}” is missing.');
  });

  test('a selection is read as records even in a run file; a selected run body is a run file', () => {
    const selection = spanOf(validRunFile, '{\n    "domain"', 0, validRunFile.indexOf('},\n}') + 1 - validRunFile.indexOf('{\n    "domain"'));
    const result = readRunInput(validRunFile, { asRunFile: true, selection });
    assert.deepEqual(result.input, { kind: 'record', data: { domain: 'example.com', tags: ['a', 'b'] }, span: selection });

    const whole = readRunInput(`\n${validRunFile}`, { asRunFile: false, selection: { offset: 1, length: validRunFile.length } });
    assert.equal(whole.input?.kind, 'runFile');
  });

  test('an empty selection reads the whole document; a blank one holds no JSON; one past the end is cut to the text', () => {
    assert.equal(readRunInput(validRunFile, { asRunFile: true, selection: { offset: 5, length: 0 } }).input?.kind, 'runFile');
    const blank = readRunInput(notes, { asRunFile: false, selection: spanOf(notes, '\n\n') });
    assert.match(onlyProblem(blank, 'selectionNotJson').message, /The selection holds no JSON value/);
    const text = '  {"a": 1}';
    assert.deepEqual(readRunInput(text, { asRunFile: false, selection: { offset: 2, length: 1000 } }).input?.span, { offset: 2, length: 8 });
  });

  test('a small selection of a document over the limit is read; the limit applies to what is read', () => {
    const text = `{"a": 1}\n${' '.repeat(MAX_RUN_INPUT_CHARS)}`;
    assert.equal(onlyProblem(document(text), 'tooLarge').span.offset, 0);
    assert.equal(readRunInput(text, { asRunFile: false, selection: { offset: 0, length: 8 } }).input?.kind, 'record');
  });
});

describe('run file edits', () => {
  test('workflowUuid inserted into { "data": {} } as the first property; the result runs', () => {
    const text = '{ "data": {} }';
    const result = applied(text, setWorkflowUuidEdits(text, WORKFLOW));
    assert.deepEqual(Object.keys(JSON.parse(result) as object), ['workflowUuid', 'data']);
    assert.deepEqual(runFile(result).problems, []);
    assert.equal(runFile(result).input?.kind, 'runFile');
  });

  test('inserted into a file with comments: the comments and the layout stay', () => {
    const text = '// Company enrichment\n{\n  // the record\n  "data": {\n    "domain": "example.com", // from the CRM\n  },\n  /* deployed */\n}\n';
    const edits = setWorkflowUuidEdits(text, WORKFLOW);
    const result = applied(text, edits);
    for (const comment of ['// Company enrichment', '// the record', '// from the CRM', '/* deployed */']) assert.ok(result.includes(comment), comment);
    assert.ok(result.endsWith('  },\n  /* deployed */\n}\n'));
    assert.deepEqual(runFile(result).problems, []);
    const input = runFile(result).input;
    assert.equal(input?.kind === 'runFile' && input.workflowUuid, WORKFLOW);
    assert.deepEqual(dataOf(runFile(result)), { domain: 'example.com' });
    assert.match(result, new RegExp(`^// Company enrichment\\n\\{\\n  "workflowUuid": "${WORKFLOW}",\\n  // the record\\n`));
  });

  test('an existing workflowUuid is replaced in place; nothing else moves', () => {
    const text = `{\n  "workflowUuid": "${OTHER_WORKFLOW}", // keep me\n  "data": {}\n}\n`;
    const edits = setWorkflowUuidEdits(text, WORKFLOW);
    assert.equal(edits.length, 1);
    const result = applied(text, edits);
    assert.equal(result, text.replace(OTHER_WORKFLOW, WORKFLOW));
    assert.ok(
      edits[0]!.offset >= text.indexOf(OTHER_WORKFLOW) - 1 && edits[0]!.offset + edits[0]!.length <= text.indexOf('", //') + 1,
      'the edit stays inside the value',
    );
  });

  test('with the workflow name: a comment after the value, replaced when the workflow changes', () => {
    const text = '{\n  "data": {}\n}\n';
    const first = applied(text, setWorkflowUuidEdits(text, WORKFLOW, undefined, 'Enrich company\n[x](command:evil)'));
    assert.equal(first, `{\n  "workflowUuid": "${WORKFLOW}", // Enrich company [x](command:evil)\n  "data": {}\n}\n`);
    const second = applied(first, setWorkflowUuidEdits(first, OTHER_WORKFLOW, undefined, 'Find email'));
    assert.equal(second, `{\n  "workflowUuid": "${OTHER_WORKFLOW}", // Find email\n  "data": {}\n}\n`);
    const oneLine = `{"workflowUuid": "${WORKFLOW}", "data": {}}`;
    const kept = applied(oneLine, setWorkflowUuidEdits(oneLine, OTHER_WORKFLOW, undefined, 'Find email'));
    assert.equal(kept, oneLine.replace(WORKFLOW, OTHER_WORKFLOW), 'no comment where it would hide the rest of the line');
  });

  test('a repeated workflowUuid: one is left, the new one', () => {
    const text = `{\n  "workflowUuid": "${OTHER_WORKFLOW}",\n  "data": {},\n  "workflowUuid": "${OTHER_WORKFLOW}"\n}`;
    const result = applied(text, setWorkflowUuidEdits(text, WORKFLOW));
    assert.equal(result.split('workflowUuid').length, 2);
    assert.deepEqual(runFile(result).problems, []);
    const input = runFile(result).input;
    assert.equal(input?.kind === 'runFile' && input.workflowUuid, WORKFLOW);
  });

  test("CRLF files get CRLF lines; the editor's indentation is used", () => {
    const text = '{\r\n\t"data": {}\r\n}\r\n';
    const result = applied(text, setWorkflowUuidEdits(text, WORKFLOW, { insertSpaces: false, tabSize: 4 }));
    assert.equal(result, `{\r\n\t"workflowUuid": "${WORKFLOW}",\r\n\t"data": {}\r\n}\r\n`);
  });

  test('an empty text becomes a run file skeleton; an array or broken JSON gets no edits', () => {
    assert.deepEqual(JSON.parse(applied('', setWorkflowUuidEdits('', WORKFLOW))), { workflowUuid: WORKFLOW });
    assert.deepEqual(setWorkflowUuidEdits('[{}]', WORKFLOW), []);
    assert.deepEqual(setWorkflowUuidEdits('{"data": {', WORKFLOW), []);
  });

  test('releaseUuid: added last, replaced, removed (also when null), no edits when there is nothing to remove', () => {
    const text = `{\n  "workflowUuid": "${WORKFLOW}",\n  "data": {}\n}\n`;
    const added = applied(text, setReleaseUuidEdits(text, RELEASE));
    assert.equal(added, `{\n  "workflowUuid": "${WORKFLOW}",\n  "data": {},\n  "releaseUuid": "${RELEASE}"\n}\n`);
    const replaced = applied(added, setReleaseUuidEdits(added, WORKFLOW));
    assert.equal(replaced, added.replace(RELEASE, WORKFLOW));
    assert.equal(applied(added, setReleaseUuidEdits(added, undefined)), text);
    const withNull = `{\n  "workflowUuid": "${WORKFLOW}",\n  "releaseUuid": null,\n  "data": {}\n}\n`;
    assert.equal(applied(withNull, setReleaseUuidEdits(withNull, undefined)), text);
    assert.deepEqual(setReleaseUuidEdits(text, undefined), []);
  });

  test('newRunFileText: pretty, ends with a newline, and reads back as what it was made from', () => {
    const data = { domain: 'example.com', nested: { list: [1, 'two', null, { deep: true }], empty: {} }, odd: 'line\u2028separator "quoted"' };
    const text = newRunFileText({ workflowUuid: WORKFLOW, workflowName: 'Enrich company', data, releaseUuid: RELEASE });
    assert.ok(text.endsWith('}\n'));
    assert.ok(text.startsWith(`{\n  "workflowUuid": "${WORKFLOW}", // Enrich company\n  "data": {\n    "domain": "example.com",\n`));
    assert.deepEqual(runFile(text), {
      input: { kind: 'runFile', workflowUuid: WORKFLOW, data, releaseUuid: RELEASE, span: { offset: 0, length: text.length - 1 } },
      problems: [],
    });

    const plain = newRunFileText({ workflowUuid: WORKFLOW, data: {} });
    assert.equal(plain, `{\n  "workflowUuid": "${WORKFLOW}",\n  "data": {}\n}\n`);
    assert.equal(plain, `${JSON.stringify({ workflowUuid: WORKFLOW, data: {} }, null, 2)}\n`);
  });
});

/** The keywords media/cargo-run.schema.json uses, checked as draft-07 does; any other keyword fails the test. */
type Schema = { [keyword: string]: unknown };
const ANNOTATIONS = new Set(['$schema', 'title', 'description', 'patternErrorMessage', 'defaultSnippets', 'allowComments', 'allowTrailingCommas']);

function schemaValid(schema: Schema, value: unknown): boolean {
  for (const [keyword, rule] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    switch (keyword) {
      case 'type': {
        const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
        if (!(Array.isArray(rule) ? rule : [rule]).includes(type)) return false;
        break;
      }
      case 'pattern':
        if (typeof value === 'string' && !new RegExp(rule as string, 'u').test(value)) return false;
        break;
      case 'required':
        if (isObject(value) && !(rule as string[]).every((key) => key in value)) return false;
        break;
      case 'properties':
        if (isObject(value) && !Object.entries(rule as Record<string, Schema>).every(([key, sub]) => !(key in value) || schemaValid(sub, value[key])))
          return false;
        break;
      case 'additionalProperties':
        if (rule === false && isObject(value) && !Object.keys(value).every((key) => key in (schema.properties as object))) return false;
        break;
      default:
        assert.fail(`the test's validator does not know the schema keyword ${keyword}`);
    }
  }
  return true;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

describe('the run file JSON schema', () => {
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'media', 'cargo-run.schema.json'), 'utf8')) as Schema & {
    properties: Record<string, Schema>;
    defaultSnippets: { body: unknown }[];
  };

  test('is draft-07 JSON, contributed for *.cargo-run.json, and packaged', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: { jsonValidation: { fileMatch: string; url: string }[] };
    };
    assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: '*.cargo-run.json', url: './media/cargo-run.schema.json' }]);
    assert.match(readFileSync(join(REPO_ROOT, '.vscodeignore'), 'utf8'), /^!media\/\*\*$/m);
  });

  test("uses the model's uuid pattern and its rules", () => {
    assert.equal(schema.properties.workflowUuid!.pattern, UUID_PATTERN_SOURCE);
    assert.equal(schema.properties.releaseUuid!.pattern, UUID_PATTERN_SOURCE);
    assert.deepEqual(schema.required, ['workflowUuid', 'data']);
    assert.equal(schema.additionalProperties, false);
    assert.equal(schema.allowComments, true);
    assert.equal(schema.allowTrailingCommas, true);
  });

  test('agrees with readRunInput: valid for the schema exactly when the model has nothing to say', () => {
    const samples = [
      { workflowUuid: WORKFLOW, data: { a: 1 } },
      { workflowUuid: WORKFLOW.toUpperCase(), data: {}, releaseUuid: null },
      { workflowUuid: WORKFLOW, data: {}, releaseUuid: RELEASE, $schema: './cargo-run.schema.json' },
      { data: {} },
      { workflowUuid: WORKFLOW },
      { workflowUuid: 'not-a-uuid', data: {} },
      { workflowUuid: `${WORKFLOW}0`, data: {} },
      { workflowUuid: 42, data: {} },
      { workflowUuid: WORKFLOW, data: [] },
      { workflowUuid: WORKFLOW, data: null },
      { workflowUuid: WORKFLOW, data: {}, releaseUuid: 'draft' },
      { workflowUuid: WORKFLOW, data: {}, releaseUuid: 42 },
      { workflowUuid: WORKFLOW, data: {}, extra: true },
      [{ workflowUuid: WORKFLOW, data: {} }],
      'text',
    ];
    for (const sample of samples) {
      const text = JSON.stringify(sample, null, 2);
      assert.equal(schemaValid(schema, sample), runFile(text).problems.length === 0, text);
    }
  });

  test("its snippet leaves what the model's 'Choose Workflow…' fix handles", () => {
    const body = JSON.stringify(schema.defaultSnippets[0]!.body).replace(/\$\d/g, '');
    assert.ok(onlyWorkflowIsMissing(runFile(body.replace('{"":""}', '{}'))), body);
  });
});

describe('messages of problems', () => {
  test('are plain text, as the Problems panel, hovers and notifications show them: no Markdown backticks', () => {
    const texts = [
      '{"a": tru}',
      '{"a": 1',
      '{"a": [1, 2',
      '{"a"',
      '{a: 1}',
      "{'a': 1}",
      '{"a": 1.}',
      '{"a": [1}',
      '{"a": {"b": 1]}',
      '[1, : 2]',
      '{"a": "x',
      '{"a": "\\u12"}',
      '{"a": "\\q"}',
      '{"a": 1} {"b": 2}',
      '{"a": 1 /* open',
      '{"a": True}',
      '{"a": undefined}',
      '{"a": 1, "a": 2}',
      '{"workflowUuid": 1, "data": 2, "releaseUuid": 3, "extra": 4}',
      '{"workflowUuid": "", "data": {}}',
      '{"workflowUuid": "not-a-uuid", "data": null}',
      '{}',
      '',
      '[1, 2]',
    ];
    const messages = texts.flatMap((text) => [
      ...readRunInput(text, { asRunFile: true }).problems,
      ...readRunInput(text, { asRunFile: false }).problems,
      ...readRunInput(text, { asRunFile: false, selection: { offset: 0, length: Math.max(1, text.length - 1) } }).problems,
    ]);
    assert.ok(messages.length > 40, `${messages.length} messages`);
    for (const problem of messages) assert.ok(!problem.message.includes('`'), `${problem.code}: ${problem.message}`);
  });
});
