// Faults: the `x-sim-fault` / `--fault` spec syntax, the process-wide rule book, and the JSON
// transforms of the `drift` and `hostile` faults.
import { hostileString } from './hostile';
import type { DriftKind, Fault, FaultRule, RefusalReason } from './types';

const DRIFTS: readonly DriftKind[] = ['unknownEnum', 'missingField', 'extraFields', 'nulls', 'wrongType'];
const REFUSAL_REASONS: readonly RefusalReason[] = [
  'notEnoughCredits',
  'concurrencyLimitReached',
  'failedToStart',
  'invalidData',
  'workflowNotFound',
  'playNotCompatible',
];
/** The only requests a `refuse` fault applies to: creating a run, creating a batch. */
const CREATE_PATHS: ReadonlySet<string> = new Set(['/v1/orchestration/runs', '/v1/orchestration/batches']);

function options(parts: string[]): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) out.set(part.trim(), true);
    else out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

function nonNegativeInt(text: string | true | undefined, what: string): number {
  const n = typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) throw new Error(`${what} needs a whole number, e.g. ${what}=2`);
  return n;
}

function positiveInt(text: string | true | undefined, what: string): number {
  const n = nonNegativeInt(text, what);
  if (n === 0) throw new Error(`${what} needs a number above 0, e.g. ${what}=500`);
  return n;
}

/**
 * Parses a fault spec: `latency=500`, `hang`, `status=503`, `status=429;retry-after=2`,
 * `status=500;empty`, `html=502`, `empty`, `malformed`, `truncated`, `slow=KB_PER_SECOND`, `reset`,
 * `drift=unknownEnum|missingField|extraFields|nulls|wrongType`, `hostile`, `refuse=REASON`, `hang-after`, `reset-after`,
 * `status-after=CODE`.
 * Throws an Error saying what is wrong.
 */
export function parseFaultSpec(spec: string): Fault {
  const [head = '', ...rest] = spec.split(';').map((s) => s.trim());
  const [name = '', value] = head.split('=', 2).map((s) => s.trim());
  const extra = options(rest.filter((s) => s !== ''));
  const noExtra = (fault: Fault): Fault => {
    if (extra.size > 0) throw new Error(`fault "${name}" takes no options (got ${[...extra.keys()].join(', ')})`);
    return fault;
  };
  switch (name) {
    case 'latency':
      return noExtra({ kind: 'latency', ms: nonNegativeInt(value, 'latency') });
    case 'slow':
      return noExtra({ kind: 'slow', kbPerSecond: positiveInt(value, 'slow') });
    case 'hang':
    case 'truncated':
    case 'reset':
    case 'hostile':
    case 'empty':
      return noExtra({ kind: name });
    case 'html': {
      const status = nonNegativeInt(value, 'html');
      if (status < 200 || status > 599) throw new Error('html must be an HTTP status from 200 to 599, e.g. html=502');
      return noExtra({ kind: 'html', status });
    }
    case 'malformed':
    case 'malformedJson':
      return noExtra({ kind: 'malformedJson' });
    case 'hang-after':
    case 'hangAfterHandling':
      return noExtra({ kind: 'hangAfterHandling' });
    case 'reset-after':
    case 'resetAfterHandling':
      return noExtra({ kind: 'resetAfterHandling' });
    case 'status-after':
    case 'statusAfterHandling': {
      const status = nonNegativeInt(value, 'status-after');
      if (status < 400 || status > 599) throw new Error('status-after must be an error status from 400 to 599, e.g. status-after=502');
      return noExtra({ kind: 'statusAfterHandling', status });
    }
    case 'drift': {
      if (!DRIFTS.includes(value as DriftKind)) throw new Error(`drift needs one of ${DRIFTS.join(', ')}, e.g. drift=unknownEnum`);
      return noExtra({ kind: 'drift', drift: value as DriftKind });
    }
    case 'refuse': {
      if (!REFUSAL_REASONS.includes(value as RefusalReason)) throw new Error(`refuse needs one of ${REFUSAL_REASONS.join(', ')}, e.g. refuse=notEnoughCredits`);
      return noExtra({ kind: 'refuse', reason: value as RefusalReason });
    }
    case 'status': {
      const status = nonNegativeInt(value, 'status');
      if (status < 100 || status > 599) throw new Error('status must be an HTTP status from 100 to 599');
      const fault: Fault = { kind: 'status', status };
      for (const [key, v] of extra) {
        if (key === 'retry-after') fault.retryAfterSeconds = nonNegativeInt(v, 'retry-after');
        else if (key === 'empty') fault.emptyBody = true;
        else throw new Error(`unknown status option "${key}" (use retry-after=N or empty)`);
      }
      return fault;
    }
    default:
      throw new Error(
        `unknown fault "${spec}" (use latency=MS, slow=KB_PER_SECOND, hang, status=CODE[;retry-after=S][;empty], html=CODE, empty, malformed, truncated, reset, drift=KIND, hostile, refuse=REASON, hang-after, reset-after or status-after=CODE)`,
      );
  }
}

