// The cause of an error message: the message with the parts that vary from run to run (ids, emails,
// numbers, quoted values, times, URL paths) folded, so that "429 for contact 8515" and "429 for
// contact 9921" are one cause. Pure and VS Code-free.
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
// 3. In one pass, left to right:
//    - a quoted value ('…', "…", `…`, ‘…’, “…”; up to 500 characters, on the line) → '…'. An
//      apostrophe inside a word (can't, contact's) opens nothing;
//    - a URL → its scheme and host, lower-cased, without user or password, and `/<path>` for
//      whatever follows the host (path, query, fragment): https://api.hubspot.com/<path>. The host
//      is kept because it says which service failed (numbers in it, a port or a tenant's id, fold
//      in the second pass like any other);
//    - an email address → <email>;
//    - a bare domain name ending in a common top-level domain (acme.com, eu.acme.io; not
//      nodes.start.score nor main.py) → <domain>: outside a URL a domain is usually the record's;
//    - a uuid (with dashes, any case) → <uuid>;
//    - an ISO date or date-time (2026-03-12, 2026-03-12T10:15:30.123Z, with a space or an offset)
//      and a time of day with seconds (10:15:30) → <time>.
// 4. In a second pass, over each word (letters, digits and _, with . or , inside it):
//    - a number (42, 3.14, 1,234.5, 10.0.0.1) → <n>, except an HTTP status: a whole number from 100
//      to 599 right after "responded", "returned", "status", "status code", "code", "HTTP",
//      "HTTP/1.1", "error" (with an optional ":", "=", "#", "(" or "with" between), or right before
//      a reason phrase ("Forbidden", "Too Many Requests", …). So "responded 429" and "responded 500"
//      stay apart, while "company 404" folds;
//    - a part of a word that is a hex id of 6 characters or more with a digit (5f8d0d55b547) → <n>;
//    - a part of 10 characters or more in which digits come in two separate runs or more (ULIDs,
//      Stripe-style ch_3MmlLrLkdIwHu7ix0snN0B15) → <n>;
//    - digits that start a word and are followed by a unit (30000ms, 1.5s, 100MB) → <n>;
//    - 3 or more digits inside a word (contact8515, id_90210) → <n>; one or two digits stay, as they
//      are usually part of a name (v2, oauth2, gpt4o, s3, base64, utf8).
//    Then numbers joined by . or , (what was 1.5) become one <n>.
// 5. The result is cut to MAX_CAUSE_LENGTH characters ("…" marks the cut).

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

/**
 * The cause of an error message: its first line with ids, emails, URLs' paths, quoted values, numbers
 * and times folded (see the rules at the top of this file), HTTP status codes kept. '' for a message
 * with no visible first line.
 */
export function normalizeErrorMessage(message: string): string {
  const line = firstLineOf(message).replace(/\s+/g, ' ').trim();
  const folded = line
    .replace(STRUCTURED, (_match: string, quoted?: string, url?: string, email?: string, domain?: string, uuid?: string) => {
      if (quoted !== undefined) return "'…'";
      if (url !== undefined) return foldUrl(url);
      if (email !== undefined) return '<email>';
      if (domain !== undefined) return '<domain>';
      if (uuid !== undefined) return '<uuid>';
      return '<time>';
    })
    .replace(WORD, foldWord)
    .replace(/<n>(?:[.,]<n>)+/g, '<n>');
  return folded.length > MAX_CAUSE_LENGTH ? `${sliceWhole(folded, MAX_CAUSE_LENGTH - 1)}…` : folded;
}

/** The first line with something visible on it, at most SCAN_LIMIT characters of it. */
function firstLineOf(message: string): string {
  const start = message.search(/\S/);
  if (start < 0) return '';
  const head = sliceWhole(message.slice(start), SCAN_LIMIT);
  const end = head.search(/[\r\n]/);
  return end < 0 ? head : head.slice(0, end);
}

function foldUrl(url: string): string {
  // Sentence punctuation after a URL is not part of it: "see https://x.io/a)." keeps ")." (a loop,
  // not /[.)…]*$/, which is quadratic on a long run of them).
  let end = url.length;
  while (end > 0 && '.,;:!?)]}'.includes(url[end - 1] as string)) end--;
  const trailing = url.slice(end);
  const bare = url.slice(0, end);
  const schemeEnd = bare.indexOf('://');
  const rest = bare.slice(schemeEnd + 3);
  const hostEnd = rest.search(/[/?#]/);
  const authority = hostEnd < 0 ? rest : rest.slice(0, hostEnd);
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  const path = hostEnd < 0 ? '' : rest.slice(hostEnd);
  const shown = `${bare.slice(0, schemeEnd)}://${host}`.toLowerCase();
  return `${shown}${path === '' || path === '/' ? path : '/<path>'}${trailing}`;
}

function foldWord(word: string, offset: number, line: string): string {
  if (!/\d/.test(word)) return word;
  if (NUMBER.test(word)) return isStatusCode(word, offset, line) ? word : '<n>';
  // Parts between separators (. , _), folded one by one; the separators stay.
  return word.replace(/[A-Za-z0-9]+/g, foldPart);
}

function foldPart(part: string): string {
  if (!/\d/.test(part)) return part;
  if (/^\d+$/.test(part)) return '<n>';
  if (part.length >= 6 && /^[0-9A-Fa-f]+$/.test(part)) return '<n>';
  if (part.length >= 10 && /\d\D+\d/.test(part)) return '<n>';
  const leading = /^(\d+)([A-Za-z]+)$/.exec(part);
  if (leading && UNITS.test(leading[2] as string)) return `<n>${leading[2]}`;
  return part.replace(/\d{3,}/g, '<n>');
}

function isStatusCode(word: string, offset: number, line: string): boolean {
  if (!/^[1-5]\d\d$/.test(word)) return false;
  const before = line.slice(Math.max(0, offset - 40), offset);
  const after = line.slice(offset + word.length, offset + word.length + 40);
  return STATUS_BEFORE.test(before) || STATUS_AFTER.test(after);
}
