// The messages between the run panel and its webview, and the state the webview saves: each declared once, as a check.
// The receiver runs the check; the TypeScript type is derived from it (Infer). Plain data only: both bundles import this.
import { array, boolean, either, isRecord, literal, nullable, number, object, optional, refine, string, union, unchecked, type Infer } from './check';
import { isUuid } from './uuid';

/** Any JSON value, as it arrived from Cargo. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON value from the other side, not walked by the checks: it can be megabytes. */
const jsonValue = unchecked<JsonValue>();
const stringOrNull = nullable(string);

const section = literal('context', 'configs');
export type JsonSection = Infer<typeof section>;

const executionView = object({
  nodeSlug: string,
  /** The node's name in the run's workflow, when it has one. */
  nodeName: stringOrNull,
  /** The status as Cargo sent it. */
  status: string,
  failed: boolean,
  /** The step in progress: the run goes on and this execution has not finished. */
  running: boolean,
  title: stringOrNull,
  errorMessage: stringOrNull,
  credits: number,
  /** From the run's execution, or from the run's spans (spans/list) when the execution lacks it. */
  startedAt: stringOrNull,
  finishedAt: stringOrNull,
  /** Already formatted ("3 s"), empty when the start is unknown. */
  duration: string,
});
export type ExecutionView = Infer<typeof executionView>;

/** One node slug's entry of the run context or of the computed configs. */
const nodeJson = object({
  slug: string,
  /** Length of the value as JSON text. */
  size: number,
  /** Changes when the value changes: a live update keeps the rendered tree of a node whose digest is the same. */
  digest: string,
  /** Absent when the value is large: the webview asks for it (loadNode) when the node is expanded. */
  value: optional(jsonValue),
  /** Why this node's value cannot be shown (e.g. nested too deeply); the rest of the run shows. */
  problem: optional(string),
});
export type NodeJson = Infer<typeof nodeJson>;

/**
 * What the panel shows of a run, built in the extension: the header and executions from the run (as
 * the caller had it, as runs/list has it, or from GET /runs/{uuid}), the context and computed configs
 * from GET /runs/{uuid} once they have arrived.
 */
const runView = object({
  uuid: string,
  status: string,
  finished: boolean,
  failed: boolean,
  recordTitle: string,
  recordId: string,
  /** The workflow's uuid. */
  workflow: string,
  /** The workflow's name, when it could be looked up. */
  workflowName: stringOrNull,
  batchUuid: stringOrNull,
  createdAt: string,
  finishedAt: stringOrNull,
  duration: string,
  credits: number,
  errorMessage: stringOrNull,
  executions: array(executionView),
  /** Null until the run's context has arrived (the header shows before it). */
  context: nullable(array(nodeJson)),
  computedConfigs: nullable(array(nodeJson)),
});
export type RunView = Infer<typeof runView>;

/** The run's context and computed configs on their way (the panel shows how far), or why they could not be fetched. */
const valuesStatus = union('kind', {
  loading: { receivedBytes: number, totalBytes: nullable(number) },
  /** `signIn`: signing in is the way out (the webview offers it, with Retry). */
  failed: { message: string, signIn: boolean },
});
export type ValuesStatus = Infer<typeof valuesStatus>;

/** A problem with the live updates of a run that is shown. */
const liveStatus = object({
  /** noClient: updates stopped (token refused, signed out, settings); stale: updates keep failing, still trying. */
  kind: literal('noClient', 'stale'),
  message: string,
  /** Signing in is the way out (the webview offers it). */
  signIn: boolean,
  /** ISO time of the last successful update, for "Not updated since …". */
  lastUpdatedAt: stringOrNull,
});
export type LiveStatus = Infer<typeof liveStatus>;

/** A newer batch that retried the run shown (its uuid and when it was created). */
const newerRetryView = object({ batchUuid: string, createdAt: string });
export type NewerRetryView = Infer<typeof newerRetryView>;
/** A comparison the run is in, as the panel names it: one line of text, and the two runs "Show Comparison" opens. */
const comparisonNote = object({ text: string, baselineUuid: string, runUuid: string });
export type ComparisonNote = Infer<typeof comparisonNote>;

