// How a run's failure reads where the user works: the hover over its diagnostic (Markdown in which
// every piece of run data is escaped; only our own command links are live). Pure.
import { nodeLabel } from '../runs/labels';
import { failureMessage, failureNode, type RunFailure } from '../runs/runFailure';
import { jsonText } from '../shared/jsonText';
import { firstVisible, markdownLineText, markdownText, sliceWhole } from '../shared/text';

/** Lines of a value shown in a hover before "…". */
const EXCERPT_LINES = 8;
const EXCERPT_LINE_LENGTH = 120;

export interface HoverCommand {
  readonly title: string;
  readonly command: string;
  readonly args: readonly unknown[];
}

/** The failing node, the error, the node's input and computed config (short), then the actions. */
export function failureHoverMarkdown(
  failure: RunFailure,
  values: { readonly input?: unknown; readonly config?: unknown },
  commands: readonly HoverCommand[],
): string {
  // On one line: a line break inside ** would end the bold and show the asterisks.
  const parts = [`**${markdownLineText(firstVisible(failureNode(failure)) ?? 'A node', 200)}** failed`, markdownText(failureMessage(failure), 2000)];
  if (values.input !== undefined) parts.push(`**Input**  \n${markdownText(excerpt(values.input), 2000)}`);
  if (values.config !== undefined) parts.push(`**Computed config**  \n${markdownText(excerpt(values.config), 2000)}`);
  parts.push(commands.map((c) => `[${markdownText(c.title, 60)}](${commandUri(c)})`).join(' · '));
  return parts.join('\n\n');
}

/** A value as a few lines of pretty JSON, each cut short, "…" past the last. Any depth or size: only the start is written. */
export function excerpt(value: unknown): string {
  const text = jsonText(value, '  ', EXCERPT_LINES * EXCERPT_LINE_LENGTH * 2);
  const lines = text.split('\n', EXCERPT_LINES + 1);
  const shown = lines.slice(0, EXCERPT_LINES).map((line) => (line.length > EXCERPT_LINE_LENGTH ? `${sliceWhole(line, EXCERPT_LINE_LENGTH - 1)}…` : line));
  if (lines.length > EXCERPT_LINES) shown.push('…');
  return shown.join('\n');
}

/** `command:id?[args]`, the arguments JSON-encoded and URI-escaped, parentheses too (they cannot end the link). */
export function commandUri(command: HoverCommand): string {
  const args = encodeURIComponent(JSON.stringify(command.args)).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `command:${command.command}?${args}`;
}

/**
 * The read-only document "Show Error" opens: the failed node's whole error, then its input and its
 * computed config as JSON. Plain text in an editor: nothing in it is rendered or acted on.
 */
export function errorDocumentText(args: {
  readonly runUuid: string;
  readonly nodeSlug: string;
  readonly nodeName: string | undefined;
  readonly message: string;
  readonly input: unknown;
  readonly config: unknown;
}): string {
  // Any depth: JSON.stringify would throw RangeError on a value some thousands of levels deep.
  const json = (value: unknown) => (value === undefined ? '(not in the run)' : jsonText(value, '  '));
  return [
    `${nodeLabel({ name: args.nodeName, slug: args.nodeSlug })} failed in run ${args.runUuid}`,
    '',
    'Error:',
    args.message,
    '',
    'Input:',
    json(args.input),
    '',
    'Computed config:',
    json(args.config),
    '',
  ].join('\n');
}
