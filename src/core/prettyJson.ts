// JSON text laid out for reading, without parsing it: keys keep their order (JSON.parse would move
// integer-like keys first), numbers their spelling, and depth costs no stack.

/** Deeper than this, a value stays on one line: indentation would outgrow the content. */
const MAX_INDENTED_DEPTH = 64;

/**
 * `text` (JSON) with two-space indentation, one entry per line. Text that is not JSON comes back
 * re-spaced but otherwise as it was; nothing is added or dropped but white space outside strings.
 */
export function prettyJson(text: string, indent = '  '): string {
  // A string built by +=: V8 joins the pieces lazily, faster here than an array of them.
  let out = '';
  let depth = 0;
  let inString = false;
  let start = 0;
  const newlines: string[] = [];
  const newline = (level: number) => (level <= MAX_INDENTED_DEPTH ? (newlines[level] ??= `\n${indent.repeat(level)}`) : '');
  for (let i = 0; i < text.length; i++) {
    if (inString) {
      // To the closing quote in one search (a 1 MB string costs that, not a step per character): the
      // next quote not escaped, i.e. after an even number of backslashes.
      let quote = text.indexOf('"', i);
      while (quote >= 0 && escaped(text, quote)) quote = text.indexOf('"', quote + 1);
      if (quote < 0) break;
      i = quote;
      inString = false;
      continue;
    }
    const char = text[i];
    switch (char) {
      case '"':
        inString = true;
        break;
      case '{':
      case '[': {
        const next = nextNonSpace(text, i + 1);
        out += text.slice(start, i + 1);
        start = i + 1;
        depth++;
        // Empty containers stay "{}" and "[]".
        if (text[next] !== '}' && text[next] !== ']') out += newline(depth);
        else {
          out += text[next] as string;
          depth--;
          i = next;
          start = next + 1;
        }
        break;
      }
      case '}':
      case ']':
        out += text.slice(start, i).trimEnd();
        depth--;
        out += newline(depth) + char;
        start = i + 1;
        break;
      case ',':
        out += `${text.slice(start, i).trimEnd()},${newline(depth)}`;
        start = skipSpace(text, i + 1);
        i = start - 1;
        break;
      case ':':
        out += `${text.slice(start, i).trimEnd()}: `;
        start = skipSpace(text, i + 1);
        i = start - 1;
        break;
      case ' ':
      case '\n':
      case '\r':
      case '\t':
        if (i === start) start = i + 1;
        break;
    }
  }
  out += text.slice(start);
  return out.trim();
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

function nextNonSpace(text: string, from: number): number {
  return skipSpace(text, from);
}

/** Whether the character at `at` is escaped: an odd number of backslashes before it. */
function escaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; i >= 0 && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}
