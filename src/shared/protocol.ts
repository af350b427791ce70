// The messages between the run panel and its webview, both ways, and the checks each side runs on
// what it receives. Plain data only: no VS Code or DOM types, so both bundles can import it.

/** Any JSON value, as it arrived from Cargo. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface ExecutionView {
  readonly nodeSlug: string;
  /** The node's name in the run's workflow, when it has one. */
  readonly nodeName: string | null;
  /** The status as Cargo sent it. */
  readonly status: string;
  readonly failed: boolean;
  readonly title: string | null;
  readonly errorMessage: string | null;
  readonly credits: number;
  /** From the run's execution, or from the run's spans (spans/list) when the execution lacks it. */
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** Already formatted ("3 s"), empty when the start is unknown. */
  readonly duration: string;
}

/** One node slug's entry of the run context or of the computed configs. */
export interface NodeJson {
  readonly slug: string;
  /** Length of the value as JSON text. */
  readonly size: number;
  /** Changes when the value changes: a live update keeps the rendered tree of a node whose digest is the same. */
  readonly digest: string;
  /** Absent when the value is large: the webview asks for it (loadNode) when the node is expanded. */
  readonly value?: JsonValue;
  /** Why this node's value cannot be shown (e.g. nested too deeply); the rest of the run shows. */
  readonly problem?: string;
}

export type JsonSection = 'context' | 'configs';

/**
 * What the panel shows of a run, built in the extension: the header and executions from the run (as
 * the caller had it, as runs/list has it, or from GET /runs/{uuid}), the context and computed configs
 * from GET /runs/{uuid} once they have arrived.
 */
export interface RunView {
  readonly uuid: string;
  readonly status: string;
  readonly finished: boolean;
  readonly failed: boolean;
  readonly recordTitle: string;
  readonly recordId: string;
  /** The workflow's uuid. */
  readonly workflow: string;
  /** The workflow's name, when it could be looked up. */
  readonly workflowName: string | null;
  readonly batchUuid: string | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly duration: string;
  readonly credits: number;
  readonly errorMessage: string | null;
  readonly executions: readonly ExecutionView[];
  /** Null until the run's context has arrived (the header shows before it). */
  readonly context: readonly NodeJson[] | null;
  readonly computedConfigs: readonly NodeJson[] | null;
}

/** The run's context and computed configs on their way (the panel shows how far), or why they could not be fetched. */
export type ValuesStatus =
  | { readonly kind: 'loading'; readonly receivedBytes: number; readonly totalBytes: number | null }
  /** `signIn`: signing in is the way out (the webview offers it, with Retry). */
  | { readonly kind: 'failed'; readonly message: string; readonly signIn: boolean };

export type ToWebview =
  | { readonly type: 'runLoaded'; readonly run: RunView }
  | { readonly type: 'nodeLoaded'; readonly section: JsonSection; readonly slug: string; readonly value: JsonValue }
  /** The run could not be shown; `signedOut`: signing in is the way out (the webview offers it). */
  | { readonly type: 'loadFailed'; readonly message: string; readonly signedOut: boolean }
  /** Why the run shown may be out of date (null: it is current). The webview shows it above the run. */
  | { readonly type: 'liveStatus'; readonly problem: LiveStatus | null }
  /** The context and computed configs on their way, or why not (null: what is shown is all there is). */
  | { readonly type: 'valuesStatus'; readonly status: ValuesStatus | null }
  /** Bring one execution into view, marked, with its node's values open (e.g. "Open failing execution"). */
  | { readonly type: 'revealExecution'; readonly index: number };

/** A problem with the live updates of a run that is shown. */
export interface LiveStatus {
  /** noClient: updates stopped (token refused, signed out, settings); stale: updates keep failing, still trying. */
  readonly kind: 'noClient' | 'stale';
  readonly message: string;
  /** Signing in is the way out (the webview offers it). */
  readonly signIn: boolean;
  /** ISO time of the last successful update, for "Not updated since …". */
  readonly lastUpdatedAt: string | null;
}

