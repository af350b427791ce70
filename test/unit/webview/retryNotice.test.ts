// The run panel's notice of a newer retry (src/webview/retryNotice.ts) in a DOM that parses no HTML
// (support/fakeDom.ts): how long ago the retry was made, the batch only as a tooltip's text, whatever
// it holds; its button asks the extension to open the retry, and nothing is shown without one.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ToExtension } from '../../../src/shared/protocol';
import type * as RetryNotice from '../../../src/webview/retryNotice';
import { elementsOf, FakeElement, installFakeDom, textOf } from '../support/fakeDom';
import { HOSTILE } from '../support/hostile';
import { STRAY_INVISIBLE } from '../support/sinks';
import { shownText } from '../../../src/webview/dom';

/** No tooltip or text holds an invisible, bidi or control character. */
function checkNoStrayInvisible(root: FakeElement): void {
  for (const element of elementsOf(root))
    assert.ok(!STRAY_INVISIBLE.test(element.title.replace(/\n/g, ' ')), `a tooltip with ${JSON.stringify(element.title.slice(0, 80))}`);
}

installFakeDom();

let notice: typeof RetryNotice;
before(async () => {
  notice = await import('../../../src/webview/retryNotice.js');
});

const NOW = Date.parse('2026-12-06T14:00:00Z');

describe('the notice of a newer retry in the run panel', () => {
  test('says how long ago the retry was made; a time it cannot read is left out', () => {
    assert.equal(notice.newerRetryText({ batchUuid: 'b', createdAt: '2026-12-06T13:57:00Z' }, NOW), 'Retried in a newer batch (3 min ago).');
    assert.equal(notice.newerRetryText({ batchUuid: 'b', createdAt: 'not a time' }, NOW), 'Retried in a newer batch.');
  });

  test('none without a retry', () => {
    assert.equal(
      notice.renderNewerRetry(null, () => undefined),
      undefined,
    );
  });

  for (const input of HOSTILE.filter((hostile) => hostile.text.length <= 20_000)) {
    test(`hostile batch data as text only: ${input.name}`, () => {
      const posted: ToExtension[] = [];
      const element = notice.renderNewerRetry({ batchUuid: input.text, createdAt: input.text }, (message) => posted.push(message)) as unknown as FakeElement;
      assert.ok(element);
      for (const child of elementsOf(element)) assert.ok(['div', 'p', 'button'].includes(child.tagName), `<${child.tagName}>`);
      assert.equal(textOf(element), 'Retried in a newer batch.Open the Retry', 'the data is not in the text');
      const button = elementsOf(element).find((child) => child.tagName === 'button');
      assert.equal(button?.title, shownText(`Open this record's run in the retry batch ${input.text}`), 'the batch in the tooltip, as the sink shows text');
      checkNoStrayInvisible(element);
      button?.dispatch('click');
      assert.deepEqual(posted, [{ type: 'openRetry' }]);
    });
  }
});
