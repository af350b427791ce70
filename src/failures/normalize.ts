// The parts of an error message that may vary from run to run (ids, emails, numbers, quoted values,
// times, URL paths), found so that "429 for contact 8515" and "429 for contact 9921" can be one cause
// (causes.ts groups messages by them and folds only the parts that do vary). Pure and VS Code-free.
//
// The rules, in the order they apply:
// 1. Only the first non-blank line, and only its first SCAN_LIMIT characters, are read: the time is
//    bounded whatever the message's size (a 1 MB message costs what 2,000 characters cost). Every
//    pattern below is also linear on its own, without that bound: no quantifier can split the same
//    text two ways, and each pattern starts only where its lookbehind allows, so a failed attempt
//    inside a word costs O(1) (1 MB of any shape tried takes about 100 ms unbounded).
// 2. White space (tabs, non-breaking spaces, …) becomes single spaces. Nothing else is removed or
//    escaped: markup, right-to-left and invisible characters stay as they were, as text. Making the
//    cause safe to show is each sink's work (src/shared/text.ts).
// 3. In one pass, left to right, these are parts that may vary, shown folded as their placeholder:
//    - a quoted value ('…', "…", `…`, ‘…’, “…”; up to 500 characters, on the line) → "<text>", in
//      its quotes. An apostrophe inside a word (can't, contact's) opens nothing;
//    - of a URL, whatever follows the host (path, query, fragment) → /<path>. The scheme and host
//      stay, lower-cased, without user or password: they say which service failed (numbers in the
//      host, a port or a tenant's id, are parts like any other, below);
//    - an email address → <email>;
//    - a bare domain name ending in a common top-level domain (acme.com, eu.acme.io; not
//      nodes.start.score nor main.py) → <domain>: outside a URL a domain is usually the record's;
//    - a uuid (with dashes, any case) → <uuid>;
//    - an ISO date or date-time (2026-03-12, 2026-03-12T10:15:30.123Z, with a space or an offset)
//      and a time of day with seconds (10:15:30) → <time>.
// 4. Then over each word (letters, digits and _, with . or , inside it):
//    - a number (42, 3.14, 1,234.5, 10.0.0.1) → <n>, except an HTTP status: a whole number from 100
//      to 599 right after "responded", "returned", "status", "status code", "code", "HTTP",
//      "HTTP/1.1", "error" (with an optional ":", "=", "#", "(" or "with" between), or right before
//      a reason phrase ("Forbidden", "Too Many Requests", …). A status is no part: "responded 429"
//      and "responded 500" are two causes, while "company 404" varies like any number;
//    - a part of a word that is a hex id of 6 characters or more with a digit (5f8d0d55b547) → <n>;
//    - a part of 10 characters or more in which digits come in two separate runs or more (ULIDs,
//      Stripe-style ch_3MmlLrLkdIwHu7ix0snN0B15) → <n>;
//    - digits that start a word and are followed by a unit (30000ms, 1.5s, 100MB) → <n>;
//    - digits inside a word (contact8515, id_90210, lead17) → <n>. Three digits or more are an id;
//      one or two are a *weak* part: usually part of a name (v2, oauth2, gpt4o, s3, base64, utf8),
//      an id only when they take many values across a group (causes.ts decides).
//    Then numbers joined by . or , (what was 1.5) are one part.
// 5. The folded form is cut at MAX_CAUSE_LENGTH characters ("…" marks the cut): what lies beyond
//    tells no causes apart.

import { sliceWhole } from '../shared/text';
import { UUID_SHAPE } from '../shared/uuid';

/** The longest cause; longer ones are cut, marked with "…". */
export const MAX_CAUSE_LENGTH = 300;
/** How much of the first line is read: far more than a MAX_CAUSE_LENGTH cause is folded from. */
const SCAN_LIMIT = 2000;

const QUOTED = String.raw`(?<![\w'])'[^'\n]{0,500}'(?!\w)|"[^"\n]{0,500}"|\x60[^\x60\n]{0,500}\x60|‘[^’\n]{0,500}’|“[^”\n]{0,500}”`;
// Scheme, then everything up to white space, a quote or an angle bracket. The scheme is bounded, so a
// long word that is not one fails fast.
const URL_PATTERN = String.raw`(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/[^\s'"<>\x60]*`;
const EMAIL = String.raw`(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+`;
const DOMAIN = String.raw`(?<![\w.@-])(?:[A-Za-z0-9-]{1,63}\.)+(?:com|net|org|io|ai|co|dev|app|xyz|tech|info|biz|cloud|site|online|store|us|uk|ca|de|fr|es|nl|eu|au|jp|ch|se|be|br|gov|edu)(?![\w-]|\.\w)`;
const UUID = String.raw`(?<![0-9A-Fa-f])${UUID_SHAPE}(?![0-9A-Fa-f])`;
const OFFSET = String.raw`(?:Z|[+-]\d{2}:?\d{2})?`;
const ISO_DATE = String.raw`(?<!\w)\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?${OFFSET})?(?!\w)`;
const TIME_OF_DAY = String.raw`(?<![\w:.])\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?${OFFSET}(?![\w:])`;

