// "Show Failures", its VS Code-free model: the cause of an error message (folding, status codes,
// hostile and huge input), grouping and sorting failed runs, the Markdown table, and loading a batch's
// failures from the simulator over real HTTP (requests pinned, cancellation, recomputed counts).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator } from '../../simulator';
import { useSimulator } from '../support/simulator';
import { CargoClient } from '../../../src/api/client';
import { CargoServerError } from '../../../src/api/errors';
import { RunSchema, type Run, type RunMetric } from '../../../src/api/runSchemas';
import { markdownText } from '../../../src/shared/text';
import { MAX_CAUSE_LENGTH, normalizeErrorMessage } from '../../../src/failures/normalize';
import { groupCauses, NAME_VARIANTS } from '../../../src/failures/causes';
import {
  EXAMPLES_PER_GROUP,
  failuresAsMarkdown,
  groupFailures,
  MAX_EXAMPLE_MESSAGE,
  MAX_LISTED_MESSAGE,
  NO_NODE,
  nodeHealthLabel,
  sortFailureGroups,
  UNKNOWN_NODE,
  type FailureGroup,
} from '../../../src/failures/failureGroups';
import { ReleaseNodes } from '../../../src/runs/releaseNodes';
import { runFailure } from '../../../src/runs/runFailure';
import { nodeHealthOfNodes, loadFailureReport, nodeHealthOf, type FailureBatch, type FailureReport } from '../../../src/failures/failureReport';

// ---- the cause of a message ----------------------------------------------------------------------

/** Messages that differ only in what varies from run to run: each pair is one cause. */
const SAME_CAUSE: readonly [string, string][] = [
  ['HubSpot API responded 429: rate limit exceeded for contact 8515', 'HubSpot API responded 429: rate limit exceeded for contact 9921'],
  ['HubSpot API responded 404: company 12345 not found', 'HubSpot API responded 404: company 987654321 not found'],
  ['Clearbit API responded 404: person not found for jane.doe@acme.com', 'Clearbit API responded 404: person not found for bob+test@globex.co.uk'],
  ['Run 550e8400-e29b-41d4-a716-446655440000 failed', 'Run 6BA7B810-9DAD-11D1-80B4-00C04FD430C8 failed'],
  ['GET https://api.hubspot.com/crm/v3/objects/contacts/8515?archived=false failed', 'GET https://api.hubspot.com/crm/v3/objects/companies/42 failed'],
  ["Apollo API responded 422: domain 'acme.com' is invalid", 'Apollo API responded 422: domain "globex.io" is invalid'],
  ['Apollo API responded 422: domain is invalid (acme.com)', 'Apollo API responded 422: domain is invalid (eu.initech.io)'],
  ['Rate limited until 2026-03-12T10:15:30.123Z', 'Rate limited until 2026-04-01T23:59:59Z'],
  ['Started 2026-03-12 10:15:30, gave up at 10:16:00', 'Started 2025-12-31 08:00:01, gave up at 08:00:31'],
  ['Score 0.75 below threshold 0.8', 'Score 0.125 below threshold 0.8'],
  ['Timeout after 30000 ms waiting for Clearbit', 'Timeout after 15000 ms waiting for Clearbit'],
  ['Took 1.5s', 'Took 12s'],
  ['Document 5f8d0d55b54764421b7156c9 is locked', 'Document 64b7c9e1aa02f3d4e5f60718 is locked'],
  ['Charge ch_3MmlLrLkdIwHu7ix0snN0B15 declined', 'Charge ch_1NirD82eZvKYlo2CIvbtLWuY declined'],
  ['Lookup contact8515 failed', 'Lookup contact9921 failed'],
  ['HubSpot API responded 409: Contact already exists. Existing ID: 90210', 'HubSpot API responded 409: Contact already exists. Existing ID: 12'],
  ['Property "lead_score_ai" does not exist', 'Property "lead_score_v2" does not exist'],
  ["Cannot read properties of undefined (reading 'score')", "Cannot read properties of undefined (reading 'tier')"],
  ['Model said `{"a":1}`', 'Model said `nothing`'],
  ['Paid $12.50 of 1,234.56', 'Paid $3 of 99'],
  ['Tenant abc123.myshopify.com refused', 'Tenant xyz987.myshopify.com refused'],
  ['Failed:   too\tmany   spaces', 'Failed: too many spaces'],
  ['First line\nsecond line 1', 'First line\r\nanother second line'],
];

/** Messages that must stay apart: another status, another service, another meaning. */
const OTHER_CAUSE: readonly [string, string][] = [
  ['HubSpot API responded 429: rate limit exceeded for contact 8515', 'HubSpot API responded 500: rate limit exceeded for contact 8515'],
  ['Request failed with status code 503', 'Request failed with status code 504'],
  ['HTTP/1.1 502 Bad Gateway', 'HTTP/1.1 504 Gateway Timeout'],
  ['Web search failed: 403 Forbidden', 'Web search failed: 401 Unauthorized'],
  ['status=429', 'status=500'],
  ['Anthropic API responded 529: Overloaded', 'OpenAI API responded 500: Overloaded'],
  ['GET https://api.hubspot.com/crm/v3 failed', 'GET https://api.apollo.io/v1 failed'],
  ['Agent failed: oauth2 token missing', 'Agent failed: oauth1 token missing'],
  ['Use model gpt4o', 'Use model gpt5o'],
  ['Expression error: nodes.start.numberOfEmployees is not a number', 'Expression error: nodes.start.annualRevenue is not a number'],
];

