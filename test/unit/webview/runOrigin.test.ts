// A child run's "Started by …" line in the run panel (src/webview/runOrigin.ts) in a DOM that parses no
// HTML (support/fakeDom.ts): the parent run's record and the node as text, whatever they hold; its link
// asks the extension to open the parent run; nothing is shown for a run no run started.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ToExtension } from '../../../src/shared/protocol';
import type * as RunOriginLine from '../../../src/webview/runOrigin';
import { elementsOf, FakeElement, installFakeDom, textOf } from '../support/fakeDom';
import { HOSTILE } from '../support/hostile';
import { shownText } from '../../../src/webview/dom';
import { firstVisible } from '../../../src/shared/text';

installFakeDom();

let line: typeof RunOriginLine;
before(async () => {
  line = await import('../../../src/webview/runOrigin.js');
});

describe('"Started by …" in a child run panel', () => {
  test('names the run and the node, and goes back there', () => {
    const posted: ToExtension[] = [];
    const element = line.renderRunOrigin({ recordTitle: 'Acme Corp', node: 'find_contacts' }, (message) => posted.push(message)) as unknown as FakeElement;
    assert.equal(textOf(element), 'Started by Acme Corp · find_contacts');
    elementsOf(element)
      .find((child) => child.tagName === 'button')
      ?.dispatch('click');
    assert.deepEqual(posted, [{ type: 'openOrigin' }]);
  });

  test('before the lineage names them: "another run"; none without an origin', () => {
    assert.equal(textOf(line.renderRunOrigin({ recordTitle: null, node: null }, () => undefined) as unknown as FakeElement), 'Started by another run');
    assert.equal(
      line.renderRunOrigin(null, () => undefined),
      undefined,
    );
  });

  for (const input of HOSTILE.filter((hostile) => hostile.text.length <= 20_000)) {
    test(`hostile record title and node as text only: ${input.name}`, () => {
      const element = line.renderRunOrigin({ recordTitle: input.text, node: input.text }, () => undefined) as unknown as FakeElement;
      assert.ok(element);
      for (const child of elementsOf(element)) assert.ok(['p', 'button'].includes(child.tagName), `<${child.tagName}>`);
      const shown = firstVisible(input.text);
      assert.equal(textOf(element), `Started by ${shownText(shown ? `${shown} · ${shown}` : 'another run')}`);
    });
  }
});
