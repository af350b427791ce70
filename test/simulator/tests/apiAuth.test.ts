// The simulator API over real HTTP: the token, unknown routes, wrong methods and bad bodies.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, type Simulator } from '../index';
import { call, get, post, API_SIMULATOR } from './helpers';

describe('simulator API', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator(API_SIMULATOR);
  });
  after(() => sim.close());

  describe('auth and errors', () => {
    it('answers 401 with a JSON body without or with a wrong token', async () => {
      for (const token of [null, 'nope']) {
        const reply = await get(sim, 'batches/list', undefined, { token });
        assert.equal(reply.status, 401);
        assert.match(reply.headers.get('content-type') ?? '', /application\/json/);
        assert.equal(reply.json.reason, 'unauthorized');
        assert.equal(typeof reply.json.errorMessage, 'string');
      }
    });

    it('accepts the token and ignores the official client headers', async () => {
      const reply = await get(sim, 'batches/list', undefined, {
        headers: { 'selected-workspace-uuid': '3b1f0c52-6f1e-4a5e-9b7e-1d2c3a4b5c6d', 'x-cargo-origin': 'vscode', 'x-cargo-origin-version': '0.0.1' },
      });
      assert.equal(reply.status, 200);
    });

    it('answers unknown routes 404, wrong methods 405, bad bodies 400', async () => {
      const unknown = await get(sim, 'nothing/here');
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json.reason, 'notFound');
      const wrongMethod = await get(sim, 'runs/list');
      assert.equal(wrongMethod.status, 405);
      assert.equal(wrongMethod.json.reason, 'methodNotAllowed');
      assert.equal(wrongMethod.headers.get('allow'), 'POST');
      const badJson = await call(sim, 'POST', 'runs/list', { rawBody: '{"limit": ', headers: { 'content-type': 'application/json' } });
      assert.equal(badJson.status, 400);
      assert.equal(badJson.json.reason, 'invalidBody');
      const notObject = await post(sim, 'runs/list', [1, 2]);
      assert.equal(notObject.status, 400);
      assert.equal(notObject.json.reason, 'invalidBody');
      const outside = await fetch(`${sim.origin}/v2/anything`, { headers: { authorization: `Bearer ${sim.token}` } });
      assert.equal(outside.status, 404);
    });
  });
});
