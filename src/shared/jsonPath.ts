// One way to write where a value is in a JSON document, for people: `runContext.start.utm[0]["a b"]`.

/**
 * ['runContext', 'start', 'utm', 0, 'a b'] → 'runContext.start.utm[0]["a b"]': identifiers with a
 * dot, array indexes in brackets, any other key quoted. `maxKeyLength` shortens quoted keys (for
 * messages; a path meant to be copied keeps every key whole).
 */
export function jsonPath(path: readonly PropertyKey[], maxKeyLength = Infinity): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key)).slice(0, maxKeyLength)}]`;
  }
  return out;
}
