// JSON text spliced into a response as is: values JSON.stringify cannot produce (it recurses, so a
// value nested 20,000 levels deep overflows the stack) but a real API can send.

/** A value that serialises to exactly `text`. Its text is private, so the fault transforms that walk payloads leave it out. */
export class RawJson {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }
  get text(): string {
    return this.#text;
  }
}

/** `{"level":{"level":…{"level":"bottom"}…}}`, `levels` objects deep. */
export function deeplyNested(levels: number): RawJson {
  return new RawJson(`${'{"level":'.repeat(levels)}"bottom"${'}'.repeat(levels)}`);
}

/** JSON.stringify, with every RawJson spliced in as its text. */
export function toJsonText(payload: unknown): string {
  const spliced: string[] = [];
  const text = JSON.stringify(payload, (_key, value: unknown) => {
    if (!(value instanceof RawJson)) return value;
    spliced.push(value.text);
    return `\u0000raw:${spliced.length - 1}\u0000`;
  });
  if (spliced.length === 0) return text;
  // The marker holds a NUL, which JSON.stringify escapes inside any real string: only ours match.
  return text.replace(/"\\u0000raw:(\d+)\\u0000"/g, (_match, index: string) => spliced[Number(index)] as string);
}
