// The simulator API over real HTTP: each workflow's releases (draft, deployed, two archived), listed,
// one by uuid, and the deployed and draft release of a workflow.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../index';
import { type Json, call, get, arr, hasKeys, assertNewestFirst, API_SIMULATOR, UUID_V4, ISO_MS } from './helpers';

const RELEASE_KEYS = [
  'uuid',
  'parentUuid',
  'workspaceUuid',
  'userUuid',
  'workflowUuid',
  'description',
  'version',
  'status',
  'templateSlug',
  'nodes',
  'formFields',
  'testRecords',
  'deployedAt',
  'createdAt',
  'updatedAt',
  'deletedAt',
];
const UNKNOWN = '6f1c1a52-0a9b-4c2d-8e3f-4a5b6c7d8e9f';

describe('simulator API', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator(API_SIMULATOR);
  });
  after(() => sim.close());

  describe('releases', () => {
    it("lists a workflow's releases newest first: draft, deployed, two archived", async () => {
      const workflowUuid = sim.fixtures.workflows.tool;
      const workflow = (await get(sim, `workflows/${workflowUuid}`)).json.workflow as Json;
      const deployedRelease = workflow.deployedRelease as Json;
      const reply = await get(sim, 'releases/list', `workflowUuid=${workflowUuid}`);
      assert.equal(reply.status, 200);
      assert.deepEqual(Object.keys(reply.json), ['releases'], 'no count, like the client type');
      const releases = arr(reply.json.releases);
      assert.deepEqual(
        releases.map((r) => r.status),
        ['draft', 'deployed', 'archived', 'archived'],
      );
      assertNewestFirst(releases);
      for (const release of releases) {
        hasKeys(release, RELEASE_KEYS, 'release');
        assert.match(String(release.uuid), UUID_V4);
        assert.equal(release.workflowUuid, workflowUuid);
        assert.match(String(release.createdAt), ISO_MS);
        assert.equal(release.deletedAt, null);
        assert.deepEqual(release.nodes, deployedRelease.nodes, 'releases share the workflow graph');
      }
      const [draft, deployed, previous, first] = releases as [Json, Json, Json, Json];
      assert.equal(draft.version, null);
      assert.equal(draft.deployedAt, null);
      assert.ok(String(draft.updatedAt) >= String(deployed.deployedAt) && String(draft.updatedAt) <= new Date().toISOString());
      assert.equal(deployed.uuid, deployedRelease.uuid);
      assert.equal(deployed.version, deployedRelease.version);
      assert.equal(deployed.deployedAt, deployedRelease.deployedAt);
      assert.equal(deployed.description, deployedRelease.description);
      assert.equal(Number(previous.version), Number(deployed.version) - 1);
      assert.equal(Number(first.version), Number(deployed.version) - 2);
      assert.ok(Number(first.version) >= 1);
      assert.deepEqual(
        releases.map((r) => r.parentUuid),
        [deployed.uuid, previous.uuid, first.uuid, null],
      );
      assert.equal(arr(draft.testRecords)[0]?.kind, 'data', 'a tool release has a test record of data');
      assert.equal(new Set(releases.map((r) => r.uuid)).size, 4);
    });

    it('lists every workflow with status filters and paging', async () => {
      const all = arr((await get(sim, 'releases/list', 'limit=100')).json.releases);
      assert.equal(all.length, 7 * 4, 'seven workflows, four releases each');
      assertNewestFirst(all);
      const drafts = arr((await get(sim, 'releases/list', 'statuses[]=draft')).json.releases);
      assert.equal(drafts.length, 7);
      assert.ok(drafts.every((r) => r.status === 'draft'));
      const settled = arr((await get(sim, 'releases/list', 'statuses[]=deployed&statuses[]=archived&limit=100')).json.releases);
      assert.equal(settled.length, 21);
      const page = arr((await get(sim, 'releases/list', 'limit=3&offset=3')).json.releases);
      assert.deepEqual(
        page.map((r) => r.uuid),
        all.slice(3, 6).map((r) => r.uuid),
      );
      const play = arr((await get(sim, 'releases/list', `workflowUuid=${sim.fixtures.workflows.play}&statuses=archived`)).json.releases);
      assert.equal(play.length, 2);
      assert.equal(arr(play[0]?.testRecords)[0]?.kind, 'id', 'a play release has a test record id');
      assert.deepEqual(arr((await get(sim, 'releases/list', `workflowUuid=${UNKNOWN}`)).json.releases), []);
      for (const query of ['statuses[]=published', 'workflowUuid=nope', 'limit=0']) {
        const bad = await get(sim, 'releases/list', query);
        assert.equal(bad.status, 400, query);
        assert.equal(bad.json.reason, 'invalidParameters');
      }
    });

    it('gets a release by uuid', async () => {
      for (const release of arr((await get(sim, 'releases/list', `workflowUuid=${sim.fixtures.workflows.play}`)).json.releases)) {
        const reply = await get(sim, `releases/${String(release.uuid)}`);
        assert.equal(reply.status, 200);
        assert.deepEqual(reply.json, { release });
      }
      const missing = await get(sim, `releases/${UNKNOWN}`);
      assert.equal(missing.status, 404);
      assert.equal(missing.json.reason, 'releaseNotFound');
      assert.equal(typeof missing.json.errorMessage, 'string');
    });

    it('gets the deployed and the draft release of a workflow', async () => {
      for (const workflowUuid of Object.values(sim.fixtures.workflows)) {
        const releases = arr((await get(sim, 'releases/list', `workflowUuid=${workflowUuid}`)).json.releases);
        const deployed = await get(sim, 'releases/deployed', `workflowUuid=${workflowUuid}`);
        assert.equal(deployed.status, 200);
        assert.deepEqual(deployed.json, { release: releases[1] });
        const draft = await get(sim, 'releases/draft', `workflowUuid=${workflowUuid}`);
        assert.equal(draft.status, 200);
        assert.deepEqual(draft.json, { release: releases[0] });
      }
      const noDeployed = await get(sim, 'releases/deployed', `workflowUuid=${UNKNOWN}`);
      assert.equal(noDeployed.status, 404);
      assert.equal(noDeployed.json.reason, 'releaseNotFound');
      const noDraft = await get(sim, 'releases/draft', `workflowUuid=${UNKNOWN}`);
      assert.equal(noDraft.status, 404);
      assert.equal(noDraft.json.reason, 'workflowNotFound');
      for (const path of ['releases/deployed', 'releases/draft']) {
        const missing = await get(sim, path);
        assert.equal(missing.status, 400, path);
        assert.equal(missing.json.reason, 'invalidParameters');
        assert.match(String(missing.json.errorMessage), /workflowUuid/);
      }
      const posted = await call(sim, 'POST', 'releases/draft', { body: {} });
      assert.equal(posted.status, 405, 'the literal route wins over releases/{uuid}');
    });

    it('gives the same release uuids for the same seed', async () => {
      const twin = await startSimulator({ ...API_SIMULATOR, port: 0 });
      try {
        const uuids = async (s: Simulator) => arr((await get(s, 'releases/list', 'limit=100')).json.releases).map((r) => `${r.uuid} ${r.version}`);
        assert.deepEqual(await uuids(twin), await uuids(sim));
      } finally {
        await twin.close();
      }
    });
  });
});