describe('the cause of an error message', () => {
  test('what varies from run to run folds: these pairs are one cause each', () => {
    // Grouped together (each alone keeps its own quotes, so their normalised forms may differ in those).
    for (const [a, b] of SAME_CAUSE) {
      assert.deepEqual(
        groupCauses([a, b]).map((c) => c.members),
        [[0, 1]],
        `${a}  ~  ${b}`,
      );
    }
  });

  test('what tells failures apart stays: HTTP statuses, services, names', () => {
    for (const [a, b] of OTHER_CAUSE) {
      assert.notEqual(normalizeErrorMessage(a), normalizeErrorMessage(b), `${a}  ≁  ${b}`);
      assert.deepEqual(
        groupCauses([a, b]).map((c) => c.members),
        [[0], [1]],
        `${a}  ≁  ${b}`,
      );
    }
  });

  test('each kind folds to its placeholder, as documented', () => {
    const cases: [string, string, string?][] = [
      [
        'HubSpot API responded 429: rate limit exceeded (TEN_SECONDLY_ROLLING) for contact 8515',
        'HubSpot API responded 429: rate limit exceeded (TEN_SECONDLY_ROLLING) for contact <n>',
      ],
      ['Clearbit API responded 404: person not found for jane.doe+x@acme-corp.co.uk', 'Clearbit API responded 404: person not found for <email>'],
      ['Run 550e8400-e29b-41d4-a716-446655440000 failed', 'Run <uuid> failed'],
      ['GET https://API.HubSpot.com/crm/v3/objects/contacts/8515?archived=false#x failed', 'GET https://api.hubspot.com/<path> failed'],
      ['fetch https://user:secret@api.example.com failed.', 'fetch https://api.example.com failed.', 'credentials dropped, sentence punctuation kept'],
      ['see https://status.example.com/).', 'see https://status.example.com/).'],
      ['at 2026-03-12T10:15:30.123+01:00 and 2026-03-12 and 10:15:30Z', 'at <time> and <time> and <time>'],
      // Issue 20: one placeholder style (quoted values were '…'), each in its own quotes.
      ["Can't find contact's owner 'Bob' in `owners` or “team”", "Can't find contact's owner '<text>' in `<text>` or “<text>”"],
      ['Score 0.75; 1,234.5 rows; 10.0.0.1; -3; 95%', 'Score <n>; <n> rows; <n>; -<n>; <n>%'],
      ['took 30000ms, 1.5s, 100MB', 'took <n>ms, <n>s, <n>MB'],
      ['oauth2 v2 gpt4o s3 base64 utf8 contact8515 id_90210', 'oauth2 v2 gpt4o s3 base64 utf8 contact<n> id_<n>'],
      ['ULID 01H8XGJWBWBAQ4Z6XJ9RSX5P5N, hex deadbeef42', 'ULID <n>, hex <n>'],
      ['HTTP/1.1 503 Service Unavailable', 'HTTP/<n> 503 Service Unavailable'],
      [
        'company 404 not found; error 500; status=429; code: 418; responded with 502',
        'company <n> not found; error 500; status=429; code: 418; responded with 502',
      ],
      ['Agent stopped: exceeded max steps (20)', 'Agent stopped: exceeded max steps (<n>)'],
      ['Expression error: nodes.start.numberOfEmployees is not a number', 'Expression error: nodes.start.numberOfEmployees is not a number'],
      ['Build main.py and README.md', 'Build main.py and README.md', 'file names are not domains'],
    ];
    for (const [message, cause, why] of cases) assert.equal(normalizeErrorMessage(message), cause, why ?? message);
  });

  test('one line: the first with something on it, white space collapsed, cut to its length', () => {
    assert.equal(normalizeErrorMessage('  \n\n \t second line is the first\nthird'), 'second line is the first');
    assert.equal(normalizeErrorMessage('a\r\nb'), 'a');
    assert.equal(normalizeErrorMessage('a\u00a0\u2003 b'), 'a b');
    assert.equal(normalizeErrorMessage(''), '');
    assert.equal(normalizeErrorMessage(' \n\t\n '), '');
    const long = normalizeErrorMessage('word '.repeat(1000));
    assert.equal(long.length, MAX_CAUSE_LENGTH);
    assert.ok(long.endsWith('…'));
  });

  test('markup, right-to-left and invisible text passes through as text (each sink escapes it)', () => {
    assert.equal(normalizeErrorMessage('<script>alert(document.cookie)</script>'), '<script>alert(document.cookie)</script>');
    assert.equal(normalizeErrorMessage('<img src=x onerror=alert(1)>'), '<img src=x onerror=alert(<n>)>');
    assert.equal(normalizeErrorMessage('مرحبا <b>bold</b> עברית'), 'مرحبا <b>bold</b> עברית');
    assert.equal(normalizeErrorMessage('\u202Egnp.exe\u202C invoice'), '\u202Egnp.exe\u202C invoice');
    assert.equal(normalizeErrorMessage('zero\u200Bwidth\u200Djoiner'), 'zero\u200Bwidth\u200Djoiner');
    assert.equal(normalizeErrorMessage('byte\uFEFForder mark'), 'byte order mark', 'JavaScript counts it as white space');
    assert.equal(normalizeErrorMessage('[x](command:workbench.action.quit)'), '[x](command:workbench.action.quit)');
    assert.equal(normalizeErrorMessage('خطأ 429 من الخادم'), 'خطأ <n> من الخادم');
  });

  test('linear time: a 1 MB message, however shaped, normalises in under 50 ms, or at most 8× a quarter of it (linear is 4×, quadratic 16×)', () => {
    const MB = 1024 * 1024;
    const shapes: Record<string, (size: number) => string> = {
      markup: (n) => `<b>${'A'.repeat(n)}</b><script>alert("big")</script>`,
      digits: (n) => '1'.repeat(n),
      'dotted words': (n) => 'a.'.repeat(n / 2),
      'unclosed quotes': (n) => `"${'a'.repeat(n)}`,
      apostrophes: (n) => "'a".repeat(n / 2),
      'at signs': (n) => 'a@a.'.repeat(n / 4),
      schemes: (n) => 'http:'.repeat(n / 5),
      'closing parentheses': (n) => `http://x/${')'.repeat(n)}`,
      'hex and dashes': (n) => '0123abcd-'.repeat(n / 9),
      dates: (n) => '2024-01-01T'.repeat(n / 11),
      'status words': (n) => 'responded '.repeat(n / 10),
      labels: (n) => 'a-'.repeat(n / 2),
      'right to left': (n) => 'مرحبا עברית \u202E'.repeat(n / 13),
      'white space first': (n) => `${' \n\t'.repeat(n / 3)}x`,
      everything: (n) => '<script>x</script> 12.5 x@y.com https://a.io/b "q" 550e8400-e29b-41d4-a716-446655440000 '.repeat(n / 90),
    };
    // A median of a few runs: on a busy machine one run can be descheduled; the ratio is within this run.
    const medianMs = (message: string) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        normalizeErrorMessage(message);
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[2] as number;
    };
    for (const [shape, make] of Object.entries(shapes)) {
      const message = make(MB);
      const quarter = make(MB / 4);
      normalizeErrorMessage(message); // warm up
      const whole = medianMs(message);
      const part = medianMs(quarter);
      assert.ok(whole < 50 || whole < 8 * part, `${shape}: ${whole.toFixed(1)} ms for 1 MB, ${part.toFixed(1)} ms for 256 KB`);
      assert.ok(normalizeErrorMessage(message).length <= MAX_CAUSE_LENGTH, shape);
    }
  });
});

// ---- grouping ------------------------------------------------------------------------------------

let runCounter = 0;

interface ExecutionSpec {
  slug: string;
  status?: 'success' | 'error' | 'pending';
  message?: string | null;
  credits?: number;
}

