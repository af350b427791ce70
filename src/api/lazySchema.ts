// Schemas built on first use. Building every zod schema when the module loaded cost most of the
// extension's activation time; now requiring src/api builds none, and each endpoint's schema (with
// the validator compiled from it) is built the first time that endpoint answers, then kept.
import type * as z from 'zod/mini';
import { compileValidator, type Check } from './validator';

export class LazySchema<S extends z.ZodMiniType> {
  private built: S | undefined;
  private compiled: Check | undefined;

  constructor(private readonly build: () => S) {}

  /** The zod schema, built now if it was not yet. */
  get schema(): S {
    return (this.built ??= this.build());
  }

  /** Whether the schema has been built (the benchmark checks that loading the module builds none). */
  get isBuilt(): boolean {
    return this.built !== undefined;
  }

  /** The compiled validator (see validator.ts): for a body the caller owns, changed in place. */
  get check(): Check {
    return (this.compiled ??= compileValidator(this.schema));
  }

  /** zod's parse, which leaves the value as it was (for tests and fixtures). */
  parse(value: unknown): z.output<S> {
    return this.schema.parse(value);
  }
}

export const lazySchema = <S extends z.ZodMiniType>(build: () => S): LazySchema<S> => new LazySchema(build);

/** What a lazy schema's parse returns. */
export type Output<L extends LazySchema<z.ZodMiniType>> = z.output<L['schema']>;
/** What a lazy schema accepts. */
export type Input<L extends LazySchema<z.ZodMiniType>> = z.input<L['schema']>;

/** A value made on first use and kept (the small schemas the others are built of). */
export function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
