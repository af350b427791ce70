// Unhandled promise rejections in the extension host, recorded from before the first suite runs (the
// runner's index.ts installs the recorder), for unhandledRejections.test.ts, which runs last. The test
// files are bundled one by one, so the record is shared through a global, not a module.

export interface UnhandledRejection {
  readonly message: string;
  /** The reason's stack, or '' when it is not an Error. */
  readonly stack: string;
}

const KEY = '__cargoRunsUnhandledRejections';

/** Starts recording (once); later calls return the same record. */
export function recordUnhandledRejections(): UnhandledRejection[] {
  const holder = globalThis as { [KEY]?: UnhandledRejection[] };
  if (holder[KEY]) return holder[KEY];
  const record: UnhandledRejection[] = [];
  holder[KEY] = record;
  // Mocha emits a rejection that is not its own again: each promise counts once.
  const seen = new WeakSet<Promise<unknown>>();
  process.on('unhandledRejection', (reason: unknown, promise: Promise<unknown>) => {
    if (seen.has(promise)) return;
    seen.add(promise);
    record.push(reason instanceof Error ? { message: reason.message, stack: reason.stack ?? '' } : { message: String(reason), stack: '' });
  });
  return record;
}