/** A run as Cargo sends it, parsed by the client's own schema. */
function run(spec: {
  executions: ExecutionSpec[];
  errorMessage?: string | null;
  createdAt?: string;
  uuid?: string;
  title?: string;
  names?: Record<string, string>;
}): Run {
  runCounter++;
  const nodeUuid = (slug: string) => `node-${slug}`;
  const createdAt = spec.createdAt ?? new Date(Date.UTC(2026, 2, 1) + runCounter * 60_000).toISOString();
  return RunSchema.parse({
    uuid: spec.uuid ?? `run-${runCounter}`,
    workflowUuid: 'wf-1',
    recordId: `record-${runCounter}`,
    recordTitle: spec.title ?? `Record ${runCounter}`,
    status: 'error',
    errorMessage: spec.errorMessage ?? null,
    nodes: spec.names ? Object.entries(spec.names).map(([slug, name]) => ({ uuid: nodeUuid(slug), slug, kind: 'connector', name })) : null,
    executions: spec.executions.map((e) => ({
      nodeUuid: nodeUuid(e.slug),
      nodeSlug: e.slug,
      nodeKind: 'connector',
      status: e.status ?? 'error',
      errorMessage: e.message ?? null,
      creditsUsedCount: e.credits ?? 0,
    })),
    createdAt,
    updatedAt: createdAt,
  });
}

const failing = (slug: string, message: string, credits = 0, more: Partial<Parameters<typeof run>[0]> = {}) =>
  run({
    executions: [
      { slug: 'start', status: 'success', credits: 1 },
      { slug, message, credits },
    ],
    ...more,
  });

describe('grouping failed runs', () => {
  test('the failing execution is the last one in error; without one, the run\'s message at "—"', () => {
    const twice = run({
      executions: [
        { slug: 'enrich', message: 'first failure (retried)' },
        { slug: 'start', status: 'success' },
        { slug: 'score', message: 'last failure' },
        { slug: 'end', status: 'pending' },
      ],
      errorMessage: 'run-level message',
      names: { score: 'Score the lead' },
    });
    // Where and why, as the run layer's one runFailure says, and the node of the group it goes to.
    const where = (failed: Run) => {
      const failure = runFailure(failed);
      return { nodeSlug: failure?.nodeSlug, nodeUuid: failure?.nodeUuid, nodeName: failure?.nodeName, message: failure?.message };
    };
    const groupNode = (failed: Run) => groupFailures([failed])[0]?.nodeSlug;
    assert.deepEqual(where(twice), { nodeSlug: 'score', nodeUuid: 'node-score', nodeName: 'Score the lead', message: 'last failure' });
    assert.equal(groupNode(twice), 'score');

    const noExecutionFailed = run({ executions: [{ slug: 'start', status: 'success' }], errorMessage: 'Batch cancelled' });
    assert.deepEqual(where(noExecutionFailed), { nodeSlug: undefined, nodeUuid: undefined, nodeName: undefined, message: 'Batch cancelled' });
    assert.equal(groupNode(noExecutionFailed), NO_NODE);
    assert.deepEqual(where(run({ executions: [] })), { nodeSlug: undefined, nodeUuid: undefined, nodeName: undefined, message: '' });
    assert.equal(groupNode(run({ executions: [] })), NO_NODE);
    assert.equal(where(run({ executions: [{ slug: 'x', message: null }], errorMessage: 'from the run' })).message, 'from the run');
  });

  test('groups by node and cause, biggest first, with share, credits and the newest examples', () => {
    const runs = [
      failing('hubspot', 'HubSpot API responded 429: rate limit for contact 8515', 2, { createdAt: '2026-03-01T10:00:00Z' }),
      failing('hubspot', 'HubSpot API responded 429: rate limit for contact 9921', 3, { createdAt: '2026-03-01T12:00:00Z' }),
      failing('hubspot', 'HubSpot API responded 429: rate limit for contact 1234', 0, { createdAt: '2026-03-01T11:00:00Z' }),
      failing('hubspot', 'HubSpot API responded 429: rate limit for contact 5555', 0, { createdAt: '2026-03-01T09:00:00Z' }),
      failing('hubspot', 'HubSpot API responded 500: internal error for contact 8515', 1),
      failing('clearbit', 'Timeout after 30000 ms waiting for Clearbit'),
      failing('clearbit', 'Timeout after 15000 ms waiting for Clearbit'),
      run({ executions: [], errorMessage: 'Batch failed' }),
    ];
    const groups = groupFailures(runs, { totalRuns: 100 });
    assert.deepEqual(
      groups.map((g) => [g.nodeSlug, g.cause, g.count]),
      [
        ['hubspot', 'HubSpot API responded 429: rate limit for contact <n>', 4],
        ['clearbit', 'Timeout after <n> ms waiting for Clearbit', 2],
        [NO_NODE, 'Batch failed', 1],
        // Issue 20: only what varies within a group folds; a group of one keeps its contact's id.
        ['hubspot', 'HubSpot API responded 500: internal error for contact 8515', 1],
      ],
    );
    const [rateLimited] = groups as [FailureGroup];
    assert.equal(rateLimited.share, 0.04);
    assert.equal(rateLimited.creditsSpent, 4 * 1 + 2 + 3, "every execution's credits, the start nodes' too");
    assert.equal(rateLimited.examples.length, EXAMPLES_PER_GROUP);
    assert.deepEqual(
      rateLimited.examples.map((e) => e.message),
      [
        'HubSpot API responded 429: rate limit for contact 9921',
        'HubSpot API responded 429: rate limit for contact 1234',
        'HubSpot API responded 429: rate limit for contact 8515',
      ],
      'newest first, raw messages',
    );
    assert.equal(new Set(groups.map((g) => g.key)).size, groups.length, 'keys are unique');
    assert.equal(
      groups.reduce((sum, g) => sum + g.count, 0),
      runs.length,
    );
    assert.equal(groupFailures(runs)[0]?.share, 4 / runs.length, 'without totalRuns, a share of the runs given');
    assert.deepEqual(groupFailures([]), []);
  });

  test('issue 20: 300 runs "Rate limited for domain lead<N>.example" are one group; `missing "score"` keeps its word', () => {
    const leads = Array.from({ length: 300 }, (_, n) => failing('enrich', `Rate limited for domain lead${n}.example`));
    assert.deepEqual(
      groupFailures(leads).map((g) => [g.cause, g.count]),
      [['Rate limited for domain lead<n>.example', 300]],
    );
    const schema = [812, 1290, 77].map((tokens) =>
      failing('score', `Model output did not match the expected schema: missing "score" (output had ${tokens} tokens)`),
    );
    assert.deepEqual(
      groupFailures(schema).map((g) => [g.cause, g.count]),
      [['Model output did not match the expected schema: missing "score" (output had <n> tokens)', 3]],
    );
  });

  test('a group keeps every run, newest first, for "Show all N runs"; the examples are its newest', () => {
    const runs = Array.from({ length: 7 }, (_, i) =>
      failing('hubspot', `HubSpot API responded 429: rate limit for contact ${9000 + i}`, 0, { createdAt: `2026-03-01T1${i}:00:00Z` }),
    );
    const [group] = groupFailures(runs);
    assert.equal(group?.count, 7);
    assert.deepEqual(
      group?.runs.map((r) => r.runUuid),
      [...runs].reverse().map((r) => r.uuid),
    );
    assert.deepEqual(group?.examples, group?.runs.slice(0, EXAMPLES_PER_GROUP));
    const huge = groupFailures(Array.from({ length: 5 }, () => failing('x', `E ${'x'.repeat(50_000)}`)))[0];
    assert.deepEqual(
      huge?.runs.map((r) => r.message.length),
      [MAX_EXAMPLE_MESSAGE, MAX_EXAMPLE_MESSAGE, MAX_EXAMPLE_MESSAGE, MAX_LISTED_MESSAGE, MAX_LISTED_MESSAGE],
    );
  });

  test('a run listed twice counts once; node names come from the runs that carry them', () => {
    const once = failing('enrich', 'boom 1', 0, { uuid: 'same' });
    const named = failing('enrich', 'boom 2', 0, { names: { enrich: 'Enrich with Clearbit' } });
    const groups = groupFailures([once, once, named]);
    assert.equal(groups.length, 1);
    assert.equal(groups[0]?.count, 2);
    assert.equal(groups[0]?.nodeName, 'Enrich with Clearbit');
  });

  test('ties: by node, then cause; a node with one cause and another with two', () => {
    const groups = groupFailures([failing('b', 'y'), failing('a', 'z'), failing('a', 'x'), failing('c', 'w'), failing('c', 'w')]);
    assert.deepEqual(
      groups.map((g) => `${g.nodeSlug}:${g.cause}`),
      ['c:w', 'a:x', 'a:z', 'b:y'],
    );
  });

  test('examples keep a huge message, cut; an empty message is its own cause', () => {
    const huge = 'E'.repeat(2_000_000);
    const groups = groupFailures([failing('x', huge), failing('x', '')]);
    const big = groups.find((g) => g.cause !== '');
    assert.equal(big?.examples[0]?.message.length, MAX_EXAMPLE_MESSAGE);
    assert.ok(groups.some((g) => g.cause === '' && g.count === 1));
    assert.equal(groupFailures([failing('x', 'y')], { examples: 0 })[0]?.examples.length, 0);
  });

  test('sorting by count, node, cause or credits, without changing the groups given', () => {
    const groups = groupFailures([
      failing('zeta', 'a rare one', 50),
      failing('alpha', 'Boom', 1),
      failing('alpha', 'Boom', 1),
      failing('alpha', 'Boom', 1),
      failing('mid', 'another', 5),
      failing('mid', 'another', 5),
    ]);
    const before = groups.map((g) => g.key);
    const order = (by: Parameters<typeof sortFailureGroups>[1]) => sortFailureGroups(groups, by).map((g) => g.nodeSlug);
    assert.deepEqual(order('count'), ['alpha', 'mid', 'zeta']);
    assert.deepEqual(order('node'), ['alpha', 'mid', 'zeta']);
    assert.deepEqual(order('cause'), ['zeta', 'mid', 'alpha'], 'a rare one, another, Boom: case-insensitive');
    assert.deepEqual(order('credits'), ['zeta', 'mid', 'alpha'], '50 + 1, 2 × (5 + 1), 3 × (1 + 1)');
    assert.deepEqual(
      groups.map((g) => g.key),
      before,
    );
  });
});

