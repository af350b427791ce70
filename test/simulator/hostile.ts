// Strings a client must render as inert text: markup, script, injection attempts, command links,
// bidirectional and invisible characters, and one very large string.

export const HOSTILE_STRINGS: readonly string[] = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"; DROP TABLE runs; --',
  '$(rm -rf /)',
  '[x](command:workbench.action.quit)',
  '[open settings](command:workbench.action.openSettings?%5B%22cargo.apiBaseUrl%22%5D)',
  '</textarea><svg onload=alert(document.cookie)>',
  '{{constructor.constructor("alert(1)")()}}',
  "javascript:alert('x')",
  '\u202Egnp.exe\u202C invoice',
  'zero\u200Bwidth\u200Djoiner\uFEFF',
  'مرحبا <b>bold</b> עברית',
  '\u001b[31mred\u001b[0m\r\nSecond line\u0007',
  '${process.env.HOME} %s %n %x',
  '../../../../etc/passwd',
  '🧨'.repeat(40),
  'Z̸̧̛̖a̷̙͗l̴̰̓g̶̱͝o̵̦͆',
  '__proto__',
];

let oneMegabyte: string | undefined;

/** A 1 MiB string of markup-looking text (built once, shared). */
export function megabyteString(): string {
  const [open, close] = ['<b>', '</b><script>alert("big")</script>'];
  oneMegabyte ??= open + 'A'.repeat(1024 * 1024 - open.length - close.length) + close;
  return oneMegabyte;
}

/**
 * An expression text that is hostile: a hostile string alone, or inside a placeholder or a reference
 * (`{{nodes.start.<script>…}}`, `nodes["<img …>"].x`), in turn.
 */
export function hostileExpressionText(index: number): string {
  const text = hostileString(index);
  switch (Math.abs(index) % 3) {
    case 0:
      return `{{nodes.start.${text}}}`;
    case 1:
      return `nodes[${JSON.stringify(text)}].value`;
    default:
      return text;
  }
}

export function hostileString(index: number): string {
  return HOSTILE_STRINGS[Math.abs(index) % HOSTILE_STRINGS.length] as string;
}