/** A rule in spec syntax: a fault spec plus optional `;times=N`, `;method=GET`, `;path=/runs/list`. */
export function parseFaultRule(spec: string): FaultRule {
  const ruleParts: string[] = [];
  const faultParts: string[] = [];
  for (const part of spec.split(';')) (/^\s*(times|method|path)\s*=/.test(part) ? ruleParts : faultParts).push(part);
  const rule: FaultRule = { fault: parseFaultSpec(faultParts.join(';')) };
  for (const [key, value] of options(ruleParts)) {
    if (key === 'times') rule.times = nonNegativeInt(value, 'times');
    else if (key === 'method' && typeof value === 'string') rule.method = value.toUpperCase();
    else if (key === 'path' && typeof value === 'string') rule.path = value;
  }
  return rule;
}

export function formatFault(fault: Fault): string {
  switch (fault.kind) {
    case 'latency':
      return `latency=${fault.ms}`;
    case 'slow':
      return `slow=${fault.kbPerSecond}`;
    case 'status':
      return `status=${fault.status}${fault.retryAfterSeconds !== undefined ? `;retry-after=${fault.retryAfterSeconds}` : ''}${fault.emptyBody ? ';empty' : ''}`;
    case 'malformedJson':
      return 'malformed';
    case 'html':
      return `html=${fault.status}`;
    case 'drift':
      return `drift=${fault.drift}`;
    case 'refuse':
      return `refuse=${fault.reason}`;
    case 'hangAfterHandling':
      return 'hang-after';
    case 'resetAfterHandling':
      return 'reset-after';
    case 'statusAfterHandling':
      return `status-after=${fault.status}`;
    default:
      return fault.kind;
  }
}

/** Accepts a FaultRule object (fault as an object or a spec string) or a rule spec string. */
export function normalizeRule(input: unknown): FaultRule {
  if (typeof input === 'string') return parseFaultRule(input);
  if (!input || typeof input !== 'object') throw new Error('a fault rule is a spec string or {fault, method?, path?, times?}');
  const raw = input as Record<string, unknown>;
  const fault = typeof raw.fault === 'string' ? parseFaultSpec(raw.fault) : validateFault(raw.fault);
  const rule: FaultRule = { fault };
  if (raw.method !== undefined) {
    if (typeof raw.method !== 'string') throw new Error('method must be a string');
    rule.method = raw.method.toUpperCase();
  }
  if (raw.path !== undefined) {
    if (typeof raw.path !== 'string') throw new Error('path must be a string');
    if (raw.path.startsWith('^')) new RegExp(raw.path);
    rule.path = raw.path;
  }
  if (raw.times !== undefined) {
    if (typeof raw.times !== 'number' || !Number.isSafeInteger(raw.times) || raw.times < 0) throw new Error('times must be a whole number');
    rule.times = raw.times;
  }
  return rule;
}

function validateFault(value: unknown): Fault {
  if (!value || typeof value !== 'object') throw new Error('fault must be an object with a kind');
  // Round-trip through the spec syntax: one place knows what a valid fault is.
  const parsed = parseFaultSpec(formatFault(value as Fault));
  if (parsed.kind !== (value as Fault).kind) throw new Error(`unknown fault kind "${String((value as Fault).kind)}"`);
  return parsed;
}

export interface FaultPlan {
  latencyMs: number;
  fault?: Fault;
  /** What was applied, in spec syntax, for the request log. */
  label?: string;
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
  pathRegExp?: RegExp;
}

/**
 * The process-wide rules. Latency composes: every matching latency rule (and header) adds its delay.
 * Of the other faults one applies: the header's, else the first matching rule's. Only rules that
 * applied count towards their `times`.
 */
export class FaultBook {
  private active: ActiveRule[] = [];

  set(rules: FaultRule[]): void {
    this.active = [];
    for (const rule of rules) this.add(rule);
  }

  add(rule: FaultRule): void {
    const normalized = normalizeRule(rule);
    this.active.push({
      rule: normalized,
      remaining: normalized.times ?? Infinity,
      pathRegExp: normalized.path?.startsWith('^') ? new RegExp(normalized.path) : undefined,
    });
  }

  clear(): void {
    this.active = [];
  }

  list(): FaultRule[] {
    return this.active.map(({ rule, remaining }) => ({ ...rule, ...(Number.isFinite(remaining) ? { times: remaining } : {}) }));
  }

