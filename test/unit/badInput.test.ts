// Bad input on every command that takes text: each command's own judge (the pure function its input
// box or argument goes through) against each kind of bad input. A refusal is one clear line that says
// what the command takes, and no request reaches Cargo (the simulator's request log, where the command
// would otherwise call); an input the command takes goes only where it should, as typed. Input boxes
// keep the text while they show a refusal (src/input/askText.ts, Sign In's own box): the box stays
// open, so nothing typed is lost (test/e2e/badInput.test.ts types them in a real workbench).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { useSimulator } from './support/simulator';
import { CargoClient } from '../../src/api/client';
import { problemWithToken } from '../../src/connection/signInMessages';
import { readRecordQuery } from '../../src/explorer/explorerFilter';
import { readCargoReference } from '../../src/runs/cargoReference';
import { readRunReference } from '../../src/runs/runReference';
import { readVsCodeLink } from '../../src/runs/vscodeLinks';
import { readRunInput } from '../../src/runFile/runInput';
import { unusualCharacter } from '../../src/shared/text';

const TOKEN = 'sk_test_bad-input-7f3a9c';
const WEB_APP = 'https://app.getcargo.io';
const RUN = '3f2c9a1e-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

const sim = useSimulator({ seed: 1, token: TOKEN });

const client = () => new CargoClient({ baseUrl: sim.url, token: TOKEN, timeoutMs: 5_000, maxRetries: 0 });

/** The kinds of bad input, each typed (or pasted, or passed to the command) as it is. */
const BAD_INPUTS = {
  empty: '',
  whitespace: '  \t \n ',
  '100 KB': 'a'.repeat(100 * 1024),
  'control characters': `\u001b[31m${RUN}\u0000`,
  'invisible characters': `${RUN}\u200b\u202e`,
  "another host's URL": `https://evil.example/runs/${RUN}`,
  'path traversal': '../../etc/passwd',
  'encoded path traversal': '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  'a uuid with extra path': `${RUN}/../../etc/passwd`,
  'a Cargo link whose ../ leaves the run': `${WEB_APP}/workflows/w/runs/${RUN}/../../../admin`,
} as const;
type BadInput = keyof typeof BAD_INPUTS;

/**
 * What a command does with one text: refused with a message (nothing sent), or taken, and then the
 * request it makes (sent to the simulator, so the log shows exactly what went out).
 */
type Outcome = { refused: string } | { taken: string; send: () => Promise<unknown> };

interface CommandRow {
  name: string;
  /** The command's judge and the request it makes with what it takes. */
  handle(text: string): Outcome;
  /** Every refusal says what the command takes. */
  expects: RegExp;
  /** Inputs the command takes on purpose, and why; every other bad input must be refused. */
  takes?: Partial<Record<BadInput, string>>;
  /** For a taken input: what the request must show. */
  checkSent?(text: string): void;
}

const runsListBodies = () => sim.requests.filter((r) => r.path.endsWith('/orchestration/runs/list')).map((r) => r.body as Record<string, unknown>);

