// The compiled validator (src/api/validator.ts) against zod, the reference: on every response the
// simulator gives (with each kind of drift and hostile data) and on thousands of single-field changes
// to them, it accepts exactly what zod accepts, with the same output. Then what the client's users
// rely on: errors that name the endpoint and the field path, unknown enum values kept, unknown fields
// kept, null and absent treated as before, schemas built only when first used.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as z from 'zod/mini';
import { useSimulator } from '../support/simulator';
import { CargoSchemaError } from '../../../src/api/errors';
import { lazySchema } from '../../../src/api/lazySchema';
import { parseBody } from '../../../src/api/parse';
import { BatchesResponseSchema, BatchResponseSchema } from '../../../src/api/batchSchemas';
import { RunDetailsResponseSchema, RunMetricsResponseSchema, RunsPageSchema, SpansPageSchema } from '../../../src/api/runSchemas';
import { EmptyResponseSchema } from '../../../src/api/schemaParts';
import {
  PlaysResponseSchema,
  ReleasesResponseSchema,
  ToolsResponseSchema,
  WorkflowResponseSchema,
  WorkflowsResponseSchema,
} from '../../../src/api/workflowSchemas';
import { compileValidator, MISFIT, type Check } from '../../../src/api/validator';
import { tolerantEnum } from '../../../src/api/enums';
import { RecordsPageSchema } from '../support/recordsApi';

type AnySchema = { schema: z.ZodMiniType; check: Check };

const sim = useSimulator({ seed: 3, hostile: true });
/** Every response body the test compares on, as text, with the schema the client reads it with. */
const bodies: { name: string; schema: AnySchema; text: string }[] = [];

const FAULTS = ['', 'drift=unknownEnum', 'drift=extraFields', 'drift=nulls', 'drift=missingField', 'hostile'];

