// Objects shaped as Cargo's published types say (@cargo-ai/types), made at test time from their
// declaration files with the TypeScript compiler API: when Cargo adds a field, makes one nullable or
// optional, or adds a status, the shapes follow with no change here. Each entity comes in variants
// that are valid per the types but unusual: every nullable null, every optional absent, extra fields,
// empty lists, counts of 100,000 and credits of 1e15, and each status without finishedAt.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as TS from 'typescript';

/** The entities of OrchestrationTypes the extension parses (as test/types/agreesWithCargoTypes.ts checks them). */
export const ENTITIES = [
  'Batch',
  'BatchData',
  'Run',
  'RunMetric',
  'Execution',
  'Record',
  'Span',
  'Node',
  'WorkflowNode',
  'Workflow',
  'ReleaseFormField',
  'Play',
  'Tool',
  'Release',
] as const;
export type EntityName = (typeof ENTITIES)[number];

export type Wire = Record<string, unknown>;

export interface Variant {
  readonly entity: EntityName;
  readonly name: string;
  /** The object as Cargo would send it (JSON text, so that "__proto__" is a key like any other). */
  readonly text: string;
}

/** How the generator fills what the types leave open. */
interface Mode {
  /** Nullable fields: null. */
  readonly nulls?: boolean;
  /** Optional fields: left out. */
  readonly absent?: boolean;
  /** Arrays: empty. */
  readonly emptyLists?: boolean;
  /** Numbers: counts 100,000, credits 1e15. */
  readonly large?: boolean;
}

/** Lists nested deeper than this are empty: the types recurse through lists (a workflow's nodes, a form's fields). */
const DEPTH = 6;
const ISO = '2026-12-02T11:00:00.000Z';

class Generator {
  private readonly checker: TS.TypeChecker;
  readonly types = new Map<EntityName, TS.Type>();

  constructor(private readonly ts: typeof TS) {
    const require = createRequire(__filename);
    // The package's entry is build/src/index.js; its declarations lie beside it.
    const file = join(dirname(require.resolve('@cargo-ai/types')), 'orchestration', 'orchestration.d.ts');
    const program = ts.createProgram([file], {
      noEmit: true,
      strict: true,
      skipLibCheck: true,
      noLib: false,
      types: [],
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      target: ts.ScriptTarget.ES2022,
    });
    this.checker = program.getTypeChecker();
    const source = program.getSourceFile(file);
    const moduleSymbol = source && this.checker.getSymbolAtLocation(source);
    const namespace = moduleSymbol && this.checker.getExportsOfModule(moduleSymbol).find((symbol) => symbol.name === 'OrchestrationTypes');
    if (!namespace) throw new Error(`OrchestrationTypes not found in ${file}`);
    const members = this.checker.getExportsOfModule(namespace);
    for (const name of ENTITIES) {
      const symbol = members.find((member) => member.name === name);
      if (!symbol) throw new Error(`OrchestrationTypes.${name} is gone from @cargo-ai/types`);
      this.types.set(name, this.checker.getDeclaredTypeOfSymbol(symbol));
    }
  }

  /** The literal values of a field's type (a status's values), '' aside. */
  literals(type: TS.Type, field: string): string[] {
    const property = this.checker.getPropertyOfType(this.objectOf(type), field);
    if (!property) return [];
    const fieldType = this.checker.getTypeOfSymbol(property);
    return (fieldType.isUnion() ? fieldType.types : [fieldType]).filter((t): t is TS.StringLiteralType => t.isStringLiteral()).map((t) => t.value);
  }

  /** The first variant of a union of objects (Execution is a union by node kind), the type itself otherwise. */
  private objectOf(type: TS.Type): TS.Type {
    return type.isUnion() ? (type.types.find((t) => (t.flags & this.ts.TypeFlags.Object) !== 0) ?? type) : type;
  }