const COMMANDS: CommandRow[] = [
  {
    name: 'Open Run (its box, or a string passed to cargo.openRunByUuid)',
    handle: (text) => {
      const reference = readRunReference(text, { webAppBaseUrl: WEB_APP, apiBaseUrl: sim.url });
      if (reference.uuid === undefined) return { refused: reference.problem };
      const uuid = reference.uuid;
      return { taken: uuid, send: () => client().getRun(uuid) };
    },
    expects: /Open Run takes a run uuid \(8-4-4-4-12 hexadecimal digits\) or a link to a run in Cargo\./,
  },
  {
    name: 'Open Run, Batch or Workflow (its box, cargo.openRunByUuid)',
    handle: (text) => {
      const { target, problem } = readCargoReference(text, { webAppBaseUrl: WEB_APP, apiBaseUrl: sim.url });
      if (!target) return { refused: problem };
      // A bare uuid is looked for as a batch first (src/runs/openCargo.ts).
      return { taken: target.uuid, send: () => client().getBatch(target.uuid) };
    },
    expects: /Open takes a run, batch or workflow uuid \(8-4-4-4-12 hexadecimal digits\) or a link to one in Cargo\./,
  },
  {
    name: 'A link into VS Code, the text in place of the uuid (vscode://cargo-runs.cargo-runs/run/<text>)',
    handle: (text) => {
      const { target, problem } = readVsCodeLink({ authority: 'cargo-runs.cargo-runs', path: `/run/${text}`, query: '' }, 'cargo-runs.cargo-runs', {
        webAppBaseUrl: WEB_APP,
        apiBaseUrl: sim.url,
      });
      if (!target) return { refused: problem };
      return { taken: target.uuid, send: () => client().getRun(target.uuid) };
    },
    expects: /A Cargo link for VS Code opens …\/run\/<uuid>, …\/batch\/<uuid> or …\/workflow\/<uuid>/,
  },
  {
    name: 'A link into VS Code, the text as its link to Cargo (vscode://cargo-runs.cargo-runs/open?link=<text>)',
    handle: (text) => {
      const query = new URLSearchParams({ link: text }).toString();
      const { target, problem } = readVsCodeLink({ authority: 'cargo-runs.cargo-runs', path: '/open', query }, 'cargo-runs.cargo-runs', {
        webAppBaseUrl: WEB_APP,
        apiBaseUrl: sim.url,
      });
      if (!target) return { refused: problem };
      return { taken: target.uuid, send: () => client().getBatch(target.uuid) };
    },
    // A link too long to read says what links take; the rest, what Open takes.
    expects: /Open takes a run, batch or workflow uuid|A Cargo link for VS Code opens …\/run\/<uuid>/,
  },
  {
    name: 'Sign In (its token box)',
    // As signIn does: the pasted text judged, then one listBatches with it, no retries.
    handle: (text) => {
      const problem = problemWithToken(text);
      if (problem) return { refused: problem };
      const token = text.trim();
      return { taken: token, send: () => new CargoClient({ baseUrl: sim.url, token, maxRetries: 0 }).listBatches({ limit: 1 }) };
    },
    expects: /token/i,
  },
  {
    name: 'Filter Runs by Record (its box)',
    handle: (text) => {
      const read = readRecordQuery(text);
      if (read.query === undefined) return { refused: read.problem };
      const query = read.query;
      // What the explorer then asks: its runs, filtered by the text when there is one.
      return { taken: query, send: () => client().listRuns({ limit: 50, ...(query ? { recordTitleOrId: query } : {}) }) };
    },
    expects: /record title, or a record id \(empty clears the filter\)/,
    takes: {
      empty: 'clears the filter (the box says so)',
      whitespace: 'clears the filter, as empty',
      "another host's URL": 'a record title may be a link: looked for as text, in the request body',
      'path traversal': 'looked for as text, in the request body (never in a URL)',
      'encoded path traversal': 'looked for as text, in the request body (never in a URL)',
      'a uuid with extra path': 'looked for as text, in the request body (never in a URL)',
      'a Cargo link whose ../ leaves the run': 'looked for as text, in the request body',
    },
    checkSent: (text) => {
      const bodies = runsListBodies();
      assert.equal(bodies.length, 1, 'one runs/list');
      const query = text.trim();
      assert.equal(bodies[0]?.recordTitleOrId, query === '' ? undefined : query, 'the text as typed (trimmed), in the body');
    },
  },
  {
    name: 'Run in Cargo (the whole file)',
    handle: (text) => {
      const read = readRunInput(text, { asRunFile: true });
      const first = read.problems.find((problem) => problem.severity === 'error');
      if (!read.input || first) return { refused: first?.message ?? 'nothing to run' };
      return { taken: text, send: () => Promise.reject(new Error('a bad file is never sent')) };
    },
    expects: /JSON|json|empty|expected|object/i,
  },
  {
    name: "Run in Cargo (a run file's workflowUuid)",
    handle: (text) => {
      const read = readRunInput(JSON.stringify({ workflowUuid: text, data: { email: 'jane@acme.io' } }), { asRunFile: true });
      const first = read.problems.find((problem) => problem.severity === 'error');
      if (!read.input || first) return { refused: first?.message ?? 'nothing to run' };
      const input = read.input;
      return {
        taken: text,
        send: () => (input.kind === 'runFile' ? client().createRun({ workflowUuid: input.workflowUuid, data: input.data }) : Promise.resolve()),
      };
    },
    expects: /workflowUuid/,
  },
];