export type ToExtension =
  | { readonly type: 'ready' }
  /** The webview has shown a run (first screen drawn); the extension logs how long opening took. */
  | { readonly type: 'rendered' }
  /** The webview has drawn the run's context and computed configs, after a first screen without them. */
  | { readonly type: 'valuesRendered' }
  | { readonly type: 'openJson' }
  /** Fetch the run now (the Refresh and Retry buttons). */
  | { readonly type: 'refresh' }
  | { readonly type: 'openInCargo' }
  | { readonly type: 'signIn' }
  | { readonly type: 'copy'; readonly text: string }
  | { readonly type: 'loadNode'; readonly section: JsonSection; readonly slug: string };

export type PanelMessage = ToWebview | ToExtension;

/**
 * Where a run can be found without its context (runs/list around its creation, narrowed to its
 * workflow and record): saved with a panel, so that the panel restored after a reload shows its header
 * before the run's context of megabytes has arrived.
 */
export interface RunLocator {
  readonly createdAt: string;
  readonly workflowUuid: string;
  readonly recordId: string;
}

/** What the webview saves with vscode.setState, and the panel serializer reads back after a reload. */
export interface PanelState {
  readonly runUuid: string;
  /** Where to find the run in a list (absent in states saved before there was one). */
  readonly locator?: RunLocator;
  readonly scrollY: number;
  /** The JSON tree nodes that are open, so a reload (or a live update) opens them again. */
  readonly open?: readonly OpenPath[];
  /** The search text. */
  readonly query?: string;
  /** The sections shown as raw JSON text rather than as trees. */
  readonly raw?: readonly JsonSection[];
}

export interface OpenPath {
  readonly section: JsonSection;
  readonly slug: string;
  readonly keys: readonly (string | number)[];
}

/**
 * The webview's check of the state it saved (it may come from an older version of the extension):
 * what is usable of it, or undefined when it names no run.
 */
export function parsePanelState(value: unknown): PanelState | undefined {
  if (!isObject(value) || !isString(value.runUuid) || !isNumber(value.scrollY)) return undefined;
  return {
    runUuid: value.runUuid,
    scrollY: value.scrollY,
    open: Array.isArray(value.open) ? value.open.filter(isOpenPath) : [],
    query: isString(value.query) ? value.query : '',
    raw: Array.isArray(value.raw) ? value.raw.filter(isSection) : [],
    ...(isRunLocator(value.locator) ? { locator: value.locator } : {}),
  };
}

function isRunLocator(value: unknown): value is RunLocator {
  return isObject(value) && [value.createdAt, value.workflowUuid, value.recordId].every(isString);
}

function isOpenPath(value: unknown): value is OpenPath {
  return (
    isObject(value) &&
    isSection(value.section) &&
    isString(value.slug) &&
    Array.isArray(value.keys) &&
    value.keys.every((key) => isString(key) || isNumber(key))
  );
}

/** The run uuid in a restored panel's state, if the state has a plausible one. */
export function runUuidOfState(state: unknown): string | undefined {
  if (!isObject(state) || !isString(state.runUuid)) return undefined;
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(state.runUuid) ? state.runUuid.toLowerCase() : undefined;
}

/** Where to find the run of a restored panel's state, if it says (and it names a run). */
export function runLocatorOfState(state: unknown): RunLocator | undefined {
  if (!runUuidOfState(state) || !isObject(state) || !isRunLocator(state.locator)) return undefined;
  const { createdAt, workflowUuid, recordId } = state.locator;
  return { createdAt, workflowUuid, recordId };
}

/** Longest text the webview may ask the extension to put on the clipboard. */
export const MAX_COPY_LENGTH = 10_000_000;

type Loose = Record<string, unknown>;
const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isStringOrNull = (value: unknown): value is string | null => value === null || typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';

