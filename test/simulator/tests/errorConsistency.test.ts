// Error messages that agree with the run they belong to: what a message says about the record (an email,
// a domain, an id, a value it calls wrong) is what the failing node had, in `GET runs/{uuid}`'s
// runComputedConfigs or its start record, over many seeded worlds and for runs of data sent.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type FailureGroup, type Simulator } from '../index';
import { placeholdersOf, WORKFLOWS } from '../catalog';
import { type Json, get, post, arr, waitFor, TERMINAL } from './helpers';

/** Placeholders that say nothing about the record (request ids, delays, counts, dates): drawn per execution. */
const INCIDENTAL = new Set(['uuid', 'otherContactId', 'ms', 'seconds', 'hours', 'tokens', 'date']);
/** At most this many runs of a group are read (a group's runs share the pattern). */
const RUNS_PER_GROUP = 6;

/** Every key, and every leaf value as text (null as 'null'), of a JSON value. */
function wordsOf(value: unknown, into = new Set<string>()): Set<string> {
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (!Array.isArray(value)) into.add(key);
      wordsOf(inner, into);
    }
  } else into.add(String(value));
  return into;
}

const unquote = (text: string) => (/^'.*'$/s.test(text) ? text.slice(1, -1) : text);

/**
 * Checks one failed run against its group: each placeholder about the record names a value or key of the
 * failing node's computed config or of the start record. Returns the number of values checked.
 */
async function checkRun(sim: Simulator, runUuid: string, group: Pick<FailureGroup, 'nodeSlug' | 'templateId' | 'pattern' | 'matcher'>): Promise<number> {
  const reply = (await get(sim, `runs/${runUuid}`)).json;
  const run = reply.run as Json;
  const start = (reply.runContext as Json).start as Json;
  const config = (reply.runComputedConfigs as Json)[group.nodeSlug];
  const message = String(run.errorMessage);
  const match = new RegExp(group.matcher).exec(message);
  assert.ok(match, `${message} follows ${group.pattern}`);
  const had = wordsOf(config, wordsOf(start));
  let checked = 0;
  placeholdersOf(group.pattern).forEach((name, i) => {
    if (INCIDENTAL.has(name)) return;
    const said = unquote(match[i + 1] as string);
    assert.ok(had.has(said), `${group.nodeSlug}/${group.templateId}: "${message}" names ${said}, which run ${runUuid} did not have (${name})`);
    checked++;
  });
  if (group.templateId === 'notANumber') {
    assert.notEqual(typeof start.numberOfEmployees, 'number', `${message}, while the start record has ${JSON.stringify(start.numberOfEmployees)}`);
  }
  return checked;
}

describe('simulator error messages agree with the run', () => {
  it("across 6 seeded worlds, every batch's failures name what the failing node had", async () => {
    const templatesSeen = new Set<string>();
    let checked = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const sim = await startSimulator({ seed, scale: 300 });
      try {
        for (const batch of arr((await get(sim, 'batches/list', 'limit=100')).json.batches)) {
          for (const group of sim.failures(String(batch.uuid)).groups) {
            templatesSeen.add(`${group.nodeSlug}/${group.templateId}`);
            for (const runUuid of group.runUuids.slice(0, RUNS_PER_GROUP)) checked += await checkRun(sim, runUuid, group);
          }
        }
      } finally {
        await sim.close();
      }
    }
    assert.ok(templatesSeen.has('icp_filter/notANumber'), 'the filter failed on a record in some batch');
    assert.ok(templatesSeen.size >= 15, `${templatesSeen.size} templates seen`);
    assert.ok(checked > 100, `${checked} values checked`);
  });

  it('runs of data sent (POST /runs, fields missing included) fail with what they were sent, at every node and template', async () => {
    const sim = await startSimulator({ seed: 4, stepMs: 20 });
    try {
      const data: Record<string, Json> = {
        person: { email: 'ada@acme.com', name: 'Acme', domain: 'acme.com' },
        company: { id: '4242', name: 'Initech', domain: 'initech.io', salesforceAccountId: '0018c000009XyZ1AAA' },
      };
      const created: { uuid: string; group: Pick<FailureGroup, 'nodeSlug' | 'templateId' | 'pattern' | 'matcher'> }[] = [];
      for (const blueprint of WORKFLOWS.filter((w) => w.type === 'tool')) {
        for (const node of blueprint.nodes) {
          if (node.fallbackOnFailure) continue;
          for (const template of node.behaviour.errors) {
            const body = {
              workflowUuid: sim.fixtures.workflows[blueprint.key],
              data: { ...data[blueprint.recordKind], __simFailAt: node.slug, __simFailWith: template.id },
            };
            const run = (await post(sim, 'runs', body)).json.run as Json;
            const matcher = `^${template.pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\w+\\\}/g, '(.+?)')}$`;
            created.push({ uuid: String(run.uuid), group: { nodeSlug: node.slug, templateId: template.id, pattern: template.pattern, matcher } });
          }
        }
      }
      let checked = 0;
      for (const { uuid, group } of created) {
        await waitFor(
          `run ${uuid} to end`,
          async () => (TERMINAL.has(String(((await get(sim, `runs/${uuid}`)).json.run as Json).status)) ? true : undefined),
          10_000,
        );
        // A node off the run's path (a branch sent the record elsewhere) leaves the run to chance.
        const run = (await get(sim, `runs/${uuid}`)).json.run as Json;
        if (arr(run.executions).at(-1)?.nodeSlug !== group.nodeSlug || run.status !== 'error') continue;
        checked += await checkRun(sim, uuid, group);
      }
      assert.ok(checked >= 10, `${checked} values checked`);
    } finally {
      await sim.close();
    }
  });
});
