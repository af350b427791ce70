// Runtime checks of data received from elsewhere, each also the one declaration of its type (Infer<typeof check>).

/** True when the value is a T; the type it admits is Infer<typeof check>. */
export type Check<T> = (value: unknown) => value is T;

export type Infer<C> = C extends (value: unknown) => value is infer T ? T : never;

/** A field that may be absent (or undefined): marked, so that Infer makes it an optional property. */
export interface OptionalCheck<T> extends Check<T | undefined> {
  readonly optional: true;
}

/** An object's fields, each with its check. */
export type Shape = Readonly<Record<string, Check<unknown>>>;

type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends OptionalCheck<unknown> ? K : never }[keyof S];
type Flat<T> = { [K in keyof T]: T[K] } & {};

/** The object type a shape admits: each field readonly, optional where its check is optional(). */
export type InferShape<S extends Shape> = Flat<
  { readonly [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { readonly [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined> }
>;

/** A check that also reads a value: the value's declared fields copied (what else the sender put in is not passed on), or undefined. */
export interface Reader<T> extends Check<T> {
  readonly parse: (value: unknown) => T | undefined;
}

export const string = (value: unknown): value is string => typeof value === 'string';
/** A finite number: NaN and the infinities are refused. */
export const number = (value: unknown): value is number => Number.isFinite(value);
export const boolean = (value: unknown): value is boolean => typeof value === 'boolean';
/** A plain object, not null and not an array. */
export const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Any value, taken as a T without looking at it: for JSON values, which can be megabytes. */
export function unchecked<T>(): Check<T> {
  return (_value: unknown): _value is T => true;
}

/** One of the values given. */
export function literal<const L extends readonly (string | number | boolean)[]>(...values: L): Check<L[number]> {
  return (value): value is L[number] => values.includes(value as L[number]);
}

/** A value that passes one of the checks given. */
export function either<C extends readonly Check<unknown>[]>(...checks: C): Check<Infer<C[number]>> {
  return (value): value is Infer<C[number]> => {
    for (const check of checks) if (check(value)) return true;
    return false;
  };
}

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (value): value is T | null => value === null || check(value);
}

export function optional<T>(check: Check<T>): OptionalCheck<T> {
  return Object.assign((value: unknown): value is T | undefined => value === undefined || check(value), { optional: true as const });
}

/** A value that passes the check and also the condition (e.g. a length limit). */
export function refine<T>(check: Check<T>, holds: (value: T) => boolean): Check<T> {
  return (value): value is T => check(value) && holds(value);
}

/** An array whose items all pass (like Array.prototype.every, holes are skipped). */
export function array<T>(item: Check<T>): Check<readonly T[]> {
  return (value): value is readonly T[] => Array.isArray(value) && value.every(item);
}

interface Field {
  readonly key: string;
  readonly check: Check<unknown>;
  /** A required field must be there even when its check takes anything (unchecked). */
  readonly required: boolean;
}

const fieldsOf = (shape: Shape): readonly Field[] =>
  Object.entries(shape).map(([key, check]) => ({ key, check, required: !('optional' in check && check.optional === true) }));

// A loop over fields prepared once: no allocation per value checked (a run has up to 10,000 executions).
function hasFields(value: Readonly<Record<string, unknown>>, fields: readonly Field[]): boolean {
  for (const { key, check, required } of fields) {
    const field = value[key];
    if (!check(field) || (required && field === undefined && !(key in value))) return false;
  }
  return true;
}

function copyFields(value: Readonly<Record<string, unknown>>, fields: readonly Field[], into: Record<string, unknown>): Record<string, unknown> {
  for (const { key } of fields) if (key in value) into[key] = value[key];
  return into;
}

/** An object with these fields; other keys are ignored. */
export function object<S extends Shape>(shape: S): Reader<InferShape<S>> {
  const fields = fieldsOf(shape);
  const is = (value: unknown): value is InferShape<S> => isRecord(value) && hasFields(value, fields);
  const parse = (value: unknown) => (is(value) ? (copyFields(value, fields, {}) as InferShape<S>) : undefined);
  return Object.assign(is, { parse });
}

/** Each variant of a union whose tag names it: the tag's value, and the variant's other fields. */
export type InferUnion<Tag extends string, V extends Readonly<Record<string, Shape>>> = {
  [N in keyof V & string]: Flat<{ readonly [P in Tag]: N } & InferShape<V[N]>>;
}[keyof V & string];

/**
 * A discriminated union: the value of the field `tag` names the variant, whose other fields are then
 * checked (the variant is looked up, not tried in turn).
 */
export function union<Tag extends string, V extends Readonly<Record<string, Shape>>>(tag: Tag, variants: V): Reader<InferUnion<Tag, V>> {
  const byName = new Map<unknown, readonly Field[]>(Object.entries(variants).map(([name, shape]) => [name, fieldsOf(shape)]));
  /** The fields of the variant the value is, when it is one. */
  const variantOf = (value: unknown) => {
    const fields = isRecord(value) ? byName.get(value[tag]) : undefined;
    return fields !== undefined && hasFields(value as Readonly<Record<string, unknown>>, fields) ? fields : undefined;
  };
  const is = (value: unknown): value is InferUnion<Tag, V> => variantOf(value) !== undefined;
  const parse = (value: unknown) => {
    const fields = variantOf(value);
    const read = value as Readonly<Record<string, unknown>>;
    return fields === undefined ? undefined : (copyFields(read, fields, { [tag]: read[tag] }) as InferUnion<Tag, V>);
  };
  return Object.assign(is, { parse });
}