  plan(method: string, path: string, headerFault: Fault | undefined): FaultPlan {
    const plan: FaultPlan = { latencyMs: 0 };
    const labels: string[] = [];
    const apply = (fault: Fault) => {
      if (fault.kind === 'latency') plan.latencyMs += fault.ms;
      else plan.fault = fault;
      labels.push(formatFault(fault));
    };
    // A refusal stands for POST /runs' or /batches' answer: other requests pass it by and do not use up its `times`.
    const applies = (fault: Fault) => fault.kind !== 'refuse' || (method === 'POST' && CREATE_PATHS.has(path));
    if (headerFault && applies(headerFault)) apply(headerFault);
    for (const entry of this.active) {
      if (entry.remaining <= 0 || !this.matches(entry, method, path) || !applies(entry.rule.fault)) continue;
      if (entry.rule.fault.kind !== 'latency' && plan.fault) continue;
      apply(entry.rule.fault);
      entry.remaining--;
    }
    this.active = this.active.filter((e) => e.remaining > 0);
    if (labels.length > 0) plan.label = labels.join(' + ');
    return plan;
  }

  private matches(entry: ActiveRule, method: string, path: string): boolean {
    if (entry.rule.method && entry.rule.method.toUpperCase() !== method.toUpperCase()) return false;
    if (entry.rule.path === undefined) return true;
    return entry.pathRegExp ? entry.pathRegExp.test(path) : path.includes(entry.rule.path);
  }
}

// ---- JSON transforms -------------------------------------------------------------------------

const UNKNOWN_ENUM: Record<string, string> = { status: 'paused', runsStatus: 'flaky', executionStatus: 'paused', nodeKind: 'quantum' };

/** Which entity an object under a given key is (for `nulls`). */
const ENTITY_BY_KEY: Record<string, string> = {
  batch: 'batch',
  batches: 'batch',
  run: 'run',
  runs: 'run',
  executions: 'execution',
  record: 'record',
  records: 'record',
  span: 'span',
  spans: 'span',
  trace: 'trace',
  traces: 'trace',
  workflow: 'workflow',
  workflows: 'workflow',
  lastBatch: 'lastBatch',
  deployedRelease: 'deployedRelease',
  release: 'release',
  releases: 'release',
  play: 'play',
  plays: 'play',
  tool: 'tool',
  tools: 'tool',
};
const PARENTS = ['parentNodeUuid', 'parentBatchUuid', 'parentAgentUuid', 'parentChatUuid', 'parentMessageUuid', 'isGroupParent'];
/** Fields Cargo's types declare `| null`, per entity. */
const NULLABLE: Record<string, readonly string[]> = {
  batch: ['userUuid', 'releaseUuid', 'nodes', 'traceUuid', 'errorMessage', 'runsStatus', 'finishedAt'],
  run: ['userUuid', 'releaseUuid', 'nodes', 'batchUuid', 'parentUuid', ...PARENTS, 'errorMessage', 'finishedAt', 'deletedAt'],
  execution: [
    'nodeBatchUuid',
    'nodeRunUuid',
    'nodeMessageUuid',
    'nodeChildIndex',
    'nextNodeUuid',
    'errorMessage',
    'title',
    'iconUrl',
    'startedAt',
    'updatedAt',
    'finishedAt',
    'nodeReleaseUuid',
  ],
  record: ['userUuid', 'releaseUuid', 'nodes', 'batchUuid', 'parentRunUuid', ...PARENTS, 'errorMessage', 'finishedAt'],
  span: [
    'userUuid',
    'parentRunUuid',
    ...PARENTS,
    'nodeConnectorUuid',
    'nodeIntegrationSlug',
    'nodeToolUuid',
    'nodeAgentUuid',
    'nodeReleaseUuid',
    'nodeBatchUuid',
    'nodeRunUuid',
    'nodeMessageUuid',
    'nodeChildIndex',
    'nodeNextUuid',
    'executionErrorMessage',
    'executionTitle',
    'executionIconUrl',
    'executionFinishedAt',
  ],
  trace: ['rootRunUuid', 'rootRecordId', 'rootRecordTitle', 'rootUserUuid', 'chatUuid', 'agentUuid', 'finishedAt'],
  workflow: ['deletedAt', 'playUuid', 'toolUuid', 'folderUuid', 'template', 'lastBatch', 'deployedRelease'],
  lastBatch: ['runsStatus', 'errorMessage', 'finishedAt'],
  deployedRelease: ['description', 'version', 'formFields', 'templateSlug', 'deployedAt'],
  release: ['parentUuid', 'description', 'version', 'formFields', 'templateSlug', 'deployedAt', 'deletedAt'],
  play: ['description', 'schedule', 'folderUuid', 'deletedAt'],
  tool: ['folderUuid', 'description', 'publicForm', 'deletedAt'],
};
const OPAQUE_KEYS = new Set(['runContext', 'runComputedConfigs', 'config', 'data']);
const REQUIRED_KEYS = ['uuid', 'runUuid', 'nodeUuid', 'status', 'executionStatus'];

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => !!v && typeof v === 'object' && !Array.isArray(v);
/** Without a prototype, so a `__proto__` key in the data stays an ordinary key. */
const bare = (): Record<string, Json> => Object.create(null) as Record<string, Json>;