// ---- Markdown ------------------------------------------------------------------------------------

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '| injected | cells |',
  'a\\|b',
  '[x](command:workbench.action.quit)',
  '![img](https://evil.example/x.png)',
  '`code` ``more``',
  'line one\nline two\r\n| new row |',
  '\u202Egnp.exe\u202C',
  'https://evil.example/phish www.evil.example',
  '&lt;b&gt; &amp; **bold** _em_ # heading',
  '$(alert) ${x}',
];

/** Unescaped pipes: those after an even number of backslashes. */
const unescapedPipes = (line: string) => line.match(/(?<!\\)(?:\\\\)*\|/g)?.length ?? 0;

function hostileReport(): FailureReport {
  const runs = HOSTILE.map((text, i) => failing(`node-${text}`, `${text} failed for ${i}`, 1, { title: text, names: { [`node-${text}`]: `Name ${text}` } }));
  return {
    batchUuid: '<b>batch</b>|`x`',
    totalRuns: 100,
    failedRuns: HOSTILE.length,
    loadedFailedRuns: HOSTILE.length,
    groups: groupFailures(runs, { totalRuns: 100 }),
    nodeHealth: HOSTILE.map((text, i) => ({
      nodeUuid: `uuid-${i}`,
      nodeSlug: text,
      nodeName: text,
      succeeded: 1,
      failed: 2,
      skipped: 0,
      cancelled: 0,
      pending: 0,
      credits: 3,
    })),
    partial: false,
    requests: 2,
    notes: ['Note with [a link](command:x) and <b>markup</b>'],
  };
}

