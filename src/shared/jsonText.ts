// A JSON value as text, without recursion: JSON.stringify recurses, so a value nested some thousands
// of levels deep (which JSON.parse accepts) throws RangeError, and its indentation grows with the
// square of the depth. Used for what shows a value as text: error documents, hovers, the run panel's
// raw view and "Copy value".

/** Deeper than this, a value stays on one line: indentation would outgrow the content (as prettyJson). */
const MAX_INDENTED_DEPTH = 64;

interface Frame {
  readonly container: Record<string, unknown> | unknown[];
  /** The object's keys shown, in JSON.stringify's order; undefined for an array. */
  readonly keys: readonly string[] | undefined;
  readonly size: number;
  next: number;
  readonly depth: number;
}

/**
 * `value` as JSON.stringify(value, null, indent) writes it (same keys, order and spelling), at any
 * depth: JSON.stringify's own when it can (it is faster), else written here without recursion, the
 * indentation stopping at MAX_INDENTED_DEPTH levels. With `maxLength`, the text written here stops
 * once it is that long (it may go past it by the last piece written): for a preview of a huge value.
 * For JSON values (as JSON.parse makes them): no cycles, no toJSON but Date's. Undefined at the top is "null".
 */
export function jsonText(value: unknown, indent = '', maxLength = Number.POSITIVE_INFINITY): string {
  try {
    return JSON.stringify(value, null, indent) ?? 'null';
  } catch (error) {
    // Nested deeper than the stack allows (some thousands of levels).
    if (!(error instanceof RangeError)) throw error;
    return jsonTextWithoutRecursion(value, indent, maxLength);
  }
}

/** jsonText without recursion. */
export function jsonTextWithoutRecursion(value: unknown, indent = '', maxLength = Number.POSITIVE_INFINITY): string {
  let out = '';
  const newlines: string[] = [];
  const newline = (depth: number) => {
    if (!indent || depth > MAX_INDENTED_DEPTH) return '';
    return (newlines[depth] ??= `\n${indent.repeat(depth)}`);
  };
  const colon = indent ? ': ' : ':';
  const stack: Frame[] = [];

  const writeValue = (raw: unknown, depth: number) => {
    const item = raw instanceof Date ? raw.toJSON() : raw;
    if (item === null || typeof item !== 'object') {
      out += primitive(item);
      return;
    }
    const container = item as Record<string, unknown> | unknown[];
    const keys = Array.isArray(container) ? undefined : Object.keys(container).filter((key) => isShown(container[key]));
    const size = keys ? keys.length : (container as unknown[]).length;
    if (size === 0) {
      out += keys ? '{}' : '[]';
      return;
    }
    out += keys ? '{' : '[';
    stack.push({ container, keys, size, next: 0, depth });
  };

  writeValue(value, 0);
  while (stack.length > 0 && out.length < maxLength) {
    const frame = stack[stack.length - 1] as Frame;
    if (frame.next >= frame.size) {
      stack.pop();
      out += `${newline(frame.depth)}${frame.keys ? '}' : ']'}`;
      continue;
    }
    const index = frame.next++;
    out += `${index > 0 ? ',' : ''}${newline(frame.depth + 1)}`;
    if (frame.keys) {
      const key = frame.keys[index] as string;
      out += `${JSON.stringify(key)}${colon}`;
      writeValue((frame.container as Record<string, unknown>)[key], frame.depth + 1);
    } else writeValue((frame.container as unknown[])[index], frame.depth + 1);
  }
  return out;
}

/** What JSON.stringify leaves out of an object: undefined, functions, symbols. */
function isShown(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

function primitive(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return String(value);
    case 'bigint':
      return String(value);
    default:
      // null; undefined, a function or a symbol in an array (objects leave them out, see isShown).
      return 'null';
  }
}
