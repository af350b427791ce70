// The run panel's Expressions (src/webview/expressions.ts) in a DOM that parses no HTML
// (support/fakeDom.ts): each field with its expression and value, "Empty" in words on the empty ones,
// the branch taken, the count at the top of a finished run only; node names and expressions as text.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExpressionsView } from '../../../src/shared/protocol';
import type * as Expressions from '../../../src/webview/expressions';
import { elementsOf, installFakeDom, textOf, type FakeElement } from '../support/fakeDom';
import { HOSTILE } from '../support/hostile';
import { STRAY_INVISIBLE } from '../support/sinks';

installFakeDom();

let expressions: typeof Expressions;
before(async () => {
  expressions = await import('../../../src/webview/expressions.js');
});

const field = (path: string, expression: string, value: string, empty: boolean) => ({
  path,
  kind: 'templateExpression',
  expression,
  value,
  absent: false,
  empty,
  reads: ['nodes.start.website'],
  unreadable: [],
});

function view(label: string, expression: string, finished = true): ExpressionsView {
  return {
    nodes: [
      { slug: 'enrich', label, fields: [field('domain', expression, '""', true), field('company', 'nodes.start.company', '"Acme"', false)], branch: null },
      { slug: 'is_qualified', label: 'Is qualified? (is_qualified)', fields: [], branch: { number: 1, count: 2, next: 'Notify sales (notify)' } },
    ],
    emptyCount: 1,
    finished,
    problem: null,
  };
}

describe('the Expressions of the run panel', () => {
  test('each field with its expression and value; the empty one says so in words; the branch taken; the count at the top', () => {
    const part = expressions.createExpressions();
    part.show(view('Enrich company (enrich)', '{{nodes.start.website}}'));
    const section = part.section as unknown as FakeElement;
    assert.equal(section.hidden, false);
    const text = textOf(section);
    assert.match(text, /Enrich company \(enrich\)/);
    assert.match(text, /domaintemplate\{\{nodes\.start\.website\}\}Produced ""⚠ Empty/);
    assert.match(text, /companytemplatenodes\.start\.companyProduced "Acme"Reads/);
    assert.match(text, /Took branch 1 of 2: to Notify sales \(notify\)/);
    const empty = elementsOf(section).filter((element) => element.className === 'expression-field empty');
    assert.equal(empty.length, 1);
    assert.equal(textOf(part.notice as unknown as FakeElement), '⚠ 1 expression came out empty.Show the First');
  });

  test('a run still going: no count at the top; none empty: none either; nothing known: the section hidden', () => {
    const part = expressions.createExpressions();
    part.show(view('Enrich', '{{x}}', false));
    assert.equal(textOf(part.notice as unknown as FakeElement), '');
    part.show({ ...view('Enrich', '{{x}}'), emptyCount: 0 });
    assert.equal(textOf(part.notice as unknown as FakeElement), '');
    part.show(null);
    assert.equal((part.section as unknown as FakeElement).hidden, true);
  });

  test('the count in words', () => {
    assert.equal(expressions.emptyExpressionsText(1), '1 expression came out empty');
    assert.equal(expressions.emptyExpressionsText(2), '2 expressions came out empty');
  });

  for (const input of HOSTILE.filter((hostile) => hostile.text.length <= 20_000)) {
    test(`hostile node names and expressions as text only: ${input.name}`, () => {
      const part = expressions.createExpressions();
      part.show(view(input.text, input.text));
      const section = part.section as unknown as FakeElement;
      for (const element of elementsOf(section)) {
        assert.ok(['section', 'h2', 'h3', 'p', 'div', 'span', 'code'].includes(element.tagName), `<${element.tagName}>`);
        assert.ok(!STRAY_INVISIBLE.test(element.title.replace(/\n/g, ' ')), `a tooltip with ${JSON.stringify(element.title.slice(0, 80))}`);
        assert.ok(!STRAY_INVISIBLE.test((element.getAttribute('aria-label') ?? '').replace(/\n/g, ' ')), 'an aria-label with an invisible character');
        assert.ok(!(element.dataset.focusKey ?? '').includes(input.text) || input.text === '', 'run data in a focus key');
      }
      assert.ok(!STRAY_INVISIBLE.test(textOf(section).replace(/\n/g, ' ')), 'an invisible character in the text');
      assert.match(textOf(part.notice as unknown as FakeElement), /^⚠ 1 expression came out empty/);
    });
  }
});
