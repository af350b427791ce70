// Error messages grouped into causes: messages that differ only in parts that vary from run to run
// (normalize.ts finds them) are one cause, and the cause shows what all its messages share, folding
// only the parts that differ between them: `missing "score"` stays when every message says "score".
// Pure and VS Code-free.
//
// 1. Messages of one shape (the same text around parts of the same kinds) are one group.
// 2. A weak part (one or two digits inside a word) that takes at most NAME_VARIANTS values in the
//    group is part of a name: oauth1 and oauth2 are two causes. With more values it is an id (lead0 …
//    lead299.example are one cause); one value of three digits or more makes it an id too.
// 3. The cause: each part that is the same in every message of the group as it is; the others as
//    their placeholder ("<text>" in the quotes the messages agree on, else double quotes).
import { causeParts, MAX_CAUSE_LENGTH, placeholder, type CausePart } from './normalize';
import { sliceWhole } from '../shared/text';

/** A weak part with at most this many values in a group names something (v1, v2, v3); with more, it is an id. */
export const NAME_VARIANTS = 3;

export interface Cause {
  /** Stable and unique among the causes of one call. */
  readonly key: string;
  /** What the messages share, the parts that differ folded. '' for messages without text. */
  readonly cause: string;
  /** The messages' indices, in the order given. */
  readonly members: readonly number[];
}

/** The messages' causes, in the order of their first message. */
export function groupCauses(messages: readonly string[]): Cause[] {
  const shapes = new Map<string, { parts: CausePart[][]; members: number[] }>();
  messages.forEach((message, index) => {
    const parts = causeParts(message);
    const shape = JSON.stringify(parts.map((part) => (part.kind === 'same' ? part.text : [part.kind])));
    let group = shapes.get(shape);
    if (!group) {
      group = { parts: [], members: [] };
      shapes.set(shape, group);
    }
    group.parts.push(parts);
    group.members.push(index);
  });

  const causes: Cause[] = [];
  for (const [shape, group] of shapes) {
    const names = namePositions(group.parts);
    const byName = new Map<string, { parts: CausePart[][]; members: number[] }>();
    group.parts.forEach((parts, i) => {
      const name = JSON.stringify(names.map((position) => parts[position]?.text));
      let named = byName.get(name);
      if (!named) {
        named = { parts: [], members: [] };
        byName.set(name, named);
      }
      named.parts.push(parts);
      named.members.push(group.members[i] as number);
    });
    for (const [name, named] of byName) {
      causes.push({ key: names.length > 0 ? `${shape}${name}` : shape, cause: foldedCause(named.parts), members: named.members });
    }
  }
  return causes.sort((a, b) => (a.members[0] as number) - (b.members[0] as number));
}

/** The positions of weak parts that are a name's in this group: few values, none of three digits or more. */
function namePositions(group: readonly CausePart[][]): number[] {
  const first = group[0] ?? [];
  const positions: number[] = [];
  first.forEach((part, position) => {
    if (part.kind === 'same' || !('weak' in part)) return;
    const values = new Set<string>();
    for (const parts of group) {
      const other = parts[position];
      if (!other || other.kind === 'same' || !('weak' in other)) return;
      values.add(other.text);
    }
    if (values.size > 1 && values.size <= NAME_VARIANTS) positions.push(position);
  });
  return positions;
}

/** Each part as it is where every message has it the same, else its placeholder; cut at MAX_CAUSE_LENGTH. */
function foldedCause(group: readonly CausePart[][]): string {
  const first = group[0] ?? [];
  const text = first
    .map((part, position) => {
      if (part.kind === 'same') return part.text;
      const values = group.map((parts) => parts[position]?.text ?? '');
      if (values.every((value) => value === part.text)) return part.text;
      if (part.kind !== 'text') return placeholder(part);
      const opens = new Set(values.map((value) => value.slice(0, 1)));
      const closes = new Set(values.map((value) => value.slice(-1)));
      return placeholder(part, opens.size === 1 && closes.size === 1 ? undefined : ['"', '"']);
    })
    .join('');
  return text.length > MAX_CAUSE_LENGTH ? `${sliceWhole(text, MAX_CAUSE_LENGTH - 1)}…` : text;
}
