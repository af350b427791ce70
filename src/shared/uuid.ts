// What a Cargo uuid is (8-4-4-4-12 hexadecimal digits, either case), said once for the extension, the
// webview and the run file's JSON schema (media/cargo-run.schema.json has the same pattern).

/** A uuid's shape, as a regular expression's source, for patterns that find uuids among other text. */
export const UUID_SHAPE = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/** Not part of a longer run of hex digits and dashes: `…0` after a uuid makes it no uuid. */
const ALONE_BEFORE = '(?<![0-9a-fA-F-])';
const ALONE_AFTER = '(?![0-9a-fA-F-])';

/** A whole string that is a uuid, as a JSON schema `pattern`. */
export const UUID_PATTERN_SOURCE = `^${UUID_SHAPE}$`;
const WHOLE = new RegExp(UUID_PATTERN_SOURCE);
const ANYWHERE = new RegExp(`${ALONE_BEFORE}${UUID_SHAPE}${ALONE_AFTER}`);

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && WHOLE.test(value);
}

/** The first uuid standing alone in `text`, lower-cased (Cargo writes them so). */
export function uuidIn(text: string): string | undefined {
  return ANYWHERE.exec(text)?.[0].toLowerCase();
}

/**
 * The uuid right after `/<segment>/` in `text` (e.g. `/runs/<uuid>` in a link), lower-cased; with
 * `wholeSegment`, only when a `/` or the end follows it (a path's segment, nothing glued to it).
 */
export function uuidAfter(text: string, segment: string, wholeSegment = false): string | undefined {
  const after = wholeSegment ? '(?:/|$)' : ALONE_AFTER;
  return new RegExp(`/${segment}/(${UUID_SHAPE})${after}`, 'i').exec(text)?.[1]?.toLowerCase();
}
