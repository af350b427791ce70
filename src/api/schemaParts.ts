// What every response schema is built of, and the two answers any endpoint may give (an error, `{}`).
//
// Tolerance, because the API changes under a released extension:
// - objects are loose: fields we do not declare are kept, untouched;
// - every field Cargo declares nullable accepts null, and fields that are secondary to the UI or
//   documented inconsistently are optional (null or absent);
// - enum fields are Tolerant<…> (see enums.ts): a new value parses as { known: 'unknown', raw };
// - dates stay ISO strings (only checked to be strings);
// - opaque JSON (node configs, run contexts, batch data details) is checked to be an object and
//   never walked, so a 5 MB run context costs nothing to validate.
// Nothing is built when the module loads (see lazySchema.ts): each schema is a LazySchema, built
// with the ones it is made of the first time a response needs it.
// Agreement with Cargo's published types is checked at compile time in test/types/.
import * as z from 'zod/mini';
import { NODE_KINDS, tolerantEnum } from './enums';
import { lazySchema, once, type Output } from './lazySchema';

export const str = once(() => z.string());
export const num = once(() => z.number());
export const bool = once(() => z.boolean());
/** An ISO-8601 timestamp, kept as the string Cargo sent. */
export const isoDate = str;
export const opt = <T extends z.core.SomeType>(schema: T) => z.optional(schema);
/** Nullable in Cargo's types; absent is tolerated too. */
export const nullish = <T extends z.core.SomeType>(schema: T) => z.nullish(schema);

const isJsonObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A JSON object whose content is not validated (O(1), whatever its size). */
export const jsonObject = once(() => z.custom<Record<string, unknown>>(isJsonObject, { error: 'expected object' }));

/** The kind of a node, wherever a node, an execution or a span names it. */
export const nodeKind = once(() => tolerantEnum(NODE_KINDS));

// ---- Answers of any endpoint ---------------------------------------------------------------------

/** The body of a non-2xx answer. Either field may be missing; the body may be empty. */
export const ErrorBodySchema = lazySchema(() => z.looseObject({ errorMessage: nullish(str()), reason: nullish(str()) }));
export type ErrorBody = Output<typeof ErrorBodySchema>;

/** What cancel endpoints answer: `{}` (anything else in it is ignored). */
export const EmptyResponseSchema = lazySchema(() => z.looseObject({}));