/** The extension's check of what the webview sent. */
export function parseToExtension(value: unknown): ToExtension | undefined {
  if (!isObject(value)) return undefined;
  switch (value.type) {
    case 'ready':
      return { type: 'ready' };
    case 'rendered':
    case 'valuesRendered':
      return { type: value.type };
    case 'openJson':
    case 'refresh':
    case 'openInCargo':
    case 'signIn':
      return { type: value.type };
    case 'copy':
      return isString(value.text) && value.text.length <= MAX_COPY_LENGTH ? { type: 'copy', text: value.text } : undefined;
    case 'loadNode':
      return isSection(value.section) && isString(value.slug) ? { type: 'loadNode', section: value.section, slug: value.slug } : undefined;
    default:
      return undefined;
  }
}

/** The webview's check of what the extension sent. JSON values themselves are not walked (they can be megabytes). */
export function parseToWebview(value: unknown): ToWebview | undefined {
  if (!isObject(value)) return undefined;
  if (value.type === 'liveStatus') return value.problem === null || isLiveStatus(value.problem) ? { type: 'liveStatus', problem: value.problem } : undefined;
  if (value.type === 'loadFailed')
    return isString(value.message) && isBoolean(value.signedOut) ? { type: 'loadFailed', message: value.message, signedOut: value.signedOut } : undefined;
  if (value.type === 'runLoaded' && isRunView(value.run)) return { type: 'runLoaded', run: value.run };
  if (value.type === 'valuesStatus') return value.status === null || isValuesStatus(value.status) ? { type: 'valuesStatus', status: value.status } : undefined;
  if (value.type === 'revealExecution')
    return Number.isSafeInteger(value.index) && (value.index as number) >= 0 ? { type: 'revealExecution', index: value.index as number } : undefined;
  if (value.type === 'nodeLoaded' && isSection(value.section) && isString(value.slug) && 'value' in value) {
    return { type: 'nodeLoaded', section: value.section, slug: value.slug, value: value.value as JsonValue };
  }
  return undefined;
}

function isRunView(value: unknown): value is RunView {
  return (
    isObject(value) &&
    [value.uuid, value.status, value.recordTitle, value.recordId, value.workflow, value.createdAt, value.duration].every(isString) &&
    [value.workflowName, value.batchUuid, value.finishedAt, value.errorMessage].every(isStringOrNull) &&
    isBoolean(value.finished) &&
    isBoolean(value.failed) &&
    isNumber(value.credits) &&
    Array.isArray(value.executions) &&
    value.executions.every(isExecutionView) &&
    (value.context === null || isNodeJsonList(value.context)) &&
    (value.computedConfigs === null || isNodeJsonList(value.computedConfigs))
  );
}

function isValuesStatus(value: unknown): value is ValuesStatus {
  if (!isObject(value)) return false;
  if (value.kind === 'loading') return isNumber(value.receivedBytes) && (value.totalBytes === null || isNumber(value.totalBytes));
  return value.kind === 'failed' && isString(value.message) && isBoolean(value.signIn);
}

function isExecutionView(value: unknown): value is ExecutionView {
  return (
    isObject(value) &&
    [value.nodeSlug, value.status, value.duration].every(isString) &&
    [value.nodeName, value.title, value.errorMessage, value.startedAt, value.finishedAt].every(isStringOrNull) &&
    isBoolean(value.failed) &&
    isNumber(value.credits)
  );
}

function isLiveStatus(value: unknown): value is LiveStatus {
  return (
    isObject(value) &&
    (value.kind === 'noClient' || value.kind === 'stale') &&
    isString(value.message) &&
    isBoolean(value.signIn) &&
    isStringOrNull(value.lastUpdatedAt)
  );
}

function isNodeJsonList(value: unknown): value is NodeJson[] {
  return (
    Array.isArray(value) &&
    value.every(
      (entry) =>
        isObject(entry) && isString(entry.slug) && isNumber(entry.size) && isString(entry.digest) && (entry.problem === undefined || isString(entry.problem)),
    )
  );
}

function isSection(value: unknown): value is JsonSection {
  return value === 'context' || value === 'configs';
}