/** One bar of the run panel's timeline: an execution of the run, or of a run it started, nested under the execution that started it. */
const timelineBar = object({
  /** 0: the run's own execution; 1: one of a run it started; and so on. */
  depth: number,
  /** The run the execution belongs to (a child run's bar opens that run's panel). */
  runUuid: string,
  /** The index among the panel's run's executions (its node's values open); null for a child run's execution. */
  execution: nullable(number),
  nodeSlug: string,
  nodeName: stringOrNull,
  status: string,
  failed: boolean,
  /** Not finished while its run goes on: the webview draws it up to now. */
  running: boolean,
  /** Epoch ms; null when unknown. */
  startedAt: nullable(number),
  finishedAt: nullable(number),
  /** Already formatted; empty while it runs (the webview counts) or when a time is unknown. */
  duration: string,
  credits: number,
  slowest: boolean,
  costliest: boolean,
});
export type TimelineBar = Infer<typeof timelineBar>;
/** The trace's totals (GET /traces/{uuid}): the whole lineage, child runs included. */
const traceTotals = object({ spans: number, credits: number, status: string });
const timelineView = object({
  bars: array(timelineBar),
  totals: nullable(traceTotals),
  /** What the timeline lacks and why (the runs it started could not be fetched, the lineage was cut), or null. */
  note: stringOrNull,
});
export type TimelineView = Infer<typeof timelineView>;
/** The run and node that started the run shown (a tool or agent node's child run); null where the lineage did not name them. */
const runOriginView = object({ recordTitle: stringOrNull, node: stringOrNull });
export type RunOriginView = Infer<typeof runOriginView>;
/** A node's configured field holding an expression, beside what it produced (the run panel's Expressions section). */
const expressionFieldView = object({
  /** Where in the node's config: `domain`, `headers[0].value`. */
  path: string,
  kind: string,
  expression: string,
  /** What it produced, as JSON (the start of it); empty when it produced nothing (absent). */
  value: string,
  absent: boolean,
  empty: boolean,
  /** The values it reads (`nodes.start.website`), and what it reads that could not be made out. */
  reads: array(string),
  unreadable: array(string),
});
const expressionNodeView = object({
  slug: string,
  label: string,
  fields: array(expressionFieldView),
  /** The branch the node took: its number (from 1), of how many, and where it leads (null: the end, or unknown). */
  branch: nullable(object({ number: number, count: number, next: stringOrNull })),
});
/** A run's expressions beside their values, the empty ones counted (null in a message: none known yet). */
const expressionsView = object({
  nodes: array(expressionNodeView),
  emptyCount: number,
  /** The run has finished: its empty expressions are said at the top of the panel. */
  finished: boolean,
  /** Why the nodes' configs could not be read (nothing else is shown then). */
  problem: stringOrNull,
});
export type ExpressionsView = Infer<typeof expressionsView>;
export type ExpressionNodeView = Infer<typeof expressionNodeView>;

/** The extension's messages to the webview, as the webview checks them. JSON values themselves are not walked (they can be megabytes). */
export const toWebview = union('type', {
  runLoaded: { run: runView },
  nodeLoaded: { section, slug: string, value: jsonValue },
  /** The run could not be shown; `signedOut`: signing in is the way out (the webview offers it). */
  loadFailed: { message: string, signedOut: boolean },
  /** Why the run shown may be out of date (null: it is current). The webview shows it above the run. */
  liveStatus: { problem: nullable(liveStatus) },
  /** The context and computed configs on their way, or why not (null: what is shown is all there is). */
  valuesStatus: { status: nullable(valuesStatus) },
  /** Bring one execution into view, marked, with its node's values open (e.g. "Open failing execution"). */
  revealExecution: { index: refine(number, (index) => Number.isSafeInteger(index) && index >= 0) },
  /** The run was retried in a newer batch (null: no retry known). The webview offers to open it. */
  newerRetry: { retry: nullable(newerRetryView) },
  /** The newest comparison the run is in, with the first node where the two runs differ (null: none made). */
  comparison: { note: nullable(comparisonNote) },
  /** The run's timeline, with the executions of the runs it started. */
  timeline: { timeline: timelineView },
  /** The run that started this one (null: none did). The webview offers to go back there. */
  runOrigin: { origin: nullable(runOriginView) },
  /** The run's expressions beside the values they produced (null: not known). */
  expressions: { view: nullable(expressionsView) },
});
export type ToWebview = Infer<typeof toWebview>;