describe('bad input on every command that takes text', () => {
  for (const row of COMMANDS) {
    describe(row.name, () => {
      for (const [kind, text] of Object.entries(BAD_INPUTS) as [BadInput, string][]) {
        const takenBecause = row.takes?.[kind];
        test(`${kind}: ${takenBecause ? `taken: ${takenBecause}` : 'refused with a clear message, nothing sent'}`, async () => {
          const outcome = row.handle(text);
          if (takenBecause) {
            assert.ok('taken' in outcome, `taken on purpose (${takenBecause}), not refused: ${'refused' in outcome ? outcome.refused : ''}`);
            await outcome.send();
            for (const request of sim.requests) assert.ok(request.path.startsWith('/v1/'), `sent only below the configured base URL: ${request.path}`);
            row.checkSent?.(text);
            return;
          }
          assert.ok('refused' in outcome, `refused, not taken as ${'taken' in outcome ? JSON.stringify(outcome.taken.slice(0, 80)) : ''}`);
          const message = outcome.refused;
          assert.ok(message.length > 0 && message.length <= 300, `one short message (${message.length} characters): ${message.slice(0, 120)}`);
          assert.doesNotMatch(message, /[\r\n]/, 'one line');
          assert.equal(unusualCharacter(message), undefined, 'no control or invisible character of the input echoed');
          assert.ok(!message.includes('a'.repeat(200)), 'does not echo a long input');
          assert.match(message, row.expects, `says what it takes: ${message}`);
          assert.deepEqual(
            sim.requests.map((r) => `${r.method} ${r.path}`),
            [],
            'no request reached Cargo',
          );
        });
      }
    });
  }

  test('counts: every command meets every kind of bad input', () => {
    const cells = COMMANDS.length * Object.keys(BAD_INPUTS).length;
    const taken = COMMANDS.reduce((sum, row) => sum + Object.keys(row.takes ?? {}).length, 0);
    assert.equal(cells, 8 * 10);
    assert.equal(taken, 7, 'only the record filter takes some on purpose');
  });
});

describe('good input still goes through the same judges', () => {
  test('Open Run takes a uuid, text around one, and links to runs in Cargo (web app or API), lower-cased', () => {
    const cargo = { webAppBaseUrl: WEB_APP, apiBaseUrl: 'https://api.getcargo.io/v1' };
    const upper = RUN.toUpperCase();
    for (const text of [
      RUN,
      ` ${upper}\n`,
      `run ${RUN} failed`,
      `${WEB_APP}/workflows/w/runs/${RUN}?tab=1`,
      `https://api.getcargo.io/v1/orchestration/runs/${RUN}`,
    ]) {
      assert.deepEqual(readRunReference(text, cargo), { uuid: RUN }, text);
    }
    assert.match(
      readRunReference(`https://evil.example/runs/${RUN}`, cargo).problem ?? '',
      /links to evil\.example, not to Cargo \(app\.getcargo\.io or api\.getcargo\.io\)/,
    );
    assert.match(readRunReference(`javascript:alert(1)//${RUN}`, cargo).problem ?? '', /javascript: link/);
    assert.match(readRunReference(`${WEB_APP}/workflows/w`, cargo).problem ?? '', /does not lead to a run/);
  });

  test('Sign In takes Bearer tokens (letters, digits, -._~+/ and = padding), and says which character is wrong', () => {
    for (const token of ['sk_live_abc123', 'eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl', 'QUJD+/ZA==', 'cargo-secret-CANARY-0123abcd'])
      assert.equal(problemWithToken(token), undefined, token);
    assert.match(problemWithToken('abc%def') ?? '', /has "%" in it \(at character 4 of 7\)/);
    assert.match(problemWithToken('ab=c') ?? '', /has "=" in it/);
    assert.equal(problemWithToken('x'.repeat(4096)), undefined, 'up to 4,096 characters');
    assert.match(problemWithToken('x'.repeat(4097)) ?? '', /4,097 characters long; a Cargo API token has at most 4,096/);
    assert.match(problemWithToken(`https://app.getcargo.io/settings?token=${TOKEN}`) ?? '', /web address/);
    assert.doesNotMatch(problemWithToken(`${TOKEN}%`) ?? '', new RegExp(TOKEN), 'never quotes what was pasted');
  });

  test('the record filter takes 256 characters, not 257', () => {
    assert.deepEqual(readRecordQuery(` ${'é'.repeat(256)} `), { query: 'é'.repeat(256) });
    assert.match(readRecordQuery('é'.repeat(257)).problem ?? '', /257 characters long; a record title or id to look for has at most 256/);
  });
});
