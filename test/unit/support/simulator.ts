// The Cargo API simulator for a test file (or a describe block), set up one way: started before its
// tests, closed after them, its faults and request log cleared before each test (a test sees its own
// requests only), and clients of it with the file's test-sized timings.
import { after, before, beforeEach } from 'node:test';
import { CargoClient, type CargoClientOptions } from '../../../src/api/client';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';

export interface SimulatorUse extends Simulator {
  /** A client of the simulator: its URL and token, the file's defaults, then `options`. */
  client(options?: Partial<CargoClientOptions>): CargoClient;
  /**
   * Resolves once the simulator runs. A file's own top-level `before` awaits it: Node runs a file's
   * top-level hooks without waiting for one another (in a describe block they wait).
   */
  readonly started: Promise<Simulator>;
}

/**
 * Call at the top of a file or a describe block. What it returns is the running simulator (read its
 * properties in tests and hooks, once it has started) with `client()` beside it.
 */
export function useSimulator(options: SimulatorOptions = {}, clientDefaults: Partial<CargoClientOptions> = {}): SimulatorUse {
  let started: Simulator | undefined;
  let settle: { resolve(sim: Simulator): void; reject(error: unknown): void } | undefined;
  const whenStarted = new Promise<Simulator>((resolve, reject) => (settle = { resolve, reject }));
  // Awaited or not, a failed start is the hook's failure, not an unhandled rejection.
  whenStarted.catch(() => {});
  before(async () => {
    try {
      started = await startSimulator({ port: 0, ...options });
      settle?.resolve(started);
    } catch (error) {
      settle?.reject(error);
      throw error;
    }
  });
  after(async () => {
    await started?.close();
    started = undefined;
  });
  beforeEach(() => {
    started?.clearFaults();
    started?.clearRequests();
  });
  const running = (): Simulator => {
    if (!started) throw new Error('The simulator is not running: use it in tests and hooks, not while the file is being read.');
    return started;
  };
  const client = (overrides: Partial<CargoClientOptions> = {}) =>
    new CargoClient({ baseUrl: running().url, token: running().token, ...clientDefaults, ...overrides });
  return new Proxy({} as SimulatorUse, {
    get: (_target, key) => {
      if (key === 'client') return client;
      if (key === 'started') return whenStarted;
      const sim = running();
      const value = Reflect.get(sim, key, sim) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(sim) : value;
    },
  });
}
