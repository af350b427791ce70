// Where a run started from a file shows the expressions that came out empty: on the key of the file's
// data such an expression read (`{{nodes.start.website}}` → the file's `website`), one spot per key,
// with every empty expression that read it. Only keys of the run's input (the start node) that the
// file has; an expression that reads nothing of the input is not placed. VS Code-free; and how the
// diagnostic and its hover read (plain text, Markdown with every piece of run data escaped).
import { findNodeAtLocation, parseTree, type JSONPath, type Node } from 'jsonc-parser';
import type { RunExpressions } from '../runs/nodeExpressions';
import { jsonPath } from '../shared/jsonPath';
import { jsonText } from '../shared/jsonText';
import { markdownCodeBlock, markdownLineText, plainText } from '../shared/text';
import type { Span } from './failureSpot';
import { hoverCommandsMarkdown, type HoverCommand } from './presentation';

/** An empty expression, as the hover names it. */
export interface EmptyExpression {
  /** The node's label: "Enrich company (enrich)". */
  readonly node: string;
  /** The field of the node's config: `domain`. */
  readonly field: string;
  readonly expression: string;
  /** What it produced; undefined when nothing (absent). */
  readonly value: unknown;
}

export interface EmptyExpressionSpot {
  /** The key in the document. */
  readonly span: Span;
  readonly key: string;
  readonly expressions: readonly EmptyExpression[];
}

/**
 * The keys of the data at `inputPath` in `text` that the run's empty expressions read of its input
 * (the node `startSlug`). An expression that reads several keys is placed on those the file leaves
 * empty, else on each of them. None when no expression came out empty.
 */
export function emptyExpressionSpots(text: string, inputPath: JSONPath, found: RunExpressions, startSlug: string): EmptyExpressionSpot[] {
  if (found.emptyCount === 0) return [];
  const root = parseTree(text, [], { allowTrailingComma: true });
  const data = root && (inputPath.length === 0 ? root : findNodeAtLocation(root, inputPath));
  if (!data || data.type !== 'object') return [];
  const spots = new Map<string, { span: Span; key: string; expressions: EmptyExpression[] }>();
  for (const node of found.nodes) {
    for (const field of node.fields) {
      if (!field.empty) continue;
      const keys = [...new Set(field.references.filter((path) => path[0] === startSlug && typeof path[1] === 'string').map((path) => path[1] as string))];
      const located = keys.map((key) => ({ key, property: propertyOf(data, key) })).filter((entry) => entry.property !== undefined);
      const emptyInFile = located.filter((entry) => isEmptyJson(entry.property!.children?.[1]));
      for (const { key, property } of emptyInFile.length > 0 ? emptyInFile : located) {
        const keyNode = property!.children![0]!;
        const spot = spots.get(key) ?? { span: { offset: keyNode.offset, length: keyNode.length }, key, expressions: [] };
        spot.expressions.push({ node: node.label, field: jsonPath(field.path), expression: field.expression, value: field.value });
        spots.set(key, spot);
      }
    }
  }
  return [...spots.values()];
}

/** The object's property `key` (the last one, as JSON.parse keeps it). */
function propertyOf(object: Node, key: string): Node | undefined {
  const properties = object.children ?? [];
  for (let i = properties.length - 1; i >= 0; i--) if (properties[i]!.children?.[0]?.value === key) return properties[i];
  return undefined;
}

function isEmptyJson(value: Node | undefined): boolean {
  if (!value) return true;
  if (value.type === 'null' || (value.type === 'string' && value.value === '')) return true;
  return (value.type === 'array' || value.type === 'object') && (value.children?.length ?? 0) === 0;
}

// ---- How it reads --------------------------------------------------------------------------------

/** The diagnostic's message (plain text): `An expression that read "website" came out empty: Enrich company (enrich) › domain = {{nodes.start.website}}`. */
export function emptyExpressionMessage(spot: EmptyExpressionSpot): string {
  const [first] = spot.expressions;
  const key = plainText(spot.key, 80);
  if (!first) return `An expression that read "${key}" came out empty`;
  const more = spot.expressions.length > 1 ? ` (and ${spot.expressions.length - 1} more)` : '';
  return `An expression that read "${key}" came out empty: ${plainText(first.node, 100)} › ${plainText(first.field, 80)} = ${plainText(first.expression, 200)}${more}`;
}

/** Each expression: its node, its field, the expression and what it produced (code blocks: nothing in them renders); then the actions. */
export function emptyExpressionHoverMarkdown(spot: EmptyExpressionSpot, commands: readonly HoverCommand[]): string {
  const count = spot.expressions.length;
  const parts = [`**${count === 1 ? 'An expression' : `${count} expressions`} that read "${markdownLineText(spot.key, 80)}" came out empty**`];
  for (const entry of spot.expressions.slice(0, 5)) {
    parts.push(
      `**${markdownLineText(entry.node, 200)}** › ${markdownLineText(entry.field, 100)}`,
      markdownCodeBlock(entry.expression, '', { maxLines: 8, maxLineLength: 120 }),
      entry.value === undefined
        ? 'Produced nothing.'
        : `Produced:\n\n${markdownCodeBlock(jsonText(entry.value, '  ', 2000), 'json', { maxLines: 5, maxLineLength: 120 })}`,
    );
  }
  if (count > 5) parts.push(`And ${count - 5} more: the run's panel shows them all.`);
  parts.push(hoverCommandsMarkdown(commands));
  return parts.join('\n\n');
}