describe('the report as Markdown', () => {
  test('one table row per group, whatever the text: no cell, row, link, image or HTML comes from Cargo', async () => {
    const report = hostileReport();
    const markdown = failuresAsMarkdown(report);
    const rows = markdown.split('\n').filter((line) => line.startsWith('|'));
    const [head, ...rest] = rows;
    assert.equal(unescapedPipes(head as string), 7);
    const groupRows = rest.filter((row) => !row.startsWith('| ---') && !row.startsWith('| Node'));
    assert.equal(groupRows.length, report.groups.length + (report.nodeHealth?.length ?? 0));
    for (const row of groupRows.slice(0, report.groups.length)) assert.equal(unescapedPipes(row), 7, row);
    for (const row of groupRows.slice(report.groups.length)) assert.equal(unescapedPipes(row), 8, row);

    const { marked } = await import('marked');
    const html = await marked.parse(markdown);
    assert.doesNotMatch(html, /<(a|img|script|svg|b|code|h1|del)\b/i, 'no element from Cargo text (ours are h2, h3, strong, em, table)');
    assert.equal((html.match(/<table>/g) ?? []).length, 2);
    assert.equal((html.match(/<tr>/g) ?? []).length, 1 + report.groups.length + 1 + (report.nodeHealth?.length ?? 0), 'header and body rows, nothing more');
    // A reader sees the text as Cargo sent it, on one line.
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('| injected | cells |'));
    assert.ok(html.includes('line one line two | new row |'));
  });

  test('summary, shares, credits, notes; partial and unloaded runs said', () => {
    const runs = [failing('hubspot', 'HubSpot API responded 429', 2), failing('hubspot', 'HubSpot API responded 429', 2)];
    const report: FailureReport = {
      batchUuid: 'b-1',
      totalRuns: 1000,
      failedRuns: 69,
      loadedFailedRuns: 2,
      groups: groupFailures(runs, { totalRuns: 1000 }),
      partial: true,
      requests: 1,
      notes: ['Node health is not shown: this Cargo does not serve run metrics (HTTP 404).'],
    };
    const markdown = failuresAsMarkdown(report);
    assert.match(markdown, /^## Failures of batch b\\-1$/m);
    // A sentence: its numbers in full ("1,000", not "1k").
    assert.match(markdown, /\*\*69\*\* of 1,000 runs failed \(6\.9%\); 2 of them loaded — partial: loading was stopped\./);
    assert.match(markdown, /^\| 2 \| 0\.2% \| hubspot \| HubSpot API responded 429 \| 6 \| Record \d+\\: HubSpot API responded 429 \|$/m);
    assert.ok(markdown.includes(`\n_${markdownText(report.notes[0] as string)}_\n`));
    assert.doesNotMatch(markdown, /Node health\n/);
    const empty = failuresAsMarkdown({ ...report, groups: [], failedRuns: 0, loadedFailedRuns: 0, partial: false, notes: [] });
    assert.doesNotMatch(empty, /\|/, 'no table without groups');
  });
});

// ---- loading from the simulator ------------------------------------------------------------------

const sim = useSimulator({ seed: 7, stepMs: 150, hostile: true });

const client = (baseUrl = sim.url) => new CargoClient({ baseUrl, token: sim.token, retryBaseDelayMs: 5, maxRetryDelayMs: 20, maxRetries: 1 });
const requestsTo = (path: string) => sim.requests.filter((r) => r.path === `/v1/orchestration/${path}`);

async function batchOf(uuid: string): Promise<FailureBatch> {
  return client().getBatch(uuid);
}

/** Every failed run of the batch, by the test's own paging. */
async function allFailedRuns(batchUuid: string): Promise<Run[]> {
  const runs: Run[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await client().listRuns({ batchUuid, statuses: ['error'], limit: 100, offset });
    runs.push(...page.runs);
    if (page.runs.length < 100) return runs;
  }
}

/** The groups' counts recomputed from the runs, independently of groupFailures: node slug → cause → count. */
function recount(runs: readonly Run[]): Map<string, number> {
  const byNode = new Map<string, string[]>();
  for (const r of runs) {
    const failed = r.executions.filter((e) => e.status.known === 'error').at(-1);
    const node = failed ? failed.nodeSlug : NO_NODE;
    byNode.set(node, [...(byNode.get(node) ?? []), failed?.errorMessage || r.errorMessage || '']);
  }
  const counts = new Map<string, number>();
  for (const [node, messages] of byNode) for (const cause of groupCauses(messages)) counts.set(`${node} ${cause.cause}`, cause.members.length);
  return counts;
}