  /** An object of `type`, filled as `mode` says. */
  sample(type: TS.Type, mode: Mode, key = '', depth = 0): unknown {
    const { ts } = this;
    const members = type.isUnion() ? type.types : [type];
    const nullable = members.some((t) => (t.flags & ts.TypeFlags.Null) !== 0);
    if (nullable && mode.nulls) return null;
    const rest = members.filter((t) => (t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) === 0);
    if (rest.length === 0) return null;
    // Booleans are the union true | false.
    if (rest.every((t) => (t.flags & ts.TypeFlags.BooleanLiteral) !== 0)) return false;
    const chosen = rest[0] as TS.Type;
    if (chosen.isStringLiteral()) return chosen.value;
    if (chosen.isNumberLiteral()) return chosen.value;
    if (chosen.flags & ts.TypeFlags.String) return `${key || 'text'} value`;
    if (chosen.flags & ts.TypeFlags.Number) return mode.large ? (/credit/i.test(key) ? 1e15 : 100_000) : 3;
    if (chosen.flags & ts.TypeFlags.Boolean) return false;
    if (chosen.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { any: 'value' };
    if (chosen.symbol?.name === 'Date') return ISO;
    if (this.checker.isArrayType(chosen)) {
      if (mode.emptyLists || depth >= DEPTH) return [];
      const element = this.checker.getTypeArguments(chosen as TS.TypeReference)[0];
      return element ? [this.sample(element, mode, key, depth + 1)] : [];
    }
    if (chosen.flags & ts.TypeFlags.Object || chosen.isIntersection()) return this.object(chosen, mode, depth);
    return null;
  }

  private object(type: TS.Type, mode: Mode, depth: number): Wire {
    const object: Wire = {};
    for (const property of this.checker.getPropertiesOfType(type)) {
      const optional = (property.flags & this.ts.SymbolFlags.Optional) !== 0;
      if (optional && mode.absent) continue;
      object[property.name] = this.sample(this.checker.getTypeOfSymbol(property), mode, property.name, depth + 1);
    }
    // A record (GlobalRecord<string, any>): one entry.
    if (this.checker.getPropertiesOfType(type).length === 0 && this.checker.getIndexInfosOfType(type).length > 0) object.key = 'value';
    return object;
  }
}

let generator: Generator | undefined;

/** Every variant of every entity, from the types as installed. */
export async function cargoVariants(): Promise<Variant[]> {
  const ts = (await import('typescript')).default;
  generator ??= new Generator(ts);
  const made = generator;
  const variants: Variant[] = [];
  for (const entity of ENTITIES) {
    const type = made.types.get(entity) as TS.Type;
    const add = (name: string, value: unknown) => variants.push({ entity, name, text: JSON.stringify(value) });
    const base = made.sample(type, {}) as Wire;
    add('as the types say', base);
    add('every nullable field null', made.sample(type, { nulls: true }));
    add('every optional field absent', made.sample(type, { absent: true }));
    add('every nullable null and every optional absent', made.sample(type, { nulls: true, absent: true }));
    add('every list empty', made.sample(type, { emptyLists: true }));
    add('counts of 100,000 and credits of 1e15', made.sample(type, { large: true }));
    // Extra fields, among them keys a careless merge would turn into prototype pollution.
    variants.push({
      entity,
      name: 'extra fields Cargo may add',
      text: `${JSON.stringify(base).slice(0, -1)},"fieldFromTheFuture":{"nested":[1,{"deeper":null}]},"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}`,
    });
    for (const statusField of ['status', 'executionStatus']) {
      for (const status of made.literals(type, statusField)) {
        const finishedField = statusField === 'status' ? 'finishedAt' : 'executionFinishedAt';
        const { [finishedField]: _finished, ...withoutFinish } = base;
        add(`${statusField} ${status}, ${finishedField} absent`, { ...withoutFinish, [statusField]: status });
        if (finishedField in base) add(`${statusField} ${status}, ${finishedField} null`, { ...base, [statusField]: status, [finishedField]: null });
      }
    }
  }
  return variants;
}
