// Changes to a run file as text edits that keep its comments and layout, and the text of a new one.
// VS Code-free: the adapter turns the edits into a WorkspaceEdit.
import { applyEdits, modify, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { plainText } from '../shared/text';
import { JSONC_OPTIONS } from './runInput';

/** Replace `length` characters at `offset` (into the text the edit was made for) with `content`. */
export interface TextEdit {
  offset: number;
  length: number;
  content: string;
}

/** How inserted lines are indented: the editor's options for the document. */
export interface EditFormatting {
  insertSpaces: boolean;
  tabSize: number;
  /** Line ends of inserted lines; by default those the text already uses. */
  eol?: string;
}

export const DEFAULT_FORMATTING: EditFormatting = { insertSpaces: true, tabSize: 2 };

/**
 * Sets the run file's `workflowUuid`: replaces its value, or inserts it as the first property. With
 * `workflowName`, the value is followed by a `// name` comment (replacing one already there), so a
 * person sees which workflow runs. Earlier duplicates of the key are removed (the last one counted).
 * No edits when the text is not a JSON object or has syntax errors (an empty text becomes an object).
 */
export function setWorkflowUuidEdits(text: string, workflowUuid: string, formatting: EditFormatting = DEFAULT_FORMATTING, workflowName?: string): TextEdit[] {
  let changed = setTopLevel(text, 'workflowUuid', workflowUuid, formatting, true);
  if (changed === undefined) return [];
  if (workflowName !== undefined) changed = withWorkflowNameComment(changed, workflowName);
  return editsBetween(text, changed);
}

/** Sets the run file's `releaseUuid` (inserted last), or removes it when `releaseUuid` is undefined (the deployed release runs). */
export function setReleaseUuidEdits(text: string, releaseUuid: string | undefined, formatting: EditFormatting = DEFAULT_FORMATTING): TextEdit[] {
  const changed = setTopLevel(text, 'releaseUuid', releaseUuid, formatting, false);
  return changed === undefined ? [] : editsBetween(text, changed);
}

/** A new run file: `workflowUuid` (with the workflow's name in a comment), `data`, `releaseUuid`; 2 spaces, a final newline. */
export function newRunFileText(args: { workflowUuid: string; workflowName?: string; data: unknown; releaseUuid?: string }): string {
  const comment = nameComment(args.workflowName);
  const data = (JSON.stringify(args.data ?? {}, null, 2) ?? '{}').replace(/\n/g, '\n  ');
  const lines = ['{', `  "workflowUuid": ${JSON.stringify(args.workflowUuid)},${comment}`, `  "data": ${data}${args.releaseUuid !== undefined ? ',' : ''}`];
  if (args.releaseUuid !== undefined) lines.push(`  "releaseUuid": ${JSON.stringify(args.releaseUuid)}`);
  lines.push('}', '');
  return lines.join('\n');
}

/** The text with the top-level `key` set to `value` (removed when undefined); undefined when it cannot be edited safely. */
function setTopLevel(text: string, key: string, value: string | undefined, formatting: EditFormatting, first: boolean): string | undefined {
  const options = { formattingOptions: formatting, ...(first ? { getInsertionIndex: () => 0 } : {}) };
  let current = text;
  let count = Infinity;
  for (;;) {
    const root = editableRoot(current);
    if (root === null) return undefined;
    const found = root ? topLevelProperties(root, key).length : 0;
    if (found >= count) return undefined; // a removal did not remove: do not loop
    count = found;
    // modify() changes the first of repeated keys, JSON.parse keeps the last: remove the earlier ones first.
    if (found > 1 || (found === 1 && value === undefined)) {
      current = applyEdits(current, modify(current, [key], undefined, options));
      continue;
    }
    return value === undefined ? current : applyEdits(current, modify(current, [key], value, options));
  }
}

/** The top-level object; undefined for an empty text (or only comments); null when the text is not an object or not valid. */
function editableRoot(text: string): Node | undefined | null {
  const errors: ParseError[] = [];
  const root = parseTree(text.replace(/^\uFEFF/, ' '), errors, JSONC_OPTIONS);
  if (!root) return errors.every((error) => printParseErrorCode(error.error) === 'ValueExpected') ? undefined : null;
  return errors.length === 0 && root.type === 'object' ? root : null;
}

function topLevelProperties(root: Node, key: string): Node[] {
  return (root.children ?? []).filter((property) => property.children?.[0]?.value === key);
}

/** Puts `// name` after the workflowUuid value and its comma, when nothing else follows on that line. */
function withWorkflowNameComment(text: string, workflowName: string): string {
  const root = editableRoot(text);
  const value = root ? topLevelProperties(root, 'workflowUuid').at(-1)?.children?.[1] : undefined;
  if (!value) return text;
  const end = value.offset + value.length;
  const newline = text.indexOf('\n', end);
  const lineEnd = newline < 0 ? text.length : text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
  const rest = /^([ \t]*,)?([ \t]*(?:\/\/.*)?)$/.exec(text.slice(end, lineEnd));
  if (!rest) return text;
  const at = end + (rest[1]?.length ?? 0);
  return text.slice(0, at) + nameComment(workflowName) + text.slice(at + (rest[2]?.length ?? 0));
}

function nameComment(workflowName: string | undefined): string {
  const name = workflowName === undefined ? '' : plainText(workflowName, 120);
  return name ? ` // ${name}` : '';
}

/**
 * One edit that turns `before` into `after`: what lies between their common start and end. It never
 * splits a CRLF or a surrogate pair, which an editor cannot place a position inside.
 */
function editsBetween(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  while (start > 0 && splitsPair(before, start)) start--;
  let end = 0;
  while (end < limit - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  while (end > 0 && splitsPair(before, before.length - end)) end--;
  return [{ offset: start, length: before.length - end - start, content: after.slice(start, after.length - end) }];
}

/** Whether `offset` falls between \r and \n, or inside a surrogate pair. */
function splitsPair(text: string, offset: number): boolean {
  const previous = text.charCodeAt(offset - 1);
  const next = text.charCodeAt(offset);
  return (previous === 13 && next === 10) || (previous >= 0xd800 && previous <= 0xdbff && next >= 0xdc00 && next <= 0xdfff);
}
