// Hostile data: what Cargo (or whoever wrote a record, a node or an error message) could send in any
// string or JSON value. One table, used by the test of each sink's function (text.test.ts) and by the
// table of every surface that shows run data (hostileSurfaces.test.ts). Large inputs are built once.
import { SINK_SYNTAX } from './sinks';

const MB = 1024 * 1024;

/** JSON nested `depth` levels deep, objects and arrays in turn: {"a":[{"a":[…"bottom"…]}]}. Built as text, parsed once. */
export function deepJsonText(depth: number): string {
  const open: string[] = [];
  const close: string[] = [];
  for (let level = 0; level < depth; level++) {
    open.push(level % 2 === 0 ? '{"a":' : '[');
    close.push(level % 2 === 0 ? '}' : ']');
  }
  return `${open.join('')}"bottom"${close.reverse().join('')}`;
}

/** An object with `width` keys, among them the ones a careless merge would turn into prototype pollution. */
export function wideJsonText(width: number): string {
  const entries = ['"__proto__":{"polluted":"yes"}', '"constructor":{"prototype":{"polluted":"yes"}}', '"toString":"<b>not a function</b>"'];
  for (let i = entries.length; i < width; i++) entries.push(`"key${i}":${i}`);
  return `{${entries.join(',')}}`;
}

export interface HostileInput {
  readonly name: string;
  /** What goes in every string field a surface shows. */
  readonly text: string;
  /** What goes in every JSON value a surface shows (run context, computed configs, a node's input). */
  readonly json: unknown;
  /** That value as JSON text, as Cargo sent it. */
  readonly jsonText: string;
}

const DEEP_TEXT = deepJsonText(20_000);
const WIDE_TEXT = wideJsonText(100_000);
const PROTO_TEXT = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"hasOwnProperty":"x","<b>key</b>":"[x](command:y)"}';

/** A string as a JSON value: the string itself, as a key and as a value, and in a list. */
const asJsonText = (text: string): string => JSON.stringify({ [text.slice(0, 1000)]: text, list: [text, { nested: text }] });

const strings: readonly [string, string][] = [
  ...SINK_SYNTAX.map((text, i): [string, string] => [`sink syntax ${i + 1}`, text]),
  ['javascript: link', '[click](javascript:alert(document.cookie)) <a href="javascript:alert(1)">x</a>'],
  ['data: URL image', '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) <img src="data:text/html,<script>alert(1)</script>">'],
  ['iframe, svg, style', '<iframe srcdoc="<script>alert(1)</script>"></iframe><svg onload=alert(1)><style>*{display:none}</style>'],
  ['autolinks', 'See https://evil.example/login, www.evil.example and admin@evil.example or <https://evil.example>'],
  ['HTML entities and comments', '&lt;script&gt; &#x3C;b&#x3E; &amp; <!-- hidden --> ]]>'],
  ['Markdown blocks', '```\ncode\n```\n> quote\n- item\n| a | b |\n| --- | --- |\n[ref]: https://evil.example\n[ref]'],
  ['codicons everywhere', '$(alert)$(sync~spin)$(x)$($(nested)) \\\\$(escaped-twice)'],
  ['right-to-left', 'مرحبا بالعالم שלום עולם \u2067isolated\u2069 \u200Fmark\u200E'],
  ['zero-width and invisible', '\u200B\u200C\u200D\u2060\uFEFF\u00AD\u180E zero\u200Bwidth\u2028line\u2029para'],
  ['emoji', '🚀🔥 👩‍👩‍👧‍👦 🏳️‍🌈 🇫🇷 ✔️ '.repeat(30)],
  ['prototype names', '__proto__'],
  ['constructor', 'constructor'],
  ['words that look like values', 'undefined null NaN [object Object] Infinity'],
  ['empty', ''],
  ['only white space and invisible', ' \t\n\u200B\u202E '],
  ['1 MB of one letter', 'A'.repeat(MB)],
  ['1 MB of markup', '[x](command:workbench.action.quit) $(alert) <b>b</b> \u202E*_`\n'.repeat(Math.ceil(MB / 48))],
  ['1 MB of emoji', '🚀'.repeat(MB / 2)],
  ['1 MB of line breaks', '\n'.repeat(MB) + 'end'],
  ['JSON 20,000 deep (as text)', DEEP_TEXT],
  ['JSON 100,000 keys wide (as text)', WIDE_TEXT],
];

/** Every hostile input: its text for string fields, and a JSON value for JSON fields. */
export const HOSTILE: readonly HostileInput[] = [
  ...strings.map(([name, text]): HostileInput => {
    const jsonText = asJsonText(text);
    return { name, text, json: JSON.parse(jsonText), jsonText };
  }),
  { name: 'JSON 20,000 deep', text: 'deep', json: JSON.parse(DEEP_TEXT), jsonText: DEEP_TEXT },
  { name: 'JSON 100,000 keys wide', text: 'wide', json: JSON.parse(WIDE_TEXT), jsonText: WIDE_TEXT },
  { name: '__proto__ and constructor keys', text: '__proto__', json: JSON.parse(PROTO_TEXT), jsonText: PROTO_TEXT },
];

/** Nothing set `polluted` on Object.prototype (a merge of hostile keys would). */
export function prototypeIsClean(): boolean {
  return !('polluted' in {}) && !('polluted' in Object.prototype) && typeof ({} as { toString: unknown }).toString === 'function';
}
