// The reader of expressions' references, on the shapes Cargo's expressions have (@cargo-ai/types
// ExpressionTypes.Expression; examples from the contract of issue 23), and the check of what is one.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expressionReferences, isExpression, referenceText, type ExpressionKind } from '../../../src/runs/expressions';

const read = (kind: ExpressionKind, expression: string) => expressionReferences({ kind, expression });
const js = (expression: string) => read('jsExpression', expression);
const template = (expression: string) => read('templateExpression', expression);

describe('expressionReferences: jsExpression', () => {
  const cases: [string, (string | number)[][], string[]][] = [
    ['nodes.start.website', [['start', 'website']], []],
    [
      'nodes.enrich.domain ?? nodes.start.domain',
      [
        ['enrich', 'domain'],
        ['start', 'domain'],
      ],
      [],
    ],
    ['nodes["start"].email.toLowerCase()', [['start', 'email']], []],
    ["nodes['start']['first name']", [['start', 'first name']], []],
    ['nodes.ai_score.answer.score >= 70', [['ai_score', 'answer', 'score']], []],
    ['nodes?.start?.website', [['start', 'website']], []],
    ['nodes.start?.["web site"]?.[0]', [['start', 'web site', 0]], []],
    ['nodes.find_contacts.contacts[0].email', [['find_contacts', 'contacts', 0, 'email']], []],
    ['nodes . start . website', [['start', 'website']], []],
    ['nodes.start.website.trim().length > 0', [['start', 'website']], []],
    ['nodes.start', [['start']], []],
    ['nodes.start.a + nodes.start.a', [['start', 'a']], []],
    ['`https://${nodes.start.website}/about`', [['start', 'website']], []],
    [
      '`${`${nodes.start.a}`}` + nodes.b.c',
      [
        ['start', 'a'],
        ['b', 'c'],
      ],
      [],
    ],
    ['"nodes.start.website"', [], []],
    ["'it''s' + nodes.x.y", [['x', 'y']], []],
    ['"a \\" nodes.fake.one" + nodes.real.one', [['real', 'one']], []],
    ['// nodes.commented.out\nnodes.start.kept', [['start', 'kept']], []],
    ['/* nodes.commented.out */ nodes.start.kept', [['start', 'kept']], []],
    ['record.nodes.start', [], []],
    ['a?.nodes.start', [], []],
    ['mynodes.start.x + nodesCount', [], []],
    ['nodes[key].website', [], ['nodes[key]']],
    ['nodes[nodes.start.slug].x', [], ['nodes[nodes.start.slug]']],
    ['Object.keys(nodes)', [], ['nodes']],
    ['nodes', [], ['nodes']],
    ['nodes[0]', [], ['nodes[0]']],
    ['nodes.start[i]', [], ['nodes.start[i]']],
    ['nodes["sta\\u0072t"].x', [['start', 'x']], []],
    ['nodes["bad\\x41"].x', [], ['nodes["bad\\x41"]']],
    ['nodes.start.toString()', [['start']], []],
    ['nodes.start.list.map((item) => item.name)', [['start', 'list']], []],
    ['1e5 + nodes.n1.v2', [['n1', 'v2']], []],
    ['(nodes.start.website || "").replace(/^https?:\\/\\//, "")', [['start', 'website']], []],
    ['nodes.start.website ? nodes.start.website : null', [['start', 'website']], []],
    [
      '[nodes.a.b, nodes.c.d].join(",")',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      [],
    ],
    ['nodes.$weird_slug.x', [['$weird_slug', 'x']], []],
    ['nodes.start.', [['start']], []],
    ['nodes["unclosed', [], ['nodes["unclosed']],
    ['', [], []],
  ];
  for (const [expression, references, unreadable] of cases) {
    test(JSON.stringify(expression), () => {
      assert.deepEqual(js(expression), { references, unreadable });
    });
  }
});

