// Where a failed run's failure belongs in the file the run was started from: on the key of the data
// the error names, else on the data that was sent. VS Code-free: the adapter turns a FailureSpot into
// a diagnostic, a hover and code actions.
import { findNodeAtLocation, parseTree, type JSONPath, type Node } from 'jsonc-parser';
import type { RunDetails } from '../api';
import { startData } from '../runs/startData';
import { firstLine } from '../shared/format';

/** Offsets into a document's text. */
export interface Span {
  readonly offset: number;
  readonly length: number;
}

/** Where a failure is shown in the document: on the key the error names, else on what was sent. */
export interface FailureSpot {
  readonly span: Span;
  /** The data key the error names, when it names one. */
  readonly key: string | undefined;
}

/**
 * Where in `text` the failure of a run of the object at `inputPath` belongs: the key of that object
 * the error names (the longest one it names, as a whole word), else the object itself; for a run file
 * (`inputPath` ['data']), its `data` key. Undefined when the object is no longer in the text.
 */
export function locateFailure(text: string, inputPath: JSONPath, message: string): FailureSpot | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (!root) return undefined;
  const target = inputPath.length === 0 ? root : findNodeAtLocation(root, inputPath);
  if (!target) return undefined;
  if (target.type === 'object') {
    const named = namedKey(target, firstLine(message, 2000));
    if (named) return { span: { offset: named.offset, length: named.length }, key: named.value as string };
  }
  const property = target.parent?.type === 'property' ? target.parent.children?.[0] : undefined;
  const shown = property ?? target;
  return { span: { offset: shown.offset, length: shown.length }, key: undefined };
}

/** The object's key node that the message names as a whole word (case-insensitive), the longest if several. */
function namedKey(object: Node, message: string): Node | undefined {
  const lower = message.toLowerCase();
  let best: Node | undefined;
  for (const property of object.children ?? []) {
    const key = property.children?.[0];
    const name = typeof key?.value === 'string' ? key.value : undefined;
    if (!key || !name || name.length < 2) continue;
    if (!containsWord(lower, name.toLowerCase())) continue;
    if (!best || name.length > (best.value as string).length) best = key;
  }
  return best;
}

function containsWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const before = text[at - 1];
    const after = text[at + word.length];
    if (!isWordChar(before) && !isWordChar(after)) return true;
  }
  return false;
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}_]/u.test(char);
}

/** What the node of the execution at `index` got: the output of the node before it (else the run's input), and its computed config. */
export function nodeValuesAt(details: RunDetails, index: number): { input: unknown; config: unknown } {
  const slug = details.run.executions[index]?.nodeSlug;
  const previous = index > 0 ? details.run.executions[index - 1]?.nodeSlug : undefined;
  const input = previous !== undefined && Object.hasOwn(details.runContext, previous) ? details.runContext[previous] : startData(details);
  const config = slug !== undefined && Object.hasOwn(details.runComputedConfigs, slug) ? details.runComputedConfigs[slug] : undefined;
  return { input, config };
}
