// The run panel's presentation, free of VS Code: a run (with its spans and its workflow's name) → the
// plain, JSON-safe view model the webview renders, its context and computed configs from GET
// /runs/{uuid} once they are there, and the signature that tells whether a live update changed anything.
import { createHash } from 'node:crypto';
import {
  enumText,
  isFinishedExecutionStatus,
  isFinishedRunStatus,
  type BodyText,
  type NodeRange,
  type Run,
  type RunAsSent,
  type RunDetails,
  type Span,
} from '../api';
import { executionTimes } from '../runs/spans';
import { durationBetween, formatDuration } from '../shared/format';
import type { ExecutionView, JsonValue, NodeJson, RunView } from '../shared/protocol';

export interface RunViewExtras {
  /** The name of the play or tool that owns the run's workflow; null (or absent) when unknown. */
  readonly workflowName?: string | null;
  /** The run's spans (spans/list), for the execution times the run itself lacks. */
  readonly spans?: readonly Span[];
}

/** A view of the whole run: its context and computed configs are there. */
export type WholeRunView = RunView & { readonly context: readonly NodeJson[]; readonly computedConfigs: readonly NodeJson[] };

/** The whole run: header, executions, context and computed configs. */
export function toRunView(details: RunDetails, extras: RunViewExtras = {}, now: number = Date.now()): WholeRunView {
  return { ...runHeaderView(details.run, extras, now), context: perNode(details.runContext), computedConfigs: perNode(details.runComputedConfigs) };
}

/** The header and executions alone (the first screen): what a run as listed, without its context, tells. */
export function runHeaderView(run: Run, extras: RunViewExtras = {}, now: number = Date.now()): RunView {
  const names = new Map<string, string>();
  for (const node of run.nodes ?? []) if (node.name) names.set(node.uuid, node.name);
  const times = executionTimes(run.executions, extras.spans ?? []);
  const finished = isFinishedRunStatus(run.status);
  const executions = run.executions.map((execution, index): ExecutionView => {
    const { startedAt, finishedAt } = times[index] ?? { startedAt: null, finishedAt: null };
    return {
      nodeSlug: execution.nodeSlug,
      nodeName: names.get(execution.nodeUuid) ?? null,
      status: enumText(execution.status),
      failed: execution.status.known === 'error',
      running: !finished && !isFinishedExecutionStatus(execution.status),
      title: execution.title ?? null,
      errorMessage: execution.errorMessage ?? null,
      credits: execution.creditsUsedCount ?? 0,
      startedAt,
      finishedAt,
      duration: durationText(startedAt, finishedAt, isFinishedExecutionStatus(execution.status), now),
    };
  });
  return {
    uuid: run.uuid,
    status: enumText(run.status),
    finished,
    failed: run.status.known === 'error',
    recordTitle: run.recordTitle,
    recordId: run.recordId,
    workflow: run.workflowUuid,
    workflowName: extras.workflowName ?? null,
    batchUuid: run.batchUuid ?? null,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt ?? null,
    duration: durationText(run.createdAt, run.finishedAt, finished, now),
    credits: executions.reduce((sum, execution) => sum + execution.credits, 0),
    errorMessage: run.errorMessage ?? null,
    executions,
    context: null,
    computedConfigs: null,
  };
}

/**
 * Identifies what a view shows, apart from node values (their digests stand for them) and the
 * durations (they follow from the times and the clock): equal signatures, nothing new to show.
 */
export function viewSignature(view: RunView): string {
  const withoutValue = ({ value: _value, ...node }: NodeJson) => node;
  return JSON.stringify({
    ...view,
    duration: undefined,
    executions: view.executions.map((execution) => ({ ...execution, duration: undefined })),
    context: view.context?.map(withoutValue) ?? null,
    computedConfigs: view.computedConfigs?.map(withoutValue) ?? null,
  });
}

/**
 * "3 s", or "" when there is nothing to measure: no start, or finished without an end (Cargo did not
 * say when: counting on up to now would be wrong).
 */
function durationText(start: string | null | undefined, end: string | null | undefined, finished: boolean, now: number): string {
  if (finished && !end) return '';
  const ms = durationBetween(start, end, now);
  return ms === undefined ? '' : formatDuration(ms);
}

// ---- Context and computed configs --------------------------------------------------------------

/**
 * Values up to this length (as JSON) go with the first message; larger ones only when the node is
 * expanded, so a context of megabytes does not delay the first screen.
 */
export const INLINE_NODE_LIMIT = 64 * 1024;

/** The response was parsed from JSON, so its values are JSON values (undefined cannot occur). */
function perNode(record: Record<string, unknown>): NodeJson[] {
  return Object.entries(record).map(([slug, raw]) => nodeJson(slug, raw));
}

