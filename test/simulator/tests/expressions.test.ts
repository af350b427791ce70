// The simulator's expression evaluator on the shapes its catalog uses, and the catalog's configs: every
// expression object is Cargo's shape and one the evaluator reads.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WORKFLOWS } from '../catalog';
import { evaluate, evaluateJs, expressionsIn, isExpression, js, resolveConfig, tpl } from '../expressions';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');
const context = {
  start: { website: 'acme.test', email: 'Jane@Acme.TEST', empty: '', company: 'Acme', name: null },
  enrich: { company: { name: 'Acme Inc', employees: 120 }, tags: ['a', 'b'] },
  ai_score: { answer: { score: 70 } },
};

describe('simulator expressions', () => {
  it('templateExpression: a lone placeholder gives the value itself, text gets each placeholder as text', () => {
    assert.equal(evaluate(tpl('{{nodes.start.website}}'), context, NOW), 'acme.test');
    assert.equal(evaluate(tpl('{{ nodes.enrich.company.employees }}'), context, NOW), 120);
    assert.deepEqual(evaluate(tpl('{{nodes.enrich.company}}'), context, NOW), { name: 'Acme Inc', employees: 120 });
    assert.equal(evaluate(tpl('Hot account: {{nodes.start.company}} scored {{nodes.ai_score.answer.score}}'), context, NOW), 'Hot account: Acme scored 70');
    assert.equal(evaluate(tpl('{{nodes.start.missing}}'), context, NOW), null);
    assert.equal(evaluate(tpl('{{nodes.start.empty}}'), context, NOW), '');
    assert.equal(evaluate(tpl('x{{nodes.start.missing}}y {{nodes.enrich.tags}}'), context, NOW), 'xy ["a","b"]');
    assert.equal(evaluate(tpl('{{now}}'), context, NOW), '2025-06-01T12:00:00.000Z');
    assert.equal(evaluate(tpl('no placeholder'), context, NOW), 'no placeholder');
  });

  it('jsExpression: references with ., ?., ["name"] and [0], ??, .toLowerCase() and comparisons', () => {
    assert.equal(evaluateJs('nodes.start.website', context, NOW), 'acme.test');
    assert.equal(evaluateJs('nodes["start"].email.toLowerCase()', context, NOW), 'jane@acme.test');
    assert.equal(evaluateJs("nodes['start']?.email?.toLowerCase()", context, NOW), 'jane@acme.test');
    assert.equal(evaluateJs('nodes.enrich.tags[1]', context, NOW), 'b');
    assert.equal(evaluateJs('nodes.enrich?.tags?.[0]', context, NOW), 'a');
    assert.equal(evaluateJs('nodes.nope?.x.y', context, NOW), undefined);
    assert.equal(evaluateJs('nodes.start.name ?? nodes.start.company', context, NOW), 'Acme');
    assert.equal(evaluateJs('nodes.start.empty ?? nodes.start.company', context, NOW), '', '?? keeps an empty text');
    assert.equal(evaluateJs('nodes.start.limit ?? 2', context, NOW), 2);
    assert.equal(evaluateJs('nodes.ai_score.answer.score >= 70', context, NOW), true);
    assert.equal(evaluateJs('nodes.ai_score.answer.score > 70', context, NOW), false);
    assert.equal(evaluateJs('nodes.start.missing >= 70', context, NOW), false);
    assert.equal(evaluate(js('nodes.start.missing'), context, NOW), null, 'nothing comes out as null');
    assert.equal(evaluateJs('nodes.start.__proto__', context, NOW), undefined, 'only own fields');
  });

  it('refuses what it does not read, instead of guessing', () => {
    for (const text of ['eval("1")', 'nodes.start.website + 1', 'nodes.start.email.toUpperCase()', 'nodes.start.', 'process.exit()', 'nodes.a ? 1 : 2']) {
      assert.throws(() => evaluateJs(text, context, NOW), /not understood/, text);
    }
  });

  it('resolves a config: expression objects at any depth, other values copied', () => {
    const config = {
      a: tpl('{{nodes.start.company}}'),
      list: [js('nodes.enrich.company.employees >= 100'), 'plain {{nodes.start.company}}'],
      n: 3,
      nested: { b: null },
    };
    assert.deepEqual(resolveConfig(config, context, NOW), { a: 'Acme', list: [true, 'plain {{nodes.start.company}}'], n: 3, nested: { b: null } });
    assert.equal(isExpression({ kind: 'jsExpression', expression: 'x', instructTo: 'ai', fromRecipe: true, recipe: {} }), true);
    assert.equal(isExpression({ kind: 'sql', expression: 'x', instructTo: 'none', fromRecipe: false }), false);
  });

  it("every expression of the catalog is Cargo's shape, of both kinds, and one the evaluator reads", () => {
    const kinds = new Set<string>();
    let count = 0;
    for (const workflow of WORKFLOWS) {
      for (const node of workflow.nodes) {
        for (const { path, expression } of expressionsIn(node.config)) {
          count++;
          kinds.add(expression.kind);
          assert.deepEqual(Object.keys(expression).sort(), ['expression', 'fromRecipe', 'instructTo', 'kind'], `${workflow.key}.${node.slug}.${path}`);
          assert.ok(expression.expression.length > 0);
          assert.doesNotThrow(() => evaluate(expression, context, NOW), `${workflow.key}.${node.slug}.${path}: ${expression.expression}`);
        }
        for (const text of JSON.stringify(node.config).match(/"[^"]*\{\{[^"]*"/g) ?? []) {
          assert.ok(JSON.stringify(expressionsIn(node.config)).includes(text.slice(1, -1)), `${workflow.key}.${node.slug}: a bare '{{…}}' string ${text}`);
        }
      }
    }
    assert.deepEqual([...kinds].sort(), ['jsExpression', 'templateExpression']);
    assert.ok(count > 30, `${count} expressions`);
  });
});
