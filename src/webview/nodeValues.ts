// Node values too large to come with the run: asked of the extension when a node is opened or
// searched, kept while the node's digest stays the same.
import type { JsonSection, JsonValue, NodeJson, ToExtension } from '../shared/protocol';
import type { SectionHost } from './jsonTree';

export interface NodeValues {
  /** The section host's value side: what the webview has, and asking for the rest. */
  readonly host: Pick<SectionHost, 'knownValue' | 'loadValue'>;
  /** A value the extension sent (nodeLoaded). */
  arrived(section: JsonSection, slug: string, value: JsonValue): void;
  /** A new run is shown: values of nodes that changed are dropped. */
  forgetChanged(): void;
}

export function createNodeValues(post: (message: ToExtension) => void, nodesOf: (section: JsonSection) => readonly NodeJson[]): NodeValues {
  const key = (section: JsonSection, slug: string) => `${section}\u0000${slug}`;
  /** Values that arrived, with the digest of the node they belong to (a changed node drops them). */
  const loaded = new Map<string, { digest: string; value: JsonValue }>();
  const waiting = new Map<string, ((value: JsonValue) => void)[]>();

  const knownValue = (section: JsonSection, node: NodeJson): JsonValue | undefined => {
    if (node.value !== undefined) return node.value;
    const entry = loaded.get(key(section, node.slug));
    return entry?.digest === node.digest ? entry.value : undefined;
  };
  return {
    host: {
      knownValue,
      loadValue(section, node) {
        const known = knownValue(section, node);
        if (known !== undefined) return Promise.resolve(known);
        const wanted = key(section, node.slug);
        return new Promise((resolve) => {
          const queue = waiting.get(wanted);
          if (queue) queue.push(resolve);
          else {
            waiting.set(wanted, [resolve]);
            post({ type: 'loadNode', section, slug: node.slug });
          }
        });
      },
    },
    arrived(section, slug, value) {
      const arrivedKey = key(section, slug);
      const node = nodesOf(section).find((candidate) => candidate.slug === slug);
      if (node) loaded.set(arrivedKey, { digest: node.digest, value });
      for (const resolve of waiting.get(arrivedKey) ?? []) resolve(value);
      waiting.delete(arrivedKey);
    },
    forgetChanged() {
      for (const [entryKey, entry] of loaded) {
        const [section, slug] = entryKey.split('\u0000') as [JsonSection, string];
        if (nodesOf(section).find((candidate) => candidate.slug === slug)?.digest !== entry.digest) loaded.delete(entryKey);
      }
    },
  };
}
