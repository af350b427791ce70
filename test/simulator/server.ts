// The HTTP side: node:http server, bearer auth, request log, fault injection, /__sim control
// endpoints, and a close() that does not wait for hanging requests.
import { toJsonText } from './rawJson';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createBatch, startBatchBody, startBatchStepMs } from './batches';
import { drift, FaultBook, formatFault, hostilize, normalizeRule, parseFaultSpec } from './faults';
import { failureReportFor } from './failures';
import { LiveFeed } from './liveFeed';
import { ApiError, Params, parseQuery } from './params';
import { API_PREFIX, batchRefusal, matchRoute, MAX_EXECUTIONS, runRefusal } from './routes';
import type { Fault, FaultRule, RequestLogEntry, Simulator, SimulatorOptions, StartBatchOptions } from './types';
import { batchJson } from './views';
import { createWorld } from './world';

const MAX_BODY_BYTES = 20 * 1024 * 1024;

const REASON_BY_STATUS: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'notFound',
  408: 'requestTimeout',
  409: 'conflict',
  429: 'tooManyRequests',
  500: 'internalServerError',
  502: 'badGateway',
  503: 'serviceUnavailable',
  504: 'gatewayTimeout',
};

/** What is said when something fails after the request was handled (`status-after`), by status; else a generic message. */
const AFTER_HANDLING_MESSAGE: Record<number, string> = {
  500: 'Internal server error',
  502: 'Upstream service timed out',
  503: 'Service temporarily unavailable',
  504: 'Gateway timeout',
};

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  401: 'Authorization Required',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? 'dev-token';
  const world = createWorld({
    seed: options.seed ?? 1,
    scale: Math.max(0, Math.floor(options.scale ?? 1000)),
    stepMs: Math.max(1, options.stepMs ?? 1500),
    hostile: options.hostile ?? false,
    bigContextBytes: options.bigContextBytes,
    manyExecutions: options.manyExecutions === undefined ? undefined : Math.min(MAX_EXECUTIONS, Math.max(0, Math.floor(options.manyExecutions))),
    now: Date.now(),
  });
  const clock = new SimClock();
  const feed = options.liveEveryMs ? new LiveFeed(world, Math.max(1, options.liveEveryMs), Math.max(1, options.liveStepMs ?? world.stepMs)) : undefined;
  /** The moment the world is seen at, with the batches the live feed has started by then. */
  const now = (): number => {
    const time = clock.now();
    feed?.catchUp(time);
    return time;
  };
  const faults = new FaultBook();
  faults.set(options.faults ?? []);
  const requests: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<() => void>();
  /** Not listening: stopped (until start()) or closed (for good). Requests in flight give up. */
  let closed = false;
  let closedForGood = false;

  /** Resolves after `ms`, or at once (false) when the simulator closes first. */
  const sleep = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const wake = (done: boolean) => {
        clearTimeout(handle);
        timers.delete(cancel);
        resolve(done);
      };
      const cancel = () => wake(false);
      const handle = setTimeout(() => wake(true), ms);
      timers.add(cancel);
    });

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { errorMessage: `Simulator bug: ${String(error)}`, reason: 'internalServerError' });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 5_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const time = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://simulator.invalid');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const query = parseQuery(url.search);
    let bodyText: string;
    try {
      bodyText = await readBody(req);
    } catch (error) {
      sendJson(res, 413, { errorMessage: String(error instanceof Error ? error.message : error), reason: 'payloadTooLarge' });
      return;
    }
    let body: unknown;
    let bodyIsJson = true;
    if (bodyText.trim() !== '') {
      try {
        body = JSON.parse(bodyText);
      } catch {
        body = bodyText;
        bodyIsJson = false;
      }
    }

    if (path === '/__sim' || path.startsWith('/__sim/')) {
      control(method, path, query, body, bodyIsJson, res);
      return;
    }

    const entry: RequestLogEntry = { method, path, query, body, time, status: 0, bytes: 0 };
    requests.push(entry);
    const respond = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      entry.bytes = sendJson(res, status, payload, headers);
    };

    let headerFault: Fault | undefined;
    const spec = req.headers['x-sim-fault'];
    if (typeof spec === 'string' && spec.trim() !== '') {
      try {
        headerFault = parseFaultSpec(spec);
      } catch (error) {
        respond(400, { errorMessage: `x-sim-fault: ${(error as Error).message}`, reason: 'invalidSimFault' });
        return;
      }
    }
    const plan = faults.plan(method, path, headerFault);
    if (plan.label) entry.fault = plan.label;
    if (plan.latencyMs > 0 && !(await sleep(plan.latencyMs))) return;
    if (closed) return;

    const fault = plan.fault;
    if (fault?.kind === 'hang') return; // the socket stays open until the client gives up or close()
    if (fault?.kind === 'reset') {
      req.socket.resetAndDestroy();
      return;
    }
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      if (fault.emptyBody) {
        entry.status = fault.status;
        res.writeHead(fault.status, { ...headers, 'content-length': '0' });
        res.end();
      } else {
        const reason = REASON_BY_STATUS[fault.status] ?? 'simulatedFault';
        respond(fault.status, { errorMessage: `Simulated ${fault.status} (${formatFault(fault)})`, reason }, headers);
      }
      return;
    }
    if (fault?.kind === 'html') {
      const page = proxyErrorPage(fault.status);
      entry.status = fault.status;
      entry.bytes = Buffer.byteLength(page);
      res.writeHead(fault.status, { 'content-type': 'text/html', 'content-length': String(entry.bytes) });
      res.end(page);
      return;
    }
    if (fault?.kind === 'refuse') {
      const workflowUuid = body && typeof body === 'object' ? (body as Record<string, unknown>).workflowUuid : undefined;
      const refusal = path.endsWith('/batches') ? batchRefusal(fault.reason, workflowUuid) : runRefusal(fault.reason, workflowUuid);
      respond(refusal.status, refusal.body());
      return;
    }

    const [status, answered, headers] = answer(method, path, query, body, bodyIsJson, req);
    // A lost answer: the request had its effect (a POST /runs created its run), the client never hears of it.
    if (fault?.kind === 'hangAfterHandling' || fault?.kind === 'resetAfterHandling') {
      entry.status = status;
      if (fault.kind === 'resetAfterHandling') req.socket.resetAndDestroy();
      return;
    }
    // Handled (a POST /runs created its run), then answered with an error as if it had failed.
    if (fault?.kind === 'statusAfterHandling') {
      const errorMessage = AFTER_HANDLING_MESSAGE[fault.status] ?? `Simulated ${fault.status} after the request was handled (${formatFault(fault)})`;
      respond(fault.status, { errorMessage, reason: REASON_BY_STATUS[fault.status] ?? 'simulatedFault' });
      return;
    }
    if (fault?.kind === 'empty') {
      // Handled (a POST /runs created its run), answered 200 with nothing in it.
      entry.status = 200;
      res.writeHead(200, { 'content-length': '0' });
      res.end();
      return;
    }
    let payload = answered;
    if (fault?.kind === 'drift') payload = drift(payload, fault.drift);
    if (fault?.kind === 'hostile') payload = hostilize(payload);
    if (fault?.kind === 'malformedJson') {
      const text = toJsonText(payload);
      const broken = `${text.slice(0, Math.max(1, Math.floor(text.length / 2)))}\u0000<html>502 Bad Gateway</html>`;
      entry.status = 200;
      entry.bytes = Buffer.byteLength(broken);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(entry.bytes) });
      res.end(broken);
      return;
    }
    if (fault?.kind === 'truncated') {
      const bytes = Buffer.from(toJsonText(payload));
      entry.status = status;
      entry.bytes = Math.floor(bytes.length / 2);
      res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(bytes.length) });
      res.write(bytes.subarray(0, entry.bytes), () => res.destroy());
      return;
    }
    if (fault?.kind === 'slow') {
      entry.status = status;
      entry.bytes = sendSlowly(res, status, payload, headers, fault.kbPerSecond);
      return;
    }
    respond(status, payload, headers);
  }

  /** Sends `payload` as JSON in pieces, about `kbPerSecond` KB a second (the pieces stop when the simulator closes). Returns the bytes of the body. */
  function sendSlowly(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string>, kbPerSecond: number): number {
    const body = Buffer.from(toJsonText(payload));
    res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) });
    // Ten pieces a second.
    const piece = Math.max(1, Math.round((kbPerSecond * 1024) / 10));
    const next = async (offset: number): Promise<void> => {
      if (res.destroyed || closed) return;
      const end = Math.min(body.length, offset + piece);
      if (end === body.length) {
        res.end(body.subarray(offset));
        return;
      }
      res.write(body.subarray(offset, end));
      if (await sleep(100)) void next(end);
    };
    void next(0);
    return body.length;
  }

  /** The API proper: auth, then route. Returns [status, payload, headers]. */
  function answer(
    method: string,
    path: string,
    query: Record<string, string | string[]>,
    body: unknown,
    bodyIsJson: boolean,
    req: IncomingMessage,
  ): [number, unknown, Record<string, string>] {
    try {
      if (path === '/v1' || path.startsWith('/v1/')) {
        const auth = req.headers.authorization ?? '';
        const match = /^Bearer\s+(.+)$/i.exec(auth.trim());
        if (!match) throw new ApiError(401, 'unauthorized', 'Missing bearer token: send "Authorization: Bearer <API token>"');
        if (match[1] !== token) throw new ApiError(401, 'unauthorized', 'Invalid or expired API token');
      }
      if (!path.startsWith(API_PREFIX)) throw new ApiError(404, 'notFound', `No route for ${method} ${path}`);
      const route = matchRoute(method, path.slice(API_PREFIX.length));
      if (!bodyIsJson) throw new ApiError(400, 'invalidBody', 'The request body is not valid JSON');
      let source: Record<string, unknown> = {};
      if (method === 'GET') source = query;
      else if (body !== undefined) {
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'invalidBody', 'The request body must be a JSON object');
        source = body as Record<string, unknown>;
      }
      const payload = route.handler({ world, now: now(), params: new Params(source), body: method === 'GET' ? {} : source, id: route.id });
      return [200, payload, {}];
    } catch (error) {
      if (error instanceof ApiError) {
        const headers: Record<string, string> = {};
        if (error.status === 405) headers.allow = (error as ApiError & { allowed?: string }).allowed ?? '';
        return [error.status, error.body(), headers];
      }
      return [500, { errorMessage: `Simulator bug: ${error instanceof Error ? error.stack : String(error)}`, reason: 'internalServerError' }, {}];
    }
  }

  /** Answers a control request; returns the bytes sent, as sendJson does. */
  function control(method: string, path: string, query: Record<string, string | string[]>, body: unknown, bodyIsJson: boolean, res: ServerResponse): number {
    const route = `${method} ${path}`;
    try {
      switch (route) {
        case 'GET /__sim/health':
          return sendJson(res, 200, {
            ok: true,
            url: simulator.url,
            seed: world.seed,
            stepMs: world.stepMs,
            startedAt: new Date(world.startedAt).toISOString(),
          });
        case 'GET /__sim/fixtures':
          return sendJson(res, 200, world.fixtures);
        case 'GET /__sim/failures':
          return sendJson(res, 200, failureReportFor(world, query.batchUuid, now()));
        case 'GET /__sim/requests':
          return sendJson(res, 200, { requests });
        case 'DELETE /__sim/requests':
          requests.length = 0;
          return sendJson(res, 200, {});
        case 'GET /__sim/faults':
          return sendJson(res, 200, { faults: faults.list() });
        case 'PUT /__sim/faults': {
          if (!bodyIsJson || !Array.isArray(body))
            throw new ApiError(400, 'invalidBody', 'PUT /__sim/faults takes a JSON array of fault rules (objects or spec strings)');
          faults.set(body.map(normalizeRule));
          return sendJson(res, 200, { faults: faults.list() });
        }
        case 'POST /__sim/faults': {
          if (!bodyIsJson || body === undefined) throw new ApiError(400, 'invalidBody', 'POST /__sim/faults takes one fault rule (object or spec string)');
          faults.add(normalizeRule(body));
          return sendJson(res, 200, { faults: faults.list() });
        }
        case 'DELETE /__sim/faults':
          faults.clear();
          return sendJson(res, 200, {});
        case 'POST /__sim/batches': {
          if (!bodyIsJson) throw new ApiError(400, 'invalidBody', 'POST /__sim/batches takes a JSON object {workflowUuid?, records?, failedRuns?, stepMs?}');
          const time = now();
          const batch = createBatch(world, startBatchBody(world, body), time, startBatchStepMs(body));
          return sendJson(res, 200, { uuid: batch.uuid, batch: batchJson(world, batch, time) });
        }
        case 'POST /__sim/restart': {
          // A server restart: answered first, then down (connections refused) for downMs, then back with its world.
          const isObject = !!body && typeof body === 'object' && !Array.isArray(body);
          const downMs = body === undefined ? 1000 : isObject ? ((body as { downMs?: unknown }).downMs ?? 1000) : undefined;
          if (!bodyIsJson || typeof downMs !== 'number' || !Number.isSafeInteger(downMs) || downMs < 0)
            throw new ApiError(400, 'invalidBody', 'POST /__sim/restart takes {"downMs": N} (whole milliseconds, default 1000)');
          res.once('finish', () => {
            void simulator.stop().then(() => setTimeout(() => void simulator.start().catch(() => undefined), downMs));
          });
          return sendJson(res, 200, { downMs });
        }
        default:
          throw new ApiError(404, 'notFound', `No simulator control route ${route}`);
      }
    } catch (error) {
      if (error instanceof ApiError) return sendJson(res, error.status, error.body());
      return sendJson(res, 400, { errorMessage: error instanceof Error ? error.message : String(error), reason: 'invalidFault' });
    }
  }

  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(options.port ?? 0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);

  /** Stops listening and drops every connection; requests sleeping (latency) or hanging give up. */
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= new Promise<void>((resolve) => {
      closed = true;
      for (const cancel of [...timers]) cancel();
      if (!server.listening) {
        resolve();
        return;
      }
      server.close(() => resolve());
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    });
    return stopping;
  };
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const origin = `http://${urlHost}:${port}`;

  const simulator: Simulator = {
    url: `${origin}/v1`,
    origin,
    port,
    token,
    requests,
    fixtures: world.fixtures,
    setFaults: (rules: FaultRule[]) => faults.set(rules),
    addFault: (rule: FaultRule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    clearRequests: () => {
      requests.length = 0;
    },
    startBatch: (options?: StartBatchOptions) => createBatch(world, startBatchBody(world, options), now(), startBatchStepMs(options)).uuid,
    failures: (batchUuid: string) => failureReportFor(world, batchUuid, now()),
    freezeTime: () => clock.freeze(),
    advanceTime: (ms: number) => clock.advance(ms),
    resumeTime: () => clock.resume(),
    get listening() {
      return !closed;
    },
    stop,
    start: async () => {
      if (closedForGood) throw new Error('The simulator was closed: start a new one');
      if (!closed) return;
      await stop();
      await listen(port);
      stopping = undefined;
      closed = false;
    },
    close: () => {
      closedForGood = true;
      return stop();
    },
  };
  return simulator;
}

/**
 * The moment the world is seen at: the wall clock, unless a test stopped it (freezeTime) or moved it on
 * (advanceTime). Resumed, it runs on from where it stood, so nothing seen goes back in time.
 */
class SimClock {
  private offsetMs = 0;
  private frozenAt: number | undefined;

  now(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  freeze(): void {
    this.frozenAt = this.now();
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error(`advanceTime: expected a number of milliseconds ≥ 0, got ${ms}`);
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  resume(): void {
    if (this.frozenAt === undefined) return;
    this.offsetMs = this.frozenAt - Date.now();
    this.frozenAt = undefined;
  }
}

/** The page a proxy or load balancer (nginx here) answers with when Cargo behind it does not. */
function proxyErrorPage(status: number): string {
  const title = `${status} ${STATUS_TEXT[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** Sends `payload` as JSON; returns the bytes of the body. */
function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): number {
  if (res.destroyed) return 0;
  const text = toJsonText(payload);
  const bytes = Buffer.byteLength(text);
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': String(bytes) });
  res.end(text);
  return bytes;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`Request body over ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
