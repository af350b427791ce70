// The benchmark's simulator in a worker thread (of the benchmark's own bundle), for rows that time
// the extension's side while the simulator builds big answers: in the same thread, building a 50 MB
// response (about a second of synchronous work) would stall the code being measured, which a remote
// Cargo never does. Requests and faults go over HTTP, as for the e2e tests' simulator.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Fixtures, RequestLogEntry, SimulatorOptions } from '../test/simulator/types';
import { benchSimulator } from './harness';

const ROLE = 'cargo-bench-simulator';

export interface RemoteSimulator {
  /** e.g. 'http://127.0.0.1:PORT/v1'. */
  readonly url: string;
  readonly token: string;
  readonly fixtures: Fixtures;
  /** The API requests since the log was last cleared (GET /__sim/requests). */
  requests(): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
  close(): Promise<void>;
}

/** benchSimulator(options) (50 ms latency), in a worker thread. */
export async function workerSimulator(options: SimulatorOptions = {}): Promise<RemoteSimulator> {
  const worker = new Worker(__filename, { workerData: { role: ROLE, options } });
  const ready = await new Promise<{ url: string; token: string; fixtures: Fixtures }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const origin = new URL(ready.url).origin;
  return {
    ...ready,
    requests: async () =>
      ((await (await fetch(`${origin}/__sim/requests`)).json()) as { requests: RequestLogEntry[] }).requests.filter((r) => r.path.startsWith('/v1/')),
    clearRequests: async () => {
      await (await fetch(`${origin}/__sim/requests`, { method: 'DELETE' })).arrayBuffer();
    },
    close: async () => {
      const closed = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}

/** In the worker: the simulator, until the benchmark says 'close'. */
async function serve(options: SimulatorOptions): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const sim = await benchSimulator(options);
  port.on('message', (message: unknown) => {
    if (message === 'close') void sim.close().then(() => port.postMessage('closed'));
  });
  port.postMessage({ url: sim.url, token: sim.token, fixtures: sim.fixtures });
}

const data = workerData as { role?: string; options?: SimulatorOptions } | null;
if (!isMainThread && data?.role === ROLE) void serve(data.options ?? {});
