// How a run's failure reads where the user works: its diagnostic (plain text) and the hover over it
// (Markdown in which every piece of run data is escaped; only our own command links are live). Pure.
import { nodeLabel } from '../runs/labels';
import type { Run } from '../api';
import { failureMessage, failureNode, failureSummary, type RunFailure } from '../runs/runFailure';
import { jsonText } from '../shared/jsonText';
import { firstVisible, markdownCodeBlock, markdownLineText, markdownLinkTitle, markdownText, plainText } from '../shared/text';

/** How much of a value a hover shows: the rest is in the run's panel ("Open Run"). */
const VALUE_LIMITS = { maxLines: 15, maxLineLength: 120 } as const;

export interface HoverCommand {
  readonly title: string;
  /** What the link does, as its tooltip (without one, VS Code shows the raw `command:` URI). */
  readonly tooltip: string;
  readonly command: string;
  readonly args: readonly unknown[];
}

/** What a failed run's diagnostic says, as plain text (the Problems panel renders nothing). */
export interface FailureDiagnosticText {
  /** "Enrich person (clearbit_enrich): no company found": the node by its label, the error's first line. */
  readonly message: string;
  /** The diagnostic's code, a link to the run in Cargo: the run by its record, not its uuid. */
  readonly code: string;
  /** The related location's message: the failed node's computed config in the run's document. */
  readonly related: string;
}

export function failureDiagnosticText(run: Pick<Run, 'recordTitle' | 'recordId'>, failure: RunFailure): FailureDiagnosticText {
  const record = firstVisible(run.recordTitle, run.recordId);
  return {
    message: failureSummary(failure),
    code: record ? `run of ${plainText(record, 40)}` : 'run in Cargo',
    related: `The computed config of ${plainText(failureNode(failure), 100)} in this run`,
  };
}

/** The failing node, the error, the node's input and computed config (JSON, the first lines), then the actions. */
export function failureHoverMarkdown(
  failure: RunFailure,
  values: { readonly input?: unknown; readonly config?: unknown },
  commands: readonly HoverCommand[],
): string {
  // On one line: a line break inside ** would end the bold and show the asterisks.
  const parts = [`**${markdownLineText(firstVisible(failureNode(failure)) ?? 'A node', 200)}** failed`, markdownText(failureMessage(failure), 2000)];
  if (values.input !== undefined) parts.push('**Input**', jsonBlock(values.input));
  if (values.config !== undefined) parts.push('**Computed config**', jsonBlock(values.config));
  parts.push(hoverCommandsMarkdown(commands));
  return parts.join('\n\n');
}

/** A hover's actions: links to our own commands, each with its tooltip. */
export function hoverCommandsMarkdown(commands: readonly HoverCommand[]): string {
  return commands.map((c) => `[${markdownLineText(c.title, 60)}](${commandUri(c)} "${markdownLinkTitle(c.tooltip)}")`).join(' · ');
}

/** A value as pretty JSON in a code block, its first lines, long lines cut, with a note of what was cut. Any depth. */
function jsonBlock(value: unknown): string {
  return markdownCodeBlock(jsonText(value, '  '), 'json', VALUE_LIMITS);
}

/** `command:id?[args]`, the arguments JSON-encoded and URI-escaped, parentheses too (they cannot end the link). */
export function commandUri(command: Pick<HoverCommand, 'command' | 'args'>): string {
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
