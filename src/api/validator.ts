// A validator compiled from a zod schema, for the hot path: a response body just parsed from JSON is
// checked and converted in place (enum strings become their interned Tolerant values), with no copy
// of any object and no per-field bookkeeping. zod copies every object and allocates a result per
// field, which made validating a page of runs cost several times its JSON.parse.
//
// It only says whether the body fits. On a misfit the caller runs zod on a fresh copy of the body,
// so every error message (paths, all issues) is zod's, as before; and any schema this compiler does
// not know is handed to zod as it stands. It accepts exactly what zod accepts and gives the same
// output (tested against zod in test/unit/validator.test.ts), except that the output is the body
// itself, its keys in the order Cargo sent them. Input is JSON: no undefined values, no cycles.
//
// Each loose object becomes one generated function (like zod's own JIT): reading its fields by name
// in straight-line code is several times faster than a loop over a field table. Where generating
// code is not allowed, the same checks run as closures.
import type * as z from 'zod/mini';
import { tolerantOf } from './enums';

/** What a compiled check returns for a value that does not fit. */
export const MISFIT: unique symbol = Symbol('misfit');
/** Checks a value it may change in place; returns the output (often the value itself) or MISFIT. */
export type Check = (value: unknown) => unknown;

export interface CompileOptions {
  /** Generate a function per object (default: when the runtime allows it). False: closures only. */
  generate?: boolean;
}

interface Compiled {
  check: Check;
  /** For a schema that only accepts or refuses (never converts): a JS test of the expression `v`. */
  test?: (v: string) => string;
  /** For a tolerant enum: its Tolerant maker (the value must be a string). */
  tolerant?: (raw: string) => unknown;
}

interface Field {
  key: string;
  compiled: Compiled;
  /**
   * An absent key: 'skip' (optional: nothing to do), 'fail' (required), or 'run' (optional in, but
   * the schema makes something of undefined, e.g. a transform of null or absent to {}: set unless undefined).
   */
  absent: 'skip' | 'fail' | 'run';
}

type Def = z.core.$ZodTypeDef & Record<string, unknown>;
const defOf = (schema: z.core.$ZodType): Def => schema._zod.def as Def;
const hasChecks = (def: Def): boolean => Array.isArray(def.checks) && def.checks.length > 0;
const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const leaf = (accepts: (value: unknown) => boolean, test: (v: string) => string): Compiled => ({ check: (value) => (accepts(value) ? value : MISFIT), test });
const STRING = leaf(
  (value) => typeof value === 'string',
  (v) => `typeof ${v} === "string"`,
);
// zod refuses NaN and ±Infinity (JSON.parse makes Infinity of 1e400); Number.isFinite is false for non-numbers.
const NUMBER = leaf(
  (value) => Number.isFinite(value),
  (v) => `Number.isFinite(${v})`,
);
const BOOLEAN = leaf(
  (value) => typeof value === 'boolean',
  (v) => `typeof ${v} === "boolean"`,
);
const UNKNOWN: Compiled = { check: (value) => value, test: () => 'true' };

/** Compiles `schema`; nested schemas are compiled once each (recursive ones included). */
export function compileValidator(schema: z.core.$ZodType, options: CompileOptions = {}): Check {
  const generate = options.generate ?? canGenerate();
  return compile(schema, { generate, done: new Map() }).check;
}

interface Context {
  generate: boolean;
  done: Map<z.core.$ZodType, Compiled>;
}

function compile(schema: z.core.$ZodType, context: Context): Compiled {
  const done = context.done.get(schema);
  if (done) return done;
  // A recursive schema meets itself while being compiled: it calls what it will be.
  context.done.set(schema, { check: (value) => compiled.check(value) });
  const compiled = compileOne(schema, context);
  context.done.set(schema, compiled);
  return compiled;
}

function compileOne(schema: z.core.$ZodType, context: Context): Compiled {
  const tolerant = tolerantOf(schema);
  if (tolerant) return { check: (value) => (typeof value === 'string' ? tolerant(value) : MISFIT), tolerant };
  const def = defOf(schema);
  // Refinements, coercion, and schemas that are checks themselves (z.uuid(), z.email(), z.int(): a
  // string or number with a format, whose def.checks is empty) are zod's; a custom one is ours below.
  if (hasChecks(def) || def.coerce || (schema._zod.traits.has('$ZodCheck') && def.type !== 'custom')) return byZod(schema);
  switch (def.type) {
    case 'string':
      return STRING;
    case 'number':
      return NUMBER;
    case 'boolean':
      return BOOLEAN;
    case 'unknown':
      return UNKNOWN;
    case 'optional':
      return orValue(compile(def.innerType as z.core.$ZodType, context), undefined, 'undefined');
    case 'nullable':
      return orValue(compile(def.innerType as z.core.$ZodType, context), null, 'null');
    case 'custom': {
      const fn = def.fn as (value: unknown) => unknown;
      return { check: (value) => (fn(value) ? value : MISFIT) };
    }
    case 'array':
      return { check: array(compile(def.element as z.core.$ZodType, context).check) };
    case 'object':
      return looseObject(def, context) ?? byZod(schema);
    default:
      return byZod(schema);
  }
}

