// The Cargo account as the Accounts menu shows it: its name, one session per API base URL, and what a
// provider reports when the stored token changes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { accountLabel, sessionFor, sessionsChange } from '../../../src/connection/account';

const BASE = 'https://api.getcargo.io/v1';
const LOCAL = 'http://127.0.0.1:4010/v1';

describe('the Cargo account', () => {
  test('is named by the API base URL’s host, with its port when it has one', () => {
    assert.equal(accountLabel(BASE), 'api.getcargo.io');
    assert.equal(accountLabel(LOCAL), '127.0.0.1:4010');
    assert.equal(accountLabel('not a url'), 'not a url', 'a setting that is no URL is shown as it is');
  });

  test('a session is the token stored for one base URL: its id and account are the URL, never the token', () => {
    assert.equal(sessionFor(BASE, undefined), undefined, 'no token, no session');
    const session = sessionFor(BASE, 'sk_live_secret');
    assert.deepEqual(session, { id: BASE, accessToken: 'sk_live_secret', account: { id: BASE, label: 'api.getcargo.io' }, scopes: [] });
    assert.doesNotMatch(JSON.stringify({ id: session.id, account: session.account }), /sk_live_secret/);
  });

  test('what changed: sign-in adds, sign-out removes, a new token changes, another base URL replaces', () => {
    const first = sessionFor(BASE, 'one');
    const second = sessionFor(BASE, 'two');
    const local = sessionFor(LOCAL, 'one');
    assert.deepEqual(sessionsChange(undefined, first), { added: [first], removed: [], changed: [] });
    assert.deepEqual(sessionsChange(first, undefined), { added: [], removed: [first], changed: [] });
    assert.deepEqual(sessionsChange(first, second), { added: [], removed: [], changed: [second] });
    assert.deepEqual(sessionsChange(first, local), { added: [local], removed: [first], changed: [] });
  });

  test('nothing changed is no event (a store read twice, signed out twice)', () => {
    assert.equal(sessionsChange(undefined, undefined), undefined);
    assert.equal(sessionsChange(sessionFor(BASE, 'one'), sessionFor(BASE, 'one')), undefined);
  });
});
