// Where a run file shows the expressions that came out empty (the key of its data each one read, with
// the node), and how the warning and its hover read (plain text; Markdown with run data inert).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CargoNode, Run } from '../../../src/api';
import { emptyExpressionHoverMarkdown, emptyExpressionMessage, emptyExpressionSpots } from '../../../src/errorInspection/emptyExpressions';
import type { HoverCommand } from '../../../src/errorInspection/presentation';
import { runExpressions } from '../../../src/runs/nodeExpressions';
import { loadMarkdown, renderMarkdown } from '../support/sinks';

const expression = (kind: 'jsExpression' | 'templateExpression', text: string) => ({ kind, expression: text, instructTo: 'none', fromRecipe: false });
const NODES = [
  { uuid: 'n1', slug: 'start', kind: 'native', name: 'Start', config: {} },
  {
    uuid: 'n2',
    slug: 'enrich',
    kind: 'connector',
    name: 'Enrich company',
    config: { domain: expression('templateExpression', '{{nodes.start.website}}'), company: expression('jsExpression', 'nodes.start.company.trim()') },
  },
  {
    uuid: 'n3',
    slug: 'notify',
    kind: 'native',
    name: 'Notify',
    config: { to: expression('jsExpression', 'nodes.enrich.owner ?? nodes.start.email ?? nodes.start.backup') },
  },
] as unknown as CargoNode[];
const RUN = {
  executions: NODES.map((node) => ({ nodeUuid: node.uuid, nodeSlug: node.slug, nodeChildIndex: null })),
} as unknown as Run;

const FILE = `{
  // Qualify lead
  "workflow": "Qualify lead",
  "data": {
    "company": "Acme",
    "website": "",
    "email": "ada@acme.test",
    "backup": "ops@acme.test",
  }
}`;

const found = (computed: Record<string, unknown>) => runExpressions(RUN, computed, NODES);
const at = (offset: number, length: number) => FILE.slice(offset, offset + length);

describe('emptyExpressionSpots', () => {
  test('an empty expression that reads the input: a spot on that key of the file, with the node and the expression', () => {
    const spots = emptyExpressionSpots(FILE, ['data'], found({ enrich: { domain: '', company: 'Acme' }, notify: { to: 'x' } }), 'start');
    assert.equal(spots.length, 1);
    const [spot] = spots;
    assert.equal(spot?.key, 'website');
    assert.equal(at(spot!.span.offset, spot!.span.length), '"website"');
    assert.deepEqual(spot?.expressions, [{ node: 'Enrich company (enrich)', field: 'domain', expression: '{{nodes.start.website}}', value: '' }]);
  });

  test('every expression produced a value: none', () => {
    assert.deepEqual(emptyExpressionSpots(FILE, ['data'], found({ enrich: { domain: 'acme.test', company: 'Acme' }, notify: { to: 'x' } }), 'start'), []);
  });

  test('an expression reading several keys: on those the file leaves empty, else on each it has', () => {
    const notifyEmpty = { enrich: { domain: 'acme.test', company: 'Acme' }, notify: {} };
    assert.deepEqual(
      emptyExpressionSpots(FILE, ['data'], found(notifyEmpty), 'start').map((spot) => spot.key),
      ['email', 'backup'],
      'email and backup are both set: both read',
    );
    const withEmptyEmail = FILE.replace('"ada@acme.test"', 'null');
    assert.deepEqual(
      emptyExpressionSpots(withEmptyEmail, ['data'], found(notifyEmpty), 'start').map((spot) => spot.key),
      ['email'],
    );
  });

  test("a key the file lacks, an expression that reads another node's value only, a start node by another slug: no spot", () => {
    const computed = { enrich: { domain: '', company: '' }, notify: {} };
    assert.deepEqual(emptyExpressionSpots('{"data": {"name": "x"}}', ['data'], found(computed), 'start'), []);
    assert.deepEqual(emptyExpressionSpots(FILE, ['data'], found(computed), 'input'), []);
  });

  test('two empty expressions reading one key: one spot naming both; data at the top of the file, or in an array', () => {
    const nodes = [
      ...NODES,
      { uuid: 'n4', slug: 'again', kind: 'native', name: null, config: { d: expression('jsExpression', 'nodes.start.website') } },
    ] as unknown as CargoNode[];
    const run = { executions: nodes.map((node) => ({ nodeUuid: node.uuid, nodeSlug: node.slug, nodeChildIndex: null })) } as unknown as Run;
    const both = runExpressions(run, { enrich: { domain: null, company: 'Acme' }, notify: { to: 'x' }, again: {} }, nodes);
    const top = emptyExpressionSpots('{"website": ""}', [], both, 'start');
    assert.deepEqual(
      top.map((spot) => [spot.key, spot.expressions.map((entry) => [entry.node, entry.field, entry.value])]),
      [
        [
          'website',
          [
            ['Enrich company (enrich)', 'domain', null],
            ['again', 'd', undefined],
          ],
        ],
      ],
    );
    assert.equal(emptyExpressionSpots('[{"website": "a"}, {"website": ""}]', [1], both, 'start')[0]?.span.offset, 20);
    assert.deepEqual(emptyExpressionSpots('not json at all', ['data'], both, 'start'), []);
  });
});

describe('how the warning reads', () => {
  before(loadMarkdown);
  const OPEN: HoverCommand[] = [
    { title: 'Open Run', tooltip: "Open the run's panel", command: 'cargo.openRunByUuid', args: ['9d886472-9b69-4234-ab4d-e7734925bcf0'] },
  ];

  test('the message: the key, the node, the field and the expression, on one line', () => {
    const [spot] = emptyExpressionSpots(FILE, ['data'], found({ enrich: { domain: '', company: 'Acme' }, notify: { to: 'x' } }), 'start');
    assert.equal(emptyExpressionMessage(spot!), 'An expression that read "website" came out empty: Enrich company (enrich) › domain = {{nodes.start.website}}');
  });

  test('the hover: the node, the field, the expression and what it produced, in code blocks; only our command links', () => {
    const spot = {
      span: { offset: 0, length: 1 },
      key: 'web<b>site</b>',
      expressions: [
        {
          node: '[Enrich](command:workbench.action.quit) $(alert) (enrich)',
          field: 'domain',
          expression: '{{nodes.start.website}} <img src=x onerror=alert(1)> ```',
          value: '',
        },
        { node: 'Other', field: 'x', expression: 'nodes.start.website', value: undefined },
      ],
    };
    const markdown = emptyExpressionHoverMarkdown(spot, OPEN);
    const html = renderMarkdown(markdown);
    assert.doesNotMatch(html, /<img|<b>/i);
    assert.deepEqual(
      [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]?.split('?')[0]),
      ['command:cargo.openRunByUuid'],
    );
    assert.match(markdown, /^\*\*2 expressions that read "web\\<b\\>site\\<\/b\\>" came out empty\*\*/);
    assert.match(markdown, /\\\$\\\(alert\\\)/, 'the icon syntax escaped');
    assert.match(html, /<pre><code>\{\{nodes\.start\.website\}\} &lt;img src=x onerror=alert\(1\)&gt; ```\n<\/code><\/pre>/, 'the expression whole, as code');
    assert.match(html, /<p>Produced:<\/p>\n<pre><code class="language-json">&quot;&quot;\n<\/code><\/pre>/);
    assert.match(html, /Produced nothing\./);
  });
});
