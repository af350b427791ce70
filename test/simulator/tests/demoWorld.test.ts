// The world `npm run demo` serves (test/e2e/harness/demo.ts, scripts/demo.mjs): hostile strings only
// with --hostile, batches still running after minutes, and run files in the demo workspace that do what
// its "Try this" says. The demo in a real VS Code is test/e2e/demo.test.ts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startSimulator, type Simulator } from '../index';
import { demoSimulatorOptions } from '../../e2e/harness/demo';
import { DEMO_WORKSPACE, REPO_ROOT } from '../../support/paths';
import { type Json, get, post, arr, waitFor, TERMINAL } from './helpers';

const HOSTILE = ['[x](command:workbench.action.quit)', '$(rm -rf /)'];

/** scripts/demo.mjs's command line parser (the script starts nothing when imported). */
async function demoArgs(argv: string[]): Promise<{ hostile: boolean; liveEverySeconds?: number }> {
  const script = (await import(pathToFileURL(join(REPO_ROOT, 'scripts', 'demo.mjs')).href)) as {
    parseArgs(argv: string[]): { hostile: boolean; liveEverySeconds?: number };
  };
  return script.parseArgs(argv);
}

/** Everything a signed-in client lists: every batch, and every run with its executions. */
async function everythingListed(sim: Simulator): Promise<string> {
  const texts = [JSON.stringify((await get(sim, 'batches/list', 'limit=100')).json)];
  for (let offset = 0; ; offset += 100) {
    const page = await post(sim, 'runs/list', { limit: 100, offset });
    texts.push(JSON.stringify(page.json.runs));
    if (offset + 100 >= Number(page.json.count)) return texts.join('\n');
  }
}

async function withSimulator<T>(options: Parameters<typeof startSimulator>[0], use: (sim: Simulator) => Promise<T>): Promise<T> {
  const sim = await startSimulator({ ...options, port: 0 });
  try {
    return await use(sim);
  } finally {
    await sim.close();
  }
}

describe('the demo world', () => {
  it('has no hostile strings unless started with --hostile', async () => {
    const plain = demoSimulatorOptions(await demoArgs([]));
    assert.equal(plain.hostile, false);
    await withSimulator(plain, async (sim) => {
      const listed = await everythingListed(sim);
      for (const text of HOSTILE) assert.equal(listed.includes(JSON.stringify(text).slice(1, -1)), false, `${text} is listed`);
      assert.equal(sim.fixtures.batches.hostile, undefined);
    });
    const hostile = demoSimulatorOptions(await demoArgs(['--hostile']));
    assert.equal(hostile.hostile, true);
    await withSimulator(hostile, async (sim) => {
      const listed = await everythingListed(sim);
      for (const text of HOSTILE) assert.ok(listed.includes(JSON.stringify(text).slice(1, -1)), `${text} is listed`);
    });
  });

  it('keeps batches running: 5 minutes after start some are live, and new ones keep coming', async () => {
    await withSimulator(demoSimulatorOptions(await demoArgs([])), async (sim) => {
      sim.freezeTime();
      const firstUuids = new Set(arr((await get(sim, 'batches/list', 'limit=100')).json.batches).map((b) => b.uuid));
      sim.advanceTime(5 * 60_000);
      const batches = arr((await get(sim, 'batches/list', 'limit=50')).json.batches);
      const live = batches.filter((b) => !TERMINAL.has(String(b.status)));
      assert.ok(live.length > 0, 'a batch is running');
      assert.ok(
        live.every((b) => !firstUuids.has(b.uuid)),
        'the batches running then started after the demo did',
      );
      assert.ok(batches.filter((b) => !firstUuids.has(b.uuid)).length >= 14, 'a batch every 20 s');
    });
    assert.equal(demoSimulatorOptions(await demoArgs(['--live-every', '0'])).liveEveryMs, undefined);
  });

  it("has the run files its Try this names, for the demo's tool workflows, that end as it says", async () => {
    const files = readdirSync(DEMO_WORKSPACE).filter((f) => f.endsWith('.cargo-run.json'));
    const tryThis = readFileSync(join(DEMO_WORKSPACE, 'README.md'), 'utf8');
    assert.ok(files.length >= 2, files.join(', '));
    for (const file of files) assert.ok(tryThis.includes(file), `Try this names ${file}`);
    assert.match(tryThis, /__simFailAt/);
    assert.equal(
      readdirSync(DEMO_WORKSPACE).some((f) => /test|fixture|\.ci/i.test(f)),
      false,
      'nothing of the tests',
    );

    await withSimulator(demoSimulatorOptions({ liveEverySeconds: 0 }), async (sim) => {
      const tools = new Set(['enrichLead', 'scoreAccount', 'routeToOwner'].map((key) => sim.fixtures.workflows[key]));
      for (const file of files) {
        const body = JSON.parse(readFileSync(join(DEMO_WORKSPACE, file), 'utf8')) as { workflowUuid: string; data: Json };
        assert.ok(tools.has(body.workflowUuid), `${file} runs a tool of the demo's simulator`);
        // Quickly: the same data with a short step.
        const reply = await post(sim, 'runs', { ...body, data: { ...body.data, __simStepMs: 50 } });
        assert.equal(reply.status, 200, `${file}: ${reply.text}`);
        const uuid = String((reply.json.run as Json).uuid);
        const run = await waitFor(
          `${file} to end`,
          async () => {
            const now = (await get(sim, `runs/${uuid}`)).json.run as Json;
            return TERMINAL.has(String(now.status)) ? now : undefined;
          },
          10_000,
        );
        const failAt = body.data.__simFailAt;
        if (typeof failAt === 'string') {
          assert.equal(run.status, 'error', file);
          const failed = arr(run.executions).at(-1) as Json;
          assert.equal(failed.nodeSlug, failAt);
          // What Try this says the Problems panel shows: the message names the file's domain.
          assert.match(String(run.errorMessage), new RegExp(`'${String(body.data.domain).replace(/\./g, '\\.')}'`));
        } else if (body.data.__simOutcome === 'success') {
          assert.equal(run.status, 'success', file);
        }
      }
    });
  });
});
