// Where in a document the data that was run lies, as a JSON path: kept with a started run, so that its
// failure can be shown on that data after edits have moved it.
import { findNodeAtOffset, getNodePath, parseTree, type JSONPath, type Node } from 'jsonc-parser';
import type { TextSpan } from './runInput';

/** The JSON path of the value that starts at `span` exactly (what was run: the document, an item, a selection). */
export function pathOfSpan(text: string, span: TextSpan): JSONPath | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root) return undefined;
  for (let node: Node | undefined = findNodeAtOffset(root, span.offset, true); node; node = node.parent) {
    if (node.offset === span.offset && node.length === span.length) return getNodePath(node);
    if (node.offset < span.offset) break;
  }
  return undefined;
}