/** The commands of the panel's menu its header offers too (as they apply to the run): run on the panel's run. */
const runCommand = literal('showFailures', 'retryFailedRuns', 'watchRun');
export type RunCommand = Infer<typeof runCommand>;

/** Longest text the webview may ask the extension to put on the clipboard. */
export const MAX_COPY_LENGTH = 10_000_000;

/** The webview's messages to the extension, as the extension checks them. */
export const toExtension = union('type', {
  ready: {},
  /** The webview has shown a run (first screen drawn); the extension logs how long opening took. */
  rendered: {},
  /** The webview has drawn the run's context and computed configs, after a first screen without them. */
  valuesRendered: {},
  openJson: {},
  /** Fetch the run now (the Refresh and Retry buttons). */
  refresh: {},
  openInCargo: {},
  signIn: {},
  /** A command of the panel's menu, on the panel's run (the header's Show Failures, Watch Run). */
  runCommand: { command: runCommand },
  copy: { text: refine(string, (text) => text.length <= MAX_COPY_LENGTH) },
  loadNode: { section, slug: string },
  /** Open the run the newer retry made of this run's record. */
  openRetry: {},
  /** Open the diff of the comparison the panel names again (it was made already: nothing is fetched). */
  showComparison: {},
  /** Open the panel of a run the panel's run started (a timeline bar's); the extension opens only a run its timeline shows. */
  openChildRun: { runUuid: refine(string, isUuid) },
  /** Open the run that started this one, at the execution that started it. */
  openOrigin: {},
});
export type ToExtension = Infer<typeof toExtension>;

export type PanelMessage = ToWebview | ToExtension;

/** The extension's check of what the webview sent: the message's own fields, nothing else it carried. */
export const parseToExtension = toExtension.parse;

/** The webview's check of what the extension sent: the message's own fields, nothing else it carried. */
export const parseToWebview = toWebview.parse;

/**
 * Where a run can be found without its context (runs/list around its creation, narrowed to its
 * workflow and record): saved with a panel, so that the panel restored after a reload shows its header
 * before the run's context of megabytes has arrived.
 */
const runLocator = object({ createdAt: string, workflowUuid: string, recordId: string });
export type RunLocator = Infer<typeof runLocator>;

const openPath = object({ section, slug: string, keys: array(either(string, number)) });
export type OpenPath = Infer<typeof openPath>;

/** What the webview saves with vscode.setState, and the panel serializer reads back after a reload. */
export const panelState = object({
  runUuid: string,
  /** Where to find the run in a list (absent in states saved before there was one). */
  locator: optional(runLocator),
  scrollY: number,
  /** The JSON tree nodes that are open, so a reload (or a live update) opens them again. */
  open: optional(array(openPath)),
  /** The search text. */
  query: optional(string),
  /** The sections shown as raw JSON text rather than as trees. */
  raw: optional(array(section)),
});
export type PanelState = Infer<typeof panelState>;

/**
 * The webview's check of the state it saved (it may come from an older version of the extension):
 * what is usable of it, or undefined when it names no run.
 */
export function parsePanelState(value: unknown): PanelState | undefined {
  if (!isRecord(value) || !string(value.runUuid) || !number(value.scrollY)) return undefined;
  return {
    runUuid: value.runUuid,
    scrollY: value.scrollY,
    open: Array.isArray(value.open) ? value.open.filter(openPath) : [],
    query: string(value.query) ? value.query : '',
    raw: Array.isArray(value.raw) ? value.raw.filter(section) : [],
    ...(runLocator(value.locator) ? { locator: value.locator } : {}),
  };
}

/** The run uuid in a restored panel's state, if the state has a plausible one. */
export function runUuidOfState(state: unknown): string | undefined {
  const runUuid = isRecord(state) ? state.runUuid : undefined;
  return isUuid(runUuid) ? runUuid.toLowerCase() : undefined;
}

/** Where to find the run of a restored panel's state, if it says (and it names a run). */
export function runLocatorOfState(state: unknown): RunLocator | undefined {
  return runUuidOfState(state) && isRecord(state) ? runLocator.parse(state.locator) : undefined;
}