function mapObjects(value: Json, fn: (obj: Record<string, Json>, key: string | undefined) => Record<string, Json>, key?: string): Json {
  if (Array.isArray(value)) return value.map((v) => mapObjects(v, fn, key));
  if (!isObject(value)) return value;
  const out = bare();
  for (const [k, v] of Object.entries(value)) out[k] = mapObjects(v, fn, k);
  return fn(out, key);
}

export function drift(payload: Json, kind: DriftKind): Json {
  switch (kind) {
    case 'unknownEnum':
      return mapObjects(payload, (obj) => {
        for (const [field, replacement] of Object.entries(UNKNOWN_ENUM)) if (typeof obj[field] === 'string') obj[field] = replacement;
        return obj;
      });
    case 'extraFields':
      return mapObjects(payload, (obj) => ({ ...obj, simUnknownField: 'added by drift=extraFields', simUnknownObject: { nested: [1, 'two', null] } }));
    case 'missingField': {
      if (!isObject(payload)) return payload;
      const out = structuredClone(payload);
      let dropped = false;
      for (const value of Object.values(out)) {
        const target = Array.isArray(value) ? value[0] : value;
        if (!isObject(target)) continue;
        for (const field of REQUIRED_KEYS) {
          if (!(field in target)) continue;
          delete target[field];
          dropped = true;
        }
      }
      if (!dropped && 'count' in out) delete out.count;
      return out;
    }
    case 'nulls':
      return nullify(payload, undefined);
    case 'wrongType':
      return wrongType(payload);
  }
}

/** Required numbers of Cargo's types, tried first (then REQUIRED_KEYS' strings: see wrongType). */
const NUMBER_KEYS = ['runsCount', 'executionIndex', 'spansCount', 'successExecutionsCount', 'count'];

/**
 * One field of the response's main object gets the wrong type: its first item (a list's first), or the
 * object itself (`{run}`, `{batch}`), else the top level (count responses). A required number becomes its
 * text (`3` → `"3"`); where there is none, `uuid` (or another required string) becomes the number 12345.
 * An empty list and `{}` are left as they are.
 */
function wrongType(payload: Json): Json {
  if (!isObject(payload)) return payload;
  const out = structuredClone(payload);
  const mains: Record<string, Json>[] = [];
  for (const value of Object.values(out)) {
    const target = Array.isArray(value) ? value[0] : value;
    if (isObject(target)) mains.push(target);
  }
  mains.push(out);
  for (const target of mains) {
    const number = NUMBER_KEYS.find((key) => typeof target[key] === 'number');
    if (number !== undefined) {
      target[number] = String(target[number]);
      return out;
    }
    const text = REQUIRED_KEYS.find((key) => typeof target[key] === 'string');
    if (text !== undefined) {
      target[text] = 12345;
      return out;
    }
  }
  return out;
}

function nullify(value: Json, entity: string | undefined): Json {
  if (Array.isArray(value)) return value.map((v) => nullify(v, entity));
  if (!isObject(value)) return value;
  const out = bare();
  for (const [k, v] of Object.entries(value)) out[k] = OPAQUE_KEYS.has(k) ? v : nullify(v, ENTITY_BY_KEY[k]);
  for (const field of entity ? (NULLABLE[entity] ?? []) : []) out[field] = null;
  return out;
}

const HOSTILE_KEYS = new Set(['title', 'recordTitle', 'errorMessage', 'executionTitle', 'executionErrorMessage', 'name', 'rootRecordTitle', 'expression']);

/** Replaces titles, names, error messages and every string in run contexts with hostile strings. */
export function hostilize(payload: Json): Json {
  let counter = 0;
  const next = () => hostileString(counter++);
  const everyString = (value: Json): Json => {
    if (typeof value === 'string') return next();
    if (Array.isArray(value)) return value.map(everyString);
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, everyString(v)]));
    return value;
  };
  const walk = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(walk);
    if (!isObject(value)) return value;
    const out = bare();
    for (const [k, v] of Object.entries(value)) {
      if (k === 'runContext' || k === 'runComputedConfigs') out[k] = everyString(v);
      else if (HOSTILE_KEYS.has(k) && typeof v === 'string') out[k] = next();
      else out[k] = walk(v);
    }
    return out;
  };
  return walk(payload);
}