describe('expressionReferences: templateExpression', () => {
  const cases: [string, (string | number)[][], string[]][] = [
    ['{{nodes.start.website}}', [['start', 'website']], []],
    ['{{ nodes.start.website }}', [['start', 'website']], []],
    [
      'Hot account: {{nodes.start.name}} scored {{nodes.ai_score.answer.score}}',
      [
        ['start', 'name'],
        ['ai_score', 'answer', 'score'],
      ],
      [],
    ],
    ['https://{{nodes.start.website}}/about', [['start', 'website']], []],
    ['Plain text mentions nodes.start.website', [], []],
    ['{{nodes.start.email.toLowerCase()}}', [['start', 'email']], []],
    ['{{ nodes["start"]["company name"] }}', [['start', 'company name']], []],
    [
      '{{nodes.a.b ?? "none"}} and {{nodes.c.d}}',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      [],
    ],
    ['{{nodes.start.website', [], ['{{nodes.start.website']],
    ['{{ other }} {{nodes.x.y', [], ['{{nodes.x.y']],
    ['{{ "}}" }} {{nodes.a.b}}', [['a', 'b']], []],
    ['{{nodes[field]}}', [], ['nodes[field]']],
    ['{{}}', [], []],
    ['{{ nodes.start.a }}{{ nodes.start.a }}', [['start', 'a']], []],
    ['no placeholders at all', [], []],
  ];
  for (const [expression, references, unreadable] of cases) {
    test(JSON.stringify(expression), () => {
      assert.deepEqual(template(expression), { references, unreadable });
    });
  }
});

describe('expressionReferences: any text, bounded', () => {
  test('hostile and long texts read in linear time, nothing thrown', () => {
    const texts = [
      '{{'.repeat(100_000),
      'nodes.'.repeat(100_000),
      '`${'.repeat(50_000),
      '['.repeat(100_000),
      'nodes['.repeat(50_000),
      '"'.repeat(100_001),
      `{{${'nodes.a.b + '.repeat(20_000)}1}}`,
    ];
    for (const text of texts) {
      const started = performance.now();
      for (const kind of ['jsExpression', 'templateExpression'] as const) read(kind, text);
      assert.ok(performance.now() - started < 2000, `${text.slice(0, 20)}… took ${Math.round(performance.now() - started)} ms`);
    }
  });
});

describe('referenceText', () => {
  test('writes a reference as JavaScript would', () => {
    assert.equal(referenceText(['start', 'website']), 'nodes.start.website');
    assert.equal(referenceText(['start', 'first name', 0]), 'nodes.start["first name"][0]');
  });
});

describe('isExpression: as Cargo matchIsExpression', () => {
  let matchIsExpression: (value: unknown) => boolean;
  before(async () => {
    // Cargo's own check (an ES module).
    ({ matchIsExpression } = (await import('@cargo-ai/types')).ExpressionUtils);
  });
  const candidates: unknown[] = [
    { kind: 'templateExpression', expression: '{{nodes.start.website}}', instructTo: 'none', fromRecipe: false },
    { kind: 'jsExpression', expression: 'nodes.start.a', instructTo: 'ai', fromRecipe: false, extra: 1 },
    { kind: 'jsExpression', expression: 'x', instructTo: 'none', fromRecipe: true, recipe: { uuid: 'u', version: 2, variables: {} } },
    { kind: 'jsExpression', expression: 'x', instructTo: 'none', fromRecipe: true },
    { kind: 'jsExpression', expression: 'x', instructTo: 'none', fromRecipe: true, recipe: { uuid: 'u', version: '2', variables: {} } },
    { kind: 'jsExpression', expression: '', instructTo: 'none', fromRecipe: false },
    { kind: 'pythonExpression', expression: 'x', instructTo: 'none', fromRecipe: false },
    { kind: 'jsExpression', expression: 'x', instructTo: 'human', fromRecipe: false },
    { kind: 'jsExpression', expression: 'x', instructTo: 'none' },
    { kind: 'jsExpression', expression: 'x', fromRecipe: false },
    { expression: 'x', instructTo: 'none', fromRecipe: false },
    { kind: 'jsExpression', expression: 7, instructTo: 'none', fromRecipe: false },
    '{{nodes.start.website}}',
    null,
    [{ kind: 'jsExpression', expression: 'x', instructTo: 'none', fromRecipe: false }],
  ];
  for (const candidate of candidates) {
    test(JSON.stringify(candidate), () => {
      assert.equal(isExpression(candidate), matchIsExpression(candidate));
    });
  }
});