/** Whether a message is one of a cause's: its first line, placeholders standing for any text. */
function fitsCause(message: string, cause: string): boolean {
  const line = (message.trim().split(/\r?\n/, 1)[0] ?? '').replace(/\s+/g, ' ');
  const pattern = cause
    .replace(/…$/, '')
    .split(/(<(?:n|uuid|email|domain|time|text)>|\/<path>)/)
    .map((piece, i) => (i % 2 === 1 ? '.+?' : piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${pattern}${cause.endsWith('…') ? '' : '$'}`, 'i').test(line);
}

const countsOf = (groups: readonly FailureGroup[]) => new Map(groups.map((g) => [`${g.nodeSlug} ${g.cause}`, g.count]));

describe('loading a batch’s failures from Cargo', () => {
  test('the large batch: ⌈failed / 100⌉ runs/list requests for failed runs only, and one for metrics', async () => {
    const batch = await batchOf(sim.fixtures.batches.large);
    assert.ok(batch.failedRunsCount > 0, 'the large batch has failures');
    sim.clearRequests();
    const progress: [number, number][] = [];
    const report = await loadFailureReport(client(), batch, { onProgress: (loaded, total) => progress.push([loaded, total]) });

    const pages = requestsTo('runs/list');
    assert.equal(pages.length, Math.ceil(batch.failedRunsCount / 100));
    pages.forEach((request, i) => assert.deepEqual(request.body, { batchUuid: batch.uuid, statuses: ['error'], limit: 100, offset: i * 100 }));
    const metrics = requestsTo('runs/metrics');
    assert.equal(metrics.length, 1);
    assert.deepEqual(metrics[0]?.body, { workflowUuid: batch.workflowUuid, batchUuid: batch.uuid });
    // The batch's release, once, for its nodes' names (issue 20).
    assert.deepEqual(
      sim.requests.filter((r) => r.path.includes('/releases/')).map((r) => r.path),
      [`/v1/orchestration/releases/${batch.releaseUuid}`],
    );
    assert.equal(sim.requests.length, pages.length + 2, 'nothing else');
    assert.equal(report.requests, pages.length + 2);

    assert.equal(report.batchUuid, batch.uuid);
    assert.equal(report.totalRuns, sim.fixtures.largeBatchRunsCount);
    assert.equal(report.failedRuns, batch.failedRunsCount);
    assert.equal(report.loadedFailedRuns, batch.failedRunsCount);
    assert.equal(report.partial, false);
    assert.equal(
      report.groups.reduce((sum, g) => sum + g.count, 0),
      batch.failedRunsCount,
    );
    assert.deepEqual(progress.at(-1), [batch.failedRunsCount, batch.failedRunsCount]);
    for (const group of report.groups) {
      assert.ok(Math.abs(group.share - group.count / batch.runsCount) < 1e-12);
      assert.ok(group.examples.length >= 1 && group.examples.length <= EXAMPLES_PER_GROUP);
      for (const example of group.runs) assert.ok(fitsCause(example.message, group.cause), `${example.message} ~ ${group.cause}`);
    }
    assert.deepEqual(report.groups, sortFailureGroups(report.groups, 'count'));
  });

  test("the groups' counts are the runs' own: recomputed from a full runs/list of the failed runs", async () => {
    for (const uuid of [sim.fixtures.batches.large, sim.fixtures.batches.unhealthy, sim.fixtures.batches.failed]) {
      const batch = await batchOf(uuid);
      const report = await loadFailureReport(client(), batch);
      const runs = await allFailedRuns(uuid);
      assert.equal(runs.length, batch.failedRunsCount);
      assert.deepEqual(countsOf(report.groups), recount(runs));
    }
  });

  test('node health, or a note saying why there is none; the failures load either way', async () => {
    const batch = await batchOf(sim.fixtures.batches.large);
    const report = await loadFailureReport(client(), batch);
    assert.ok(report.groups.length > 0);
    if (report.nodeHealth === undefined) {
      // Until the simulator serves runs/metrics: it answers 405 (POST on GET runs/:id), Cargo may answer 404.
      assert.equal(report.notes.length, 1);
      assert.match(report.notes[0] as string, /^Node health is not shown: this Cargo does not serve run metrics \(HTTP 40[45]\)\.$/);
    } else {
      for (const group of report.groups) {
        if (group.nodeSlug === NO_NODE) continue;
        const node = report.nodeHealth.find((n) => n.nodeSlug === group.nodeSlug);
        assert.ok(node, `health of ${group.nodeSlug}`);
        const failedThere = report.groups.filter((g) => g.nodeSlug === group.nodeSlug).reduce((sum, g) => sum + g.count, 0);
        assert.ok(node.failed >= failedThere, `${group.nodeSlug}: ${node.failed} failed executions ≥ ${failedThere} runs failed there`);
      }
    }
  });

  test('node health when Cargo serves run metrics: counts mapped, slugs from the runs, most failed first', async () => {
    const batch = await batchOf(sim.fixtures.batches.large);
    const runs = await allFailedRuns(batch.uuid);
    const failingNode = runs[0]?.executions.find((e) => e.status.known === 'error');
    assert.ok(failingNode);
    const served: RunMetric[] = [
      { nodeUuid: 'never-seen', successExecutionsCount: 5, errorExecutionsCount: 0 },
      {
        nodeUuid: failingNode.nodeUuid,
        totalExecutionsCount: 1000,
        idleExecutionsCount: 1,
        pendingExecutionsCount: 2,
        runningExecutionsCount: 3,
        successExecutionsCount: 900,
        errorExecutionsCount: 69,
        cancellingExecutionsCount: 4,
        cancelledExecutionsCount: 5,
        skippedExecutionsCount: 16,
        creditsUsedCount: 900,
      },
    ];
    const front = await withMetrics(served);
    try {
      const report = await loadFailureReport(client(front.url), batch);
      const release = await client().getRelease(batch.releaseUuid as string);
      const nodeName = release.nodes?.find((n) => n.uuid === failingNode.nodeUuid)?.name;
      assert.ok(nodeName, 'the release names the failing node');
      assert.deepEqual(report.nodeHealth, [
        {
          nodeUuid: failingNode.nodeUuid,
          nodeSlug: failingNode.nodeSlug,
          nodeName,
          succeeded: 900,
          failed: 69,
          skipped: 16,
          cancelled: 9,
          pending: 6,
          credits: 900,
        },
        { nodeUuid: 'never-seen', succeeded: 5, failed: 0, skipped: 0, cancelled: 0, pending: 0, credits: 0 },
      ]);
      assert.deepEqual(report.notes, []);
      assert.equal(report.requests, Math.ceil(batch.failedRunsCount / 100) + 2, 'the pages, the metrics, the release');
    } finally {
      await front.close();
    }
    // Names come from the runs' nodes when Cargo sends them.
    const named = failing('enrich', 'x', 0, { names: { enrich: 'Enrich' } });
    assert.deepEqual(nodeHealthOf([{ nodeUuid: 'node-enrich', successExecutionsCount: 1, errorExecutionsCount: 1 }], [named])[0], {
      nodeUuid: 'node-enrich',
      nodeSlug: 'enrich',
      nodeName: 'Enrich',
      succeeded: 1,
      failed: 1,
      skipped: 0,
      cancelled: 0,
      pending: 0,
      credits: 0,
    });
  });

  test('issue 20: node health names every node from the batch’s release, one request per release, cached', async () => {
    const releases = new ReleaseNodes({ onDidChange: () => ({ dispose: () => {} }) });
    const large = await batchOf(sim.fixtures.batches.large);
    assert.ok(large.releaseUuid);
    const release = await client().getRelease(large.releaseUuid);
    sim.clearRequests();
    const report = await loadFailureReport(client(), large, { releases });
    assert.ok(report.nodeHealth && report.nodeHealth.length > 1);
    for (const node of report.nodeHealth) {
      const inRelease = release.nodes?.find((n) => n.uuid === node.nodeUuid);
      assert.ok(inRelease, `node ${node.nodeUuid} is the release's`);
      assert.equal(node.nodeSlug, inRelease.slug);
      assert.equal(node.nodeName, inRelease.name ?? undefined);
      // Never a bare uuid: "Name (slug)", or the slug.
      // The release's name, with the slug beside it unless the slug is the name but for case.
      const sameButCase = inRelease.name?.toLowerCase() === inRelease.slug.toLowerCase();
      assert.equal(nodeHealthLabel(node), inRelease.name && !sameButCase ? `${inRelease.name} (${inRelease.slug})` : (inRelease.name ?? inRelease.slug));
    }
    // The groups are named from the release too.
    for (const group of report.groups) if (group.nodeSlug !== NO_NODE) assert.ok(group.nodeName, `${group.nodeSlug} named`);
    assert.equal(requestsTo(`releases/${large.releaseUuid}`).length, 1);

    // Again, and another batch of the same release: no request for the release.
    const other = (await client().listBatches({ limit: 100 })).find(
      (b) => b.uuid !== large.uuid && b.releaseUuid === large.releaseUuid && b.failedRunsCount > 0,
    );
    await loadFailureReport(client(), large, { releases });
    if (other) await loadFailureReport(client(), other, { releases });
    assert.equal(requestsTo(`releases/${large.releaseUuid}`).length, 1, 'one request for the release, whatever the reports');
    assert.equal(sim.requests.filter((r) => r.path.includes('/releases/')).length, 1);

    // A release that cannot be read: the failures load, the nodes the runs do not name are unknown, never a uuid.
    const unnamed = await loadFailureReport(client(), { ...large, releaseUuid: '00000000-0000-4000-8000-000000000000' }, { releases });
    assert.equal(unnamed.loadedFailedRuns, large.failedRunsCount);
    for (const node of unnamed.nodeHealth ?? []) {
      const label = nodeHealthLabel(node);
      assert.doesNotMatch(label, /[0-9a-f]{8}/, label);
      if (!node.nodeSlug) assert.equal(label, UNKNOWN_NODE);
    }
  });

  test('pages of any size: exactly ⌈failed / size⌉ requests, none for an empty page after a full last one', async () => {
    const batch = await batchOf(sim.fixtures.batches.large);
    const failed = batch.failedRunsCount;
    for (const pageSize of [7, failed, Math.max(1, Math.floor(failed / 3))]) {
      sim.clearRequests();
      const report = await loadFailureReport(client(), batch, { pageSize });
      assert.equal(requestsTo('runs/list').length, Math.ceil(failed / pageSize), `page size ${pageSize}`);
      assert.equal(report.loadedFailedRuns, failed);
      assert.deepEqual(countsOf(report.groups), countsOf((await loadFailureReport(client(), batch)).groups));
    }
    sim.clearRequests();
    await loadFailureReport(client(), batch, { pageSize: 10_000 });
    assert.ok(
      requestsTo('runs/list').every((r) => (r.body as { limit: number }).limit === 100),
      'never more than Cargo allows',
    );
  });

  test('cancelled mid-way: what was loaded, partial, fewer requests; cancelled before: nothing asked', async () => {
    const batch = await batchOf(sim.fixtures.batches.large);
    const pageSize = 10;
    assert.ok(batch.failedRunsCount > 2 * pageSize, 'enough failures for three pages');
    const controller = new AbortController();
    const report = await loadFailureReport(client(), batch, {
      pageSize,
      signal: controller.signal,
      onProgress: (loaded) => {
        if (loaded >= 2 * pageSize) controller.abort();
      },
    });
    assert.equal(report.partial, true);
    assert.equal(report.loadedFailedRuns, 2 * pageSize);
    assert.equal(report.failedRuns, batch.failedRunsCount);
    assert.equal(
      report.groups.reduce((sum, g) => sum + g.count, 0),
      2 * pageSize,
    );
    assert.equal(requestsTo('runs/list').length, 2);
    assert.ok(requestsTo('runs/list').length < Math.ceil(batch.failedRunsCount / pageSize));
    assert.ok(
      report.notes.some((note) => note === `Loading was stopped: ${2 * pageSize} of ${batch.failedRunsCount} failed runs loaded.`),
      report.notes.join(' / '),
    );

    // Aborted while a page is on its way: the request is cancelled, the report is what came before.
    sim.clearRequests();
    sim.addFault({ fault: { kind: 'latency', ms: 2000 }, path: '/runs/list', times: 1 });
    const slow = new AbortController();
    setTimeout(() => slow.abort(), 100);
    const inFlight = await loadFailureReport(client(), batch, { signal: slow.signal });
    assert.equal(inFlight.partial, true);
    assert.equal(inFlight.loadedFailedRuns, 0);
    assert.deepEqual(inFlight.groups, []);

    sim.clearRequests();
    const early = new AbortController();
    early.abort();
    const none = await loadFailureReport(client(), batch, { signal: early.signal });
    assert.equal(none.partial, true);
    assert.equal(none.requests, 0);
    assert.equal(sim.requests.length, 0);
  });

  test('a failing page rejects (the caller reports it); failing metrics only cost the node health', async () => {
    const batch = await batchOf(sim.fixtures.batches.large);
    sim.addFault({ fault: { kind: 'status', status: 500 }, path: '/runs/list' });
    await assert.rejects(loadFailureReport(client(), batch), CargoServerError);

    sim.clearFaults();
    sim.addFault({ fault: { kind: 'status', status: 500 }, path: '/runs/metrics' });
    const report = await loadFailureReport(client(), batch);
    assert.equal(report.nodeHealth, undefined);
    assert.match(report.notes.join(' '), /^Node health is not shown: Cargo had a problem answering \(HTTP 500/);
    assert.equal(report.loadedFailedRuns, batch.failedRunsCount);
  });

  test('a hostile batch: causes bounded, examples bounded, the Markdown inert', async () => {
    const uuid = sim.fixtures.batches.hostile;
    assert.ok(uuid);
    const batch = await batchOf(uuid);
    const report = await loadFailureReport(client(), batch);
    assert.equal(
      report.groups.reduce((sum, g) => sum + g.count, 0),
      batch.failedRunsCount,
    );
    for (const group of report.groups) {
      assert.ok(group.cause.length <= MAX_CAUSE_LENGTH);
      for (const example of group.examples) assert.ok(example.message.length <= MAX_EXAMPLE_MESSAGE);
    }
    const { marked } = await import('marked');
    const html = await marked.parse(failuresAsMarkdown(report));
    assert.doesNotMatch(html, /<(a|img|script|svg|b|code)\b/i);
  });
});