function nodeJson(slug: string, raw: unknown): NodeJson {
  const value = (raw ?? null) as JsonValue;
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    // JSON.stringify recurses: a value nested some thousands of levels deep overflows the stack.
    // The node says so in its place and the rest of the run shows.
    if (!(error instanceof RangeError)) throw error;
    return {
      slug,
      size: 0,
      digest: `unshowable:${digestOf(slug)}`,
      problem: 'This value is nested too deeply to show here (thousands of levels). Open as JSON shows the text Cargo sent.',
    };
  }
  const node = { slug, size: text.length, digest: digestOf(text) };
  return text.length <= INLINE_NODE_LIMIT ? { ...node, value } : node;
}

/** Below this nesting a value always stringifies; deeper ones are checked the slow way (nodeJson). */
const SURELY_SHOWABLE_DEPTH = 1_000;

/** A node's value as text: where it lies in a body, without the whitespace after it. */
interface NodeText {
  readonly body: BodyText;
  readonly start: number;
  readonly end: number;
}

/**
 * The context and computed configs of one run across its fetches. A node's value is known by its text
 * in the response: a node whose text is the same as last time keeps its entry, digest included, so
 * an unchanged context of megabytes is neither stringified nor hashed again; a changed one gets a new
 * digest (a counter: digests only tell a node's values apart within one run's panel). A response whose
 * layout is unknown is read the way toRunView reads it. The texts are read where they lie in the body
 * (its pieces): none is copied out of it.
 */
export class RunValues {
  private known: Record<'runContext' | 'runComputedConfigs', Map<string, { text: NodeText; node: NodeJson }>> = {
    runContext: new Map(),
    runComputedConfigs: new Map(),
  };
  private version = 0;

  update(sent: Pick<RunAsSent, 'details' | 'body' | 'layout'>): { context: NodeJson[]; computedConfigs: NodeJson[] } {
    const { layout, details, body } = sent;
    if (!layout) {
      this.known = { runContext: new Map(), runComputedConfigs: new Map() };
      return { context: perNode(details.runContext), computedConfigs: perNode(details.runComputedConfigs) };
    }
    return {
      context: this.section('runContext', details.runContext, layout.runContext, body),
      computedConfigs: this.section('runComputedConfigs', details.runComputedConfigs, layout.runComputedConfigs, body),
    };
  }

  private section(
    name: 'runContext' | 'runComputedConfigs',
    values: Record<string, unknown>,
    ranges: ReadonlyMap<string, NodeRange>,
    body: BodyText,
  ): NodeJson[] {
    const before = this.known[name];
    const now = new Map<string, { text: NodeText; node: NodeJson }>();
    // By key: a large value is parsed only when read (the client leaves it out of the body's parse), and
    // a node too large to send inline needs only its text's length here.
    const nodes = Object.keys(values).map((slug) => {
      const range = ranges.get(slug);
      if (!range) return nodeJson(slug, values[slug]);
      const text = trimmed(body, range);
      const previous = before.get(slug);
      // Equal texts compare in a few milliseconds however long (piece by piece, nothing copied); hashing or stringifying them would not.
      const node = previous && sameText(previous.text, text) ? previous.node : this.fresh(slug, () => values[slug], text.end - text.start, range);
      now.set(slug, { text, node });
      return node;
    });
    this.known[name] = now;
    return nodes;
  }

  /** `size`: the length of the node's text. */
  private fresh(slug: string, raw: () => unknown, size: number, range: NodeRange): NodeJson {
    if (range.depth >= SURELY_SHOWABLE_DEPTH) {
      const checked = nodeJson(slug, raw());
      if (checked.problem !== undefined) return checked;
    }
    const node = { slug, size, digest: `#${++this.version}` };
    return size <= INLINE_NODE_LIMIT ? { ...node, value: (raw() ?? null) as JsonValue } : node;
  }
}

/** The node's text in the body, without the whitespace between it and the comma or brace after it. */
function trimmed(body: BodyText, range: NodeRange): NodeText {
  let end = range.end;
  while (end > range.start && isJsonSpace(body.charCodeAt(end - 1))) end--;
  return { body, start: range.start, end };
}

/** Texts of different lengths are never read (BodyText.sameText compares the lengths first). */
function sameText(a: NodeText, b: NodeText): boolean {
  return a.body.sameText(a.start, a.end, b.body, b.start, b.end);
}

/** Whitespace as JSON has it: all there can be between a value and the comma or brace after it. */
function isJsonSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

/** Short and stable; tells values apart, nothing more (not a security measure). */
function digestOf(text: string): string {
  return createHash('sha1').update(text).digest('base64url').slice(0, 16);
}
