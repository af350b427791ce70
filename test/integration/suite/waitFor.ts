// Waiting for a condition inside the extension host (never for a fixed time).

/** `find()` once it is defined, checked every 50 ms; undefined after `timeoutMs` (the caller asserts). */
export async function waitFor<T>(find: () => T | undefined, timeoutMs = 5_000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `find()` (async) once it resolves to something defined, asked again 100 ms after each answer; undefined after `timeoutMs`. */
export async function waitForAsync<T>(find: () => Promise<T | undefined>, timeoutMs = 5_000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
