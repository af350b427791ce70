// Run by the validation rows in a fresh Node, bundled and minified like the extension: how long
// requiring the API module takes, how many schemas that builds (none, since issue 12), and what
// building all of them costs (now paid per endpoint, on its first answer). Prints one JSON line.
async function main(): Promise<void> {
  // Node loads undici on first use of fetch (~30 ms), which the extension host has done long before.
  void globalThis.fetch;
  void new Headers();
  void Response;
  const started = performance.now();
  // Dynamic imports, so that the bundle evaluates the API module here, inside the timing (with .js,
  // as TypeScript wants of a dynamic import; esbuild finds the .ts).
  await import('../src/api/index.js');
  const loadMs = performance.now() - started;
  const { LazySchema } = await import('../src/api/lazySchema.js');
  const modules = [
    await import('../src/api/schemaParts.js'),
    await import('../src/api/workflowSchemas.js'),
    await import('../src/api/batchSchemas.js'),
    await import('../src/api/runSchemas.js'),
    await import('../src/api/requests.js'),
  ];
  const lazies = modules.flatMap((module) => Object.values(module)).filter((value): value is InstanceType<typeof LazySchema> => value instanceof LazySchema);
  const builtAtLoad = lazies.filter((schema) => schema.isBuilt).length;
  const buildStarted = performance.now();
  for (const schema of lazies) void schema.schema;
  const buildAllMs = performance.now() - buildStarted;
  process.stdout.write(`${JSON.stringify({ loadMs, schemas: lazies.length, builtAtLoad, buildAllMs })}\n`);
}

void main();
