// Shared by the simulator's own tests (test/simulator/tests/*.test.ts): one API call over real HTTP,
// the fields and statuses of Cargo's wire objects, small assertions and waits, and a warm-up. Like the
// simulator, never imports from src/.
import assert from 'node:assert/strict';
import { startSimulator, type Simulator, type SimulatorOptions } from '../index';

export type Json = Record<string, unknown>;
export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: Json;
}

export interface CallOptions {
  body?: unknown;
  rawBody?: string;
  query?: string;
  headers?: Record<string, string>;
  token?: string | null;
  signal?: AbortSignal;
}

/** One API call; `path` is below /v1/orchestration. */
export async function call(sim: Simulator, method: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? sim.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${sim.url}/orchestration/${path}${options.query ? `?${options.query}` : ''}`, {
    method,
    headers,
    body,
    signal: options.signal,
  });
  const text = await response.text();
  let json: Json = {};
  try {
    json = text === '' ? {} : (JSON.parse(text) as Json);
  } catch {
    // left empty: tests of malformed bodies look at `text`
  }
  return { status: response.status, headers: response.headers, text, json };
}

export const get = (sim: Simulator, path: string, query?: string, options: CallOptions = {}) => call(sim, 'GET', path, { ...options, query });
export const post = (sim: Simulator, path: string, body: unknown = {}, options: CallOptions = {}) => call(sim, 'POST', path, { ...options, body });
export const arr = (value: unknown) => value as Json[];
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export const BATCH_KEYS = [
  'uuid',
  'workspaceUuid',
  'workflowUuid',
  'userUuid',
  'releaseUuid',
  'nodes',
  'temporalWorkflowId',
  'traceUuid',
  'data',
  'errorMessage',
  'status',
  'runsStatus',
  'runsCount',
  'executedRunsCount',
  'failedRunsCount',
  'creditsUsedCount',
  'createdAt',
  'updatedAt',
  'finishedAt',
];
export const RUN_KEYS = [
  'uuid',
  'workspaceUuid',
  'workflowUuid',
  'userUuid',
  'releaseUuid',
  'nodes',
  'batchUuid',
  'traceUuid',
  'temporalWorkflowId',
  'recordId',
  'recordTitle',
  'contextS3Filename',
  'computedConfigsS3Filename',
  'parentUuid',
  'parentNodeUuid',
  'parentBatchUuid',
  'parentAgentUuid',
  'parentChatUuid',
  'parentMessageUuid',
  'isGroupParent',
  'status',
  'errorMessage',
  'executions',
  'createdAt',
  'updatedAt',
  'finishedAt',
  'deletedAt',
];
export const EXECUTION_KEYS = [
  'nodeUuid',
  'nodeSlug',
  'nodeBatchUuid',
  'nodeRunUuid',
  'nodeMessageUuid',
  'nodeChildIndex',
  'nextNodeUuid',
  'status',
  'errorMessage',
  'title',
  'iconUrl',
  'creditsUsedCount',
  'startedAt',
  'updatedAt',
  'finishedAt',
  'nodeWaitUntilFinished',
  'nodeKind',
];
export const RECORD_KEYS = [
  'workspaceUuid',
  'workflowUuid',
  'userUuid',
  'id',
  'title',
  'runUuid',
  'traceUuid',
  'releaseUuid',
  'nodes',
  'batchUuid',
  'temporalWorkflowId',
  'contextS3Filename',
  'computedConfigsS3Filename',
  'parentRunUuid',
  'parentNodeUuid',
  'parentBatchUuid',
  'parentAgentUuid',
  'parentChatUuid',
  'parentMessageUuid',
  'isGroupParent',
  'status',
  'errorMessage',
  'executions',
  'createdAt',
  'updatedAt',
  'finishedAt',
];
export const SPAN_KEYS = [
  'workspaceUuid',
  'workflowUuid',
  'userUuid',
  'batchUuid',
  'traceUuid',
  'recordId',
  'recordTitle',
  'runUuid',
  'runContextS3Filename',
  'runComputedConfigsS3Filename',
  'parentRunUuid',
  'parentNodeUuid',
  'parentBatchUuid',
  'parentAgentUuid',
  'parentChatUuid',
  'parentMessageUuid',
  'isGroupParent',
  'nodeUuid',
  'nodeKind',
  'nodeSlug',
  'nodeActionSlug',
  'nodeConnectorUuid',
  'nodeIntegrationSlug',
  'nodeToolUuid',
  'nodeAgentUuid',
  'nodeReleaseUuid',
  'nodeBatchUuid',
  'nodeRunUuid',
  'nodeMessageUuid',
  'nodeChildIndex',
  'nodeWaitUntilFinished',
  'nodeNextUuid',
  'executionIndex',
  'executionStatus',
  'executionErrorMessage',
  'executionTitle',
  'executionIconUrl',
  'executionCreditsUsedCount',
  'executionStartedAt',
  'executionUpdatedAt',
  'executionFinishedAt',
];
export const RUN_STATUSES = ['idle', 'pending', 'running', 'success', 'error', 'cancelling', 'cancelled', 'skipped'];
export const BATCH_STATUSES = ['pending', 'syncing', 'skipped', 'querying', 'running', 'success', 'cancelling', 'error', 'cancelled'];

export function hasKeys(object: unknown, keys: string[], what: string): void {
  assert.ok(object && typeof object === 'object', `${what} is an object`);
  for (const key of keys) assert.ok(key in (object as Json), `${what} has ${key}`);
}

export function assertNewestFirst(items: Json[], field = 'createdAt'): void {
  for (let i = 1; i < items.length; i++) {
    assert.ok(String(items[i - 1]?.[field]) >= String(items[i]?.[field]), `${field} newest first at ${i}`);
  }
}

/** How many runs have this record title: tests give the runs they may create a title of their own. */
export const runsTitled = async (sim: Simulator, title: string): Promise<number> => Number((await post(sim, 'runs/count', { recordTitle: title })).json.count);

/** Runs created outside any batch (by POST /runs) since `since` (ISO), newest first. */
export async function apiRunsSince(sim: Simulator, since: string): Promise<Json[]> {
  const runs = arr((await post(sim, 'runs/list', { createdAfter: since, limit: 100 })).json.runs);
  return runs.filter((r) => r.batchUuid === null);
}

/** Every run runs/list has for `body`, page by page. */
export async function allRuns(sim: Simulator, body: Json): Promise<Json[]> {
  const runs: Json[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await post(sim, 'runs/list', { ...body, limit: 100, offset });
    runs.push(...arr(page.json.runs));
    if (runs.length >= Number(page.json.count)) return runs;
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

export const TERMINAL = new Set(['success', 'error', 'cancelled', 'skipped']);

/** The options of the simulator each 'simulator API' file starts (one simulator per file, as the block had one). */
export const API_SIMULATOR: SimulatorOptions = { seed: 7, stepMs: 200, hostile: true, bigContextBytes: 300_000 };

/**
 * Starts and closes six simulators, with a few calls each, so that a file's timing-sensitive tests do not
 * run on cold code: in the single file they ran after the 'simulator API' tests, in the same process, and
 * on a busy machine a cold start took ~1 s where a warm one takes ~50 ms.
 */
export async function warmUp(): Promise<void> {
  for (const seed of [101, 102, 103, 104, 105, 106]) {
    const sim = await startSimulator({ seed });
    try {
      await get(sim, 'batches/list', 'limit=100');
      await get(sim, `batches/${sim.fixtures.batches.running}`);
      await post(sim, 'runs/list', { limit: 100 });
      await post(sim, 'runs/count', { statuses: ['error'] });
      await get(sim, `runs/${sim.fixtures.runs.failed}`);
    } finally {
      await sim.close();
    }
  }
}
