// Shapes valid per Cargo's published types but unusual (support/cargoShapes.ts makes them from
// @cargo-ai/types at test time): every one parses with the extension's schemas, and every surface of
// the surface table shows them without an exception, a stall, or "undefined", "NaN", "null",
// "[object Object]" or an exponent ("1e+15") in what a person reads.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBody } from '../../src/api/parse';
import type { LazySchema } from '../../src/api/lazySchema';
import { BatchDataSchema, BatchSchema } from '../../src/api/batchSchemas';
import { ExecutionSchema, RunMetricSchema, RunSchema, SpanSchema } from '../../src/api/runSchemas';
import { FormFieldSchema, NodeSchema, PlaySchema, ReleaseSchema, ToolSchema, WorkflowNodeSchema, WorkflowSchema } from '../../src/api/workflowSchemas';
import { cargoVariants, ENTITIES, type EntityName, type Variant, type Wire } from './support/cargoShapes';
import { prototypeIsClean } from './support/hostile';
import { RecordSchema } from './support/recordsApi';
import { checkShown, loadMarkdown, visibleText } from './support/sinks';
import { SURFACES } from './support/surfaces';
import { parseWorld, wireWorld, type World } from './support/world';
import { cpuTimed } from '../support/cpuTime';

const SCHEMAS: Record<EntityName, LazySchema<never>> = {
  Batch: BatchSchema,
  BatchData: BatchDataSchema,
  Run: RunSchema,
  RunMetric: RunMetricSchema,
  Execution: ExecutionSchema,
  Record: RecordSchema,
  Span: SpanSchema,
  Node: NodeSchema,
  WorkflowNode: WorkflowNodeSchema,
  Workflow: WorkflowSchema,
  ReleaseFormField: FormFieldSchema,
  Play: PlaySchema,
  Tool: ToolSchema,
  Release: ReleaseSchema,
} as unknown as Record<EntityName, LazySchema<never>>;

/** What a person must never read: a value that was missing or not a number, or a number in exponent form. */
const NOT_TEXT = /\b(undefined|NaN|null|Infinity)\b|\[object Object\]|\d\.?\d*e[+-]\d/;
const BUDGET_MS = 1000;
const FINISHED_WITHOUT_END = /^status (success|error|cancelled|skipped), finishedAt (absent|null)$/;

/** The benign world with one entity replaced by the variant, where a surface shows that entity; undefined where none does. */
function worldWith(variant: Variant): World | undefined {
  const wire = wireWorld();
  const value = JSON.parse(variant.text) as Wire;
  const run = wire.details.run as Wire;
  switch (variant.entity) {
    case 'Batch':
      wire.batch = value;
      break;
    case 'BatchData':
      wire.batch.data = value;
      break;
    case 'Run':
      wire.details.run = value;
      break;
    case 'Execution':
      run.executions = [value, { ...value, status: 'error' }];
      break;
    case 'Node':
      run.nodes = [value];
      wire.batch.nodes = [value];
      break;
    case 'RunMetric':
      wire.metrics = [value];
      break;
    case 'Span':
      wire.spans = [value];
      break;
    case 'Workflow':
      wire.workflow = value;
      break;
    case 'WorkflowNode':
      wire.workflow.nodes = [value];
      break;
    case 'ReleaseFormField':
      (wire.workflow.deployedRelease as Wire).formFields = [value];
      break;
    case 'Release':
      wire.releases = [value];
      break;
    default:
      // Records, plays and tools: parsed, shown by no surface (a play's or tool's name is the world's name).
      return undefined;
  }
  return parseWorld(wire, 'Acme workflow', new Error('Cargo did not answer'));
}

describe('shapes valid per @cargo-ai/types, unusual', () => {
  let variants: Variant[] = [];
  before(async () => {
    const started = performance.now();
    variants = await cargoVariants();
    const ms = performance.now() - started;
    assert.ok(ms < 10_000, `reading the types took ${Math.round(ms)} ms`);
    await loadMarkdown();
  });

  test('every entity the extension parses, in every variant', () => {
    for (const entity of ENTITIES) assert.ok(variants.filter((variant) => variant.entity === entity).length >= 7, entity);
    const statuses = variants.filter((variant) => variant.entity === 'Run' && /^status \w+, finishedAt absent$/.test(variant.name)).length;
    assert.equal(statuses, 8, "a variant per run status of Cargo's types");
  });

  test("each parses with the extension's schemas", () => {
    const refused: string[] = [];
    for (const variant of variants) {
      try {
        parseBody(SCHEMAS[variant.entity], JSON.parse(variant.text), () => JSON.parse(variant.text), `test ${variant.entity}`);
      } catch (error) {
        refused.push(`${variant.entity}, ${variant.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    assert.deepEqual(refused, []);
    assert.ok(prototypeIsClean());
  });

  test('every surface shows each of them: no exception, no stall, nothing but text', () => {
    const problems: string[] = [];
    let cells = 0;
    const benign = parseWorld(wireWorld(), 'Acme workflow', new Error('Cargo did not answer'));
    for (const variant of variants) {
      const world = worldWith(variant);
      if (!world) continue;
      for (const surface of SURFACES) {
        const label = `${surface.name} ← ${variant.entity}, ${variant.name}`;
        try {
          const { result: parts, ms } = cpuTimed(() => surface.build(world));
          assert.ok(ms < BUDGET_MS, `${label}: took ${Math.round(ms)} ms of CPU`);
          surface.verify?.(world);
          const reference = surface.build(benign);
          for (const [i, part] of parts.entries()) {
            // The benign world tells which icons are the surface's own; its Markdown may differ in structure (no error there, say).
            checkShown(part, part.sink === 'icons' && reference[i]?.part === part.part ? reference[i] : undefined, label);
            // Documents show JSON as it is: a null there is the value null.
            if (part.sink === 'document' || part.sink === 'jsonLines') continue;
            const seen = visibleText(part);
            assert.doesNotMatch(seen, NOT_TEXT, `${label} → ${part.part}: ${seen.slice(0, 300)}`);
          }
          // A finished run that does not say when it finished has no duration (not one counted up to now).
          if (variant.entity === 'Run' && FINISHED_WITHOUT_END.test(variant.name)) {
            for (const part of parts.filter((shown) => /^(run description|description|finish)$/.test(shown.part))) {
              assert.doesNotMatch(part.text, /\b\d+(\.\d)? (ms|s|min|h|d)\b(?! ago)/, `${label} → ${part.part}: ${part.text}`);
            }
          }
          cells++;
        } catch (error) {
          problems.push(error instanceof Error ? error.message.slice(0, 800) : String(error));
        }
      }
    }
    assert.deepEqual(problems, [], problems.join('\n\n'));
    assert.ok(cells > 500, `${cells} cells`);
    assert.ok(prototypeIsClean());
  });
});