/** The first pass: one alternative per kind, in capture groups 1 to 6, tried left to right. */
const STRUCTURED = new RegExp(`(${QUOTED})|(${URL_PATTERN})|(${EMAIL})|(${DOMAIN})|(${UUID})|(${ISO_DATE}|${TIME_OF_DAY})`, 'g');
/** The second pass: a word, with digits joined by . or , kept in it (3.14, 10.0.0.1, 1,234). */
const WORD = /(?<!\w)\w+(?:[.,]\w+)*/g;
const NUMBER = /^\d+(?:[.,]\d+)*$/;

/** Words before a status code, as the end of the text before it. */
const STATUS_BEFORE =
  /(?:\b(?:responded|responds|returned|returns|answered|status|statuscode|status_code|code|https?(?:\/[\d.]+)?|error|err)\s*(?:[:=#(]\s*)?(?:with\s+)?(?:(?:http\s+)?status\s+)?(?:code\s+)?)$/i;
/**
 * Reason phrases after a status code, as the start of the text after it: as HTTP writes them (Title
 * Case, or upper case), so that "company 404 not found" still folds the company's id.
 */
const REASONS = [
  'Bad Request',
  'Unauthorized',
  'Payment Required',
  'Forbidden',
  'Not Found',
  'Method Not Allowed',
  'Not Acceptable',
  'Request Timeout',
  'Conflict',
  'Gone',
  'Precondition Failed',
  'Payload Too Large',
  'Unprocessable Entity',
  'Unprocessable Content',
  'Too Many Requests',
  'Internal Server Error',
  'Not Implemented',
  'Bad Gateway',
  'Service Unavailable',
  'Gateway Timeout',
  'Overloaded',
];
const STATUS_AFTER = new RegExp(`^\\)?:?\\s*(?:${[...REASONS, ...REASONS.map((r) => r.toUpperCase())].join('|')})\\b`);
const UNITS = /^(?:ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|b|kb|mb|gb|tb|k|px)$/i;

/** What a varying part is, as its placeholder names it: <n>, <uuid>, <email>, <domain>, <time>, "<text>", /<path>. */
export type PartKind = 'n' | 'uuid' | 'email' | 'domain' | 'time' | 'text' | 'path';

/** A piece of a message's first line: text that is the same in every message of its shape, or a part that may vary. */
export type CausePart =
  | { readonly kind: 'same'; readonly text: string }
  | {
      readonly kind: PartKind;
      /** As the message has it (a quoted value with its quotes, a path with its slash). */
      readonly text: string;
      /** One or two digits inside a word: a name's (v2) unless they take many values. */
      readonly weak?: true;
    };

/** A varying part as its placeholder: "<text>" keeps the value's quotes (or the ones given), /<path> its slash. */
export function placeholder(part: Exclude<CausePart, { kind: 'same' }>, quotes?: readonly [string, string]): string {
  if (part.kind === 'text') {
    const [open, close] = quotes ?? [part.text.slice(0, 1), part.text.slice(-1)];
    return `${open}<text>${close}`;
  }
  return part.kind === 'path' ? '/<path>' : `<${part.kind}>`;
}

/**
 * The message's first line as parts (see the rules at the top of this file), cut where its folded form
 * reaches MAX_CAUSE_LENGTH ("…" then ends it). [] for a message with no visible first line.
 */
export function causeParts(message: string): CausePart[] {
  const line = firstLineOf(message).replace(/\s+/g, ' ').trim();
  const parts = new Parts();
  let last = 0;
  for (const match of line.matchAll(STRUCTURED)) {
    const [text, quoted, url, email, domain, uuid] = match;
    parts.words(line, last, match.index);
    last = match.index + text.length;
    if (quoted !== undefined) parts.vary('text', text);
    else if (url !== undefined) parts.url(url);
    else if (email !== undefined) parts.vary('email', text);
    else if (domain !== undefined) parts.vary('domain', text);
    else if (uuid !== undefined) parts.vary('uuid', text);
    else parts.vary('time', text);
  }
  parts.words(line, last, line.length);
  return cutParts(parts.list);
}

/**
 * The cause of one message alone: its first line with every part that may vary folded, except weak
 * ones (v2, oauth2), and HTTP status codes kept. '' for a message with no visible first line. What a
 * group's cause is when each of those parts differs between its messages (causes.ts).
 */
export function normalizeErrorMessage(message: string): string {
  return causeParts(message)
    .map((part) => (part.kind === 'same' || ('weak' in part && part.weak) ? part.text : placeholder(part)))
    .join('');
}

/** The parts of a line as they are found, neighbouring same texts joined and neighbouring numbers (1.5, 10.0.0.1) made one. */
class Parts {
  readonly list: CausePart[] = [];

  same(text: string): void {
    if (text === '') return;
    const last = this.list.at(-1);
    if (last?.kind === 'same') this.list[this.list.length - 1] = { kind: 'same', text: last.text + text };
    else this.list.push({ kind: 'same', text });
  }

  vary(kind: PartKind, text: string, weak = false): void {
    // "1" "." "5" → "1.5": a number split by the word's separators is one part.
    const [before, separator] = [this.list.at(-2), this.list.at(-1)];
    if (kind === 'n' && !weak && before?.kind === 'n' && !('weak' in before) && separator?.kind === 'same' && /^[.,]$/.test(separator.text)) {
      this.list.length -= 2;
      this.list.push({ kind: 'n', text: before.text + separator.text + text });
      return;
    }
    this.list.push(weak ? { kind, text, weak: true } : { kind, text });
  }

  /** A URL: scheme and host stay (their words' numbers vary), the rest is a path part, punctuation after it stays. */
  url(url: string): void {
    // Sentence punctuation after a URL is not part of it: "see https://x.io/a)." keeps ")." (a loop,
    // not /[.)…]*$/, which is quadratic on a long run of them).
    let end = url.length;
    while (end > 0 && '.,;:!?)]}'.includes(url[end - 1] as string)) end--;
    const bare = url.slice(0, end);
    const schemeEnd = bare.indexOf('://');
    const rest = bare.slice(schemeEnd + 3);
    const hostEnd = rest.search(/[/?#]/);
    const authority = hostEnd < 0 ? rest : rest.slice(0, hostEnd);
    const host = authority.slice(authority.lastIndexOf('@') + 1);
    const path = hostEnd < 0 ? '' : rest.slice(hostEnd);
    const shown = `${bare.slice(0, schemeEnd)}://${host}`.toLowerCase();
    this.words(shown, 0, shown.length);
    if (path === '' || path === '/') this.same(path);
    else this.vary('path', path);
    this.same(url.slice(end));
  }

  /** The words of line[start, end): a number, or a word's parts with digits; the rest stays. */
  words(line: string, start: number, end: number): void {
    const stretch = line.slice(start, end);
    let last = 0;
    for (const match of stretch.matchAll(WORD)) {
      const word = match[0];
      this.same(stretch.slice(last, match.index));
      last = match.index + word.length;
      if (!/\d/.test(word)) this.same(word);
      else if (NUMBER.test(word)) {
        if (isStatusCode(word, start + match.index, line)) this.same(word);
        else this.vary('n', word);
      } else {
        // Parts between separators (. , _), one by one; the separators stay.
        let at = 0;
        for (const piece of word.matchAll(/[A-Za-z0-9]+/g)) {
          this.same(word.slice(at, piece.index));
          at = piece.index + piece[0].length;
          this.part(piece[0]);
        }
        this.same(word.slice(at));
      }
    }
    this.same(stretch.slice(last));
  }

  private part(part: string): void {
    if (!/\d/.test(part)) return this.same(part);
    if (/^\d+$/.test(part) || (part.length >= 6 && /^[0-9A-Fa-f]+$/.test(part)) || (part.length >= 10 && /\d\D+\d/.test(part))) {
      return this.vary('n', part);
    }
    const leading = /^(\d+)([A-Za-z]+)$/.exec(part);
    if (leading && UNITS.test(leading[2] as string)) {
      this.vary('n', leading[1] as string);
      return this.same(leading[2] as string);
    }
    let at = 0;
    for (const digits of part.matchAll(/\d+/g)) {
      this.same(part.slice(at, digits.index));
      at = digits.index + digits[0].length;
      this.vary('n', digits[0], digits[0].length <= 2);
    }
    this.same(part.slice(at));
  }
}

/** The parts whose folded form fits in MAX_CAUSE_LENGTH characters; when some are left out, "…" ends the last one kept. */
function cutParts(parts: CausePart[]): CausePart[] {
  const lengthOf = (part: CausePart) => (part.kind === 'same' ? part.text.length : placeholder(part).length);
  if (parts.reduce((sum, part) => sum + lengthOf(part), 0) <= MAX_CAUSE_LENGTH) return parts;
  const kept: CausePart[] = [];
  let length = 0;
  for (const part of parts) {
    if (length + lengthOf(part) <= MAX_CAUSE_LENGTH - 1) {
      kept.push(part);
      length += lengthOf(part);
      continue;
    }
    const room = MAX_CAUSE_LENGTH - 1 - length;
    if (part.kind === 'same' && room > 0) kept.push({ kind: 'same', text: sliceWhole(part.text, room) });
    break;
  }
  const tail = kept.at(-1);
  if (tail?.kind === 'same') kept[kept.length - 1] = { kind: 'same', text: `${tail.text}…` };
  else kept.push({ kind: 'same', text: '…' });
  return kept;
}

/** The first line with something visible on it, at most SCAN_LIMIT characters of it. */
function firstLineOf(message: string): string {
  const start = message.search(/\S/);
  if (start < 0) return '';
  const head = sliceWhole(message.slice(start), SCAN_LIMIT);
  const end = head.search(/[\r\n]/);
  return end < 0 ? head : head.slice(0, end);
}

function isStatusCode(word: string, offset: number, line: string): boolean {
  if (!/^[1-5]\d\d$/.test(word)) return false;
  const before = line.slice(Math.max(0, offset - 40), offset);
  const after = line.slice(offset + word.length, offset + word.length + 40);
  return STATUS_BEFORE.test(before) || STATUS_AFTER.test(after);
}
