// The demo's token in the Sign In box: read from CARGO_DEMO_TOKEN (in the demo's build; the others compile
// the read away, see test/e2e/demo.test.ts), and said where it is typed.
import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoSignInText, demoToken } from '../../../src/connection/demoToken';

describe('demo token', () => {
  const before = process.env.CARGO_DEMO_TOKEN;
  afterEach(() => {
    if (before === undefined) delete process.env.CARGO_DEMO_TOKEN;
    else process.env.CARGO_DEMO_TOKEN = before;
  });

  test('none without CARGO_DEMO_TOKEN, or with a blank one', () => {
    delete process.env.CARGO_DEMO_TOKEN;
    assert.equal(demoToken(), undefined);
    process.env.CARGO_DEMO_TOKEN = '  ';
    assert.equal(demoToken(), undefined);
    process.env.CARGO_DEMO_TOKEN = ' dev-token\n';
    assert.equal(demoToken(), 'dev-token');
  });

  test('the box shows the token where it is typed, and whose it is', () => {
    const text = demoSignInText('dev-token', 'http://127.0.0.1:4010/v1');
    assert.equal(text.placeholder, 'Demo: type dev-token');
    assert.match(text.prompt, /demo: its Cargo API simulator at http:\/\/127\.0\.0\.1:4010\/v1 takes the token dev-token\./);
  });
});
