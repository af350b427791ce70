// One way to write where a value is in a JSON document, for people: `runContext.start.utm[0]["a b"]`.

/**
 * ['runContext', 'start', 'utm', 0, 'a b'] → 'runContext.start.utm[0]["a b"]': identifiers with a
 * dot, array indexes in brackets, any other key quoted. `maxKeyLength` shortens quoted keys (for
 * messages; a path meant to be copied keeps every key whole).
 */
export function jsonPath(path: readonly PropertyKey[], maxKeyLength = Infinity): string {
  let out = '';
  for (const key of path) out = jsonPathWith(out, key, maxKeyLength);
  return out;
}

/** `path` (as jsonPath writes it) one key deeper: for paths built a key at a time. */
export function jsonPathWith(path: string, key: PropertyKey, maxKeyLength = Infinity): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(String(key)).slice(0, maxKeyLength)}]`;
}