/**
 * Cargo with run metrics, before the simulator has them: a front that answers POST runs/metrics with
 * `metrics` and passes every other request to the simulator.
 */
async function withMetrics(metrics: RunMetric[]): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        if (req.method === 'POST' && req.url === '/v1/orchestration/runs/metrics') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ runMetrics: metrics }));
          return;
        }
        const answer = await fetch(`${sim.origin}${req.url ?? '/'}`, {
          method: req.method ?? 'GET',
          headers: { authorization: req.headers.authorization ?? '', 'content-type': 'application/json' },
          ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
        });
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await answer.arrayBuffer()));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('failure groups against the simulator’s own causes', () => {
  test('the 1,000-run batch: exactly the simulator’s 3 causes, with its counts, in ceil(failed/100) + 2 requests (pages, metrics, release)', async () => {
    const sim = await startSimulator({ port: 0, seed: 1, token: 'dev-token' });
    try {
      const client = new CargoClient({ baseUrl: sim.url, token: sim.token, maxRetries: 0 });
      const batch = await client.getBatch(sim.fixtures.batches.large);
      const truth = sim.failures(batch.uuid);
      sim.clearRequests();
      const report = await loadFailureReport(client, batch);
      assert.equal(report.groups.length, 3);
      assert.deepEqual(
        report.groups.map((g) => [g.nodeSlug, g.count]),
        truth.groups.map((g) => [g.nodeSlug, g.count]),
      );
      for (const group of report.groups) {
        const expected = truth.groups.find((g) => g.nodeSlug === group.nodeSlug);
        assert.ok(expected);
        for (const example of group.examples) assert.match(example.message, new RegExp(expected.matcher));
      }
      assert.ok(sim.requests.length <= Math.ceil(truth.failedRunsCount / 100) + 2, `${sim.requests.length} requests`);
      assert.ok(report.nodeHealth && report.nodeHealth.length > 0, 'node health from runs/metrics');
    } finally {
      await sim.close();
    }
  });
});

