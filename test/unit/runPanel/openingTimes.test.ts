import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OpeningTimes } from '../../../src/runPanel/openingTimes';

function logged() {
  const lines: string[] = [];
  return { lines, log: { info: (line: string) => void lines.push(`info ${line}`), debug: (line: string) => void lines.push(`debug ${line}`) } };
}

describe('OpeningTimes', () => {
  it('logs the first screen once, with when the webview was ready and the run fetched, then the values once', () => {
    const { lines, log } = logged();
    const times = new OpeningTimes(performance.now(), true, 'Run panel 3f2c9a1e', log);
    times.webviewReady();
    times.runFetched();
    times.firstScreen(false);
    times.firstScreen(false);
    times.valuesDrawn();
    times.valuesDrawn();
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^info Run panel 3f2c9a1e: first screen in \d+ ms \(webview ready at \d+ ms, run fetched at \d+ ms\)$/);
    assert.match(lines[1] ?? '', /^info Run panel 3f2c9a1e: context and computed configs drawn in \d+ ms$/);
  });

  it('times nothing more when the values came with the first screen, and nothing before it', () => {
    const { lines, log } = logged();
    const times = new OpeningTimes(performance.now(), true, 'Run panel a', log);
    times.valuesDrawn();
    assert.deepEqual(lines, [], 'no values before a first screen');
    times.firstScreen(true);
    times.valuesDrawn();
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /first screen in \d+ ms \(webview ready at \? ms, run fetched at \? ms\)/);
  });

  it('does not time a panel hidden before its first screen (the time away would count)', () => {
    const { lines, log } = logged();
    const times = new OpeningTimes(performance.now(), true, 'Run panel b', log);
    times.panelHidden();
    times.firstScreen(false);
    times.valuesDrawn();
    assert.deepEqual(lines, ['debug Run panel b: first screen drawn after the panel had been hidden; not timed.']);
    const { lines: opened, log: openedLog } = logged();
    new OpeningTimes(performance.now(), false, 'Run panel c', openedLog).firstScreen(true);
    assert.match(opened[0] ?? '', /^debug /, 'opened hidden');
  });
});
