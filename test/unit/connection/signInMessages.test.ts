// What Sign In says: about what was pasted, before anything is sent, and about a check that failed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CargoAuthError, CargoNotFoundError, CargoServerError, CargoTimeoutError } from '../../../src/api';
import { describeSignInFailure, lacksVersionPath, problemWithToken } from '../../../src/connection/signInMessages';

describe('sign-in messages', () => {
  test('a token that cannot be one says what is wrong with what was pasted', () => {
    assert.equal(problemWithToken('  sk_live_abc123\n'), undefined, 'white space around a paste does not count');
    assert.match(problemWithToken('sk_live abc') ?? '', /space in it \(at character 8 of 11\)/);
    assert.match(problemWithToken('sk_live\tabc') ?? '', /tab/);
    assert.match(problemWithToken('sk_live\nabc') ?? '', /line break/);
    assert.match(problemWithToken('sk_live_ábc') ?? '', /U\+00E1/);
    assert.match(problemWithToken('sk_live_\u200babc') ?? '', /U\+200B/);
    assert.equal(problemWithToken('   '), 'Paste an API token to sign in.');
    for (const bad of ['a b', 'a\tb', 'a\nb', 'á']) assert.doesNotMatch(problemWithToken(bad) ?? '', /rejected/i, 'Cargo never saw it');
  });

  test('a check that failed says what happened: refused, not found (hinting at /v1), no answer within the timeout', () => {
    const base = 'http://127.0.0.1:4010/v1';
    assert.match(describeSignInFailure(new CargoAuthError('GET /x', { status: 401 }), base), /Cargo rejected this token/);
    const noVersion = describeSignInFailure(new CargoNotFoundError('GET /orchestration/batches/list', { status: 404 }), 'http://127.0.0.1:4010');
    assert.match(noVersion, /404/);
    assert.match(noVersion, /http:\/\/127\.0\.0\.1:4010\/v1/);
    assert.doesNotMatch(describeSignInFailure(new CargoNotFoundError('GET /x', { status: 404 }), base), /\/v1\./, 'no hint when the version is there');
    assert.match(describeSignInFailure(new CargoTimeoutError('GET /x', 2000), base), /did not answer within 2 s/);
    assert.match(
      describeSignInFailure(new CargoServerError('GET /x', { status: 503 }), base),
      /Could not check the token with http:\/\/127\.0\.0\.1:4010\/v1: .*HTTP 503/,
    );
  });

  test('lacksVersionPath', () => {
    assert.equal(lacksVersionPath('https://api.getcargo.io/v1'), false);
    assert.equal(lacksVersionPath('https://api.getcargo.io/v1/'), false);
    assert.equal(lacksVersionPath('https://api.getcargo.io'), true);
    assert.equal(lacksVersionPath('https://proxy.example/cargo'), true);
  });
});