before(async () => {
  await sim.started;
  const { workflows, batches, runs } = sim.fixtures;
  const endpoints: [string, AnySchema, string, unknown?][] = [
    ['batches/list', BatchesResponseSchema, '/orchestration/batches/list?limit=30'],
    ['batches/{uuid}', BatchResponseSchema, `/orchestration/batches/${batches.failed}`],
    ['runs/list', RunsPageSchema, '/orchestration/runs/list', { batchUuid: batches.large, limit: 40 }],
    ['runs/{uuid}', RunDetailsResponseSchema, `/orchestration/runs/${runs.failed}`],
    ['runs/{uuid} hostile', RunDetailsResponseSchema, `/orchestration/runs/${runs.hostile ?? runs.failed}`],
    ['runs/metrics', RunMetricsResponseSchema, '/orchestration/runs/metrics', { workflowUuid: workflows.tool }],
    ['records/list', RecordsPageSchema, '/orchestration/records/list', { workflowUuid: workflows.tool, limit: 20 }],
    ['spans/list', SpansPageSchema, '/orchestration/spans/list', { executionStartedAfter: new Date(0).toISOString(), limit: 40 }],
    ['workflows/list', WorkflowsResponseSchema, '/orchestration/workflows/list'],
    ['workflows/{uuid}', WorkflowResponseSchema, `/orchestration/workflows/${workflows.play}`],
    ['plays/list', PlaysResponseSchema, '/orchestration/plays/list'],
    ['tools/list', ToolsResponseSchema, '/orchestration/tools/list'],
    ['releases/list', ReleasesResponseSchema, `/orchestration/releases/list?workflowUuid=${workflows.tool}`],
  ];
  for (const [name, schema, path, body] of endpoints) {
    for (const fault of FAULTS) {
      const response = await fetch(`${sim.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json', ...(fault ? { 'x-sim-fault': fault } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      assert.equal(response.status, 200, `${name} ${fault}`);
      bodies.push({ name: `${name}${fault ? ` (${fault})` : ''}`, schema, text: await response.text() });
    }
  }
});

/** The compiled validator and zod agree on `value` (the validator gets its own copy, which it may change). */
function assertAgrees(schema: AnySchema, make: () => unknown, check: Check, label: string): boolean {
  const expected = schema.schema.safeParse(make());
  const actual = check(make());
  if (expected.success) {
    assert.notEqual(actual, MISFIT, `${label}: zod accepts it, the compiled validator does not`);
    assert.deepEqual(actual, expected.data, `${label}: a different output`);
  } else {
    assert.equal(actual, MISFIT, `${label}: zod refuses it (${expected.error.issues[0]?.path.join('.')}), the compiled validator accepts it`);
  }
  return expected.success;
}

/** Every (object or array, key) in a JSON value, outside the opaque parts the schemas never walk. */
function positions(value: unknown, path: PropertyKey[] = [], out: PropertyKey[][] = []): PropertyKey[][] {
  if (value === null || typeof value !== 'object') return out;
  for (const [key, child] of Object.entries(value)) {
    const at = [...path, Array.isArray(value) ? Number(key) : key];
    out.push(at);
    if (!['runContext', 'runComputedConfigs', 'config', 'data'].includes(key)) positions(child, at, out);
  }
  return out;
}

const MUTATIONS: [string, (parent: Record<PropertyKey, unknown>, key: PropertyKey) => void][] = [
  ['deleted', (parent, key) => (Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key])],
  ['null', (parent, key) => (parent[key] = null)],
  ['a number', (parent, key) => (parent[key] = 7)],
  ['Infinity', (parent, key) => (parent[key] = JSON.parse('1e400'))],
  ['a string', (parent, key) => (parent[key] = 'x')],
  ['a new enum value', (parent, key) => (parent[key] = 'paused')],
  ['a boolean', (parent, key) => (parent[key] = true)],
  ['an object', (parent, key) => (parent[key] = { x: 1 })],
  ['an array', (parent, key) => (parent[key] = [])],
  ['given an own __proto__', (parent, key) => (parent[key] = JSON.parse('{"__proto__": {"polluted": true}, "uuid": "u"}'))],
];

/** The body with its top-level lists cut to their first entry. */
function firstOnly(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, Array.isArray(value) ? value.slice(0, 1) : value]));
}

function mutated(text: string, path: PropertyKey[], mutate: (parent: Record<PropertyKey, unknown>, key: PropertyKey) => void): unknown {
  const root: unknown = JSON.parse(text);
  let parent = root as Record<PropertyKey, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<PropertyKey, unknown>;
  mutate(parent, path.at(-1) as PropertyKey);
  return root;
}

for (const generate of [true, false]) {
  describe(`the compiled validator agrees with zod (${generate ? 'generated code' : 'closures'})`, () => {
    test('on every response the simulator gives, drifted and hostile ones included', () => {
      for (const { name, schema, text } of bodies) {
        const accepted = assertAgrees(schema, () => JSON.parse(text), compileValidator(schema.schema, { generate }), name);
        // drift=missingField drops a required field where the response has one; nothing else is refused.
        if (!name.includes('missingField')) assert.ok(accepted, `${name} is accepted`);
      }
    });

    test('on every single-field change to a page of runs, a page of batches, a run and the workflows', () => {
      let refused = 0;
      let compared = 0;
      for (const name of ['runs/list', 'batches/list', 'runs/{uuid}', 'workflows/list', 'spans/list (drift=nulls)']) {
        const { schema, text: full } = bodies.find((b) => b.name === name) as (typeof bodies)[number];
        // The first entry of each list (the rest repeat its shape), every field of it.
        const text = JSON.stringify(firstOnly(JSON.parse(full)));
        const check = compileValidator(schema.schema, { generate });
        const all = positions(JSON.parse(text));
        for (const path of all) {
          for (const [what, mutate] of MUTATIONS) {
            compared++;
            if (!assertAgrees(schema, () => mutated(text, path, mutate), check, `${name}: ${path.join('.')} ${what}`)) refused++;
          }
        }
      }
      assert.ok(compared > 1500, `${compared} changes compared`);
      assert.ok(refused > 150 && refused < compared - 150, `${refused} of ${compared} refused: both kinds are compared`);
    });
  });
}

describe('what the rest of the extension relies on', () => {
  const runsPage = () => bodies.find((b) => b.name === 'runs/list')?.text as string;

  test('a misfit is a CargoSchemaError naming the endpoint and the field path, as zod words it', () => {
    const body = mutated(runsPage(), ['runs', 1, 'executions', 2, 'status'], (parent, key) => (parent[key] = 5));
    const again = () => mutated(runsPage(), ['runs', 1, 'executions', 2, 'status'], (parent, key) => (parent[key] = 5));
    assert.throws(
      () => parseBody(RunsPageSchema, body, again, 'POST /orchestration/runs/list', 200),
      (error: unknown) => {
        assert.ok(error instanceof CargoSchemaError);
        assert.equal(error.endpoint, 'POST /orchestration/runs/list');
        assert.equal(error.status, 200);
        assert.deepEqual(error.issues, [{ path: 'runs[1].executions[2].status', problem: 'expected string, received number' }]);
        assert.equal(
          error.message,
          'POST /orchestration/runs/list returned an unexpected response: runs[1].executions[2].status: expected string, received number',
        );
        return true;
      },
    );
  });

  test('every issue is reported, from a fresh copy of the body (the first may be half converted)', () => {
    const broken = () => {
      const page = JSON.parse(runsPage()) as { runs: Record<string, unknown>[] };
      delete page.runs[0]?.uuid;
      (page.runs[3] as { executions: Record<string, unknown>[] }).executions[0]!.nodeKind = null;
      page.runs[5]!.createdAt = 12;
      return page;
    };
    assert.throws(
      () => parseBody(RunsPageSchema, broken(), broken, 'POST /orchestration/runs/list'),
      (error: unknown) => {
        assert.ok(error instanceof CargoSchemaError);
        assert.deepEqual(error.issues, [
          { path: 'runs[0].uuid', problem: 'missing (expected string)' },
          { path: 'runs[3].executions[0].nodeKind', problem: 'expected string, received null' },
          { path: 'runs[5].createdAt', problem: 'expected string, received number' },
        ]);
        return true;
      },
    );
  });

  test('unknown enum values survive with their raw value; every value is one shared, frozen object', () => {
    const page = JSON.parse(runsPage()) as { runs: { status: unknown; executions: { nodeKind: unknown; status: unknown }[] }[] };
    page.runs[0]!.status = 'paused';
    page.runs[1]!.status = 'paused';
    page.runs[0]!.executions[0]!.nodeKind = 'quantum';
    page.runs[2]!.status = 'unknown';
    const { runs } = parseBody(RunsPageSchema, page, () => assert.fail('fits'), 'POST /orchestration/runs/list');
    assert.deepEqual(runs[0]?.status, { known: 'unknown', raw: 'paused' });
    assert.equal(runs[0]?.status, runs[1]?.status, 'the same value is the same object');
    assert.deepEqual(runs[0]?.executions[0]?.nodeKind, { known: 'unknown', raw: 'quantum' });
    assert.deepEqual(runs[2]?.status, { known: 'unknown', raw: 'unknown' });
    const statuses = new Set(runs.flatMap((run) => run.executions.map((execution) => execution.status)));
    assert.ok(statuses.size <= 3, `${statuses.size} objects for ${runs.length} runs' executions`);
    for (const status of statuses) assert.ok(Object.isFrozen(status));
  });

  test('unknown fields are kept, at every level; an own __proto__ key is dropped, as zod drops it', () => {
    const page = JSON.parse(runsPage()) as { runs: Record<string, unknown>[] } & Record<string, unknown>;
    page.cursor = 'next';
    page.runs[0]!.simUnknownField = { nested: [1, 'two', null] };
    (page.runs[0]!.executions as Record<string, unknown>[])[0]!.durationMs = 12;
    page.runs[1] = { ...JSON.parse('{"__proto__": {"polluted": true}}'), ...page.runs[1] };
    const parsed = parseBody(RunsPageSchema, page, () => assert.fail('fits'), 'POST /orchestration/runs/list');
    assert.equal(parsed.cursor, 'next');
    assert.deepEqual(parsed.runs[0]?.simUnknownField, { nested: [1, 'two', null] });
    assert.equal(parsed.runs[0]?.executions[0]?.durationMs, 12);
    assert.ok(!Object.hasOwn(parsed.runs[1] as object, '__proto__'));
    assert.equal(Object.getPrototypeOf(parsed.runs[1]), Object.prototype);
    assert.equal(({} as { polluted?: unknown }).polluted, undefined);
  });

  test('null and absent: accepted where the schema says nullish or optional, refused where required', () => {
    const run = () => JSON.parse(runsPage()) as { runs: Record<string, unknown>[] };
    const withRun = (change: (first: Record<string, unknown>) => void) => () => {
      const page = run();
      change(page.runs[0] as Record<string, unknown>);
      return page;
    };
    const outcome = (make: () => unknown) => {
      try {
        return parseBody(RunsPageSchema, make(), make, 'POST /orchestration/runs/list').runs[0];
      } catch (error) {
        return error instanceof CargoSchemaError ? error.issues : error;
      }
    };
    // Nullable and absent-tolerated: errorMessage, finishedAt, parentUuid.
    assert.equal((outcome(withRun((r) => (r.errorMessage = null))) as { errorMessage: unknown }).errorMessage, null);
    assert.ok(!('finishedAt' in (outcome(withRun((r) => delete r.finishedAt)) as object)));
    // Optional but not nullable: workspaceUuid may be absent, not null.
    assert.ok(!('workspaceUuid' in (outcome(withRun((r) => delete r.workspaceUuid)) as object)));
    assert.deepEqual(outcome(withRun((r) => (r.workspaceUuid = null))), [{ path: 'runs[0].workspaceUuid', problem: 'expected string, received null' }]);
    // Required: recordId.
    assert.deepEqual(outcome(withRun((r) => delete r.recordId)), [{ path: 'runs[0].recordId', problem: 'missing (expected string)' }]);
    assert.deepEqual(outcome(withRun((r) => (r.recordId = null))), [{ path: 'runs[0].recordId', problem: 'expected string, received null' }]);
  });

  test("a run's context and computed configs: null or absent become {}, an array is refused, the content is not walked", () => {
    const text = bodies.find((b) => b.name === 'runs/{uuid}')?.text as string;
    const details = (change: (body: Record<string, unknown>) => void) => () => {
      const body = JSON.parse(text) as Record<string, unknown>;
      change(body);
      return body;
    };
    const nulled = details((body) => (body.runContext = null));
    assert.deepEqual(parseBody(RunDetailsResponseSchema, nulled(), nulled, 'GET /run').runContext, {});
    const absent = details((body) => delete body.runComputedConfigs);
    assert.deepEqual(parseBody(RunDetailsResponseSchema, absent(), absent, 'GET /run').runComputedConfigs, {});
    const array = details((body) => (body.runContext = []));
    assert.throws(() => parseBody(RunDetailsResponseSchema, array(), array, 'GET /run'), /runContext: expected object, received array/);
    const odd = details((body) => (body.runContext = { start: { status: 12, executions: 'not checked' } }));
    assert.deepEqual(parseBody(RunDetailsResponseSchema, odd(), odd, 'GET /run').runContext, { start: { status: 12, executions: 'not checked' } });
  });

  test('an empty cancel answer ({}) and extra keys in it are fine', () => {
    assert.deepEqual(
      parseBody(EmptyResponseSchema, {}, () => ({}), 'POST /cancel'),
      {},
    );
    assert.deepEqual(
      parseBody(EmptyResponseSchema, { ok: true }, () => ({ ok: true }), 'POST /cancel'),
      { ok: true },
    );
  });

  test('a schema the compiler does not know is left to zod, in place of the value', () => {
    const schema = z.looseObject({
      id: z.string().check(z.minLength(3)),
      when: z.union([z.string(), z.number()]),
      kind: tolerantEnum(['a', 'b'] as const),
      tags: z.optional(z.array(z.enum(['x', 'y']))),
      strict: z.optional(z.object({ n: z.number() })),
      ref: z.optional(z.uuid()),
      size: z.optional(z.int()),
    });
    for (const generate of [true, false]) {
      const check = compileValidator(schema, { generate });
      assert.deepEqual(check({ id: 'abc', when: 3, kind: 'c', strict: { n: 1, extra: true } }), {
        id: 'abc',
        when: 3,
        kind: { known: 'unknown', raw: 'c' },
        strict: { n: 1 },
      });
      assert.equal(check({ id: 'ab', when: 3, kind: 'a' }), MISFIT);
      assert.equal(check({ id: 'abc', when: true, kind: 'a' }), MISFIT);
      assert.equal(check({ id: 'abc', when: 1, kind: 'a', tags: ['z'] }), MISFIT);
      assert.equal(check({ id: 'abc', when: 1, kind: 'a', ref: 'not-a-uuid' }), MISFIT);
      assert.equal(check({ id: 'abc', when: 1, kind: 'a', size: 1.5 }), MISFIT);
      assert.notEqual(check({ id: 'abc', when: 1, kind: 'a', ref: '0b7c2e9a-3f1d-4c8e-9a6b-5d4e3f2a1b0c', size: 2 }), MISFIT);
    }
  });

  test('a lazy schema is built on first use, once', () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds++;
      return z.looseObject({ a: z.string() });
    });
    assert.equal(builds, 0);
    assert.deepEqual(schema.parse({ a: 'x' }), { a: 'x' });
    assert.equal(schema.check({ a: 1 }), MISFIT);
    assert.deepEqual(schema.check({ a: 'y' }), { a: 'y' });
    assert.equal(builds, 1);
  });
});