describe('node health of a workflow', () => {
  test('runs/metrics of every run of the workflow, named from its deployed release, the node that fails most first', async () => {
    const sim = await startSimulator({ port: 0, seed: 1, token: 'dev-token' });
    try {
      const client = new CargoClient({ baseUrl: sim.url, token: sim.token, maxRetries: 0 });
      const workflowUuid = sim.fixtures.workflows.tool;
      sim.clearRequests();
      const [metrics, workflow] = await Promise.all([client.runMetrics({ workflowUuid }), client.getWorkflow(workflowUuid)]);
      assert.equal(sim.requests.length, 2);
      const health = nodeHealthOfNodes(metrics, workflow.deployedRelease?.nodes ?? []);
      assert.equal(health.length, metrics.length);
      assert.ok(
        health.every((node) => node.nodeSlug !== undefined),
        'every node has its slug',
      );
      assert.ok(
        health.some((node) => node.nodeName !== undefined),
        'names from the release',
      );
      const failed = health.map((node) => node.failed);
      assert.deepEqual(
        failed,
        [...failed].sort((a, b) => b - a),
      );
      const total = metrics.reduce((sum, m) => sum + (m.successExecutionsCount ?? 0) + (m.errorExecutionsCount ?? 0), 0);
      assert.equal(
        health.reduce((sum, node) => sum + node.succeeded + node.failed, 0),
        total,
      );
    } finally {
      await sim.close();
    }
  });
});

describe('causes: what a group of messages shares, only what differs folded (issue 20)', () => {
  const causesOf = (messages: readonly string[]) => groupCauses(messages).map((c) => [c.cause, c.members.length] as const);

  test('a word that never varies stays: missing "score" is not folded into a placeholder', () => {
    const messages = [812, 1290, 77].map((tokens) => `Model output did not match the expected schema: missing "score" (output had ${tokens} tokens)`);
    assert.deepEqual(causesOf(messages), [['Model output did not match the expected schema: missing "score" (output had <n> tokens)', 3]]);
    // When the quoted word does vary, it folds, in its quotes.
    assert.deepEqual(causesOf(['missing "score"', 'missing "tier"']), [['missing "<text>"', 2]]);
  });

  test('300 failures "Rate limited for domain lead<N>.example" are one cause: digits inside a word, a top-level domain not in the list', () => {
    const messages = Array.from({ length: 300 }, (_, n) => `Rate limited for domain lead${n}.example`);
    assert.deepEqual(causesOf(messages), [['Rate limited for domain lead<n>.example', 300]]);
    // Only one- and two-digit ones (lead0 … lead99): still one cause, since they take many values.
    assert.deepEqual(causesOf(messages.slice(0, 100)), [['Rate limited for domain lead<n>.example', 100]]);
    // Another order, the same cause.
    assert.deepEqual(causesOf([...messages].reverse()), [['Rate limited for domain lead<n>.example', 300]]);
  });

  test('one placeholder style: every folded part is <kind>, quoted values "<text>" in their quotes', () => {
    const messages = [
      "Lookup of 'Acme' failed: run 550e8400-e29b-41d4-a716-446655440000 at 2026-03-12T10:15:30Z for jane@acme.com after 3 tries",
      "Lookup of 'Globex' failed: run 6ba7b810-9dad-11d1-80b4-00c04fd430c8 at 2026-04-01T08:00:00Z for bob@globex.io after 5 tries",
    ];
    assert.deepEqual(causesOf(messages), [["Lookup of '<text>' failed: run <uuid> at <time> for <email> after <n> tries", 2]]);
    // Quotes the messages do not agree on: double quotes.
    assert.deepEqual(causesOf(["domain 'acme.com' is invalid", 'domain "globex.io" is invalid']), [['domain "<text>" is invalid', 2]]);
    for (const [cause] of causesOf(messages)) assert.doesNotMatch(cause, /…/);
  });

  test('what is the same in every message stays: one message is its own cause, ids and all', () => {
    const message = 'HubSpot API responded 429: rate limit exceeded for contact 8515 (request 550e8400-e29b-41d4-a716-446655440000)';
    assert.deepEqual(causesOf([message]), [[message, 1]]);
    assert.deepEqual(causesOf([message, message]), [[message, 2]]);
    assert.deepEqual(
      causesOf(['GET https://api.hubspot.com/crm/v3/objects/contacts/8515 failed', 'GET https://api.hubspot.com/crm/v3/objects/contacts/9921 failed']),
      [['GET https://api.hubspot.com/<path> failed', 2]],
    );
    assert.deepEqual(causesOf(['fetch https://user:secret@API.example.com failed.']), [['fetch https://api.example.com failed.', 1]], 'credentials never kept');
    assert.deepEqual(causesOf(['']), [['', 1]]);
  });

  test(`one or two digits inside a word name something when they take at most ${NAME_VARIANTS} values, else they are an id`, () => {
    assert.deepEqual(causesOf(['Agent failed: oauth2 token missing', 'Agent failed: oauth1 token missing', 'Agent failed: oauth2 token missing']), [
      ['Agent failed: oauth2 token missing', 2],
      ['Agent failed: oauth1 token missing', 1],
    ]);
    const versions = Array.from({ length: NAME_VARIANTS + 1 }, (_, i) => `Use model v${i + 1}`);
    assert.deepEqual(causesOf(versions), [['Use model v<n>', NAME_VARIANTS + 1]]);
    assert.equal(causesOf(versions.slice(0, NAME_VARIANTS)).length, NAME_VARIANTS);
    // One value of three digits or more makes the part an id.
    assert.deepEqual(causesOf(['Lookup contact7 failed', 'Lookup contact8515 failed']), [['Lookup contact<n> failed', 2]]);
  });

  test('keys are unique, causes come in the order of their first message, every message in one', () => {
    const messages = ['b 1', 'a', 'b 2', 'oauth1', 'oauth2', 'a'];
    const causes = groupCauses(messages);
    assert.deepEqual(
      causes.map((c) => c.members),
      [[0, 2], [1, 5], [3], [4]],
    );
    assert.equal(new Set(causes.map((c) => c.key)).size, causes.length);
    // Text that looks like a placeholder is not one.
    assert.equal(groupCauses(['x <n>', 'x 5', 'x 6']).length, 2);
  });

  test('a long message: the cause is cut at its length, and what lies beyond tells no causes apart', () => {
    const head = 'word '.repeat(100);
    const causes = groupCauses([`${head} tail one`, `${head} tail two`]);
    assert.equal(causes.length, 1);
    assert.equal(causes[0]?.cause.length, MAX_CAUSE_LENGTH);
    assert.ok(causes[0]?.cause.endsWith('…'));
  });
});