/** `inner`, or exactly `value` (undefined for optional, null for nullable). */
function orValue(inner: Compiled, value: null | undefined, literal: string): Compiled {
  const check: Check = (input) => (input === value ? value : inner.check(input));
  const test = inner.test;
  return test ? { check, test: (v) => `(${v} === ${literal} || ${test(v)})` } : { check };
}

function array(element: Check): Check {
  return (value) => {
    if (!Array.isArray(value)) return MISFIT;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const out = element(item);
      if (out === MISFIT) return MISFIT;
      if (out !== item) value[i] = out;
    }
    return value;
  };
}

/** A loose object (unknown keys kept, as in place they are); undefined for any other kind of object. */
function looseObject(def: Def, context: Context): Compiled | undefined {
  const catchall = def.catchall as z.core.$ZodType | undefined;
  if (!catchall || defOf(catchall).type !== 'unknown') return undefined;
  const shape = def.shape as Record<string, z.core.$ZodType>;
  const keys = Object.keys(shape);
  // A declared key that every object has (toString, …) or zod skips (__proto__) is zod's business.
  if (keys.some((key) => key in Object.prototype) || Object.getOwnPropertySymbols(shape).length > 0) return undefined;
  const fields: Field[] = [];
  for (const key of keys) {
    const field = shape[key] as z.core.$ZodType;
    const { optin, optout } = field._zod;
    // A default (optin 'defaulted') has rules of its own for absent keys: zod's business.
    if (optin !== undefined && optin !== 'optional') return undefined;
    const absent = optin === undefined ? 'fail' : optout === 'optional' ? 'skip' : 'run';
    fields.push({ key, compiled: compile(field, context), absent });
  }
  return { check: (context.generate ? generated(fields) : undefined) ?? interpreted(fields) };
}

/** The object's checks as closures over its field table. */
function interpreted(fields: readonly Field[]): Check {
  return (value) => {
    if (!isPlainObject(value)) return MISFIT;
    for (const field of fields) {
      const item = value[field.key];
      // JSON has no undefined: an undefined value is an absent key.
      if (item === undefined) {
        if (field.absent === 'skip') continue;
        if (field.absent === 'fail') return MISFIT;
      }
      const out = field.compiled.check(item);
      if (out === MISFIT) return MISFIT;
      if (out !== item) value[field.key] = out;
    }
    return withoutProto(value);
  };
}

/** zod leaves an own "__proto__" key out of its copy: a later Object.assign would make it the prototype. */
function withoutProto(value: Record<string, unknown>): Record<string, unknown> {
  if (Object.hasOwn(value, '__proto__')) delete value.__proto__;
  return value;
}

/**
 * The object's checks as one generated function. Its source is made of the schema's keys (quoted
 * with JSON.stringify) and fixed snippets, never of response data.
 */
function generated(fields: readonly Field[]): Check | undefined {
  const helpers: unknown[] = [];
  const helper = (value: unknown): string => `h${helpers.push(value) - 1}`;
  const lines = ['if (typeof value !== "object" || value === null || Array.isArray(value)) return MISFIT;', 'let v, out;'];
  for (const { key, compiled, absent } of fields) {
    const at = `value[${JSON.stringify(key)}]`;
    lines.push(`v = ${at};`);
    if (absent === 'fail') lines.push('if (v === undefined) return MISFIT;');
    const present: string[] = [];
    if (compiled.test) {
      present.push(`if (!(${compiled.test('v')})) return MISFIT;`);
    } else if (compiled.tolerant) {
      present.push('if (typeof v !== "string") return MISFIT;', `${at} = ${helper(compiled.tolerant)}(v);`);
    } else {
      present.push(`out = ${helper(compiled.check)}(v);`, 'if (out === MISFIT) return MISFIT;', `if (out !== v) ${at} = out;`);
    }
    if (absent === 'skip') lines.push(`if (v !== undefined) { ${present.join(' ')} }`);
    else lines.push(...present);
  }
  lines.push('return withoutProto(value);');
  const names = helpers.map((_, i) => `h${i}`);
  try {
    const make = new Function('MISFIT', 'withoutProto', ...names, `return function check(value) {\n${lines.join('\n')}\n};`) as (...args: unknown[]) => Check;
    return make(MISFIT, withoutProto, ...helpers);
  } catch {
    return undefined;
  }
}

let generationAllowed: boolean | undefined;
/** Whether this runtime lets code be generated (not under a CSP or --disallow-code-generation-from-strings). */
function canGenerate(): boolean {
  if (generationAllowed === undefined) {
    try {
      generationAllowed = new Function('return true')() === true;
    } catch {
      generationAllowed = false;
    }
  }
  return generationAllowed;
}

/** What the compiler does not know: zod's own parse, its output in place of the value. */
function byZod(schema: z.core.$ZodType): Compiled {
  return {
    check: (value) => {
      const result = (schema as z.ZodMiniType).safeParse(value);
      return result.success ? result.data : MISFIT;
    },
  };
}
