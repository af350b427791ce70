// The surfaces that show a run's expressions (issue 23), as rows of the surface table (surfaces.ts):
// the run panel's Expressions and its notice, and the warning (and its hover) on the key of a run file
// that an empty expression read. Node names and expression texts come from the world: a hostile world
// puts its text in the node names, the expressions, the field and the key they read.
import assert from 'node:assert/strict';
import type { CargoNode } from '../../../src/api';
import { emptyExpressionHoverMarkdown, emptyExpressionMessage, emptyExpressionSpots } from '../../../src/errorInspection/emptyExpressions';
import { expressionsView } from '../../../src/runPanel/panelExpressions';
import { runExpressions, type RunExpressions } from '../../../src/runs/nodeExpressions';
import { parseToWebview } from '../../../src/shared/protocol';
import { webviewText } from '../../../src/shared/text';
import type { Shown, Sink } from './sinks';
import type { Surface } from './surfaces';
import type { World } from './world';

const shown = (sink: Sink, part: string, text: string): Shown => ({ sink, part, text });

/** The world's run with an expression in each node's config that came out empty, reading a key of the run's input; and a run file with that key. */
function withEmptyExpressions(world: World): { found: RunExpressions; fileText: string; startSlug: string } {
  const nodes = world.run.nodes ?? [];
  const startSlug = world.run.executions[0]?.nodeSlug ?? 'start';
  // A string of the world (hostile in a hostile world): a key of the input, a field of the config, the expression's text.
  const text = nodes[0]?.description ?? world.name;
  const key = text.slice(0, 1000);
  // JavaScript, the text in a string literal: in a template, a slug or key holding "}}" would close the placeholder (as Cargo's templates read it too).
  const expression = {
    kind: 'jsExpression',
    expression: `nodes[${JSON.stringify(startSlug)}][${JSON.stringify(key)}] ?? ${JSON.stringify(text)}`,
    instructTo: 'none',
    fromRecipe: false,
  };
  const configured = nodes.map((node) => ({ ...node, config: { domain: expression, [key]: expression } })) as CargoNode[];
  const computed = Object.fromEntries(nodes.map((node) => [node.slug, { domain: '' }]));
  return { found: runExpressions(world.run, computed, configured), fileText: JSON.stringify({ data: { [key]: '' } }), startSlug };
}

export const EXPRESSION_SURFACES: Surface[] = [
  {
    name: 'Run panel: its expressions beside their values, and the count of empty ones (node names, expression texts)',
    // What src/webview/expressions.ts puts in text nodes (through dom.ts: webviewText); the count is ours.
    build: (world) => {
      const view = expressionsView(withEmptyExpressions(world).found, true);
      return view.nodes.flatMap((node) => [
        shown('webview', 'node label', webviewText(node.label)),
        ...node.fields.flatMap((field) => [
          shown('webview', 'field', webviewText(field.path)),
          shown('webview', 'expression', webviewText(field.expression)),
          shown('webview', 'value', webviewText(field.value)),
          shown('webview', 'reads', webviewText(field.reads.join(', '))),
          shown('webview', 'unreadable', webviewText(field.unreadable.join(', '))),
        ]),
      ]);
    },
    verify: (world) => {
      const view = expressionsView(withEmptyExpressions(world).found, true);
      // A world of unusual shapes (cargoShapes.test.ts) may have no node that ran: then nothing is empty.
      const ran = (world.run.nodes ?? []).some((node) =>
        world.run.executions.some((execution) => execution.nodeUuid === node.uuid || execution.nodeSlug === node.slug),
      );
      assert.equal(view.emptyCount > 0, ran, 'the nodes that ran have empty expressions');
      assert.deepEqual(parseToWebview({ type: 'expressions', view }), { type: 'expressions', view }, 'the webview refuses the expressions view');
    },
  },
  {
    name: 'Run file: the warning on the key an empty expression read, and its hover',
    build: (world) => {
      const { found, fileText, startSlug } = withEmptyExpressions(world);
      const open = { title: 'Open Run', tooltip: "Open the run's panel", command: 'cargo.openRunByUuid', args: ['9d886472-9b69-4234-ab4d-e7734925bcf0'] };
      return emptyExpressionSpots(fileText, ['data'], found, startSlug).flatMap((spot) => [
        shown('problem', 'message', emptyExpressionMessage(spot)),
        shown('markdown', 'hover', emptyExpressionHoverMarkdown(spot, [open])),
      ]);
    },
    verify: (world) => {
      const { found, fileText, startSlug } = withEmptyExpressions(world);
      const expected = found.emptyCount > 0 ? 1 : 0;
      assert.equal(emptyExpressionSpots(fileText, ['data'], found, startSlug).length, expected, 'one warning, on the key the expressions read');
    },
  },
];
