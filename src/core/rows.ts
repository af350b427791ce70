// Rows of the extension's views are plain `{ kind, id, … }` objects, and commands get their arguments
// from anywhere (a row, a command link, another extension): an argument is a view's row only when its
// kind is one of that view's.

/** A recogniser of one view's rows, from the kinds its rows have. */
export function rowsOf<Row extends { readonly kind: string; readonly id: string }>(kinds: readonly Row['kind'][]): (value: unknown) => value is Row {
  const known: ReadonlySet<string> = new Set(kinds);
  return (value: unknown): value is Row => {
    if (typeof value !== 'object' || value === null) return false;
    const { kind, id } = value as { kind?: unknown; id?: unknown };
    return typeof kind === 'string' && known.has(kind) && typeof id === 'string';
  };
}
